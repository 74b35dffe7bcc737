package server

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"

	"quizd/storage"
)

// csrfKey is where the CSRF middleware leaves the page's token.
const csrfKey = "csrf"

// csrfSessionKey is where a signed-in user's token is kept in the session.
const csrfSessionKey = "csrf_token"

// anonTokenLife is how long a sign-in or sign-up form stays usable.
const anonTokenLife = 24 * time.Hour

// csrf protects every form with a token in the page and a cookie. A
// signed-in user's token is kept in the session. A visitor who is not
// signed in has no session row at all (a crawler or a flood of page views
// writes nothing): their token is signed by the server instead, and
// checked by its signature. Neither kind is accepted in place of the
// other, so the token of the sign-in page is worth nothing once signed in.
func (a *app) csrf() fiber.Handler {
	base := csrf.Config{
		KeyLookup:      "form:_csrf",
		Extractor:      csrf.CsrfFromForm("_csrf"),
		CookieName:     "quizd_csrf",
		CookieHTTPOnly: true,
		CookieSecure:   a.cfg.CookieSecure,
		CookieSameSite: fiber.CookieSameSiteLaxMode,
		ContextKey:     csrfKey,
		ErrorHandler: func(c *fiber.Ctx, err error) error {
			return &Error{Status: fiber.StatusForbidden, Msg: "This form has expired. Go back, reload the page and try again.", Cause: err}
		},
	}
	signedIn, anonymous := base, base
	signedIn.Session, signedIn.SessionKey = a.sessions, csrfSessionKey
	signedIn.Expiration, signedIn.KeyGenerator = sessionIdle, randomKey
	anonymous.Storage = a.anonCSRF
	anonymous.Expiration, anonymous.KeyGenerator = anonTokenLife, a.anonCSRF.generate
	withSession, withSignature := csrf.New(signedIn), csrf.New(anonymous)
	return func(c *fiber.Ctx) error {
		if currentUser(c) != nil {
			return withSession(c)
		}
		return withSignature(c)
	}
}

// anonTokens makes and checks the CSRF tokens of visitors not signed in:
// the time it was made, 128 random bits and an HMAC of both under a secret
// kept in the database, so that every server sharing it accepts the
// tokens of the others. It is the storage of Fiber's CSRF middleware:
// a token is "stored" when its signature holds, and storing writes nothing.
type anonTokens struct {
	store *storage.Store
	now   func() time.Time

	mu     sync.Mutex
	secret []byte
}

func newAnonTokens(st *storage.Store, now func() time.Time) *anonTokens {
	return &anonTokens{store: st, now: now}
}

const (
	anonIssuedLen = 8
	anonRandomLen = 16
	anonMACLen    = sha256.Size
)

// key returns the signing secret, read from the database once.
func (t *anonTokens) key() ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.secret != nil {
		return t.secret, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	k, err := t.store.Secret(ctx, "csrf-anonymous")
	if err != nil {
		return nil, err
	}
	t.secret = k
	return k, nil
}

func (t *anonTokens) mac(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(msg)
	return m.Sum(nil)
}

// generate makes a new token. Without the secret it makes one that no
// check accepts, so the form fails closed with "expired".
func (t *anonTokens) generate() string {
	b := make([]byte, anonIssuedLen+anonRandomLen, anonIssuedLen+anonRandomLen+anonMACLen)
	binary.BigEndian.PutUint64(b, uint64(t.now().Unix()))
	if _, err := rand.Read(b[anonIssuedLen:]); err != nil {
		panic("server: no randomness: " + err.Error())
	}
	key, err := t.key()
	if err != nil {
		return randomKey()
	}
	return base64.RawURLEncoding.EncodeToString(append(b, t.mac(key, b)...))
}

// valid reports whether token was made by generate, with this secret,
// within anonTokenLife.
func (t *anonTokens) valid(token string) bool {
	b, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(b) != anonIssuedLen+anonRandomLen+anonMACLen {
		return false
	}
	key, err := t.key()
	if err != nil {
		return false
	}
	msg, sum := b[:anonIssuedLen+anonRandomLen], b[anonIssuedLen+anonRandomLen:]
	if !hmac.Equal(sum, t.mac(key, msg)) {
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
