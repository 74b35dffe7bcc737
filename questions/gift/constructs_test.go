package gift

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"quizd/questions"
)

// parseFile reads a fixture of testdata without strictness.
func parseFile(t *testing.T, name string) *questions.Imported {
	t.Helper()
	data, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	im, err := Parse(data, Options{})
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return im
}

func byID(im *questions.Imported) map[string]questions.Question {
	m := map[string]questions.Question{}
	for _, q := range im.Questions {
		m[q.ID] = q
	}
	return m
}

// Moodle lets names and texts repeat: every question is kept under an ID of
// its own, and only a block written again word for word is merged.
func TestRepeatedNamesAndTextsKeepEveryQuestion(t *testing.T) {
	im := parseFile(t, "repeats.gift")
	var ids, prompts []string
	for _, q := range im.Questions {
		ids = append(ids, q.ID)
		prompts = append(prompts, q.Prompt)
	}
	if len(im.Questions) != 6 {
		t.Fatalf("%d questions %q, want 6", len(im.Questions), prompts)
	}
	q := byID(im)
	if q["capital"].Answer != "Yerevan" || q["capital-2"].Answer != "Astana" {
		t.Errorf("the two questions named capital read as %+v and %+v", q["capital"], q["capital-2"])
	}
	if q["founded"].Answer != "true" || q["founded-2"].Answer != "true" {
		t.Errorf("{T} and {TRUE} under one name read as %+v and %+v", q["founded"], q["founded-2"])
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Errorf("id %q is used twice in %q", id, ids)
		}
		seen[id] = true
	}
	if len(im.Skipped) != 1 || im.Skipped[0].Line != 12 || !strings.Contains(im.Skipped[0].Reason, "same question as line 7") {
		t.Errorf("skipped %+v, want the word-for-word repeat at line 12", im.Skipped)
	}
	// The IDs are the same on every read, so re-uploading keeps progress.
	again := parseFile(t, "repeats.gift")
	for i := range again.Questions {
		if again.Questions[i].ID != ids[i] {
			t.Errorf("question %d has id %q on a second read, %q on the first", i, again.Questions[i].ID, ids[i])
		}
	}
}

// A matching answer with no left side is Moodle's distractor: the question
// imports with its real pairs, and a note says what was left out.
func TestMatchingDistractorIsLeftOutWithANote(t *testing.T) {
	im := parseFile(t, "matching-distractor.gift")
	if len(im.Questions) != 1 {
		t.Fatalf("questions %+v, skipped %+v", im.Questions, im.Skipped)
	}
	q := im.Questions[0]
	want := []questions.Pair{
		{Left: "Collective Security Council", Right: "sets policy"},
		{Left: "Council of Foreign Ministers", Right: "coordinates foreign policy"},
		{Left: "Council of Defence Ministers", Right: "coordinates defence"},
	}
	if q.Type != questions.Matching || !reflect.DeepEqual(q.Pairs, want) {
		t.Errorf("read %+v, want pairs %+v", q, want)
	}
	if len(im.Notes) != 1 || !strings.Contains(im.Notes[0], "line 1") || !strings.Contains(im.Notes[0], "left out") {
		t.Errorf("notes %q, want one about the distractor on line 1", im.Notes)
	}
}

// "{#6:1~#feedback}": the ~ starts feedback for wrong answers, not part of
// the tolerance; ranges keep the decimals written.
func TestNumericalWrongAnswerFeedbackAndRanges(t *testing.T) {
	im := parseFile(t, "numerical.gift")
	q := byID(im)
	tests := []struct {
		id     string
		answer string
		want   []questions.NumberRange
	}{
		{"members", "6", []questions.NumberRange{{Min: 5, Max: 7}}},
		{"pi", "3.1415", []questions.NumberRange{{Min: 3.141, Max: 3.142}}},
		{"neg", "-3.142", []questions.NumberRange{{Min: -3.143, Max: -3.141}}},
		{"between", "1992", []questions.NumberRange{{Min: 1991, Max: 1993}}},
		{"pirange", "3.1415", []questions.NumberRange{{Min: 3.141, Max: 3.142}}},
		{"close", "1992", []questions.NumberRange{{Min: 1992, Max: 1992}}},
	}
	for _, tc := range tests {
		got, ok := q[tc.id]
		if !ok {
			t.Errorf("%s was not read; skipped %+v", tc.id, im.Skipped)
			continue
		}
		if got.Answer != tc.answer || !reflect.DeepEqual(got.Numbers, tc.want) {
			t.Errorf("%s: answer %q numbers %v, want %q %v", tc.id, got.Answer, got.Numbers, tc.answer, tc.want)
		}
		for _, r := range got.Numbers {
			if s := r.String(); len(s) > 20 {
				t.Errorf("%s: range written %q, with float noise", tc.id, s)
			}
		}
	}
	res, err := questions.Grade(ptr(q["members"]), []string{"7"})
	if err != nil || !res.Correct {
		t.Errorf("7 for 6±1 graded %+v, %v", res, err)
	}
}

func ptr(q questions.Question) *questions.Question { return &q }

// Moodle checks for ~ before ->: a choice may hold an arrow.
func TestArrowInsideAChoiceIsStillMultipleChoice(t *testing.T) {
	im := parseFile(t, "choice-arrows.gift")
	if len(im.Questions) != 2 {
		t.Fatalf("questions %+v, skipped %+v", im.Questions, im.Skipped)
	}
	first, menu := im.Questions[0], im.Questions[1]
	if first.Type != questions.MultipleChoice || first.Answer != "File -> Page Setup" || len(first.Choices) != 3 {
		t.Errorf("read %+v", first)
	}
	if menu.Type != questions.MultipleChoice || menu.Answer != "View->Ruler" || !reflect.DeepEqual(menu.Choices, []string{"Insert->Ruler", "View->Ruler"}) {
		t.Errorf("read %+v", menu)
	}
}

// quizd grades an answer right or wrong. With an = the question asks for
// one answer and a partly credited choice counts as wrong; without one,
// every positively weighted choice must be picked.
func TestPartialCredit(t *testing.T) {
	im := parseFile(t, "partial-credit.gift")
	q := byID(im)
	single := q["single"]
	if single.Type != questions.MultipleChoice || single.Answer != "Moscow" || single.MultipleAnswers() {
		t.Errorf("single read as %+v", single)
	}
	for response, right := range map[string]bool{"Moscow": true, "Russia": false} {
		res, err := questions.Grade(&single, []string{response})
		if err != nil || res.Correct != right {
			t.Errorf("single: %q graded %+v, %v; want correct=%v", response, res, err, right)
		}
	}
	several := q["several"]
	if !reflect.DeepEqual(several.Answers, []string{"Russia", "Belarus"}) {
		t.Errorf("several read as %+v", several)
	}
	typed := q["typed"]
	if typed.Answer != "Moscow" || len(typed.Accept) != 0 {
		t.Errorf("typed read as %+v", typed)
	}
	if len(im.Notes) != 1 || !strings.Contains(im.Notes[0], "lines 1 and 13") {
		t.Errorf("notes %q, want partial credit noted on lines 1 and 13", im.Notes)
	}
}

// Choices of symbols alone stay themselves and stay apart.
func TestSymbolChoices(t *testing.T) {
	im := parseFile(t, "symbols.gift")
	q := byID(im)
	control := q["control"]
	if !reflect.DeepEqual(control.Choices, []string{"~", "=", "#", "{", "}", `\`}) || control.Answer != `\` {
		t.Fatalf("control read as %+v; skipped %+v", control, im.Skipped)
	}
	for _, c := range control.Choices {
		res, err := questions.Grade(&control, []string{c})
		if err != nil || res.Correct != (c == `\`) {
			t.Errorf("choice %q graded %+v, %v", c, res, err)
		}
	}
	sign := q["sign"]
	res, err := questions.Grade(&sign, []string{"◯"})
	if sign.Answer != "△" || err != nil || res.Correct {
		t.Errorf("sign read as %+v; ◯ graded %+v, %v", sign, res, err)
	}
}

// "{One}" is a short answer, as Moodle reads it.
func TestShortAnswerWithoutEquals(t *testing.T) {
	q := byID(parseFile(t, "short-no-equals.gift"))
	if q["one"].Type != questions.ShortAnswer || q["one"].Answer != "One" {
		t.Errorf("one read as %+v", q["one"])
	}
	if q["two"].Answer != "Two" {
		t.Errorf("two read as %+v", q["two"])
	}
}

// [html] and [markdown] become the text a reader sees; no marker or tag
// is ever shown, and [plain] keeps what it marks as written.
func TestTextFormatsBecomePlainText(t *testing.T) {
	im := parseFile(t, "formats.gift")
	q := byID(im)
	h := q["html"]
	if h.Prompt != "Which body is the highest of the CSTO?\nPick one." {
		t.Errorf("html prompt %q", h.Prompt)
	}
	if want := []string{"Collective Security Council", "Council of Foreign Ministers", "Secretariat & staff"}; !reflect.DeepEqual(h.Choices, want) {
		t.Errorf("html choices %q, want %q", h.Choices, want)
	}
	if h.Explanation != "It meets once a year." {
		t.Errorf("html explanation %q", h.Explanation)
	}
	md := q["md"]
	if md.Prompt != "Who chairs the Collective Security Council?" || md.Answer != "the current chair" || !reflect.DeepEqual(md.Accept, []string{"the chair"}) {
		t.Errorf("markdown read as %+v", md)
	}
	if q["plain"].Prompt != "Is <b> a tag in HTML?" {
		t.Errorf("plain prompt %q", q["plain"].Prompt)
	}
	if q["moodle"].Prompt != "Is 3 < 5 and 6 > 4?" {
		t.Errorf("moodle prompt %q", q["moodle"].Prompt)
	}
	// Unmarked text is written by hand: a<b and c>d is not a tag.
	if q["unmarked"].Prompt != "Is a<b and c>d when a=1?" {
		t.Errorf("unmarked prompt %q", q["unmarked"].Prompt)
	}
	for _, x := range im.Questions {
		for _, s := range append(append([]string{x.Prompt, x.Answer, x.Explanation}, x.Choices...), x.Accept...) {
			if strings.Contains(s, "[plain]") || strings.Contains(s, "[html]") || strings.Contains(s, "<i>") || strings.Contains(s, "<p>") || strings.Contains(s, "**") {
				t.Errorf("%s shows markup: %q", x.ID, s)
			}
		}
	}
	// Written out and read back, the texts are the same: "<b>" is kept by
	// a [plain] mark.
	back, err := Parse(Write(im.Questions), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range im.Questions {
		if !im.Questions[i].Equal(back.Questions[i]) {
			t.Errorf("question %d differs after writing:\n %+v\n %+v", i, im.Questions[i], back.Questions[i])
		}
	}
}

// One bad block costs that block: the others are imported and each bad one
// is listed with its line and what is wrong. Strict mode refuses the file.
func TestBadBlocksAreSkippedUnlessStrict(t *testing.T) {
	im := parseFile(t, "some-bad.gift")
	var ids []string
	for _, q := range im.Questions {
		ids = append(ids, q.ID)
	}
	if !reflect.DeepEqual(ids, []string{"good1", "good2", "good3"}) {
		t.Errorf("imported %q, want the three good questions", ids)
	}
	want := []questions.Skipped{
		{Line: 4, Reason: `numerical answer "nineteen" is not a number`},
		{Line: 8, Reason: "a multiple-choice question needs a right answer: mark it with = or a positive %weight%"},
		{Line: 10, Reason: "the answer block is not closed: a { has no matching }"},
	}
	if !reflect.DeepEqual(im.Skipped, want) {
		t.Errorf("skipped %+v,\nwant %+v", im.Skipped, want)
	}
	data, _ := os.ReadFile("testdata/some-bad.gift")
	_, err := Parse(data, Options{Strict: true})
	var le questions.LineErrors
	if !errors.As(err, &le) || len(le) != 3 || le[0].Line != 4 || le[2].Line != 10 {
		t.Errorf("strict: %v, want the three problems", err)
	}
}

// A file of essays and descriptions is refused with each block's reason
// and a last sentence that says what to do.
func TestEssaysOnlyIsRefusedWithWhatToDo(t *testing.T) {
	data, err := os.ReadFile("testdata/essays-only.gift")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse(data, Options{})
	var le questions.LineErrors
	if !errors.As(err, &le) {
		t.Fatalf("error %v (%T), want line errors", err, err)
	}
	if len(le) != 4 || le[0].Line != 2 || le[1].Line != 4 || le[2].Line != 6 {
		t.Fatalf("errors %+v, want the essay, the description, the essay and what to do", le)
	}
	last := le[len(le)-1].Msg
	if strings.Contains(last, "has no questions") || !strings.Contains(last, "No block of the file is a question") || !strings.Contains(last, "{=right ~wrong}") || !strings.HasSuffix(last, ".") {
		t.Errorf("last message %q does not say what happened and what to do", last)
	}
}

// A cloze whose blank ends the sentence writes a directive, so that it does
// not read back as a whole sentence; a text starting with % keeps it.
func TestWriteKeepsClozeAndPercentTexts(t *testing.T) {
	qs := []questions.Question{
		{ID: "c", Topic: "t", Type: questions.Cloze, Prompt: "Why? " + questions.Blank + ".", Answer: "because"},
		{ID: "p", Topic: "t", Type: questions.MultipleChoice, Prompt: "Share?", Choices: []string{"%50 of them", "%10 of them"}, Answer: "%50 of them"},
		{ID: "s", Topic: "t", Type: questions.ShortAnswer, Prompt: "Mark?", Answer: "[html]"},
	}
	im, err := Parse(Write(qs), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range qs {
		if !qs[i].Equal(im.Questions[i]) {
			t.Errorf("question %d differs:\n wrote %+v\n  read %+v", i, qs[i], im.Questions[i])
		}
	}
}
