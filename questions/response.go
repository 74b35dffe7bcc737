package questions

import (
	"slices"
	"strings"
)

// ResponseText writes a response as the student gave it, for people to
// read: an ordering's items joined by arrows, a matching's pairs, True or
// False, the choices picked, or the text typed.
func ResponseText(q *Question, resp []string) string {
	switch q.Type {
	case Ordering:
		return strings.Join(resp, " → ")
	case Matching:
		parts := make([]string, 0, len(resp))
		for i, r := range resp {
			if i < len(q.Pairs) {
				parts = append(parts, q.Pairs[i].Left+" — "+r)
			}
		}
		return strings.Join(parts, "; ")
	case TrueFalse:
		if len(resp) == 1 {
			switch Normalize(resp[0]) {
			case "true", "t", "yes", "y":
				return "True"
			case "false", "f", "no", "n":
				return "False"
			}
		}
	}
	return strings.Join(resp, "; ")
}

// ResponseKey is the form in which two responses to q are the same
// response, as grading compares them: normalised text, true or false,
// the set of choices picked (in any order), or the normalised sequence of
// an ordering or a matching. A response that no longer fits the question
// (a choice since removed) is keyed by its normalised values.
func ResponseKey(q *Question, resp []string) string {
	given := make([]string, len(resp))
	if r, err := Grade(q, resp); err == nil && len(r.Given) > 0 {
		given = slices.Clone(r.Given)
	} else {
		for i, v := range resp {
			given[i] = Normalize(v)
		}
	}
	if q.Type == MultipleChoice {
		slices.Sort(given)
	}
	return strings.Join(given, "\x1f")
}

// AcceptsText reports whether a question takes a typed answer that an
// accepted answer can be added to: flashcard, short answer and cloze.
func AcceptsText(t Type) bool { return t == Flashcard || t == ShortAnswer || t == Cloze }
