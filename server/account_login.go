package server

import (
	"context"
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"quizd/server/auth"
	"quizd/storage"
	"quizd/views"
)

// errBadCredentials is the one answer to a wrong name or password, so that
// it does not tell which was wrong.
var errBadCredentials = &Error{Status: fiber.StatusUnauthorized, Msg: "wrong username or password"}

// authenticate checks a name and password under the sign-in limits,
// which count the name actually checked and the client's address.
func (a *app) authenticate(c *fiber.Ctx, username, password string) (*storage.User, error) {
	if err := a.signInAllowed(c, username); err != nil {
		return nil, err
	}
	ctx, addr, now := c.UserContext(), a.clientIP(c), a.cfg.Now()
	u, err := a.checkPassword(ctx, username, password)
	if errors.Is(err, errBadCredentials) {
		if rerr := a.store.RecordSignInFailure(ctx, username, addr, now, a.cfg.SignInPolicy); rerr != nil {
			return nil, rerr
		}
	}
	if err != nil {
		return nil, err
	}
	if err := a.store.RecordSignIn(ctx, username, addr, now, a.cfg.SignInPolicy); err != nil {
		return nil, err
	}
	return u, nil
}

// checkPassword checks a name and password, in the same time whether or
// not the name exists.
func (a *app) checkPassword(ctx context.Context, username, password string) (*storage.User, error) {
	u, hash, err := a.store.UserByName(ctx, username)
	if err == nil && hash == storage.NoPassword {
		// An account made without a password waits for its reset link.
		err = storage.ErrNotFound
	}
	if errors.Is(err, storage.ErrNotFound) {
		if err := auth.CheckMissing(password); err != nil {
			return nil, err
		}
		return nil, errBadCredentials
	}
	if err != nil {
		return nil, err
	}
	ok, err := auth.CheckPassword(hash, password)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errBadCredentials
	}
	if u.Disabled() {
		// Said only to whoever knows the password.
		return nil, errAccountDisabled
	}
	return u, nil
}

// startSession signs a user in with a new session id, and so a new CSRF
// token (derived from the id), so that an id or token known before
// sign-in is worth nothing after it.
func (a *app) startSession(c *fiber.Ctx, u *storage.User) error {
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Regenerate(); err != nil {
		return err
	}
	sess.Delete(csrfSessionKey)
	sess.Delete(sessionAuthAt)
	sess.Set(sessionUID, u.ID)
	now := a.cfg.Now().UnixNano()
	sess.Set(sessionAuthNS, now)
	sess.Set(sessionSeenNS, now)
	return sess.Save()
}

func (a *app) loginShow(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
	}
	return c.Render("auth", views.AuthPage{Layout: a.layout(c, "Sign in", "login"), SignupOpen: a.cfg.SignupOpen, Next: c.Query("next")})
}

func (a *app) loginSubmit(c *fiber.Ctx) error {
	// From the body only: c.FormValue would take a name from the query
	// string first.
	username, password := postValue(c, "username"), postValue(c, "password")
	page := views.AuthPage{Layout: a.layout(c, "Sign in", "login"), SignupOpen: a.cfg.SignupOpen, Username: username, Next: c.FormValue("next")}
	u, err := a.authenticate(c, username, password)
	if errors.Is(err, errBadCredentials) {
		page.Error, page.Field = "Wrong username or password.", "password"
		return c.Status(fiber.StatusUnauthorized).Render("auth", page)
	}
	if errors.Is(err, errAccountDisabled) {
		page.Error = sentenceOf(errAccountDisabled.Msg)
		return c.Status(errAccountDisabled.Status).Render("auth", page)
	}
	if msg, ok := limitedPage(err); ok {
		page.Error, page.Field = msg, "password"
		return c.Status(fiber.StatusTooManyRequests).Render("auth", page)
	}
	if errors.Is(err, auth.ErrBusy) {
		return busyForm(c, err, page)
	}
	if err != nil {
		return err
	}
	if err := a.startSession(c, u); err != nil {
		return err
	}
	return c.Redirect(safeNext(page.Next), fiber.StatusSeeOther)
}

// busyForm shows the sign-in or sign-up form again, with what was typed
// but the password, when too many passwords were being checked to check
// this one in time: the person presses the button again a little later.
func busyForm(c *fiber.Ctx, err error, page views.AuthPage) error {
	e := classify(err)
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(e.RetryAfter))
	page.Error = sentenceOf(e.Msg)
	return c.Status(e.Status).Render("auth", page)
}

// postValue is a field of a urlencoded form body, copied.
func postValue(c *fiber.Ctx, key string) string {
	return string(c.Request().PostArgs().Peek(key))
}

func (a *app) logout(c *fiber.Ctx) error {
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Destroy(); err != nil {
		return err
	}
	return c.Redirect("/login", fiber.StatusSeeOther)
}
