package extract

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"quizd/questions"
	"quizd/questions/facts"
)

const monthPattern = `(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?`

var dateREs = []*regexp.Regexp{
	regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`),
	regexp.MustCompile(`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthPattern + `(?:,?\s+\d{4})?\b`),
	regexp.MustCompile(`\b` + monthPattern + `\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?`),
	regexp.MustCompile(`\b(?:(?:early|mid|late)[\s-]+)?` + monthPattern + `\s+\d{4}\b`),
	regexp.MustCompile(`\b(?:in|since|by|until|of|from|founded in|established in)\s+((?:1[6-9]|20)\d\d)\b`),
}

// dateMention is a date written in a sentence.
type dateMention struct {
	Date       questions.Date
	Start, End int
}

// findDates finds the dates a sentence names, in order. A day without its
// year has Year 0.
func findDates(s string) []dateMention {
	var out []dateMention
	taken := make([]bool, len(s)+1)
	for _, re := range dateREs {
		for _, loc := range re.FindAllStringSubmatchIndex(s, -1) {
			start, end := loc[0], loc[1]
			if len(loc) > 2 && loc[2] >= 0 {
				start, end = loc[2], loc[3] // the year alone, without "in"
			}
			if slices.Contains(taken[start:end], true) {
				continue
			}
			text := strings.NewReplacer("early", "", "mid", "", "late", "", "-", " ").Replace(s[start:end])
			if re == dateREs[0] {
				text = s[start:end]
			}
			ds, err := questions.ParseDate(text)
			if err != nil || len(ds) != 1 {
				continue
			}
			for k := start; k < end; k++ {
				taken[k] = true
			}
			out = append(out, dateMention{Date: ds[0], Start: start, End: end})
		}
	}
	slices.SortFunc(out, func(a, b dateMention) int { return a.Start - b.Start })
	return out
}

// dates finds every dated event. A day written without its year takes the
// year of the nearest full date of the same month, else of the nearest
// year before it.
func (x *extractor) dates() {
	type found struct {
		st  int
		dm  dateMention
		seq int
	}
	var all []found
	for i, st := range x.doc.Sentences {
		for _, dm := range findDates(st.Text) {
			all = append(all, found{i, dm, len(all)})
		}
	}
	for k := range all {
		d := &all[k].dm.Date
		if d.Year != 0 {
			continue
		}
		d.Year = inferYear(all[k].seq, d.Month, func(j int) (questions.Date, bool) {
			if j < 0 || j >= len(all) {
				return questions.Date{}, false
			}
			return all[j].dm.Date, true
		})
	}
	seen := map[string]bool{}
	for _, f := range all {
		if f.dm.Date.Year == 0 {
			continue
		}
		st := x.doc.Sentences[f.st]
		if x.isFounding(st, f.dm) {
			continue
		}
		event := eventFor(st.Text, f.dm)
		if event == "" {
			continue
		}
		key := f.dm.Date.ISO() + "|" + questions.Normalize(event)
		if seen[key] {
			continue
		}
		seen[key] = true
		x.sheet.Dates = append(x.sheet.Dates, facts.DateFact{Event: event, Date: facts.Date{Date: f.dm.Date}, Source: ref(st)})
	}
}

// inferYear looks outward from position at for a full date of the same
// month, then back for any year.
func inferYear(at int, month time.Month, get func(int) (questions.Date, bool)) int {
	for dist := 1; dist < 50; dist++ {
		for _, j := range []int{at - dist, at + dist} {
			if d, ok := get(j); ok && d.Year != 0 && d.Precision >= questions.Month && d.Month == month {
				return d.Year
			}
		}
	}
	for j := at - 1; j >= 0; j-- {
		if d, ok := get(j); ok && d.Year != 0 {
			return d.Year
		}
	}
	for j := at + 1; ; j++ {
		d, ok := get(j)
		if !ok {
			return 0
		}
		if d.Year != 0 {
			return d.Year
		}
	}
}

func (x *extractor) isFounding(st sentence, dm dateMention) bool {
	f := x.sheet.Membership.Founded
	return f != nil && f.Equal(dm.Date) && foundedRE.MatchString(st.Text)
}

var (
	clauseSplitRE = regexp.MustCompile(`,\s+|;\s+|\s+and\s+(?:then\s+)?|\s+while\s+`)
	leadingPrepRE = regexp.MustCompile(`(?i)^(?:on|in|by|since|from|until|amid|after|before|during|as of)\s+$`)
	datePrepRE    = regexp.MustCompile(`(?i)\s*\b(?:on|in|by|since|from|until|as of)\s*$`)
	fillerRE      = regexp.MustCompile(`(?i)^(?:amid|after|before|during|following|when|as|and|then|but)\s+`)
)

// eventFor writes what happened on a date: the clause that holds the date,
// without the date, and with the sentence's subject where the clause starts
// with its verb ("deployed on 7 January" → "The peacekeepers deployed").
func eventFor(s string, dm dateMention) string {
	before := s[:dm.Start]
	after := s[dm.End:]
	// The clause around the date: back to the last clause break, on to
	// the next one.
	startLocs := clauseSplitRE.FindAllStringIndex(before, -1)
	cStart := 0
	if n := len(startLocs); n > 0 {
		cStart = startLocs[n-1][1]
	}
	head := strings.TrimSpace(datePrepRE.ReplaceAllString(before[cStart:], ""))
	tail := after
	if loc := clauseSplitRE.FindStringIndex(after); loc != nil {
		tail = after[:loc[0]]
	}
	tail = strings.TrimSpace(strings.TrimRight(tail, ".!?;:"))
	// A clause that is only the date ("On 6 August 2024,") names the event
	// in the clause after it.
	if head == "" || leadingPrepRE.MatchString(head+" ") {
		rest := strings.TrimLeft(after, " ,")
		if loc := clauseSplitRE.FindStringIndex(rest); loc != nil && loc[0] > 20 {
			rest = rest[:loc[0]]
		}
		head, tail = strings.TrimRight(rest, ".!?;: "), ""
	}
	event := strings.TrimSpace(fillerRE.ReplaceAllString(strings.TrimSpace(head+" "+tail), ""))
	if event == "" {
		return ""
	}
	// A clause that starts with its verb borrows the sentence's subject.
	if first := strings.Fields(event)[0]; isLowerWord(first) && cStart > 0 {
		if subj := subjectOf(s[:dm.Start]); subj != "" {
			event = subj + " " + event
		}
	}
	return limitWords(sentenceCase(event), 24)
}

func isLowerWord(w string) bool {
	return w != "" && w[0] >= 'a' && w[0] <= 'z' && w != "the" && w != "a" && w != "an"
}

// subjectOf is the opening noun phrase of a sentence (or of the part after
// its last colon), up to its first comma or verb-like word, when it is
// short. A lone opening adverb ("However,") is skipped.
func subjectOf(s string) string {
	if i := strings.LastIndex(s, ":"); i >= 0 {
		s = s[i+1:]
	}
	s = strings.TrimSpace(s)
	head, rest, _ := strings.Cut(s, ",")
	if !strings.Contains(strings.TrimSpace(head), " ") {
		head, _, _ = strings.Cut(rest, ",")
	}
	words := strings.Fields(head)
	for i, w := range words {
		if i > 0 && isLowerWord(w) && !strings.HasSuffix(w, "'s") && (strings.HasSuffix(w, "ed") || w == "is" || w == "was" || w == "were" || w == "are" || w == "has" || w == "have") {
			words = words[:i]
			break
		}
	}
	if len(words) == 0 || len(words) > 6 {
		return ""
	}
	return strings.Join(words, " ")
}

func sentenceCase(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func limitWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) <= n {
		return strings.Join(w, " ")
	}
	return strings.TrimRight(strings.Join(w[:n], " "), ",;:") + " …"
}
