package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// apiJSON calls the API and decodes the answer into a map.
func (e *testEnv) apiJSON(t *testing.T, method, path, token, body string) (int, map[string]any) {
	t.Helper()
	status, out := e.api(method, path, token, body)
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("%s %s: %d, not JSON: %.200s", method, path, status, out)
	}
	return status, m
}

func TestAPIUndo(t *testing.T) {
	e := newEnv(t, true)
	ada, cal := e.user("ada"), e.user("cal")
	bank := fmt.Sprintf("/api/v1/banks/%d", e.bank.ID)
	_, next := e.apiJSON(t, "GET", bank+"/next", ada, "")
	first := next["question"].(map[string]any)["id"].(string)
	status, a1 := e.apiJSON(t, "POST", bank+"/answers", ada, fmt.Sprintf(`{"question_id":%q,"rating":3}`, first))
	if status != 200 || a1["review_id"] == nil {
		t.Fatalf("answer: %d %v", status, a1)
	}
	e.clock.Add(time.Minute)
	_, next = e.apiJSON(t, "GET", bank+"/next", ada, "")
	second := next["question"].(map[string]any)["id"].(string)
	_, a2 := e.apiJSON(t, "POST", bank+"/answers", ada, fmt.Sprintf(`{"question_id":%q,"rating":1}`, second))
	id1, id2 := uint(a1["review_id"].(float64)), uint(a2["review_id"].(float64))

	tests := []struct {
		name, token, path string
		want              int
		wantContains      string
	}{
		{"not the latest", ada, fmt.Sprintf("/api/v1/reviews/%d", id1), 409, "only your latest answer"},
		{"another student's", cal, fmt.Sprintf("/api/v1/reviews/%d", id2), 404, "no answer with id"},
		{"not an id", ada, "/api/v1/reviews/abc", 400, `review id \"abc\" is not a positive whole number`},
		{"the latest", ada, fmt.Sprintf("/api/v1/reviews/%d", id2), 200, `"is_new":true`},
		{"undone already", ada, fmt.Sprintf("/api/v1/reviews/%d", id2), 404, "no answer with id"},
		{"then the one before", ada, fmt.Sprintf("/api/v1/reviews/%d", id1), 200, `"state":"new"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.api("DELETE", tc.path, tc.token, "")
			if status != tc.want || !strings.Contains(body, tc.wantContains) {
				t.Errorf("%d %s, want %d with %q", status, body, tc.want, tc.wantContains)
			}
		})
	}
	// Both answers undone: the bank is as it was, nothing done today.
	if _, err := e.store.CardState(context.Background(), 1, e.bank.ID, first); err == nil {
		t.Error("the first card still has a state after both answers were undone")
	}
	_, next = e.apiJSON(t, "GET", bank+"/next", ada, "")
	if q := next["question"].(map[string]any); q["id"] != first || q["is_new"] != true || next["new_count"].(float64) != 7 {
		t.Errorf("after undoing both answers: %v", next)
	}
}

func TestAPIUndoRestoresAStudiedCard(t *testing.T) {
	e := newEnv(t, true)
	ada := e.user("ada")
	bank := fmt.Sprintf("/api/v1/banks/%d", e.bank.ID)
	_, first := e.apiJSON(t, "POST", bank+"/answers", ada, `{"question_id":"tf","response":"true"}`)
	e.clock.Add(10 * time.Minute)
	_, again := e.apiJSON(t, "POST", bank+"/answers", ada, `{"question_id":"tf","response":"false"}`)
	status, undone := e.apiJSON(t, "DELETE", fmt.Sprintf("/api/v1/reviews/%v", again["review_id"]), ada, "")
	if status != 200 || undone["due"] != first["due"] || undone["reps"] != first["reps"] || undone["state"] != first["state"] {
		t.Errorf("undo gave %d %v; want the state after the first answer %v", status, undone, first)
	}
}

func TestAPISuspendAndBury(t *testing.T) {
	e := newEnv(t, true)
	ada := e.user("ada")
	bank := fmt.Sprintf("/api/v1/banks/%d", e.bank.ID)
	tests := []struct {
		name, method, path string
		want               int
		wantContains       string
	}{
		{"suspend", "POST", bank + "/questions/fc/suspend", 200, `"suspended":true`},
		{"bury", "POST", bank + "/questions/mc/bury", 200, `"buried_until":"2026-03-03T00:00:00Z"`},
		{"no such question", "POST", bank + "/questions/nope/suspend", 404, `this bank has no question \"nope\"`},
		{"no such bank", "POST", "/api/v1/banks/999/questions/fc/bury", 404, "no bank with this id"},
		{"an overlong id", "POST", bank + "/questions/" + strings.Repeat("x", 65) + "/suspend", 400, "1 to 64 characters"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.api(tc.method, tc.path, ada, "")
			if status != tc.want || !strings.Contains(body, tc.wantContains) {
				t.Errorf("%d %s, want %d with %q", status, body, tc.want, tc.wantContains)
			}
		})
	}
	// Study everything: neither held card comes up today.
	seen := map[string]bool{}
	for range 10 {
		_, next := e.apiJSON(t, "GET", bank+"/next", ada, "")
		q, _ := next["question"].(map[string]any)
		if q == nil {
			break
		}
		id := q["id"].(string)
		seen[id] = true
		e.api("POST", bank+"/answers", ada, fmt.Sprintf(`{"question_id":%q,"rating":4}`, id))
	}
	if seen["fc"] || seen["mc"] || len(seen) != 5 {
		t.Errorf("studied %v: want the five cards not held", seen)
	}
	// Tomorrow the buried card is back; the suspended one once lifted.
	e.clock.Add(14 * time.Hour)
	_, next := e.apiJSON(t, "GET", bank+"/next", ada, "")
	if q, _ := next["question"].(map[string]any); q == nil || q["id"] != "mc" {
		t.Errorf("the next day: %v, want the buried mc", next)
	}
	if status, body := e.api("DELETE", bank+"/questions/fc/suspend", ada, ""); status != 200 || !strings.Contains(body, `"suspended":false`) {
		t.Errorf("unsuspend: %d %s", status, body)
	}
	_, next = e.apiJSON(t, "GET", bank+"/next", ada, "")
	if next["new_count"].(float64) != 2 {
		t.Errorf("after unsuspending fc: %v new, want fc and mc", next["new_count"])
	}
}

func TestAPIPractice(t *testing.T) {
	e := newEnv(t, true)
	ada := e.user("ada")
	bank := fmt.Sprintf("/api/v1/banks/%d", e.bank.ID)
	// A wrong answer today makes a mistake to practise.
	_, wrong := e.apiJSON(t, "POST", bank+"/answers", ada, `{"question_id":"tf","response":"false"}`)
	if wrong["correct"] != false {
		t.Fatalf("answer: %v", wrong)
	}
	_, next := e.apiJSON(t, "GET", bank+"/next?mode=practice&filter=mistakes", ada, "")
	if q, _ := next["question"].(map[string]any); q == nil || q["id"] != "tf" || next["pool"].(float64) != 1 || next["practice"] != true {
		t.Fatalf("today's mistakes: %v", next)
	}
	status, p := e.apiJSON(t, "POST", bank+"/answers", ada, `{"question_id":"tf","response":"true","practice":true}`)
	if status != 200 || p["practice"] != true || p["correct"] != true || p["due"] != wrong["due"] || p["review_id"] != nil || p["practice_id"] == nil {
		t.Errorf("practice answer: %d %v; want practice, right, due unchanged at %v", status, p, wrong["due"])
	}
	// The card is as the review left it, and the day counts one answer.
	cs, err := e.store.CardState(context.Background(), 1, e.bank.ID, "tf")
	if err != nil || cs.After.Reps != uint64(wrong["reps"].(float64)) || cs.After.Due.Format(time.RFC3339Nano) != wrong["due"] {
		t.Errorf("after practice the card is %+v (%v)", cs, err)
	}
	// A topic: the dates questions, and none other.
	for range 3 {
		_, next = e.apiJSON(t, "GET", bank+"/next?mode=practice&topic=dates", ada, "")
		q := next["question"].(map[string]any)
		if q["topic"] != "dates" || next["pool"].(float64) != 3 {
			t.Errorf("practice by topic gave %v", next)
		}
		e.api("POST", bank+"/answers", ada, fmt.Sprintf(`{"question_id":%q,"rating":3,"practice":true}`, q["id"]))
	}

	bad := []struct {
		name, method, path, body string
		want                     int
		wantContains             string
	}{
		{"unknown mode", "GET", bank + "/next?mode=cram", "", 400, `mode \"cram\" is not review or practice`},
		{"unknown topic", "GET", bank + "/next?mode=practice&topic=weather", "", 400, `This bank has no topic \"weather\": use one of membership, dates, charter, reactions.`},
		{"unknown filter", "GET", bank + "/next?mode=practice&filter=hard", "", 400, "is not one of all, mistakes or leeches"},
		{"someone else's test", "GET", bank + "/next?mode=practice&test=999", "", 404, "You have no practice test 999"},
		{"a test id outside practice", "POST", bank + "/answers", `{"question_id":"tf","rating":3,"test_id":1}`, 400, `send \"practice\": true with it`},
		{"a test of none", "POST", bank + "/practice-tests", `{"size":0}`, 400, "A practice test has 1 to 100 questions, not 0"},
		{"a test too long", "POST", bank + "/practice-tests", `{"size":101}`, 400, "not 101"},
		{"a test of no leeches", "POST", bank + "/practice-tests", `{"filter":"leeches"}`, 422, "There is nothing to practise in your leeches right now"},
		{"an unknown field", "POST", bank + "/practice-tests", `{"count":3}`, 400, "count"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.api(tc.method, tc.path, ada, tc.body)
			if status != tc.want || !strings.Contains(body, tc.wantContains) {
				t.Errorf("%d %s, want %d with %q", status, body, tc.want, tc.wantContains)
			}
		})
	}
	if cs2, _ := e.store.CardState(context.Background(), 1, e.bank.ID, "tf"); cs2.After != cs.After {
		t.Error("practice changed the card")
	}
}

func TestAPIPracticeTest(t *testing.T) {
	e := newEnv(t, true)
	ada := e.user("ada")
	bank := fmt.Sprintf("/api/v1/banks/%d", e.bank.ID)
	status, test := e.apiJSON(t, "POST", bank+"/practice-tests", ada, `{"size":3,"topic":"dates"}`)
	if status != 201 || test["size"].(float64) != 3 {
		t.Fatalf("create: %d %v", status, test)
	}
	id := uint(test["id"].(float64))
	answers := map[string]string{"tf": `"true"`, "sa": `"a wrong date"`, "or": `["founded","deployed","withdrew"]`}
	asked := map[string]bool{}
	for i := range 3 {
		_, next := e.apiJSON(t, "GET", fmt.Sprintf("%s/next?mode=practice&test=%d", bank, id), ada, "")
		q := next["question"].(map[string]any)
		qid := q["id"].(string)
		if asked[qid] || q["topic"] != "dates" {
			t.Fatalf("question %d of the test: %v", i+1, q)
		}
		asked[qid] = true
		body := fmt.Sprintf(`{"question_id":%q,"response":%s,"practice":true,"test_id":%d}`, qid, answers[qid], id)
		status, res := e.apiJSON(t, "POST", bank+"/answers", ada, body)
		if status != 200 || res["test"].(map[string]any)["answered"].(float64) != float64(i+1) {
			t.Errorf("answer %d: %d %v", i+1, status, res)
		}
		if status, _ := e.api("POST", bank+"/answers", ada, body); status != 409 {
			t.Errorf("a second answer to %s in the test: %d, want 409", qid, status)
		}
	}
	_, next := e.apiJSON(t, "GET", fmt.Sprintf("%s/next?mode=practice&test=%d", bank, id), ada, "")
	if next["question"] != nil || next["test"].(map[string]any)["done"] != true {
		t.Errorf("after the last question: %v", next)
	}
	status, score := e.apiJSON(t, "GET", fmt.Sprintf("%s/practice-tests/%d", bank, id), ada, "")
	if status != 200 || score["correct"].(float64) != 2 || score["answered"].(float64) != 3 || score["done"] != true {
		t.Errorf("score: %d %v, want 2 of 3", status, score)
	}
	// No card was scheduled by the test.
	_, rev := e.apiJSON(t, "GET", bank+"/next", ada, "")
	if rev["new_count"].(float64) != 7 {
		t.Errorf("after a practice test %v cards are new, want all 7", rev["new_count"])
	}
}

func TestPageBadInputChangesNothing(t *testing.T) {
	e := newEnv(t, true)
	e.user("ada")
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	if status, _, _ := b.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}}); status != 303 {
		t.Fatalf("sign in: %d", status)
	}
	_, page, _ = b.request("GET", "/settings", nil)
	bank := fmt.Sprintf("/banks/%d", e.bank.ID)
	posts := []struct {
		name, path   string
		form         url.Values
		want         int
		wantContains string
	}{
		{"a test size that is not a number", bank + "/practice-tests", url.Values{"size": {"ten"}}, 400, "The number of questions &#34;ten&#34; is not a whole number: enter one from 1 to 100."},
		{"a test of no questions", bank + "/practice-tests", url.Values{"size": {"0"}}, 400, "A practice test has 1 to 100 questions, not 0: choose a number in that range."},
		{"a test of an unknown topic", bank + "/practice-tests", url.Values{"size": {"3"}, "topic": {"weather"}}, 400, "This bank has no topic &#34;weather&#34;. Use one of membership, dates, charter, reactions."},
		{"a test of no leeches", bank + "/practice-tests", url.Values{"size": {"3"}, "filter": {"leeches"}}, 422, "There is nothing to practise in your leeches right now: choose another topic or set."},
		{"undo of no answer", bank + "/undo", url.Values{"review_id": {"999"}}, 404, "There is no such answer of yours in this bank. It may have been undone already."},
		{"undo without an id", bank + "/undo", url.Values{}, 400, "is not a positive whole number"},
		{"suspend a question not in the bank", bank + "/questions/nope/suspend", url.Values{}, 404, "This bank has no question &#34;nope&#34;. Open the bank again and choose a card from it."},
		{"a practice answer with an unknown filter", bank + "/answer", url.Values{"question_id": {"tf"}, "response": {"true"}, "practice": {"1"}, "filter": {"hard"}}, 400, "The filter &#34;hard&#34; is not one of all, mistakes or leeches"},
	}
	for _, tc := range posts {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := b.post(tc.path, page, tc.form)
			if status != tc.want || !strings.Contains(body, tc.wantContains) {
				t.Errorf("%d, want %d with %q:\n%.3000s", status, tc.want, tc.wantContains, body)
			}
		})
	}
	if status, body, _ := b.request("GET", bank+"/practice?test=1", nil); status != 404 || !strings.Contains(body, "You have no practice test 1 in this bank") {
		t.Errorf("no test was made, yet practice test 1: %d %.300s", status, body)
	}
	if _, err := e.store.LatestReview(context.Background(), 1, e.bank.ID); err == nil {
		t.Error("a bad practice answer was recorded as a review")
	}
}
