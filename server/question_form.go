package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/views"
)

// The editor's form and the question it stands for, both ways.

// blankChoices and blankPairs are the empty rows the editor offers for
// more choices and pairs.
const (
	blankChoices = 3
	blankPairs   = 2
)

// formOf writes a question into the editor's fields, with empty rows to
// add choices and pairs.
func formOf(q *questions.Question) views.QuestionForm {
	f := views.QuestionForm{ID: q.ID, Type: string(q.Type), Topic: q.Topic, Prompt: q.Prompt, Answer: q.Answer,
		Accept: strings.Join(q.Accept, "\n"), Items: strings.Join(q.Items, "\n"), YearOptional: q.YearOptional,
		Explanation: q.Explanation, SourceRef: q.SourceRef}
	if q.Type == questions.TrueFalse {
		f.TrueFalse = q.Answer
	}
	right := map[string]bool{}
	if q.Type == questions.MultipleChoice {
		for _, c := range q.CorrectChoices() {
			right[questions.Normalize(c)] = true
		}
	}
	for i, c := range q.Choices {
		f.Choices = append(f.Choices, views.ChoiceField{Index: i, Text: c, Right: right[questions.Normalize(c)]})
	}
	for i, p := range q.Pairs {
		f.Pairs = append(f.Pairs, views.PairField{Index: i, Left: p.Left, Right: p.Right})
	}
	nums := make([]string, len(q.Numbers))
	for i, r := range q.Numbers {
		nums[i] = r.String()
	}
	f.Numbers = strings.Join(nums, "\n")
	return withBlankRows(f)
}

func withBlankRows(f views.QuestionForm) views.QuestionForm {
	for range blankChoices {
		f.Choices = append(f.Choices, views.ChoiceField{Index: len(f.Choices)})
	}
	for range blankPairs {
		f.Pairs = append(f.Pairs, views.PairField{Index: len(f.Pairs)})
	}
	return f
}

// lines splits a text area into its non-empty lines, trimmed.
func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// maxFormRows bounds the choices and pairs a form may send.
const maxFormRows = 100

// readQuestionForm reads the editor's form: the question it stands for,
// only the fields of its type kept, and the form as sent (to show again
// on error). A field that cannot be read is a problem of that field.
func readQuestionForm(c *fiber.Ctx) (questions.Question, views.QuestionForm, []fieldProblem) {
	args := c.Request().PostArgs()
	multi := func(name string) []string {
		var out []string
		for _, v := range args.PeekMulti(name) {
			if len(out) == maxFormRows {
				break
			}
			out = append(out, string(v))
		}
		return out
	}
	f := views.QuestionForm{ID: c.FormValue("id"), Type: c.FormValue("type"), Topic: c.FormValue("topic"), Prompt: c.FormValue("prompt"),
		Answer: c.FormValue("answer"), TrueFalse: c.FormValue("true_false"), Accept: c.FormValue("accept"), Items: c.FormValue("items"),
		Numbers: c.FormValue("numbers"), YearOptional: c.FormValue("year_optional") == "on",
		Explanation: c.FormValue("explanation"), SourceRef: c.FormValue("source_ref")}
	rights := map[int]bool{}
	for _, r := range multi("right") {
		if i, err := strconv.Atoi(r); err == nil {
			rights[i] = true
		}
	}
	var choices, correct []string
	for i, text := range multi("choice") {
		f.Choices = append(f.Choices, views.ChoiceField{Index: i, Text: text, Right: rights[i]})
		if text = strings.TrimSpace(text); text != "" {
			choices = append(choices, text)
			if rights[i] {
				correct = append(correct, text)
			}
		}
	}
	lefts, rightSides := multi("left"), multi("right_side")
	var pairs []questions.Pair
	for i := range max(len(lefts), len(rightSides)) {
		var p questions.Pair
		if i < len(lefts) {
			p.Left = lefts[i]
		}
		if i < len(rightSides) {
			p.Right = rightSides[i]
		}
		f.Pairs = append(f.Pairs, views.PairField{Index: i, Left: p.Left, Right: p.Right})
		p.Left, p.Right = strings.TrimSpace(p.Left), strings.TrimSpace(p.Right)
		if p.Left != "" || p.Right != "" {
			pairs = append(pairs, p)
		}
	}
	q := questions.Question{ID: strings.TrimSpace(f.ID), Type: questions.Type(f.Type), Topic: strings.TrimSpace(f.Topic),
		Prompt: strings.TrimSpace(f.Prompt), Explanation: strings.TrimSpace(f.Explanation), SourceRef: strings.TrimSpace(f.SourceRef)}
	var ps []fieldProblem
	switch q.Type {
	case questions.Flashcard, questions.ShortAnswer, questions.Cloze:
		q.Answer, q.Accept, q.YearOptional = strings.TrimSpace(f.Answer), lines(f.Accept), f.YearOptional
		if q.Type != questions.Cloze {
			for i, l := range lines(f.Numbers) {
				r, ok := questions.ParseNumberRange(l)
				if !ok {
					ps = append(ps, fieldProblem{"numbers", fmt.Sprintf("line %d, %q, is not a number or a range written min..max", i+1, l)})
					continue
				}
				q.Numbers = append(q.Numbers, r)
			}
		}
	case questions.TrueFalse:
		q.Answer = f.TrueFalse
	case questions.MultipleChoice:
		q.Choices = choices
		switch len(correct) {
		case 0:
			ps = append(ps, fieldProblem{"choices", "mark the right choice (or every right choice)"})
		case 1:
			q.Answer = correct[0]
		default:
			q.Answers, q.Answer = correct, questions.ListText(correct)
		}
	case questions.Ordering:
		q.Items = lines(f.Items)
	case questions.Matching:
		q.Pairs = pairs
	}
	return q, withBlankRows(compact(f)), ps
}

// compact drops the form's empty choice and pair rows, so that showing it
// again adds no more empty rows than a fresh form has.
func compact(f views.QuestionForm) views.QuestionForm {
	var cs []views.ChoiceField
	for _, c := range f.Choices {
		if strings.TrimSpace(c.Text) != "" {
			c.Index = len(cs)
			cs = append(cs, c)
		}
	}
	var ps []views.PairField
	for _, p := range f.Pairs {
		if strings.TrimSpace(p.Left) != "" || strings.TrimSpace(p.Right) != "" {
			p.Index = len(ps)
			ps = append(ps, p)
		}
	}
	f.Choices, f.Pairs = cs, ps
	return f
}

// problemText writes a problem as the sentence shown next to its field.
func problemText(msg string) string {
	msg = strings.TrimSpace(msg)
	if msg == "is empty" {
		return "This is empty: fill it in."
	}
	if msg == "" {
		return ""
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}
