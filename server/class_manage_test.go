package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"quizd/storage"
)

// classEnv is a teacher's class with ada in it and the teacher's private
// bank of 7 questions assigned.
type classEnv struct {
	*testEnv
	teacher, ada string // API tokens
	class        uint
	code         string
	bank         uint
}

func newClassEnv(t *testing.T) *classEnv {
	t.Helper()
	e := newEnv(t, true)
	ce := &classEnv{testEnv: e, teacher: e.role("teacher", storage.Instructor), ada: e.user("ada")}
	ctx := context.Background()
	teacher, _, _ := e.store.UserByName(ctx, "teacher")
	b, err := e.store.UpsertBank(ctx, typesBankSlug("private-b"), storage.BankOptions{OwnerID: &teacher.ID})
	if err != nil {
		t.Fatal(err)
	}
	ce.bank = b.Bank.ID
	status, body := e.api("POST", "/api/v1/classes", ce.teacher, `{"name":"Period 1"}`)
	var cl classJSON
	if status != 201 || json.Unmarshal([]byte(body), &cl) != nil {
		t.Fatalf("create class: %d %s", status, body)
	}
	ce.class, ce.code = cl.ID, cl.JoinCode
	if status, body, _ := e.joinCode(ce.ada, cl.JoinCode); status != 200 {
		t.Fatalf("join: %d %s", status, body)
	}
	ce.assign(t, fmt.Sprintf(`{"bank_id":%d}`, ce.bank), 200)
	return ce
}

func (ce *classEnv) path(format string, args ...any) string {
	return fmt.Sprintf("/api/v1/classes/%d"+format, append([]any{ce.class}, args...)...)
}

func (ce *classEnv) assign(t *testing.T, body string, want int) string {
	t.Helper()
	status, out := ce.api("POST", ce.path("/banks"), ce.teacher, body)
	if status != want {
		t.Fatalf("assign %s: %d %s, want %d", body, status, out, want)
	}
	return out
}

// assignment reads the class's one assignment as the API gives it.
func (ce *classEnv) assignment(t *testing.T) string {
	t.Helper()
	out := ce.assign(t, fmt.Sprintf(`{"bank_id":%d}`, ce.bank), 200)
	var v struct {
		Assignment json.RawMessage `json:"assignment"`
	}
	json.Unmarshal([]byte(out), &v)
	return string(v.Assignment)
}

func TestClassRenameArchiveAndNewCode(t *testing.T) {
	ce := newClassEnv(t)
	status, body := ce.api("PATCH", ce.path(""), ce.teacher, `{"name":"  Period 1 (spring)  "}`)
	if status != 200 || !strings.Contains(body, `"name":"Period 1 (spring)"`) || !strings.Contains(body, `"archived":false`) {
		t.Errorf("rename: %d %s", status, body)
	}
	for _, tc := range []struct{ name, body, field string }{
		{"an empty name", `{"name":"   "}`, "name"},
		{"a name too long", fmt.Sprintf(`{"name":%q}`, strings.Repeat("x", 201)), "name"},
		{"nothing to change", `{}`, ""},
	} {
		status, body := ce.api("PATCH", ce.path(""), ce.teacher, tc.body)
		if status != 422 || tc.field != "" && !strings.Contains(body, `"field":"`+tc.field+`"`) {
			t.Errorf("%s: %d %s, want 422 on %q", tc.name, status, body, tc.field)
		}
	}
	if status, body := ce.api("PATCH", ce.path(""), ce.teacher, `{"archived":"yes"}`); status != 400 || !strings.Contains(body, `"field":"archived"`) {
		t.Errorf("archived not a boolean: %d %s", status, body)
	}
	if _, body := ce.api("GET", "/api/v1/classes", ce.teacher, ""); !strings.Contains(body, `"name":"Period 1 (spring)"`) {
		t.Errorf("a refused change changed the class: %s", body)
	}
	// Archived: no one joins, the owner sees it marked, ada keeps the bank.
	status, body = ce.api("PATCH", ce.path(""), ce.teacher, `{"archived":true}`)
	if status != 200 || !strings.Contains(body, `"archived":true`) || !strings.Contains(body, `"archived_at":"2026-03-02T10:00:00Z"`) {
		t.Errorf("archive: %d %s", status, body)
	}
	bob := ce.user("bob")
	if status, body, _ := ce.joinCode(bob, ce.code); status != 409 || !strings.Contains(body, "archived") {
		t.Errorf("joining an archived class: %d %s, want 409 saying it is archived", status, body)
	}
	if status, _ := ce.api("GET", fmt.Sprintf("/api/v1/banks/%d/next", ce.bank), ce.ada, ""); status != 200 {
		t.Errorf("a student of the archived class lost its bank: %d", status)
	}
	if status, _ := ce.api("GET", fmt.Sprintf("/api/v1/reports/summary?class=%d&bank=%d&format=csv", ce.class, ce.bank), ce.teacher, ""); status != 200 {
		t.Errorf("the archived class's report: %d", status)
	}
	ce.api("PATCH", ce.path(""), ce.teacher, `{"archived":false}`)
	// A new code: the old one joins no more, the new one does.
	status, body = ce.api("POST", ce.path("/code"), ce.teacher, "")
	var cl classJSON
	json.Unmarshal([]byte(body), &cl)
	if status != 200 || cl.JoinCode == "" || cl.JoinCode == ce.code {
		t.Fatalf("new code: %d %s", status, body)
	}
	if status, _, _ := ce.joinCode(bob, ce.code); status != 404 {
		t.Errorf("the old code: %d, want 404", status)
	}
	if status, body, _ := ce.joinCode(bob, cl.JoinCode); status != 200 {
		t.Errorf("the new code: %d %s", status, body)
	}
	if status, _ := ce.api("PATCH", "/api/v1/classes/9999", ce.teacher, `{"name":"x"}`); status != 404 {
		t.Errorf("no such class: %d", status)
	}
}

func TestRosterRemoveAndLeave(t *testing.T) {
	ce := newClassEnv(t)
	if status, body := ce.api("POST", fmt.Sprintf("/api/v1/banks/%d/answers", ce.bank), ce.ada, `{"question_id":"tf","response":"true"}`); status != 200 {
		t.Fatalf("answer: %d %s", status, body)
	}
	status, body := ce.api("GET", ce.path("/students"), ce.teacher, "")
	var r struct {
		Students []studentJSON `json:"students"`
	}
	if status != 200 || json.Unmarshal([]byte(body), &r) != nil || len(r.Students) != 1 {
		t.Fatalf("roster: %d %s", status, body)
	}
	s := r.Students[0]
	if s.Username != "ada" || s.Answers != 1 || s.LastActive == nil || !s.LastActive.Equal(ce.clock.Now()) {
		t.Errorf("roster line %+v", s)
	}
	if status, body := ce.api("DELETE", ce.path("/students/%d", 9999), ce.teacher, ""); status != 404 || !strings.Contains(body, "not a student of the class") {
		t.Errorf("removing no student: %d %s", status, body)
	}
	if status, body := ce.api("DELETE", ce.path("/students/%d", s.ID), ce.teacher, ""); status != 204 {
		t.Fatalf("remove: %d %s", status, body)
	}
	if status, _ := ce.api("GET", fmt.Sprintf("/api/v1/banks/%d/next", ce.bank), ce.ada, ""); status != 403 {
		t.Errorf("a removed student still studies the class's bank: %d", status)
	}
	if _, body := ce.api("GET", ce.path("/students"), ce.teacher, ""); !strings.Contains(body, `"students":[]`) {
		t.Errorf("roster after removing: %s", body)
	}
	// Back in the class, the progress is where it was.
	ce.joinCode(ce.ada, ce.code)
	if _, body := ce.api("GET", ce.path("/students"), ce.teacher, ""); !strings.Contains(body, `"answers":1`) {
		t.Errorf("ada's answers after removal and return: %s", body)
	}
	// Leaving.
	if status, body := ce.api("DELETE", fmt.Sprintf("/api/v1/classes/me/%d", ce.class), ce.ada, ""); status != 204 {
		t.Errorf("leave: %d %s", status, body)
	}
	if status, body := ce.api("DELETE", fmt.Sprintf("/api/v1/classes/me/%d", ce.class), ce.ada, ""); status != 404 || !strings.Contains(body, "not in this class") {
		t.Errorf("leave again: %d %s", status, body)
	}
	if _, body := ce.api("GET", "/api/v1/classes", ce.ada, ""); !strings.Contains(body, `"classes":[]`) {
		t.Errorf("classes after leaving: %s", body)
	}
}

func TestAssignmentsAPI(t *testing.T) {
	ce := newClassEnv(t)
	out := ce.assign(t, fmt.Sprintf(`{"bank_id":%d,"due_at":"2026-03-20","target":{"mastered":5},"new_per_day":10,"desired_retention":0.85,"locked":true}`, ce.bank), 200)
	want := fmt.Sprintf(`{"bank_id":%d,"assigned_at":"2026-03-02T10:00:00Z","due_at":"2026-03-21T00:00:00Z","target":{"mastered":5},"new_per_day":10,"desired_retention":0.85,"locked":true}`, ce.bank)
	if !strings.Contains(out, `"assignment":`+want) || !strings.Contains(out, fmt.Sprintf(`"bank_ids":[%d]`, ce.bank)) {
		t.Errorf("assign with everything: %s\nwant the assignment %s", out, want)
	}
	// Bad input is refused with the field, and changes nothing.
	for _, tc := range []struct{ name, body, field string }{
		{"a due date that is no date", `"due_at":"next friday"`, "due_at"},
		{"a day that does not exist", `"due_at":"2026-02-30"`, "due_at"},
		{"an empty due date", `"due_at":""`, "due_at"},
		{"a target of another word", `"target":"most"`, "target"},
		{"a target of no questions", `"target":{"mastered":0}`, "target"},
		{"a target of more questions than the bank has", `"target":{"mastered":8}`, "target"},
		{"a target with another key", `"target":{"seen":3}`, "target"},
		{"a target that is a number", `"target":5`, "target"},
		{"retention too high", `"desired_retention":1.5`, "desired_retention"},
		{"retention too low", `"desired_retention":0.5`, "desired_retention"},
		{"new cards below zero", `"new_per_day":-1`, "new_per_day"},
		{"a lock of nothing", `"new_per_day":null,"desired_retention":null,"locked":true`, "locked"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := ce.api("POST", ce.path("/banks"), ce.teacher, fmt.Sprintf(`{"bank_id":%d,%s}`, ce.bank, tc.body))
			if status != 422 || !strings.Contains(body, `"field":"`+tc.field+`"`) {
				t.Errorf("%d %s, want 422 on %s", status, body, tc.field)
			}
			if got := ce.assignment(t); got != want {
				t.Errorf("a refused assignment changed it: %s", got)
			}
		})
	}
	if status, body := ce.api("POST", ce.path("/banks"), ce.teacher, fmt.Sprintf(`{"bank_id":%d,"new_per_day":"ten"}`, ce.bank)); status != 400 || !strings.Contains(body, `"field":"new_per_day"`) {
		t.Errorf("new_per_day as text: %d %s", status, body)
	}
	// Assigning again with only some fields changes those: null clears.
	ce.assign(t, fmt.Sprintf(`{"bank_id":%d,"due_at":"2026-04-01T17:00:00+02:00","locked":false}`, ce.bank), 200)
	if got := ce.assignment(t); !strings.Contains(got, `"due_at":"2026-04-01T15:00:00Z"`) || !strings.Contains(got, `"new_per_day":10`) || !strings.Contains(got, `"locked":false`) {
		t.Errorf("after changing the due date and the lock: %s", got)
	}
	ce.assign(t, fmt.Sprintf(`{"bank_id":%d,"due_at":null,"target":"all","new_per_day":null,"desired_retention":null}`, ce.bank), 200)
	if got := ce.assignment(t); !strings.Contains(got, `"due_at":null,"target":"all","new_per_day":null,"desired_retention":null,"locked":false`) {
		t.Errorf("after clearing: %s", got)
	}
	// Unassign.
	if status, body := ce.api("DELETE", ce.path("/banks/%d", ce.bank), ce.teacher, ""); status != 204 {
		t.Fatalf("unassign: %d %s", status, body)
	}
	if status, _ := ce.api("GET", fmt.Sprintf("/api/v1/banks/%d/next", ce.bank), ce.ada, ""); status != 403 {
		t.Errorf("the unassigned bank is still open to the student: %d", status)
	}
	if status, body := ce.api("DELETE", ce.path("/banks/%d", ce.bank), ce.teacher, ""); status != 404 || !strings.Contains(body, "not assigned") {
		t.Errorf("unassign again: %d %s", status, body)
	}
}

// A due date raises the new cards so that every question is seen in time;
// a locked pace holds whatever the student sets, a default gives way.
func TestDeadlineAndClassPace(t *testing.T) {
	ce := newClassEnv(t)
	b := ce.browserOf(t, "ada")
	_, page, _ := b.request("GET", "/settings", nil)
	if status, _, _ := b.post("/settings", page, url.Values{"desired_retention": {"0.9"}, "new_per_day": {"1"}}); status != 303 {
		t.Fatalf("settings: %d", status)
	}
	newCount := func() int {
		t.Helper()
		_, body := ce.api("GET", fmt.Sprintf("/api/v1/banks/%d/next", ce.bank), ce.ada, "")
		var n struct {
			NewCount int `json:"new_count"`
		}
		json.Unmarshal([]byte(body), &n)
		return n.NewCount
	}
	if n := newCount(); n != 1 {
		t.Errorf("no due date: %d new, want ada's 1", n)
	}
	// 7 questions by the end of tomorrow: 4 today.
	ce.assign(t, fmt.Sprintf(`{"bank_id":%d,"due_at":"2026-03-03"}`, ce.bank), 200)
	if n := newCount(); n != 4 {
		t.Errorf("due tomorrow: %d new, want 4", n)
	}
	_, home, _ := b.request("GET", "/", nil)
	for _, want := range []string{"Due <strong class=\"due-at\">Tuesday 3 March 2026</strong> (tomorrow)", "today&#39;s new cards are raised from 1 to 4", "on track", "0 of 7 done"} {
		if !strings.Contains(home, want) {
			t.Errorf("the home page lacks %q:\n%s", want, between(t, home, `<section class="assignments"`, `</section>`))
		}
	}
	// A class default gives way to the student's choice; a lock does not.
	ce.assign(t, fmt.Sprintf(`{"bank_id":%d,"due_at":null,"new_per_day":3}`, ce.bank), 200)
	if n := newCount(); n != 3 {
		t.Errorf("a class default of 3: %d new", n)
	}
	_, home, _ = b.request("GET", "/", nil)
	if status, _, _ := b.post(fmt.Sprintf("/banks/%d/pace", ce.bank), home, url.Values{"new_per_day": {"5"}, "desired_retention": {""}}); status != 303 {
		t.Errorf("choosing a pace: %d", status)
	}
	if n := newCount(); n != 5 {
		t.Errorf("ada chose 5 over the default: %d new", n)
	}
	for _, tc := range []struct{ name, npd, ret, field string }{
		{"not a number", "five", "", "new_per_day"},
		{"retention out of range", "", "2", "desired_retention"},
	} {
		status, body, _ := b.post(fmt.Sprintf("/banks/%d/pace", ce.bank), home, url.Values{"new_per_day": {tc.npd}, "desired_retention": {tc.ret}})
		if status != 422 || !strings.Contains(body, "is not") && !strings.Contains(body, "must be") {
			t.Errorf("%s: %d %.300s", tc.name, status, body)
		}
	}
	if n := newCount(); n != 5 {
		t.Errorf("a refused pace changed it: %d new", n)
	}
	ce.assign(t, fmt.Sprintf(`{"bank_id":%d,"new_per_day":2,"locked":true}`, ce.bank), 200)
	if n := newCount(); n != 2 {
		t.Errorf("a locked 2 over ada's 5: %d new", n)
	}
	_, home, _ = b.request("GET", "/", nil)
	if !strings.Contains(home, "Your class sets the new cards a day for this bank.") {
		t.Errorf("the home page does not say the pace is locked")
	}
	if status, _, _ := b.post(fmt.Sprintf("/banks/%d/pace", ce.bank), home, url.Values{"new_per_day": {"9"}}); status != 403 {
		t.Errorf("changing a locked pace: %d, want 403", status)
	}
	// A locked retention reaches the scheduler: at 0.99 an Easy first
	// answer gives a shorter interval than at ada's own 0.90.
	pub := ce.testEnv.bank.ID
	ce.assign(t, fmt.Sprintf(`{"bank_id":%d,"desired_retention":0.99,"locked":true}`, pub), 200)
	carol := ce.user("carol")
	days := func(token string) float64 {
		t.Helper()
		_, body := ce.api("POST", fmt.Sprintf("/api/v1/banks/%d/answers", pub), token, `{"question_id":"fc","rating":4}`)
		var r struct {
			IntervalDays float64 `json:"interval_days"`
		}
		if json.Unmarshal([]byte(body), &r) != nil || r.IntervalDays == 0 {
			t.Fatalf("answer: %s", body)
		}
		return r.IntervalDays
	}
	if at99, at90 := days(ce.ada), days(carol); at99 >= at90 {
		t.Errorf("Easy at the class's 0.99: %v days, at 0.90: %v days; want shorter at 0.99", at99, at90)
	}
}

// browserOf signs a user made by the API in.
func (e *testEnv) browserOf(t *testing.T, name string) *browser {
	t.Helper()
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	if status, body, _ := b.post("/login", page, url.Values{"username": {name}, "password": {"correct horse"}}); status != 303 {
		t.Fatalf("sign in %s: %d %.300s", name, status, body)
	}
	return b
}

func TestJoinLink(t *testing.T) {
	ce := newClassEnv(t)
	link := "/join/" + strings.ToLower(ce.code)
	// Signed out: to sign up, and back.
	b := ce.browser()
	status, _, h := b.request("GET", link, nil)
	if status != 303 || h.Get("Location") != "/login?next="+url.QueryEscape(link) {
		t.Fatalf("signed out: %d %q", status, h.Get("Location"))
	}
	_, page, _ := b.request("GET", h.Get("Location"), nil)
	if !strings.Contains(page, `href="/signup?next=%2fjoin%2f`+strings.ToLower(ce.code)+`"`) {
		t.Errorf("the sign-in page's sign-up link loses the way back:\n%s", between(t, page, "New here?", "</p>"))
	}
	_, page, _ = b.request("GET", "/signup?next="+url.QueryEscape(link), nil)
	status, _, h = b.post("/signup", page, url.Values{"username": {"bob"}, "password": {"correct horse"}, "next": {link}})
	if status != 303 || h.Get("Location") != link {
		t.Fatalf("sign up from the link: %d %q", status, h.Get("Location"))
	}
	status, page, _ = b.request("GET", link, nil)
	if status != 200 || !strings.Contains(page, "Join class Period 1?") {
		t.Fatalf("the join page: %d\n%.600s", status, page)
	}
	status, _, h = b.post(link, page, url.Values{})
	if status != 303 || !strings.HasPrefix(h.Get("Location"), "/classes?done=joined") {
		t.Fatalf("join: %d %q", status, h.Get("Location"))
	}
	if _, page, _ = b.request("GET", link, nil); !strings.Contains(page, "You are in Period 1") {
		t.Errorf("the link once joined:\n%.600s", page)
	}
	// A wrong code and an archived class say so.
	status, page, _ = b.request("GET", "/join/NOTACODE", nil)
	if status != 404 || !strings.Contains(page, "No class has this join code.") {
		t.Errorf("a wrong code: %d\n%.600s", status, page)
	}
	ce.api("PATCH", ce.path(""), ce.teacher, `{"archived":true}`)
	carol := ce.signedIn("carol")
	status, page, _ = carol.request("GET", link, nil)
	if status != 409 || !strings.Contains(page, "This class is archived and takes no new students.") {
		t.Errorf("an archived class: %d\n%.600s", status, page)
	}
	status, page, _ = carol.request("POST", link, url.Values{"_csrf": {carol.csrf(page)}})
	if status != 409 || !strings.Contains(page, "archived") {
		t.Errorf("joining an archived class by its link: %d\n%.300s", status, page)
	}
	// Wrong codes through the link count like the form's.
	guesser := ce.signedIn("guesser")
	for i := range joinFailuresPerUser.Max {
		guesser.request("GET", fmt.Sprintf("/join/GUESS%03d", i), nil)
	}
	if status, page, h := guesser.request("GET", link, nil); status != 429 || h.Get("Retry-After") == "" || !strings.Contains(page, "Too many wrong join codes") {
		t.Errorf("after %d wrong codes by the link: %d (Retry-After %q)", joinFailuresPerUser.Max, status, h.Get("Retry-After"))
	}
}

// The classes page's assign form keeps the class it was working on, and
// assigning from it keeps the assignment's due date.
func TestAssignFormKeepsTheClass(t *testing.T) {
	ce := newClassEnv(t)
	_, body := ce.api("POST", "/api/v1/classes", ce.teacher, `{"name":"Period 2"}`)
	var second classJSON
	json.Unmarshal([]byte(body), &second)
	ce.assign(t, fmt.Sprintf(`{"bank_id":%d,"due_at":"2026-03-20"}`, ce.bank), 200)
	b := ce.browserOf(t, "teacher")
	_, page, _ := b.request("GET", "/classes", nil)
	status, _, h := b.post("/classes/assign", page, url.Values{"class_id": {fmt.Sprint(second.ID)}, "bank_id": {fmt.Sprint(ce.bank)}})
	if status != 303 {
		t.Fatalf("assign: %d", status)
	}
	_, page, _ = b.request("GET", h.Get("Location"), nil)
	if !strings.Contains(page, fmt.Sprintf(`<option value="%d" selected>Period 2</option>`, second.ID)) {
		t.Errorf("the assign form went back to another class:\n%s", between(t, page, `id="class_id"`, `</select>`))
	}
	// Assigning again from the classes page keeps the due date.
	b.post("/classes/assign", page, url.Values{"class_id": {fmt.Sprint(ce.class)}, "bank_id": {fmt.Sprint(ce.bank)}})
	if got := ce.assignment(t); !strings.Contains(got, `"due_at":"2026-03-21T00:00:00Z"`) {
		t.Errorf("assigning again from the classes page lost the due date: %s", got)
	}
	// The class page's form: a bad date is shown with the form kept.
	_, page, _ = b.request("GET", fmt.Sprintf("/classes/%d", ce.class), nil)
	status, page, _ = b.post("/classes/assign", page, url.Values{"class_id": {fmt.Sprint(ce.class)}, "bank_id": {fmt.Sprint(ce.bank)}, "back": {"class"},
		"due_at": {"2026-13-01"}, "mastered": {"3"}, "new_per_day": {"5"}, "desired_retention": {""}})
	if status != 422 || !strings.Contains(page, `id="due_at" name="due_at" type="date" value="2026-13-01" aria-invalid="true"`) || !strings.Contains(page, `value="3"`) {
		t.Errorf("a bad due date on the class page: %d\n%s", status, between(t, page, `<h2 id="assign">`, `</form>`))
	}
	if got := ce.assignment(t); !strings.Contains(got, `"due_at":"2026-03-21T00:00:00Z"`) || !strings.Contains(got, `"target":"all"`) {
		t.Errorf("a refused form changed the assignment: %s", got)
	}
}

// The class page's forms: rename, archive (marked on both pages), a new
// code, unassign; the classes page's leave.
func TestClassPageForms(t *testing.T) {
	ce := newClassEnv(t)
	b := ce.browserOf(t, "teacher")
	page := fmt.Sprintf("/classes/%d", ce.class)
	step := func(path string, form url.Values, notice string) string {
		t.Helper()
		_, from, _ := b.request("GET", page, nil)
		status, _, h := b.post(path, from, form)
		if status != 303 {
			t.Fatalf("%s %v: %d", path, form, status)
		}
		_, out, _ := b.request("GET", h.Get("Location"), nil)
		if !strings.Contains(out, notice) {
			t.Errorf("%s %v: the page lacks %q:\n%.800s", path, form, notice, out)
		}
		return out
	}
	step(page, url.Values{"name": {"Period 1b"}}, "The class is renamed.")
	out := step(page, url.Values{"archived": {"1"}}, "The class is archived")
	if !strings.Contains(out, `Period 1b <span class="tag archived">archived</span>`) || strings.Contains(out, `id="join-url"`) {
		t.Errorf("the archived class page is not marked, or still offers its link:\n%.800s", out)
	}
	if _, list, _ := b.request("GET", "/classes", nil); !strings.Contains(list, `<span class="tag archived">archived</span>`) {
		t.Error("the classes page does not mark the archived class")
	}
	step(page, url.Values{"archived": {"0"}}, "The class is open again")
	out = step(page+"/code", url.Values{}, "The class has a new join code")
	if strings.Contains(out, ce.code) {
		t.Error("the class page still shows the old code")
	}
	step(fmt.Sprintf("%s/banks/%d/unassign", page, ce.bank), url.Values{}, "The bank is unassigned.")
	if _, out, _ = b.request("GET", page, nil); !strings.Contains(out, "No bank assigned yet.") {
		t.Error("the unassigned bank is still listed")
	}
	// ada leaves from the classes page.
	ada := ce.browserOf(t, "ada")
	_, list, _ := ada.request("GET", "/classes", nil)
	status, _, h := ada.post(fmt.Sprintf("/classes/%d/leave", ce.class), list, url.Values{})
	if _, out, _ := ada.request("GET", h.Get("Location"), nil); status != 303 || !strings.Contains(out, "You left the class. Your progress is kept.") || strings.Contains(out, "Period 1b") {
		t.Errorf("leaving: %d\n%.800s", status, out)
	}
}
