package generate

import (
	"fmt"
	"strings"

	"quizd/questions"
	"quizd/questions/facts"
)

func (g *gen) people() {
	ps := g.sheet.People
	var names, roles []string
	for _, p := range ps {
		names = append(names, p.Name)
		roles = append(roles, p.Role)
	}
	for i, p := range ps {
		g.person(p, i, names, roles)
	}
	var pairs []questions.Pair
	var refs []string
	for _, p := range ps {
		pairs = append(pairs, questions.Pair{Left: p.Name, Right: p.Role})
		refs = append(refs, p.Source)
	}
	g.matchings("people", "match-%d", questions.TopicReactions, "Match each person to their role.", pairs, refs)
}

func (g *gen) person(p facts.Person, i int, names, roles []string) {
	key := "person/" + questions.Slugify(p.Name)
	topic := p.Topic.Or(questions.TopicReactions)
	fact := withStop(fmt.Sprintf("%s is %s", p.Name, article(p.Role)))
	q := questions.Question{Topic: topic, SourceRef: sourceRef(p.Source, fact), Explanation: fact}
	if p.Note != "" {
		q.Explanation = withStop(fmt.Sprintf("%s, %s, %s", p.Name, p.Role, p.Note))
	}

	who := q
	who.Type = questions.ShortAnswer
	who.Prompt = fmt.Sprintf("Who is %s, as named in the source?", article(p.Role))
	who.Answer, who.Accept = p.Name, p.Aliases
	g.add(key, "short-who", who)
	who.Prompt = fmt.Sprintf("Who is %s?", article(p.Role))
	g.multipleChoice(key, "mc-who", who, append([]string{p.Name}, p.Aliases...), rotate(names, i+1))

	role := q
	role.Prompt = fmt.Sprintf("What is %s's role?", p.Name)
	role.Answer = p.Role
	g.multipleChoice(key, "mc-role", role, []string{p.Role}, rotate(roles, i+1))

	fc := q
	fc.Type = questions.Flashcard
	fc.Prompt = fmt.Sprintf("Who is %s?", p.Name)
	fc.Answer = q.Explanation
	g.add(key, "flashcard", fc)

	g.trueFalse(key, "tf", fact, true, q)
	if len(roles) > 1 {
		other := roles[(i+1)%len(roles)]
		if questions.Normalize(other) != questions.Normalize(p.Role) {
			g.trueFalse(key, "tf-false", withStop(fmt.Sprintf("%s is %s", p.Name, article(other))), false, q)
		}
	}
	if p.Note != "" {
		did := q
		did.Type = questions.ShortAnswer
		did.Prompt = fmt.Sprintf("Who %s?", p.Note)
		did.Answer, did.Accept = p.Name, p.Aliases
		g.add(key, "short-note", did)
	}
}

// article puts "the" before a role that names one office ("President of
// Kazakhstan"), and "a" or "an" before others.
func article(role string) string {
	if role == "" {
		return role
	}
	for _, w := range []string{" of ", " to "} {
		if strings.Contains(questions.Fold(role), w) {
			return "the " + role
		}
	}
	switch role[0] {
	case 'a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U':
		return "an " + role
	}
	return "a " + role
}
