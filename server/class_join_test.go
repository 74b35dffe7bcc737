package server

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"quizd/storage"
)

// joinCode sends a join code through the API and gives the answer.
func (e *testEnv) joinCode(token, code string) (int, string, string) {
	req := httptest.NewRequest("POST", "/api/v1/classes/join", strings.NewReader(fmt.Sprintf(`{"code":%q}`, code)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	status, body, h := e.do(req)
	return status, body, h.Get("Retry-After")
}

// Join codes can't be guessed: wrong codes are throttled per account and
// per address, with a 429 that says when to try again.
func TestWrongJoinCodesAreThrottled(t *testing.T) {
	e := newEnv(t, true)
	e.role("teacher", storage.Instructor)
	teacher, _, _ := e.store.UserByName(context.Background(), "teacher")
	c, _ := e.store.CreateClass(context.Background(), teacher.ID, "C")
	ada := e.user("ada")
	for i := range joinFailuresPerUser.Max {
		if status, body, _ := e.joinCode(ada, fmt.Sprintf("GUESS%03d", i)); status != 404 {
			t.Fatalf("wrong code %d: %d %s, want 404", i+1, status, body)
		}
	}
	e.clock.Add(time.Minute)
	status, body, retry := e.joinCode(ada, c.JoinCode)
	wantMsg := "Too many wrong join codes were tried from this account or address. Try again in 14 minutes, and check the code with your instructor."
	if secs, _ := strconv.Atoi(retry); status != 429 || secs != 14*60 || !strings.Contains(body, wantMsg) {
		t.Errorf("the right code after %d wrong ones: %d %s (Retry-After %q), want 429 after 840 s", joinFailuresPerUser.Max, status, body, retry)
	}
	// The page says so too, in a sentence.
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}})
	_, page, _ = b.request("GET", "/classes", nil)
	status, body, h := b.post("/classes/join", page, url.Values{"code": {c.JoinCode}})
	if status != 429 || h.Get("Retry-After") == "" || !strings.Contains(body, wantMsg) {
		t.Errorf("the page's join form after the limit: %d (Retry-After %q) %.300s", status, h.Get("Retry-After"), body)
	}
	// Another student at the same address still joins.
	bob := e.user("bob")
	if status, body, _ := e.joinCode(bob, c.JoinCode); status != 200 {
		t.Errorf("another student at the address: %d %s", status, body)
	}
	// Once the window is over, the right code joins.
	e.clock.Add(15 * time.Minute)
	if status, body, _ := e.joinCode(ada, c.JoinCode); status != 200 {
		t.Errorf("after the window: %d %s", status, body)
	}
	// Many accounts guessing from one address are throttled together.
	failures := 0
	for i := 0; failures < joinFailuresPerAddress.Max; i++ {
		tok := e.user(fmt.Sprintf("guesser%03d", i))
		for range joinFailuresPerUser.Max {
			if failures == joinFailuresPerAddress.Max {
				break
			}
			if status, body, _ := e.joinCode(tok, "NOTACODE"); status != 404 {
				t.Fatalf("guess %d from the address: %d %s", failures+1, status, body)
			}
			failures++
		}
	}
	if status, body, retry := e.joinCode(e.user("carol"), c.JoinCode); status != 429 || retry == "" {
		t.Errorf("a new account once the address has %d wrong codes: %d %s (Retry-After %q), want 429", failures, status, body, retry)
	}
}
