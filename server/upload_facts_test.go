package server

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"quizd/storage"
)

const shortSheet = "title: A very short course\ndates:\n  - event: The course began\n    date: 2026-09-01\n  - event: The course ended\n    date: 2026-12-18\n"

// TestUploadFactSheet checks that a fact sheet uploads as a bank of its
// own, by its name or format=facts, and that a bad one is refused with
// each problem at its line, storing nothing.
func TestUploadFactSheet(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	for _, tc := range []struct {
		file   string
		fields map[string]string
	}{{"course.yaml", nil}, {"course.txt", map[string]string{"format": "facts", "title": "Forced"}}} {
		status, out := e.uploadFile(teacher, tc.file, []byte(shortSheet), tc.fields)
		if status != 201 || out["format"] != "facts" {
			t.Fatalf("%s: %d %v", tc.file, status, out)
		}
		if _, ok := out["facts"]; ok {
			t.Errorf("%s: facts are a preview's, not a stored upload's: %v", tc.file, out["facts"])
		}
		if b := out["bank"].(map[string]any); b["question_count"].(float64) < 2 {
			t.Errorf("%s: bank %v", tc.file, b)
		}
	}
	before := e.bankCount()
	for _, tc := range []struct {
		name, data string
		line       int
		want       string
	}{
		{"bad date", "title: T\ndates:\n  - event: E\n    date: 2024-13-01\n", 4, "month 13 is out of range"},
		{"unknown section", "title: T\nweather: sunny\n", 2, "unknown topic"},
		{"reaction without gist", "title: T\nreactions:\n  - who: Austria\n", 3, "gist is missing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, out := e.uploadFile(teacher, "bad.yaml", []byte(tc.data), nil)
			raw, _ := json.Marshal(out["errors"])
			if status != 422 || !strings.Contains(string(raw), fmt.Sprintf(`"line":%d`, tc.line)) || !strings.Contains(string(raw), tc.want) {
				t.Errorf("%d %v, want 422 with line %d: %q", status, out, tc.line, tc.want)
			}
		})
	}
	if n := e.bankCount(); n != before {
		t.Errorf("%d banks after refused sheets, want %d", n, before)
	}
}

// TestArticlePreviewShowsFacts checks that the dry run of an article
// returns the extracted facts under the fact sheet's keys, and that they
// upload back as a fact sheet giving the same bank.
func TestArticlePreviewShowsFacts(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	article, err := os.ReadFile("../questions/extract/testdata/danube.md")
	if err != nil {
		t.Fatal(err)
	}
	status, out := e.uploadFile(teacher, "danube.md", article, map[string]string{"dry_run": "true"})
	if status != 200 {
		t.Fatalf("%d %v", status, out)
	}
	f, ok := out["facts"].(map[string]any)
	if !ok {
		t.Fatalf("no facts in the preview: %v", out)
	}
	m := f["membership"].(map[string]any)
	if m["organisation"] != "Danube Water Alliance" || m["founded"] != "2011" || len(m["members"].([]any)) != 5 {
		t.Errorf("membership %v", m)
	}
	d := f["dates"].([]any)[1].(map[string]any)
	if d["event"] != "A flood barrier failed near Novi Sad" || d["date"] != "2019-03-03" || !strings.Contains(d["source"].(string), "March 3, 2019") {
		t.Errorf("date %v", d)
	}
	for _, key := range []string{"title", "charter", "reactions", "people"} {
		if f[key] == nil {
			t.Errorf("facts lack %s: %v", key, f)
		}
	}
	if _, ok := f["Membership"]; ok {
		t.Errorf("facts use Go field names: %v", f)
	}
	// The facts as JSON are a fact sheet (YAML reads JSON): they upload
	// back into the same questions.
	sheet, _ := json.Marshal(f)
	status, back := e.uploadFile(teacher, "danube.yaml", sheet, map[string]string{"dry_run": "true"})
	if status != 200 || back["bank"].(map[string]any)["question_count"] != out["bank"].(map[string]any)["question_count"] {
		t.Errorf("facts sent back: %d %v, want the bank of %v", status, back["bank"], out["bank"])
	}
	status, csv := e.uploadFile(teacher, "set.csv", []byte(csvV1), map[string]string{"dry_run": "true"})
	if _, ok := csv["facts"]; status != 200 || ok {
		t.Errorf("a CSV preview has no facts: %d %v", status, csv)
	}
}
