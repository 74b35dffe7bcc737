package lint

import (
	"strings"

	"quizd/questions"
)

// checkExplanation reports an explanation that only says again what the
// question and its answer already say: it is contained in them, or adds no
// content word to them (or at most one in ten).
func checkExplanation(i int, q *questions.Question, st *stemmer, add func(int, Code, string, ...any)) {
	if strings.TrimSpace(q.Explanation) == "" {
		return
	}
	said := []string{q.Prompt, q.Answer}
	if q.Type == questions.Cloze {
		said = append(said, strings.Replace(q.Prompt, questions.Blank, q.Answer, 1))
	}
	said = append(said, q.Accept...)
	if q.Type == questions.MultipleChoice {
		said = append(said, q.CorrectChoices()...)
	}
	said = append(said, q.Items...)
	for _, p := range q.Pairs {
		said = append(said, p.Left, p.Right)
	}
	e := questions.Normalize(q.Explanation)
	for _, s := range said {
		if n := questions.Normalize(s); n != "" && strings.Contains(n, e) {
			add(i, ExplanationRestates, "Its explanation only repeats the question or its answer: say why the answer is right (the point of the source), or leave the explanation out.")
			return
		}
	}
	if q.Type == questions.TrueFalse && q.Answer == "false" {
		// The explanation of a false statement may well reuse its words to
		// state the truth ("… did not name the CSTO"): that corrects it.
		return
	}
	known := st.set(said...)
	stems := st.content(q.Explanation)
	if len(stems) == 0 {
		return
	}
	fresh := 0
	for _, s := range stems {
		if !known[s] {
			fresh++
		}
	}
	if fresh == 0 || len(stems) >= 10 && fresh*10 <= len(stems) {
		add(i, ExplanationRestates, "Its explanation adds nothing to the question and its answer: say why the answer is right (the point of the source), or leave the explanation out.")
	}
}
