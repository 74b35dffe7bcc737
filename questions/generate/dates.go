package generate

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"quizd/questions"
	"quizd/questions/facts"
)

const topicDates = questions.TopicDates

// dateFacts are the sheet's dated events, with the organisation's founding
// among them when the sheet gives it.
func (g *gen) dateFacts() []facts.DateFact {
	ds := slices.Clone(g.sheet.Dates)
	if f := g.sheet.Membership.Founded; f != nil {
		// "According to the source": a body's founding is often dated two
		// ways (a treaty, then an organisation), and the bank asks for the
		// source's.
		q := fmt.Sprintf("In which year was %s founded, according to the source?", g.org)
		switch f.Precision {
		case questions.Month:
			q = fmt.Sprintf("In which month and year was %s founded, according to the source?", g.org)
		case questions.Day:
			q = fmt.Sprintf("On what date was %s founded, according to the source?", g.org)
		}
		ds = append([]facts.DateFact{{
			Key: "founded", Event: sentence(g.org) + " was founded", Question: q, Date: *f,
			Source: g.sheet.Membership.Source, PerSource: true,
		}}, ds...)
	}
	return ds
}

func (g *gen) dates() {
	ds := g.dateFacts()
	for i, d := range ds {
		g.date(d, i, ds)
	}
	g.orderings(ds)
	g.dateMatchings(ds)
}

func dateKey(d facts.DateFact) string {
	if d.Key != "" {
		return "date/" + d.Key
	}
	return "date/" + questions.Slugify(d.Event)
}

// when writes the date as it follows an event: "on 6 August 2024", "in
// January 2022", "in 1992".
func when(d questions.Date) string {
	if d.Precision == questions.Day {
		return "on " + d.String()
	}
	return "in " + d.String()
}

func (g *gen) date(d facts.DateFact, i int, all []facts.DateFact) {
	key := dateKey(d)
	f := g.newFact(key, d.Weight)
	event := strings.TrimSuffix(strings.TrimSpace(d.Event), ".")
	fact := fmt.Sprintf("%s %s.", event, when(d.Date.Date))
	q := questions.Question{Topic: topicDates, SourceRef: sourceRef(d.Source, fact), Explanation: withStop(d.Explanation)}
	prompt := d.Question
	if prompt == "" {
		prompt = datePrompt(event, d.Date.Precision)
	}
	answer := d.Date.String()
	accept := append(d.Date.Forms(), d.Accept...)
	if d.YearImplied {
		accept = append(accept, formsWithoutYear(d.Date.Date)...)
	}

	// Typed and picked answers take turns from one date to the next, so
	// the bank has both without asking one date twice in the same words.
	sa := q
	sa.Type, sa.Prompt, sa.Answer, sa.Accept = questions.ShortAnswer, prompt, answer, accept
	// A date the source gives without its year is right without it.
	sa.YearOptional = d.YearImplied && d.Date.Precision == questions.Day
	mc := q
	mc.Prompt = prompt
	mc.Answer = answer
	wrong := dateDistractors(d.Date.Date, all)
	if i%2 == 0 {
		f.ask("short", sa)
		f.choice("mc", mc, []string{answer}, wrong)
	} else {
		f.choice("mc", mc, []string{answer}, wrong)
		f.ask("short", sa)
	}
	first := f.cands[:min(1, len(f.cands))]

	said := event
	if d.PerSource {
		said = "According to the source, " + lowerFirst(event)
		fact = fmt.Sprintf("%s %s.", said, when(d.Date.Date))
	}
	cl := q
	cl.Type, cl.Prompt, cl.Answer, cl.Accept = questions.Cloze, fmt.Sprintf("%s %s.", said, strings.Replace(when(d.Date.Date), d.Date.String(), questions.Blank, 1)), answer, accept
	cl.YearOptional = sa.YearOptional
	falsehood := ""
	if len(wrong) > 0 {
		// The nearest wrong date: a false statement should need the
		// source to judge, not common sense.
		falsehood = fmt.Sprintf("%s %s.", said, strings.Replace(when(d.Date.Date), d.Date.String(), wrong[0], 1))
	}
	// One way of asking for the date, then a blank and a statement.
	f.cands = append([]cand{}, first...)
	f.ask("cloze", cl)
	f.statement("tf", fact, "tf-false", falsehood, q)
	f.done()
}

// formsWithoutYear writes a day's date as a source does that leaves the
// year to the context: "8 August", "August 8".
func formsWithoutYear(d questions.Date) []string {
	if d.Precision != questions.Day {
		return nil
	}
	m := d.Month.String()
	return []string{fmt.Sprintf("%d %s", d.Day, m), fmt.Sprintf("%s %d", m, d.Day)}
}

// datePrompt asks when an event happened, at the precision it is known.
func datePrompt(event string, p questions.Precision) string {
	switch p {
	case questions.Day:
		return fmt.Sprintf("On what date did this happen: %s?", lowerFirst(event))
	case questions.Month:
		return fmt.Sprintf("In which month and year did this happen: %s?", lowerFirst(event))
	}
	return fmt.Sprintf("In which year did this happen: %s?", lowerFirst(event))
}

// dateDistractors gives wrong dates of the same precision, nearest first:
// the sheet's other dates, then dates a day, a month or a year away.
func dateDistractors(d questions.Date, all []facts.DateFact) []string {
	var cands []questions.Date
	for _, o := range all {
		if o.Date.Precision == d.Precision && !o.Date.Equal(d) {
			cands = append(cands, o.Date.Date)
		}
	}
	// When the sheet has too few dates of this precision, near neighbours.
	for _, off := range []struct{ y, m, d int }{{0, 0, 1}, {0, 0, -1}, {0, 1, 0}, {1, 0, 0}, {-1, 0, 0}, {0, -1, 0}, {2, 0, 0}} {
		if len(cands) >= 3 {
			break
		}
		if d.Precision < questions.Day && off.d != 0 || d.Precision < questions.Month && off.m != 0 {
			continue
		}
		t := d.Time().AddDate(off.y, off.m, off.d)
		cands = append(cands, questions.Date{Year: t.Year(), Month: t.Month(), Day: t.Day(), Precision: d.Precision})
	}
	base := d.Time()
	slices.SortStableFunc(cands, func(a, b questions.Date) int {
		return cmp.Compare(absDuration(a.Time().Sub(base)), absDuration(b.Time().Sub(base)))
	})
	out := make([]string, 0, len(cands))
	for _, c := range cands {
		out = append(out, c.String())
	}
	return pickDistinct(out, []string{d.String()}, len(out))
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// orderings asks to put events in time order, three or four at a time,
// from chains of events whose order is certain at the precision their dates
// are known. No event is in two orderings, so that no ordering is a part of
// another.
func (g *gen) orderings(ds []facts.DateFact) {
	sorted := slices.Clone(ds)
	slices.SortStableFunc(sorted, func(a, b facts.DateFact) int {
		return cmp.Compare(a.Date.Time().Unix(), b.Date.Time().Unix())
	})
	used := make([]bool, len(sorted))
	n := 0
	for start := range sorted {
		if used[start] {
			continue
		}
		chain := []int{start}
		for j := start + 1; j < len(sorted) && len(chain) < 4; j++ {
			// An event told twice at two dates is one item, not two.
			told := slices.ContainsFunc(chain, func(k int) bool {
				return questions.Normalize(sorted[k].Event) == questions.Normalize(sorted[j].Event)
			})
			if !used[j] && !told && sorted[chain[len(chain)-1]].Date.Before(sorted[j].Date.Date) {
				chain = append(chain, j)
			}
		}
		if len(chain) < 3 {
			continue
		}
		if withinAMonth(sorted[chain[0]], sorted[chain[len(chain)-1]]) {
			for _, j := range chain {
				used[j] = false
			}
			continue
		}
		var items, keys, lines, refs []string
		for _, j := range chain {
			used[j] = true
			d := sorted[j]
			items = append(items, strings.TrimSuffix(d.Event, "."))
			keys = append(keys, dateKey(d))
			lines = append(lines, fmt.Sprintf("%s: %s", d.Date.String(), lowerFirst(strings.TrimSuffix(d.Event, "."))))
			refs = append(refs, d.Source)
		}
		n++
		f := g.newFact(strings.Join(keys, "+"), 1)
		prompt := "Put these events in time order, earliest first."
		if n > 1 {
			prompt = fmt.Sprintf("Put these events in time order, earliest first (set %d).", n)
		}
		f.ask("ordering", questions.Question{
			Topic: topicDates, Type: questions.Ordering,
			Prompt:      prompt,
			Items:       items,
			Answer:      questions.ItemsText(items),
			Explanation: strings.Join(lines, "; ") + ".",
			SourceRef:   sources(refs...),
		})
		f.done()
	}
}

// withinAMonth reports whether two events are days apart: most often steps
// of one story, whose order follows from what they say ("deployed",
// "withdrew"), so that there is nothing to learn from ordering or matching
// them by date.
func withinAMonth(first, last facts.DateFact) bool {
	return last.Date.Time().Sub(first.Date.Time()) < 31*24*time.Hour
}

// dateMatchings pairs events with their dates, never two dates in one
// question that could be told apart only by a precision one of them lacks:
// "January 2022" and "7 January 2022" would fit either event.
func (g *gen) dateMatchings(ds []facts.DateFact) {
	m := matchSet{key: "dates", variant: "match-%d", topic: topicDates, prompt: "Match each event to its date."}
	for _, d := range ds {
		m.pairs = append(m.pairs, questions.Pair{Left: strings.TrimSuffix(d.Event, "."), Right: d.Date.String()})
		m.refs = append(m.refs, d.Source)
	}
	m.clash = func(i, j int) bool { return !ds[i].Date.Before(ds[j].Date.Date) && !ds[j].Date.Before(ds[i].Date.Date) }
	m.keep = func(group []int) bool {
		var in []facts.DateFact
		for _, i := range group {
			in = append(in, ds[i])
		}
		return !withinAMonth(earliest(in), latest(in))
	}
	g.matchings(m)
}

func earliest(ds []facts.DateFact) facts.DateFact {
	return slices.MinFunc(ds, func(a, b facts.DateFact) int { return a.Date.Time().Compare(b.Date.Time()) })
}

func latest(ds []facts.DateFact) facts.DateFact {
	return slices.MaxFunc(ds, func(a, b facts.DateFact) int { return a.Date.Time().Compare(b.Date.Time()) })
}

// lowerFirst lowers the first letter of s unless the first word is a name
// (has another capital, or is an acronym) or a proper noun the sheet knows.
func lowerFirst(s string) string {
	word, _, _ := strings.Cut(s, " ")
	if len(word) < 2 || word != strings.ToUpper(word[:1])+strings.ToLower(word[1:]) {
		return s
	}
	switch word {
	case "The", "A", "An", "Mass", "It", "This", "These", "Its", "Their", "One", "Two", "Three", "Four", "Five", "Six",
		"To", "In", "On", "Under", "When", "With", "By", "For", "After", "Before", "Of", "Only", "According":
		return strings.ToLower(word[:1]) + s[1:]
	}
	return s
}
