package generate

import (
	"quizd/questions"
	"quizd/questions/facts"
)

func (g *gen) notes() {
	for i, n := range g.sheet.Notes {
		g.note(n, i)
	}
}

// note asks a note's question once (typed or picked, taking turns from one
// note to the next), then blanks its statement and asks it to be judged.
func (g *gen) note(n facts.Note, i int) {
	key := "note/" + n.Key
	if n.Key == "" {
		key = "note/" + questions.Slugify(n.Question)
	}
	f := g.newFact(key, n.Weight)
	_, statement := facts.Terms(n.Statement)
	q := questions.Question{Topic: string(n.Topic), SourceRef: sourceRef(n.Source, n.Question+" "+n.Answer), Explanation: withStop(n.Explanation)}

	sa := q
	sa.Type, sa.Prompt, sa.Answer, sa.Accept = questions.ShortAnswer, n.Question, n.Answer, n.Accept
	mc := q
	mc.Prompt, mc.Answer = n.Question, n.Answer
	right := append([]string{n.Answer}, n.Accept...)
	if i%2 == 1 {
		f.choice("mc", mc, right, n.Distractors)
	}
	f.ask("short", sa)
	first := f.cands[:1]
	f.cands = append([]cand{}, first...)

	if n.Statement != "" {
		cq := q
		cq.Accept = n.Accept
		f.clozes(withStop(n.Statement), n.Answer, cq)
	}
	f.statement("tf", statement, "tf-false", n.False, q)
	fc := q
	fc.Type, fc.Prompt, fc.Answer = questions.Flashcard, n.Question, n.Answer
	f.ask("flashcard", fc)
	f.done()
}
