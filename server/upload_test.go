package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"quizd/storage"
)

// role creates a user of a role and returns its token.
func (e *testEnv) role(name string, r storage.Role) string {
	e.t.Helper()
	tok := e.user(name)
	u, _, err := e.store.UserByName(context.Background(), name)
	if err != nil {
		e.t.Fatal(err)
	}
	if r != storage.Student {
		if err := e.store.SetRole(context.Background(), u.ID, r); err != nil {
			e.t.Fatal(err)
		}
	}
	return tok
}

// uploadFile posts a file to POST /api/v1/banks.
func (e *testEnv) uploadFile(token, filename string, data []byte, fields map[string]string) (int, map[string]any) {
	e.t.Helper()
	return e.sendFile("POST", "/api/v1/banks", token, filename, data, fields)
}

// replaceFile sends a file to PUT /api/v1/banks/:id.
func (e *testEnv) replaceFile(token string, bankID int, filename string, data []byte, fields map[string]string) (int, map[string]any) {
	e.t.Helper()
	return e.sendFile("PUT", fmt.Sprintf("/api/v1/banks/%d", bankID), token, filename, data, fields)
}

func (e *testEnv) sendFile(method, path, token, filename string, data []byte, fields map[string]string) (int, map[string]any) {
	e.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if filename != "" {
		w, _ := mw.CreateFormFile("file", filename)
		w.Write(data)
	}
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	mw.Close()
	req := httptest.NewRequest(method, path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	status, out, _ := e.do(req)
	var m map[string]any
	_ = json.Unmarshal([]byte(out), &m)
	if m == nil {
		m = map[string]any{"raw": out}
	}
	return status, m
}

func (e *testEnv) bankCount() int {
	e.t.Helper()
	bs, err := e.store.Banks(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return len(bs)
}

const csvV1 = "prompt,answer,topic\nWhich member froze its participation?,Armenia,membership\nWhen was the CSTO founded?,1992,dates\nWho leads it?,Russia,membership\n"

func TestUploadFormats(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	apkg, err := os.ReadFile("../questions/anki/testdata/current.apkg")
	if err != nil {
		t.Fatal(err)
	}
	legacy, _ := os.ReadFile("../questions/anki/testdata/legacy.apkg")
	gift, _ := os.ReadFile("../questions/gift/testdata/every-type.gift")
	article, _ := os.ReadFile("../questions/extract/testdata/coral.txt")
	bank, _ := os.ReadFile("../questions/jsonbank/testdata/small.json")
	tests := []struct {
		file     string
		data     []byte
		fields   map[string]string
		wantQ    int
		format   string
		skipped  int
		wantNote string
	}{
		{"set.csv", []byte(csvV1), nil, 3, "csv", 0, ""},
		{"set.tsv", []byte("prompt\tanswer\nQ\tA\n"), nil, 1, "tsv", 0, ""},
		{"quizlet.txt", []byte("Armenia\tfroze\nBelarus\tUnion State\n"), map[string]string{"title": "Quizlet set"}, 2, "text", 0, ""},
		{"every-type.gift", gift, nil, 13, "gift", 2, ""},
		{"current.apkg", apkg, nil, 5, "apkg", 1, "media"},
		{"legacy.apkg", legacy, map[string]string{"title": "Legacy deck"}, 5, "apkg", 1, "media"},
		{"coral.txt", article, nil, 30, "article", 0, "facts found"},
		{"small.json", bank, nil, 3, "json", 0, ""},
		{"noext", []byte("::a::Q {T}\n"), map[string]string{"format": "gift", "title": "Forced"}, 1, "gift", 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			status, out := e.uploadFile(teacher, tc.file, tc.data, tc.fields)
			if status != 201 {
				t.Fatalf("status %d: %v", status, out)
			}
			b := out["bank"].(map[string]any)
			if int(b["question_count"].(float64)) < tc.wantQ || out["format"] != tc.format || b["id"].(float64) == 0 {
				t.Errorf("bank %v, format %v", b, out["format"])
			}
			if n := len(out["skipped"].([]any)); n != tc.skipped {
				t.Errorf("%d skipped, want %d: %v", n, tc.skipped, out["skipped"])
			}
			if tc.wantNote != "" && !strings.Contains(fmt.Sprint(out["notes"]), tc.wantNote) {
				t.Errorf("notes %v, want %q", out["notes"], tc.wantNote)
			}
		})
	}
}

// TestUploadRefusals checks the uploads that store nothing: a file that is
// not a question set (400), one where nothing is importable or strict
// mode meets a bad row (422 with every problem at its line).
func TestUploadRefusals(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	student := e.user("ada")
	before := e.bankCount()
	tests := []struct {
		name, token, file string
		data              []byte
		fields            map[string]string
		wantStatus        int
		wantLine          int
		want              string
	}{
		{"student", student, "set.csv", []byte(csvV1), nil, 403, 0, "only instructors"},
		{"anonymous", "", "set.csv", []byte(csvV1), nil, 401, 0, "Bearer"},
		{"no file", teacher, "", nil, nil, 400, 0, "choose a file"},
		{"bad GIFT in strict mode", teacher, "q.gift", []byte("Q1 {=a ~b}\n\nQ2 {~a ~b}\n\nQ3 {#x}\n"), map[string]string{"strict": "true"}, 422, 3, "needs a right answer"},
		{"bad CSV row in strict mode", teacher, "q.csv", []byte("prompt,answer,type\nQ,A,essay\nR,B,short_answer\n"), map[string]string{"strict": "true"}, 422, 2, "unknown type"},
		{"nothing importable", teacher, "q.csv", []byte("prompt,answer,type\nQ,A,essay\nR,,short_answer\n"), nil, 422, 3, "answer: is empty"},
		{"a header quizd does not know", teacher, "q.csv", []byte("id,colour\n1,red\n"), nil, 422, 1, "call the question column question, prompt"},
		{"a file of no format", teacher, "notes.txt", []byte("milk\neggs\nflour\n"), nil, 400, 0, "give the separator"},
		{"a separator too long", teacher, "q.txt", []byte("a/////b\n"), map[string]string{"separator": strings.Repeat("/", 17)}, 400, 0, `"field":"separator"`},
		{"nothing importable in a GIFT file", teacher, "q.gift", []byte("Q1 {#y}\n\nQ2 {~a ~b}\n\nQ3 {#x}\n"), nil, 422, 3, "needs a right answer"},
		{"binary junk", teacher, "q.csv", []byte("\x00\x01\x02garbage\xff"), nil, 400, 0, "binary"},
		{"invalid UTF-8", teacher, "q.csv", []byte("prompt,answer\ncaf\xe9,x\n"), nil, 400, 0, "not UTF-8"},
		{"not an Anki package", teacher, "deck.apkg", []byte("PK\x03\x04 not really"), nil, 400, 0, "not an Anki package"},
		{"unknown format", teacher, "q.csv", []byte(csvV1), map[string]string{"format": "docx"}, 400, 0, "unknown format"},
		{"dry run", teacher, "set.csv", []byte(csvV1), map[string]string{"dry_run": "true"}, 200, 0, `"dry_run":true`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, out := e.uploadFile(tc.token, tc.file, tc.data, tc.fields)
			raw, _ := json.Marshal(out)
			if status != tc.wantStatus || !strings.Contains(string(raw), tc.want) {
				t.Errorf("status %d %s, want %d with %q", status, raw, tc.wantStatus, tc.want)
			}
			if tc.wantLine > 0 {
				errs, _ := out["errors"].([]any)
				found := false
				for _, e := range errs {
					m := e.(map[string]any)
					if int(m["line"].(float64)) == tc.wantLine && strings.Contains(m["message"].(string), tc.want) {
						found = true
					}
				}
				if !found {
					t.Errorf("errors %v, want line %d %q", out["errors"], tc.wantLine, tc.want)
				}
			}
			if n := e.bankCount(); n != before {
				t.Errorf("%d banks after a refused upload, want %d", n, before)
			}
		})
	}
}

// TestUploadSkipsBadRows checks that a bad row no longer refuses the file:
// the good rows are stored and every skipped row is listed with its line
// and reason; a separator the file does not show can be given.
func TestUploadSkipsBadRows(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	status, out := e.uploadFile(teacher, "q.csv", []byte("prompt,answer,type\nQ?,A,essay\nR?,B,short_answer\nS?,,short_answer\n"), nil)
	if status != 201 || out["bank"].(map[string]any)["question_count"].(float64) != 1 {
		t.Fatalf("%d %v", status, out)
	}
	raw, _ := json.Marshal(out["skipped"])
	if !strings.Contains(string(raw), `{"line":2,"reason":"type: unknown type \"essay\"`) || !strings.Contains(string(raw), `{"line":4,"reason":"answer: is empty"}`) {
		t.Errorf("skipped %s", raw)
	}
	status, out = e.uploadFile(teacher, "idioms.txt", []byte("at sea = confused\nall ears = listening\nthe last straw\n"), map[string]string{"separator": " = "})
	if status != 201 || out["format"] != "text" || out["bank"].(map[string]any)["question_count"].(float64) != 2 || len(out["skipped"].([]any)) != 1 {
		t.Errorf("separator given: %d %v", status, out)
	}
	status, out = e.uploadFile(teacher, "rows.txt", []byte("one=uno|||two=dos|||three=tres"), map[string]string{"separator": "=", "row_separator": "|||"})
	if status != 201 || out["bank"].(map[string]any)["question_count"].(float64) != 3 {
		t.Errorf("row separator given: %d %v", status, out)
	}
}

func TestUploadSizeLimit(t *testing.T) {
	e := newEnv(t, true)
	e.app = New(Deps{Store: e.store, Views: mustViews(t), Config: Config{SignupOpen: true, UploadLimit: 1024, Now: e.clock.Now, Logger: quietLogger()}})
	teacher := e.role("teacher", storage.Instructor)
	status, out := e.uploadFile(teacher, "big.csv", bytes.Repeat([]byte("a"), 4096), nil)
	if status != 413 {
		t.Errorf("a file over the limit: %d %v", status, out)
	}
	if status, out := e.replaceFile(teacher, int(e.bank.ID), "big.csv", bytes.Repeat([]byte("a"), 4096), nil); status != 403 {
		t.Errorf("an update of a bank the teacher does not own: %d %v", status, out)
	}
	admin := e.role("root", storage.Admin)
	if status, out := e.replaceFile(admin, int(e.bank.ID), "big.csv", bytes.Repeat([]byte("a"), 4096), nil); status != 413 {
		t.Errorf("an update over the limit: %d %v", status, out)
	}
}

func TestReuploadKeepsProgressAndRetires(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	ada := e.user("ada")
	status, out := e.uploadFile(teacher, "set.csv", []byte(csvV1), map[string]string{"public": "true"})
	if status != 201 {
		t.Fatalf("%d %v", status, out)
	}
	id := int(out["bank"].(map[string]any)["id"].(float64))
	path := fmt.Sprintf("/api/v1/banks/%d", id)
	// Ada answers every card.
	for range 3 {
		_, body := e.api("GET", path+"/next", ada, "")
		var next struct{ Question struct{ ID string } }
		json.Unmarshal([]byte(body), &next)
		if s, b := e.api("POST", path+"/answers", ada, fmt.Sprintf(`{"question_id":%q,"rating":4}`, next.Question.ID)); s != 200 {
			t.Fatalf("answer: %d %s", s, b)
		}
	}
	v2 := "prompt,answer,topic,explanation\nWhich member froze its participation?,Armenia,membership,Yerevan did\nWhen was the CSTO founded?,1992,dates,\nWhat is the 102nd?,a base,membership,\n"
	status, out = e.replaceFile(teacher, id, "set.csv", []byte(v2), nil)
	if status != 200 || out["created"].(float64) != 1 || out["changed"].(float64) != 1 || out["retired"].(float64) != 1 || out["unchanged"].(float64) != 1 {
		t.Fatalf("re-upload: %d %v", status, out)
	}
	if int(out["bank"].(map[string]any)["id"].(float64)) != id {
		t.Error("the new version is another bank")
	}
	// Only the new question is new for Ada: the two kept ones keep progress.
	_, body := e.api("GET", path+"/next", ada, "")
	if !strings.Contains(body, `"new_count":1`) || !strings.Contains(body, "102nd") {
		t.Errorf("after the re-upload: %s", body)
	}
	// Another instructor cannot replace it, and the same file posted
	// again is another bank.
	other := e.role("other", storage.Instructor)
	if status, out := e.replaceFile(other, id, "set.csv", []byte(csvV1), nil); status != 403 {
		t.Errorf("another instructor's upload over it: %d %v", status, out)
	}
	if status, out := e.uploadFile(other, "set.csv", []byte(csvV1), nil); status != 201 || int(out["bank"].(map[string]any)["id"].(float64)) == id {
		t.Errorf("another instructor's file of the same name: %d %v", status, out)
	}
}

func TestExportImportsBack(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	student := e.user("ada")
	gift, _ := os.ReadFile("../questions/gift/testdata/every-type.gift")
	status, out := e.uploadFile(teacher, "every-type.gift", gift, nil)
	if status != 201 {
		t.Fatalf("%d %v", status, out)
	}
	id := int(out["bank"].(map[string]any)["id"].(float64))
	for _, format := range []string{"json", "csv", "gift"} {
		t.Run(format, func(t *testing.T) {
			req := httptest.NewRequest("GET", fmt.Sprintf("/api/v1/banks/%d/export?format=%s", id, format), nil)
			req.Header.Set("Authorization", "Bearer "+teacher)
			status, data, h := e.do(req)
			if status != 200 || !strings.Contains(h.Get("Content-Disposition"), "attachment; filename=\"every-type-") {
				t.Fatalf("export: %d %v", status, h)
			}
			status, back := e.replaceFile(teacher, id, "every-type."+format, []byte(data), nil)
			if status != 200 || back["unchanged"].(float64) != 13 || back["created"].(float64)+back["changed"].(float64)+back["retired"].(float64) != 0 {
				t.Errorf("the %s export imported back as %v", format, back)
			}
		})
	}
	if s, _ := e.api("GET", fmt.Sprintf("/api/v1/banks/%d/export?format=json", id), student, ""); s != 403 {
		t.Errorf("a student exported a bank: %d", s)
	}
	if s, _ := e.api("GET", fmt.Sprintf("/api/v1/banks/%d/export?format=pdf", id), teacher, ""); s != 400 {
		t.Errorf("an unknown export format: %d", s)
	}
}

func TestClassesScenarios(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	other := e.role("other", storage.Instructor)
	ada := e.user("ada")
	bob := e.user("bob")
	admin := e.role("root", storage.Admin)
	_, out := e.uploadFile(teacher, "set.csv", []byte(csvV1), nil)
	bankID := int(out["bank"].(map[string]any)["id"].(float64))
	_, out = e.uploadFile(other, "theirs.csv", []byte(csvV1), map[string]string{"title": "Theirs"})
	theirs := int(out["bank"].(map[string]any)["id"].(float64))

	status, body := e.api("POST", "/api/v1/classes", teacher, `{"name":"Period 1"}`)
	var cl struct {
		ID       int    `json:"id"`
		JoinCode string `json:"join_code"`
	}
	json.Unmarshal([]byte(body), &cl)
	if status != 201 || len(cl.JoinCode) != 8 {
		t.Fatalf("create class: %d %s", status, body)
	}
	classPath := fmt.Sprintf("/api/v1/classes/%d/banks", cl.ID)
	tests := []struct {
		name, method, url, caller, body string
		wantStatus                      int
		wantContains                    string
	}{
		{"student cannot create a class", "POST", "/api/v1/classes", ada, `{"name":"Mine"}`, 403, "only instructors"},
		{"class without a name", "POST", "/api/v1/classes", teacher, `{"name":"  "}`, 400, `"field":"name"`},
		{"join with a wrong code", "POST", "/api/v1/classes/join", ada, `{"code":"ZZZZZZZZ"}`, 404, "no class has this join code"},
		{"join", "POST", "/api/v1/classes/join", ada, `{"code":"` + strings.ToLower(cl.JoinCode) + `"}`, 200, `"name":"Period 1"`},
		{"a student does not see the code", "GET", "/api/v1/classes", ada, "", 200, `"students":1`},
		{"private bank hidden before assignment", "GET", fmt.Sprintf("/api/v1/banks/%d/next", bankID), ada, "", 403, "not open to you"},
		{"student cannot assign", "POST", classPath, ada, fmt.Sprintf(`{"bank_id":%d}`, bankID), 403, "another instructor"},
		{"other instructor cannot assign to this class", "POST", classPath, other, fmt.Sprintf(`{"bank_id":%d}`, theirs), 403, "another instructor"},
		{"cannot assign another's private bank", "POST", classPath, teacher, fmt.Sprintf(`{"bank_id":%d}`, theirs), 403, "another instructor's"},
		{"assign", "POST", classPath, teacher, fmt.Sprintf(`{"bank_id":%d}`, bankID), 200, fmt.Sprintf(`"bank_ids":[%d]`, bankID)},
		{"assign a missing bank", "POST", classPath, teacher, `{"bank_id":9999}`, 404, "no bank"},
		{"assign to a bad class id", "POST", "/api/v1/classes/x/banks", teacher, `{"bank_id":1}`, 400, `"field":"id"`},
		{"the class member sees the bank", "GET", "/api/v1/banks", ada, "", 200, `"title":"set"`},
		{"and studies it", "GET", fmt.Sprintf("/api/v1/banks/%d/next", bankID), ada, "", 200, `"new_count":3`},
		{"another student does not", "GET", fmt.Sprintf("/api/v1/banks/%d/next", bankID), bob, "", 403, "not open to you"},
		{"the owner sees the code", "GET", "/api/v1/classes", teacher, "", 200, cl.JoinCode},
		{"another instructor sees no class", "GET", "/api/v1/classes", other, "", 200, `"classes":[]`},
		{"an admin sees every class", "GET", "/api/v1/classes", admin, "", 200, cl.JoinCode},
		{"an admin may assign any bank", "POST", classPath, admin, fmt.Sprintf(`{"bank_id":%d}`, theirs), 200, fmt.Sprint(theirs)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.api(tc.method, tc.url, tc.caller, tc.body)
			if status != tc.wantStatus || !strings.Contains(body, tc.wantContains) {
				t.Errorf("%s %s = %d %s, want %d containing %q", tc.method, tc.url, status, body, tc.wantStatus, tc.wantContains)
			}
		})
	}
	if _, body := e.api("GET", "/api/v1/classes", ada, ""); strings.Contains(body, cl.JoinCode) {
		t.Errorf("a student sees the join code: %s", body)
	}
}
