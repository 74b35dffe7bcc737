package server

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"

	"quizd/storage"
)

// csrfKey is where the CSRF middleware leaves the page's token.
const csrfKey = "csrf"

// csrfSessionKey is where releases before tokens derived from the session
// id kept a signed-in user's token in the session; sign-in clears it.
const csrfSessionKey = "csrf_token"

// anonTokenLife is how long a sign-in or sign-up form stays usable.
const anonTokenLife = 24 * time.Hour

// csrf protects every form with a token in the page. A signed-in user's
// token is an HMAC of their session id under a server secret
// (sessionTokens): it needs no storage, so a page view writes nothing,
// and it changes with the session id, which sign-in and a password change
// renew. A visitor who is not signed in has no session row at all (a
// crawler or a flood of page views writes nothing): their token is signed
// by the server instead, with a cookie beside it, and checked by its
// signature. Neither kind is accepted in place of the other, so the token
// of the sign-in page is worth nothing once signed in.
func (a *app) csrf() fiber.Handler {
	expired := func(c *fiber.Ctx, err error) error {
		return &Error{Status: fiber.StatusForbidden, Msg: "This form has expired. Go back, reload the page and try again.", Cause: err}
	}
	anonymous := csrf.Config{
		KeyLookup:      "form:_csrf",
		Extractor:      csrf.CsrfFromForm("_csrf"),
		CookieName:     "quizd_csrf",
		CookieHTTPOnly: true,
		CookieSecure:   a.cfg.CookieSecure,
		CookieSameSite: fiber.CookieSameSiteLaxMode,
		ContextKey:     csrfKey,
		ErrorHandler:   expired,
		Storage:        a.anonCSRF,
		Expiration:     anonTokenLife,
		KeyGenerator:   a.anonCSRF.generate,
	}
	withSignature := csrf.New(anonymous)
	fromForm := csrf.CsrfFromForm("_csrf")
	return func(c *fiber.Ctx) error {
		if currentUser(c) == nil {
			return withSignature(c)
		}
		want, err := a.sessionCSRF.token(sessionIDOf(c))
		if err != nil {
			return err
		}
		switch c.Method() {
		case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions, fiber.MethodTrace:
		default:
			if c.Protocol() == "https" && !sameOrigin(c) {
				return expired(c, csrf.ErrBadReferer)
			}
			got, err := fromForm(c)
			if err != nil {
				return expired(c, err)
			}
			if !hmac.Equal([]byte(got), []byte(want)) {
				return expired(c, csrf.ErrTokenInvalid)
			}
		}
		c.Locals(csrfKey, want)
		return c.Next()
	}
}

// sameOrigin reports whether an HTTPS form came from a page of this host,
// as Fiber's CSRF middleware checks it: a stolen token is then of no use
// to a page elsewhere.
func sameOrigin(c *fiber.Ctx) bool {
	ref, err := url.Parse(strings.ToLower(c.Get(fiber.HeaderReferer)))
	return err == nil && ref.Scheme == c.Protocol() && ref.Host == c.Hostname()
}

// serverSecret is a secret kept in the database, read once, so that every
// server sharing the database signs alike.
type serverSecret struct {
	store *storage.Store
	name  string

	mu     sync.Mutex
	secret []byte
}

// key returns the secret, read from the database the first time.
func (s *serverSecret) key() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.secret != nil {
		return s.secret, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	k, err := s.store.Secret(ctx, s.name)
	if err != nil {
		return nil, err
	}
	s.secret = k
	return k, nil
}

// mac is the HMAC-SHA256 of msg under the secret.
func (s *serverSecret) mac(msg []byte) ([]byte, error) {
	key, err := s.key()
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil), nil
}

// sessionTokens makes the CSRF tokens of signed-in users: the HMAC of the
// session id under its own secret. Only a page served to the session
// holds it, and the session id it comes from is in an HTTP-only cookie.
type sessionTokens struct{ secret serverSecret }

func newSessionTokens(st *storage.Store) *sessionTokens {
	return &sessionTokens{secret: serverSecret{store: st, name: "csrf-session"}}
}

// token is the CSRF token of the session with this id.
func (t *sessionTokens) token(sessionID string) (string, error) {
	if sessionID == "" {
		return "", errors.New("server: a signed-in request without a session id")
	}
	sum, err := t.secret.mac([]byte("quizd csrf session\x00" + sessionID))
	if err != nil {
		return "", fmt.Errorf("server: csrf token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(sum), nil
}

// anonTokens makes and checks the CSRF tokens of visitors not signed in:
// the time it was made, 128 random bits and an HMAC of both under a secret
// kept in the database, so that every server sharing it accepts the
// tokens of the others. It is the storage of Fiber's CSRF middleware:
// a token is "stored" when its signature holds, and storing writes nothing.
type anonTokens struct {
	secret serverSecret
	now    func() time.Time
}

func newAnonTokens(st *storage.Store, now func() time.Time) *anonTokens {
	return &anonTokens{secret: serverSecret{store: st, name: "csrf-anonymous"}, now: now}
}

const (
	anonIssuedLen = 8
	anonRandomLen = 16
	anonMACLen    = sha256.Size
)

// generate makes a new token. Without the secret it makes one that no
// check accepts, so the form fails closed with "expired".
func (t *anonTokens) generate() string {
	b := make([]byte, anonIssuedLen+anonRandomLen, anonIssuedLen+anonRandomLen+anonMACLen)
	binary.BigEndian.PutUint64(b, uint64(t.now().Unix()))
	if _, err := rand.Read(b[anonIssuedLen:]); err != nil {
		panic("server: no randomness: " + err.Error())
	}
	sum, err := t.secret.mac(b)
	if err != nil {
		return randomKey()
	}
	return base64.RawURLEncoding.EncodeToString(append(b, sum...))
}

// valid reports whether token was made by generate, with this secret,
// within anonTokenLife.
func (t *anonTokens) valid(token string) bool {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != anonIssuedLen+anonRandomLen+anonMACLen {
		return false
	}
	msg, sum := b[:anonIssuedLen+anonRandomLen], b[anonIssuedLen+anonRandomLen:]
	want, err := t.secret.mac(msg)
	if err != nil || !hmac.Equal(sum, want) {
		return false
	}
	issued := time.Unix(int64(binary.BigEndian.Uint64(msg)), 0)
	age := t.now().Sub(issued)
	return age < anonTokenLife && age > -time.Minute
}

// Get is the "stored" value of a token: present when the token is valid.
func (t *anonTokens) Get(key string) ([]byte, error) {
	if t.valid(key) {
		return []byte{1}, nil
	}
	return nil, nil
}

// Set stores nothing: a token carries its own proof.
func (t *anonTokens) Set(string, []byte, time.Duration) error { return nil }

// Delete does nothing: a token stays valid until it expires.
func (t *anonTokens) Delete(string) error { return nil }

// Reset does nothing.
func (t *anonTokens) Reset() error { return nil }

// Close does nothing.
func (t *anonTokens) Close() error { return nil }
