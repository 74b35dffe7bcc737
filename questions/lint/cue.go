package lint

import (
	"regexp"
	"slices"
	"strings"

	"quizd/questions"
)

// checkAnswerInPrompt reports a prompt that contains its own answer, or an
// answer it accepts ("Who froze Armenia's participation?" accepting
// "Armenia"). A choice question's stem may name several choices; it gives
// the key away only when it names no distractor.
func checkAnswerInPrompt(i int, q *questions.Question, st *stemmer, add func(int, Code, string, ...any)) {
	var answers []string
	switch q.Type {
	case questions.ShortAnswer, questions.Cloze, questions.Flashcard:
		answers = append([]string{q.Answer}, q.Accept...)
	case questions.MultipleChoice:
		answers = q.CorrectChoices()
	default:
		return
	}
	prompt := st.content(strings.ReplaceAll(q.Prompt, questions.Blank, " "))
	if q.Type == questions.MultipleChoice {
		for _, c := range q.Choices {
			if !slices.Contains(answers, c) && containsRun(prompt, st.content(c)) {
				return
			}
		}
	}
	for _, a := range answers {
		if containsRun(prompt, st.content(a)) {
			add(i, AnswerInPrompt, "Its prompt contains its answer %s: reword the prompt so that it does not give the answer away.", quote(a))
			return
		}
	}
}

// containsRun reports whether run occurs in seq as consecutive items. An
// empty run, or one of only short words, is never found: "a 1" is no cue.
func containsRun(seq, run []string) bool {
	if len(run) == 0 || len(run) > len(seq) || !slices.ContainsFunc(run, func(s string) bool { return len(s) >= 3 || isDigits(s) }) {
		return false
	}
	for i := 0; i+len(run) <= len(seq); i++ {
		if slices.Equal(seq[i:i+len(run)], run) {
			return true
		}
	}
	return false
}

// Keys much longer than every distractor stand out: writers give the
// right answer the qualifications it needs, and a student learns to pick
// the longest option.
const (
	longKeyWords = 6
	longKeyRatio = 1.5
)

// checkKeyLength reports a key much longer, in words, than every
// distractor.
func checkKeyLength(i int, keys, distractors []string, add func(int, Code, string, ...any)) {
	if len(distractors) == 0 {
		return
	}
	longest := 0
	for _, d := range distractors {
		longest = max(longest, len(strings.Fields(d)))
	}
	for _, k := range keys {
		if n := len(strings.Fields(k)); n >= longKeyWords && float64(n) > longKeyRatio*float64(longest) {
			add(i, KeyLongest, "Its key %s is much longer than every wrong choice (%d words against at most %d), so its length gives it away: shorten it, or give the wrong choices as much detail.", quote(k), n, longest)
			return
		}
	}
}

// checkMatchingCue reports a pair whose two sides share a word that no
// other right-hand item has: the pair can be matched by the word alone.
func checkMatchingCue(i int, q *questions.Question, st *stemmer, add func(int, Code, string, ...any)) {
	rights := make([]map[string]bool, len(q.Pairs))
	for j, p := range q.Pairs {
		rights[j] = st.set(p.Right)
	}
	for j, p := range q.Pairs {
		for _, s := range st.content(p.Left) {
			if !rights[j][s] {
				continue
			}
			shared := false
			for o := range rights {
				if o != j && rights[o][s] {
					shared = true
				}
			}
			if !shared {
				add(i, KeyCue, "Its pair %s and %s share the word %s, which no other item has: reword one side so that the pair is known, not matched by the word.", quote(p.Left), quote(p.Right), quote(st.surface(s, p.Left)))
				return
			}
		}
	}
}

var (
	// A stand-alone statement that starts with a pronoun points to nothing.
	leadingPronounRE = regexp.MustCompile(`^(?:It|They|He|She|This|These|Those|Its|Their|His|Her)\b`)
	// "the organisation" needs the organisation's name in the same text.
	vagueBodyRE = regexp.MustCompile(`(?i)\bthe\s+(?:organi[sz]ation|alliance|bloc)\b`)
	// An acronym (CSTO, NATO, EU) or a capitalised body's name.
	bodyNameRE = regexp.MustCompile(`\b[A-Z]{2,}\b|\b(?:[A-Z][\p{L}-]*\s+)+(?:Organi[sz]ation|Union|Alliance|Treaty|Council|Community|Forum|Pact)\b`)
)

// checkDanglingReference reports a prompt that refers to something it
// never names: a true/false statement or cloze that opens with a pronoun,
// or any prompt that says "the organisation" without naming one.
func checkDanglingReference(i int, q *questions.Question, add func(int, Code, string, ...any)) {
	p := strings.TrimSpace(q.Prompt)
	if (q.Type == questions.TrueFalse || q.Type == questions.Cloze) && leadingPronounRE.MatchString(p) {
		add(i, DanglingReference, "Its statement %s opens with a pronoun that points to nothing: name who or what it is about.", quote(p))
		return
	}
	if m := vagueBodyRE.FindString(p); m != "" && !bodyNameRE.MatchString(p) {
		add(i, DanglingReference, "Its prompt says %s without naming it: name the organisation, since the question is read on its own.", quote(m))
	}
}
