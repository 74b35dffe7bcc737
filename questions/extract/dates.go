package extract

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"quizd/questions"
	"quizd/questions/facts"
)

const monthPattern = `(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?`

// eventYearRE is a year that names an event: "the 2017 summit".
var eventYearRE = regexp.MustCompile(`\b(?:the\s+)?((?:1[6-9]|20)\d\d)\s+(?:summit|meeting|session|conference|congress|elections?|assembly|review|census|report|season|survey)\b`)

var dateREs = []*regexp.Regexp{
	regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}\b`),
	regexp.MustCompile(`\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?` + monthPattern + `(?:,?\s+\d{4})?\b`),
	regexp.MustCompile(`\b` + monthPattern + `\s+\d{1,2}(?:st|nd|rd|th)?\b(?:,?\s+\d{4}\b)?`),
	regexp.MustCompile(`\b(?:(?:early|mid|late)[\s-]+)?` + monthPattern + `\s+\d{4}\b`),
	regexp.MustCompile(`\b(?:early|mid|late)[\s-]((?:1[6-9]|20)\d\d)\b`),
	eventYearRE,
	regexp.MustCompile(`\b(?i:in|since|by|until|from|founded in|established in|(?:the\s+)?(?:spring|summer|autumn|fall|winter|end|beginning|start|middle|course|first\s+half|second\s+half)\s+of)\s+((?:1[6-9]|20)\d\d)\b`),
}

// ordinalPattern is a day of the month in words: "first" to "thirty-first".
const ordinalPattern = `(?i:thirty-first|thirtieth|twenty-(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|twentieth|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth)`

var (
	// ordinalDateRE is a day in words: "the twenty-third of May 2019",
	// "May the first, 2020".
	ordinalDateRE = regexp.MustCompile(`\b(?:the\s+)?(` + ordinalPattern + `)\s+(?:of\s+)?(` + monthPattern + `)(?:,?\s+(\d{4}))?\b|\b(` + monthPattern + `)\s+the\s+(` + ordinalPattern + `)(?:,?\s+(\d{4}))?\b`)
	// dayRangeRE is a range of days in one month: "from 4 to 9 June 2021",
	// "4–9 June 2021", "June 4 to 9, 2021".
	dayRangeRE = regexp.MustCompile(`\b(?:from\s+|between\s+)?(\d{1,2})\s*(?:to|-|–|and)\s*(\d{1,2})\s+(` + monthPattern + `)(?:,?\s+(\d{4}))?\b|\b(` + monthPattern + `)\s+(\d{1,2})\s*(?:to|-|–|and)\s*(\d{1,2}),?\s+(\d{4})\b`)
)

// crossMonthRE is a range over two months: "from 11 May to 30 June 2022";
// ordinalRangeRE one in words: "from the eleventh to the thirteenth of
// March 2024".
var (
	// yearRangeRE is a range of years: "between 2010 and 2013".
	yearRangeRE    = regexp.MustCompile(`\b(?i:between|from)\s+((?:1[6-9]|20)\d\d)\s+(?:and|to|until|-|–)\s+((?:1[6-9]|20)\d\d)\b`)
	crossMonthRE   = regexp.MustCompile(`\b(?:from\s+|between\s+)?(\d{1,2})\s+(` + monthPattern + `)\s*(?:to|and|-|–)\s*(\d{1,2})\s+(` + monthPattern + `)(?:,?\s+(\d{4}))?\b`)
	ordinalRangeRE = regexp.MustCompile(`\b(?:from\s+|between\s+)?the\s+(` + ordinalPattern + `)\s+(?:to|and|until)\s+the\s+(` + ordinalPattern + `)\s+of\s+(` + monthPattern + `)(?:,?\s+(\d{4}))?\b`)
)

var ordinalDays = func() map[string]int {
	m := map[string]int{}
	units := []string{"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"}
	teens := []string{"tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"}
	for i, u := range units {
		m[u] = i + 1
		m["twenty-"+u] = 21 + i
	}
	for i, t := range teens {
		m[t] = 10 + i
	}
	m["twentieth"], m["thirtieth"], m["thirty-first"] = 20, 30, 31
	return m
}()

// wordAndRangeDates finds the dates findDates' patterns cannot read: days
// in words and the two ends of a range of days.
func wordAndRangeDates(s string, taken []bool) []dateMention {
	var out []dateMention
	spanStart, spanEnd := 0, 0 // of the range being read
	last := false              // the end being added is a range's second
	add := func(start, end int, text string) {
		if slices.Contains(taken[start:end], true) {
			return
		}
		ds, err := questions.ParseDate(text)
		if err != nil || len(ds) != 1 {
			return
		}
		for k := start; k < end; k++ {
			taken[k] = true
		}
		out = append(out, dateMention{Date: ds[0], Start: start, End: end, SpanStart: spanStart, SpanEnd: spanEnd, Last: last})
	}
	group := func(m []int, i int) string {
		if m[2*i] < 0 {
			return ""
		}
		return s[m[2*i]:m[2*i+1]]
	}
	for _, m := range yearRangeRE.FindAllStringSubmatchIndex(s, -1) {
		spanStart, spanEnd = m[0], m[1]
		last = false
		add(m[2], m[3], s[m[2]:m[3]])
		last = true
		add(m[4], m[5], s[m[4]:m[5]])
	}
	for _, m := range crossMonthRE.FindAllStringSubmatchIndex(s, -1) {
		spanStart, spanEnd = m[0], m[1]
		year := group(m, 5)
		if year == "" {
			continue
		}
		last = false
		add(m[2], m[5], group(m, 1)+" "+strings.TrimSuffix(group(m, 2), ".")+" "+year)
		last = true
		add(m[6], m[1], group(m, 3)+" "+strings.TrimSuffix(group(m, 4), ".")+" "+year)
	}
	for _, m := range ordinalRangeRE.FindAllStringSubmatchIndex(s, -1) {
		spanStart, spanEnd = m[0], m[1]
		from, to := ordinalDays[strings.ToLower(group(m, 1))], ordinalDays[strings.ToLower(group(m, 2))]
		suffix := " " + strings.TrimSuffix(group(m, 3), ".")
		if y := group(m, 4); y != "" {
			suffix += " " + y
		}
		last = false
		add(m[2], m[3], fmt.Sprint(from)+suffix)
		last = true
		add(m[4], m[1], fmt.Sprint(to)+suffix)
	}
	spanStart, spanEnd, last = 0, 0, false
	for _, m := range ordinalDateRE.FindAllStringSubmatchIndex(s, -1) {
		day, month, year := group(m, 1), group(m, 2), group(m, 3)
		if day == "" {
			month, day, year = group(m, 4), group(m, 5), group(m, 6)
		}
		n := ordinalDays[strings.ToLower(day)]
		if n == 0 {
			continue
		}
		text := fmt.Sprintf("%d %s", n, strings.TrimSuffix(month, "."))
		if year != "" {
			text += " " + year
		}
		add(m[0], m[1], text)
	}
	for _, m := range dayRangeRE.FindAllStringSubmatchIndex(s, -1) {
		spanStart, spanEnd = m[0], m[1]
		from, to, month, year := group(m, 1), group(m, 2), group(m, 3), group(m, 4)
		fromAt, toAt := 2, 4
		if from == "" {
			month, from, to, year = group(m, 5), group(m, 6), group(m, 7), group(m, 8)
			fromAt, toAt = 12, 14
		}
		month = strings.TrimSuffix(month, ".")
		suffix := " " + month
		if year != "" {
			suffix += " " + year
		}
		// Each end of the range is a date of its own, placed at its day.
		last = false
		add(m[fromAt], m[fromAt+1], from+suffix)
		last = true
		add(m[toAt], m[1], to+suffix)
	}
	return out
}

// dateMention is a date written in a sentence.
type dateMention struct {
	Date       questions.Date
	Start, End int
	// Span is the whole phrase the date stands in, which an event's text
	// leaves out: both ends of a range ("from 4 to 9 June 2021"), "the
	// end of 2024". Zero means Start and End.
	SpanStart, SpanEnd int
	// Last is the second end of a range.
	Last bool
}

// span is the phrase of the date that an event's text leaves out.
func (dm dateMention) span() (int, int) {
	if dm.SpanEnd > 0 {
		return dm.SpanStart, dm.SpanEnd
	}
	return dm.Start, dm.End
}

// findDates finds the dates a sentence names, in order. A day without its
// year has Year 0.
func findDates(s string) []dateMention {
	taken := make([]bool, len(s)+1)
	out := wordAndRangeDates(s, taken)
	for _, re := range dateREs {
		for _, loc := range re.FindAllStringSubmatchIndex(s, -1) {
			start, end := loc[0], loc[1]
			spanStart, spanEnd := 0, 0
			if len(loc) > 2 && loc[2] >= 0 {
				start, end = loc[2], loc[3] // the year alone, without "in"
				switch {
				case re == eventYearRE:
					// "the 2017 summit": the year leaves the event its noun.
					spanStart, spanEnd = start, min(end+1, len(s))
				case strings.HasSuffix(s[loc[0]:start], "of "):
					// "the end of 2024": the phrase goes with the date.
					spanStart, spanEnd = loc[0], loc[1]
				}
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
			out = append(out, dateMention{Date: ds[0], Start: start, End: end, SpanStart: spanStart, SpanEnd: spanEnd})
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
	// The years written after each date, so that a date without one
	// finds the next in one step rather than a walk to the end.
	nextYear := make([]int, len(all)+1)
	for k := len(all) - 1; k >= 0; k-- {
		nextYear[k] = nextYear[k+1]
		if y := all[k].dm.Date.Year; y != 0 {
			nextYear[k] = y
		}
	}
	// A news report's dateline ("SALTA, Argentina, Feb. 7, 2023 —") gives
	// the year of the days it names without one.
	dateline := 0
	if len(all) > 0 && all[0].st == 0 && all[0].dm.Date.Year != 0 && all[0].dm.Date.Precision == questions.Day {
		dateline = all[0].dm.Date.Year
	}
	lastYear := 0 // of the dates before k, as they were settled
	for k := range all {
		d := &all[k].dm.Date
		if d.Year == 0 {
			get := func(j int) (questions.Date, bool) {
				if j < 0 || j >= len(all) {
					return questions.Date{}, false
				}
				return all[j].dm.Date, true
			}
			// A full date of the same month first, then the dateline's
			// year, then the nearest year.
			if d.Year = inferYear(all[k].seq, d.Month, get, 0, 0); d.Year == 0 {
				if d.Year = dateline; d.Year == 0 {
					d.Year = inferYear(all[k].seq, d.Month, get, lastYear, nextYear[k+1])
				}
			}
		}
		if d.Year != 0 {
			lastYear = d.Year
		}
	}
	seen := map[string]bool{}
	prevEvent := map[int]string{} // the last event of each sentence, for an ellipsis
	clauses := map[int]*sentenceClauses{}
	for _, f := range all {
		if f.dm.Date.Year == 0 {
			continue
		}
		st := x.doc.Sentences[f.st]
		if strings.HasSuffix(strings.TrimRight(st.Text, "\"”’)"), "?") {
			continue // "What changed in 2020?" asks; it states no event
		}
		sc := clauses[f.st]
		if sc == nil {
			sc = newSentenceClauses(st.Text)
			clauses[f.st] = sc
		}
		if x.isFounding(sc, f.dm) {
			continue
		}
		event := mendEvent(eventFor(sc, f.dm), prevEvent[f.st])
		if strings.HasPrefix(event, "It ") && f.st > 0 {
			// "It rejoined in 2015": "it" is what the sentence before was
			// about, when that names a country or the body.
			event = x.resolveIt(event, x.doc.Sentences[f.st-1].Text)
		}
		if event == "" {
			continue
		}
		prevEvent[f.st] = event
		if f.dm.Last {
			// The second end of a range: the event ended then.
			if event = endedEvent(event); event == "" {
				continue
			}
		}
		// One event, one date: a second date of the same words is of
		// another event the extractor could not tell apart.
		key := questions.Normalize(event)
		if seen[key] {
			continue
		}
		seen[key] = true
		x.sheet.Dates = append(x.sheet.Dates, facts.DateFact{Event: event, Date: facts.Date{Date: f.dm.Date}, Source: ref(st)})
	}
}

// inferYear looks outward from position at for a full date of the same
// month, then takes the nearest year before it (before), else after it
// (after), 0 for none.
func inferYear(at int, month time.Month, get func(int) (questions.Date, bool), before, after int) int {
	for dist := 1; dist < 50; dist++ {
		for _, j := range []int{at - dist, at + dist} {
			if d, ok := get(j); ok && d.Year != 0 && d.Precision >= questions.Month && d.Month == month {
				return d.Year
			}
		}
	}
	if before != 0 {
		return before
	}
	return after
}

// sentenceClauses is a sentence with what eventFor needs of it found
// once: where its clauses break and where its colons stand, so that each
// of many dates in one long sentence costs the length of its own clause,
// not of the sentence.
type sentenceClauses struct {
	text    string
	breaks  [][]int // clauseSplitRE matches, in order
	colons  []int
	founded int // whether foundedRE matches: -1 unknown, 0 no, 1 yes
}

func newSentenceClauses(s string) *sentenceClauses {
	sc := &sentenceClauses{text: s, breaks: clauseSplitRE.FindAllStringIndex(s, -1), founded: -1}
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			sc.colons = append(sc.colons, i)
		}
	}
	return sc
}

// breakBefore is where the clause holding offset at starts: the end of
// the last break that ends by at, or 0.
func (sc *sentenceClauses) breakBefore(at int) int {
	i := sort.Search(len(sc.breaks), func(i int) bool { return sc.breaks[i][1] > at })
	if i == 0 {
		return 0
	}
	return sc.breaks[i-1][1]
}

// breakAfter is the first break that starts at or after offset from, or nil.
func (sc *sentenceClauses) breakAfter(from int) []int {
	i := sort.Search(len(sc.breaks), func(i int) bool { return sc.breaks[i][0] >= from })
	if i == len(sc.breaks) {
		return nil
	}
	return sc.breaks[i]
}

// lastColon is the offset of the last colon before at, or -1.
func (sc *sentenceClauses) lastColon(at int) int {
	i := sort.SearchInts(sc.colons, at)
	if i == 0 {
		return -1
	}
	return sc.colons[i-1]
}

func (x *extractor) isFounding(sc *sentenceClauses, dm dateMention) bool {
	f := x.sheet.Membership.Founded
	if f == nil || !f.Equal(dm.Date) {
		return false
	}
	if sc.founded < 0 {
		sc.founded = 0
		if foundedRE.MatchString(sc.text) || signedDocRE.MatchString(sc.text) {
			sc.founded = 1
		}
	}
	return sc.founded == 1
}

var (
	clauseSplitRE = regexp.MustCompile(`,\s+|;\s+|\s+and\s+(?:then\s+)?|\s+while\s+`)
	leadingPrepRE = regexp.MustCompile(`(?i)^(?:on|in|by|since|from|until|amid|after|before|during|as of|ahead of|at)(?:\s+the\s+(?:eve|day|eve|morning|night|end|start|opening|close)\s+of)?(?:\s+the)?\s+$`)
	datePrepRE    = regexp.MustCompile(`(?i)\s*\b(?:on|in|by|since|from|until|as of|for|at)\s*$`)
	fillerRE      = regexp.MustCompile(`(?i)^(?:amid|after|before|during|following|when|as|and|then|but)\s+`)
)

// eventFor writes what happened on a date: the clause that holds the date,
// without the date, and with the sentence's subject where the clause starts
// with its verb ("deployed on 7 January" → "The peacekeepers deployed").
// Only the first words of the event are kept, so only they are read.
func eventFor(sc *sentenceClauses, dm dateMention) string {
	const keep = 24
	s := sc.text
	dStart, dEnd := dm.span()
	after := s[dEnd:]
	// The clause around the date: back to the last clause break, on to
	// the next one.
	cStart := sc.breakBefore(dStart)
	head := strings.TrimSpace(clauseHead(s[cStart:dStart], keep+2))
	tail := after
	if loc := sc.breakAfter(dEnd); loc != nil {
		tail = s[dEnd:loc[0]]
	}
	tail, _ = wordsPrefix(tail, keep+2)
	tail = strings.TrimSpace(strings.TrimRight(tail, ".!?;:"))
	// A clause that is only the date ("On 6 August 2024,") names the event
	// in the clause after it.
	if head == "" || leadingPrepRE.MatchString(head+" ") {
		rest := strings.TrimLeft(after, " ,—–-")
		// "On the eve of the 2017 summit, Peru signed": the date's noun
		// ends the opening phrase.
		if w, more, ok := strings.Cut(rest, " "); ok && strings.HasSuffix(w, ",") && isLowerWord(w) {
			rest = more
		}
		restAt := len(s) - len(rest)
		if loc := sc.breakAfter(restAt); loc != nil && loc[0]-restAt > 20 {
			rest = s[restAt:loc[0]]
		}
		rest, _ = wordsPrefix(rest, keep+2)
		head, tail = strings.TrimRight(rest, ".!?;: "), ""
	}
	event := strings.TrimSpace(fillerRE.ReplaceAllString(strings.TrimSpace(head+" "+tail), ""))
	if event == "" {
		return ""
	}
	// A clause that starts with its verb borrows the sentence's subject.
	if first := strings.Fields(event)[0]; isLowerWord(first) && cStart > 0 {
		if subj := subjectOf(s[sc.lastColon(dStart)+1 : dStart]); subj != "" {
			event = subj + " " + event
		}
	}
	return limitWords(sentenceCase(event), keep)
}

// clauseHead is a clause's words before a date, without the preposition
// that leads to the date ("deployed on" → "deployed"). Of a clause longer
// than n words only the first n are kept: the event keeps fewer.
func clauseHead(clause string, n int) string {
	if head, more := wordsPrefix(clause, n); more {
		return head
	}
	return datePrepRE.ReplaceAllString(clause, "")
}

func isLowerWord(w string) bool {
	return w != "" && w[0] >= 'a' && w[0] <= 'z' && w != "the" && w != "a" && w != "an"
}

// subjectOf is the opening noun phrase of a sentence (or of the part after
// its last colon), up to its first comma or verb-like word, when it is
// short. A lone opening adverb ("However,") is skipped.
//
// s is the text after the last colon; the caller finds that colon once
// per sentence.
func subjectOf(s string) string {
	// The subject is among the first words: no more are read.
	s, _ = wordsPrefix(s, 20)
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
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

func limitWords(s string, n int) string {
	head, more := wordsPrefix(s, n)
	w := strings.Fields(head)
	if !more {
		return strings.Join(w, " ")
	}
	return strings.TrimRight(strings.Join(w, " "), ",;:") + " …"
}

// heldRE is an event told in the passive of holding it: "The first joint
// exercise was held off Chittagong".
var heldRE = regexp.MustCompile(`^(.+?)\s+(?:was|were)\s+(?:held|fought|run|staged|conducted|carried\s+out|organi[sz]ed)\b(.*)$`)

// endedEvent names the end of an event: "The first joint exercise off
// Chittagong ended"; "" when its words do not allow it.
func endedEvent(event string) string {
	g := heldRE.FindStringSubmatch(event)
	if g == nil {
		return ""
	}
	return strings.TrimSpace(g[1]+g[2]) + " ended"
}

var (
	// otherPronounRE opens an event with a pronoun that is not the body's.
	otherPronounRE = regexp.MustCompile(`^(?:They|These|Those|He|She|We)\b`)
	// invertedEventRE is an event told with its verb first: "Came the
	// first fine", after "In June 2016".
	invertedEventRE = regexp.MustCompile(`^(?i:came|began|followed|arrived|ended|started)\s+(.+)$`)
	// didEventRE is an inverted "Only in 2018 did Bolivia pay its dues".
	didEventRE = regexp.MustCompile(`^(?:Only|Not\s+until|Never|Just)\s+did\s+((?:the\s+)?[A-Z][\p{L}'’-]*(?:\s+[A-Z][\p{L}'’-]*)*)\s+(.+)$`)
	// cleftEventRE is "It was in March 2019 that the dams were inspected".
	cleftEventRE = regexp.MustCompile(`^It\s+(?:was|is)\s+(?:not\s+|only\s+)?that\s+(.+)$`)
	// bareNameRE is an event that is only a name: the verb was left out
	// ("Ecuador joined in 2017, Colombia in October 2019").
	bareNameRE = regexp.MustCompile(`^(?:[Aa]nd\s+)?((?:[Tt]he\s+)?[A-Z][\p{L}'’-]*(?:\s+(?:and\s+)?[A-Z][\p{L}'’-]*)*)$`)
	// subjectVerbRE splits an event into its subject and the rest.
	subjectVerbRE = regexp.MustCompile(`^((?:[Tt]he\s+)?[A-Z][\p{L}'’-]*(?:\s+[A-Z][\p{L}'’-]*)*)\s+([a-z].*)$`)
)

// mendEvent rewrites an event whose words came out of an inverted or
// elliptical sentence, and drops a colon left at its end; prev is the
// sentence's event before it.
func mendEvent(event, prev string) string {
	event = strings.TrimSpace(strings.TrimRight(event, ":;, "))
	switch {
	case event == "":
		return ""
	case otherPronounRE.MatchString(event):
		// "They came in": read alone, as a question is, it points to
		// nothing. ("It" is most often the body, which nameTheBody names.)
		return ""
	case invertedEventRE.MatchString(event):
		g := invertedEventRE.FindStringSubmatch(event)
		verb := strings.ToLower(strings.Fields(event)[0])
		return sentenceCase(strings.TrimSpace(g[1]) + " " + verb)
	case didEventRE.MatchString(event):
		g := didEventRE.FindStringSubmatch(event)
		return sentenceCase(g[1] + " did " + g[2])
	case cleftEventRE.MatchString(event):
		return sentenceCase(cleftEventRE.FindStringSubmatch(event)[1])
	case bareNameRE.MatchString(event) && prev != "":
		if g := subjectVerbRE.FindStringSubmatch(prev); g != nil {
			return bareNameRE.FindStringSubmatch(event)[1] + " " + g[2]
		}
	}
	return event
}

// resolveIt puts for the "It" that opens an event the country the
// sentence before was about, when it opens with one; otherwise "It" is
// left for the body.
func (x *extractor) resolveIt(event, before string) string {
	subj := subjectOf(before)
	if c := Country(subj); c != "" {
		return c + event[len("It"):]
	}
	if cs := countries(subj); len(cs) == 1 && cs[0].Start == 0 && cs[0].Kind == byName {
		return cs[0].Country + event[len("It"):]
	}
	return event // most often the body, which nameTheBody names
}
