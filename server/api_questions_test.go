package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"quizd/storage"
)

// editorWorld: teacher owns a private copy of the types bank (mine),
// assigned to a class that student ada joined; other is an instructor
// who does not own it; root is an admin. ada has answered sa.
type editorWorld struct {
	e                                *testEnv
	teacher, other, root, ada, stray string
	mine                             uint
}

func newEditorWorld(t *testing.T) *editorWorld {
	e := newEnv(t, true)
	w := &editorWorld{e: e, teacher: e.role("teacher", storage.Instructor), other: e.role("other", storage.Instructor),
		root: e.role("root", storage.Admin), ada: e.role("ada", storage.Student), stray: e.role("stray", storage.Student)}
	ctx := context.Background()
	teacher, _, _ := e.store.UserByName(ctx, "teacher")
	b, err := e.store.UpsertBank(ctx, typesBankSlug("mine"), storage.BankOptions{OwnerID: &teacher.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.mine = b.Bank.ID
	cl, _ := e.store.CreateClass(ctx, teacher.ID, "C")
	ada, _, _ := e.store.UserByName(ctx, "ada")
	if _, err := e.store.JoinClass(ctx, ada.ID, cl.JoinCode); err != nil {
		t.Fatal(err)
	}
	if err := e.store.AssignBank(ctx, cl.ID, w.mine); err != nil {
		t.Fatal(err)
	}
	if status, body := e.api("POST", fmt.Sprintf("/api/v1/banks/%d/answers", w.mine), w.ada, `{"question_id":"sa","response":"7 January 2022"}`); status != 200 {
		t.Fatalf("ada's answer: %d %s", status, body)
	}
	return w
}

// url is an address under the bank's questions: url("") is the list.
func (w *editorWorld) url(rest string) string {
	return fmt.Sprintf("/api/v1/banks/%d/questions%s", w.mine, rest)
}

// apiCase is one request of a scenario table.
type apiCase struct {
	name, method, path, token, body string
	status                          int
	contains                        []string
}

func (w *editorWorld) run(t *testing.T, cases []apiCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, body := w.e.api(tc.method, tc.path, tc.token, tc.body)
			if status != tc.status {
				t.Fatalf("%s %s: %d, want %d: %.400s", tc.method, tc.path, status, tc.status, body)
			}
			for _, want := range tc.contains {
				if !strings.Contains(body, want) {
					t.Errorf("%s %s: the answer lacks %q: %.600s", tc.method, tc.path, want, body)
				}
			}
		})
	}
}

// browse decodes a browse.
func (w *editorWorld) browse(t *testing.T, token, query string) (total int, ids []string, qs []map[string]any) {
	t.Helper()
	status, m := w.e.apiJSON(t, "GET", w.url("?"+query), token, "")
	if status != 200 {
		t.Fatalf("browse %s: %d %v", query, status, m)
	}
	for _, q := range m["questions"].([]any) {
		qm := q.(map[string]any)
		ids = append(ids, qm["id"].(string))
		qs = append(qs, qm)
	}
	return int(m["total"].(float64)), ids, qs
}

func TestAPIBrowseQuestions(t *testing.T) {
	w := newEditorWorld(t)
	total, ids, qs := w.browse(t, w.teacher, "")
	if total != 7 || strings.Join(ids, " ") != "fc mc tf cz sa or ma" {
		t.Fatalf("the whole bank: %d %v", total, ids)
	}
	mc := qs[1]
	if mc["version"] != 1.0 || mc["retired"] != false || mc["answer"] != "Armenia" || len(mc["choices"].([]any)) != 4 || mc["facility"] != nil {
		t.Errorf("mc as browsed: %v", mc)
	}
	sa := qs[4]
	if sa["attempts"] != 1.0 || sa["facility"] != 1.0 || sa["appeals"] != 0.0 || sa["leech"] != 0.0 {
		t.Errorf("sa, answered right once: %v", sa)
	}
	for _, tc := range []struct{ query, want string }{
		{"q=ARMENIA", "mc"},
		{"q=" + url.QueryEscape("condemned"), "ma"},
		{"topic=dates", "tf sa or"},
		{"type=ordering", "or"},
		{"sort=-attempts&topic=dates", "sa tf or"},
		{"sort=facility", "sa fc mc tf cz or ma"},
		{"status=retired", ""},
		{"flagged=1", ""},
		{"leech=0&page=1", "fc mc tf cz sa or ma"},
		{"page=2", ""},
	} {
		if _, got, _ := w.browse(t, w.teacher, tc.query); strings.Join(got, " ") != tc.want {
			t.Errorf("%s: %v, want %q", tc.query, got, tc.want)
		}
	}
	if _, got, _ := w.browse(t, w.root, "q=stand"); strings.Join(got, " ") != "fc" {
		t.Errorf("the admin's search: %v", got)
	}

	w.run(t, []apiCase{
		{"a status it does not know", "GET", w.url("?status=gone"), w.teacher, "", 400, []string{`"field":"status"`, "active, retired, all"}},
		{"a sort it does not know", "GET", w.url("?sort=prompt"), w.teacher, "", 400, []string{`"field":"sort"`, "position, facility, discrimination, attempts, appeals"}},
		{"a type it does not know", "GET", w.url("?type=essay"), w.teacher, "", 400, []string{`"field":"type"`, "multiple_choice"}},
		{"page 0", "GET", w.url("?page=0"), w.teacher, "", 400, []string{`"field":"page"`, "1 to 1000"}},
		{"a page past the bound", "GET", w.url("?page=1001"), w.teacher, "", 400, []string{`"field":"page"`}},
		{"a page that is not a number", "GET", w.url("?page=two"), w.teacher, "", 400, []string{`"field":"page"`}},
		{"flagged yes", "GET", w.url("?flagged=yes"), w.teacher, "", 400, []string{`"field":"flagged"`, "flagged=1"}},
		{"leech maybe", "GET", w.url("?leech=maybe"), w.teacher, "", 400, []string{`"field":"leech"`}},
		{"a search too long", "GET", w.url("?q=" + strings.Repeat("x", 201)), w.teacher, "", 400, []string{`"field":"q"`, "at most 200"}},
		{"a student of the class", "GET", w.url(""), w.ada, "", 403, []string{"owner and admins"}},
		{"another instructor", "GET", w.url(""), w.other, "", 403, nil},
		{"a student who cannot see it", "GET", w.url(""), w.stray, "", 403, nil},
		{"no such bank", "GET", "/api/v1/banks/999/questions", w.teacher, "", 404, nil},
		{"a bank id that is not one", "GET", "/api/v1/banks/x/questions", w.teacher, "", 400, []string{`"field":"id"`}},
		{"signed out", "GET", w.url(""), "", "", 401, nil},
		// The public bank of every test: an instructor may study and
		// export it but not edit it; its owner is nobody, so only admins.
		{"a public bank, an instructor", "GET", fmt.Sprintf("/api/v1/banks/%d/questions", w.e.bank.ID), w.teacher, "", 403, nil},
		{"a public bank, an admin", "GET", fmt.Sprintf("/api/v1/banks/%d/questions", w.e.bank.ID), w.root, "", 200, []string{`"total":7`}},
	})
}

func TestAPICreateQuestion(t *testing.T) {
	w := newEditorWorld(t)
	w.run(t, []apiCase{
		{"an id is given", "POST", w.url(""), w.teacher, `{"type":"short_answer","topic":"dates","prompt":"When did it begin?","answer":"1992"}`, 201,
			[]string{`"id":"q`, `"version":1`, `"retired":false`, `"answer":"1992"`}},
		{"an id chosen", "POST", w.url(""), w.teacher, `{"id":"my-q.1","type":"true_false","topic":"dates","prompt":"It began in 1992.","answer":"true"}`, 201, []string{`"id":"my-q.1"`}},
		{"the same id again", "POST", w.url(""), w.teacher, `{"id":"my-q.1","type":"true_false","topic":"dates","prompt":"Again.","answer":"true"}`, 409, []string{`"field":"id"`, "leave id out"}},
		{"an id with a space", "POST", w.url(""), w.teacher, `{"id":"a b","type":"flashcard","topic":"t","prompt":"P","answer":"A"}`, 422, []string{`"errors":[{"field":"id"`}},
		{"every problem at once", "POST", w.url(""), w.teacher, `{"type":"multiple_choice","topic":"","prompt":"Pick","answer":"Z","choices":["A"]}`, 422,
			[]string{`"field":"topic"`, `"field":"choices"`, `"field":"answer"`, "not one of the choices"}},
		{"an unknown type", "POST", w.url(""), w.teacher, `{"type":"essay","topic":"t","prompt":"P"}`, 422, []string{`"field":"type"`, "unknown type"}},
		{"an unknown field", "POST", w.url(""), w.teacher, `{"type":"flashcard","topic":"t","prompt":"P","answer":"A","colour":"red"}`, 422, []string{`"field":"colour"`, "unknown field"}},
		{"a field of the wrong kind", "POST", w.url(""), w.teacher, `{"type":"multiple_choice","topic":"t","prompt":"P","choices":"A, B"}`, 422, []string{`"field":"choices"`, "must be a list"}},
		{"not JSON", "POST", w.url(""), w.teacher, `{"type":`, 400, nil},
		{"no body", "POST", w.url(""), w.teacher, ``, 415, []string{"application/json"}},
		{"a body of spaces", "POST", w.url(""), w.teacher, `  `, 400, []string{"body is empty"}},
		{"a student", "POST", w.url(""), w.ada, `{"type":"flashcard","topic":"t","prompt":"P","answer":"A"}`, 403, nil},
	})
	if total, _, _ := w.browse(t, w.teacher, ""); total != 9 {
		t.Errorf("after two questions added the bank has %d, want 9: a refused one was saved", total)
	}
	status, out := w.e.apiJSON(t, "GET", w.url("/my-q.1"), w.teacher, "")
	vs, _ := out["versions"].([]any)
	if status != 200 || len(vs) != 1 || vs[0].(map[string]any)["author"] != "teacher" || vs[0].(map[string]any)["reason"] != "created" {
		t.Errorf("the new question: %d %v", status, out)
	}
}

func TestAPIEditQuestion(t *testing.T) {
	w := newEditorWorld(t)
	ctx := context.Background()
	ada, _, _ := w.e.store.UserByName(ctx, "ada")
	w.run(t, []apiCase{
		{"a typo fixed", "PATCH", w.url("/sa"), w.teacher, `{"version":1,"prompt":"When were the peacekeepers deployed? ","accept":["7 Jan 2022"]}`, 200,
			[]string{`"id":"sa"`, `"version":2`, `"accept":["7 Jan 2022"]`, `"answer":"7 January 2022"`}},
		{"on the old version", "PATCH", w.url("/sa"), w.root, `{"version":1,"prompt":"Lost?"}`, 409,
			[]string{`"question":{`, `"version":2`, "Someone saved this question since you opened it", "send version 2"}},
		{"without a version", "PATCH", w.url("/sa"), w.teacher, `{"prompt":"No version"}`, 422, []string{`"errors":[{"field":"version"`}},
		{"version 0", "PATCH", w.url("/sa"), w.teacher, `{"version":0,"prompt":"No version"}`, 422, []string{`"field":"version"`}},
		{"the id is not a field to change", "PATCH", w.url("/sa"), w.teacher, `{"version":2,"id":"other"}`, 422, []string{`"field":"id"`, "unknown field"}},
		{"an unknown field", "PATCH", w.url("/sa"), w.teacher, `{"version":2,"promt":"typo"}`, 422, []string{`"field":"promt"`}},
		{"an empty prompt", "PATCH", w.url("/sa"), w.teacher, `{"version":2,"prompt":"  "}`, 422, []string{`"errors":[{"field":"prompt","message":"is empty"}]`}},
		{"choices of the wrong kind", "PATCH", w.url("/mc"), w.teacher, `{"version":1,"choices":[1,2]}`, 422, []string{`"field":"choices"`}},
		{"a right choice that is not one", "PATCH", w.url("/mc"), w.teacher, `{"version":1,"answer":"Georgia"}`, 422, []string{`"field":"answer"`, "Georgia"}},
		{"several right choices", "PATCH", w.url("/mc"), w.teacher, `{"version":1,"answers":["Armenia","Belarus"]}`, 200, []string{`"answers":["Armenia","Belarus"]`, `"version":2`}},
		{"pairs", "PATCH", w.url("/ma"), w.teacher, `{"version":1,"pairs":[{"left":"A","right":"1"},{"left":"B","right":"2"}]}`, 200, []string{`"pairs":[{"left":"A","right":"1"},{"left":"B","right":"2"}]`}},
		{"a pair with an empty side", "PATCH", w.url("/ma"), w.teacher, `{"version":2,"pairs":[{"left":"A","right":""},{"left":"B","right":"2"}]}`, 422, []string{`"field":"pairs"`}},
		{"items", "PATCH", w.url("/or"), w.teacher, `{"version":1,"items":["a","b","c","d"]}`, 200, []string{`"items":["a","b","c","d"]`}},
		{"numbers", "PATCH", w.url("/sa"), w.teacher, `{"version":2,"numbers":[{"min":2022,"max":2022}]}`, 200, []string{`"numbers":[{"min":2022,"max":2022}]`, `"version":3`}},
		{"numbers the wrong way round", "PATCH", w.url("/sa"), w.teacher, `{"version":3,"numbers":[{"min":5,"max":1}]}`, 422, []string{`"field":"numbers"`}},
		{"type changed", "PATCH", w.url("/fc"), w.teacher, `{"version":1,"type":"short_answer","topic":"names","explanation":"E","source_ref":"S"}`, 200,
			[]string{`"type":"short_answer"`, `"topic":"names"`, `"explanation":"E"`, `"source_ref":"S"`}},
		{"a change that changes nothing", "PATCH", w.url("/tf"), w.teacher, `{"version":1,"answer":"true"}`, 200, []string{`"version":1`}},
		{"no such question", "PATCH", w.url("/nope"), w.teacher, `{"version":1,"prompt":"P"}`, 404, []string{"no question"}},
		{"a student", "PATCH", w.url("/sa"), w.ada, `{"version":3,"prompt":"Mine now"}`, 403, nil},
		{"another instructor", "PATCH", w.url("/sa"), w.other, `{"version":3,"prompt":"Mine now"}`, 403, nil},
		{"not JSON", "PATCH", w.url("/sa"), w.teacher, `not json`, 400, nil},
	})
	status, m := w.e.apiJSON(t, "GET", w.url("/sa"), w.teacher, "")
	vs := m["versions"].([]any)
	q := m["question"].(map[string]any)
	if status != 200 || len(vs) != 3 || q["version"] != 3.0 || q["prompt"] != "When were the peacekeepers deployed? " {
		t.Fatalf("sa after its edits: %d %v", status, m)
	}
	v2 := vs[1].(map[string]any)
	if v2["version"] != 2.0 || v2["author"] != "teacher" || v2["reason"] != "edit" || v2["created_at"] == "" || v2["question"].(map[string]any)["numbers"] != nil {
		t.Errorf("version 2 in the history: %v", v2)
	}
	if st, err := w.e.store.CardState(ctx, ada.ID, w.mine, "sa"); err != nil || st == nil || st.After.Reps != 1 {
		t.Errorf("ada's card after the edits: %+v %v, want her rep kept", st, err)
	}
}

func TestAPIRetireAndRestore(t *testing.T) {
	w := newEditorWorld(t)
	ctx := context.Background()
	ada, _, _ := w.e.store.UserByName(ctx, "ada")
	w.run(t, []apiCase{
		{"retire", "DELETE", w.url("/sa"), w.teacher, "", 200, []string{`"id":"sa"`, `"retired":true`}},
		{"retire again", "DELETE", w.url("/sa"), w.teacher, "", 200, []string{`"retired":true`}},
		{"a student may not", "DELETE", w.url("/mc"), w.ada, "", 403, nil},
		{"no such question", "DELETE", w.url("/nope"), w.teacher, "", 404, nil},
		{"an id too long", "DELETE", w.url("/" + strings.Repeat("x", 65)), w.teacher, "", 400, []string{`"field":"qid"`}},
	})
	if total, ids, _ := w.browse(t, w.teacher, "status=retired"); total != 1 || ids[0] != "sa" {
		t.Errorf("retired: %v", ids)
	}
	if total, _, _ := w.browse(t, w.teacher, ""); total != 6 {
		t.Errorf("in use after retiring one: %d, want 6", total)
	}
	if st, err := w.e.store.CardState(ctx, ada.ID, w.mine, "sa"); err != nil || st == nil || st.After.Reps != 1 {
		t.Errorf("ada's card of the retired question: %+v %v, want it kept", st, err)
	}
	w.run(t, []apiCase{
		{"restore", "POST", w.url("/sa/restore"), w.teacher, "", 200, []string{`"retired":false`}},
		{"restore a question in use", "POST", w.url("/mc/restore"), w.teacher, "", 200, []string{`"retired":false`}},
		{"a student may not restore", "POST", w.url("/sa/restore"), w.ada, "", 403, nil},
	})
	if _, ids, qs := w.browse(t, w.teacher, "q=peacekeepers"); len(ids) != 1 || qs[0]["attempts"] != 1.0 {
		t.Errorf("sa restored, with ada's attempt: %v", qs)
	}
}

func TestAPIRestoreVersion(t *testing.T) {
	w := newEditorWorld(t)
	w.run(t, []apiCase{
		{"edit", "PATCH", w.url("/cz"), w.teacher, `{"version":1,"answer":"peaceful"}`, 200, []string{`"version":2`}},
		{"restore version 1", "POST", w.url("/cz/versions/1/restore"), w.teacher, `{"version":2}`, 200, []string{`"version":3`, `"answer":"political"`}},
		{"on an old version", "POST", w.url("/cz/versions/2/restore"), w.root, `{"version":2}`, 409, []string{`"version":3`, "Someone saved"}},
		{"without a version", "POST", w.url("/cz/versions/2/restore"), w.teacher, `{}`, 422, []string{`"field":"version"`}},
		{"an unknown field", "POST", w.url("/cz/versions/2/restore"), w.teacher, `{"version":3,"force":true}`, 422, []string{`"field":"force"`}},
		{"no such version", "POST", w.url("/cz/versions/99/restore"), w.teacher, `{"version":3}`, 404, []string{"no version 99"}},
		{"a version that is not a number", "POST", w.url("/cz/versions/two/restore"), w.teacher, `{"version":3}`, 400, []string{`"field":"version"`}},
		{"no such question", "POST", w.url("/nope/versions/1/restore"), w.teacher, `{"version":1}`, 404, nil},
		{"a student", "POST", w.url("/cz/versions/2/restore"), w.ada, `{"version":3}`, 403, nil},
	})
	status, m := w.e.apiJSON(t, "GET", w.url("/cz"), w.teacher, "")
	vs := m["versions"].([]any)
	if status != 200 || len(vs) != 3 || vs[0].(map[string]any)["reason"] != "restore" {
		t.Errorf("cz's history: %v", vs)
	}
}

// Two editors save the same version at once: one wins, the other gets 409
// with the winner's question, and no change is lost without its author
// being told.
func TestAPIConcurrentEditsLoseNothing(t *testing.T) {
	w := newEditorWorld(t)
	for round := 1; round <= 5; round++ {
		var wg sync.WaitGroup
		statuses := make([]int, 2)
		bodies := make([]string, 2)
		for i, tok := range []string{w.teacher, w.root} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i], bodies[i] = w.e.api("PATCH", w.url("/sa"), tok, fmt.Sprintf(`{"version":%d,"explanation":"round %d by %d"}`, round, round, i))
			}()
		}
		wg.Wait()
		winner := -1
		for i, s := range statuses {
			if s == 200 {
				winner = i
			} else if s != 409 {
				t.Fatalf("round %d: %d %s", round, s, bodies[i])
			}
		}
		if winner < 0 || statuses[0] == statuses[1] {
			t.Fatalf("round %d: %v, want one 200 and one 409", round, statuses)
		}
		var conflict struct {
			Question struct {
				Version     int
				Explanation string
			}
		}
		json.Unmarshal([]byte(bodies[1-winner]), &conflict)
		want := fmt.Sprintf("round %d by %d", round, winner)
		if conflict.Question.Version != round+1 || conflict.Question.Explanation != want {
			t.Errorf("round %d: the 409 carries %+v, want the winner's version %d", round, conflict.Question, round+1)
		}
		q, _ := w.e.store.StoredQuestionOf(context.Background(), w.mine, "sa")
		if q.Version != round+1 || q.Explanation != want {
			t.Errorf("round %d: the question is %d %q, want the winner's", round, q.Version, q.Explanation)
		}
	}
	vs, _ := w.e.store.QuestionVersions(context.Background(), w.mine, "sa")
	if len(vs) != 6 {
		t.Errorf("%d versions after 5 rounds, want 6", len(vs))
	}
}
