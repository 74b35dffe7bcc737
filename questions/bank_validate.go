package questions

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Problem is one thing wrong with a bank, named so that a person can find
// and fix it.
type Problem struct {
	// Question is the 1-based position of the question, 0 for the bank itself.
	Question int
	ID       string
	Field    string
	Message  string
}

func (p Problem) Error() string {
	if p.Question == 0 {
		return fmt.Sprintf("bank: %s: %s", p.Field, p.Message)
	}
	id := ""
	if p.ID != "" {
		id = " (" + p.ID + ")"
	}
	return fmt.Sprintf("question %d%s: %s: %s", p.Question, id, p.Field, p.Message)
}

// Problems is every problem found in a bank; it is an error.
type Problems []Problem

func (ps Problems) Error() string {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Error()
	}
	return strings.Join(msgs, "; ")
}

// Validate checks the bank and every question and returns all problems
// found, or nil when the bank can be studied.
func (b *Bank) Validate() error {
	var ps Problems
	if !slugRE.MatchString(b.Slug) {
		ps = append(ps, Problem{Field: "slug", Message: fmt.Sprintf("%q is not a slug: use lower-case letters, digits and single dashes", b.Slug)})
	}
	if strings.TrimSpace(b.Title) == "" {
		ps = append(ps, Problem{Field: "title", Message: "is empty"})
	}
	if len(b.Questions) == 0 {
		ps = append(ps, Problem{Field: "questions", Message: "the bank has no questions"})
	}
	seen := make(map[string]int, len(b.Questions))
	for i := range b.Questions {
		q := &b.Questions[i]
		for _, err := range q.problems() {
			var p Problem
			errors.As(err, &p)
			p.Question, p.ID = i+1, q.ID
			ps = append(ps, p)
		}
		if first, dup := seen[q.ID]; dup && q.ID != "" {
			ps = append(ps, Problem{Question: i + 1, ID: q.ID, Field: "id", Message: fmt.Sprintf("same id as question %d", first)})
		} else {
			seen[q.ID] = i + 1
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// Validate checks one question on its own.
func (q *Question) Validate() error {
	if ps := q.problems(); len(ps) > 0 {
		return errors.Join(ps...)
	}
	return nil
}

func (q *Question) problems() []error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if strings.TrimSpace(q.ID) == "" {
		bad("id", "is empty")
	}
	if strings.TrimSpace(q.Topic) == "" {
		bad("topic", "is empty")
	}
	if strings.TrimSpace(q.Prompt) == "" {
		bad("prompt", "is empty")
	}
	if q.YearOptional {
		errs = append(errs, q.yearOptionalProblems()...)
	}
	switch q.Type {
	case Flashcard, ShortAnswer:
		if Normalize(q.Answer) == "" {
			bad("answer", "is empty")
		}
		for i, r := range q.Numbers {
			if math.IsNaN(r.Min) || math.IsNaN(r.Max) || r.Min > r.Max {
				bad("numbers", "range %d runs from %v to %v: the lower end comes first", i+1, r.Min, r.Max)
			}
		}
	case Cloze:
		if Normalize(q.Answer) == "" {
			bad("answer", "is empty")
		}
		if n := strings.Count(q.Prompt, Blank); n != 1 {
			bad("prompt", "a cloze prompt needs exactly one blank %q, found %d", Blank, n)
		}
	case TrueFalse:
		if q.Answer != "true" && q.Answer != "false" {
			bad("answer", "must be \"true\" or \"false\", not %q", q.Answer)
		}
	case MultipleChoice:
		errs = append(errs, q.choiceProblems()...)
	case Ordering:
		if len(q.Items) < 2 {
			bad("items", "an ordering question needs at least 2 items, found %d", len(q.Items))
		}
		if d := firstDuplicate(q.Items); d != "" {
			bad("items", "%q appears twice", d)
		}
	case Matching:
		if len(q.Pairs) < 2 {
			bad("pairs", "a matching question needs at least 2 pairs, found %d", len(q.Pairs))
		}
		lefts, rights := make([]string, len(q.Pairs)), make([]string, len(q.Pairs))
		for i, p := range q.Pairs {
			lefts[i], rights[i] = p.Left, p.Right
			if Normalize(p.Left) == "" || Normalize(p.Right) == "" {
				bad("pairs", "pair %d has an empty side", i+1)
			}
		}
		if d := firstDuplicate(lefts); d != "" {
			bad("pairs", "left item %q appears twice", d)
		}
		if d := firstDuplicate(rights); d != "" {
			bad("pairs", "right item %q appears twice", d)
		}
	default:
		bad("type", "unknown type %q (known: %s)", q.Type, typeList())
	}
	return errs
}

// yearOptionalProblems checks that a question whose year may be left out
// is typed and has a dated answer with a month, which is what the year can
// be left out of.
func (q *Question) yearOptionalProblems() []error {
	switch q.Type {
	case Flashcard, ShortAnswer, Cloze:
	default:
		return []error{Problem{Field: "year_optional", Message: fmt.Sprintf("only a typed answer (flashcard, short_answer or cloze) can leave out a year, not a %s question: remove year_optional", q.Type)}}
	}
	ds, err := ParseDate(q.Answer)
	if err != nil || len(ds) != 1 || ds[0].Year == 0 || ds[0].Precision < Month {
		return []error{Problem{Field: "year_optional", Message: fmt.Sprintf("the answer %q is not a date with a year and a month, so there is no year to leave out: write the answer as a full date or remove year_optional", q.Answer)}}
	}
	return nil
}

func (q *Question) choiceProblems() []error {
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, Problem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if len(q.Choices) < 2 {
		bad("choices", "a multiple-choice question needs at least 2 choices, found %d", len(q.Choices))
	}
	if d := firstDuplicate(q.Choices); d != "" {
		bad("choices", "%q appears twice", d)
	}
	choices := make(map[string]bool, len(q.Choices))
	for _, c := range q.Choices {
		choices[Normalize(c)] = true
	}
	for _, want := range q.CorrectChoices() {
		if !choices[Normalize(want)] {
			bad("answer", "%q is not one of the choices", want)
		}
	}
	if len(q.Answers) > 0 && len(q.Answers) >= len(q.Choices) {
		bad("answers", "every choice is correct: nothing to choose")
	}
	return errs
}

// firstDuplicate returns the first string whose normalised form appears
// twice, or "".
func firstDuplicate(xs []string) string {
	seen := make(map[string]bool, len(xs))
	for _, x := range xs {
		n := Normalize(x)
		if seen[n] {
			return x
		}
		seen[n] = true
	}
	return ""
}

func typeList() string {
	names := make([]string, len(Types))
	for i, t := range Types {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}
