package questions

import (
	"errors"
	"testing"
)

func TestGradeTypedAnswers(t *testing.T) {
	country := &Question{ID: "q1", Topic: "membership", Type: ShortAnswer, Prompt: "Which member froze its participation?",
		Answer: "Armenia", Accept: []string{"Republic of Armenia"}}
	kyrgyz := &Question{ID: "q2", Topic: "membership", Type: ShortAnswer, Prompt: "Name the member in Central Asia that borders China and Kazakhstan",
		Answer: "Kyrgyzstan", Accept: []string{"Kyrgyz Republic"}}
	date := &Question{ID: "q3", Topic: "dates", Type: ShortAnswer, Prompt: "When did the peacekeepers deploy?", Answer: "7 January 2022"}
	year := &Question{ID: "q4", Topic: "dates", Type: Cloze, Prompt: "The CSTO was founded in " + Blank + ".", Answer: "1992"}
	count := &Question{ID: "q5", Topic: "membership", Type: ShortAnswer, Prompt: "How many members?", Answer: "6"}
	base := &Question{ID: "q6", Topic: "membership", Type: Flashcard, Prompt: "Russia's base in Armenia", Answer: "the 102nd military base"}
	name := &Question{ID: "q7", Topic: "reactions", Type: ShortAnswer, Prompt: "Author?", Answer: "Şahin Cəfərli"}
	month := &Question{ID: "q8", Topic: "dates", Type: ShortAnswer, Prompt: "When did the unrest break out?", Answer: "January 2022"}

	tests := []struct {
		name     string
		q        *Question
		response string
		want     bool
		typo     bool
	}{
		{"exact", country, "Armenia", true, false},
		{"case and space", country, "  armenia ", true, false},
		{"trailing punctuation", country, "Armenia.", true, false},
		{"alias", kyrgyz, "kyrgyz republic", true, false},
		{"alias of another alias form", country, "the Republic of Armenia", true, false},
		{"wrong country", country, "Azerbaijan", false, false},
		{"one typo in a long word", kyrgyz, "Kyrgystan", true, true},
		{"two typos", kyrgyz, "Kirgystan", false, false},
		{"no typo tolerance for short words", &Question{Type: ShortAnswer, Answer: "Iran"}, "Iraq", false, false},
		{"roman numerals are not typos", &Question{Type: ShortAnswer, Answer: "World War II"}, "World War I", false, false},
		{"a typo in one word of several", &Question{Type: ShortAnswer, Answer: "World War II"}, "Wolrd War II", false, false},
		{"one typo in a long word of several", &Question{Type: ShortAnswer, Answer: "South Caucasus"}, "South Caucasis", true, true},
		{"two typos in two words", &Question{Type: ShortAnswer, Answer: "South Caucasus"}, "Sout Caucasis", false, false},
		{"date as written", date, "7 January 2022", true, false},
		{"date abbreviated", date, "7 Jan 2022", true, false},
		{"date American", date, "January 7th, 2022", true, false},
		{"date ISO", date, "2022-01-07", true, false},
		{"date numeric day first", date, "07/01/2022", true, false},
		{"date numeric month first", date, "1/7/2022", true, false},
		{"date wrong day", date, "8 January 2022", false, false},
		{"date without year", date, "7 January", false, false},
		{"date one digit off is not a typo", date, "7 January 2023", false, false},
		{"year", year, "1992", true, false},
		{"wrong year", year, "1993", false, false},
		{"number word", count, "six", true, false},
		{"number with decimals", count, "6.0", true, false},
		{"ordinal", base, "102 military base", true, false},
		{"ordinal in words", base, "the one hundred and second military base", true, false},
		{"accents folded", name, "Sahin Cafarli", true, false},
		{"month precision", month, "Jan 2022", true, false},
		{"month precision ISO", month, "2022-01", true, false},
		{"month precision wrong", month, "February 2022", false, false},
		{"empty", country, "   ", false, false},
		{"punctuation only", country, "?!", false, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Grade(tc.q, []string{tc.response})
			if err != nil {
				t.Fatalf("Grade: %v", err)
			}
			if r.Correct != tc.want || r.Typo != tc.typo {
				t.Errorf("Grade(%q) = correct %v typo %v (given %q, expected %q), want correct %v typo %v",
					tc.response, r.Correct, r.Typo, r.Given, r.Expected, tc.want, tc.typo)
			}
			if r.Correct != (r.Score == 1) {
				t.Errorf("score %v does not agree with correct %v", r.Score, r.Correct)
			}
		})
	}
}

func TestGradeNumericRanges(t *testing.T) {
	q := &Question{Type: ShortAnswer, Answer: "5", Numbers: []NumberRange{{4.5, 5.5}, {10, 10}}}
	for resp, want := range map[string]bool{"5": true, "4.5": true, "5.4": true, "five": true, "10": true, "5.6": false, "9.99": false, "x": false, "": false} {
		r, err := Grade(q, []string{resp})
		if err != nil || r.Correct != want {
			t.Errorf("Grade(%q) = %v, %v, want %v", resp, r.Correct, err, want)
		}
	}
	bad := &Question{ID: "n", Topic: "t", Prompt: "p", Type: ShortAnswer, Answer: "5", Numbers: []NumberRange{{6, 4}}}
	if err := bad.Validate(); err == nil {
		t.Error("a range from 6 to 4 is valid")
	}
}

func TestGradeTrueFalse(t *testing.T) {
	q := &Question{Type: TrueFalse, Answer: "false"}
	for _, tc := range []struct {
		response string
		want     bool
	}{{"false", true}, {"False", true}, {"no", true}, {"F", true}, {"true", false}, {"yes", false}} {
		r, err := Grade(q, []string{tc.response})
		if err != nil {
			t.Fatalf("Grade(%q): %v", tc.response, err)
		}
		if r.Correct != tc.want {
			t.Errorf("Grade(%q) = %v, want %v", tc.response, r.Correct, tc.want)
		}
	}
	if _, err := Grade(q, []string{"maybe"}); !isResponseError(err) {
		t.Errorf("Grade(maybe) error = %v, want a ResponseError", err)
	}
}

func TestGradeMultipleChoice(t *testing.T) {
	single := &Question{Type: MultipleChoice, Choices: []string{"Armenia", "Uzbekistan", "Georgia", "Ukraine"}, Answer: "Armenia"}
	multi := &Question{Type: MultipleChoice, Choices: []string{"Syria", "North Korea", "China", "Kazakhstan"},
		Answer: "Syria; North Korea", Answers: []string{"Syria", "North Korea"}}
	tests := []struct {
		name    string
		q       *Question
		resp    []string
		want    bool
		score   float64
		wantErr bool
	}{
		{"single right", single, []string{"Armenia"}, true, 1, false},
		{"single right, other case", single, []string{"armenia"}, true, 1, false},
		{"single wrong", single, []string{"Georgia"}, false, 0, false},
		{"single two picks", single, []string{"Armenia", "Georgia"}, false, 0, true},
		{"not a choice", single, []string{"France"}, false, 0, true},
		{"nothing", single, nil, false, 0, true},
		{"multi all right", multi, []string{"North Korea", "Syria"}, true, 1, false},
		{"multi half", multi, []string{"Syria"}, false, 0.5, false},
		{"multi one right one wrong", multi, []string{"Syria", "China"}, false, 0, false},
		{"multi all picked", multi, []string{"Syria", "North Korea", "China", "Kazakhstan"}, false, 0, false},
		{"multi picked twice", multi, []string{"Syria", "syria"}, false, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Grade(tc.q, tc.resp)
			if tc.wantErr {
				if !isResponseError(err) {
					t.Fatalf("error = %v, want a ResponseError", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Correct != tc.want || r.Score != tc.score {
				t.Errorf("got correct %v score %v, want %v %v", r.Correct, r.Score, tc.want, tc.score)
			}
		})
	}
}

func TestGradeOrderingAndMatching(t *testing.T) {
	order := &Question{Type: Ordering, Items: []string{"founded", "deployed", "handed over", "withdrew"}}
	match := &Question{Type: Matching, Pairs: []Pair{{"Belarus", "condemned"}, {"Kazakhstan", "evaded"}, {"Syria", "supported"}}}
	tests := []struct {
		name    string
		q       *Question
		resp    []string
		want    bool
		score   float64
		wantErr bool
	}{
		{"order right", order, []string{"Founded", "deployed", "handed over", "withdrew"}, true, 1, false},
		{"order two swapped", order, []string{"founded", "handed over", "deployed", "withdrew"}, false, 0.5, false},
		{"order reversed", order, []string{"withdrew", "handed over", "deployed", "founded"}, false, 0, false},
		{"order too short", order, []string{"founded", "deployed"}, false, 0, true},
		{"order unknown item", order, []string{"founded", "deployed", "handed over", "invaded"}, false, 0, true},
		{"order repeated item", order, []string{"founded", "founded", "handed over", "withdrew"}, false, 0, true},
		{"match right", match, []string{"condemned", "evaded", "supported"}, true, 1, false},
		{"match one wrong pair", match, []string{"evaded", "condemned", "supported"}, false, 1.0 / 3, false},
		{"match unknown", match, []string{"condemned", "evaded", "ignored"}, false, 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Grade(tc.q, tc.resp)
			if tc.wantErr {
				if !isResponseError(err) {
					t.Fatalf("error = %v, want a ResponseError", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Correct != tc.want || r.Score != tc.score {
				t.Errorf("got correct %v score %v, want %v %v", r.Correct, r.Score, tc.want, tc.score)
			}
		})
	}
}

func TestGradeTypedAnswerTakesOneValue(t *testing.T) {
	q := &Question{Type: ShortAnswer, Answer: "Armenia"}
	for _, resp := range [][]string{nil, {"Armenia", "Belarus"}} {
		if _, err := Grade(q, resp); !isResponseError(err) {
			t.Errorf("Grade(%q) error = %v, want a ResponseError", resp, err)
		}
	}
}

func isResponseError(err error) bool {
	var re *ResponseError
	return errors.As(err, &re)
}

func FuzzGradeText(f *testing.F) {
	f.Fuzz(func(t *testing.T, answer, response string) {
		q := &Question{Type: ShortAnswer, Answer: answer}
		r, err := Grade(q, []string{response})
		if err != nil {
			t.Fatalf("Grade(%q, %q): %v", answer, response, err)
		}
		if r.Correct && Normalize(response) == "" {
			t.Errorf("an empty response %q was accepted for %q", response, answer)
		}
		if own, _ := Grade(q, []string{answer}); Normalize(answer) != "" && !own.Correct {
			t.Errorf("the answer %q is not accepted as itself", answer)
		}
	})
}

func TestQuestionEqual(t *testing.T) {
	a := Question{ID: "x", Type: ShortAnswer, Answer: "a"}
	b := a
	b.Accept, b.Pairs = []string{}, []Pair{}
	if !a.Equal(b) {
		t.Error("a missing list and an empty one differ")
	}
	b.Accept = []string{"b"}
	if a.Equal(b) {
		t.Error("different accepted answers are equal")
	}
}

// TestGradeSymbolAnswer checks that a card whose answer is a sign alone
// ("△", Neruda's signature) is a valid question, graded by that sign.
func TestGradeSymbolAnswer(t *testing.T) {
	q := Question{ID: "q1", Topic: "t", Type: Flashcard, Prompt: "How did Neruda sign his feuilletons?", Answer: "△"}
	if err := q.Validate(); err != nil {
		t.Fatalf("a sign answer does not validate: %v", err)
	}
	for resp, want := range map[string]bool{"△": true, " △ ": true, "○": false, "?": false, "": false} {
		r, err := Grade(&q, []string{resp})
		if err != nil {
			t.Fatal(err)
		}
		if r.Correct != want {
			t.Errorf("answer %q: correct %v, want %v", resp, r.Correct, want)
		}
	}
}

func TestResponseErrorNamesTheValueAtFault(t *testing.T) {
	q := &Question{ID: "ma", Type: Matching, Prompt: "Match them.", Pairs: []Pair{{Left: "a", Right: "x"}, {Left: "b", Right: "y"}, {Left: "c", Right: "z"}}}
	tests := []struct {
		name     string
		response []string
		wantAt   int
	}{
		{"used twice", []string{"x", "y", "x"}, 3},
		{"not an option", []string{"x", "w", "z"}, 2},
		{"left out", []string{"", "y", "z"}, 1},
		{"too few", []string{"x"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Grade(q, tc.response)
			re, ok := err.(*ResponseError)
			if !ok || re.At != tc.wantAt {
				t.Errorf("Grade(%v) = %v, want a ResponseError at %d", tc.response, err, tc.wantAt)
			}
		})
	}
}
