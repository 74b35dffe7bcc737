package lint

import (
	"slices"
	"strings"

	"quizd/questions"
	"quizd/questions/extract"
)

// minChoices is the fewest options a choice question should offer: with two,
// a guess is right half the time.
const minChoices = 3

// checkChoices runs the checks of a multiple-choice question's options.
func checkChoices(i int, q *questions.Question, k *knowledge, st *stemmer, add func(int, Code, string, ...any)) {
	keys := q.CorrectChoices()
	// A choice is keyed when it is written as a key is: another choice
	// that only normalises to the key ("the CSTO" for "CSTO") is a
	// distractor that is also right.
	isKey := func(c string) bool {
		return slices.ContainsFunc(keys, func(key string) bool { return strings.TrimSpace(key) == strings.TrimSpace(c) })
	}
	var distractors []string
	for _, c := range q.Choices {
		if !isKey(c) {
			distractors = append(distractors, c)
		}
	}

	for _, d := range distractors {
		for _, key := range keys {
			if k.sameAnswer(d, key, q.Accept) {
				add(i, DistractorIsCorrect, "Its wrong choice %s names the same as the key %s: replace it with a choice that is plainly wrong.", quote(d), quote(key))
				break
			}
		}
	}

	checkGroups(i, q.Choices, distractors, k, add)
	checkStances(i, q.Choices, add)

	if len(q.Choices) < minChoices {
		add(i, TooFewChoices, "It offers only %d choices: add plausible wrong choices so that there are at least %d.", len(q.Choices), minChoices)
	}

	checkCue(i, q.Prompt, keys, distractors, st, add)
	checkKeyLength(i, keys, distractors, add)
	checkOddOption(i, q.Choices, add)
}

// checkGroups reports a choice that belongs to a group another choice
// names: when either is the key, both are defensible.
func checkGroups(i int, choices, distractors []string, k *knowledge, add func(int, Code, string, ...any)) {
	isDistractor := func(c string) bool { return slices.Contains(distractors, c) }
	for _, g := range choices {
		name := group(g)
		members := k.members[name]
		if len(members) == 0 {
			continue
		}
		for _, c := range choices {
			if c == g || !members[entity(c)] {
				continue
			}
			switch {
			case !isDistractor(g) && isDistractor(c):
				add(i, DistractorInKeyedGroup, "Its wrong choice %s belongs to the group that the key %s names, so it can be defended too: replace it with a choice outside that group.", quote(c), quote(g))
			case isDistractor(g) && !isDistractor(c):
				add(i, DistractorInKeyedGroup, "Its wrong choice %s names a group the key %s belongs to, so it can be defended too: replace it with a choice that leaves the key out.", quote(g), quote(c))
			}
		}
	}
}

// stanceClasses group stance phrases that mean nearly the same: two choices
// that differ only by phrases of one class are both right or both wrong.
var stanceClasses = [][]string{
	{"stayed neutral", "remained neutral", "kept a neutral position", "kept neutral", "took a neutral position",
		"took a neutral stance", "avoided a clear position", "avoided a clear assessment", "avoided a clear stance",
		"took no clear position", "took no position", "avoided taking sides", "took no side", "took neither side",
		"stayed non-committal", "was non-committal", "stayed noncommittal", "was noncommittal", "declined to take a position",
		"declined to take sides", "sat on the fence", "abstained on"},
	{"supported", "backed", "expressed support for", "voiced support for", "endorsed", "sided with", "stood by", "spoke out for"},
	{"spoke out against", "condemned", "opposed", "criticised", "criticized", "denounced", "objected to", "came out against"},
}

// stanceOf finds the stance phrase a choice states and the rest of the
// choice around it, both normalised, or "" when it states none of the
// table's.
func stanceOf(choice string) (class int, phrase, rest string) {
	n := " " + questions.Normalize(choice) + " "
	class, best := -1, ""
	for ci, phrases := range stanceClasses {
		for _, p := range phrases {
			if len(p) > len(best) && strings.Contains(n, " "+p+" ") {
				class, best = ci, p
			}
		}
	}
	if class < 0 {
		return -1, "", ""
	}
	return class, best, strings.Join(strings.Fields(strings.Replace(n, " "+best+" ", " ", 1)), " ")
}

// checkStances reports two choices that state near-synonymous stances on
// the same thing.
func checkStances(i int, choices []string, add func(int, Code, string, ...any)) {
	type stance struct {
		class        int
		phrase, rest string
	}
	ss := make([]stance, len(choices))
	for j, c := range choices {
		ss[j].class, ss[j].phrase, ss[j].rest = stanceOf(c)
	}
	for a := range choices {
		for b := a + 1; b < len(choices); b++ {
			x, y := ss[a], ss[b]
			if x.class >= 0 && x.class == y.class && x.phrase != y.phrase && x.rest == y.rest {
				add(i, StanceSynonyms, "Its choices %s and %s say nearly the same: give stances that exclude each other, so that only one is right.", quote(choices[a]), quote(choices[b]))
			}
		}
	}
}

// checkCue reports a word of the stem that the key repeats and no
// distractor has: a student can match the word without knowing the answer.
func checkCue(i int, prompt string, keys, distractors []string, st *stemmer, add func(int, Code, string, ...any)) {
	if len(distractors) == 0 {
		return
	}
	stem := st.set(prompt)
	inDistractor := st.set(distractors...)
	promptRun := st.content(prompt)
	for _, d := range distractors {
		// A stem that names a distractor as well as the key gives
		// neither away.
		if containsRun(promptRun, st.content(d)) {
			return
		}
	}
	for _, key := range keys {
		if containsRun(promptRun, st.content(key)) {
			continue // answer-in-prompt says so
		}
		for _, s := range st.content(key) {
			if !stem[s] || inDistractor[s] {
				continue
			}
			add(i, KeyCue, "Its key %s repeats the word %s of the question, which no wrong choice has: reword the question or give some wrong choices that word too.", quote(key), quote(st.surface(s, prompt)))
			break
		}
	}
}

// surface finds the word of the prompt whose stem is s, to quote it as
// written.
func (st *stemmer) surface(s, prompt string) string {
	for _, f := range strings.Fields(prompt) {
		w := strings.TrimFunc(f, isEdgePunct)
		if stems := st.content(w); len(stems) == 1 && stems[0] == s {
			return w
		}
	}
	return s
}

// checkOddOption reports the one option of another kind than all the
// others: a body among countries, or a country among bodies.
func checkOddOption(i int, choices []string, add func(int, Code, string, ...any)) {
	if len(choices) < minChoices {
		return
	}
	var countries, others []string
	for _, c := range choices {
		if extract.Country(c) != "" {
			countries = append(countries, c)
		} else {
			others = append(others, c)
		}
	}
	switch {
	case len(others) == 1:
		add(i, OddOption, "Its choice %s is the only one that is not a country: make every choice a country, or none, so that it does not stand out.", quote(others[0]))
	case len(countries) == 1:
		add(i, OddOption, "Its choice %s is the only country among the choices: make every choice of one kind, so that it does not stand out.", quote(countries[0]))
	}
}
