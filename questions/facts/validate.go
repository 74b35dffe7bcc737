package facts

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"quizd/questions"
)

// checker collects problems with the line of the YAML node they are in.
type checker struct{ es Errors }

func (c *checker) add(n *yaml.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	c.es = append(c.es, Error{Line: line, Msg: fmt.Sprintf(format, args...)})
}

// need reports an empty required field of the item at node n.
func (c *checker) need(n *yaml.Node, what, field, value string) {
	if strings.TrimSpace(value) == "" {
		c.add(n, "%s: %s is missing", what, field)
	}
}

// child returns the value node of key in mapping n, or n itself when the key
// is absent (so that a problem is reported at the item's line).
func child(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return n
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return n
}

// item returns the i-th element of sequence n, or n.
func item(n *yaml.Node, i int) *yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode || i >= len(n.Content) {
		return n
	}
	return n.Content[i]
}

func (s *Sheet) validate(root *yaml.Node) Errors {
	c := &checker{}
	c.need(child(root, "title"), "sheet", "title", s.Title)
	if s.Slug != "" && questions.Slugify(s.Slug) != s.Slug {
		c.add(child(root, "slug"), "slug %q: use lower-case letters, digits and single dashes", s.Slug)
	}
	total := 0
	for _, n := range s.Count() {
		total += n
	}
	if total == 0 {
		c.add(root, "the sheet has no facts: add membership, dates, charter, reactions, people or notes")
	}
	s.Membership.validate(c, child(root, "membership"))
	names := map[string]bool{}
	dates := child(root, "dates")
	for i, d := range s.Dates {
		n := item(dates, i)
		c.need(n, "date", "event", d.Event)
		if d.Date.Precision == 0 {
			c.add(n, "date of %q is missing", d.Event)
		}
		key := questions.Normalize(d.Event)
		if names[key] && key != "" {
			c.add(n, "event %q is listed twice", d.Event)
		}
		names[key] = true
	}
	arts := child(child(root, "charter"), "articles")
	numbers := map[int]bool{}
	for i, a := range s.Charter.Articles {
		n := item(arts, i)
		if a.Number <= 0 {
			c.add(n, "article number must be a positive whole number")
		}
		if numbers[a.Number] {
			c.add(n, "article %d is listed twice", a.Number)
		}
		numbers[a.Number] = true
		c.need(n, fmt.Sprintf("article %d", a.Number), "subject", a.Subject)
		c.need(n, fmt.Sprintf("article %d", a.Number), "provides", a.Provides)
		for j, p := range a.Points {
			checkTerms(c, item(child(n, "points"), j), p)
		}
	}
	reactions := child(root, "reactions")
	for i, r := range s.Reactions {
		n := item(reactions, i)
		c.need(n, "reaction", "who", r.Who)
		c.need(n, "reaction of "+r.Who, "gist", r.Gist)
		if r.Stance != "" && !s.knownStance(r.Stance) {
			c.add(child(n, "stance"), "reaction of %s: unknown stance %q (known: %s)", r.Who, r.Stance, s.stanceList())
		}
	}
	stances := child(root, "stances")
	seenStance := map[Stance]bool{}
	for i, d := range s.Stances {
		n := item(stances, i)
		c.need(n, "stance", "key", string(d.Key))
		c.need(n, "stance "+string(d.Key), "label", d.Label)
		if seenStance[d.Key] {
			c.add(n, "stance %q is listed twice", d.Key)
		}
		seenStance[d.Key] = true
	}
	if len(s.Stances) == 1 {
		c.add(stances, "a sheet's own stances need at least two categories, or none")
	}
	claims := child(root, "claims")
	claimKeys := map[string]bool{}
	for i, cl := range s.Claims {
		n := item(claims, i)
		if cl.Topic == "" {
			c.add(n, "claim: topic is missing (%s)", strings.Join(questions.ArticleTopics, ", "))
		}
		c.need(n, "claim", "question", cl.Question)
		c.need(n, "claim", "answer", cl.Answer)
		for _, d := range cl.Distractors {
			if questions.Normalize(d) == questions.Normalize(cl.Answer) {
				c.add(child(n, "distractors"), "claim distractor %q is also the answer", d)
			}
		}
		if k := questions.Slugify(cl.Key + " " + cl.Question); claimKeys[k] {
			c.add(n, "claim %q is listed twice", cl.Question)
		} else {
			claimKeys[k] = true
		}
	}
	checkWeights(c, root, s)
	people := child(root, "people")
	for i, p := range s.People {
		n := item(people, i)
		c.need(n, "person", "name", p.Name)
		c.need(n, "person "+p.Name, "role", p.Role)
		if p.Office != "" && !strings.Contains(questions.Fold(p.Role), questions.Fold(p.Office)) {
			c.add(child(n, "office"), "person %s: office %q is not part of the role %q", p.Name, p.Office, p.Role)
		}
	}
	notes := child(root, "notes")
	for i, note := range s.Notes {
		n := item(notes, i)
		if note.Topic == "" {
			c.add(n, "note: topic is missing (%s)", strings.Join(questions.ArticleTopics, ", "))
		}
		c.need(n, "note", "question", note.Question)
		c.need(n, "note", "answer", note.Answer)
		checkTerms(c, child(n, "statement"), note.Statement)
		right := append([]string{note.Answer}, note.Accept...)
		for _, d := range note.Distractors {
			for _, a := range right {
				if questions.Normalize(d) == questions.Normalize(a) {
					c.add(child(n, "distractors"), "distractor %q is also a right answer", d)
				}
			}
		}
	}
	return capped(c.es)
}

func (m *Membership) validate(c *checker, n *yaml.Node) {
	if len(m.Members)+len(m.Observers)+len(m.Departed)+len(m.NonMembers) > 0 || m.Founded != nil {
		c.need(n, "membership", "organisation", m.Organisation)
	}
	seen := map[string]string{}
	check := func(list string, i int, name string) {
		at := item(child(n, list), i)
		if strings.TrimSpace(name) == "" {
			c.add(at, "%s: name is missing", list)
			return
		}
		key := questions.Normalize(name)
		if list == "departed" && m.Departed[i].Status == Frozen && seen[key] == "members" {
			return // a member that froze its participation is still a member
		}
		if prev, dup := seen[key]; dup {
			c.add(at, "%s is listed twice (in %s and %s)", name, prev, list)
		}
		seen[key] = list
	}
	for i, x := range m.Members {
		check("members", i, x.Name)
	}
	for i, x := range m.Observers {
		check("observers", i, x.Name)
	}
	for i, x := range m.Departed {
		check("departed", i, x.Name)
		if x.Status == "" {
			c.add(item(child(n, "departed"), i), "departed %s: status is missing (frozen or left)", x.Name)
		}
	}
	for i, x := range m.NonMembers {
		check("non_members", i, x.Name)
	}
	switch {
	case m.Count < 0 || m.Count > 1000:
		c.add(child(n, "count"), "membership: count %d is not a number of members (0 to 1000)", m.Count)
	case m.Count > 0 && m.Count < len(m.Members):
		c.add(child(n, "count"), "membership: count %d is fewer than the %d members listed: correct the count or the list", m.Count, len(m.Members))
	}
}

// TermAlternatives returns the other right answers of the n-th [[term]] of
// a text: those after its bars.
func TermAlternatives(text string, n int) []string {
	for k := 0; ; k++ {
		i := strings.Index(text, "[[")
		j := strings.Index(text, "]]")
		if i < 0 || j < i {
			return nil
		}
		if k == n {
			parts := strings.Split(text[i+2:j], "|")
			var out []string
			for _, p := range parts[1:] {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
			return out
		}
		text = text[j+2:]
	}
}

// knownStance reports whether st is one of the sheet's stances, or of the
// built-in ones when the sheet has none.
func (s *Sheet) knownStance(st Stance) bool {
	if len(s.Stances) == 0 {
		return slices.Contains(Stances, st)
	}
	for _, d := range s.Stances {
		if d.Key == st {
			return true
		}
	}
	return false
}

func (s *Sheet) stanceList() string {
	if len(s.Stances) == 0 {
		return "support, condemn, neutral, evasive"
	}
	var keys []string
	for _, d := range s.Stances {
		keys = append(keys, string(d.Key))
	}
	return strings.Join(keys, ", ")
}

// checkWeights reports a weight below zero: zero means the default.
func checkWeights(c *checker, root *yaml.Node, s *Sheet) {
	check := func(section string, weights []int) {
		for i, w := range weights {
			if w < 0 {
				c.add(child(item(child(root, section), i), "weight"), "weight %d: give the most questions this fact may make (1 or more), or leave it out for %d", w, DefaultWeight)
			}
		}
	}
	var ws []int
	for _, d := range s.Dates {
		ws = append(ws, d.Weight)
	}
	check("dates", ws)
	ws = nil
	for _, r := range s.Reactions {
		ws = append(ws, r.Weight)
	}
	check("reactions", ws)
	ws = nil
	for _, n := range s.Notes {
		ws = append(ws, n.Weight)
	}
	check("notes", ws)
	ws = nil
	for _, cl := range s.Claims {
		ws = append(ws, cl.Weight)
	}
	check("claims", ws)
}

// checkTerms reports an unclosed or empty [[term]] marker.
func checkTerms(c *checker, n *yaml.Node, text string) {
	open := strings.Count(text, "[[")
	if open != strings.Count(text, "]]") {
		c.add(n, "a [[term]] marker is not closed in %q", text)
		return
	}
	if strings.Contains(text, "[[]]") {
		c.add(n, "an empty [[ ]] marker in %q", text)
	}
}

// Terms returns the [[marked]] terms of a text and the text without the
// brackets. A term may list other right answers after bars,
// "[[defence|defense]]": the term is the first, and the text shows it.
func Terms(text string) (terms []string, plain string) {
	var b strings.Builder
	for {
		i := strings.Index(text, "[[")
		j := strings.Index(text, "]]")
		if i < 0 || j < i {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:i])
		term, _, _ := strings.Cut(text[i+2:j], "|")
		b.WriteString(term)
		terms = append(terms, term)
		text = text[j+2:]
	}
	return terms, b.String()
}
