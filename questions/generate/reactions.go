package generate

import (
	"fmt"
	"strings"

	"quizd/questions"
	"quizd/questions/facts"
)

const topicReactions = questions.TopicReactions

// stancePhrase says how someone stood on a matter, for the choices of
// "what stance did X take"; without a matter, it names the stance alone.
func stancePhrase(s facts.Stance, to string) string {
	if to == "" {
		switch s {
		case facts.Support:
			return "support"
		case facts.Condemn:
			return "condemnation"
		case facts.Neutral:
			return "neutrality"
		case facts.Evasive:
			return "evasion, with no clear position"
		}
	}
	switch s {
	case facts.Support:
		return "supported " + to
	case facts.Condemn:
		return "spoke out against " + to
	case facts.Neutral:
		return "stayed neutral on " + to
	case facts.Evasive:
		return "avoided a clear position on " + to
	}
	return string(s) + " " + to
}

func (g *gen) reactions() {
	rs := g.sheet.Reactions
	groups := groupByGist(rs)
	for i, r := range rs {
		g.reaction(r, i, rs)
	}
	for _, group := range groups {
		g.whoReacted(group, rs)
	}
	g.reactionMatchings(rs)
}

// groupByGist gathers reactions that say the same thing ("Syria and North
// Korea expressed support"), so that one question asks for all of them.
func groupByGist(rs []facts.Reaction) [][]facts.Reaction {
	var order []string
	by := map[string][]facts.Reaction{}
	for _, r := range rs {
		k := questions.Normalize(r.Gist)
		if _, ok := by[k]; !ok {
			order = append(order, k)
		}
		by[k] = append(by[k], r)
	}
	out := make([][]facts.Reaction, len(order))
	for i, k := range order {
		out[i] = by[k]
	}
	return out
}

func reactionKey(r facts.Reaction) string {
	return "reaction/" + questions.Slugify(r.Who) + "/" + questions.Slugify(r.To)
}

func (g *gen) reaction(r facts.Reaction, i int, all []facts.Reaction) {
	key := reactionKey(r)
	fact := withStop(sentence(r.Who + " " + r.Gist))
	q := questions.Question{Topic: topicReactions, SourceRef: sourceRef(r.Source, fact), Explanation: fact}
	if r.Quote != "" {
		q.Explanation = fmt.Sprintf("%s Their words included %q.", fact, r.Quote)
	}

	how := q
	if r.To != "" {
		how.Prompt = fmt.Sprintf("What stance did %s take on %s?", r.Who, r.To)
	} else {
		how.Prompt = fmt.Sprintf("What stance did %s take, according to the source?", r.Who)
	}
	how.Answer = stancePhrase(r.Stance, r.To)
	var wrong []string
	for _, s := range facts.Stances {
		if s != r.Stance {
			wrong = append(wrong, stancePhrase(s, r.To))
		}
	}
	g.multipleChoice(key, "mc-stance", how, []string{how.Answer}, wrong)

	fc := q
	fc.Type = questions.Flashcard
	fc.Prompt = fmt.Sprintf("What was the reaction of %s to %s?", r.Who, r.To)
	if r.To == "" {
		fc.Prompt = fmt.Sprintf("What did %s say or do, according to the source?", r.Who)
	}
	fc.Answer = fact
	g.add(key, "flashcard", fc)

	g.trueFalse(key, "tf", fact, true, q)
	// The false twin gives this reaction the gist of another's reaction to
	// the same matter with another stance.
	for _, o := range rotate(all, i+1) {
		if r.To != "" && o.Stance != r.Stance && questions.Normalize(o.To) == questions.Normalize(r.To) && !mentions(o.Gist, r) {
			g.trueFalse(key, "tf-false", withStop(sentence(r.Who+" "+o.Gist)), false, q)
			break
		}
	}
	if words := strings.Fields(r.Quote); len(words) >= 3 {
		cl := q
		cl.Type = questions.Cloze
		last := strings.Trim(words[len(words)-1], ".,;:!?")
		cl.Prompt = fmt.Sprintf("Complete the phrase from the statement of %s: \"%s %s\".", r.Who, strings.Join(words[:len(words)-1], " "), questions.Blank)
		cl.Answer = last
		g.add(key, "cloze-quote", cl)
	}
}

// mentions reports whether text names the one who reacted, so that giving
// it to them would read as nonsense ("Russia traded with Russia").
func mentions(text string, r facts.Reaction) bool {
	t := " " + questions.Normalize(text) + " "
	for _, n := range append([]string{r.Who}, r.Aliases...) {
		if strings.Contains(t, " "+questions.Normalize(n)+" ") {
			return true
		}
	}
	return false
}

// whoReacted asks who said or did a thing: one answer, or every one of a
// group that did the same.
func (g *gen) whoReacted(group []facts.Reaction, all []facts.Reaction) {
	first := group[0]
	key := reactionKey(first) + "/who"
	var who, right []string
	for _, r := range group {
		who = append(who, r.Who)
		right = append(right, r.Who)
		right = append(right, r.Aliases...)
	}
	fact := withStop(sentence(questions.ListText(who) + " " + first.Gist))
	q := questions.Question{Topic: topicReactions, SourceRef: sourceRef(first.Source, fact), Explanation: fact}
	var wrong []string
	for _, o := range all {
		if o.Stance != first.Stance {
			wrong = append(wrong, o.Who)
		}
	}
	if len(group) == 1 {
		sa := q
		sa.Type = questions.ShortAnswer
		sa.Prompt = fmt.Sprintf("Who %s?", first.Gist)
		sa.Answer, sa.Accept = first.Who, first.Aliases
		g.add(key, "short", sa)
		mc := sa
		mc.Prompt = fmt.Sprintf("Which of these %s?", first.Gist)
		g.multipleChoice(key, "mc", mc, right, wrong)
		return
	}
	if len(group) == 2 {
		sa := q
		sa.Type = questions.ShortAnswer
		sa.Prompt = fmt.Sprintf("Which two %s?", first.Gist)
		sa.Answer = questions.ListText(who)
		sa.Accept = []string{who[1] + " and " + who[0]}
		g.add(key, "short", sa)
	}
	wrong = pickDistinct(wrong, right, choicesPerQuestion+1-len(group))
	if len(wrong) == 0 {
		return
	}
	mc := q
	mc.Type = questions.MultipleChoice
	mc.Prompt = fmt.Sprintf("Which of these %s? Pick every one.", first.Gist)
	mc.Answers = who
	mc.Answer = questions.ListText(who)
	mc.Choices = append(append([]string{}, who...), wrong...)
	shuffle(questions.MakeID(g.slug, key, "mc-all"), mc.Choices)
	g.add(key, "mc-all", mc)
}

// reactionMatchings pairs who with what they said, four at a time, with no
// gist twice in one question.
func (g *gen) reactionMatchings(rs []facts.Reaction) {
	var pairs []questions.Pair
	var refs []string
	used := map[string]bool{}
	for _, r := range rs {
		k := questions.Normalize(r.Gist)
		if used[k] {
			continue
		}
		used[k] = true
		pairs = append(pairs, questions.Pair{Left: sentence(r.Who), Right: r.Gist})
		refs = append(refs, r.Source)
	}
	g.matchings("reactions", "match-%d", topicReactions, "Match each one to their reaction.", pairs, refs)
}
