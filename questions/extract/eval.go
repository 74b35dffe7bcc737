package extract

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"quizd/questions"
	"quizd/questions/facts"
)

// Category is the recall of one kind of fact.
type Category struct {
	Name     string
	Expected int
	Found    int
	Missed   []string
}

// Recall is Found / Expected, or 1 when nothing was expected.
func (c Category) Recall() float64 {
	if c.Expected == 0 {
		return 1
	}
	return float64(c.Found) / float64(c.Expected)
}

// Report is how many of a fact sheet's facts an extraction found.
type Report struct {
	Categories []Category
}

// Recall is the share of all expected facts that were found.
func (r Report) Recall() float64 {
	exp, found := 0, 0
	for _, c := range r.Categories {
		exp += c.Expected
		found += c.Found
	}
	if exp == 0 {
		return 1
	}
	return float64(found) / float64(exp)
}

// Category returns the named category's figures.
func (r Report) Category(name string) Category {
	for _, c := range r.Categories {
		if c.Name == name {
			return c
		}
	}
	return Category{Name: name}
}

// Print writes the report as a table, with what was missed.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "%-12s %8s %6s %7s\n", "facts", "expected", "found", "recall")
	for _, c := range r.Categories {
		fmt.Fprintf(w, "%-12s %8d %6d %6.0f%%\n", c.Name, c.Expected, c.Found, 100*c.Recall())
	}
	fmt.Fprintf(w, "%-12s %8s %6s %6.0f%%\n", "overall", "", "", 100*r.Recall())
	for _, c := range r.Categories {
		for _, m := range c.Missed {
			fmt.Fprintf(w, "missed %s: %s\n", c.Name, m)
		}
	}
}

// Evaluate measures how many facts of the expected sheet the extracted
// sheet holds. Names match with their aliases and a country's other names;
// a date matches when the date is the same and the event or its sentence
// shares a significant word with the expected event.
func Evaluate(expected, got *facts.Sheet) Report {
	em, gm := expected.Membership, got.Membership
	var r Report
	r.Categories = append(r.Categories,
		matchNames("members", countryNames(em.Members), countryNames(gm.Members)),
		matchNames("non-members", countryNames(em.NonMembers), countryNames(gm.NonMembers)),
		matchNames("departed", departedNames(em.Departed), departedNames(gm.Departed)),
		matchDates(expectedDates(expected), expectedDates(got)),
		matchArticles(expected.Charter.Articles, got.Charter.Articles),
		matchNames("reactions", reactionNames(expected.Reactions), reactionNames(got.Reactions)),
		matchNames("people", personNames(expected.People), personNames(got.People)),
	)
	return r
}

// named is a thing to find with every name it goes by.
type named struct {
	label string
	names []string
}

func countryNames(cs []facts.Country) []named {
	var out []named
	for _, c := range cs {
		out = append(out, named{c.Name, append([]string{c.Name}, c.Aliases...)})
	}
	return out
}

func departedNames(ds []facts.Departure) []named {
	var out []named
	for _, d := range ds {
		out = append(out, named{d.Name + " (" + string(d.Status) + ")", append([]string{d.Name}, d.Aliases...)})
	}
	return out
}

func reactionNames(rs []facts.Reaction) []named {
	var out []named
	for _, r := range rs {
		out = append(out, named{r.Who, append([]string{r.Who}, r.Aliases...)})
	}
	return out
}

func personNames(ps []facts.Person) []named {
	var out []named
	for _, p := range ps {
		out = append(out, named{p.Name, append([]string{p.Name}, p.Aliases...)})
	}
	return out
}

// nameKeys gives the normalised forms of every name, with the country a
// name, adjective or capital stands for.
func nameKeys(names []string) []string {
	var out []string
	for _, n := range names {
		out = append(out, questions.Normalize(n))
		if c := canonicalCountry(n); c != "" {
			out = append(out, questions.Normalize(c))
		}
	}
	return out
}

func matchNames(category string, expected, got []named) Category {
	c := Category{Name: category, Expected: len(expected)}
	used := make([]bool, len(got))
	for _, e := range expected {
		keys := nameKeys(e.names)
		found := false
		for j, g := range got {
			if used[j] {
				continue
			}
			for _, k := range nameKeys(g.names) {
				if slices.Contains(keys, k) {
					found, used[j] = true, true
					break
				}
			}
			if found {
				break
			}
		}
		if found {
			c.Found++
		} else {
			c.Missed = append(c.Missed, e.label)
		}
	}
	return c
}

// expectedDates lists a sheet's dated events, the founding among them.
func expectedDates(s *facts.Sheet) []facts.DateFact {
	ds := slices.Clone(s.Dates)
	if f := s.Membership.Founded; f != nil {
		ds = append(ds, facts.DateFact{Event: s.Membership.Organisation + " founded", Date: *f, Source: s.Membership.Source})
	}
	return ds
}

var stopWords = map[string]bool{"the": true, "and": true, "with": true, "that": true, "from": true, "into": true,
	"were": true, "was": true, "have": true, "has": true, "their": true, "they": true, "this": true, "over": true,
	"for": true, "its": true, "his": true, "her": true, "began": true}

func significantWords(s string) []string {
	var out []string
	for _, w := range strings.Fields(questions.Normalize(s)) {
		if len(w) >= 4 && !stopWords[w] {
			out = append(out, w)
		}
	}
	return out
}

func matchDates(expected, got []facts.DateFact) Category {
	c := Category{Name: "dates", Expected: len(expected)}
	for _, e := range expected {
		words := significantWords(e.Event)
		found := false
		for _, g := range got {
			if !g.Date.Equal(e.Date.Date) {
				continue
			}
			text := " " + strings.Join(significantWords(g.Event+" "+g.Source), " ") + " "
			for _, w := range words {
				if strings.Contains(text, " "+w+" ") {
					found = true
					break
				}
			}
			if found {
				break
			}
		}
		if found {
			c.Found++
		} else {
			c.Missed = append(c.Missed, fmt.Sprintf("%s (%s)", e.Event, e.Date.String()))
		}
	}
	return c
}

func matchArticles(expected, got []facts.Article) Category {
	c := Category{Name: "charter", Expected: len(expected)}
	for _, e := range expected {
		if slices.ContainsFunc(got, func(g facts.Article) bool { return g.Number == e.Number }) {
			c.Found++
		} else {
			c.Missed = append(c.Missed, fmt.Sprintf("Article %d", e.Number))
		}
	}
	return c
}
