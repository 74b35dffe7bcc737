// Package generate turns a fact sheet into a question bank: each fact gives
// several questions of different types, with distractors drawn from facts of
// the same kind. The output depends on the sheet alone: the same sheet always
// gives the same bank, question for question.
package generate

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"quizd/questions"
	"quizd/questions/facts"
)

// choicesPerQuestion is how many choices a multiple-choice question shows
// when the sheet has enough distractors.
const choicesPerQuestion = 4

// Bank generates the question bank of a fact sheet. It fails when the sheet
// gives no questions, or gives a bank that does not validate.
func Bank(s *facts.Sheet) (*questions.Bank, error) {
	slug := s.Slug
	if slug == "" {
		slug = questions.Slugify(s.Title)
	}
	g := &gen{
		sheet:   s,
		slug:    slug,
		bank:    &questions.Bank{Slug: slug, Title: s.Title, Source: s.Source},
		seen:    map[string]bool{},
		tfSpare: map[int]bool{},
		org:     orgName(s.Membership),
	}
	if g.bank.Source.Title == "" {
		g.bank.Source.Title = s.Title
	}
	g.membership()
	g.dates()
	g.charter()
	g.reactions()
	g.people()
	g.notes()
	g.balanceTrueFalse()
	if len(g.bank.Questions) == 0 {
		return nil, fmt.Errorf("generate: the fact sheet %q gives no questions", s.Title)
	}
	if err := g.bank.Validate(); err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	g.bank.Stamp()
	return g.bank, nil
}

type gen struct {
	sheet *facts.Sheet
	slug  string
	bank  *questions.Bank
	seen  map[string]bool // what makes a question the same: type, prompt, options
	org   string          // how questions name the organisation: "the CSTO"
	// tfIndex remembers the true/false questions in the order they were made,
	// and tfSpare those that repeat what other questions ask, for balancing.
	tfIndex []int
	tfSpare map[int]bool
}

// add gives q its stable ID from the fact key and the variant, and adds it
// unless an identical question is already there.
func (g *gen) add(key, variant string, q questions.Question) {
	g.addTF(key, variant, q, false)
}

func (g *gen) addTF(key, variant string, q questions.Question, spare bool) {
	q.ID = questions.MakeID(g.slug, key, variant)
	q.Prompt = sentence(q.Prompt)
	sig := signature(&q)
	if g.seen[sig] {
		return
	}
	g.seen[sig] = true
	if q.Type == questions.TrueFalse {
		g.tfIndex = append(g.tfIndex, len(g.bank.Questions))
		if spare {
			g.tfSpare[len(g.bank.Questions)] = true
		}
	}
	g.bank.Questions = append(g.bank.Questions, q)
}

// signature is what a student sees of a question: two questions with the
// same signature are the same question.
func signature(q *questions.Question) string {
	parts := []string{string(q.Type), questions.Normalize(q.Prompt)}
	for _, list := range [][]string{sorted(q.Choices), sorted(q.Items)} {
		parts = append(parts, strings.Join(list, "|"))
	}
	for _, p := range q.Pairs {
		parts = append(parts, questions.Normalize(p.Left)+"="+questions.Normalize(p.Right))
	}
	return strings.Join(parts, "\x1f")
}

func sorted(xs []string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = questions.Normalize(x)
	}
	slices.Sort(out)
	return out
}

// multipleChoice adds a multiple-choice question with the answer and up to
// three distractors, dropping any distractor that is also a right answer or
// repeats another. It adds nothing when no distractor is left.
func (g *gen) multipleChoice(key, variant string, q questions.Question, right []string, distractors []string) {
	wrong := pickDistinct(distractors, right, choicesPerQuestion-1)
	if len(wrong) == 0 {
		return
	}
	q.Type = questions.MultipleChoice
	q.Accept = nil // a choice is picked, not typed
	q.Choices = append([]string{q.Answer}, wrong...)
	shuffle(questions.MakeID(g.slug, key, variant), q.Choices)
	g.add(key, variant, q)
}

// pickDistinct returns up to n candidates, in order, that are neither one of
// the right answers nor a repeat of an earlier candidate.
func pickDistinct(candidates, right []string, n int) []string {
	taken := map[string]bool{}
	for _, r := range right {
		taken[questions.Normalize(r)] = true
	}
	var out []string
	for _, c := range candidates {
		k := questions.Normalize(c)
		if k == "" || taken[k] {
			continue
		}
		taken[k] = true
		out = append(out, c)
		if len(out) == n {
			break
		}
	}
	return out
}

// trueFalse adds a statement to judge.
func (g *gen) trueFalse(key, variant, statement string, truth bool, q questions.Question) {
	g.statement(key, variant, statement, truth, q, false)
}

// spareTrueFalse adds a statement that repeats what other questions about
// the fact ask; balancing drops these first.
func (g *gen) spareTrueFalse(key, variant, statement string, truth bool, q questions.Question) {
	g.statement(key, variant, statement, truth, q, true)
}

func (g *gen) statement(key, variant, statement string, truth bool, q questions.Question, spare bool) {
	q.Type = questions.TrueFalse
	q.Prompt = statement
	q.Answer = fmt.Sprint(truth)
	g.addTF(key, variant, q, spare)
}

// clozes adds one fill-the-blank question for each [[term]] of a statement.
func (g *gen) clozes(key, statement string, q questions.Question) {
	terms, _ := facts.Terms(statement)
	for i, term := range terms {
		prompt := blankTerm(statement, i)
		c := q
		c.Type = questions.Cloze
		c.Prompt = prompt
		c.Answer = term
		c.Accept = acceptFor(term, q.Accept)
		g.add(key, fmt.Sprintf("cloze-%d", i+1), c)
	}
}

// blankTerm returns the statement with its n-th [[term]] blanked out and
// the other markers removed.
func blankTerm(statement string, n int) string {
	var b strings.Builder
	for i := 0; ; i++ {
		open := strings.Index(statement, "[[")
		if open < 0 {
			b.WriteString(statement)
			return b.String()
		}
		end := strings.Index(statement[open:], "]]") + open
		b.WriteString(statement[:open])
		if i == n {
			b.WriteString(questions.Blank)
		} else {
			b.WriteString(statement[open+2 : end])
		}
		statement = statement[end+2:]
	}
}

// acceptFor keeps the alternatives that fit a term (a cloze blank is one word
// of a longer answer, so the answer's aliases rarely fit).
func acceptFor(term string, accept []string) []string {
	var out []string
	for _, a := range accept {
		if strings.Contains(questions.Normalize(a), questions.Normalize(term)) && len(strings.Fields(a)) <= len(strings.Fields(term))+1 {
			out = append(out, a)
		}
	}
	if d, err := questions.ParseDate(term); err == nil && len(d) == 1 && d[0].Year != 0 {
		out = append(out, d[0].Forms()...)
	}
	return out
}

// balanceTrueFalse removes true/false questions of whichever kind
// outnumbers the other, spare ones first and the most recent first, so
// that as many statements are true as are false.
func (g *gen) balanceTrueFalse() {
	var trues, falses []int
	for _, i := range g.tfIndex {
		if g.bank.Questions[i].Answer == "true" {
			trues = append(trues, i)
		} else {
			falses = append(falses, i)
		}
	}
	major, excess := trues, len(trues)-len(falses)
	if excess < 0 {
		major, excess = falses, -excess
	}
	// Spare statements go first, then the others, each from the last made.
	byPriority := slices.Clone(major)
	slices.Reverse(byPriority)
	slices.SortStableFunc(byPriority, func(a, b int) int {
		switch {
		case g.tfSpare[a] == g.tfSpare[b]:
			return 0
		case g.tfSpare[a]:
			return -1
		}
		return 1
	})
	gone := map[int]bool{}
	for _, i := range byPriority[:excess] {
		gone[i] = true
	}
	kept := g.bank.Questions[:0]
	for i, q := range g.bank.Questions {
		if !gone[i] {
			kept = append(kept, q)
		}
	}
	g.bank.Questions = kept
}

// spell writes small whole numbers in words, as prose does.
func spell(n int) string {
	words := []string{"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"}
	if n >= 0 && n < len(words) {
		return words[n]
	}
	return strconv.Itoa(n)
}

// shuffle puts xs in an order that depends only on seed.
func shuffle(seed string, xs []string) {
	h := sha256.Sum256([]byte(seed))
	r := rand.New(rand.NewPCG(binary.LittleEndian.Uint64(h[:8]), binary.LittleEndian.Uint64(h[8:16])))
	r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
}

// rotate returns xs starting at position i (mod len), so that neighbouring
// questions draw different distractors from one pool.
func rotate[T any](xs []T, i int) []T {
	if len(xs) == 0 {
		return nil
	}
	i %= len(xs)
	return append(slices.Clone(xs[i:]), xs[:i]...)
}

// sentence makes s start with a capital letter.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	r, size := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError || unicode.IsUpper(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}

// withStop ends s with a full stop unless it ends with punctuation already.
func withStop(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?\"”") {
		return s
	}
	return s + "."
}

// orgName is how questions name the organisation: "the CSTO", or "the
// organisation" when the sheet has none.
func orgName(m facts.Membership) string {
	switch {
	case m.Abbreviation != "":
		return "the " + m.Abbreviation
	case m.Organisation != "":
		if strings.HasPrefix(strings.ToLower(m.Organisation), "the ") {
			return m.Organisation
		}
		return "the " + m.Organisation
	}
	return "the organisation"
}

// sources joins the distinct source references of several facts.
func sources(refs ...string) string {
	var out []string
	for _, r := range refs {
		if r != "" && !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return strings.Join(out, "; ")
}

// sourceRef names where a fact comes from: the source's locator or
// sentence, else the fact itself.
func sourceRef(ref, fact string) string {
	if ref != "" {
		return ref
	}
	return withStop(fact)
}
