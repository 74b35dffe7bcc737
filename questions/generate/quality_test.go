package generate_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"quizd/questions"
	"quizd/questions/extract"
	"quizd/questions/facts"
	"quizd/questions/generate"
	"quizd/questions/seed"
)

func bundled(t *testing.T) (*facts.Sheet, *questions.Bank) {
	t.Helper()
	s, err := seed.Sheet()
	if err != nil {
		t.Fatal(err)
	}
	return s, mustBank(t, s)
}

func TestNoTwoQuestionsAskInTheSameWords(t *testing.T) {
	for name, s := range sheets(t) {
		seen := map[string]string{}
		for _, q := range mustBank(t, s).Questions {
			k := questions.Normalize(q.Prompt)
			if prev, dup := seen[k]; dup {
				t.Errorf("%s: %s and %s both ask %q", name, prev, q.Type, q.Prompt)
			}
			seen[k] = string(q.Type)
		}
	}
}

func TestEveryChoiceQuestionOffersAtLeastThreeOptions(t *testing.T) {
	for name, s := range sheets(t) {
		for _, q := range mustBank(t, s).Questions {
			n := map[questions.Type]int{questions.MultipleChoice: len(q.Choices), questions.Matching: len(q.Pairs), questions.Ordering: len(q.Items)}
			if got, ok := n[q.Type]; ok && got < 3 {
				t.Errorf("%s: %s %q has %d options, want 3 or more", name, q.Type, q.Prompt, got)
			}
		}
	}
}

func TestNoOrderingIsPartOfAnother(t *testing.T) {
	for name, s := range sheets(t) {
		var orderings [][]string
		for _, q := range mustBank(t, s).Questions {
			if q.Type == questions.Ordering {
				orderings = append(orderings, q.Items)
			}
		}
		for i, a := range orderings {
			for j, b := range orderings {
				if i != j && !slices.ContainsFunc(a, func(x string) bool { return !slices.Contains(b, x) }) {
					t.Errorf("%s: ordering %q is a part of %q", name, a, b)
				}
			}
		}
	}
}

// filled is a cloze's prompt with its answer in the blank.
func filled(q *questions.Question) string {
	return strings.Replace(q.Prompt, questions.Blank, q.Answer, 1)
}

func TestExplanationsAddToWhatTheQuestionSays(t *testing.T) {
	for name, s := range sheets(t) {
		for _, q := range mustBank(t, s).Questions {
			if q.Explanation == "" {
				continue
			}
			e := questions.Normalize(q.Explanation)
			said := questions.Normalize(q.Prompt + " " + q.Answer)
			if q.Type == questions.Cloze {
				said = questions.Normalize(filled(&q))
			}
			if e == questions.Normalize(q.Prompt) || strings.Contains(said, e) || (q.Type == questions.Cloze && e == said) {
				t.Errorf("%s: %s %q: the explanation %q only repeats the question", name, q.Type, q.Prompt, q.Explanation)
			}
		}
	}
}

func TestTemplatesWriteWholeSentences(t *testing.T) {
	broken := []string{"when did this happen?", "what was the reaction of", "which which", "the the ", "  ", "[[", "]]", " ,", "..", "which two expressed"}
	for name, s := range sheets(t) {
		for _, q := range mustBank(t, s).Questions {
			for _, text := range []string{q.Prompt, q.Explanation, q.Answer} {
				for _, b := range broken {
					if strings.Contains(strings.ToLower(text), b) {
						t.Errorf("%s: %q (%s) contains %q", name, text, q.Type, b)
					}
				}
			}
			if !strings.ContainsAny(q.Prompt[len(q.Prompt)-1:], ".?") {
				t.Errorf("%s: %q does not end a sentence", name, q.Prompt)
			}
		}
	}
}

func TestStanceQuestionsOfferEveryCategoryOnce(t *testing.T) {
	s, b := bundled(t)
	var labels []string
	for _, d := range s.Categories() {
		labels = append(labels, d.Label)
	}
	slices.Sort(labels)
	n := 0
	for _, q := range b.Questions {
		if q.Type != questions.MultipleChoice || !strings.HasPrefix(q.Prompt, "How did ") {
			continue
		}
		n++
		got := slices.Sorted(slices.Values(q.Choices))
		if !slices.Equal(got, labels) {
			t.Errorf("%q offers %q, want the sheet's categories %q", q.Prompt, got, labels)
		}
	}
	if n < 4 {
		t.Errorf("%d stance questions, want one for each reaction with a stance", n)
	}
}

// TestNoWrongChoiceIsAlsoRight checks the choices of "who" questions
// against the sheet: a group is never offered against one of its members,
// and no one of the same stance is offered as wrong (Belarus condemned the
// operation, so it is no wrong answer to "who backed Russia").
func TestNoWrongChoiceIsAlsoRight(t *testing.T) {
	s, b := bundled(t)
	byName := map[string]facts.Reaction{}
	for _, r := range s.Reactions {
		byName[questions.Normalize(r.Who)] = r
	}
	checked := 0
	for _, q := range b.Questions {
		if q.Type != questions.MultipleChoice || q.Topic != questions.TopicReactions {
			continue
		}
		for _, right := range q.CorrectChoices() {
			rr, ok := byName[questions.Normalize(right)]
			if !ok {
				continue
			}
			checked++
			for _, c := range q.Choices {
				if slices.Contains(q.CorrectChoices(), c) {
					continue
				}
				o, ok := byName[questions.Normalize(c)]
				if !ok {
					t.Errorf("%q offers %q, which is no one who reacted", q.Prompt, c)
					continue
				}
				if strings.Contains(strings.Join(o.Members, "|"), rr.Who) || strings.Contains(strings.Join(rr.Members, "|"), o.Who) {
					t.Errorf("%q offers %q against %q: one stands for the other", q.Prompt, c, right)
				}
				if rr.Stance != "" && s.Category(o.Stance) == s.Category(rr.Stance) {
					t.Errorf("%q offers %q as wrong, but it took the same stance as %q", q.Prompt, c, right)
				}
			}
		}
	}
	if checked < 2 {
		t.Errorf("only %d who-questions checked", checked)
	}
	for _, q := range b.Questions {
		if strings.Contains(q.Prompt, "unambiguous support for Russia") && slices.Contains(q.Choices, "Belarus") {
			t.Errorf("%q offers Belarus as a wrong answer", q.Prompt)
		}
	}
}

func TestFalseStatementsAboutPeopleAreOfTheirOwnCountry(t *testing.T) {
	s, b := bundled(t)
	for _, p := range s.People {
		for _, q := range b.Questions {
			if q.Type != questions.TrueFalse || q.Answer != "false" || !strings.HasPrefix(q.Prompt, p.Name+" is ") {
				continue
			}
			if !strings.Contains(q.Prompt, p.Country) {
				t.Errorf("%q gives %s an office outside %s", q.Prompt, p.Name, p.Country)
			}
		}
	}
}

func TestEveryClaimOfTheAuthorIsAsked(t *testing.T) {
	s, b := bundled(t)
	if n := len(s.Claims); n < 15 || n > 20 {
		t.Errorf("the bundled sheet has %d claims, want 15 to 20", n)
	}
	for _, c := range s.Claims {
		found := false
		for _, q := range b.Questions {
			if q.Prompt == c.Question && (q.Type == questions.MultipleChoice || q.Type == questions.Flashcard) {
				found = true
			}
		}
		if !found {
			t.Errorf("claim %q is never asked", c.Question)
		}
	}
}

// TestClaimsWithoutDistractorsBorrowAnswersOfTheSameForm: a sheet whose
// claims bring no wrong answers of their own gets other claims' answers
// that begin the same way, never one of the same group.
func TestClaimsWithoutDistractorsBorrowAnswersOfTheSameForm(t *testing.T) {
	claim := func(key, group, answer string) facts.Claim {
		return facts.Claim{Key: key, Topic: questions.TopicReactions, Group: group, Question: "Why did " + key + " happen?", Answer: answer}
	}
	s := &facts.Sheet{Title: "Argument", Claims: []facts.Claim{
		claim("a", "g", "Because the river rose."),
		claim("b", "g", "Because the rain fell for a week."),
		claim("c", "", "Because the bridge was old."),
		claim("d", "", "Because the mayor said so."),
		claim("e", "", "That nobody knew."),
		claim("f", "", "Because the roads were closed."),
	}}
	b, err := generate.Bank(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range b.Questions {
		if q.Type != questions.MultipleChoice {
			continue
		}
		for _, c := range q.Choices {
			if !strings.HasPrefix(c, "Because") {
				t.Errorf("%q offers %q, which does not answer why", q.Prompt, c)
			}
		}
		if q.Prompt == "Why did a happen?" && slices.Contains(q.Choices, "Because the rain fell for a week.") {
			t.Errorf("%q offers the other answer of its own group", q.Prompt)
		}
	}
}

// TestClozeAcceptsWhatItsShortAnswerAccepts: a blank that is a fact's whole
// answer takes every answer the same fact's typed question takes.
func TestClozeAcceptsWhatItsShortAnswerAccepts(t *testing.T) {
	s, b := bundled(t)
	checked := 0
	for _, n := range s.Notes {
		terms, _ := facts.Terms(n.Statement)
		if len(terms) != 1 || questions.Normalize(terms[0]) != questions.Normalize(n.Answer) {
			continue
		}
		for _, q := range b.Questions {
			if q.Type != questions.Cloze || q.Answer != terms[0] || !strings.Contains(n.Statement, strings.Split(q.Prompt, questions.Blank)[0]) {
				continue
			}
			checked++
			for _, a := range append([]string{n.Answer}, n.Accept...) {
				if r, err := questions.Grade(&q, []string{a}); err != nil || !r.Correct {
					t.Errorf("cloze %q refuses %q, which its short answer accepts", q.Prompt, a)
				}
			}
		}
	}
	if checked < 3 {
		t.Errorf("only %d clozes checked", checked)
	}
}

func TestOneKeyForTwoFactsStillGivesABank(t *testing.T) {
	s := &facts.Sheet{Title: "Twice", Reactions: []facts.Reaction{
		{Who: "Kenya", To: "the deal", Stance: facts.Support, Gist: "welcomed the deal"},
		{Who: "Kenya", To: "the deal", Stance: facts.Condemn, Gist: "later criticised the deal"},
		{Who: "Uganda", To: "the deal", Stance: facts.Neutral, Gist: "said nothing of the deal"},
	}}
	b, err := generate.Bank(s)
	if err != nil {
		t.Fatalf("generate.Bank: %v", err)
	}
	ids := map[string]bool{}
	for _, q := range b.Questions {
		if ids[q.ID] {
			t.Errorf("id %s is given twice", q.ID)
		}
		ids[q.ID] = true
	}
}

// TestShortArticlesGiveABankOrAClearError runs tiny articles through the
// extractor and the generator: a bank, or an error about the input, never
// one about the generator's own output.
func TestShortArticlesGiveABankOrAClearError(t *testing.T) {
	articles := []string{
		"NATO was founded in 1949. NATO was founded in 1949.",
		"The council met on 3 May 2020. The Council met on 3 May 2020.",
		"Kenya welcomed the deal on 3 May 2020. Kenya criticised the deal on 3 May 2020.",
		"The EAC has six members: Kenya, Uganda, Tanzania, Rwanda, Burundi and South Sudan. Kenya condemned the coup.",
		"Article 5 says members defend each other. Article 5 says members defend one another.",
		"President Ruto said no. President Ruto said yes.",
	}
	for i, a := range articles {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			s, err := extract.Article(a, extract.Options{Title: "Article"})
			if err != nil {
				return // no facts: an error about the input
			}
			b, err := generate.Bank(s)
			if err != nil {
				if strings.Contains(err.Error(), "question") && !strings.Contains(err.Error(), "gives no questions") {
					t.Fatalf("generate.Bank: %v", err)
				}
				return
			}
			if err := b.Validate(); err != nil {
				t.Fatalf("bank does not validate: %v", err)
			}
		})
	}
}
