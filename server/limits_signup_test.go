package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"quizd/questions"
	"quizd/server/auth"
)

func TestSignupsPerAddressAreLimited(t *testing.T) {
	e := newEnv(t, true)
	e.withConfig(Config{SignupOpen: true, SignupsPerHour: 3})
	for i := range 3 {
		if status, out := e.api("POST", "/api/v1/signup", "", fmt.Sprintf(`{"username":"stu%d","password":"correct horse"}`, i)); status != 201 {
			t.Fatalf("sign-up %d: %d %s", i, status, out)
		}
	}
	req := `{"username":"stu9","password":"correct horse"}`
	status, out := e.api("POST", "/api/v1/signup", "", req)
	if status != 429 || !strings.Contains(out, "too many sign-ups from your address: try again in 60 minutes") {
		t.Errorf("the fourth sign-up: %d %s", status, out)
	}
	// The page shares the count.
	b := e.browser()
	_, page, _ := b.request("GET", "/signup", nil)
	status, body, h := b.post("/signup", page, url.Values{"username": {"stu8"}, "password": {"correct horse"}})
	if status != 429 || h.Get("Retry-After") == "" || !strings.Contains(body, "Too many sign-ups came from your address. Try again in 60 minutes") {
		t.Errorf("a sign-up page past the limit: %d %q %.300s", status, h.Get("Retry-After"), body)
	}
	// Another server on the same database counts against the same limit.
	other := &testEnv{t: t, store: e.store, clock: e.clock}
	other.withConfig(Config{SignupOpen: true, SignupsPerHour: 3})
	if status, _ := other.api("POST", "/api/v1/signup", "", req); status != 429 {
		t.Errorf("another process on the same database: %d, want 429", status)
	}
	if _, _, err := e.store.UserByName(t.Context(), "stu9"); err == nil {
		t.Error("a refused sign-up made an account")
	}
	e.clock.Add(time.Hour)
	if status, out := e.api("POST", "/api/v1/signup", "", req); status != 201 {
		t.Errorf("a sign-up an hour later: %d %s", status, out)
	}
}

// When every hashing slot stays taken, sign-up and sign-in answer 503
// with Retry-After instead of queueing without end.
func TestPasswordHashingIsBounded(t *testing.T) {
	e := newEnv(t, true)
	e.user("ada")
	auth.LimitHashes(2, auth.DefaultQueue, 20*time.Millisecond)
	t.Cleanup(func() { auth.LimitHashes(0, auth.DefaultQueue, auth.DefaultWait) })
	var releases []func()
	for range 2 {
		r, err := auth.Reserve()
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, r)
	}
	for _, tc := range []struct{ path, body string }{
		{"/api/v1/signup", `{"username":"bob","password":"correct horse"}`},
		{"/api/v1/login", `{"username":"ada","password":"wrong horse"}`},
		{"/api/v1/login", `{"username":"nobody","password":"wrong horse"}`},
	} {
		req := httptestJSON("POST", tc.path, tc.body)
		status, body, h := e.do(req)
		if status != 503 || h.Get("Retry-After") == "" || !strings.Contains(body, "busy checking passwords") {
			t.Errorf("%s %s while hashing is full: %d %q %s", tc.path, tc.body, status, h.Get("Retry-After"), body)
		}
	}
	b := e.browser()
	for _, form := range []string{"/login", "/signup"} {
		_, page, _ := b.request("GET", form, nil)
		status, body, h := b.post(form, page, url.Values{"username": {"ada"}, "password": {"correct horse"}})
		if status != 503 || h.Get("Retry-After") == "" || !strings.Contains(body, "The server is busy checking passwords. Try again in a few seconds.") ||
			!strings.Contains(body, `value="ada"`) {
			t.Errorf("the %s form while hashing is full: %d (Retry-After %q) %.300s", form, status, h.Get("Retry-After"), body)
		}
	}
	for _, r := range releases {
		r()
	}
	if status, out := e.api("POST", "/api/v1/login", "", `{"username":"ada","password":"correct horse"}`); status != 200 {
		t.Errorf("a sign-in once hashing is free: %d %s", status, out)
	}
}

// A sign-in that finds every hashing slot taken and the queue for them
// full is answered 503 with Retry-After at once, by the API and the form.
func TestPasswordHashingQueueIsBounded(t *testing.T) {
	e := newEnv(t, true)
	e.user("ada")
	auth.LimitHashes(1, 1, time.Minute)
	t.Cleanup(func() { auth.LimitHashes(0, auth.DefaultQueue, auth.DefaultWait) })
	hold, err := auth.Reserve()
	if err != nil {
		t.Fatal(err)
	}
	queued := make(chan int, 1)
	go func() {
		status, _ := e.api("POST", "/api/v1/login", "", `{"username":"ada","password":"correct horse"}`)
		queued <- status
	}()
	for auth.Waiting() == 0 {
		time.Sleep(time.Millisecond)
	}
	status, body, h := e.do(httptestJSON("POST", "/api/v1/login", `{"username":"ada","password":"correct horse"}`))
	if status != 503 || h.Get("Retry-After") == "" || !strings.Contains(body, "busy checking passwords: try again in a few seconds") {
		t.Errorf("a sign-in with the queue full: %d %q %s", status, h.Get("Retry-After"), body)
	}
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	status, body, h = b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}})
	if status != 503 || h.Get("Retry-After") == "" || !strings.Contains(body, "The server is busy checking passwords. Try again in a few seconds.") {
		t.Errorf("the sign-in form with the queue full: %d (Retry-After %q) %.300s", status, h.Get("Retry-After"), body)
	}
	hold()
	if status := <-queued; status != 200 {
		t.Errorf("the queued sign-in once the slot is free: %d, want 200", status)
	}
}

func TestLongResponsesAreRefused(t *testing.T) {
	e := newEnv(t, true)
	ada := e.user("ada")
	path := fmt.Sprintf("/api/v1/banks/%d/answers", e.bank.ID)
	long := strings.Repeat("a", questions.MaxResponseBytes+1)
	for _, body := range []string{
		fmt.Sprintf(`{"question_id":"sa","response":%q}`, long),
		fmt.Sprintf(`{"question_id":"or","response":[%s"x"]}`, strings.Repeat(`"",`, questions.MaxResponseBytes)),
	} {
		status, out := e.api("POST", path, ada, body)
		if status != 400 || !strings.Contains(out, `"field":"response"`) || !strings.Contains(out, "longer than 4 KiB: shorten the answer") {
			t.Errorf("a response over 4 KiB: %d %.300s", status, out)
		}
	}
	if status, out := e.api("POST", path, ada, fmt.Sprintf(`{"question_id":"sa","response":%q}`, strings.Repeat("a", questions.MaxResponseBytes-1))); status != 200 {
		t.Errorf("a response just under the cap: %d %.300s", status, out)
	}
	// The study page says the same in a sentence, and records nothing.
	b := e.browser()
	_, page, _ := b.request("GET", "/signup", nil)
	b.post("/signup", page, url.Values{"username": {"bob"}, "password": {"correct horse"}})
	_, page, _ = b.request("GET", fmt.Sprintf("/banks/%d/study?mode=quiz", e.bank.ID), nil)
	status, body, _ := b.post(fmt.Sprintf("/banks/%d/answer", e.bank.ID), page, url.Values{"question_id": {"sa"}, "response": {long}, "mode": {"quiz"}})
	if !strings.Contains(body, "Your answer is longer than 4 KiB: shorten it and answer again.") {
		t.Errorf("a long answer on the page: %d %.500s", status, body)
	}
}

func httptestJSON(method, path, body string) *http.Request {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return req
}
