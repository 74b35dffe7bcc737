package server

import (
	"net/url"
	"testing"
	"time"

	"quizd/storage/testdb"
)

// sessionRow is the stored data and expiry of the browser's session.
func (e *testEnv) sessionRow(b *browser) (data string, expires time.Time) {
	e.t.Helper()
	var raw []byte
	if err := testdb.Open(e.t, e.path).QueryRow("SELECT data, expires_at FROM sessions WHERE key = $1", b.cookies["quizd_session"]).Scan(&raw, &expires); err != nil {
		e.t.Fatal(err)
	}
	return string(raw), expires
}

func TestSignedInPageViewsWriteNothing(t *testing.T) {
	e := newEnv(t, true)
	e.user("ada")
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	if status, _, _ := b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}}); status != 303 {
		t.Fatalf("sign in: %d", status)
	}
	data, expires := e.sessionRow(b)
	var settings string
	for range 3 {
		for _, path := range []string{"/", "/stats", "/settings", "/banks/1/study", "/password"} {
			status, body, _ := b.request("GET", path, nil)
			if status != 200 {
				t.Fatalf("GET %s: %d", path, status)
			}
			if path == "/settings" {
				settings = body
			}
		}
		e.clock.Add(time.Minute)
	}
	if d, x := e.sessionRow(b); d != data || !x.Equal(expires) {
		t.Errorf("page views rewrote the session: expiry %s → %s, data changed %v", expires, x, d != data)
	}

	form := url.Values{"desired_retention": {"0.8"}, "new_per_day": {"5"}}
	// The token is the same on every page of the session, and still needed.
	if status, _, _ := b.request("POST", "/settings", form); status != 403 {
		t.Errorf("a form without a token: %d, want 403", status)
	}
	bob := e.browser()
	e.user("bob")
	_, page, _ = bob.request("GET", "/login", nil)
	bob.post("/login", page, url.Values{"username": {"bob"}, "password": {"correct horse"}})
	_, bobs, _ := bob.request("GET", "/settings", nil)
	if bob.csrf(bobs) == b.csrf(settings) {
		t.Fatal("two sessions have the same form token")
	}
	withToken := func(tok string) url.Values {
		v := url.Values{"_csrf": {tok}}
		for k, vs := range form {
			v[k] = vs
		}
		return v
	}
	if status, _, _ := b.request("POST", "/settings", withToken(bob.csrf(bobs))); status != 403 {
		t.Errorf("another session's token: %d, want 403", status)
	}
	forged := []byte(b.csrf(settings))
	forged[3] ^= 1
	if status, _, _ := b.request("POST", "/settings", withToken(string(forged))); status != 403 {
		t.Errorf("a forged token: %d, want 403", status)
	}
	if status, _, _ := b.request("POST", "/settings", withToken(b.csrf(settings))); status != 303 {
		t.Errorf("the page's token: %d, want 303", status)
	}

	// A session in use has its expiry pushed back, once every few minutes.
	e.clock.Add(sessionTouchEvery)
	b.request("GET", "/", nil)
	_, touched := e.sessionRow(b)
	if !touched.After(expires) {
		t.Errorf("a page view %v after sign-in left the expiry at %s", 3*time.Minute+sessionTouchEvery, touched)
	}
	d, _ := e.sessionRow(b)
	b.request("GET", "/stats", nil)
	b.request("GET", "/settings", nil)
	if d2, x := e.sessionRow(b); d2 != d || !x.Equal(touched) {
		t.Errorf("page views right after the expiry was pushed back rewrote the session: %s → %s", touched, x)
	}
}
