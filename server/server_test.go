package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/server/auth"
	"quizd/storage"
	"quizd/storage/testdb"
	"quizd/views"
)

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// typesBank has one question of each type, in this order.
func typesBank() *questions.Bank {
	b := &questions.Bank{Slug: "types", Title: "Every type", Source: questions.Source{Title: "Tests", Author: "Q. Tester"}, Questions: []questions.Question{
		{ID: "fc", Topic: "membership", Type: questions.Flashcard, Prompt: "What does CSTO stand for?", Answer: "Collective Security Treaty Organization"},
		{ID: "mc", Topic: "membership", Type: questions.MultipleChoice, Prompt: "Which country froze its participation?", Answer: "Armenia", Choices: []string{"Belarus", "Armenia", "Kazakhstan", "Russia"}},
		{ID: "tf", Topic: "dates", Type: questions.TrueFalse, Prompt: "The CSTO was founded in 1992.", Answer: "true"},
		{ID: "cz", Topic: "charter", Type: questions.Cloze, Prompt: "Members prefer " + questions.Blank + " means.", Answer: "political"},
		{ID: "sa", Topic: "dates", Type: questions.ShortAnswer, Prompt: "When were the peacekeepers deployed?", Answer: "7 January 2022"},
		{ID: "or", Topic: "dates", Type: questions.Ordering, Prompt: "Put these in order.", Items: []string{"founded", "deployed", "withdrew"}},
		{ID: "ma", Topic: "reactions", Type: questions.Matching, Prompt: "Match them.", Pairs: []questions.Pair{{Left: "Belarus", Right: "condemned"}, {Left: "Kazakhstan", Right: "evaded"}, {Left: "Syria", Right: "supported"}}},
	}}
	b.Stamp()
	return b
}

type testEnv struct {
	t     testing.TB
	hash  string // of "correct horse", made once: argon2id is slow on purpose
	store *storage.Store
	app   *fiber.App
	clock *clock
	bank  *storage.Bank
	path  string // of the database file
}

func newEnv(t *testing.T, signupOpen bool) *testEnv {
	t.Helper()
	return newEnvWith(t, signupOpen, func(*Config) {})
}

// newEnvWith is newEnv with the app's Config changed by set.
func newEnvWith(t testing.TB, signupOpen bool, set func(*Config)) *testEnv {
	t.Helper()
	ctx := context.Background()
	path := testdb.Path(t)
	st, err := storage.Open(ctx, storage.Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	res, err := st.UpsertBank(ctx, typesBank(), storage.BankOptions{Public: true})
	if err != nil {
		t.Fatal(err)
	}
	v, err := views.New()
	if err != nil {
		t.Fatal(err)
	}
	clk := &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	cfg := Config{
		SignupOpen: signupOpen, Location: time.UTC, Now: clk.Now, ExactIntervals: true,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	set(&cfg)
	app := New(Deps{Store: st, Views: v, Config: cfg})
	return &testEnv{t: t, store: st, app: app, clock: clk, bank: res.Bank, path: path}
}

// user creates an account and returns an API token for it.
func (e *testEnv) user(name string) string {
	e.t.Helper()
	if e.hash == "" {
		h, err := auth.HashPassword("correct horse")
		if err != nil {
			e.t.Fatal(err)
		}
		e.hash = h
	}
	u, err := e.store.CreateUser(context.Background(), name, e.hash, storage.Student)
	if err != nil {
		e.t.Fatal(err)
	}
	token, th, _ := auth.NewToken()
	if err := e.store.CreateToken(context.Background(), u.ID, th, e.clock.Now()); err != nil {
		e.t.Fatal(err)
	}
	return token
}

func (e *testEnv) do(req *http.Request) (int, string, http.Header) {
	e.t.Helper()
	resp, err := e.app.Test(req, 10000)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Header
}

func (e *testEnv) api(method, path, token, body string) (int, string) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	status, out, _ := e.do(req)
	return status, out
}

func TestAPIScenarios(t *testing.T) {
	e := newEnv(t, true)
	ada := e.user("ada")
	bank := fmt.Sprint(e.bank.ID)
	tests := []struct {
		name, method, url, caller, body string
		wantStatus                      int
		wantContains                    string
	}{
		{"health", "GET", "/healthz", "", "", 200, `"ok"`},
		{"login wrong password", "POST", "/api/v1/login", "", `{"username":"ada","password":"wrong password"}`, 401, "wrong username or password"},
		{"login unknown user", "POST", "/api/v1/login", "", `{"username":"nobody","password":"correct horse"}`, 401, "wrong username or password"},
		{"login missing password", "POST", "/api/v1/login", "", `{"username":"ada"}`, 400, `"field":"password"`},
		{"login wrong type", "POST", "/api/v1/login", "", `{"username":5,"password":"x"}`, 400, `"field":"username"`},
		{"login unknown field", "POST", "/api/v1/login", "", `{"username":"ada","password":"x","admin":true}`, 400, `"field":"admin"`},
		{"login not JSON", "POST", "/api/v1/login", "", `{"username":`, 400, "ends before its JSON object"},
		{"login two objects", "POST", "/api/v1/login", "", `{"username":"ada","password":"correct horse"}{}`, 400, "goes on after its JSON object"},
		{"signup", "POST", "/api/v1/signup", "", `{"username":"bob","password":"a long passphrase"}`, 201, `"role":"student"`},
		{"signup taken name", "POST", "/api/v1/signup", "", `{"username":"ADA","password":"a long passphrase"}`, 409, "taken"},
		{"signup weak password", "POST", "/api/v1/signup", "", `{"username":"carol","password":"short"}`, 400, "too short"},
		{"signup common password", "POST", "/api/v1/signup", "", `{"username":"carol","password":"password123"}`, 400, "too easy to guess"},
		{"signup bad name", "POST", "/api/v1/signup", "", `{"username":"<b>x</b>","password":"a long passphrase"}`, 400, `"field":"username"`},
		{"banks without token", "GET", "/api/v1/banks", "", "", 401, "Bearer"},
		{"banks with a bad token", "GET", "/api/v1/banks", "nonsense", "", 401, "not valid"},
		{"banks", "GET", "/api/v1/banks", ada, "", 200, `"slug":"types"`},
		{"next on a bad id", "GET", "/api/v1/banks/abc/next", ada, "", 400, `"field":"id"`},
		{"next on id zero", "GET", "/api/v1/banks/0/next", ada, "", 400, `bank id \"0\" is not a positive whole number`},
		{"next on a missing bank", "GET", "/api/v1/banks/999/next", ada, "", 404, "no bank"},
		{"next", "GET", "/api/v1/banks/" + bank + "/next", ada, "", 200, `"new_count":7`},
		{"next hides the answer", "GET", "/api/v1/banks/" + bank + "/next", ada, "", 200, `"intervals"`},
		{"settings", "GET", "/api/v1/me/settings", ada, "", 200, `"desired_retention":0.9`},
		{"settings out of range", "PUT", "/api/v1/me/settings", ada, `{"desired_retention":1.5,"new_per_day":20}`, 400, `"field":"desired_retention"`},
		{"settings missing field", "PUT", "/api/v1/me/settings", ada, `{"desired_retention":0.8}`, 400, `"field":"new_per_day"`},
		{"settings negative", "PUT", "/api/v1/me/settings", ada, `{"desired_retention":0.8,"new_per_day":-1}`, 400, `"field":"new_per_day"`},
		{"settings save", "PUT", "/api/v1/me/settings", ada, `{"desired_retention":0.85,"new_per_day":30}`, 200, `"new_per_day":30`},
		{"answer without question", "POST", "/api/v1/banks/" + bank + "/answers", ada, `{"rating":3}`, 400, `"field":"question_id"`},
		{"answer unknown question", "POST", "/api/v1/banks/" + bank + "/answers", ada, `{"question_id":"zz","rating":3}`, 404, "no question"},
		{"answer bad rating", "POST", "/api/v1/banks/" + bank + "/answers", ada, `{"question_id":"fc","rating":5}`, 400, `"field":"rating"`},
		{"answer no rating or response", "POST", "/api/v1/banks/" + bank + "/answers", ada, `{"question_id":"fc"}`, 400, `"field":"rating"`},
		{"answer response of a wrong type", "POST", "/api/v1/banks/" + bank + "/answers", ada, `{"question_id":"sa","response":7}`, 400, `"field":"response"`},
		{"answer ordering too short", "POST", "/api/v1/banks/" + bank + "/answers", ada, `{"question_id":"or","response":["founded"]}`, 400, "expected 3 values"},
		{"answer not a choice", "POST", "/api/v1/banks/" + bank + "/answers", ada, `{"question_id":"mc","response":"France"}`, 400, "not one of the choices"},
		{"answer self-rated", "POST", "/api/v1/banks/" + bank + "/answers", ada, `{"question_id":"fc","rating":3}`, 200, `"correct":null`},
		{"answer graded right", "POST", "/api/v1/banks/" + bank + "/answers", ada, `{"question_id":"sa","response":"Jan 7, 2022","response_ms":20000}`, 200, `"correct":true,"due"`},
		{"answer graded wrong", "POST", "/api/v1/banks/" + bank + "/answers", ada, `{"question_id":"tf","response":"false"}`, 200, `"rating":1`},
		{"answer matching", "POST", "/api/v1/banks/" + bank + "/answers", ada, `{"question_id":"ma","response":["condemned","evaded","supported"],"response_ms":3000}`, 200, `"rating":4`},
		{"answer stale", "POST", "/api/v1/banks/" + bank + "/answers", ada, `{"question_id":"ma","response":["condemned","evaded","supported"],"reps":0}`, 409, "answered already"},
		{"unknown API route", "GET", "/api/v1/nothing", ada, "", 404, "no such API route"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.api(tc.method, tc.url, tc.caller, tc.body)
			if status != tc.wantStatus || !strings.Contains(body, tc.wantContains) {
				t.Errorf("%s %s = %d %s, want %d containing %q", tc.method, tc.url, status, body, tc.wantStatus, tc.wantContains)
			}
			if status >= 500 {
				t.Errorf("a client's input got a %d", status)
			}
		})
	}
}

func TestAPIStudyLoop(t *testing.T) {
	e := newEnv(t, true)
	status, body := e.api("POST", "/api/v1/login", "", `{"username":"nobody","password":"x"}`)
	if status != 401 {
		t.Fatalf("login: %d %s", status, body)
	}
	e.user("ada")
	status, body = e.api("POST", "/api/v1/login", "", `{"username":"ada","password":"correct horse"}`)
	var login struct{ Token string }
	if status != 200 || json.Unmarshal([]byte(body), &login) != nil || login.Token == "" {
		t.Fatalf("login: %d %s", status, body)
	}
	path := fmt.Sprintf("/api/v1/banks/%d", e.bank.ID)
	// Answer every card with Easy: seven new cards, then nothing is due.
	for i := 0; i < 7; i++ {
		status, body = e.api("GET", path+"/next", login.Token, "")
		var next struct {
			Question *struct {
				ID   string
				Reps uint64
			}
		}
		if status != 200 || json.Unmarshal([]byte(body), &next) != nil || next.Question == nil {
			t.Fatalf("next %d: %d %s", i, status, body)
		}
		status, body = e.api("POST", path+"/answers", login.Token, fmt.Sprintf(`{"question_id":%q,"rating":4,"reps":%d}`, next.Question.ID, next.Question.Reps))
		if status != 200 {
			t.Fatalf("answer %d: %d %s", i, status, body)
		}
	}
	status, body = e.api("GET", path+"/next", login.Token, "")
	if status != 200 || !strings.Contains(body, `"question":null`) || !strings.Contains(body, `"next_due":"2026-03`) {
		t.Errorf("after every card: %d %s", status, body)
	}
	// A week later some are due again.
	e.clock.Add(30 * 24 * time.Hour)
	status, body = e.api("GET", path+"/next", login.Token, "")
	if status != 200 || strings.Contains(body, `"question":null`) {
		t.Errorf("a month later nothing is due: %s", body)
	}
}

func TestSignupClosed(t *testing.T) {
	e := newEnv(t, false)
	status, body := e.api("POST", "/api/v1/signup", "", `{"username":"bob","password":"a long passphrase"}`)
	if status != 403 || !strings.Contains(body, "closed") {
		t.Errorf("signup while closed: %d %s", status, body)
	}
}

// browser is a cookie-keeping client for the pages.
type browser struct {
	e       *testEnv
	cookies map[string]string
}

func (e *testEnv) browser() *browser { return &browser{e: e, cookies: map[string]string{}} }

func (b *browser) request(method, path string, form url.Values) (int, string, http.Header) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	status, out, h := b.e.do(req)
	for _, line := range h.Values("Set-Cookie") {
		c, err := http.ParseSetCookie(line)
		if err != nil {
			continue
		}
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c.Value
		}
	}
	return status, out, h
}

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func (b *browser) csrf(page string) string {
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		b.e.t.Fatalf("no CSRF token in the page:\n%.500s", page)
	}
	return m[1]
}

func (b *browser) post(path, fromPage string, form url.Values) (int, string, http.Header) {
	form.Set("_csrf", b.csrf(fromPage))
	return b.request("POST", path, form)
}

func TestPageScenarios(t *testing.T) {
	e := newEnv(t, true)
	anon := e.browser()
	tests := []struct {
		name, path   string
		wantStatus   int
		wantContains string
		wantLocation string
	}{
		{"home sends to sign-in", "/", 303, "", "/login"},
		{"stats needs sign-in", "/stats", 303, "", "/login?next=%2Fstats"},
		{"study needs sign-in", "/banks/1/study", 303, "", "/login?next=%2Fbanks%2F1%2Fstudy"},
		{"sign-in page", "/login", 200, `autocomplete="current-password"`, ""},
		{"sign-up page", "/signup", 200, "Create an account", ""},
		{"unknown page", "/nowhere", 404, "There is no page at this address.", ""},
		{"unknown static file", "/static/nope.css", 404, "No such file", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body, h := anon.request("GET", tc.path, nil)
			if status != tc.wantStatus || !strings.Contains(body, tc.wantContains) || h.Get("Location") != tc.wantLocation {
				t.Errorf("GET %s = %d (Location %q) %.200s", tc.path, status, h.Get("Location"), body)
			}
		})
	}
	t.Run("a form without its CSRF token is refused", func(t *testing.T) {
		status, body, _ := anon.request("POST", "/login", url.Values{"username": {"ada"}, "password": {"x"}})
		if status != 403 || !strings.Contains(body, "expired") {
			t.Errorf("POST /login without a token = %d %.200s", status, body)
		}
	})
	t.Run("security headers", func(t *testing.T) {
		_, _, h := anon.request("GET", "/login", nil)
		for name, want := range map[string]string{
			"Content-Security-Policy": "script-src 'self'", "X-Content-Type-Options": "nosniff",
			"X-Frame-Options": "DENY", "Referrer-Policy": "same-origin",
		} {
			if !strings.Contains(h.Get(name), want) {
				t.Errorf("%s = %q, want %q", name, h.Get(name), want)
			}
		}
		if cookie := strings.Join(h.Values("Set-Cookie"), "\n"); !strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Lax") {
			t.Errorf("cookies are not HttpOnly and SameSite=Lax: %s", cookie)
		}
	})
}

func TestSignUpStudyAndFeedback(t *testing.T) {
	e := newEnv(t, true)
	b := e.browser()
	_, page, _ := b.request("GET", "/signup", nil)
	status, body, _ := b.post("/signup", page, url.Values{"username": {"ada"}, "password": {"short"}})
	if status != 400 || !strings.Contains(body, "Password is too short") || !strings.Contains(body, `value="ada"`) {
		t.Fatalf("weak password: %d %.300s", status, body)
	}
	status, _, h := b.post("/signup", body, url.Values{"username": {"ada"}, "password": {"correct horse"}})
	if status != 303 || h.Get("Location") != "/" {
		t.Fatalf("sign-up: %d %v", status, h)
	}
	_, home, _ := b.request("GET", "/", nil)
	if !strings.Contains(home, "Every type") || !strings.Contains(home, "7 new") {
		t.Fatalf("home: %.500s", home)
	}
	// Answer the quiz card by card until the short answer comes up.
	study := fmt.Sprintf("/banks/%d/study?mode=quiz", e.bank.ID)
	for range 7 {
		_, page, _ = b.request("GET", study, nil)
		qid := regexp.MustCompile(`name="question_id" value="([^"]+)"`).FindStringSubmatch(page)[1]
		form := url.Values{"question_id": {qid}, "reps": {"0"}, "mode": {"quiz"}}
		switch qid {
		case "fc":
			// A flashcard is rated once its answer was shown.
			_, page, _ = b.request("GET", study+"&reveal=fc", nil)
			form.Set("rating", "3")
		case "mc":
			form.Set("response", "Armenia")
		case "tf":
			form.Set("response", "true")
		case "cz":
			form.Set("response", "Political")
		case "sa":
			form.Set("response", "7 Jan 2022")
		case "or":
			form["order"] = []string{"founded", "deployed", "withdrew"}
		case "ma":
			form["match"] = []string{"condemned", "supported", "evaded"} // two swapped: wrong
		}
		status, _, h = b.post(fmt.Sprintf("/banks/%d/answer", e.bank.ID), page, form)
		if status != 303 {
			t.Fatalf("answer %s: %d", qid, status)
		}
		loc := h.Get("Location")
		if qid == "fc" {
			if !strings.Contains(loc, "/study") {
				t.Errorf("a self-rated card goes on to the next: %s", loc)
			}
			continue
		}
		_, fb, _ := b.request("GET", loc, nil)
		wantRight := qid != "ma"
		if strings.Contains(fb, "✓ Right") != wantRight {
			t.Errorf("%s: feedback %.600s", qid, fb)
		}
		if qid == "ma" {
			// Each pair is marked; the rating comes from the whole answer.
			parts := regexp.MustCompile(`class="part (right|wrong)">.*?class="label">([^<]*)</span> <span class="given">([^<]*)</span>(?: <span class="expected-part">\(should be ([^)]*)\))?`).FindAllStringSubmatch(fb, -1)
			var got []string
			for _, p := range parts {
				got = append(got, strings.Join(p[1:], "/"))
			}
			want := []string{"right/Belarus/condemned/", "wrong/Kazakhstan/supported/evaded", "wrong/Syria/evaded/supported"}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("matching feedback marks %v, want %v", got, want)
			}
			if !strings.Contains(fb, `<strong id="rated">Again</strong>`) || !strings.Contains(fb, "The answer was wrong, so the card comes back soon.") {
				t.Errorf("a matching one pair right of three is not rated Again with its reason: %.1500s", fb)
			}
		}
		if qid == "or" && strings.Count(fb, `class="part right"`) != 3 {
			t.Errorf("ordering feedback does not mark its three items right: %.1500s", fb)
		}
		if qid == "ma" {
			// Override the rating of the wrong answer.
			status, _, h = b.post(fmt.Sprintf("/banks/%d/rerate", e.bank.ID), fb, url.Values{"review_id": {regexp.MustCompile(`name="review_id" value="(\d+)"`).FindStringSubmatch(fb)[1]}, "rating": {"3"}})
			if status != 303 {
				t.Fatalf("rerate: %d", status)
			}
			_, fb, _ = b.request("GET", h.Get("Location"), nil)
			if !strings.Contains(fb, `<strong id="rated">Good</strong>`) || !strings.Contains(fb, "You changed the rating from Again to Good.") {
				t.Errorf("after rerating: %.800s", fb)
			}
		}
	}
	// The cards still in learning come back within the session; rate them
	// Easy until the session ends.
	answered := 7
	var done string
	for range 10 {
		_, done, _ = b.request("GET", strings.Replace(study, "mode=quiz", "mode=flashcard", 1), nil)
		m := regexp.MustCompile(`name="question_id" value="([^"]+)"`).FindStringSubmatch(done)
		if m == nil {
			break
		}
		// Self-rated as flashcards, once their answers are shown.
		_, done, _ = b.request("GET", fmt.Sprintf("/banks/%d/study?mode=flashcard&reveal=%s", e.bank.ID, m[1]), nil)
		b.post(fmt.Sprintf("/banks/%d/answer", e.bank.ID), done, url.Values{"question_id": {m[1]}, "rating": {"4"}, "mode": {"quiz"}})
		answered++
	}
	if !strings.Contains(done, "Done for now") || !strings.Contains(done, fmt.Sprintf("<strong>%d</strong> answers", answered)) || !strings.Contains(done, "The next card is due") {
		t.Errorf("end of session after %d answers: %.2000s", answered, done[strings.Index(done, "<main"):])
	}
	_, stats, _ := b.request("GET", "/stats", nil)
	if !strings.Contains(stats, "<svg") || !strings.Contains(stats, "membership") {
		t.Errorf("stats: %.500s", stats)
	}
	// Another student sees none of it.
	other := e.browser()
	_, page, _ = other.request("GET", "/signup", nil)
	other.post("/signup", page, url.Values{"username": {"bob"}, "password": {"correct horse"}})
	status, _, _ = other.request("GET", fmt.Sprintf("/banks/%d/feedback/1", e.bank.ID), nil)
	if status != 404 {
		t.Errorf("another student's feedback: %d, want 404", status)
	}
	status, body, _ = other.request("GET", fmt.Sprintf("/banks/%d/feedback/abc", e.bank.ID), nil)
	if status != 400 || !strings.Contains(body, "The answer id &#34;abc&#34; is not a positive whole number.") {
		t.Errorf("feedback for a bad answer id: %d %.400s", status, body)
	}
	_, stats, _ = other.request("GET", "/stats", nil)
	if !strings.Contains(stats, "No answers yet") {
		t.Errorf("another student's stats show someone's answers: %.500s", stats)
	}
	// Settings: a bad value is refused with its field, a good one saved.
	_, page, _ = b.request("GET", "/settings", nil)
	status, body, _ = b.post("/settings", page, url.Values{"desired_retention": {"1.2"}, "new_per_day": {"10"}})
	if status != 400 || !strings.Contains(body, "Desired retention must be from 0.70 to 0.99") {
		t.Errorf("bad settings: %d %.400s", status, body)
	}
	status, _, h = b.post("/settings", body, url.Values{"desired_retention": {"0.85"}, "new_per_day": {"10"}})
	if status != 303 || h.Get("Location") != "/settings?saved=1" {
		t.Errorf("save settings: %d %v", status, h.Get("Location"))
	}
	// Signing out ends the session.
	_, page, _ = b.request("GET", "/settings", nil)
	b.post("/logout", page, url.Values{})
	status, _, _ = b.request("GET", "/stats", nil)
	if status != 303 {
		t.Errorf("after sign-out /stats = %d, want a redirect to sign in", status)
	}
}

func TestConcurrentClientsOverHTTP(t *testing.T) {
	e := newEnv(t, true)
	base := e.serve(t)
	const clients, answers = 100, 5
	tokens := make([]string, clients)
	for i := range tokens {
		tokens[i] = e.user(fmt.Sprintf("s%03d", i))
	}
	path := fmt.Sprintf("%s/api/v1/banks/%d", base, e.bank.ID)
	client := &http.Client{Timeout: 60 * time.Second}
	var wg sync.WaitGroup
	errs := make(chan error, clients*answers)
	for _, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range answers {
				req, _ := http.NewRequest("GET", path+"/next", nil)
				req.Header.Set("Authorization", "Bearer "+tok)
				resp, err := client.Do(req)
				if err != nil {
					errs <- err
					return
				}
				var next struct {
					Question struct {
						ID   string
						Reps uint64
					}
				}
				err = json.NewDecoder(resp.Body).Decode(&next)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					errs <- fmt.Errorf("next: %d %v", resp.StatusCode, err)
					return
				}
				body := fmt.Sprintf(`{"question_id":%q,"rating":4,"reps":%d}`, next.Question.ID, next.Question.Reps)
				req, _ = http.NewRequest("POST", path+"/answers", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tok)
				req.Header.Set("Content-Type", "application/json")
				resp, err = client.Do(req)
				if err != nil {
					errs <- err
					return
				}
				out, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 {
					errs <- fmt.Errorf("answer: %d %s", resp.StatusCode, out)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// Every acknowledged answer is in the store: each student has five
	// cards scheduled days ahead, so the next card is a new one.
	for i, tok := range tokens {
		status, body := e.api("GET", fmt.Sprintf("/api/v1/banks/%d/next", e.bank.ID), tok, "")
		if status != 200 || !strings.Contains(body, `"new_count":2`) {
			t.Errorf("student %d after %d answers: %s", i, answers, body)
		}
	}
}

func mustViews(t testing.TB) *views.Engine {
	t.Helper()
	v, err := views.New()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestSignInLimits(t *testing.T) {
	e := newEnv(t, true)
	e.user("ada")
	// A class of 50 signing in from one address within a minute.
	for i := range 50 {
		name := fmt.Sprintf("s%02d", i)
		e.user(name)
		if status, body := e.api("POST", "/api/v1/login", "", fmt.Sprintf(`{"username":%q,"password":"correct horse"}`, name)); status != 200 {
			t.Fatalf("student %d of the class refused: %d %s", i, status, body)
		}
	}
	// Guessing one account's password.
	for i := range storage.DefaultSignInPolicy.PerPair {
		if status, _ := e.api("POST", "/api/v1/login", "", `{"username":"ada","password":"guess"}`); status != 401 {
			t.Fatalf("failed attempt %d: %d, want 401", i+1, status)
		}
	}
	req := httptest.NewRequest("POST", "/api/v1/login", strings.NewReader(`{"username":"ADA","password":"correct horse"}`))
	req.Header.Set("Content-Type", "application/json")
	status, body, h := e.do(req)
	if status != 429 || h.Get("Retry-After") == "" || !strings.Contains(body, "too many failed sign-ins") {
		t.Errorf("after %d failures: %d %s (Retry-After %q), want 429", storage.DefaultSignInPolicy.PerPair, status, body, h.Get("Retry-After"))
	}
	// Other accounts from the same address are not locked out.
	if status, _ := e.api("POST", "/api/v1/login", "", `{"username":"s01","password":"correct horse"}`); status != 200 {
		t.Errorf("another account after ada's lock: %d", status)
	}
	// The sign-in page says so too.
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	status, body, _ = b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}})
	if status != 429 || !strings.Contains(body, "Too many failed sign-ins") {
		t.Errorf("the page after the lock: %d %.300s", status, body)
	}
}

func TestPasswordChangeEndsSessionsAndTokens(t *testing.T) {
	e := newEnv(t, true)
	token := e.user("ada")
	signIn := func() *browser {
		b := e.browser()
		_, page, _ := b.request("GET", "/login", nil)
		if status, _, _ := b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}}); status != 303 {
			t.Fatalf("sign in: %d", status)
		}
		return b
	}
	laptop, phone := signIn(), signIn()
	if laptop.cookies["quizd_session"] == phone.cookies["quizd_session"] {
		t.Fatal("two sign-ins share a session id")
	}
	_, page, _ := phone.request("GET", "/password", nil)
	status, body, _ := phone.post("/password", page, url.Values{"current": {"wrong one"}, "new": {"another horse"}})
	if status != 400 || !strings.Contains(body, "Current password is wrong.") {
		t.Errorf("wrong current password: %d %.300s", status, body)
	}
	status, body, _ = phone.post("/password", body, url.Values{"current": {"correct horse"}, "new": {"short"}})
	if status != 400 || !strings.Contains(body, "too short") {
		t.Errorf("weak new password: %d %.300s", status, body)
	}
	e.clock.Add(time.Second)
	status, _, h := phone.post("/password", body, url.Values{"current": {"correct horse"}, "new": {"another horse"}})
	if status != 303 || h.Get("Location") != "/password?saved=1" {
		t.Fatalf("change: %d %v", status, h.Get("Location"))
	}
	if status, _, _ := phone.request("GET", "/stats", nil); status != 200 {
		t.Errorf("the browser that changed the password was signed out: %d", status)
	}
	if status, _, _ := laptop.request("GET", "/stats", nil); status != 303 {
		t.Errorf("another session survived the password change: %d", status)
	}
	if status, _ := e.api("GET", "/api/v1/me/settings", token, ""); status != 401 {
		t.Errorf("an API token survived the password change: %d", status)
	}
	// The API: sign in with the new password, change it back, revoke.
	_, body = e.api("POST", "/api/v1/login", "", `{"username":"ada","password":"another horse"}`)
	var login struct{ Token string }
	json.Unmarshal([]byte(body), &login)
	if status, body := e.api("PUT", "/api/v1/me/password", login.Token, `{"current":"another horse","new":"correct horse"}`); status != 200 {
		t.Errorf("API password change: %d %s", status, body)
	}
	_, body = e.api("POST", "/api/v1/login", "", `{"username":"ada","password":"correct horse"}`)
	json.Unmarshal([]byte(body), &login)
	if status, _ := e.api("DELETE", "/api/v1/me/token", login.Token, ""); status != 204 {
		t.Errorf("revoke: %d", status)
	}
	if status, _ := e.api("GET", "/api/v1/me/settings", login.Token, ""); status != 401 {
		t.Errorf("a revoked token still works: %d", status)
	}
}

func TestSessionTimeouts(t *testing.T) {
	e := newEnv(t, true)
	e.user("ada")
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}})
	// Active every day, the session still ends 30 days after sign-in.
	for range 29 {
		e.clock.Add(24 * time.Hour)
		if status, _, _ := b.request("GET", "/stats", nil); status != 200 {
			t.Fatalf("an active session ended early: %d", status)
		}
	}
	e.clock.Add(2 * 24 * time.Hour)
	if status, _, _ := b.request("GET", "/stats", nil); status != 303 {
		t.Errorf("a session past the absolute timeout: %d", status)
	}
}

func TestCookiesSecureBehindTLS(t *testing.T) {
	for _, tc := range []struct {
		name    string
		trusted []string
		proto   string
		secure  bool
	}{
		{"plain http", nil, "", false},
		{"a header from an untrusted address", nil, "https", false},
		{"https through a trusted proxy", []string{"0.0.0.0/0"}, "https", true},
		{"http through a trusted proxy", []string{"0.0.0.0/0"}, "http", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, true)
			e.app = New(Deps{Store: e.store, Views: mustViews(t), Config: Config{Now: e.clock.Now, Logger: quietLogger(), TrustedProxies: tc.trusted}})
			req := httptest.NewRequest("GET", "/login", nil)
			if tc.proto != "" {
				req.Header.Set("X-Forwarded-Proto", tc.proto)
			}
			_, _, h := e.do(req)
			cookies := h.Values("Set-Cookie")
			if len(cookies) < 1 {
				t.Fatalf("cookies %v", cookies)
			}
			for _, c := range cookies {
				if got := strings.Contains(strings.ToLower(c), "secure"); got != tc.secure {
					t.Errorf("cookie %q: Secure %v, want %v", c, got, tc.secure)
				}
			}
		})
	}
}

func TestSignInGivesANewSessionID(t *testing.T) {
	e := newEnv(t, true)
	e.user("ada")
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	// No session exists before sign-in; an id planted in the browser then
	// is not taken up.
	before := "planted-by-someone-else"
	b.cookies["quizd_session"] = before
	b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}})
	if after := b.cookies["quizd_session"]; after == "" || after == before {
		t.Errorf("the session id did not change at sign-in: %q → %q", before, after)
	}
	// The id known before sign-in is worth nothing after it.
	old := e.browser()
	old.cookies["quizd_session"] = before
	if status, _, _ := old.request("GET", "/stats", nil); status != 303 {
		t.Errorf("the pre-sign-in session id opens the account: %d", status)
	}
}

func TestBodyLimits(t *testing.T) {
	e := newEnv(t, true)
	token := e.user("ada")
	big := `{"desired_retention":0.9,"new_per_day":20,"pad":"` + strings.Repeat("x", 64<<10) + `"}`
	if status, body := e.api("PUT", "/api/v1/me/settings", token, big); status != 413 || !strings.Contains(body, "larger than") {
		t.Errorf("a JSON body over the limit: %d %.200s", status, body)
	}
	if status, body := e.api("PUT", "/api/v1/me/settings", token, `{"desired_retention":"high","new_per_day":20}`); status != 400 || !strings.Contains(body, `"field":"desired_retention"`) {
		t.Errorf("a value of the wrong type: %d %s", status, body)
	}
	req := httptest.NewRequest("PUT", "/api/v1/me/settings", strings.NewReader(`desired_retention=0.9`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if status, _, _ := e.do(req); status != 415 {
		t.Errorf("a body that is not JSON: %d, want 415", status)
	}
}

func TestIncompleteAnswerShowsTheSameCardAgain(t *testing.T) {
	e := newEnv(t, true)
	b := e.browser()
	_, page, _ := b.request("GET", "/signup", nil)
	b.post("/signup", page, url.Values{"username": {"ada"}, "password": {"correct horse"}})
	_, page, _ = b.request("GET", fmt.Sprintf("/banks/%d/study?mode=quiz", e.bank.ID), nil)
	// An ordering answered with one position of three.
	status, body, _ := b.post(fmt.Sprintf("/banks/%d/answer", e.bank.ID), page, url.Values{"question_id": {"or"}, "order": {"founded"}, "mode": {"quiz"}})
	if status != 422 || !strings.Contains(body, "Expected 3 values, got 1. Answer each part once, then check again.") || !strings.Contains(body, `name="question_id" value="or"`) {
		t.Errorf("an incomplete ordering: %d %.1500s", status, body)
	}
	if n, _ := e.store.NextCard(context.Background(), storage.NextQuery{UserID: 1, BankID: e.bank.ID, Now: e.clock.Now(), DayStart: e.clock.Now().Add(-time.Hour), NewPerDay: 20}); n.DoneToday != 0 {
		t.Errorf("the incomplete answer was recorded: %d answers today", n.DoneToday)
	}
}

func TestMain(m *testing.M) {
	os.Exit(testdb.Main(m, func(url string) error {
		st, err := storage.Open(context.Background(), storage.Config{Path: url})
		if err != nil {
			return err
		}
		return st.Close()
	}))
}
