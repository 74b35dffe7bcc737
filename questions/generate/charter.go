package generate

import (
	"fmt"
	"slices"
	"strconv"

	"quizd/questions"
	"quizd/questions/facts"
)

const topicCharter = questions.TopicCharter

func (g *gen) charter() {
	arts := g.sheet.Charter.Articles
	if len(arts) == 0 {
		return
	}
	doc := g.sheet.Charter.Document
	if doc == "" {
		doc = "the charter"
	} else {
		doc = "the " + doc
	}
	numbers := make([]int, len(arts))
	for i, a := range arts {
		numbers[i] = a.Number
	}
	for i, a := range arts {
		g.article(doc, a, i, arts, numbers)
	}
	var pairs []questions.Pair
	var refs []string
	for _, a := range arts {
		pairs = append(pairs, questions.Pair{Left: articleName(a.Number), Right: a.Subject})
		refs = append(refs, a.Source)
	}
	g.matchings(matchSet{key: "charter", variant: "match-%d", topic: topicCharter,
		prompt: fmt.Sprintf("Match each article of %s to what it is about.", doc), pairs: pairs, refs: refs})
}

func articleName(n int) string { return "Article " + strconv.Itoa(n) }

func (g *gen) article(doc string, a facts.Article, i int, arts []facts.Article, numbers []int) {
	key := fmt.Sprintf("article/%d", a.Number)
	f := g.newFact(key, a.Weight)
	name := articleName(a.Number)
	fact := fmt.Sprintf("%s of %s %s.", name, doc, a.Provides)
	q := questions.Question{Topic: topicCharter, SourceRef: sourceRef(a.Source, fact), Explanation: withStop(a.Explanation)}

	mc := q
	mc.Prompt = fmt.Sprintf("Which article of %s deals with %s?", doc, a.Subject)
	mc.Answer = name
	mc.Explanation = joinSentences(fact, a.Explanation)
	f.choice("mc-number", mc, []string{name}, articleDistractors(a.Number, numbers))

	fc := q
	fc.Type = questions.Flashcard
	fc.Prompt = fmt.Sprintf("What does %s of %s provide?", name, doc)
	fc.Answer = withStop(sentence("it " + a.Provides))
	f.ask("flashcard", fc)

	falsehood := ""
	if len(arts) > 1 {
		other := arts[(i+1)%len(arts)]
		falsehood = fmt.Sprintf("%s of %s deals with %s.", name, doc, other.Subject)
	}
	f.statement("tf", fmt.Sprintf("%s of %s deals with %s.", name, doc, a.Subject), "tf-false", falsehood, q)

	sa := q
	sa.Type = questions.ShortAnswer
	sa.Prompt = fmt.Sprintf("What is the number of the article of %s on %s?", doc, a.Subject)
	sa.Answer, sa.Accept = strconv.Itoa(a.Number), []string{name}
	f.ask("short-number", sa)
	f.done()

	for j, p := range a.Points {
		_, plain := facts.Terms(p)
		pf := g.newFact(fmt.Sprintf("%s/point-%d", key, j+1), 2)
		pq := q
		pq.Explanation = ""
		pf.clozes(fmt.Sprintf("Under %s of %s: %s", name, doc, lowerFirst(p)), "", pq)
		if len(pf.cands) == 0 {
			// A point with no term to blank is asked as a statement.
			pf.spareStatement("tf", fmt.Sprintf("Under %s of %s: %s", name, doc, lowerFirst(plain)), pq)
		}
		pf.done()
	}
}

// articleDistractors gives other article names: the sheet's other articles,
// then the numbers nearest to n.
func articleDistractors(n int, numbers []int) []string {
	var out []string
	for _, m := range numbers {
		if m != n {
			out = append(out, articleName(m))
		}
	}
	for _, d := range []int{1, -1, 2, -2, 3, 4} {
		if m := n + d; m > 0 && !slices.Contains(numbers, m) {
			out = append(out, articleName(m))
		}
	}
	return out
}
