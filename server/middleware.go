package server

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"
	"github.com/valyala/fasthttp"

	"quizd/server/auth"
	"quizd/storage"
	"quizd/views"
)

const (
	userKey       = "user"
	sessionUID    = "uid"
	sessionAuthNS = "auth_ns" // when the user signed in, as Unix nanoseconds
	// sessionAuthAt is the same in seconds, as sessions of older releases
	// hold it; seconds cut off the time of a password change, which then
	// ended the session that made it.
	sessionAuthAt = "auth_at"
	// sessionSeenNS is when the session's expiry was last pushed back, as
	// Unix nanoseconds.
	sessionSeenNS = "seen_ns"
	// sessionIDKey is where loadSessionUser leaves a signed-in request's
	// session id.
	sessionIDKey = "session_id"
	bearerPrefix = "Bearer "
)

// sessionTouchEvery is how often a session in use has its expiry pushed
// back to sessionIdle from now: so seldom that page views write almost
// never, so often that it makes no difference to a two-week idle limit.
const sessionTouchEvery = 5 * time.Minute

// sessionAbsolute ends a session this long after sign-in, however active
// it was; sessionIdle (server.go) ends one left unused.
const sessionAbsolute = 30 * 24 * time.Hour

// currentUser is the signed-in user of the request, or nil.
func currentUser(c *fiber.Ctx) *storage.User {
	u, _ := c.Locals(userKey).(*storage.User)
	return u
}

// fresh lets the request's lookups of accounts, banks and questions use
// the store's cache while nothing it holds has changed (storage.Fresh).
// When the database can't say, the request reads it directly, and meets
// whatever made it fail there.
func (a *app) fresh(c *fiber.Ctx) error {
	if ctx, err := a.store.Fresh(c.UserContext()); err == nil {
		c.SetUserContext(ctx)
	}
	return c.Next()
}

// loadSessionUser puts the session's user, if any, in the request.
func (a *app) loadSessionUser(c *fiber.Ctx) error {
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	id, ok := sess.Get(sessionUID).(uint)
	if !ok {
		return c.Next()
	}
	u, err := a.store.UserByID(c.UserContext(), id)
	if errors.Is(err, storage.ErrNotFound) {
		// The account is gone: end its session.
		if err := sess.Destroy(); err != nil {
			return err
		}
		return c.Next()
	}
	if err != nil {
		return err
	}
	// A session begun before a password change, or too long ago, or of a
	// disabled account, is over.
	signedIn := signedInAt(sess)
	if signedIn.Before(u.SessionsValidAfter) || a.cfg.Now().Sub(signedIn) > sessionAbsolute || u.Disabled() {
		if err := sess.Destroy(); err != nil {
			return err
		}
		return c.Next()
	}
	c.Locals(userKey, u)
	c.Locals(sessionIDKey, sess.ID())
	now := a.cfg.Now()
	if seen, _ := sess.Get(sessionSeenNS).(int64); now.Sub(time.Unix(0, seen)) >= sessionTouchEvery {
		sess.Set(sessionSeenNS, now.UnixNano())
		if err := sess.Save(); err != nil {
			return err
		}
	}
	return c.Next()
}

// sessionIDOf is the session id of a signed-in request.
func sessionIDOf(c *fiber.Ctx) string {
	id, _ := c.Locals(sessionIDKey).(string)
	return id
}

// signedInAt is when the session's user signed in.
func signedInAt(sess *session.Session) time.Time {
	if ns, ok := sess.Get(sessionAuthNS).(int64); ok {
		return time.Unix(0, ns)
	}
	s, _ := sess.Get(sessionAuthAt).(int64)
	return time.Unix(s, 0)
}

// requireSession sends a visitor who is not signed in to the sign-in page.
func (a *app) requireSession(c *fiber.Ctx) error {
	if currentUser(c) == nil {
		return errUnauthorized
	}
	return c.Next()
}

// requireToken admits API calls that carry a valid bearer token.
func (a *app) requireToken(c *fiber.Ctx) error {
	h := c.Get(fiber.HeaderAuthorization)
	if !strings.HasPrefix(h, bearerPrefix) {
		return errUnauthorized
	}
	token := strings.TrimSpace(strings.TrimPrefix(h, bearerPrefix))
	if token == "" {
		return errUnauthorized
	}
	u, err := a.store.UserByToken(c.UserContext(), auth.TokenHash(token), a.cfg.Now())
	if errors.Is(err, storage.ErrNotFound) {
		return &Error{Status: fiber.StatusUnauthorized, Msg: "the token is not valid (revoked, or unused for 90 days): sign in again", Cause: err}
	}
	if errors.Is(err, storage.ErrDisabled) {
		return errTokenDisabled(err)
	}
	if err != nil {
		return err
	}
	c.Locals(userKey, u)
	c.Locals(tokenKey, token)
	return c.Next()
}

// tokenKey is where requireToken leaves the request's token.
const tokenKey = "token"

// layout is the frame of every page.
func (a *app) layout(c *fiber.Ctx, title, active string) views.Layout {
	l := views.Layout{Title: title, Active: active}
	l.CSRF, _ = c.Locals(csrfKey).(string)
	if u := currentUser(c); u != nil {
		l.User = &views.UserInfo{Username: u.Username, Role: string(u.Role)}
	}
	return l
}

// safeNext keeps a post-sign-in redirect on this site: it gives next when
// next is a path of this site, else "/". Browsers drop tabs and newlines
// from a URL and read a backslash as a slash, so "/\t/host" and "/\\host"
// lead off-site as "//host" does: anything but printable ASCII is refused,
// and so is whatever url.Parse reads as having a scheme or a host.
func safeNext(next string) string {
	const maxNext = 2048
	if len(next) > maxNext || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	for i := 0; i < len(next); i++ {
		if b := next[i]; b <= ' ' || b >= 0x7f || b == '\\' {
			return "/"
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") {
		return "/"
	}
	return next
}

// secureCookies marks every cookie of a response Secure when the request
// came over TLS (or CookieSecure says so), so that a session opened over
// https is never sent over plain http.
func (a *app) secureCookies(c *fiber.Ctx) error {
	err := c.Next()
	if !a.cfg.CookieSecure && c.Protocol() != "https" {
		return err
	}
	var cookies []*fasthttp.Cookie
	c.Response().Header.VisitAllCookie(func(key, value []byte) {
		ck := fasthttp.AcquireCookie()
		if ck.ParseBytes(value) == nil {
			ck.SetSecure(true)
			cookies = append(cookies, ck)
		} else {
			fasthttp.ReleaseCookie(ck)
		}
	})
	for _, ck := range cookies {
		c.Response().Header.SetCookie(ck)
		fasthttp.ReleaseCookie(ck)
	}
	return err
}
