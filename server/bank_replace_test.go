package server

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"quizd/storage"
)

// answerAll has a student answer every new card of a bank, Easy.
func (e *testEnv) answerAll(token string, bankID, n int) {
	e.t.Helper()
	path := fmt.Sprintf("/api/v1/banks/%d", bankID)
	for range n {
		_, body := e.api("GET", path+"/next", token, "")
		var next struct{ Question struct{ ID string } }
		json.Unmarshal([]byte(body), &next)
		if s, b := e.api("POST", path+"/answers", token, fmt.Sprintf(`{"question_id":%q,"rating":4}`, next.Question.ID)); s != 200 {
			e.t.Fatalf("answer: %d %s", s, b)
		}
	}
}

func bankIDOf(t *testing.T, out map[string]any) int {
	t.Helper()
	b, ok := out["bank"].(map[string]any)
	if !ok {
		t.Fatalf("no bank in %v", out)
	}
	return int(b["id"].(float64))
}

// A one-letter typo fixed in a file without ids (CSV without an id column,
// GIFT without ::names::) keeps the question, its id and its students'
// reviews: the preview proposes it as a change, and PUT applies it.
func TestTypoFixReuploadKeepsTheQuestion(t *testing.T) {
	for _, tc := range []struct{ name, file, v1, v2, old, new string }{
		{"csv without an id column", "week1.csv",
			"question,answer\nWhich member froze its particpation?,Armenia\nWhen was the CSTO founded?,1992\n",
			"question,answer\nWhich member froze its participation?,Armenia\nWhen was the CSTO founded?,1992\n",
			"Which member froze its particpation?", "Which member froze its participation?"},
		{"gift without names", "week1.gift",
			"Which member froze its particpation?{=Armenia}\n\nWhen was the CSTO founded?{=1992}\n",
			"Which member froze its participation?{=Armenia}\n\nWhen was the CSTO founded?{=1992}\n",
			"Which member froze its particpation?", "Which member froze its participation?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, true)
			teacher := e.role("teacher", storage.Instructor)
			ada := e.user("ada")
			status, out := e.uploadFile(teacher, tc.file, []byte(tc.v1), map[string]string{"public": "true"})
			if status != 201 {
				t.Fatalf("%d %v", status, out)
			}
			id := bankIDOf(t, out)
			e.answerAll(ada, id, 2)
			b, err := e.store.BankByID(t.Context(), uint(id))
			if err != nil {
				t.Fatal(err)
			}
			qs, err := e.store.BankExport(t.Context(), b.ID)
			if err != nil {
				t.Fatal(err)
			}
			qid := qs.Questions[0].ID

			status, out = e.replaceFile(teacher, id, tc.file, []byte(tc.v2), map[string]string{"dry_run": "true"})
			want := fmt.Sprintf(`[{"id":%q,"new":%q,"old":%q}]`, qid, tc.new, tc.old)
			if got, _ := json.Marshal(out["matches"]); status != 200 || string(got) != want || out["changed"].(float64) != 1 || out["unchanged"].(float64) != 1 ||
				out["created"].(float64) != 0 || out["retired"].(float64) != 0 {
				t.Fatalf("dry run: %d %v, want the match %s", status, out, want)
			}
			if q, _ := e.store.Question(t.Context(), b.ID, qid); q == nil || q.Prompt != tc.old {
				t.Fatalf("the dry run changed the question: %+v", q)
			}
			if status, out = e.replaceFile(teacher, id, tc.file, []byte(tc.v2), nil); status != 200 || out["changed"].(float64) != 1 {
				t.Fatalf("update: %d %v", status, out)
			}
			if q, err := e.store.Question(t.Context(), b.ID, qid); err != nil || q.Prompt != tc.new {
				t.Fatalf("after the update, question %s: %+v %v", qid, q, err)
			}
			// Ada has no new card: her review of the corrected question stays.
			if _, body := e.api("GET", fmt.Sprintf("/api/v1/banks/%d/next", id), ada, ""); !strings.Contains(body, `"new_count":0`) {
				t.Errorf("after the fix Ada has new cards: %s", body)
			}
		})
	}
}

func TestReplaceRefusals(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	other := e.role("other", storage.Instructor)
	admin := e.role("root", storage.Admin)
	v1 := "question,answer\nWhich member froze its particpation?,Armenia\nWho leads the CSTO?,Russia\n"
	v2 := "question,answer\nWhich member froze its participation?,Armenia\nWho leads the CSTO?,Russia\n"
	_, out := e.uploadFile(teacher, "week1.csv", []byte(v1), map[string]string{"public": "true"})
	id := bankIDOf(t, out)
	bank, _ := e.store.BankExport(t.Context(), uint(id))
	qid := bank.Questions[0].ID
	tests := []struct {
		name, token string
		bank        int
		file        string
		fields      map[string]string
		wantStatus  int
		wantContain string
	}{
		{"an unknown bank", teacher, 9999, v2, nil, 404, "no bank with this id"},
		{"another instructor's bank", other, id, v2, nil, 403, "only the question sets you own"},
		{"a file that is no question set", teacher, id, "question,answer\n", nil, 400, "no questions"},
		{"an unknown header", teacher, id, "term_id,meaning_of\nx,y\n", nil, 422, "call the question column question, prompt, term, front or q"},
		{"an unknown id to reject", teacher, id, v2, map[string]string{"reject_matches": qid + ",q-nope"}, 422, "q-nope is not a proposed match"},
		{"no file", teacher, id, "", nil, 400, `"field":"file"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			name := "week1.csv"
			if tc.file == "" {
				name = ""
			}
			status, out := e.replaceFile(tc.token, tc.bank, name, []byte(tc.file), tc.fields)
			raw, _ := json.Marshal(out)
			if status != tc.wantStatus || !strings.Contains(string(raw), tc.wantContain) {
				t.Errorf("%d %s, want %d with %q", status, raw, tc.wantStatus, tc.wantContain)
			}
		})
	}
	if q, _ := e.store.Question(t.Context(), uint(id), qid); q == nil || q.Prompt != "Which member froze its particpation?" {
		t.Fatalf("a refused update changed the bank: %+v", q)
	}
	// The admin rejects the match, as a repeated field: the stored
	// question is retired and the file's is new.
	status, out := e.replaceFile(admin, id, "week1.csv", []byte(v2), map[string]string{"reject_matches": qid})
	if status != 200 || out["created"].(float64) != 1 || out["retired"].(float64) != 1 || out["unchanged"].(float64) != 1 {
		t.Fatalf("a rejected match: %d %v", status, out)
	}
	if _, err := e.store.Question(t.Context(), uint(id), qid); err == nil {
		t.Error("the rejected question is still studied")
	}
}

// An export in each format, edited and sent back with PUT, updates the
// bank in place: the ids travel in the file.
func TestEditedExportUpdatesInPlace(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	gift, _ := os.ReadFile("../questions/gift/testdata/every-type.gift")
	status, out := e.uploadFile(teacher, "every-type.gift", gift, nil)
	if status != 201 {
		t.Fatalf("%d %v", status, out)
	}
	id := bankIDOf(t, out)
	for i, format := range []string{"json", "csv", "gift"} {
		t.Run(format, func(t *testing.T) {
			req := httptest.NewRequest("GET", fmt.Sprintf("/api/v1/banks/%d/export?format=%s", id, format), nil)
			req.Header.Set("Authorization", "Bearer "+teacher)
			_, data, _ := e.do(req)
			// Rewrite the prompt as a whole: no text match could find it,
			// only its id.
			prompt := fmt.Sprintf("Which state froze its CSTO membership (edit %d)?", i)
			edited := strings.Replace(data, "Which member froze its participation in the CSTO?", prompt, 1)
			if edited == data {
				t.Fatalf("the export has no prompt to edit:\n%s", data)
			}
			status, back := e.replaceFile(teacher, id, "every-type."+format, []byte(edited), nil)
			if status != 200 || back["changed"].(float64) != 1 || back["unchanged"].(float64) != 12 || back["created"].(float64)+back["retired"].(float64) != 0 {
				t.Fatalf("the edited %s export: %d %v", format, status, back)
			}
			if q, err := e.store.Question(t.Context(), uint(id), "mc"); err != nil || q.Prompt != prompt {
				t.Errorf("question mc after the %s update: %+v %v", format, q, err)
			}
			// Back to the original prompt for the next format.
			e.replaceFile(teacher, id, "every-type."+format, []byte(data), nil)
		})
	}
}
