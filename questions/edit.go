package questions

import (
	"fmt"
	"slices"
	"strings"
)

// Patch is a change to some fields of a question, in the bank format's
// field names: a nil field is left as it is. The ID never changes.
type Patch struct {
	Type         *Type          `json:"type"`
	Topic        *string        `json:"topic"`
	Prompt       *string        `json:"prompt"`
	Answer       *string        `json:"answer"`
	Accept       *[]string      `json:"accept"`
	Choices      *[]string      `json:"choices"`
	Answers      *[]string      `json:"answers"`
	Items        *[]string      `json:"items"`
	Pairs        *[]Pair        `json:"pairs"`
	Numbers      *[]NumberRange `json:"numbers"`
	YearOptional *bool          `json:"year_optional"`
	Explanation  *string        `json:"explanation"`
	SourceRef    *string        `json:"source_ref"`
}

// Apply writes the patch's fields over q. The result is checked by
// Question.Validate afterwards, as any edit is.
func (p Patch) Apply(q *Question) {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	setList := func(dst *[]string, src *[]string) {
		if src != nil {
			*dst = append([]string(nil), *src...)
		}
	}
	if p.Type != nil {
		q.Type = *p.Type
	}
	set(&q.Topic, p.Topic)
	set(&q.Prompt, p.Prompt)
	set(&q.Answer, p.Answer)
	set(&q.Explanation, p.Explanation)
	set(&q.SourceRef, p.SourceRef)
	setList(&q.Accept, p.Accept)
	setList(&q.Choices, p.Choices)
	setList(&q.Answers, p.Answers)
	setList(&q.Items, p.Items)
	if p.Pairs != nil {
		q.Pairs = append([]Pair(nil), *p.Pairs...)
	}
	if p.Numbers != nil {
		q.Numbers = append([]NumberRange(nil), *p.Numbers...)
	}
	if p.YearOptional != nil {
		q.YearOptional = *p.YearOptional
	}
}

// Empty reports whether the patch changes no field.
func (p Patch) Empty() bool { return p == Patch{} }

// MaxIDLength is the longest ID a question made in the editor may be given.
const MaxIDLength = 64

// CheckNewID checks an ID chosen for a question made in the editor: it
// travels in addresses, so it is short, has no spaces and none of the
// characters that end a path segment.
func CheckNewID(id string) error {
	switch {
	case len(id) > MaxIDLength:
		return Problem{Field: "id", Message: fmt.Sprintf("is %d characters long: use at most %d, or leave it out to get one", len(id), MaxIDLength)}
	case strings.ContainsAny(id, " \t\r\n/?#%\\"):
		return Problem{Field: "id", Message: fmt.Sprintf("%q has a space or one of / ? # %% \\: use letters, digits, dashes and dots, or leave it out to get one", id)}
	case id == "new":
		return Problem{Field: "id", Message: `"new" names the page for a new question: choose another id, or leave it out to get one`}
	}
	return nil
}

// ProblemsOf collects every Problem in err's tree (Validate joins them, and
// callers wrap the result), in order; nil when err holds none.
func ProblemsOf(err error) []Problem {
	var out []Problem
	var walk func(error)
	walk = func(e error) {
		switch x := e.(type) {
		case nil:
		case Problem:
			out = append(out, x)
		case Problems:
			out = append(out, x...)
		case interface{ Unwrap() []error }:
			for _, inner := range x.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			walk(x.Unwrap())
		}
	}
	walk(err)
	return out
}

// Merge applies to theirs the changes mine made to base, field by field:
// a field mine left as base had it takes theirs. It is how an editor's
// change made on an old version is carried over to the version someone
// saved meanwhile; the result is validated as any edit is.
func Merge(base, mine, theirs Question) Question {
	out := theirs
	b, m := base.normalLists(), mine.normalLists()
	pick := func(dst *string, bv, mv string) {
		if mv != bv {
			*dst = mv
		}
	}
	if m.Type != b.Type {
		out.Type = m.Type
	}
	pick(&out.Topic, b.Topic, m.Topic)
	pick(&out.Prompt, b.Prompt, m.Prompt)
	pick(&out.Answer, b.Answer, m.Answer)
	pick(&out.Explanation, b.Explanation, m.Explanation)
	pick(&out.SourceRef, b.SourceRef, m.SourceRef)
	for _, l := range []struct{ dst, bv, mv *[]string }{
		{&out.Accept, &b.Accept, &m.Accept}, {&out.Choices, &b.Choices, &m.Choices},
		{&out.Answers, &b.Answers, &m.Answers}, {&out.Items, &b.Items, &m.Items},
	} {
		if !slices.Equal(*l.bv, *l.mv) {
			*l.dst = *l.mv
		}
	}
	if !slices.Equal(b.Pairs, m.Pairs) {
		out.Pairs = m.Pairs
	}
	if !slices.Equal(b.Numbers, m.Numbers) {
		out.Numbers = m.Numbers
	}
	if m.YearOptional != b.YearOptional {
		out.YearOptional = m.YearOptional
	}
	return out
}
