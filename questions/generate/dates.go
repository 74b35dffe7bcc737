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
		q := fmt.Sprintf("In which year was %s founded?", g.org)
		switch f.Precision {
		case questions.Month:
			q = fmt.Sprintf("In which month and year was %s founded?", g.org)
		case questions.Day:
			q = fmt.Sprintf("On what date was %s founded?", g.org)
		}
		ds = append([]facts.DateFact{{
			Key: "founded", Event: sentence(g.org) + " was founded", Question: q, Date: *f,
			Source: g.sheet.Membership.Source,
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
	event := strings.TrimSuffix(strings.TrimSpace(d.Event), ".")
	fact := fmt.Sprintf("%s %s.", event, when(d.Date.Date))
	q := questions.Question{Topic: topicDates, SourceRef: sourceRef(d.Source, fact), Explanation: fact}
	prompt := d.Question
	if prompt == "" {
		prompt = fmt.Sprintf("When did this happen: %s?", lowerFirst(event))
	}
	answer := d.Date.String()
	accept := d.Date.Forms()

	sa := q
	sa.Type, sa.Prompt, sa.Answer, sa.Accept = questions.ShortAnswer, prompt, answer, accept
	g.add(key, "short", sa)

	mc := q
	mc.Prompt = fmt.Sprintf("When did this happen? %s.", event)
	mc.Answer = answer
	wrong := dateDistractors(d.Date.Date, all)
	g.multipleChoice(key, "mc", mc, []string{answer}, wrong)

	cl := q
	cl.Type, cl.Prompt, cl.Answer, cl.Accept = questions.Cloze, fmt.Sprintf("%s %s.", event, strings.Replace(when(d.Date.Date), d.Date.String(), questions.Blank, 1)), answer, accept
	g.add(key, "cloze", cl)

	fc := q
	fc.Type, fc.Prompt, fc.Answer = questions.Flashcard, fmt.Sprintf("When? %s.", event), answer
	g.add(key, "flashcard", fc)

	g.trueFalse(key, "tf", fact, true, q)
	if len(wrong) > 0 {
		g.trueFalse(key, "tf-false", fmt.Sprintf("%s %s.", event, strings.Replace(when(d.Date.Date), d.Date.String(), wrong[i%len(wrong)], 1)), false, q)
	}
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

// orderings asks to put events in time order, four at a time, from chains
// of events whose order is certain at the precision their dates are known.
func (g *gen) orderings(ds []facts.DateFact) {
	sorted := slices.Clone(ds)
	slices.SortStableFunc(sorted, func(a, b facts.DateFact) int {
		return cmp.Compare(a.Date.Time().Unix(), b.Date.Time().Unix())
	})
	done := map[string]bool{}
	for start := range sorted {
		chain := []facts.DateFact{sorted[start]}
		for _, next := range sorted[start+1:] {
			if len(chain) == 4 {
				break
			}
			if chain[len(chain)-1].Date.Before(next.Date.Date) {
				chain = append(chain, next)
			}
		}
		if len(chain) < 3 {
			continue
		}
		var items, keys, lines, refs []string
		for _, d := range chain {
			items = append(items, strings.TrimSuffix(d.Event, "."))
			keys = append(keys, dateKey(d))
			lines = append(lines, fmt.Sprintf("%s: %s", d.Date.String(), lowerFirst(strings.TrimSuffix(d.Event, "."))))
			refs = append(refs, d.Source)
		}
		id := strings.Join(keys, "+")
		if done[id] {
			continue
		}
		done[id] = true
		g.add(id, "ordering", questions.Question{
			Topic: topicDates, Type: questions.Ordering,
			Prompt:      "Put these events in time order, earliest first.",
			Items:       items,
			Answer:      questions.ItemsText(items),
			Explanation: strings.Join(lines, "; ") + ".",
			SourceRef:   sources(refs...),
		})
	}
}

// dateMatchings pairs events with their dates, four at a time, never two
// events of the same date in one question.
func (g *gen) dateMatchings(ds []facts.DateFact) {
	var pairs []questions.Pair
	var refs []string
	used := map[string]bool{}
	for _, d := range ds {
		if used[d.Date.String()] {
			continue
		}
		used[d.Date.String()] = true
		pairs = append(pairs, questions.Pair{Left: strings.TrimSuffix(d.Event, "."), Right: d.Date.String()})
		refs = append(refs, d.Source)
	}
	g.matchings("dates", "match-%d", topicDates, "Match each event to its date.", pairs, refs)
}

// lowerFirst lowers the first letter of s unless the first word is a name
// (has another capital, or is an acronym) or a proper noun the sheet knows.
func lowerFirst(s string) string {
	word, _, _ := strings.Cut(s, " ")
	if len(word) < 2 || word != strings.ToUpper(word[:1])+strings.ToLower(word[1:]) {
		return s
	}
	switch word {
	case "The", "A", "An", "Mass", "It", "This", "These", "Its", "Their", "One", "Two", "Three", "Four", "Five", "Six":
		return strings.ToLower(word[:1]) + s[1:]
	}
	return s
}
