package storage

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"quizd/questions"
	"quizd/questions/report"
	"quizd/questions/srs"
)

var updateGolden = flag.Bool("update", false, "rewrite the report golden files in testdata/report")

// goldenBank has prompts, topics and answers that test every writer's
// escaping: CSV quotes, commas, line ends, leading spaces and formula
// characters; JSON's HTML-safe and non-ASCII escapes; and a question that
// is retired after it was answered.
func goldenBank() *questions.Bank {
	b := &questions.Bank{Slug: "golden", Title: "Golden", Source: questions.Source{Title: "S"}, Questions: []questions.Question{
		{ID: "sa", Topic: "Numbers, \"counting\"", Type: questions.ShortAnswer, Prompt: "Say one in Spanish?", Answer: "uno"},
		{ID: "mc", Topic: "Capitals", Type: questions.MultipleChoice, Prompt: "Pick the capital of Italy.", Answer: "Rome", Choices: []string{"Rome", "Milan", "Turin"}},
		{ID: "eq", Topic: "Formulas", Type: questions.ShortAnswer, Prompt: "=SUM(A1:A3) is what <b>&</b> why?", Answer: "a sum"},
		{ID: "nl", Topic: "Capitals", Type: questions.ShortAnswer, Prompt: "Two lines:\nwhich city?\r\nSay \"Zürich\" — ✓", Answer: "Zürich"},
		{ID: "sp", Topic: " Spaced", Type: questions.ShortAnswer, Prompt: "  Leading spaces, trailing tab\t", Answer: "x"},
		{ID: "old", Topic: "Formulas", Type: questions.ShortAnswer, Prompt: "-1 or +1?", Answer: "+1"},
		{ID: "un", Topic: "Unseen", Type: questions.ShortAnswer, Prompt: "Nobody studies this.", Answer: "no"},
	}}
	b.Stamp()
	return b
}

// seedGolden fills a store with a class of students whose cards and
// answers cover every state, rating and empty cell of the three views.
func seedGolden(t *testing.T, s *Store) (*Bank, *Class) {
	t.Helper()
	ctx := context.Background()
	teacher := mustRole(t, s, "teacher", Instructor)
	b := mustBank(t, s, goldenBank())
	cl, err := s.CreateClass(ctx, teacher.ID, "Golden class")
	if err != nil {
		t.Fatal(err)
	}
	responses := [][]string{
		{"uno", "Milan", "a sum", "Zurich", "x", "-1"},
		{"Eins", "Rome", "=1+1", "Zürich", "y", "+1"},
		{"eins ", "Turin", "", "zurich", "x", "1"},
		{"dos", "Milan", "a sum", "Zürich", "x", "+1"},
		{"uno", "Rome", "<script>", "Paris, \"France\"", "z", "+1"},
	}
	for i, rs := range responses {
		u := mustUser(t, s, []string{"ada", "bob", "cyd", "dee", "eve"}[i])
		if _, err := s.JoinClass(ctx, u.ID, cl.JoinCode); err != nil {
			t.Fatal(err)
		}
		for j, qid := range []string{"sa", "mc", "eq", "nl", "sp", "old"} {
			if (i+j)%4 == 3 {
				continue // leave some questions new for some students
			}
			at := t0.Add(time.Duration(i*7+j) * time.Hour)
			graded(t, s, u, b, qid, rs[j], at)
			if (i+j)%3 == 0 {
				graded(t, s, u, b, qid, rs[(j+1)%len(rs)], at.Add(49*time.Hour+17*time.Second))
			}
			if i == 4 {
				answer(t, s, u, b, qid, srs.Hard, at.Add(30*24*time.Hour+123*time.Millisecond))
			}
		}
	}
	// A student in the class who never studied, and one outside it who did.
	fay := mustUser(t, s, "fay")
	if _, err := s.JoinClass(ctx, fay.ID, cl.JoinCode); err != nil {
		t.Fatal(err)
	}
	answer(t, s, mustUser(t, s, "zed"), b, "sa", srs.Good, t0)
	// Students in review with long stabilities, lapses and every rating.
	if _, err := s.SeedReport(ctx, b.ID, teacher.ID, 40, t0); err != nil {
		t.Fatal(err)
	}
	// A due date stored with another zone's offset is written in UTC.
	if err := s.w.Exec("UPDATE cards SET due = ? WHERE id = (SELECT MIN(id) FROM cards)", "2026-04-01 12:30:00.5+02:00").Error; err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetRetired(ctx, b.ID, "old", true); err != nil {
		t.Fatal(err)
	}
	return b, cl
}

// TestReportExportMatchesGolden writes every view in every format from a
// seeded bank and compares the bytes with the files in testdata/report,
// written by the exporter before it streamed without reflection: the fast
// exporter must write exactly what the old one did.
func TestReportExportMatchesGolden(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	b, cl := seedGolden(t, s)
	now := t0.Add(40 * 24 * time.Hour)
	sheets := map[string]string{ViewProgress: "Progress", ViewSummary: "Summary", ViewItems: "Items"}
	scopes := map[string]ReportScope{
		"class":   {BankID: b.ID, ClassID: cl.ID},
		"all":     {BankID: b.ID},
		"student": {BankID: b.ID, StudentID: 2},
	}
	for _, view := range []string{ViewProgress, ViewSummary, ViewItems} {
		for scopeName, sc := range scopes {
			for _, format := range report.Formats {
				name := view + "-" + scopeName + "." + format
				t.Run(name, func(t *testing.T) {
					cols, err := s.ReportColumns(ctx, view, b.ID)
					if err != nil {
						t.Fatal(err)
					}
					var buf bytes.Buffer
					w, err := report.NewWriter(format, &buf, sheets[view], cols)
					if err != nil {
						t.Fatal(err)
					}
					if _, err := s.WriteReport(ctx, view, sc, w, now); err != nil {
						t.Fatal(err)
					}
					if err := w.Close(); err != nil {
						t.Fatal(err)
					}
					path := filepath.Join("testdata", "report", name)
					if *updateGolden {
						if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
							t.Fatal(err)
						}
						if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
							t.Fatal(err)
						}
					}
					want, err := os.ReadFile(path)
					if err != nil {
						t.Fatalf("%v: run go test ./storage -run TestReportExportMatchesGolden -update with the exporter you trust", err)
					}
					if !bytes.Equal(buf.Bytes(), want) {
						got := buf.Bytes()
						i := 0
						for i < min(len(got), len(want)) && got[i] == want[i] {
							i++
						}
						t.Errorf("%s differs from %s at byte %d of %d (want %d):\ngot  %q\nwant %q", name, path, i, len(got), len(want),
							got[max(0, i-80):min(len(got), i+80)], want[max(0, i-80):min(len(want), i+80)])
					}
				})
			}
		}
	}
}
