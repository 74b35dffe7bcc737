package lint

import (
	"regexp"
	"strings"

	"quizd/questions"
	"quizd/questions/extract"
)

// knowledge is what the bank itself says, gathered before any question is
// checked: who belongs to which group, and which other names it accepts
// for an answer.
type knowledge struct {
	// members maps a group ("csto") to the entities the bank says belong
	// to it, by entity().
	members map[string]map[string]bool
	// aliases maps an answer, normalised, to the other answers a question
	// with that answer accepts.
	aliases map[string][]string
}

// entity is the form in which two mentions of one thing compare equal: a
// country's name for any of its names, else the normalised text.
func entity(s string) string {
	if c := extract.Country(s); c != "" {
		return questions.Normalize(c)
	}
	return questions.Normalize(s)
}

// groupName is a group's name as a group key: "the CSTO" → "csto".
func groupName(s string) string { return questions.Normalize(s) }

// A group is written as capitalised words or an acronym: "CSTO", "European
// Union", "Shanghai Cooperation Organisation".
const groupRE = `(?:the\s+)?((?:[A-Z][\p{L}\d-]*)(?:\s+[A-Z][\p{L}\d-]*)*)`

var (
	// "Russia is a member of the CSTO", "Russia is one of the 6 members of the CSTO".
	memberOfRE = regexp.MustCompile(`^(.+?)\s+(?:is|was|remains|has been)\s+(?:a|an|one of the(?:\s+\w+)?|a founding)\s+members?\s+of\s+` + groupRE)
	// "The six members of the CSTO are Russia, Belarus and Armenia."
	membersAreRE = regexp.MustCompile(`(?i:the\s+(?:\w+\s+)?members\s+of\s+)` + groupRE + `(?i:\s+(?:are|were|include|included)\s+)([^.;:]+)`)
	// "The CSTO's members are …", "CSTO members include …".
	groupMembersRE = regexp.MustCompile(groupRE + `(?:'s|’s)?(?i:\s+members\s+(?:are|were|include|included)\s+)([^.;:]+)`)
	// Prompts whose keys, or every choice, are members.
	whichMemberRE   = regexp.MustCompile(`(?i:\bwhich\s+(?:\w+\s+)?members?\s+of\s+)` + groupRE)
	whichTheseRE    = regexp.MustCompile(`(?i:\bwhich\s+of\s+these\s+members\s+of\s+)` + groupRE)
	whichIsMemberRE = regexp.MustCompile(`(?i:\bwhich\s+(?:of\s+these\s+)?(?:\w+\s+)?(?:is|are|was|were)\s+(?:a\s+)?members?\s+of\s+)` + groupRE)
	whichGroupRE    = regexp.MustCompile(`(?i:\bwhich\s+(?:\w+\s+)?)` + `([A-Z][\p{L}\d-]*)` + `(?i:\s+(?:members|member\s+states|member\s+countries))`)
	matchMembersRE  = regexp.MustCompile(`(?i:\bmatch\s+each\s+member\s+of\s+)` + groupRE)
	notRE           = regexp.MustCompile(`(?i)\bnot\b|n't\b|\bnon-`)
	listSplitRE     = regexp.MustCompile(`\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)`)
)

// learn gathers the bank's knowledge from its true statements (true/false
// statements keyed true, explanations, filled clozes, flashcard answers)
// and from prompts that presuppose membership ("Which member of the CSTO
// …?").
func learn(qs []questions.Question) *knowledge {
	k := &knowledge{members: map[string]map[string]bool{}, aliases: map[string][]string{}}
	add := func(group, who string) {
		g, e := groupName(group), entity(who)
		if g == "" || e == "" || g == e {
			return
		}
		if k.members[g] == nil {
			k.members[g] = map[string]bool{}
		}
		k.members[g][e] = true
	}
	addList := func(group, list string) {
		for _, who := range listSplitRE.Split(strings.TrimSpace(list), -1) {
			add(group, who)
		}
	}
	statement := func(s string) {
		for _, sentence := range strings.SplitAfter(s, ". ") {
			sentence = strings.TrimSpace(sentence)
			if !strings.Contains(sentence, "member") || notRE.MatchString(sentence) {
				continue
			}
			if m := memberOfRE.FindStringSubmatch(sentence); m != nil {
				add(m[2], m[1])
			}
			if m := membersAreRE.FindStringSubmatch(sentence); m != nil {
				addList(m[1], m[2])
			} else if m := groupMembersRE.FindStringSubmatch(sentence); m != nil {
				addList(m[1], m[2])
			}
		}
	}
	for i := range qs {
		q := &qs[i]
		statement(q.Explanation)
		switch q.Type {
		case questions.TrueFalse:
			if q.Answer == "true" {
				statement(q.Prompt)
			}
		case questions.Cloze:
			statement(strings.Replace(q.Prompt, questions.Blank, q.Answer, 1))
		case questions.Flashcard:
			statement(q.Answer)
		case questions.Matching:
			if m := matchMembersRE.FindStringSubmatch(q.Prompt); m != nil {
				for _, p := range q.Pairs {
					add(m[1], p.Left)
				}
			}
		}
		if q.Type == questions.MultipleChoice || q.Type == questions.ShortAnswer {
			if q.Type == questions.ShortAnswer || len(q.Answers) == 0 {
				k.alias(q.Answer, q.Accept)
			}
			if !strings.Contains(strings.ToLower(q.Prompt), "member") || notRE.MatchString(q.Prompt) {
				continue
			}
			keys := q.CorrectChoices()
			if q.Type == questions.ShortAnswer {
				keys = []string{q.Answer}
			}
			if m := whichTheseRE.FindStringSubmatch(q.Prompt); m != nil {
				// "Which of these members of the CSTO …?" says every
				// choice is one.
				for _, c := range q.Choices {
					add(m[1], c)
				}
				continue
			}
			for _, re := range []*regexp.Regexp{whichMemberRE, whichIsMemberRE, whichGroupRE} {
				if m := re.FindStringSubmatch(q.Prompt); m != nil {
					for _, key := range keys {
						addList(m[1], key)
					}
					break
				}
			}
		}
		if q.Type == questions.Cloze || q.Type == questions.Flashcard {
			k.alias(q.Answer, q.Accept)
		}
	}
	return k
}

// merge adds what a fact sheet knows.
func (k *knowledge) merge(o Options) {
	for g, ms := range o.Groups {
		key := groupName(g)
		if key == "" {
			continue
		}
		if k.members[key] == nil {
			k.members[key] = map[string]bool{}
		}
		for _, m := range ms {
			if e := entity(m); e != "" {
				k.members[key][e] = true
			}
		}
	}
	for a, as := range o.Aliases {
		k.alias(a, as)
	}
}

func (k *knowledge) alias(answer string, accept []string) {
	if len(accept) == 0 {
		return
	}
	key := questions.Normalize(answer)
	k.aliases[key] = append(k.aliases[key], accept...)
}

// sameAnswer reports whether choice names the key: the same text, the same
// country by another of its names, or an answer the bank accepts for the
// key elsewhere.
func (k *knowledge) sameAnswer(choice, key string, accept []string) bool {
	c := questions.Normalize(choice)
	if c == "" {
		return false
	}
	if entity(choice) == entity(key) {
		return true
	}
	for _, a := range append(accept, k.aliases[questions.Normalize(key)]...) {
		if questions.Normalize(a) == c {
			return true
		}
	}
	return false
}

// groupChoiceRE matches a choice that names a whole group, or the rest of
// it: "the other CSTO members", "members of the CSTO", "all CSTO member
// states".
var (
	groupChoiceRE  = regexp.MustCompile(`^(?i:(?:the\s+)?(?:other\s+|remaining\s+|fellow\s+|all\s+(?:the\s+)?(?:other\s+)?)?)([A-Z][\p{L}\d-]*(?:\s+[A-Z][\p{L}\d-]*)*)(?i:\s+(?:members|member\s+states|member\s+countries|allies|countries))\b`)
	membersOfRE    = regexp.MustCompile(`^(?i:(?:the\s+)?(?:other\s+|remaining\s+|all\s+(?:the\s+)?(?:other\s+)?)?(?:members|member\s+states)\s+of\s+)` + groupRE)
	groupChoiceREs = []*regexp.Regexp{groupChoiceRE, membersOfRE}
)

// group returns the group a choice names as a whole, or "".
func group(choice string) string {
	for _, re := range groupChoiceREs {
		if m := re.FindStringSubmatch(strings.TrimSpace(choice)); m != nil {
			return groupName(m[1])
		}
	}
	return ""
}
