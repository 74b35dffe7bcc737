package generate

import (
	"strings"

	"quizd/questions"
)

// claims asks for the author's argument: why something happened, or what
// the author concludes. The wrong choices are the claim's own distractors,
// made up where it has fewer than three by other claims' answers of the
// same form ("Because ...", "That ..."), never one of the same group.
func (g *gen) claims() {
	cs := g.sheet.Claims
	for i, c := range cs {
		key := "claim/" + c.Key
		if c.Key == "" {
			key = "claim/" + questions.Slugify(c.Question)
		}
		f := g.newFact(key, c.Weight)
		q := questions.Question{Topic: string(c.Topic), SourceRef: sourceRef(c.Source, c.Answer), Explanation: withStop(c.Explanation)}
		wrong := append([]string{}, c.Distractors...)
		for _, o := range rotate(cs, i+1) {
			if len(wrong) >= choicesPerQuestion-1 {
				break
			}
			if o.Question == c.Question || (c.Group != "" && o.Group == c.Group) || answerForm(o.Answer) != answerForm(c.Answer) {
				continue
			}
			wrong = append(wrong, withStop(sentence(o.Answer)))
		}
		mc := q
		mc.Prompt = c.Question
		mc.Answer = withStop(sentence(c.Answer))
		f.choice("mc", mc, append([]string{mc.Answer}, c.Accept...), wrong)
		f.statement("tf", c.Statement, "tf-false", c.False, q)
		fc := q
		fc.Type = questions.Flashcard
		fc.Prompt = c.Question
		fc.Answer = withStop(sentence(c.Answer))
		f.ask("flashcard", fc)
		f.done()
	}
}

// answerForm is how an answer begins, so that every choice of a question
// reads as an answer to it: "because", "that", or "" for any other.
func answerForm(answer string) string {
	w, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(answer)), " ")
	switch w {
	case "because", "that", "to":
		return w
	}
	return ""
}
