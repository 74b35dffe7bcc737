package extract

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"quizd/questions"
	"quizd/questions/facts"
)

// Category is the recall and precision of one kind of fact: how many of
// the expected facts were found, and how many of the facts produced are
// right.
type Category struct {
	Name     string
	Expected int
	Found    int
	Missed   []string
	// Produced counts the facts of this kind the extraction gave, Right
	// those of them that match an expected fact, and Unexpected names the
	// others.
	Produced   int
	Right      int
	Unexpected []string
}

// Recall is Found / Expected, or 1 when nothing was expected.
func (c Category) Recall() float64 {
	return ratio(c.Found, c.Expected)
}

// Precision is Right / Produced, or 1 when nothing was produced: an
// extraction that gives nothing has said nothing wrong.
func (c Category) Precision() float64 {
	return ratio(c.Right, c.Produced)
}

func ratio(n, of int) float64 {
	if of == 0 {
		return 1
	}
	return float64(n) / float64(of)
}

// Report is how many of a fact sheet's facts an extraction found, how many
// of the facts it gave are right, and which of them are known junk.
type Report struct {
	Categories []Category
	// Junk is what the extraction gave that a not-list says must not be
	// there, and JunkChecked whether there was a not-list; see CheckJunk.
	Junk        []Junk
	JunkChecked bool
}

// Recall is the share of all expected facts that were found.
func (r Report) Recall() float64 {
	exp, found := 0, 0
	for _, c := range r.Categories {
		exp += c.Expected
		found += c.Found
	}
	return ratio(found, exp)
}

// Precision is the share of all facts produced that are right.
func (r Report) Precision() float64 {
	produced, right := 0, 0
	for _, c := range r.Categories {
		produced += c.Produced
		right += c.Right
	}
	return ratio(right, produced)
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

// Print writes the report as a table, then what was missed, what was
// produced but not expected, and the junk.
func (r Report) Print(w io.Writer) {
	fmt.Fprintf(w, "%-12s %8s %6s %7s %8s %6s %9s\n", "facts", "expected", "found", "recall", "produced", "right", "precision")
	produced, right, exp, found := 0, 0, 0, 0
	for _, c := range r.Categories {
		fmt.Fprintf(w, "%-12s %8d %6d %6.0f%% %8d %6d %8.0f%%\n", c.Name, c.Expected, c.Found, 100*c.Recall(), c.Produced, c.Right, 100*c.Precision())
		produced, right, exp, found = produced+c.Produced, right+c.Right, exp+c.Expected, found+c.Found
	}
	fmt.Fprintf(w, "%-12s %8d %6d %6.0f%% %8d %6d %8.0f%%\n", "overall", exp, found, 100*r.Recall(), produced, right, 100*r.Precision())
	for _, c := range r.Categories {
		for _, m := range c.Missed {
			fmt.Fprintf(w, "missed %s: %s\n", c.Name, m)
		}
	}
	for _, c := range r.Categories {
		for _, u := range c.Unexpected {
			fmt.Fprintf(w, "unexpected %s: %s\n", c.Name, u)
		}
	}
	for _, j := range r.Junk {
		fmt.Fprintf(w, "junk %s: %s\n", j.Category, j.Fact)
	}
	if r.JunkChecked {
		fmt.Fprintf(w, "junk: %d\n", len(r.Junk))
	}
}

// Evaluate measures how many facts of the expected sheet the extracted
// sheet holds (recall) and how many of the extracted facts are right
// (precision). Names match with their aliases and a country's other names;
// a date matches when the date is the same and the event or its sentence
// shares a significant word with the expected event; a charter article
// matches by its number. A name, or an article, is matched once: a second
// fact that names it again is not right.
func Evaluate(expected, got *facts.Sheet) Report {
	em, gm := expected.Membership, got.Membership
	var r Report
	r.Categories = append(r.Categories,
		matchNames("members", countryNames(em.Members), countryNames(gm.Members)),
		matchNames("non-members", countryNames(em.NonMembers), countryNames(gm.NonMembers)),
		matchNames("departed", departedNames(em.Departed), departedNames(gm.Departed)),
		matchDates(expectedDates(expected), expectedDates(got), departureDates(expected)),
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

func sameName(a, b []string) bool {
	keys := nameKeys(a)
	return slices.ContainsFunc(nameKeys(b), func(k string) bool { return slices.Contains(keys, k) })
}

// matchNames pairs expected and produced names one to one, each expected
// name with the first produced one not yet taken that shares a name with
// it: a name produced twice is right once.
func matchNames(category string, expected, got []named) Category {
	c := Category{Name: category, Expected: len(expected), Produced: len(got)}
	used := make([]bool, len(got))
	for _, e := range expected {
		j := -1
		for k, g := range got {
			if !used[k] && sameName(e.names, g.names) {
				j = k
				break
			}
		}
		if j >= 0 {
			used[j] = true
			c.Found++
		} else {
			c.Missed = append(c.Missed, e.label)
		}
	}
	for j, g := range got {
		if used[j] {
			c.Right++
		} else {
			c.Unexpected = append(c.Unexpected, g.label)
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

// departureDates are the dates a sheet gives of its departures, as events
// named after the country: a produced date that states one is right,
// though the sheet does not list it among its dates.
func departureDates(s *facts.Sheet) []facts.DateFact {
	var out []facts.DateFact
	for _, d := range s.Membership.Departed {
		if d.When != nil {
			out = append(out, facts.DateFact{Event: strings.Join(append([]string{d.Name}, d.Aliases...), " "), Date: *d.When})
		}
	}
	return out
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

// sameDate reports whether the produced date g states the expected e: the
// same date, and a significant word of e's event in g's event or sentence.
func sameDate(e, g facts.DateFact) bool {
	if !g.Date.Equal(e.Date.Date) {
		return false
	}
	text := " " + strings.Join(significantWords(g.Event+" "+g.Source), " ") + " "
	return slices.ContainsFunc(significantWords(e.Event), func(w string) bool { return strings.Contains(text, " "+w+" ") })
}

// matchDates finds each expected date among the produced ones; a produced
// date is right when it states an expected one. Two produced dates may
// state one expected date (an event and the sentence around it), and are
// then both right: the generator asks each event once whatever its words.
// A produced date may also be right by stating one of also (the dates of
// departures), which recall does not look for.
func matchDates(expected, got, also []facts.DateFact) Category {
	c := Category{Name: "dates", Expected: len(expected), Produced: len(got)}
	for _, e := range expected {
		if slices.ContainsFunc(got, func(g facts.DateFact) bool { return sameDate(e, g) }) {
			c.Found++
		} else {
			c.Missed = append(c.Missed, fmt.Sprintf("%s (%s)", e.Event, e.Date.String()))
		}
	}
	for _, g := range got {
		if slices.ContainsFunc(append(slices.Clone(expected), also...), func(e facts.DateFact) bool { return sameDate(e, g) }) {
			c.Right++
		} else {
			c.Unexpected = append(c.Unexpected, fmt.Sprintf("%s (%s)", g.Event, g.Date.String()))
		}
	}
	return c
}

// matchArticles matches charter articles by number, each once.
func matchArticles(expected, got []facts.Article) Category {
	c := Category{Name: "charter", Expected: len(expected), Produced: len(got)}
	for _, e := range expected {
		if slices.ContainsFunc(got, func(g facts.Article) bool { return g.Number == e.Number }) {
			c.Found++
		} else {
			c.Missed = append(c.Missed, fmt.Sprintf("Article %d", e.Number))
		}
	}
	seen := map[int]bool{}
	for _, g := range got {
		if !seen[g.Number] && slices.ContainsFunc(expected, func(e facts.Article) bool { return e.Number == g.Number }) {
			c.Right++
		} else {
			c.Unexpected = append(c.Unexpected, fmt.Sprintf("Article %d (%s)", g.Number, g.Subject))
		}
		seen[g.Number] = true
	}
	return c
}

// NotList is what an extraction of one article must not produce: for each
// category (see NotCategories) a list of names, or for dates a piece of an
// event's text, or for the charter an article ("Article 7") or a piece of
// its subject.
type NotList map[string][]string

// NotCategories are the categories a not-list may have.
var NotCategories = []string{"members", "non_members", "departed", "observers", "reactions", "dates", "people", "charter"}

// ParseNotList reads a not-list: a YAML mapping from categories to lists
// of texts.
func ParseNotList(data []byte) (NotList, error) {
	var doc yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&doc); err != nil {
		if err == io.EOF {
			return NotList{}, nil
		}
		return nil, fmt.Errorf("not-list: %w", err)
	}
	if len(doc.Content) == 0 || doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null" {
		return NotList{}, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("not-list: line %d: a not-list is a mapping from a category (%s) to a list of texts", root.Line, strings.Join(NotCategories, ", "))
	}
	out := NotList{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if !slices.Contains(NotCategories, k.Value) {
			return nil, fmt.Errorf("not-list: line %d: unknown category %q: write one of %s", k.Line, k.Value, strings.Join(NotCategories, ", "))
		}
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			continue
		}
		if v.Kind != yaml.SequenceNode {
			return nil, fmt.Errorf("not-list: line %d: %s is a list of texts, one per line starting with \"- \"", v.Line, k.Value)
		}
		for _, item := range v.Content {
			if item.Kind != yaml.ScalarNode || strings.TrimSpace(item.Value) == "" {
				return nil, fmt.Errorf("not-list: line %d: each entry of %s is a non-empty text", item.Line, k.Value)
			}
			out[k.Value] = append(out[k.Value], item.Value)
		}
	}
	return out, nil
}

// ReadNotList reads the not-list file at path.
func ReadNotList(path string) (NotList, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read not-list: %w", err)
	}
	n, err := ParseNotList(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}

// Junk is one fact an extraction produced that its not-list names.
type Junk struct {
	Category string // the not-list's category
	Fact     string // the fact as produced
	Entry    string // the not-list's entry it matches
}

// CheckJunk lists in the report every fact of got that the not-list names.
func (r *Report) CheckJunk(not NotList, got *facts.Sheet) {
	r.JunkChecked = true
	r.Junk = FindJunk(not, got)
}

// FindJunk lists every fact of got that the not-list names, in the order
// of NotCategories and of the sheet. A name matches when the fact goes by
// it, written alike but for case and accents (not by the country a capital
// stands for: "Riga" is junk among members where Latvia is not); a date matches when its event contains the entry, whatever the case; a
// charter article when the entry is its number ("Article 7", "7") or is
// part of its subject.
func FindJunk(not NotList, got *facts.Sheet) []Junk {
	m := got.Membership
	byName := map[string][]named{
		"members":     countryNames(m.Members),
		"non_members": countryNames(m.NonMembers),
		"departed":    departedNames(m.Departed),
		"observers":   countryNames(m.Observers),
		"reactions":   reactionNames(got.Reactions),
		"people":      personNames(got.People),
	}
	var out []Junk
	for _, cat := range NotCategories {
		for _, entry := range not[cat] {
			switch cat {
			case "dates":
				for _, d := range expectedDates(got) {
					if strings.Contains(strings.ToLower(d.Event), strings.ToLower(entry)) {
						out = append(out, Junk{cat, fmt.Sprintf("%s (%s)", d.Event, d.Date.String()), entry})
					}
				}
			case "charter":
				for _, a := range got.Charter.Articles {
					n := questions.Normalize(entry)
					if n == strconv.Itoa(a.Number) || n == questions.Normalize(fmt.Sprintf("Article %d", a.Number)) ||
						a.Subject != "" && strings.Contains(strings.ToLower(a.Subject), strings.ToLower(entry)) {
						out = append(out, Junk{cat, fmt.Sprintf("Article %d (%s)", a.Number, a.Subject), entry})
					}
				}
			default:
				// The entry is a name that must not appear, as written:
				// "Riga" among the members is junk, Latvia is not.
				for _, g := range byName[cat] {
					if slices.ContainsFunc(g.names, func(n string) bool { return questions.Normalize(n) == questions.Normalize(entry) }) {
						out = append(out, Junk{cat, g.label, entry})
					}
				}
			}
		}
	}
	return out
}

// Case is one article of a corpus, with the sheet of the facts expected of
// it and, where there is one, its not-list ("" when none).
type Case struct {
	Name    string // the article's path under the corpus, without extension
	Article string
	Facts   string
	Not     string
	// Problem, when not "", is why the case cannot be run: an article
	// without its sheet, or a sheet without its article.
	Problem string
}

// articleExts are the extensions an article of a corpus may have.
var articleExts = []string{".txt", ".md"}

// Corpus lists the articles under dir, in every folder below it, sorted by
// name: NAME.txt or NAME.md with NAME.facts.yaml and, where there is one,
// NAME.not.yaml. A README is not an article.
func Corpus(dir string) ([]Case, error) {
	byName := map[string]*Case{}
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "fuzz") {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		var name, kind string
		switch {
		case strings.HasSuffix(rel, ".facts.yaml"):
			name, kind = strings.TrimSuffix(rel, ".facts.yaml"), "facts"
		case strings.HasSuffix(rel, ".not.yaml"):
			name, kind = strings.TrimSuffix(rel, ".not.yaml"), "not"
		case strings.EqualFold(strings.TrimSuffix(d.Name(), filepath.Ext(d.Name())), "readme"):
			return nil // what the corpus is, not an article of it
		case slices.Contains(articleExts, filepath.Ext(rel)):
			name, kind = strings.TrimSuffix(rel, filepath.Ext(rel)), "article"
		default:
			return nil
		}
		c := byName[name]
		if c == nil {
			c = &Case{Name: filepath.ToSlash(name)}
			byName[name] = c
		}
		switch kind {
		case "facts":
			c.Facts = path
		case "not":
			c.Not = path
		default:
			if c.Article != "" {
				c.Problem = fmt.Sprintf("both %s and %s are there: keep one article per name", c.Article, path)
			}
			c.Article = path
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("corpus %s: %w", dir, err)
	}
	var out []Case
	for _, c := range byName {
		switch {
		case c.Problem != "":
		case c.Article == "":
			c.Problem = fmt.Sprintf("%s has no article beside it (%s.txt or %s.md)", orNot(c.Facts, c.Not), c.Name, c.Name)
		case c.Facts == "":
			c.Problem = fmt.Sprintf("%s has no fact sheet beside it (%s.facts.yaml)", c.Article, c.Name)
		}
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	if len(out) == 0 {
		return nil, fmt.Errorf("corpus %s holds no article (NAME.txt or NAME.md with NAME.facts.yaml)", dir)
	}
	return out, nil
}

func orNot(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// NotListBeside is the not-list beside a fact sheet NAME.facts.yaml,
// NAME.not.yaml, or "" when there is none.
func NotListBeside(factsPath string) string {
	if !strings.HasSuffix(factsPath, ".facts.yaml") {
		return ""
	}
	p := strings.TrimSuffix(factsPath, ".facts.yaml") + ".not.yaml"
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}
