package gift

import (
	"errors"
	"os"
	"path/filepath"
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
	im, err := Parse(data, Options{})
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
		{"one pair", "Q {=a -> b}\n", 1, "at least 2 pairs"},
		{"pair without arrow", "Q {=a -> b =c}\n", 1, "has no ->"},
		{"pair without right side", "Q {=a -> b =c -> }\n", 1, "no right side"},
		{"bad number", "Q {#five}\n", 1, `"five" is not a number`},
		{"bad tolerance", "Q {#5:x}\n", 1, "tolerance"},
		{"backwards range", "Q {#9..1}\n", 1, "backwards"},
		{"no question text", "{=a ~b}\n", 1, "no text"},
		{"unclosed name", "::name Q {=a}\n", 1, "name is not closed"},
		{"empty choice", "Q {=a ~}\n", 1, "choice 2 is empty"},
		{"only partial credit", "Q {=%50%a}\n", 1, "needs a right answer"},
		{"question problem", "Q {=a ~a}\n", 1, `the question's choices: "a" appears twice`},
		{"every error reported", "A {~x ~y}\n\nB {#z}\n\nC {T}\n", 3, "not a number"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Strict: the file is refused with every problem.
			_, err := Parse([]byte(tc.data), Options{Strict: true})
			var le questions.LineErrors
			if !errors.As(err, &le) {
				t.Fatalf("strict: error %v (%T), want line errors", err, err)
			}
			if !hasLine(le, tc.wantLine, tc.want) {
				t.Errorf("strict: errors %v, want line %d: %q", le, tc.wantLine, tc.want)
			}
			for _, e := range le {
				if strings.Contains(e.Msg, "bank:") {
					t.Errorf("strict: %q is labelled as a problem of the bank", e.Msg)
				}
			}
			// Not strict, beside a good question: the good one is imported
			// and the bad block listed as skipped at its line.
			im, err := Parse([]byte("::good::Good {T}\n\n"+tc.data), Options{})
			if err != nil {
				t.Fatalf("lenient: %v", err)
			}
			if len(im.Questions) == 0 || im.Questions[0].ID != "good" {
				t.Errorf("lenient: questions %+v, want the good one first", im.Questions)
			}
			for _, s := range im.Skipped {
				if s.Line == tc.wantLine+2 && strings.Contains(s.Reason, tc.want) {
					return
				}
			}
			t.Errorf("lenient: skipped %+v, want line %d: %q", im.Skipped, tc.wantLine+2, tc.want)
		})
	}
	for _, bad := range []string{"", "caf\xe9 {T}"} {
		var fe *questions.FormatError
		if _, err := Parse([]byte(bad), Options{}); !errors.As(err, &fe) {
			t.Errorf("Parse(%q) error %v, want a format error", bad, err)
		}
	}
}

func hasLine(le questions.LineErrors, line int, want string) bool {
	for _, e := range le {
		if e.Line == line && strings.Contains(e.Msg, want) {
			return true
		}
	}
	return false
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
	im, err := Parse(data, Options{})
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

// FuzzParse reads anything: the answer is questions that validate, have
// IDs of their own and write and read back the same, or a line or format
// error. The seeds are testdata's fixtures and testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	fixtures, err := filepath.Glob("testdata/*.gift")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range fixtures {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, strict := range []bool{false, true} {
			im, err := Parse(data, Options{Strict: strict})
			if err != nil {
				var le questions.LineErrors
				var fe *questions.FormatError
				if !errors.As(err, &le) && !errors.As(err, &fe) {
					t.Fatalf("error %v (%T) is neither a line nor a format error", err, err)
				}
				if len(le) > questions.MaxLineErrors+2 {
					t.Fatalf("%d problems reported, more than the cap", len(le))
				}
				continue
			}
			if len(im.Questions) == 0 {
				t.Fatalf("no error, but no question either: %+v", im)
			}
			b := &questions.Bank{Slug: "fuzz", Title: "fuzz", Questions: im.Questions}
			if err := b.Validate(); err != nil {
				t.Fatalf("the questions read do not make a bank: %v", err)
			}
			for _, s := range im.Skipped {
				if s.Line <= 0 || s.Reason == "" {
					t.Fatalf("skipped %+v has no line or reason", s)
				}
			}
			// What was read writes and reads back the same.
			back, err := Parse(Write(im.Questions), Options{Strict: true})
			if err != nil {
				t.Fatalf("Parse(Write(...)): %v\n%s", err, Write(im.Questions))
			}
			if len(back.Questions) != len(im.Questions) {
				t.Fatalf("%d questions back of %d", len(back.Questions), len(im.Questions))
			}
			for i := range im.Questions {
				if !equalQuestion(im.Questions[i], back.Questions[i]) {
					t.Fatalf("question %d differs after writing:\n %+v\n %+v\n%s", i, im.Questions[i], back.Questions[i], Write(im.Questions))
				}
			}
		}
	})
}
