package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"quizd/storage"
)

// accountsEnv has an admin (root), an instructor (teacher) with class C
// holding the student ada, and another instructor (other) with class D
// holding the student bob.
type accountsEnv struct {
	*testEnv
	root, teacher, other, ada, bob string // tokens
	class, otherClass              *storage.Class
}

func newAccountsEnv(t *testing.T) *accountsEnv {
	e := &accountsEnv{testEnv: newEnv(t, true)}
	e.root = e.role("root", storage.Admin)
	e.teacher = e.role("teacher", storage.Instructor)
	e.other = e.role("other", storage.Instructor)
	e.ada = e.user("ada")
	e.bob = e.user("bob")
	ctx := context.Background()
	var err error
	if e.class, err = e.store.CreateClass(ctx, e.id("teacher"), "C"); err != nil {
		t.Fatal(err)
	}
	if e.otherClass, err = e.store.CreateClass(ctx, e.id("other"), "D"); err != nil {
		t.Fatal(err)
	}
	e.store.JoinClass(ctx, e.id("ada"), e.class.JoinCode)
	e.store.JoinClass(ctx, e.id("bob"), e.otherClass.JoinCode)
	// An instructor who joined C with its students' code.
	e.role("joiner", storage.Instructor)
	e.store.JoinClass(ctx, e.id("joiner"), e.class.JoinCode)
	return e
}

// pageSignIn is a browser signed in on the page as name, and a page of it
// to take a CSRF token from.
func (e *accountsEnv) pageSignIn(name string) (*browser, string) {
	e.t.Helper()
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	if status, _, _ := b.post("/login", page, url.Values{"username": {name}, "password": {"correct horse"}}); status != 303 {
		e.t.Fatalf("%s could not sign in: %d", name, status)
	}
	_, page, _ = b.request("GET", "/settings", nil)
	return b, page
}

func (e *accountsEnv) id(name string) uint {
	e.t.Helper()
	u, _, err := e.store.UserByName(context.Background(), name)
	if err != nil {
		e.t.Fatal(err)
	}
	return u.ID
}

// roster posts a roster file to a class.
func (e *accountsEnv) roster(token string, classID uint, file string) (int, string) {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("file", "roster.csv")
	w.Write([]byte(file))
	mw.Close()
	req := httptest.NewRequest("POST", fmt.Sprintf("/api/v1/classes/%d/roster", classID), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	status, out, _ := e.do(req)
	return status, out
}

func TestAdminAPIScenarios(t *testing.T) {
	e := newAccountsEnv(t)
	ada, root := fmt.Sprint(e.id("ada")), fmt.Sprint(e.id("root"))
	tests := []struct {
		name, method, url, caller, body string
		wantStatus                      int
		wantContains                    string
	}{
		{"list", "GET", "/api/v1/admin/users", e.root, "", 200, `"total":6`},
		{"search", "GET", "/api/v1/admin/users?q=ADA", e.root, "", 200, `"username":"ada","display_name":"","role":"student","disabled":false`},
		{"a page", "GET", "/api/v1/admin/users?limit=2&offset=2", e.root, "", 200, `"limit":2,"offset":2`},
		{"limit too large", "GET", "/api/v1/admin/users?limit=5000", e.root, "", 400, `"field":"limit"`},
		{"offset not a number", "GET", "/api/v1/admin/users?offset=x", e.root, "", 400, `offset: must be a whole number from 0 to 1000000`},
		{"query too long", "GET", "/api/v1/admin/users?q=" + strings.Repeat("a", 101), e.root, "", 400, `"field":"q"`},
		{"list as an instructor", "GET", "/api/v1/admin/users", e.teacher, "", 403, "only admins"},
		{"list as a student", "GET", "/api/v1/admin/users", e.ada, "", 403, "only admins"},
		{"create with a password", "POST", "/api/v1/admin/users", e.root, `{"username":"inst","password":"a long passphrase","role":"instructor","display_name":"Ms Inst"}`, 201, `"display_name":"Ms Inst","role":"instructor"`},
		{"create without a password gives a link", "POST", "/api/v1/admin/users", e.root, `{"username":"inst2","role":"student"}`, 201, `"reset_url":"http://example.com/reset/`},
		{"create a taken name", "POST", "/api/v1/admin/users", e.root, `{"username":"ADA","role":"student"}`, 409, "taken"},
		{"create with a bad role", "POST", "/api/v1/admin/users", e.root, `{"username":"x1y","role":"owner"}`, 400, `"field":"role"`},
		{"create without a role", "POST", "/api/v1/admin/users", e.root, `{"username":"x1y"}`, 400, `role is missing`},
		{"create with a weak password", "POST", "/api/v1/admin/users", e.root, `{"username":"x1y","password":"short","role":"student"}`, 400, `"field":"password"`},
		{"create with an empty password", "POST", "/api/v1/admin/users", e.root, `{"username":"x1y","password":"","role":"student"}`, 400, `leave the field out`},
		{"create with a bad name", "POST", "/api/v1/admin/users", e.root, `{"username":"<b>","role":"student"}`, 400, `"field":"username"`},
		{"create with a bad display name", "POST", "/api/v1/admin/users", e.root, `{"username":"x1y","role":"student","display_name":"a\nb"}`, 400, `"field":"display_name"`},
		{"create with an unknown field", "POST", "/api/v1/admin/users", e.root, `{"username":"x1y","role":"student","admin":true}`, 400, `"field":"admin"`},
		{"create as an instructor", "POST", "/api/v1/admin/users", e.teacher, `{"username":"x1y","role":"admin"}`, 403, "only admins"},
		{"change a role", "PATCH", "/api/v1/admin/users/" + ada, e.root, `{"role":"instructor"}`, 200, `"role":"instructor"`},
		{"change it back", "PATCH", "/api/v1/admin/users/" + ada, e.root, `{"role":"student"}`, 200, `"role":"student"`},
		{"change nothing", "PATCH", "/api/v1/admin/users/" + ada, e.root, `{}`, 400, "give role, disabled or both"},
		{"change to a bad role", "PATCH", "/api/v1/admin/users/" + ada, e.root, `{"role":"owner"}`, 400, `"field":"role"`},
		{"disabled of a wrong type", "PATCH", "/api/v1/admin/users/" + ada, e.root, `{"disabled":"yes"}`, 400, `"field":"disabled"`},
		{"change a missing user", "PATCH", "/api/v1/admin/users/9999", e.root, `{"role":"student"}`, 404, "no user with this id"},
		{"change as an instructor", "PATCH", "/api/v1/admin/users/" + ada, e.teacher, `{"role":"admin"}`, 403, "only admins"},
		{"reset link by the admin", "POST", "/api/v1/users/" + ada + "/reset", e.root, "", 201, `"expires_at":"2026-03-03T10:00:00Z"`},
		{"reset link by the student's instructor", "POST", "/api/v1/users/" + ada + "/reset", e.teacher, "", 201, `"reset_url":"http://example.com/reset/`},
		{"reset link by another instructor", "POST", "/api/v1/users/" + ada + "/reset", e.other, "", 403, "students of your own classes"},
		{"reset link for an instructor in one's class", "POST", fmt.Sprintf("/api/v1/users/%d/reset", e.id("joiner")), e.teacher, "", 403, "students of your own classes"},
		{"reset link for oneself as an instructor", "POST", fmt.Sprintf("/api/v1/users/%d/reset", e.id("teacher")), e.teacher, "", 403, "students of your own classes"},
		{"reset link by a student", "POST", "/api/v1/users/" + ada + "/reset", e.bob, "", 403, "only instructors and admins"},
		{"reset link for a missing user", "POST", "/api/v1/users/9999/reset", e.root, "", 404, "no user with this id"},
		{"reset link for a missing user as an instructor", "POST", "/api/v1/users/9999/reset", e.teacher, "", 403, "students of your own classes"},
		{"demote the last admin", "PATCH", "/api/v1/admin/users/" + root, e.root, `{"role":"instructor"}`, 409, "make another account admin first"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.api(tc.method, tc.url, tc.caller, tc.body)
			if status != tc.wantStatus || !strings.Contains(body, tc.wantContains) {
				t.Errorf("%s %s = %d %s, want %d containing %q", tc.method, tc.url, status, body, tc.wantStatus, tc.wantContains)
			}
		})
	}
}

func TestTheLastAdminIsToldWhy(t *testing.T) {
	e := newAccountsEnv(t)
	root := fmt.Sprint(e.id("root"))
	status, body := e.api("PATCH", "/api/v1/admin/users/"+root, e.root, `{"disabled":true}`)
	if status != 409 || !strings.Contains(body, "you are the last enabled admin: make another account admin first") {
		t.Errorf("disable oneself, the last admin: %d %s", status, body)
	}
	// With a second admin, the first may step down.
	e.api("PATCH", fmt.Sprintf("/api/v1/admin/users/%d", e.id("teacher")), e.root, `{"role":"admin"}`)
	if status, body := e.api("PATCH", "/api/v1/admin/users/"+root, e.root, `{"role":"instructor"}`); status != 200 {
		t.Errorf("demote one of two admins: %d %s", status, body)
	}
	status, body = e.api("PATCH", "/api/v1/admin/users/"+root, e.teacher, `{"role":"admin"}`)
	if status != 200 {
		t.Errorf("promote back: %d %s", status, body)
	}
}

func TestADisabledAccountIsRefusedAtOnce(t *testing.T) {
	e := newAccountsEnv(t)
	b, _ := e.pageSignIn("ada")
	if status, _, _ := b.request("GET", "/stats", nil); status != 200 {
		t.Fatalf("stats before: %d", status)
	}
	ada := fmt.Sprint(e.id("ada"))
	if status, body := e.api("PATCH", "/api/v1/admin/users/"+ada, e.root, `{"disabled":true}`); status != 200 || !strings.Contains(body, `"disabled":true,"disabled_at":"2026-03-02T10:00:00Z"`) {
		t.Fatalf("disable: %d %s", status, body)
	}
	// The open session ends on its next request; the token gets 401.
	if status, _, h := b.request("GET", "/stats", nil); status != 303 || !strings.HasPrefix(h.Get("Location"), "/login") {
		t.Errorf("the disabled student's session: %d %s, want 303 to sign in", status, h.Get("Location"))
	}
	if status, body := e.api("GET", "/api/v1/banks", e.ada, ""); status != 401 {
		t.Errorf("the disabled student's token: %d %s", status, body)
	}
	// A sign-in with the right password is refused and says why; with
	// a wrong one it says only that.
	status, body := e.api("POST", "/api/v1/login", "", creds("ada", "correct horse"))
	if status != 403 || !strings.Contains(body, "this account is disabled: ask your instructor or an admin to enable it") {
		t.Errorf("API sign-in while disabled: %d %s", status, body)
	}
	if status, body := e.api("POST", "/api/v1/login", "", creds("ada", "wrong horse")); status != 401 || strings.Contains(body, "disabled") {
		t.Errorf("a wrong password while disabled: %d %s", status, body)
	}
	b = e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	if status, page, _ := b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}}); status != 403 ||
		!strings.Contains(page, "This account is disabled. Ask your instructor or an admin to enable it.") {
		t.Errorf("page sign-in while disabled: %d %.300s", status, between(t, page, "<main", "</main>"))
	}
	// No reset link for a disabled account.
	if status, body := e.api("POST", "/api/v1/users/"+ada+"/reset", e.root, ""); status != 409 || !strings.Contains(body, "enable it first") {
		t.Errorf("a link for a disabled account: %d %s", status, body)
	}
	// Enabled again, the password works again (the old token stays ended).
	if status, body := e.api("PATCH", "/api/v1/admin/users/"+ada, e.root, `{"disabled":false}`); status != 200 || !strings.Contains(body, `"disabled":false`) {
		t.Fatalf("enable: %d %s", status, body)
	}
	if status, body := e.api("POST", "/api/v1/login", "", creds("ada", "correct horse")); status != 200 {
		t.Errorf("sign-in once enabled: %d %s", status, body)
	}
	if status, _ := e.api("GET", "/api/v1/banks", e.ada, ""); status != 401 {
		t.Errorf("the token ended by disabling works again: %d", status)
	}
}

// resetTokenOf is the token of a reset link.
func resetTokenOf(t *testing.T, link string) string {
	t.Helper()
	_, tok, ok := strings.Cut(link, "/reset/")
	if !ok || len(tok) < 40 {
		t.Fatalf("not a reset link: %q", link)
	}
	return tok
}

func TestAResetLinkSetsAPasswordOnce(t *testing.T) {
	var logs bytes.Buffer
	e := newAccountsEnv(t)
	e.configure(func(c *Config) {
		c.BaseURL = "https://quiz.example.org/"
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	})
	status, body := e.api("POST", "/api/v1/admin/users", e.root, `{"username":"newbie","role":"instructor","display_name":"New B"}`)
	var made struct {
		ResetURL  string `json:"reset_url"`
		ExpiresAt string `json:"expires_at"`
	}
	if err := json.Unmarshal([]byte(body), &made); status != 201 || err != nil || !strings.HasPrefix(made.ResetURL, "https://quiz.example.org/reset/") {
		t.Fatalf("create: %d %s", status, body)
	}
	tok := resetTokenOf(t, made.ResetURL)
	// The account has no password until the link sets one.
	if status, body := e.api("POST", "/api/v1/login", "", creds("newbie", "")); status != 400 {
		t.Errorf("sign-in with no password: %d %s", status, body)
	}
	if status, body := e.api("POST", "/api/v1/login", "", creds("newbie", "anything at all")); status != 401 {
		t.Errorf("sign-in before the link is used: %d %s", status, body)
	}
	b := e.browser()
	status, page, _ := b.request("GET", "/reset/"+tok, nil)
	if status != 200 || !strings.Contains(page, `value="newbie"`) {
		t.Fatalf("reset page: %d %.500s", status, page)
	}
	// The password policy of sign-up holds.
	if status, page, _ := b.post("/reset/"+tok, page, url.Values{"password": {"newbie123"}}); status != 400 || !strings.Contains(page, "Password") {
		t.Errorf("a weak password: %d %.300s", status, between(t, page, "<main", "</main>"))
	}
	_, page, _ = b.request("GET", "/reset/"+tok, nil)
	if status, _, h := b.post("/reset/"+tok, page, url.Values{"password": {"a fresh passphrase"}}); status != 303 || h.Get("Location") != "/" {
		t.Fatalf("set the password: %d %s", status, h.Get("Location"))
	}
	// Signed in at once.
	if status, page, _ := b.request("GET", "/settings", nil); status != 200 || !strings.Contains(page, "newbie") {
		t.Errorf("after the reset: %d", status)
	}
	if status, body := e.api("POST", "/api/v1/login", "", creds("newbie", "a fresh passphrase")); status != 200 {
		t.Errorf("sign-in with the new password: %d %s", status, body)
	}
	// A second use is refused, and says to ask for a new link.
	other := e.browser()
	status, page, _ = other.request("GET", "/reset/"+tok, nil)
	if status != 410 || !strings.Contains(page, "This link was used already") || !strings.Contains(page, "Ask your instructor or an admin for a new link.") {
		t.Errorf("the used link: %d %.400s", status, between(t, page, "<main", "</main>"))
	}
	_, login, _ := other.request("GET", "/login", nil)
	if status, page, _ := other.post("/reset/"+tok, login, url.Values{"password": {"another passphrase"}}); status != 410 || !strings.Contains(page, "used already") {
		t.Errorf("a second use: %d", status)
	}
	if status, _ := e.api("POST", "/api/v1/login", "", creds("newbie", "another passphrase")); status != 401 {
		t.Errorf("the second use changed the password")
	}
	// An expired link says so.
	status, body = e.api("POST", fmt.Sprintf("/api/v1/users/%d/reset", e.id("ada")), e.teacher, "")
	json.Unmarshal([]byte(body), &made)
	e.clock.Add(storage.ResetValid)
	status, page, _ = other.request("GET", "/reset/"+resetTokenOf(t, made.ResetURL), nil)
	if status != 410 || !strings.Contains(page, "This link has expired") {
		t.Errorf("an expired link: %d", status)
	}
	if status, page, _ := other.request("GET", "/reset/"+strings.Repeat("x", 43), nil); status != 404 || !strings.Contains(page, "This link is not valid") {
		t.Errorf("a link never issued: %d", status)
	}
	if strings.Contains(logs.String(), tok) {
		t.Error("the log holds a reset link's token")
	}
	if !strings.Contains(logs.String(), "path=/reset/…") {
		t.Errorf("the log does not note the reset requests:\n%.500s", logs.String())
	}
}

func TestRosterUpload(t *testing.T) {
	e := newAccountsEnv(t)
	status, body := e.roster(e.teacher, e.class.ID, "username,display_name\nada,\nnew1,New One\nnew2,\n")
	var out struct {
		Students []struct {
			Username, Status string
			ResetURL         *string `json:"reset_url"`
		}
		Created, Existing int
	}
	if err := json.Unmarshal([]byte(body), &out); status != 200 || err != nil || out.Created != 2 || out.Existing != 1 {
		t.Fatalf("upload: %d %s", status, body)
	}
	if out.Students[0].Status != "existing" || out.Students[0].ResetURL != nil || out.Students[1].Status != "created" || out.Students[1].ResetURL == nil {
		t.Errorf("students %s", body)
	}
	cl, _ := e.store.ClassByID(context.Background(), e.class.ID)
	if cl.Students != 4 { // ada, joiner, new1, new2
		t.Errorf("the class has %d students, want 4", cl.Students)
	}
	// The link sets new1's password.
	b := e.browser()
	tok := resetTokenOf(t, *out.Students[1].ResetURL)
	_, page, _ := b.request("GET", "/reset/"+tok, nil)
	if status, _, _ := b.post("/reset/"+tok, page, url.Values{"password": {"a fresh passphrase"}}); status != 303 {
		t.Errorf("new1 sets a password: %d", status)
	}

	// Bad rows: 422 naming each line and column, nothing created.
	status, body = e.roster(e.teacher, e.class.ID, "username,display_name\nnew3,\nx,\nnew3,again\n")
	if status != 422 || !strings.Contains(body, `{"line":3,"column":"username","message":"\"x\" must be 3 to 32 characters long"}`) ||
		!strings.Contains(body, `{"line":4,"column":"username","message":"\"new3\" is on line 2 already: list each student once"}`) ||
		!strings.Contains(body, "nothing was created") {
		t.Errorf("bad rows: %d %s", status, body)
	}
	if _, _, err := e.store.UserByName(context.Background(), "new3"); err == nil {
		t.Error("a refused roster created new3")
	}
	tests := []struct {
		name, token string
		class       uint
		file        string
		wantStatus  int
		want        string
	}{
		{"no username column", e.teacher, e.class.ID, "name\nada\n", 422, `"column":"username"`},
		{"another instructor's class", e.other, e.class.ID, "username\nzed1\n", 403, "another instructor's"},
		{"a student", e.ada, e.class.ID, "username\nzed1\n", 403, "only instructors"},
		{"a missing class", e.teacher, 9999, "username\nzed1\n", 404, "no class"},
		{"the admin", e.root, e.otherClass.ID, "username\nbob\n", 200, `"existing":1`},
		{"too large", e.teacher, e.class.ID, "username\n" + strings.Repeat("abcdefgh\n", 8000), 413, "larger than 64 KiB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.roster(tc.token, tc.class, tc.file)
			if status != tc.wantStatus || !strings.Contains(body, tc.want) {
				t.Errorf("%d %s, want %d containing %q", status, body, tc.wantStatus, tc.want)
			}
		})
	}
	req := httptest.NewRequest("POST", fmt.Sprintf("/api/v1/classes/%d/roster", e.class.ID), strings.NewReader("username\nzed\n"))
	req.Header.Set("Content-Type", "text/csv")
	req.Header.Set("Authorization", "Bearer "+e.teacher)
	if status, body, _ := e.do(req); status != 400 || !strings.Contains(body, `"field":"file"`) {
		t.Errorf("not multipart: %d %s", status, body)
	}
}

func TestAdminPage(t *testing.T) {
	e := newAccountsEnv(t)
	b, _ := e.pageSignIn("root")
	status, page, _ := b.request("GET", "/admin/users?q=a", nil)
	if status != 200 || !strings.Contains(page, "Accounts 1–2 of 2.") || !strings.Contains(page, `href="/admin/users"`) {
		t.Fatalf("search: %d %s", status, between(t, page, "<main", "</main>"))
	}
	// Create with a password: back to the list, which says so.
	status, _, h := b.post("/admin/users", page, url.Values{"username": {"inst"}, "role": {"instructor"}, "password": {"a long passphrase"}, "display_name": {"Ms Inst"}})
	if status != 303 {
		t.Fatalf("create: %d", status)
	}
	_, page, _ = b.request("GET", h.Get("Location"), nil)
	if !strings.Contains(page, "Account inst created, as instructor.") || !strings.Contains(page, "Ms Inst") {
		t.Errorf("after create: %s", between(t, page, "<main", "</main>"))
	}
	// Without one: the link, shown once.
	status, page, _ = b.post("/admin/users", page, url.Values{"username": {"inst2"}, "role": {"student"}})
	if status != 201 || !strings.Contains(page, "Account inst2 created, as student.") || !strings.Contains(page, "http://example.com/reset/") {
		t.Errorf("create without a password: %d %s", status, between(t, page, "<main", "</main>"))
	}
	// A bad name keeps the form's values and marks the field.
	status, page, _ = b.post("/admin/users", page, url.Values{"username": {"x"}, "role": {"admin"}, "display_name": {"Kept"}})
	if status != 400 || !strings.Contains(page, `value="Kept"`) || !strings.Contains(page, `name="username" value="x" required`) ||
		!strings.Contains(page, "Username must be 3 to 32 characters long.") {
		t.Errorf("a bad name: %d %s", status, between(t, page, "<main", "</main>"))
	}
	// Disable ada, then enable her.
	ada := e.id("ada")
	status, _, h = b.post(fmt.Sprintf("/admin/users/%d", ada), page, url.Values{"disabled": {"1"}, "q": {"ada"}})
	if status != 303 {
		t.Fatalf("disable: %d", status)
	}
	_, page, _ = b.request("GET", h.Get("Location"), nil)
	if !strings.Contains(page, "ada is disabled: their sessions and tokens have ended") || !strings.Contains(page, `class="enable"`) {
		t.Errorf("after disable: %s", between(t, page, "<main", "</main>"))
	}
	b.post(fmt.Sprintf("/admin/users/%d", ada), page, url.Values{"disabled": {"0"}})
	if u, _ := e.store.UserByID(context.Background(), ada); u.Disabled() {
		t.Error("enable left ada disabled")
	}
	// The last admin can't step down, and the page says so.
	status, page, _ = b.post(fmt.Sprintf("/admin/users/%d", e.id("root")), page, url.Values{"role": {"student"}})
	if status != 409 || !strings.Contains(page, "You are the last enabled admin. Make another account admin first, then disable or demote this one.") {
		t.Errorf("the last admin: %d %s", status, between(t, page, "<main", "</main>"))
	}
	// A password link from the list.
	status, page, _ = b.post("/users/reset", page, url.Values{"username": {"bob"}})
	if status != 200 || !strings.Contains(page, "Password link for bob") {
		t.Errorf("a password link: %d", status)
	}
	if status, _, _ := b.post("/users/reset", page, url.Values{"username": {"nobody"}}); status != 404 {
		t.Errorf("a link for no one: %d", status)
	}
	// Paging: two a page.
	_, page, _ = b.request("GET", "/admin/users?limit=2&offset=2", nil)
	if !strings.Contains(page, "Accounts 3–4 of 8.") || !strings.Contains(page, `rel="prev"`) || !strings.Contains(page, `rel="next"`) {
		t.Errorf("a middle page: %s", between(t, page, `id="shown"`, "</p>"))
	}
	// The navigation shows the page to admins only.
	if !strings.Contains(page, `href="/admin/users" aria-current="page"`) {
		t.Error("the navigation has no Accounts entry for the admin")
	}
	teacher, _ := e.pageSignIn("teacher")
	if _, page, _ := teacher.request("GET", "/classes", nil); strings.Contains(page, "/admin/users") ||
		!strings.Contains(page, fmt.Sprintf(`href="/classes/%d/accounts"`, e.class.ID)) {
		t.Error("an instructor's navigation: Accounts shown, or no roster link")
	}
}

func TestSignInPageSaysToAskForALink(t *testing.T) {
	e := newEnv(t, true)
	_, page, _ := e.browser().request("GET", "/login", nil)
	if !strings.Contains(page, "Forgot your password? Ask your instructor (or an admin) for a link to set a new one.") {
		t.Error("the sign-in page does not say what to do when the password is forgotten")
	}
}

// Every account page that refuses input says so in whole sentences.
func TestAccountMessagesAreSentences(t *testing.T) {
	e := newAccountsEnv(t)
	root, rootPage := e.pageSignIn("root")
	teacher, teacherPage := e.pageSignIn("teacher")
	student, _ := e.pageSignIn("ada")
	anon := e.browser()
	_, anonPage, _ := anon.request("GET", "/login", nil)
	rosterPost := func(b *browser, page, file string) string {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("_csrf", b.csrf(page))
		w, _ := mw.CreateFormFile("file", "r.csv")
		w.Write([]byte(file))
		mw.Close()
		req := httptest.NewRequest("POST", fmt.Sprintf("/classes/%d/accounts", e.class.ID), &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		for k, v := range b.cookies {
			req.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		_, out, _ := e.do(req)
		return out
	}
	pages := map[string]func() string{
		"a bad username": func() string {
			_, p, _ := root.post("/admin/users", rootPage, url.Values{"username": {"x"}, "role": {"student"}})
			return p
		},
		"a long display name": func() string {
			_, p, _ := root.post("/admin/users", rootPage, url.Values{"username": {"xyz"}, "role": {"student"}, "display_name": {strings.Repeat("a", 201)}})
			return p
		},
		"a taken name": func() string {
			_, p, _ := root.post("/admin/users", rootPage, url.Values{"username": {"ada"}, "role": {"student"}})
			return p
		},
		"a weak password": func() string {
			_, p, _ := root.post("/admin/users", rootPage, url.Values{"username": {"xyz"}, "role": {"student"}, "password": {"short"}})
			return p
		},
		"the last admin": func() string {
			_, p, _ := root.post(fmt.Sprintf("/admin/users/%d", e.id("root")), rootPage, url.Values{"disabled": {"1"}})
			return p
		},
		"a search too long": func() string {
			_, p, _ := root.request("GET", "/admin/users?q="+strings.Repeat("a", 101), nil)
			return p
		},
		"a student on the admin page": func() string {
			_, p, _ := student.request("GET", "/admin/users", nil)
			return p
		},
		"another instructor's student": func() string {
			_, p, _ := teacher.post("/users/reset", teacherPage, url.Values{"username": {"bob"}})
			return p
		},
		"a roster with bad rows": func() string { return rosterPost(teacher, teacherPage, "username\nx\n") },
		"a roster without a file": func() string {
			_, p, _ := teacher.post(fmt.Sprintf("/classes/%d/accounts", e.class.ID), teacherPage, url.Values{})
			return p
		},
		"a link never issued": func() string {
			_, p, _ := anon.request("GET", "/reset/"+strings.Repeat("x", 43), nil)
			return p
		},
		"a disabled sign-in": func() string {
			e.store.ChangeAccount(context.Background(), e.id("bob"), storage.AccountChange{Disabled: ptr(true)}, e.clock.Now())
			_, p, _ := anon.post("/login", anonPage, url.Values{"username": {"bob"}, "password": {"correct horse"}})
			return p
		},
	}
	for name, get := range pages {
		t.Run(name, func(t *testing.T) {
			msg := shownMessage(t, get())
			if why := isSentence(msg); why != "" {
				t.Errorf("%q %s", msg, why)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }
