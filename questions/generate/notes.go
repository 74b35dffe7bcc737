package generate

import (
	"fmt"

	"quizd/questions"
	"quizd/questions/facts"
)

func (g *gen) notes() {
	for _, n := range g.sheet.Notes {
		g.note(n)
	}
}

func (g *gen) note(n facts.Note) {
	key := "note/" + n.Key
	if n.Key == "" {
		key = "note/" + questions.Slugify(n.Question)
	}
	_, statement := facts.Terms(n.Statement)
	expl := n.Explanation
	if expl == "" && statement != "" {
		expl = withStop(statement)
	}
	if expl == "" {
		expl = withStop(fmt.Sprintf("%s %s", n.Question, n.Answer))
	}
	q := questions.Question{Topic: string(n.Topic), SourceRef: sourceRef(n.Source, expl), Explanation: expl}

	sa := q
	sa.Type, sa.Prompt, sa.Answer, sa.Accept = questions.ShortAnswer, n.Question, n.Answer, n.Accept
	g.add(key, "short", sa)

	mc := q
	mc.Prompt, mc.Answer = n.Question, n.Answer
	g.multipleChoice(key, "mc", mc, append([]string{n.Answer}, n.Accept...), n.Distractors)

	fc := q
	fc.Type, fc.Prompt, fc.Answer = questions.Flashcard, n.Question, n.Answer
	g.add(key, "flashcard", fc)

	if statement != "" {
		g.trueFalse(key, "tf", withStop(statement), true, q)
		g.clozes(key, withStop(n.Statement), q)
	}
	if n.False != "" {
		g.trueFalse(key, "tf-false", withStop(n.False), false, q)
	}
}
