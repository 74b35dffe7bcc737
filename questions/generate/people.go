package generate

import (
	"fmt"
	"slices"
	"strings"

	"quizd/questions"
	"quizd/questions/facts"
)

func (g *gen) people() {
	ps := g.sheet.People
	var roles []string
	for _, p := range ps {
		roles = append(roles, p.Role)
	}
	for i, p := range ps {
		g.person(p, i, roles)
	}
	var pairs []questions.Pair
	var refs []string
	for _, p := range ps {
		pairs = append(pairs, questions.Pair{Left: p.Name, Right: p.Role})
		refs = append(refs, p.Source)
	}
	g.matchings(matchSet{key: "people", variant: "match-%d", topic: questions.TopicReactions,
		prompt: "Match each person to their role.", pairs: pairs, refs: refs})
}

// offices are the posts a false statement may give a person in place of
// theirs, in the same country.
var offices = []string{"President", "Prime Minister", "Foreign Minister", "Defence Minister"}

func (g *gen) person(p facts.Person, i int, roles []string) {
	key := "person/" + questions.Slugify(p.Name)
	f := g.newFact(key, 0)
	topic := p.Topic.Or(questions.TopicReactions)
	fact := withStop(fmt.Sprintf("%s is %s", p.Name, article(p.Role)))
	q := questions.Question{Topic: topic, SourceRef: sourceRef(p.Source, fact)}
	if p.Note != "" {
		q.Explanation = withStop(fmt.Sprintf("%s %s", p.Name, p.Note))
	}
	// Other posts of the same country: a wrong role that is plausible,
	// never absurd ("the President of Russia" for an Armenian).
	var otherPosts []string
	if p.Office != "" && p.Country != "" {
		for _, o := range offices {
			if !strings.EqualFold(o, p.Office) {
				otherPosts = append(otherPosts, o+" of "+p.Country)
			}
		}
	}

	role := q
	role.Prompt = fmt.Sprintf("What is %s's role?", p.Name)
	role.Answer = p.Role
	f.choice("mc-role", role, []string{p.Role}, append(rotate(roles, i+1), otherPosts...))

	if p.Note != "" {
		did := q
		did.Type = questions.ShortAnswer
		did.Prompt = fmt.Sprintf("Who %s?", p.Note)
		did.Answer, did.Accept = p.Name, append(slices.Clone(p.Aliases), p.Role, "the "+p.Role)
		did.Explanation = ""
		f.ask("short-note", did)
	}

	falsehood := ""
	if len(otherPosts) > 0 {
		falsehood = withStop(fmt.Sprintf("%s is %s", p.Name, article(otherPosts[i%len(otherPosts)])))
	}
	f.statement("tf", fact, "tf-false", falsehood, q)

	who := q
	who.Type = questions.ShortAnswer
	who.Prompt = fmt.Sprintf("Who is %s?", article(p.Role))
	who.Answer, who.Accept = p.Name, p.Aliases
	f.ask("short-who", who)

	fc := q
	fc.Type = questions.Flashcard
	fc.Prompt = fmt.Sprintf("Who is %s?", p.Name)
	fc.Answer = sentence(withStop(fmt.Sprintf("%s, %s", sentence(article(p.Role)), p.Note)))
	fc.Explanation = ""
	f.ask("flashcard", fc)
	f.done()
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
