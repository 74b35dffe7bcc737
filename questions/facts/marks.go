package facts

import (
	"fmt"
	"strings"
	"unicode"

	"quizd/questions"
)

// Span is a piece of a source sentence, marked when it is the fact's own
// words.
type Span struct {
	Text   string
	Marked bool
}

// Marks cuts a source sentence into spans, marking where it says one of
// the phrases: the whole phrase where the sentence has it (in any case),
// else each of its longer words the sentence has as a word. A date is
// looked for as it is written in prose ("March 3, 2019", "3 March 2019",
// "March 3"), not as a sheet writes it.
func Marks(sentence string, phrases ...string) []Span {
	rs := []rune(sentence)
	lower := make([]rune, len(rs))
	for i, r := range rs {
		lower[i] = unicode.ToLower(r)
	}
	marked := make([]bool, len(rs))
	for _, p := range phrases {
		p = clean(p)
		if p == "" {
			continue
		}
		alts := []string{p}
		if d, err := parseSheetDate(p); err == nil && d.Year > 0 {
			alts = datePhrases(d)
		}
		found := false
		for _, alt := range alts {
			found = markAll(lower, marked, []rune(strings.ToLower(alt)), false) || found
		}
		if found {
			continue
		}
		for _, w := range strings.Fields(p) {
			w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if len([]rune(w)) >= 4 {
				markAll(lower, marked, []rune(strings.ToLower(w)), true)
			}
		}
	}
	var out []Span
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && marked[j] == marked[i] {
			j++
		}
		out = append(out, Span{Text: string(rs[i:j]), Marked: marked[i]})
		i = j
	}
	return joinMarks(out)
}

// datePhrases are the ways prose writes a date, longest first.
func datePhrases(d questions.Date) []string {
	switch d.Precision {
	case questions.Year:
		return []string{fmt.Sprint(d.Year)}
	case questions.Month:
		return []string{fmt.Sprintf("%s %d", d.Month, d.Year)}
	}
	return []string{fmt.Sprintf("%s %d, %d", d.Month, d.Day, d.Year), fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year),
		fmt.Sprintf("%s %d", d.Month, d.Day), fmt.Sprintf("%d %s", d.Day, d.Month)}
}

// markAll marks every place lower has p; as a word only, when word is
// set. It reports whether it found one.
func markAll(lower []rune, marked []bool, p []rune, word bool) bool {
	found := false
	for i := 0; i+len(p) <= len(lower); i++ {
		if !hasAt(lower, p, i) {
			continue
		}
		if word && (i > 0 && isWordRune(lower[i-1]) || i+len(p) < len(lower) && isWordRune(lower[i+len(p)])) {
			continue
		}
		if !word && isWordRune(p[0]) && i > 0 && isWordRune(lower[i-1]) {
			continue // "2019" not inside "12019", "Serbia" not inside "xserbia"
		}
		end := i + len(p)
		for !word && isWordRune(p[len(p)-1]) && end < len(lower) && isWordRune(lower[end]) {
			end++ // the whole word: "Romanian" for Romania
		}
		for k := i; k < end; k++ {
			marked[k] = true
		}
		found = true
	}
	return found
}

func hasAt(s, p []rune, i int) bool {
	for k, r := range p {
		if s[i+k] != r {
			return false
		}
	}
	return true
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// joinMarks merges two marked spans with only spaces between them.
func joinMarks(spans []Span) []Span {
	var out []Span
	for i := 0; i < len(spans); i++ {
		s := spans[i]
		if !s.Marked && strings.TrimSpace(s.Text) == "" && len(out) > 0 && out[len(out)-1].Marked && i+1 < len(spans) && spans[i+1].Marked {
			out[len(out)-1].Text += s.Text + spans[i+1].Text
			i++
			continue
		}
		out = append(out, s)
	}
	return out
}
