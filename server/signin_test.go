package server

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/storage"
)

// smallPolicy lets tests reach every limit in a few attempts.
var smallPolicy = storage.SignInPolicy{PerPair: 3, PerAddress: 6, Window: 15 * time.Minute, PerAccount: 4, AccountWindow: time.Hour, KnownFor: 24 * time.Hour}

// configure rebuilds the app over the same store and clock.
func (e *testEnv) configure(change func(*Config)) {
	cfg := Config{SignupOpen: true, Location: time.UTC, Now: e.clock.Now, Logger: quietLogger()}
	change(&cfg)
	e.app = New(Deps{Store: e.store, Views: mustViews(e.t), Config: cfg})
}

// behindProxy is an app behind a proxy at 0.0.0.0 (the address of every
// test request), which names the client in X-Forwarded-For.
func behindProxy(t *testing.T) *testEnv {
	e := newEnv(t, true)
	e.configure(func(c *Config) {
		c.TrustedProxies = []string{"0.0.0.0", "10.0.0.0/8"}
		c.SignInPolicy = smallPolicy
	})
	return e
}

// login signs in through the API with X-Forwarded-For set to xff.
func (e *testEnv) login(path, xff, body string) (int, string) {
	req := httptest.NewRequest("POST", path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	status, out, _ := e.do(req)
	return status, out
}

func creds(name, password string) string {
	return fmt.Sprintf(`{"username":%q,"password":%q}`, name, password)
}

func TestSignInLimitCountsTheNameChecked(t *testing.T) {
	e := newEnv(t, true)
	e.configure(func(c *Config) { c.SignInPolicy = smallPolicy })
	e.user("ada")
	// A decoy name in the query string, the real one in the body.
	for i := range smallPolicy.PerPair {
		if status, body := e.login(fmt.Sprintf("/api/v1/login?username=decoy%d", i), "", creds("ada", "guess")); status != 401 {
			t.Fatalf("guess %d: %d %s", i, status, body)
		}
	}
	if status, body := e.login("/api/v1/login?username=decoy", "", creds("ada", "correct horse")); status != 429 || !strings.Contains(body, "too many failed sign-ins") {
		t.Errorf("after %d guesses at ada with decoys: %d %s, want 429", smallPolicy.PerPair, status, body)
	}
	// The page reads the name from the body, not the query string.
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	status, body, h := b.post("/login?username=decoy", page, url.Values{"username": {"ada"}, "password": {"correct horse"}})
	if status != 429 || !strings.Contains(body, "Too many failed sign-ins. Try again in 15 minutes.") || h.Get("Retry-After") != "900" {
		t.Errorf("the page with a decoy in the query: %d (Retry-After %q) %.300s", status, h.Get("Retry-After"), body)
	}
}

func TestSignInLimitBehindATrustedProxyUsesTheRightMostAddress(t *testing.T) {
	e := behindProxy(t)
	// One client forging the left-most entry each time, through two proxies.
	for i := range smallPolicy.PerAddress {
		xff := fmt.Sprintf("198.51.100.%d, 203.0.113.7, 10.0.0.2", i)
		if status, body := e.login("/api/v1/login", xff, creds(fmt.Sprintf("user%d", i), "guess")); status != 401 {
			t.Fatalf("guess %d: %d %s", i, status, body)
		}
	}
	if status, body := e.login("/api/v1/login", "192.0.2.99, 203.0.113.7", creds("someone", "guess")); status != 429 {
		t.Errorf("the client past its address's limit, forging a new left-most entry: %d %s, want 429", status, body)
	}
	if status, body := e.login("/api/v1/login", "203.0.113.8", creds("someone", "guess")); status != 401 {
		t.Errorf("another client: %d %s, want 401", status, body)
	}
}

func TestClientIP(t *testing.T) {
	prefixes, bad := parseProxies([]string{"0.0.0.0", "10.0.0.0/8", " ::1 ", "proxy.example"})
	if len(prefixes) != 3 || len(bad) != 1 {
		t.Fatalf("parseProxies = %v, bad %v", prefixes, bad)
	}
	a := &app{proxies: prefixes}
	f := fiber.New()
	f.Get("/", func(c *fiber.Ctx) error { return c.SendString(a.clientIP(c)) })
	for _, tc := range []struct{ xff, want string }{
		{"", "0.0.0.0"},
		{"203.0.113.7", "203.0.113.7"},
		{"1.1.1.1, 203.0.113.7", "203.0.113.7"},
		{"1.1.1.1, 203.0.113.7, 10.1.2.3", "203.0.113.7"},
		{"10.0.0.1, 10.0.0.2", "10.0.0.1"},
		{"203.0.113.7, garbage", "0.0.0.0"},
		{"garbage, 10.0.0.2", "10.0.0.2"},
		{"::ffff:203.0.113.7", "203.0.113.7"},
		{"2001:db8::1", "2001:db8::1"},
	} {
		req := httptest.NewRequest("GET", "/", nil)
		if tc.xff != "" {
			req.Header.Set("X-Forwarded-For", tc.xff)
		}
		resp, err := f.Test(req)
		if err != nil {
			t.Fatal(err)
		}
		var got [64]byte
		n, _ := resp.Body.Read(got[:])
		if string(got[:n]) != tc.want {
			t.Errorf("X-Forwarded-For %q: client %q, want %q", tc.xff, got[:n], tc.want)
		}
	}
	// Without trusted proxies the header counts for nothing.
	a.proxies = nil
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.7")
	resp, _ := f.Test(req)
	var got [64]byte
	if n, _ := resp.Body.Read(got[:]); string(got[:n]) != "0.0.0.0" {
		t.Errorf("an untrusted X-Forwarded-For was believed: %q", got[:n])
	}
}

func TestGuessesElsewhereDoNotLockTheOwnerOut(t *testing.T) {
	e := behindProxy(t)
	e.user("root")
	const owner = "192.0.2.1"
	if status, _ := e.login("/api/v1/login", owner, creds("root", "correct horse")); status != 200 {
		t.Fatalf("the owner's first sign-in: %d", status)
	}
	// Locked from the attacker's address only.
	for range smallPolicy.PerPair {
		e.login("/api/v1/login", "203.0.113.7", creds("root", "guess"))
	}
	if status, _ := e.login("/api/v1/login", "203.0.113.7", creds("root", "correct horse")); status != 429 {
		t.Errorf("the attacker's address after %d guesses: %d, want 429", smallPolicy.PerPair, status)
	}
	if status, body := e.login("/api/v1/login", owner, creds("root", "correct horse")); status != 200 {
		t.Errorf("the owner from their own address: %d %s, want 200", status, body)
	}
	// Guesses spread over addresses reach the slower per-account limit,
	// which stops new addresses but not the owner's.
	for i := 1; i < smallPolicy.PerAccount; i++ {
		e.login("/api/v1/login", fmt.Sprintf("203.0.113.%d", 100+i), creds("root", "guess"))
	}
	if status, body := e.login("/api/v1/login", "198.51.100.1", creds("root", "correct horse")); status != 429 || !strings.Contains(body, "too many failed sign-ins") {
		t.Errorf("a new address past the account's limit: %d %s, want 429", status, body)
	}
	if status, body := e.login("/api/v1/login", owner, creds("root", "correct horse")); status != 200 {
		t.Errorf("the owner past the account's limit: %d %s, want 200", status, body)
	}
}

func TestSignInLimitsHoldAcrossServers(t *testing.T) {
	e := newEnv(t, true)
	e.configure(func(c *Config) { c.SignInPolicy = smallPolicy })
	e.user("ada")
	first := e.app
	// A second server on the same database.
	e.configure(func(c *Config) { c.SignInPolicy = smallPolicy })
	second := e.app
	for i := range smallPolicy.PerPair {
		e.app = []*fiber.App{first, second}[i%2]
		e.login("/api/v1/login", "", creds("ada", "guess"))
	}
	for i, app := range []*fiber.App{first, second} {
		e.app = app
		if status, _ := e.login("/api/v1/login", "", creds("ada", "correct horse")); status != 429 {
			t.Errorf("server %d after guesses spread over both: %d, want 429", i+1, status)
		}
	}
}

func TestPasswordChangeIsRateLimited(t *testing.T) {
	e := newEnv(t, true)
	e.configure(func(c *Config) { c.SignInPolicy = smallPolicy })
	token := e.user("ada")
	for i := range smallPolicy.PerPair {
		if status, body := e.api("PUT", "/api/v1/me/password", token, `{"current":"guess","new":"another horse"}`); status != 400 {
			t.Fatalf("wrong current password %d: %d %s", i, status, body)
		}
	}
	if status, body := e.api("PUT", "/api/v1/me/password", token, `{"current":"correct horse","new":"another horse"}`); status != 429 || !strings.Contains(body, "too many failed sign-ins") {
		t.Errorf("after %d wrong current passwords: %d %s, want 429", smallPolicy.PerPair, status, body)
	}
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	// Signing in is limited by the same count.
	if status, _, _ := b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}}); status != 429 {
		t.Errorf("sign-in after the guesses at the password form: %d, want 429", status)
	}
}

func TestThePasswordPageSaysWhenLimited(t *testing.T) {
	e := newEnv(t, true)
	e.configure(func(c *Config) { c.SignInPolicy = smallPolicy })
	e.user("ada")
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}})
	_, page, _ = b.request("GET", "/password", nil)
	var status int
	for range smallPolicy.PerPair + 1 {
		status, page, _ = b.post("/password", page, url.Values{"current": {"guess"}, "new": {"another horse"}})
	}
	if status != 429 || !strings.Contains(page, "Too many failed sign-ins. Try again in 15 minutes.") {
		t.Errorf("the password page after %d wrong passwords: %d %.400s", smallPolicy.PerPair, status, page)
	}
}

// sessionRows counts the session rows (by deleting them all).
func (e *testEnv) sessionRows() int64 {
	n, err := e.store.DeleteExpiredSessions(context.Background(), e.clock.Now().Add(1000*24*time.Hour))
	if err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestAnonymousPagesWriteNoSession(t *testing.T) {
	e := newEnv(t, true)
	e.user("ada")
	b := e.browser()
	for _, path := range []string{"/", "/login", "/signup", "/stats", "/nowhere", "/static/nope.css", "/login?next=%2Fstats"} {
		if status, _, _ := b.request("GET", path, nil); status >= 500 {
			t.Fatalf("GET %s: %d", path, status)
		}
	}
	if n := e.sessionRows(); n != 0 {
		t.Errorf("anonymous page views wrote %d session rows", n)
	}
	// The sign-in form still works, and signing in makes the one session.
	_, page, _ := b.request("GET", "/login", nil)
	if status, _, _ := b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}}); status != 303 {
		t.Fatalf("sign in: %d", status)
	}
	if status, _, _ := b.request("GET", "/stats", nil); status != 200 {
		t.Errorf("after sign-in: %d", status)
	}
	if n := e.sessionRows(); n != 1 {
		t.Errorf("a sign-in made %d session rows, want 1", n)
	}
}

func TestAnonymousFormTokens(t *testing.T) {
	e := newEnv(t, true)
	e.user("ada")
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	tok := b.csrf(page)
	form := func(token string) url.Values {
		return url.Values{"_csrf": {token}, "username": {"ada"}, "password": {"wrong"}}
	}
	// A token of the right shape not signed by this server.
	forged := []byte(tok)
	forged[len(forged)-2] ^= 1
	b.cookies["quizd_csrf"] = string(forged)
	if status, _, _ := b.request("POST", "/login", form(string(forged))); status != 403 {
		t.Errorf("a forged token: %d, want 403", status)
	}
	// Another server on the same database accepts this one's tokens.
	b.cookies["quizd_csrf"] = tok
	e.configure(func(*Config) {})
	if status, _, _ := b.request("POST", "/login", form(tok)); status != 401 {
		t.Errorf("a token from another server on the same database: %d, want 401", status)
	}
	// A form left open for more than a day has expired.
	e.clock.Add(anonTokenLife + time.Minute)
	b.cookies["quizd_csrf"] = tok
	if status, body, _ := b.request("POST", "/login", form(tok)); status != 403 || !strings.Contains(body, "This form has expired.") {
		t.Errorf("a day-old token: %d %.200s, want 403", status, body)
	}
}

func TestSignInRotatesTheFormToken(t *testing.T) {
	e := newEnv(t, true)
	e.user("ada")
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	before := b.csrf(page)
	if status, _, _ := b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}}); status != 303 {
		t.Fatalf("sign in: %d", status)
	}
	// The token of the sign-in page, replayed by whoever saw it.
	b.cookies["quizd_csrf"] = before
	status, _, _ := b.request("POST", "/settings", url.Values{"_csrf": {before}, "desired_retention": {"0.8"}, "new_per_day": {"5"}})
	if status != 403 {
		t.Errorf("the pre-sign-in token after sign-in: %d, want 403", status)
	}
	_, page, _ = b.request("GET", "/settings", nil)
	after := b.csrf(page)
	if after == before {
		t.Error("the form token did not change at sign-in")
	}
	if status, _, _ := b.post("/settings", page, url.Values{"desired_retention": {"0.8"}, "new_per_day": {"5"}}); status != 303 {
		t.Errorf("the new token: %d, want 303", status)
	}
}

func TestChangingThePasswordOnThePageKeepsThisBrowserSignedIn(t *testing.T) {
	e := newEnv(t, true)
	e.user("ada")
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}})
	// A clock that is not on a whole second, as real clocks are not.
	e.clock.Add(1500 * time.Millisecond)
	_, page, _ = b.request("GET", "/password", nil)
	status, _, h := b.post("/password", page, url.Values{"current": {"correct horse"}, "new": {"another horse"}})
	if status != 303 || h.Get("Location") != "/password?saved=1" {
		t.Fatalf("change: %d %v", status, h.Get("Location"))
	}
	if status, _, _ := b.request("GET", "/password?saved=1", nil); status != 200 {
		t.Errorf("the browser that changed the password was signed out: %d", status)
	}
}

func TestUnicodeUsernames(t *testing.T) {
	e := newEnv(t, true)
	if status, body := e.api("POST", "/api/v1/signup", "", creds("Émile", "a long passphrase")); status != 201 {
		t.Fatalf("sign up Émile: %d %s", status, body)
	}
	for _, name := range []string{"Émile", "émile", "ÉMILE", "E\u0301mile"} {
		if status, body := e.api("POST", "/api/v1/login", "", creds(name, "a long passphrase")); status != 200 {
			t.Errorf("sign in as %q: %d %s", name, status, body)
		}
	}
	if status, body := e.api("POST", "/api/v1/signup", "", creds("émile", "a long passphrase")); status != 409 {
		t.Errorf("sign up émile beside Émile: %d %s, want 409", status, body)
	}
	e.user("admin")
	if status, body := e.api("POST", "/api/v1/signup", "", creds("\u0430dmin", "a long passphrase")); status != 400 || !strings.Contains(body, "alphabets") {
		t.Errorf("sign up admin with a Cyrillic a: %d %s, want 400", status, body)
	}
}
