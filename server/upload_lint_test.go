package server

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"quizd/questions"
	"quizd/questions/lint"
	"quizd/storage"
)

// lintyCSV uploads fine but has two findings: the third question asks the
// same as the first, and the second offers two choices.
const lintyCSV = "id,type,prompt,answer,choices\n" +
	"q1,short_answer,Which member froze its participation in the CSTO?,Armenia,\n" +
	"q2,multiple_choice,Which article sets the goals of the CSTO?,Article 3,Article 3|Article 7\n" +
	"q3,flashcard,Which member froze its participation in the CSTO?,Armenia,\n"

func TestUploadWarnings(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	before := e.bankCount()
	type warning struct{ ID, Code, Message string }
	tests := []struct {
		name       string
		file       string
		data       string
		fields     map[string]string
		wantStatus int
		want       []warning
		wantBanks  int
	}{
		{"dry run with findings", "linty.csv", lintyCSV, map[string]string{"dry_run": "true"}, 200, []warning{
			{"q2", "too-few-choices", "It offers only 2 choices: add plausible wrong choices so that there are at least 3."},
			{"q3", "duplicate-prompt", "It asks the same as question q1 (“Which member froze its participation in the CSTO?”): ask something else, or remove one of them."},
		}, 0},
		{"dry run of a clean file", "set.csv", csvV1, map[string]string{"dry_run": "true"}, 200, []warning{}, 0},
		// Warnings never stop an upload.
		{"upload with findings", "linty.csv", lintyCSV, nil, 201, []warning{
			{"q2", "too-few-choices", ""}, {"q3", "duplicate-prompt", ""},
		}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, out := e.uploadFile(teacher, tc.file, []byte(tc.data), tc.fields)
			if status != tc.wantStatus {
				t.Fatalf("status %d, want %d: %v", status, tc.wantStatus, out)
			}
			raw, ok := out["warnings"].([]any)
			if !ok {
				t.Fatalf("no warnings array in %v", out)
			}
			var got []warning
			for _, w := range raw {
				m := w.(map[string]any)
				if len(m) != 3 {
					t.Errorf("warning %v has other fields than id, code and message", m)
				}
				got = append(got, warning{m["id"].(string), m["code"].(string), m["message"].(string)})
			}
			if len(got) != len(tc.want) {
				t.Fatalf("warnings %v, want %v", got, tc.want)
			}
			for i, w := range tc.want {
				if got[i].ID != w.ID || got[i].Code != w.Code || w.Message != "" && got[i].Message != w.Message {
					t.Errorf("warning %d = %+v, want %+v", i, got[i], w)
				}
			}
			if n := e.bankCount(); n != before+tc.wantBanks {
				t.Errorf("%d banks, want %d", n, before+tc.wantBanks)
			}
		})
	}
}

// TestArticleUploadWarnsOfCopiedExplanations: a bank made from an uploaded
// article is checked against that article; other files have no article.
func TestArticleUploadWarnsOfCopiedExplanations(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	article, err := os.ReadFile("../questions/extract/testdata/coral.txt")
	if err != nil {
		t.Fatal(err)
	}
	status, out := e.uploadFile(teacher, "coral.txt", article, map[string]string{"dry_run": "true"})
	if status != 200 {
		t.Fatalf("status %d: %v", status, out)
	}
	if raw := fmt.Sprint(out["warnings"]); !strings.Contains(raw, "code:explanation-copies-source") {
		t.Errorf("no copied explanation among the warnings: %.500s", raw)
	}
	csv := "prompt,answer,explanation\nWhy did Armenia step back?,Mistrust,It froze its participation in the CSTO after mistrust grew between Yerevan and Moscow.\n"
	status, out = e.uploadFile(teacher, "set.csv", []byte(csv), map[string]string{"dry_run": "true"})
	if status != 200 || strings.Contains(fmt.Sprint(out["warnings"]), "explanation-copies-source") {
		t.Errorf("a CSV upload has no article to copy from: %d %v", status, out["warnings"])
	}
}

func TestUploadPreviewPageShowsWarnings(t *testing.T) {
	e := newEnv(t, true)
	e.role("teacher", storage.Instructor)
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	if status, _, _ := b.post("/login", page, url.Values{"username": {"teacher"}, "password": {"correct horse"}}); status != 303 {
		t.Fatalf("sign in: %d", status)
	}
	_, page, _ = b.request("GET", "/upload", nil)
	preview := func(filename, data string) (int, string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("_csrf", b.csrf(page))
		w, _ := mw.CreateFormFile("file", filename)
		w.Write([]byte(data))
		mw.Close()
		req := httptest.NewRequest("POST", "/upload", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		for k, v := range b.cookies {
			req.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		status, out, _ := e.do(req)
		return status, out
	}

	status, out := preview("linty.csv", lintyCSV)
	if status != 200 || !strings.Contains(out, `action="/upload/publish"`) {
		t.Fatalf("preview: %d %.500s", status, out)
	}
	for _, want := range []string{
		`<h2 id="warnings-title">2 warnings</h2>`,
		"Nothing here stops publishing",
		"<code>duplicate-prompt</code>: 1 question",
		"<code>too-few-choices</code>: 1 question",
		"Question 3, “Which member froze its participation in the CSTO?”:",
		"It offers only 2 choices: add plausible wrong choices so that there are at least 3.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	if strings.Index(out, "duplicate-prompt") > strings.Index(out, "too-few-choices") {
		t.Error("warning groups are not in the linter's order")
	}

	if _, out := preview("set.csv", csvV1); strings.Contains(out, "warnings-title") {
		t.Error("a clean file's preview shows warnings")
	}

	// A bad row is listed in the preview, and the rest can be published.
	status, out = preview("cards.txt", "Who led the May school?\tJan Neruda\nWhat is a feuilleton?\tA short witty text.\nnot, enough, fields\n")
	if status != 200 || !strings.Contains(out, "1 row or block of the file was left out: open to see which and why") ||
		!strings.Contains(out, "Line 3: a card needs a front and a back, separated by a tab, and this row has one field") {
		t.Errorf("skipped rows in the preview: %d %.2000s", status, out)
	}
}

// TestWarningGroupsAreBounded: a large bank's preview lists a bounded
// number of findings per code, counts the rest, and keeps the linter's
// order of codes.
func TestWarningGroupsAreBounded(t *testing.T) {
	b := &questions.Bank{}
	var fs []lint.Finding
	for i := range 50 {
		id := fmt.Sprintf("q%d", i)
		b.Questions = append(b.Questions, questions.Question{ID: id, Prompt: strings.Repeat("A long prompt. ", 10)})
		fs = append(fs, lint.Finding{ID: id, Code: lint.TooFewChoices, Message: "It offers only 2 choices."})
	}
	fs = append(fs, lint.Finding{ID: "q7", Code: lint.DuplicatePrompt, Message: "It asks the same."},
		lint.Finding{Code: lint.NotAllChecked, Message: "Only the first 50 were checked."})
	gs := warningGroups(b, fs)
	if len(gs) != 3 || gs[0].Code != "duplicate-prompt" || gs[1].Code != "too-few-choices" || gs[2].Code != "not-all-checked" {
		t.Fatalf("groups %+v", gs)
	}
	if w := gs[2].Items[0]; w.Question != 0 || w.Prompt != "" {
		t.Errorf("a finding about the whole bank names question %d %q", w.Question, w.Prompt)
	}
	if g := gs[1]; g.Count != 50 || len(g.Items) != maxWarningsShown || g.More != 50-maxWarningsShown {
		t.Errorf("too-few-choices: count %d, %d listed, %d more", g.Count, len(g.Items), g.More)
	}
	if w := gs[0].Items[0]; w.Question != 8 || len([]rune(w.Prompt)) != 80 || !strings.HasSuffix(w.Prompt, "…") {
		t.Errorf("item %+v: want question 8 with its prompt cut to 80 letters", w)
	}
}
