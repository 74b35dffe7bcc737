package generate

import (
	"fmt"
	"slices"
	"strings"

	"quizd/questions"
	"quizd/questions/facts"
)

const topicReactions = questions.TopicReactions

// stanceLabel says how someone stood on a matter: the sheet's own label, or
// a built-in one followed by the matter.
func (g *gen) stanceLabel(st facts.Stance, to string) string {
	cat := g.sheet.Category(st)
	for _, d := range g.sheet.Categories() {
		if d.Key != cat {
			continue
		}
		if len(g.sheet.Stances) > 0 || to == "" {
			return d.Label
		}
		return d.Label + " " + to
	}
	return ""
}

func (g *gen) reactions() {
	rs := g.sheet.Reactions
	for _, group := range groupByGist(rs) {
		if len(group) == 1 {
			g.reaction(group[0], rs)
		} else {
			g.reactionGroup(group, rs)
		}
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
	if r.Key != "" {
		return "reaction/" + r.Key
	}
	return "reaction/" + questions.Slugify(r.Who) + "/" + questions.Slugify(r.To)
}

// sameMatter reports whether two reactions are to one matter.
func sameMatter(a, b facts.Reaction) bool {
	return a.To != "" && questions.Normalize(a.To) == questions.Normalize(b.To)
}

// rivals are the reactions to the same matter in another stance category
// that neither stands for the other: the only ones that may be wrong
// answers to "who" and "how" about r.
func (g *gen) rivals(r facts.Reaction, all []facts.Reaction) []facts.Reaction {
	if r.Stance == "" {
		return nil
	}
	var out []facts.Reaction
	for _, o := range all {
		if sameMatter(r, o) && o.Stance != "" && g.sheet.Category(o.Stance) != g.sheet.Category(r.Stance) && !overlap(r, o) {
			out = append(out, o)
		}
	}
	return out
}

// overlap reports whether one of two reactions speaks for the other, or
// both for one country: "the other members" and "Kazakhstan", "Armenia's
// leadership" and "Armenia".
func overlap(a, b facts.Reaction) bool {
	names := func(r facts.Reaction) []string {
		out := []string{questions.Normalize(r.Who)}
		for _, x := range append(slices.Clone(r.Aliases), r.Members...) {
			out = append(out, questions.Normalize(x))
		}
		return out
	}
	an, bn := names(a), names(b)
	for _, x := range an {
		if slices.Contains(bn, x) {
			return true
		}
	}
	return false
}

func (g *gen) reactionBase(r facts.Reaction) questions.Question {
	fact := withStop(sentence(r.Who + " " + r.Gist))
	q := questions.Question{Topic: topicReactions, SourceRef: sourceRef(r.Source, fact), Explanation: withStop(r.Explanation)}
	return q
}

// stanceChoice asks which stance category a reaction falls in.
func (g *gen) stanceChoice(f *fact, r facts.Reaction, q questions.Question) {
	if r.Stance == "" || len(g.sheet.Categories()) < 3 {
		return
	}
	how := q
	if r.To != "" {
		how.Prompt = fmt.Sprintf("How did %s respond to %s?", r.Who, r.To)
	} else {
		how.Prompt = fmt.Sprintf("How did %s respond, according to the source?", r.Who)
	}
	how.Answer = g.stanceLabel(r.Stance, r.To)
	var wrong []string
	for _, d := range g.sheet.Categories() {
		if d.Key != g.sheet.Category(r.Stance) {
			wrong = append(wrong, g.stanceLabel(d.Key, r.To))
		}
	}
	how.Explanation = joinSentences(sentence(r.Who+" "+r.Gist), r.Explanation)
	c := len(f.cands)
	f.choice("mc-stance", how, []string{how.Answer}, wrong)
	if len(f.cands) > c {
		f.cands[c].idKey = reactionKey(r)
	}
}

func (g *gen) reaction(r facts.Reaction, all []facts.Reaction) {
	key := reactionKey(r)
	f := g.newFact(key, r.Weight)
	fact := withStop(sentence(r.Who + " " + r.Gist))
	q := g.reactionBase(r)
	rivals := g.rivals(r, all)

	fc := q
	fc.Type = questions.Flashcard
	switch {
	case r.Question != "":
		fc.Prompt = r.Question
	case r.To != "":
		fc.Prompt = fmt.Sprintf("What did %s say or do about %s?", r.Who, r.To)
	default:
		fc.Prompt = fmt.Sprintf("What did %s say or do, according to the source?", r.Who)
	}
	fc.Answer = fact

	// A reaction with a stance is asked for it first; one without, for what
	// was said.
	if r.Stance != "" {
		g.stanceChoice(f, r, q)
	} else {
		f.ask("flashcard", fc)
	}

	// "Who did it?" only where nobody else could be meant: a group of
	// countries is never the one answer.
	if len(r.Members) == 0 {
		sa := q
		sa.Type = questions.ShortAnswer
		sa.Prompt = fmt.Sprintf("Who %s?", r.Gist)
		if r.WhoQuestion != "" {
			sa.Prompt = r.WhoQuestion
		}
		sa.Answer, sa.Accept = r.Who, r.Aliases
		f.askAs(key+"/who", "short", sa)
	}

	falsehood := ""
	for _, o := range rivals {
		if !mentions(o.Gist, r) {
			falsehood = withStop(sentence(r.Who + " " + o.Gist))
			break
		}
	}
	f.statement("tf", fact, "tf-false", falsehood, q)
	if r.Stance != "" {
		f.ask("flashcard", fc)
	}

	if len(rivals) >= 2 {
		var wrong []string
		for _, o := range rivals {
			if g.looksLikeCountry(o.Who) == g.looksLikeCountry(r.Who) {
				wrong = append(wrong, o.Who)
			}
		}
		mc := q
		mc.Prompt = fmt.Sprintf("Which of these %s?", r.Gist)
		mc.Answer = r.Who
		before := len(f.cands)
		f.choice("mc", mc, append([]string{r.Who}, r.Aliases...), wrong)
		if len(f.cands) > before {
			f.cands[before].idKey = key + "/who"
		}
	}

	if words := strings.Fields(r.Quote); len(words) >= 3 {
		cl := q
		cl.Type = questions.Cloze
		last := strings.Trim(words[len(words)-1], ".,;:!?")
		cl.Prompt = fmt.Sprintf("Complete the phrase from the statement of %s: \"%s %s\".", r.Who, strings.Join(words[:len(words)-1], " "), questions.Blank)
		cl.Answer = last
		cl.Explanation = withStop(r.Explanation)
		f.ask("cloze-quote", cl)
	}
	f.done()
}

// reactionGroup asks who did what several did alike: every one of them.
func (g *gen) reactionGroup(group []facts.Reaction, all []facts.Reaction) {
	first := group[0]
	key := reactionKey(first) + "/who"
	f := g.newFact(key, first.Weight)
	var who, right []string
	countries := true
	for _, r := range group {
		who = append(who, r.Who)
		right = append(right, r.Who)
		right = append(right, r.Aliases...)
		countries = countries && g.looksLikeCountry(r.Who)
	}
	fact := withStop(sentence(questions.ListText(who) + " " + first.Gist))
	q := g.reactionBase(first)
	q.SourceRef = sourceRef(first.Source, fact)

	var wrong []string
	for _, o := range g.rivals(first, all) {
		if !slices.ContainsFunc(group, func(r facts.Reaction) bool { return overlap(r, o) }) && g.looksLikeCountry(o.Who) == countries {
			wrong = append(wrong, o.Who)
		}
	}
	wrong = pickDistinct(wrong, right, choicesPerQuestion+1-len(group))
	if len(wrong) >= 2 {
		mc := q
		mc.Type = questions.MultipleChoice
		mc.Prompt = fmt.Sprintf("Which of these %s, according to the source? Pick every one.", first.Gist)
		mc.Choices = append(slices.Clone(who), wrong...)
		mc.Explanation = withStop(first.Explanation)
		shuffle(questions.MakeID(g.slug, key, "mc-all"), mc.Choices)
		// The right answers in the order they are shown.
		for _, c := range mc.Choices {
			if slices.Contains(who, c) {
				mc.Answers = append(mc.Answers, c)
			}
		}
		mc.Answer = questions.ListText(mc.Answers)
		f.ask("mc-all", mc)
	}
	kind := "parties"
	if countries {
		kind = "countries"
	}
	sa := q
	sa.Type = questions.ShortAnswer
	sa.Prompt = fmt.Sprintf("Which %s %s %s, according to the source?", spell(len(group)), kind, first.Gist)
	sa.Answer = questions.ListText(who)
	reversed := slices.Clone(who)
	slices.Reverse(reversed)
	sa.Accept = []string{questions.ListText(reversed)}
	f.ask("short", sa)
	g.stanceChoice(f, first, g.reactionBase(first))
	f.done()
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

// reactionMatchings pairs who with what they said, with no gist twice and
// never two who speak for one another in one question (a group and its
// member could both be matched to either's words).
func (g *gen) reactionMatchings(rs []facts.Reaction) {
	m := matchSet{key: "reactions", variant: "match-%d", topic: topicReactions, prompt: "Match each one to what they said or did."}
	var who []facts.Reaction
	used := map[string]bool{}
	for _, r := range rs {
		k := questions.Normalize(r.Gist)
		if used[k] {
			continue
		}
		used[k] = true
		m.pairs = append(m.pairs, questions.Pair{Left: sentence(r.Who), Right: r.Gist})
		m.refs = append(m.refs, r.Source)
		who = append(who, r)
	}
	m.clash = func(i, j int) bool { return overlap(who[i], who[j]) }
	g.matchings(m)
}
