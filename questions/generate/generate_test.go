package generate_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"quizd/questions"
	"quizd/questions/facts"
	"quizd/questions/generate"
	"quizd/questions/seed"
)

// sheets are every fact sheet the invariants are checked on: the bundled
// one and the extractor's fixtures.
func sheets(t testing.TB) map[string]*facts.Sheet {
	t.Helper()
	out := map[string]*facts.Sheet{}
	s, err := seed.Sheet()
	if err != nil {
		t.Fatal(err)
	}
	out["bundled"] = s
	paths, _ := filepath.Glob("../extract/testdata/*.facts.yaml")
	if len(paths) < 2 {
		t.Fatalf("found %d fixture fact sheets, want at least 2", len(paths))
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		s, err := facts.Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		out[filepath.Base(p)] = s
	}
	return out
}

func mustBank(t *testing.T, s *facts.Sheet) *questions.Bank {
	t.Helper()
	b, err := generate.Bank(s)
	if err != nil {
		t.Fatalf("generate.Bank(%s): %v", s.Title, err)
	}
	return b
}

// rightResponse is what a student who knows the answer sends.
func rightResponse(q *questions.Question) []string {
	switch q.Type {
	case questions.MultipleChoice:
		return q.CorrectChoices()
	case questions.Ordering:
		return q.Items
	case questions.Matching:
		var rs []string
		for _, p := range q.Pairs {
			rs = append(rs, p.Right)
		}
		return rs
	}
	return []string{q.Answer}
}

func TestEveryQuestionAcceptsItsOwnAnswer(t *testing.T) {
	for name, s := range sheets(t) {
		b := mustBank(t, s)
		for _, q := range b.Questions {
			r, err := questions.Grade(&q, rightResponse(&q))
			if err != nil || !r.Correct {
				t.Errorf("%s: %s %q: its own answer is not accepted (%v, %+v)", name, q.Type, q.Prompt, err, r)
			}
			for _, alt := range q.Accept {
				if q.Type == questions.MultipleChoice {
					continue
				}
				if r, _ := questions.Grade(&q, []string{alt}); !r.Correct {
					t.Errorf("%s: %q: accepted alternative %q is graded wrong", name, q.Prompt, alt)
				}
			}
		}
	}
}

func TestChoicesHaveExactlyTheRightAnswersCorrect(t *testing.T) {
	for name, s := range sheets(t) {
		b := mustBank(t, s)
		for _, q := range b.Questions {
			if q.Type != questions.MultipleChoice {
				continue
			}
			if len(q.Choices) < 2 {
				t.Errorf("%s: %q has %d choices", name, q.Prompt, len(q.Choices))
			}
			correct := 0
			for _, c := range q.Choices {
				if q.MultipleAnswers() {
					if slices.Contains(q.Answers, c) {
						correct++
					}
					continue
				}
				r, err := questions.Grade(&q, []string{c})
				if err != nil {
					t.Fatalf("%s: %q: grading choice %q: %v", name, q.Prompt, c, err)
				}
				if r.Correct {
					correct++
				}
			}
			want := len(q.CorrectChoices())
			if correct != want {
				t.Errorf("%s: %q: %d choices of %q are graded correct, want %d", name, q.Prompt, correct, q.Choices, want)
			}
			// A distractor must not be an accepted form of the answer either.
			for _, c := range q.Choices {
				if slices.Contains(q.CorrectChoices(), c) {
					continue
				}
				typed := questions.Question{Type: questions.ShortAnswer, Answer: q.Answer, Accept: q.Accept}
				if r, _ := questions.Grade(&typed, []string{c}); r.Correct && !q.MultipleAnswers() {
					t.Errorf("%s: %q: distractor %q would be accepted as the answer %q", name, q.Prompt, c, q.Answer)
				}
			}
		}
	}
}

func TestNoDuplicateQuestions(t *testing.T) {
	for name, s := range sheets(t) {
		b := mustBank(t, s)
		ids := map[string]bool{}
		typed := map[string]bool{}
		for _, q := range b.Questions {
			if ids[q.ID] {
				t.Errorf("%s: duplicate id %s", name, q.ID)
			}
			ids[q.ID] = true
			// Questions answered by typing or judging show nothing but their
			// prompt, so the prompt alone must differ.
			switch q.Type {
			case questions.ShortAnswer, questions.Cloze, questions.TrueFalse, questions.Flashcard:
				k := string(q.Type) + "|" + questions.Normalize(q.Prompt)
				if typed[k] {
					t.Errorf("%s: duplicate %s prompt %q", name, q.Type, q.Prompt)
				}
				typed[k] = true
			}
		}
	}
}

func TestTrueFalseIsBalanced(t *testing.T) {
	for name, s := range sheets(t) {
		b := mustBank(t, s)
		n := map[string]int{}
		for _, q := range b.Questions {
			if q.Type == questions.TrueFalse {
				n[q.Answer]++
			}
		}
		if n["true"] == 0 || n["true"] != n["false"] {
			t.Errorf("%s: %d true and %d false statements, want as many of each", name, n["true"], n["false"])
		}
	}
}

func TestOrderingFollowsRealDates(t *testing.T) {
	for name, s := range sheets(t) {
		b := mustBank(t, s)
		when := map[string]questions.Date{}
		for _, d := range s.Dates {
			when[strings.TrimSuffix(d.Event, ".")] = d.Date.Date
		}
		if f := s.Membership.Founded; f != nil {
			for _, q := range b.Questions {
				for _, it := range q.Items {
					if strings.HasSuffix(it, " was founded") {
						when[it] = f.Date
					}
				}
			}
		}
		orderings := 0
		for _, q := range b.Questions {
			if q.Type != questions.Ordering {
				continue
			}
			orderings++
			for i := 1; i < len(q.Items); i++ {
				a, okA := when[q.Items[i-1]]
				c, okC := when[q.Items[i]]
				if !okA || !okC {
					t.Fatalf("%s: ordering item is not a dated event: %q / %q", name, q.Items[i-1], q.Items[i])
				}
				if !a.Before(c) {
					t.Errorf("%s: %q (%v) is not certainly before %q (%v)", name, q.Items[i-1], a, q.Items[i], c)
				}
			}
		}
		if len(s.Dates) >= 3 && orderings == 0 {
			t.Errorf("%s: %d dated events but no ordering question", name, len(s.Dates))
		}
	}
}

func TestGenerationIsDeterministic(t *testing.T) {
	for name, s := range sheets(t) {
		a, _ := json.Marshal(mustBank(t, s))
		b, _ := json.Marshal(mustBank(t, s))
		if string(a) != string(b) {
			t.Errorf("%s: two generations differ", name)
		}
	}
}

func TestIDsSurviveAnUnrelatedChange(t *testing.T) {
	s, err := seed.Sheet()
	if err != nil {
		t.Fatal(err)
	}
	before := mustBank(t, s)
	// Add a date and reword one reaction: questions about other facts keep
	// their IDs, so students keep their progress on them.
	changed := *s
	changed.Dates = append(slices.Clone(s.Dates), facts.DateFact{Event: "A later summit took place", Date: facts.Date{Date: questions.Date{Year: 2025, Precision: questions.Year}}})
	changed.Reactions = slices.Clone(s.Reactions)
	changed.Reactions[1].Gist = "denounced the operation"
	after := mustBank(t, &changed)
	ids := map[string]bool{}
	for _, q := range after.Questions {
		ids[q.ID] = true
	}
	kept := 0
	for _, q := range before.Questions {
		if ids[q.ID] {
			kept++
		}
	}
	if kept < len(before.Questions)*9/10 {
		t.Errorf("only %d of %d question IDs survived an unrelated change", kept, len(before.Questions))
	}
	if before.Version == after.Version {
		t.Error("the bank version did not change with its content")
	}
}

func TestBundledBankCoversTheArticle(t *testing.T) {
	b, err := seed.Bank()
	if err != nil {
		t.Fatal(err)
	}
	// At most three questions a fact: well over a hundred, none padding.
	if len(b.Questions) < 120 {
		t.Errorf("%d questions, want well over 120", len(b.Questions))
	}
	topics := map[string]int{}
	types := map[questions.Type]int{}
	var all strings.Builder
	for _, q := range b.Questions {
		topics[q.Topic]++
		types[q.Type]++
		all.WriteString(q.Prompt + " " + q.Answer + " " + strings.Join(q.Choices, " ") + " " + strings.Join(q.Items, " ") + "\n")
		for _, p := range q.Pairs {
			all.WriteString(p.Left + " " + p.Right + "\n")
		}
	}
	for _, topic := range questions.ArticleTopics {
		// The charter has two articles: ten questions, not more.
		if topics[topic] < 10 {
			t.Errorf("topic %s has %d questions", topic, topics[topic])
		}
	}
	for _, typ := range questions.Types {
		if types[typ] == 0 {
			t.Errorf("no %s question", typ)
		}
	}
	text := all.String()
	for _, fact := range []string{
		"Russia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Armenia", // members
		"Uzbekistan", "Turkmenistan", "frozen its participation", // non-members and the frozen one
		"1992", "6 August 2024", "January 2022", "7 January 2022", "12 January 2022", "13 January 2022", "8 August 2024",
		"Article 3", "Article 7",
		"CSTO press service", "China", "Syria", "North Korea", "Ukraine", "Armenia's leadership",
		"102nd military base", "Union State", "non-NATO", "neutrality", "Tokayev", "Pashinyan",
	} {
		if !strings.Contains(text, fact) {
			t.Errorf("no question asks about %q", fact)
		}
	}
}

func TestEmptySheetIsAnError(t *testing.T) {
	if b, err := generate.Bank(&facts.Sheet{Title: "Nothing"}); err == nil {
		t.Errorf("generate.Bank(empty) = %d questions, want an error", len(b.Questions))
	}
}
