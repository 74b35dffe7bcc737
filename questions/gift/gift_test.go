package gift

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"quizd/questions"
	"quizd/questions/seed"
)

func TestParseEveryType(t *testing.T) {
	data, err := os.ReadFile("testdata/every-type.gift")
	if err != nil {
		t.Fatal(err)
	}
	im, err := Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]questions.Question{}
	for _, q := range im.Questions {
		byID[q.ID] = q
	}
	tests := []struct {
		id    string
		check func(q questions.Question) bool
	}{
		{"mc", func(q questions.Question) bool {
			return q.Type == questions.MultipleChoice && q.Answer == "Armenia" && len(q.Choices) == 4 && q.Topic == "Membership" && q.Explanation == "Yerevan froze its participation."
		}},
		{"multi", func(q questions.Question) bool {
			return q.Type == questions.MultipleChoice && reflect.DeepEqual(q.Answers, []string{"Syria", "North Korea"}) && len(q.Choices) == 4
		}},
		{"tf", func(q questions.Question) bool { return q.Type == questions.TrueFalse && q.Answer == "true" }},
		{"tf2", func(q questions.Question) bool { return q.Type == questions.TrueFalse && q.Answer == "false" }},
		{"short", func(q questions.Question) bool {
			return q.Type == questions.ShortAnswer && q.Answer == "Pashinyan" && reflect.DeepEqual(q.Accept, []string{"Nikol Pashinyan"})
		}},
		{"match", func(q questions.Question) bool {
			return q.Type == questions.Matching && len(q.Pairs) == 3 && q.Pairs[2] == questions.Pair{Left: "Syria", Right: "supported"}
		}},
		{"num", func(q questions.Question) bool {
			return q.Type == questions.ShortAnswer && len(q.Numbers) == 1 && q.Numbers[0] == questions.NumberRange{Min: 1991, Max: 1993}
		}},
		{"range", func(q questions.Question) bool {
			return len(q.Numbers) == 1 && q.Numbers[0] == questions.NumberRange{Min: 5, Max: 7}
		}},
		{"multinum", func(q questions.Question) bool { return len(q.Numbers) == 1 && q.Numbers[0].Min == 5 }},
		{"missing", func(q questions.Question) bool {
			return q.Type == questions.MultipleChoice && q.Prompt == "The CSTO was founded in _____ as a security alliance." && q.Answer == "1992"
		}},
		{"cloze", func(q questions.Question) bool {
			return q.Type == questions.Cloze && q.Prompt == "Members prefer _____ means." && q.Answer == "political"
		}},
		{"escapes", func(q questions.Question) bool {
			return q.Prompt == "Which sign means {equal} = and what is 1:2?" && q.Answer == "a # sign ~ tilde"
		}},
	}
	for _, tc := range tests {
		q, ok := byID[tc.id]
		if !ok {
			t.Errorf("question %s was not read (read %d questions)", tc.id, len(im.Questions))
			continue
		}
		if !tc.check(q) {
			t.Errorf("question %s read as %+v", tc.id, q)
		}
	}
	// The question without a name gets a stable id from its text.
	unnamed := 0
	for _, q := range im.Questions {
		if strings.HasPrefix(q.ID, "q") && len(q.ID) == 17 {
			unnamed++
		}
	}
	if unnamed != 1 {
		t.Errorf("%d unnamed questions, want 1", unnamed)
	}
	if len(im.Skipped) != 2 || !strings.Contains(im.Skipped[0].Reason, "essay") || !strings.Contains(im.Skipped[1].Reason, "description") {
		t.Errorf("skipped %+v, want the essay and the description", im.Skipped)
	}
	if im.Skipped[0].Line != 39 {
		t.Errorf("the essay is reported at line %d, want 39", im.Skipped[0].Line)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		wantLine int
		want     string
	}{
		{"unclosed block", "Q1 {=a ~b}\n\nQ2 {=a\n~b\n", 3, "not closed"},
		{"stray closing brace", "Q1 =a}\n", 1, "has no opening brace"},
		{"no right answer", "// c\nQ {~a ~b ~c}\n", 2, "needs a right answer"},
		{"mixed matching", "Q {=a -> b ~c}\n", 1, "only pairs"},
		{"one pair", "Q {=a -> b}\n", 1, "at least 2 pairs"},
		{"bad number", "Q {#five}\n", 1, `"five" is not a number`},
		{"bad tolerance", "Q {#5:x}\n", 1, "tolerance"},
		{"backwards range", "Q {#9..1}\n", 1, "backwards"},
		{"text before answers", "Q {oops =a ~b}\n", 1, "comes before any"},
		{"no question text", "{=a ~b}\n", 1, "no text"},
		{"unclosed name", "::name Q {=a}\n", 1, "name is not closed"},
		{"duplicate names", "::n::A {T}\n\n::n::B {F}\n", 3, `"n" is used twice`},
		{"empty choice", "Q {=a ~}\n", 1, "choice is empty"},
		{"only partial credit", "Q {=%50%a}\n", 1, "needs a right answer"},
		{"every error reported", "A {~x ~y}\n\nB {#z}\n\nC {T}\n", 3, "not a number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.data))
			var le questions.LineErrors
			if !errors.As(err, &le) {
				t.Fatalf("error %v (%T), want line errors", err, err)
			}
			for _, e := range le {
				if e.Line == tc.wantLine && strings.Contains(e.Msg, tc.want) {
					return
				}
			}
			t.Errorf("errors %v, want line %d: %q", le, tc.wantLine, tc.want)
		})
	}
	for _, bad := range []string{"", "just a note\n", "caf\xe9 {T}"} {
		var fe *questions.FormatError
		if _, err := Parse([]byte(bad)); !errors.As(err, &fe) {
			// A lone description is skipped, not an error: it still gives no bank.
			if im, err2 := Parse([]byte(bad)); err2 == nil && len(im.Questions) == 0 && len(im.Skipped) > 0 {
				continue
			}
			t.Errorf("Parse(%q) error %v, want a format error", bad, err)
		}
	}
}

func TestWriteReadsBack(t *testing.T) {
	b, err := seed.Bank()
	if err != nil {
		t.Fatal(err)
	}
	b.Questions = append(b.Questions,
		questions.Question{ID: "x:1", Topic: "odd/topic", Type: questions.ShortAnswer, Prompt: "Braces {} and = ~ # : \\ here?\nTwo lines.", Answer: "5", Accept: []string{"five"}, Numbers: []questions.NumberRange{{Min: 4.5, Max: 5.5}}, Explanation: "It is #5."},
		questions.Question{ID: "x2", Topic: "t", Type: questions.Cloze, Prompt: "_____ starts it.", Answer: "It"},
	)
	data := Write(b.Questions)
	im, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse(Write(bank)): %v\n%.2000s", err, data)
	}
	if len(im.Questions) != len(b.Questions) {
		t.Fatalf("%d questions back of %d", len(im.Questions), len(b.Questions))
	}
	for i, q := range b.Questions {
		if got := im.Questions[i]; !equalQuestion(q, got) {
			t.Errorf("question %d differs:\n wrote %+v\n  read %+v", i, q, got)
		}
	}
}

func equalQuestion(a, b questions.Question) bool { return a.Equal(b) }

func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := Parse(data)
		if err != nil {
			var le questions.LineErrors
			var fe *questions.FormatError
			if !errors.As(err, &le) && !errors.As(err, &fe) {
				t.Fatalf("error %v (%T) is neither a line nor a format error", err, err)
			}
			return
		}
		for _, q := range im.Questions {
			if err := q.Validate(); err != nil {
				t.Fatalf("an accepted question does not validate: %+v: %v", q, err)
			}
		}
		if len(im.Questions) == 0 {
			return
		}
		// What was read writes and reads back the same.
		back, err := Parse(Write(im.Questions))
		if err != nil {
			t.Fatalf("Parse(Write(...)): %v", err)
		}
		if len(back.Questions) != len(im.Questions) {
			t.Fatalf("%d questions back of %d", len(back.Questions), len(im.Questions))
		}
		for i := range im.Questions {
			if !equalQuestion(im.Questions[i], back.Questions[i]) {
				t.Fatalf("question %d differs after writing:\n %+v\n %+v", i, im.Questions[i], back.Questions[i])
			}
		}
	})
}
