package views

import (
	"bytes"
	"strings"
	"testing"
)

// The controls of issue 10 inside the study, done and stats pages show
// user content as text, and appear only where they belong.
func TestStudyControlsRender(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, page  string
		data        any
		want, never []string
	}{
		{"a card offers undo, bury and suspend", "study", StudyPage{Bank: BankRef{1, "B"}, Mode: "quiz", Undo: 7,
			Q: QuestionView{ID: "q<1>", Type: "short_answer", Prompt: "P"}},
			[]string{`name="review_id" value="7"`, `data-key="u"`, `/banks/1/questions/q%3c1%3e/bury`, `/banks/1/questions/q%3c1%3e/suspend`}, nil},
		{"the first card offers no undo", "study", StudyPage{Bank: BankRef{1, "B"}, Mode: "quiz", Q: QuestionView{ID: "q", Type: "short_answer"}},
			nil, []string{`id="undo"`}},
		{"a practised card goes back as practice", "study", StudyPage{Bank: BankRef{1, "B"}, Mode: "quiz", Undo: 7,
			Q:        QuestionView{ID: "q", Type: "flashcard", Prompt: "P"},
			Practice: &PracticeInfo{Label: "<i>t</i>", Topic: "<b>g</b>", URL: "/banks/1/practice?topic=%3Cb%3E", TestID: 3, Position: 2, Size: 5}},
			[]string{`name="practice" value="1"`, `name="test" value="3"`, "question 2 of 5", `href="/banks/1/practice?topic=%3Cb%3E&amp;reveal=1"`},
			[]string{`id="undo"`, `id="suspend"`, "switch to"}},
		{"the done page offers practice", "done", DonePage{Bank: BankRef{1, "B"}, Undo: 9, Choices: PracticeChoices{Topics: []string{"<i>t</i>"}, DefaultSize: 10, MaxSize: 100}},
			[]string{"filter=mistakes", "filter=leeches", `topic=%3ci%3et`, `name="review_id" value="9"`, `max="100"`}, nil},
		{"the stats page lists cards set aside", "stats", StatsPage{Banks: []BankStats{{Bank: BankRef{1, "B"}, CSRF: "tok",
			Held:      []HeldCard{{QuestionID: "a", Prompt: "<b>g</b>", Suspended: true}, {QuestionID: "b", Prompt: "<i>t</i>", BuriedUntil: "Tue 3 Mar 00:00"}},
			Forgotten: []HeldCard{{QuestionID: "c", Prompt: "<img src=x onerror=1>"}}}}},
			[]string{"/banks/1/questions/a/unsuspend", "buried until Tue 3 Mar 00:00", "/banks/1/questions/c/suspend", `value="tok"`}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := e.Render(&buf, tc.page, tc.data); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, w := range tc.want {
				if !strings.Contains(out, w) {
					t.Errorf("lacks %q", w)
				}
			}
			for _, n := range append(tc.never, "<b>g</b>", "<i>t</i>", "<img src=x") {
				if strings.Contains(out, n) {
					t.Errorf("has %q", n)
				}
			}
		})
	}
}
