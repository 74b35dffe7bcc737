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
	g.matchings("charter", "match-%d", topicCharter, fmt.Sprintf("Match each article of %s to what it is about.", doc), pairs, refs)
}

func articleName(n int) string { return "Article " + strconv.Itoa(n) }

func (g *gen) article(doc string, a facts.Article, i int, arts []facts.Article, numbers []int) {
	key := fmt.Sprintf("article/%d", a.Number)
	name := articleName(a.Number)
	fact := fmt.Sprintf("%s of %s %s.", name, doc, a.Provides)
	q := questions.Question{Topic: topicCharter, SourceRef: sourceRef(a.Source, fact), Explanation: fact}

	mc := q
	mc.Prompt = fmt.Sprintf("Which article of %s deals with %s?", doc, a.Subject)
	mc.Answer = name
	g.multipleChoice(key, "mc-number", mc, []string{name}, articleDistractors(a.Number, numbers))

	sa := q
	sa.Type = questions.ShortAnswer
	sa.Prompt = fmt.Sprintf("What is the number of the article of %s on %s?", doc, a.Subject)
	sa.Answer, sa.Accept = strconv.Itoa(a.Number), []string{name}
	g.add(key, "short-number", sa)

	fc := q
	fc.Type = questions.Flashcard
	fc.Prompt = fmt.Sprintf("What does %s of %s provide?", name, doc)
	fc.Answer = withStop(sentence(a.Provides))
	g.add(key, "flashcard", fc)

	var others []string
	for _, o := range arts {
		if o.Number != a.Number {
			others = append(others, sentence(o.Provides))
		}
	}
	what := q
	what.Prompt = fmt.Sprintf("What does %s of %s provide?", name, doc)
	what.Answer = sentence(a.Provides)
	g.multipleChoice(key, "mc-provides", what, []string{what.Answer}, others)

	g.trueFalse(key, "tf", fmt.Sprintf("%s of %s deals with %s.", name, doc, a.Subject), true, q)
	if len(arts) > 1 {
		other := arts[(i+1)%len(arts)]
		g.trueFalse(key, "tf-false", fmt.Sprintf("%s of %s deals with %s.", name, doc, other.Subject), false, q)
	}
	for j, p := range a.Points {
		_, plain := facts.Terms(p)
		pq := q
		pq.Explanation = withStop(fmt.Sprintf("%s of %s: %s", name, doc, plain))
		g.clozes(fmt.Sprintf("%s/point-%d", key, j+1), fmt.Sprintf("Under %s of %s: %s", name, doc, lowerFirst(p)), pq)
		g.spareTrueFalse(fmt.Sprintf("%s/point-%d", key, j+1), "tf", fmt.Sprintf("Under %s of %s: %s", name, doc, lowerFirst(plain)), true, pq)
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
