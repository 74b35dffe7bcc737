// Package generate turns a fact sheet into a question bank: each fact gives
// several questions of different types, with distractors drawn from facts of
// the same kind. The output depends on the sheet alone: the same sheet always
// gives the same bank, question for question.
package generate

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
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

// ErrNoQuestions means no fact of the sheet gave a question: the sheet, or
// the article it was read from, is at fault, not the generator.
var ErrNoQuestions = errors.New("no fact of it gives a question")

// Bank generates the question bank of a fact sheet. It fails when the sheet
// gives no questions, or gives a bank that does not validate.
func Bank(s *facts.Sheet) (*questions.Bank, error) {
	b, _, err := BankWithNotes(s)
	return b, err
}

// BankWithNotes generates the question bank of a fact sheet, and says
// which facts of the sheet it made no questions of and why, one sentence
// each: a fact stated twice, a count of members too small to trust, a
// reaction of no one who can react.
func BankWithNotes(s *facts.Sheet) (*questions.Bank, []string, error) {
	g := build(s)
	if len(g.bank.Questions) == 0 {
		why := ""
		if len(g.dropped) > 0 {
			why = " (" + strings.Join(g.dropped, " ") + ")"
		}
		return nil, g.dropped, fmt.Errorf("generate: the fact sheet %q gives no questions: %w%s; add the facts a question can be made of (members, dates, charter articles, reactions, people)", s.Title, ErrNoQuestions, why)
	}
	if err := g.bank.Validate(); err != nil {
		return nil, g.dropped, fmt.Errorf("generate: %w", err)
	}
	g.bank.Stamp()
	return g.bank, g.dropped, nil
}

// build makes every question of the sheet.
func build(s *facts.Sheet) *gen {
	s, dropped := clean(s)
	slug := s.Slug
	if slug == "" {
		slug = questions.Slugify(s.Title)
	}
	if slug == "" {
		slug = "bank"
	}
	g := &gen{
		sheet:   s,
		slug:    slug,
		bank:    &questions.Bank{Slug: slug, Title: s.Title, Source: s.Source},
		seen:    map[string]bool{},
		prompts: map[string]bool{},
		ids:     map[string]bool{},
		tfSpare: map[int]bool{},
		perFact: map[string]int{},
		weights: map[string]int{},
		filled:  map[string]bool{},
		told:    map[string]bool{},
		org:     orgName(s.Membership),
		dropped: dropped,
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
	g.claims()
	g.balanceTrueFalse()
	return g
}

type gen struct {
	sheet *facts.Sheet
	slug  string
	bank  *questions.Bank
	seen  map[string]bool // what makes a question the same: type, prompt, options
	// prompts holds every prompt asked so far, whatever its type: no two
	// questions of a bank ask in the same words.
	prompts map[string]bool
	ids     map[string]bool
	org     string // how questions name the organisation: "the CSTO"
	// tfIndex remembers the true/false questions in the order they were made,
	// and tfSpare those that repeat what other questions ask, for balancing.
	tfIndex []int
	tfSpare map[int]bool
	trues   int // true statements kept so far, less false ones
	// perFact counts the questions kept of each fact, and weights is the
	// most each may have: the tests hold the one to the other.
	perFact map[string]int
	weights map[string]int
	// filled holds every cloze's sentence with its blank filled, and told
	// every true statement: a statement that is a cloze's sentence would
	// give its blank away.
	filled, told map[string]bool
	// dropped says, a sentence each, what of the sheet was not asked and
	// why.
	dropped []string
}

// fact gathers the candidate questions of one fact, best first. Only the
// first few that are fit to ask are kept (its weight), so that no fact is
// asked over and over.
type fact struct {
	g      *gen
	key    string
	weight int
	cands  []cand
}

type cand struct {
	variant string
	q       questions.Question
	// alt is the false twin of a true statement: whichever of the two keeps
	// the bank's true and false statements balanced is asked.
	alt   *cand
	spare bool
	// idKey, where set, is the key the question's ID is made from instead
	// of the fact's: a question moved between facts keeps its ID.
	idKey string
}

// newFact starts the questions of the fact key; weight 0 is the default.
func (g *gen) newFact(key string, weight int) *fact {
	if weight <= 0 {
		weight = facts.DefaultWeight
	}
	g.weights[key] = weight
	return &fact{g: g, key: key, weight: weight}
}

// ask adds a candidate question.
func (f *fact) ask(variant string, q questions.Question) {
	f.cands = append(f.cands, cand{variant: variant, q: q})
}

// askAs adds a candidate whose ID is made from idKey.
func (f *fact) askAs(idKey, variant string, q questions.Question) {
	f.cands = append(f.cands, cand{variant: variant, q: q, idKey: idKey})
}

// choice adds a multiple-choice candidate with the answer and up to three
// distractors that are neither right answers nor repeats. It adds nothing
// when fewer than two distractors are left: a question of two options is a
// coin toss.
func (f *fact) choice(variant string, q questions.Question, right []string, distractors []string) {
	wrong := pickDistinct(distractors, right, choicesPerQuestion-1)
	if len(wrong) < 2 {
		return
	}
	q.Type = questions.MultipleChoice
	q.Accept = nil // a choice is picked, not typed
	q.Choices = append([]string{q.Answer}, wrong...)
	shuffle(questions.MakeID(f.g.slug, f.key, variant), q.Choices)
	f.ask(variant, q)
}

// statement adds a true statement to judge and, where there is one, its
// false twin; only one of the two is asked.
func (f *fact) statement(variant, truth string, falseVariant, falsehood string, q questions.Question) {
	t := tfQuestion(truth, true, q)
	c := cand{variant: variant, q: t}
	if falsehood != "" {
		fq := tfQuestion(falsehood, false, q)
		if truth != "" {
			// Judged false, the statement is corrected by the true one.
			fq.Explanation = joinSentences(withStop(truth), q.Explanation)
		}
		alt := cand{variant: falseVariant, q: fq}
		if truth == "" {
			f.cands = append(f.cands, alt)
			return
		}
		c.alt = &alt
	}
	if truth != "" {
		f.cands = append(f.cands, c)
	}
}

// spareStatement adds a true statement that balancing may drop first.
func (f *fact) spareStatement(variant, truth string, q questions.Question) {
	f.cands = append(f.cands, cand{variant: variant, q: tfQuestion(truth, true, q), spare: true})
}

func tfQuestion(statement string, truth bool, q questions.Question) questions.Question {
	q.Type = questions.TrueFalse
	q.Prompt = withStop(statement)
	q.Answer = fmt.Sprint(truth)
	q.Accept, q.Choices, q.Answers = nil, nil, nil
	return q
}

// done keeps the first candidates fit to ask, up to the fact's weight.
func (f *fact) done() {
	kept := 0
	for _, c := range f.cands {
		if kept == f.weight {
			return
		}
		if c.alt != nil && (f.g.trues > 0 || !f.g.fits(f.key, &c)) && f.g.fits(f.key, c.alt) {
			c = *c.alt
		}
		if f.g.add(f.key, c) {
			kept++
			f.g.perFact[f.key]++
		}
	}
}

// fits reports whether a candidate could be added.
func (g *gen) fits(key string, c *cand) bool {
	q := c.q
	q.Prompt = sentence(q.Prompt)
	if g.seen[signature(&q)] || g.prompts[questions.Normalize(q.Prompt)] {
		return false
	}
	switch {
	case q.Type == questions.TrueFalse && q.Answer == "true":
		return !g.filled[questions.Normalize(q.Prompt)]
	case q.Type == questions.Cloze:
		return !g.told[questions.Normalize(filledCloze(&q))]
	}
	return true
}

// filledCloze is a cloze's sentence with its answer in the blank.
func filledCloze(q *questions.Question) string {
	return strings.Replace(q.Prompt, questions.Blank, q.Answer, 1)
}

// add gives the candidate its stable ID from the fact key and the variant,
// and adds it unless the same question, or the same prompt, is there.
func (g *gen) add(key string, c cand) bool {
	q := c.q
	if c.idKey != "" {
		key = c.idKey
	}
	q.ID = questions.MakeID(g.slug, key, c.variant)
	for n := 2; g.ids[q.ID]; n++ {
		// Two facts with one key (an extractor may give two events the
		// same words): the second keeps an ID of its own.
		q.ID = questions.MakeID(g.slug, fmt.Sprintf("%s#%d", key, n), c.variant)
	}
	q.Prompt = sentence(q.Prompt)
	if strings.TrimSpace(q.Prompt) == "" || strings.TrimSpace(q.Answer) == "" {
		return false
	}
	if !g.fits(key, &c) {
		return false
	}
	g.seen[signature(&q)] = true
	g.prompts[questions.Normalize(q.Prompt)] = true
	switch {
	case q.Type == questions.TrueFalse && q.Answer == "true":
		g.told[questions.Normalize(q.Prompt)] = true
	case q.Type == questions.Cloze:
		g.filled[questions.Normalize(filledCloze(&q))] = true
	}
	g.ids[q.ID] = true
	if q.Type == questions.TrueFalse {
		g.tfIndex = append(g.tfIndex, len(g.bank.Questions))
		if c.spare {
			g.tfSpare[len(g.bank.Questions)] = true
		}
		if q.Answer == "true" {
			g.trues++
		} else {
			g.trues--
		}
	}
	g.bank.Questions = append(g.bank.Questions, q)
	return true
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

// clozes adds one fill-the-blank candidate for each [[term]] of a
// statement; a blank that is the whole answer accepts every answer the
// fact accepts, as its short-answer twin does.
func (f *fact) clozes(statement, answer string, q questions.Question) {
	terms, _ := facts.Terms(statement)
	for i, term := range terms {
		c := q
		c.Type = questions.Cloze
		c.Prompt = blankTerm(statement, i)
		c.Answer = term
		c.Accept = append(acceptFor(term, answer, q.Accept), facts.TermAlternatives(statement, i)...)
		f.ask(fmt.Sprintf("cloze-%d", i+1), c)
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
			term, _, _ := strings.Cut(statement[open+2:end], "|")
			b.WriteString(term)
		}
		statement = statement[end+2:]
	}
}

// acceptFor keeps the alternatives that fit a term: all of them when the
// term is the answer itself, else those that contain it (a cloze blank is
// one word of a longer answer, so the answer's aliases rarely fit).
func acceptFor(term, answer string, accept []string) []string {
	var out []string
	whole := questions.Normalize(term) == questions.Normalize(answer)
	for _, a := range accept {
		if whole || strings.Contains(questions.Normalize(a), questions.Normalize(term)) && len(strings.Fields(a)) <= len(strings.Fields(term))+1 {
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

// joinSentences joins the non-empty sentences of parts.
func joinSentences(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, withStop(sentence(p)))
		}
	}
	return strings.Join(out, " ")
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
