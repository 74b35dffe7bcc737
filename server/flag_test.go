package server

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"quizd/storage"
)

// flagWorld: the teacher owns private bank B, assigned to their class of
// ada and cal; bob studies elsewhere; other is another instructor.
type flagWorld struct {
	e                             *testEnv
	ada, cal, bob, teacher, other string
	root                          string
	bank                          uint
}

func newFlagWorld(t *testing.T) *flagWorld {
	e := newEnv(t, true)
	w := &flagWorld{e: e, ada: e.user("ada"), cal: e.user("cal"), bob: e.user("bob"),
		teacher: e.role("teacher", storage.Instructor), other: e.role("other", storage.Instructor), root: e.role("root", storage.Admin)}
	ctx := context.Background()
	teacher, _, _ := e.store.UserByName(ctx, "teacher")
	b, err := e.store.UpsertBank(ctx, typesBankSlug("private-b"), storage.BankOptions{OwnerID: &teacher.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.bank = b.Bank.ID
	c, _ := e.store.CreateClass(ctx, teacher.ID, "C")
	for _, n := range []string{"ada", "cal"} {
		u, _, _ := e.store.UserByName(ctx, n)
		e.store.JoinClass(ctx, u.ID, c.JoinCode)
	}
	e.store.AssignBank(ctx, c.ID, w.bank)
	return w
}

// answer gives a response to a question of B and returns the answer.
func (w *flagWorld) answer(t *testing.T, token, qid, response string) map[string]any {
	t.Helper()
	status, a := w.e.apiJSON(t, "POST", fmt.Sprintf("/api/v1/banks/%d/answers", w.bank), token, fmt.Sprintf(`{"question_id":%q,"response":%q}`, qid, response))
	if status != 200 {
		t.Fatalf("answer %s: %d %v", qid, status, a)
	}
	return a
}

func reviewID(a map[string]any) uint { return uint(a["review_id"].(float64)) }

func TestEveryAnswerResponseCarriesItsReviewID(t *testing.T) {
	w := newFlagWorld(t)
	bank := fmt.Sprintf("/api/v1/banks/%d/answers", w.bank)
	for _, tc := range []struct{ name, body string }{
		{"graded", `{"question_id":"sa","response":"8 January 2022"}`},
		{"self-rated", `{"question_id":"fc","rating":3}`},
		{"practice", `{"question_id":"tf","response":"true","practice":true}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, a := w.e.apiJSON(t, "POST", bank, w.ada, tc.body)
			v, ok := a["review_id"]
			if status != 200 || !ok {
				t.Fatalf("%d %v: no review_id", status, a)
			}
			if tc.name == "practice" && v != nil {
				t.Errorf("a practice answer has review_id %v, want null (it is no review)", v)
			}
			if tc.name != "practice" && v == nil {
				t.Error("review_id is null")
			}
		})
	}
}

func TestAPIFlagAnAnswer(t *testing.T) {
	w := newFlagWorld(t)
	wrong := reviewID(w.answer(t, w.ada, "sa", "8 January 2022"))
	right := reviewID(w.answer(t, w.ada, "tf", "true"))
	flag := func(id uint) string { return fmt.Sprintf("/api/v1/reviews/%d/flag", id) }
	for _, tc := range []struct {
		name, path, token, body string
		want                    int
		contains                string
	}{
		{"no token", flag(wrong), "", `{"reason":"typo"}`, 401, "sign in"},
		{"a bad id", "/api/v1/reviews/x/flag", w.ada, `{"reason":"typo"}`, 400, "positive whole number"},
		{"no body", flag(wrong), w.ada, ``, 415, "application/json"},
		{"an unknown field", flag(wrong), w.ada, `{"reason":"typo","why":"x"}`, 400, "why"},
		{"no reason", flag(wrong), w.ada, `{"comment":"x"}`, 422, "should_count, question_wrong, typo or other"},
		{"an unknown reason", flag(wrong), w.ada, `{"reason":"unfair"}`, 422, "should_count, question_wrong, typo, other"},
		{"a comment too long", flag(wrong), w.ada, `{"reason":"other","comment":"` + strings.Repeat("x", 1001) + `"}`, 422, "1000"},
		{"a right answer cannot be made to count", flag(right), w.ada, `{"reason":"should_count"}`, 422, "already counts"},
		{"another student's answer", flag(wrong), w.cal, `{"reason":"typo"}`, 404, "own answers"},
		{"the owner cannot flag a student's answer", flag(wrong), w.teacher, `{"reason":"typo"}`, 404, "own answers"},
		{"no such answer", flag(99999), w.ada, `{"reason":"typo"}`, 404, "own answers"},
		{"the student's own answer", flag(wrong), w.ada, `{"reason":"should_count","comment":"The 8th is right in my book."}`, 201, `"response":"8 January 2022"`},
		{"a second flag of it", flag(wrong), w.ada, `{"reason":"typo"}`, 409, "flagged this answer already"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := w.e.api("POST", tc.path, tc.token, tc.body)
			if status != tc.want || !strings.Contains(body, tc.contains) {
				t.Errorf("%d %.300s; want %d with %q", status, body, tc.want, tc.contains)
			}
		})
	}
	// Only the one flag was stored.
	status, q := w.e.apiJSON(t, "GET", fmt.Sprintf("/api/v1/banks/%d/flags?status=all", w.bank), w.teacher, "")
	if flags := q["flags"].([]any); status != 200 || len(flags) != 1 || q["total"].(float64) != 1 {
		t.Fatalf("queue: %d %v", status, q)
	}
}

func TestAPIFlagQueueAndDecisions(t *testing.T) {
	w := newFlagWorld(t)
	ada := reviewID(w.answer(t, w.ada, "sa", "8 January 2022"))
	calSame := reviewID(w.answer(t, w.cal, "sa", "8 january 2022"))
	calMC := reviewID(w.answer(t, w.cal, "mc", "Russia"))
	_, f := w.e.apiJSON(t, "POST", fmt.Sprintf("/api/v1/reviews/%d/flag", ada), w.ada, `{"reason":"should_count"}`)
	accept := uint(f["flag"].(map[string]any)["id"].(float64))
	_, f = w.e.apiJSON(t, "POST", fmt.Sprintf("/api/v1/reviews/%d/flag", calMC), w.cal, `{"reason":"question_wrong","comment":"Russia did too."}`)
	reject := uint(f["flag"].(map[string]any)["id"].(float64))
	queue := fmt.Sprintf("/api/v1/banks/%d/flags", w.bank)
	decide := func(id uint, what string) string { return fmt.Sprintf("/api/v1/flags/%d/%s", id, what) }

	for _, tc := range []struct {
		name, method, path, token string
		want                      int
		contains                  string
	}{
		{"a student cannot read the queue", "GET", queue, w.ada, 403, "owner and admins"},
		{"a student of another class", "GET", queue, w.bob, 403, "owner and admins"},
		{"another instructor", "GET", queue, w.other, 403, "owner and admins"},
		{"no such bank", "GET", "/api/v1/banks/9999/flags", w.teacher, 404, "no bank"},
		{"a bad status", "GET", queue + "?status=pending", w.teacher, 400, "open, accepted, rejected or all"},
		{"a bad page", "GET", queue + "?page=0", w.teacher, 400, "page"},
		{"the owner sees the open flags", "GET", queue, w.teacher, 200, `"reason":"question_wrong"`},
		{"none accepted yet", "GET", queue + "?status=accepted", w.teacher, 200, `"flags":[]`},
		{"the admin sees them too", "GET", queue, w.root, 200, `"student":"ada"`},
		{"a student cannot decide", "POST", decide(accept, "accept"), w.ada, 403, "owner and admins"},
		{"another instructor cannot decide", "POST", decide(accept, "accept"), w.other, 403, "owner and admins"},
		{"a bad flag id", "POST", "/api/v1/flags/x/accept", w.teacher, 400, "positive whole number"},
		{"no such flag", "POST", decide(9999, "reject"), w.teacher, 404, "no flag"},
		{"the owner accepts", "POST", decide(accept, "accept"), w.teacher, 200, `"cards":2`},
		{"accepting twice", "POST", decide(accept, "accept"), w.teacher, 409, "accepted already"},
		{"rejecting after accepting", "POST", decide(accept, "reject"), w.root, 409, "accepted already"},
		{"the admin rejects", "POST", decide(reject, "reject"), w.root, 200, `"status":"rejected"`},
		{"the accepted flag is listed", "GET", queue + "?status=accepted", w.teacher, 200, `"status":"accepted"`},
		{"the open queue is empty", "GET", queue, w.teacher, 200, `"flags":[]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body := w.e.api(tc.method, tc.path, tc.token, "")
			if status != tc.want || !strings.Contains(body, tc.contains) {
				t.Errorf("%d %.400s; want %d with %q", status, body, tc.want, tc.contains)
			}
		})
	}

	// The response is an accepted answer now, and both students' answers
	// with it count.
	ctx := context.Background()
	q, err := w.e.store.StoredQuestionOf(ctx, w.bank, "sa")
	if err != nil || q.Version != 2 || !slices.Contains(q.Accept, "8 January 2022") {
		t.Fatalf("question after the appeal: %+v %v", q, err)
	}
	for name, id := range map[string]uint{"ada": ada, "cal": calSame} {
		u, _, _ := w.e.store.UserByName(ctx, name)
		rv, err := w.e.store.ReviewByID(ctx, u.ID, id)
		if err != nil || rv.Correct == nil || !*rv.Correct || rv.Rating == 1 {
			t.Errorf("%s's answer after the appeal: %+v %v", name, rv, err)
		}
	}
	if a := w.answer(t, w.cal, "sa", "8 January 2022"); a["correct"] != true {
		t.Errorf("the same answer given again: %v, want right", a)
	}

	// The student's stats page says what became of the flag.
	b := w.e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	if status, _, _ := b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}}); status != 303 {
		t.Fatal("sign in")
	}
	status, stats, _ := b.request("GET", "/stats", nil)
	if status != 200 || !strings.Contains(stats, "Your appeal of “When were the peacekeepers deployed?” was accepted: the answer now counts") {
		t.Errorf("stats page: %d, no outcome of the appeal in %.2000s", status, stats)
	}
}

func TestFlagFormOnTheFeedbackPage(t *testing.T) {
	w := newFlagWorld(t)
	id := reviewID(w.answer(t, w.ada, "sa", "8 January 2022"))
	b := w.e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}})
	feedback := fmt.Sprintf("/banks/%d/feedback/%d?mode=quiz", w.bank, id)
	action := fmt.Sprintf("/banks/%d/feedback/%d/flag", w.bank, id)
	status, page, _ := b.request("GET", feedback, nil)
	if status != 200 || !strings.Contains(page, "Flag this question") || !strings.Contains(page, `value="should_count"`) {
		t.Fatalf("feedback page: %d, no flag form: %.3000s", status, page)
	}
	for _, tc := range []struct {
		name     string
		form     url.Values
		want     int
		contains string
	}{
		{"no reason", url.Values{"comment": {"x"}}, 422, "Choose what is wrong"},
		{"an unknown reason", url.Values{"reason": {"unfair"}}, 422, "should_count, question_wrong, typo, other"},
		{"a comment too long", url.Values{"reason": {"other"}, "comment": {strings.Repeat("x", 1001)}}, 422, "1000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := b.post(action, page, tc.form)
			if status != tc.want || !strings.Contains(body, tc.contains) || !strings.Contains(body, "<details class=\"flag-form\" open>") {
				t.Errorf("%d %.300s; want %d with %q and the form open", status, body, tc.want, tc.contains)
			}
		})
	}
	if status, _, h := b.post(action, page, url.Values{"reason": {"should_count"}, "comment": {"The 8th."}}); status != 303 || !strings.HasPrefix(h.Get("Location"), fmt.Sprintf("/banks/%d/feedback/%d", w.bank, id)) {
		t.Fatalf("flag: %d to %s", status, h.Get("Location"))
	}
	_, page, _ = b.request("GET", feedback, nil)
	if !strings.Contains(page, "You flagged this question (My answer should count)") || strings.Contains(page, "Send the flag") {
		t.Errorf("after flagging, the page does not say so: %.3000s", page)
	}

	// The owner decides on the queue page; a decision that is neither is refused.
	tb := w.e.browser()
	_, page, _ = tb.request("GET", "/login", nil)
	tb.post("/login", page, url.Values{"username": {"teacher"}, "password": {"correct horse"}})
	queue := fmt.Sprintf("/banks/%d/flags", w.bank)
	status, page, _ = tb.request("GET", queue, nil)
	if status != 200 || !strings.Contains(page, "8 January 2022") || !strings.Contains(page, fmt.Sprintf(`href="/banks/%d/questions/sa"`, w.bank)) {
		t.Fatalf("queue page: %d %.3000s", status, page)
	}
	flags, _, _ := w.e.store.BankFlags(context.Background(), w.bank, storage.FlagOpen, 1)
	decide := fmt.Sprintf("/banks/%d/flags/%d", w.bank, flags[0].ID)
	if status, _, _ := tb.post(decide, page, url.Values{"decision": {"maybe"}}); status != 400 {
		t.Errorf("decision maybe: %d, want 400", status)
	}
	if status, _, _ := tb.post(fmt.Sprintf("/banks/%d/flags/%d", w.e.bank.ID, flags[0].ID), page, url.Values{"decision": {"accept"}}); status != 404 {
		t.Errorf("a flag decided through another bank's address: %d, want 404", status)
	}
	status, _, h := tb.post(decide, page, url.Values{"decision": {"accept"}, "status": {"open"}})
	if status != 303 {
		t.Fatalf("accept: %d", status)
	}
	_, page, _ = tb.request("GET", h.Get("Location"), nil)
	if !strings.Contains(page, "is now an accepted answer") || !strings.Contains(page, "nothing is waiting for you") {
		t.Errorf("queue after accepting: %.3000s", page)
	}
}
