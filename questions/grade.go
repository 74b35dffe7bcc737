package questions

import (
	"fmt"
	"strconv"
	"strings"
)

// Result is the verdict on one response.
type Result struct {
	Correct bool
	// Score is the share of the response that was right, from 0 to 1: the
	// items in their right place, the pairs matched, the choices picked.
	Score float64
	// Given is the response in normalised form; Expected the normalised
	// forms of what was accepted, the first being the canonical answer.
	Given    []string
	Expected []string
	// Typo is set when a typed answer was accepted although one letter was
	// wrong, missing or extra.
	Typo bool
}

// ResponseError says that a response does not fit its question: the wrong
// number of values, or a value that is not one of the choices or items.
// It is the caller's mistake, not a wrong answer.
type ResponseError struct {
	Msg string
	// At is the position, from 1, of the value at fault in an ordering's
	// or a matching's response (the second of two alike); 0 when no one
	// value is.
	At int
}

func (e *ResponseError) Error() string { return "response: " + e.Msg }

func badResponse(format string, args ...any) error {
	return &ResponseError{Msg: fmt.Sprintf(format, args...)}
}

// MaxResponseBytes bounds a response, its values together: an answer is
// a sentence or two, and a stored response is kept with every review.
const MaxResponseBytes = 4 << 10

// ErrResponseTooLong is the error of a response over MaxResponseBytes.
var ErrResponseTooLong = &ResponseError{Msg: fmt.Sprintf("is longer than %d KiB: shorten the answer and send it again", MaxResponseBytes>>10)}

// Grade says whether response answers q. A response is a list of values:
//
//   - one value for flashcard, short_answer, cloze, true_false and
//     single-answer multiple_choice (the text of the chosen choice);
//   - the chosen choices for a multiple-answer multiple_choice question;
//   - the items in the order the student put them for ordering;
//   - the right-hand items in the order of the left-hand ones for matching.
//
// A flashcard is usually self-rated; when a student types its answer it is
// graded like a short answer.
func Grade(q *Question, response []string) (Result, error) {
	size := len(response)
	for _, v := range response {
		size += len(v)
	}
	if size > MaxResponseBytes {
		return Result{}, ErrResponseTooLong
	}
	switch q.Type {
	case Flashcard, ShortAnswer, Cloze:
		text, err := single(response)
		if err != nil {
			return Result{}, err
		}
		// Cloze, short answer and a typed flashcard share one grader, so
		// that a cloze accepts all that the same fact's short answer does.
		r := gradeText(text, append([]string{q.Answer}, q.Accept...), q.YearOptional)
		if !r.Correct && inRanges(text, q.Numbers) {
			r.Correct, r.Score, r.Typo = true, 1, false
		}
		return r, nil
	case TrueFalse:
		text, err := single(response)
		if err != nil {
			return Result{}, err
		}
		return gradeTrueFalse(q, text)
	case MultipleChoice:
		return gradeChoices(q, response)
	case Ordering:
		return gradeSequence(q.Items, response, "item")
	case Matching:
		rights := make([]string, len(q.Pairs))
		for i, p := range q.Pairs {
			rights[i] = p.Right
		}
		return gradeSequence(rights, response, "match")
	}
	return Result{}, fmt.Errorf("questions: grade: unknown question type %q", q.Type)
}

func single(response []string) (string, error) {
	if len(response) != 1 {
		return "", badResponse("this question takes one answer, got %d", len(response))
	}
	return response[0], nil
}

// gradeText accepts a typed answer that says what one of the accepted
// answers says (see equivalent.go: titles, lists in any order, other names,
// numerals, a generic head noun), that names the same number or date, or
// that is one typo away from a long enough word answer. With yearOptional,
// a date without its year counts when its month (and day) are right.
func gradeText(text string, accepted []string, yearOptional bool) Result {
	given := Normalize(text)
	r := Result{Given: []string{given}}
	for _, a := range accepted {
		r.Expected = append(r.Expected, Normalize(a))
	}
	if given == "" {
		return r
	}
	dates := responseDates{text: text}
	for i, want := range r.Expected {
		if given == want || sameNumber(given, want) || dates.match(accepted[i], yearOptional) {
			r.Correct, r.Score = true, 1
			return r
		}
	}
	resp := newForms(text, given)
	typo := false
	for i, a := range accepted {
		ok, t := matchForms(&resp, newForms(a, r.Expected[i]))
		if ok && !t {
			r.Correct, r.Score = true, 1
			return r
		}
		typo = typo || ok
	}
	if typo {
		r.Correct, r.Score, r.Typo = true, 1, true
	}
	return r
}

// inRanges reports whether a response is a number inside one of ranges.
func inRanges(response string, ranges []NumberRange) bool {
	if len(ranges) == 0 {
		return false
	}
	n := Normalize(response)
	x, err := strconv.ParseFloat(n, 64)
	if err != nil {
		return false
	}
	for _, r := range ranges {
		if x >= r.Min && x <= r.Max {
			return true
		}
	}
	return false
}

func sameNumber(a, b string) bool {
	x, errA := strconv.ParseFloat(a, 64)
	y, errB := strconv.ParseFloat(b, 64)
	return errA == nil && errB == nil && x == y
}

// responseDates are the dates a response may name: a date in any form
// ParseDate knows, or a month named alone. They are read once, when the
// first dated answer is compared.
type responseDates struct {
	text  string
	read  bool
	dates []Date
}

func (rd *responseDates) get() []Date {
	if !rd.read {
		rd.read = true
		if got, err := ParseDate(rd.text); err == nil {
			rd.dates = got
		} else if m, ok := parseMonth(rd.text); ok {
			rd.dates = []Date{m}
		}
	}
	return rd.dates
}

// match reports whether one of the response's dates is the expected date,
// read at the expected date's precision. An ambiguous numeric date
// ("06/08/2024") counts when either reading matches. With yearOptional, a
// date without a year ("January", "8 August") counts when the rest of it
// matches.
func (rd *responseDates) match(expected string, yearOptional bool) bool {
	want, err := ParseDate(expected)
	if err != nil || len(want) != 1 {
		return false
	}
	noYear := want[0]
	noYear.Year = 0
	for _, g := range rd.get() {
		if g.Equal(want[0]) || yearOptional && g.Year == 0 && want[0].Precision >= Month && g.Equal(noYear) {
			return true
		}
	}
	return false
}

// typoTolerable allows one wrong, missing or extra letter inside one word
// of five or more letters; short words ("I" and "II", "Iran" and "Iraq")
// and numbers must be exact, since one character makes another answer. A
// response word that is itself a word ("place" for "peace", "Prussia" for
// "Russia") is another answer, not a typo, unless it is the same word in
// another spelling ("defense" for "defence") or number ("peacekeeper" for
// "peacekeepers"). A spelling variant alone is no typo.
func typoTolerable(gw, ww []string) (ok, typo bool) {
	if len(gw) != len(ww) {
		return false, false
	}
	digits := false
	for i := range ww {
		digits = digits || strings.ContainsAny(ww[i]+gw[i], "0123456789")
	}
	typos := 0
	for i := range ww {
		g, w := gw[i], ww[i]
		switch {
		case g == w:
		case spellingVariant(g, w):
		case digits || len([]rune(w)) < 5 || len(g) > len(w)+4 || len(w) > len(g)+4 || editDistance(g, w) != 1:
			return false, false
		case IsWord(g) && !sameLemma(g, w):
			return false, false
		default:
			typos++
		}
	}
	return typos <= 1, typos == 1
}

var trueWords = map[string]bool{"true": true, "t": true, "yes": true, "y": true}
var falseWords = map[string]bool{"false": true, "f": true, "no": true, "n": true}

func gradeTrueFalse(q *Question, text string) (Result, error) {
	given := Normalize(text)
	var v string
	switch {
	case trueWords[given]:
		v = "true"
	case falseWords[given]:
		v = "false"
	default:
		return Result{}, badResponse("a true/false answer must be true or false, not %q", text)
	}
	r := Result{Given: []string{v}, Expected: []string{q.Answer}}
	if v == q.Answer {
		r.Correct, r.Score = true, 1
	}
	return r, nil
}

func gradeChoices(q *Question, response []string) (Result, error) {
	want := q.CorrectChoices()
	if !q.MultipleAnswers() && len(response) != 1 {
		return Result{}, badResponse("pick one choice, got %d", len(response))
	}
	if len(response) == 0 {
		return Result{}, badResponse("pick at least one choice")
	}
	r := Result{}
	for _, w := range want {
		r.Expected = append(r.Expected, Normalize(w))
	}
	choices := make(map[string]bool, len(q.Choices))
	for _, c := range q.Choices {
		choices[Normalize(c)] = true
	}
	picked := map[string]bool{}
	for _, v := range response {
		n := Normalize(v)
		if !choices[n] {
			return Result{}, badResponse("%q is not one of the choices", v)
		}
		if picked[n] {
			return Result{}, badResponse("%q is picked twice", v)
		}
		picked[n] = true
		r.Given = append(r.Given, n)
	}
	right := 0
	for _, w := range r.Expected {
		if picked[w] {
			right++
		}
	}
	wrong := len(picked) - right
	r.Correct = right == len(want) && wrong == 0
	r.Score = max(0, float64(right-wrong)/float64(len(want)))
	return r, nil
}

// gradeSequence compares a response list with the expected list position by
// position; every value must be one of the expected ones, used once.
func gradeSequence(want, response []string, what string) (Result, error) {
	if len(response) != len(want) {
		return Result{}, badResponse("expected %d values, got %d", len(want), len(response))
	}
	r := Result{}
	known := map[string]bool{}
	for _, w := range want {
		n := Normalize(w)
		r.Expected = append(r.Expected, n)
		known[n] = true
	}
	used := map[string]bool{}
	right := 0
	for i, v := range response {
		n := Normalize(v)
		if !known[n] {
			e := badResponse("%q is not one of the %ss", v, what).(*ResponseError)
			e.At = i + 1
			return Result{}, e
		}
		if used[n] {
			e := badResponse("%q is used twice", v).(*ResponseError)
			e.At = i + 1
			return Result{}, e
		}
		used[n] = true
		r.Given = append(r.Given, n)
		if n == r.Expected[i] {
			right++
		}
	}
	r.Correct = right == len(want)
	r.Score = float64(right) / float64(len(want))
	return r, nil
}
