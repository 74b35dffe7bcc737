package generate

import (
	"fmt"
	"strconv"
	"strings"

	"quizd/questions"
	"quizd/questions/facts"
)

const topicMembership = questions.TopicMembership

func (g *gen) membership() {
	m := g.sheet.Membership
	if m.Organisation == "" {
		return
	}
	memberNames := names(m.Members)
	outsiders := g.outsiders()
	g.organisation(m)
	g.memberList(m, memberNames)
	for i, c := range m.Members {
		key := "member/" + questions.Slugify(c.Name)
		q := questions.Question{Topic: topicMembership, SourceRef: sourceRef(c.Source, c.Name+" is a member of "+g.org),
			Explanation: withStop(fmt.Sprintf("%s is one of the %d members of %s", c.Name, len(m.Members), g.org))}
		g.spareTrueFalse(key, "tf-member", fmt.Sprintf("%s is a member of %s.", c.Name, g.org), true, q)
		mc := q
		mc.Prompt = fmt.Sprintf("Which of these countries is a member of %s?", g.org)
		mc.Answer = c.Name
		g.multipleChoice(key, "mc-member", mc, append([]string{c.Name}, c.Aliases...), rotate(outsiders, i))
		if c.Note != "" {
			g.memberNote(key, c, m.Members, i)
		}
	}
	g.memberNotesMatching(m.Members)
	for i, c := range m.NonMembers {
		g.nonMember(c, i, memberNames, outsiders)
	}
	for i, d := range m.Departed {
		g.departed(d, i, m.Members)
	}
}

// outsiders are the countries the sheet names that are not members: the
// listed non-members first, then others it mentions, as distractors for
// "which is a member".
func (g *gen) outsiders() []string {
	m := g.sheet.Membership
	out := names(m.NonMembers)
	isMember := map[string]bool{}
	for _, c := range m.Members {
		isMember[questions.Normalize(c.Name)] = true
	}
	for _, c := range m.Observers {
		out = append(out, c.Name)
	}
	for _, r := range g.sheet.Reactions {
		if g.looksLikeCountry(r.Who) && !isMember[questions.Normalize(r.Who)] {
			out = append(out, r.Who)
		}
	}
	for _, p := range g.sheet.People {
		if p.Country != "" && !isMember[questions.Normalize(p.Country)] {
			out = append(out, p.Country)
		}
	}
	return pickDistinct(out, names(m.Members), len(out))
}

// looksLikeCountry tells a country's name ("North Korea") from a body, a
// group or a person ("the CSTO press service", "Armenia's leadership",
// "other member states", a name from the sheet's people).
func (g *gen) looksLikeCountry(who string) bool {
	for _, w := range strings.Fields(who) {
		if r := w[0]; r < 'A' || r > 'Z' || strings.ContainsAny(w, "'’") {
			return false
		}
	}
	w := strings.ToLower(who)
	for _, word := range []string{"service", "ministry", "leadership", "government", "members", "states", "council", "press", "office"} {
		if strings.Contains(w, word) {
			return false
		}
	}
	for _, p := range g.sheet.People {
		if questions.Normalize(p.Name) == questions.Normalize(who) {
			return false
		}
	}
	return true
}

func names(cs []facts.Country) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

// organisation asks for the name behind the abbreviation and the founding
// date (as a dates question).
func (g *gen) organisation(m facts.Membership) {
	key := "organisation"
	ref := sourceRef(m.Source, m.Organisation)
	if m.Abbreviation != "" {
		q := questions.Question{Topic: topicMembership, SourceRef: ref, Answer: m.Organisation, Accept: m.Aliases}
		if m.Kind != "" {
			q.Explanation = withStop(fmt.Sprintf("The %s is a %s", m.Abbreviation, m.Kind))
		}
		fc := q
		fc.Type = questions.Flashcard
		fc.Prompt = fmt.Sprintf("What does %s stand for?", m.Abbreviation)
		g.add(key, "flashcard-name", fc)
		sa := q
		sa.Type = questions.ShortAnswer
		sa.Prompt = fmt.Sprintf("Write out the full name of the organisation abbreviated %s.", m.Abbreviation)
		g.add(key, "short-name", sa)
	}
}

// memberList asks how many members there are and which ones, by blanking
// each member from the list in turn.
func (g *gen) memberList(m facts.Membership, memberNames []string) {
	n := len(memberNames)
	if n < 2 {
		return
	}
	key := "members"
	region := ""
	if m.Region != "" {
		region = m.Region + " "
	}
	list := questions.ListText(memberNames)
	q := questions.Question{Topic: topicMembership, SourceRef: sourceRef(m.Source, g.org+" has "+strconv.Itoa(n)+" members"),
		Explanation: withStop(fmt.Sprintf("%s brings together %d %scountries: %s", sentence(g.org), n, region, list))}
	count := q
	count.Type = questions.ShortAnswer
	count.Prompt = fmt.Sprintf("How many member countries does %s have, according to the source?", g.org)
	count.Answer = strconv.Itoa(n)
	g.add(key, "short-count", count)
	count.Prompt = fmt.Sprintf("How many countries does %s bring together?", g.org)
	g.multipleChoice(key, "mc-count", count, []string{count.Answer},
		[]string{strconv.Itoa(n + 1), strconv.Itoa(n - 1), strconv.Itoa(n + 2), strconv.Itoa(n + 3)})
	g.trueFalse(key, "tf-count", fmt.Sprintf("%s brings together %s %scountries.", sentence(g.org), spell(n), region), true, q)
	g.trueFalse(key, "tf-count-false", fmt.Sprintf("%s brings together %s %scountries.", sentence(g.org), spell(n+2), region), false, q)
	for i, name := range memberNames {
		others := make([]string, 0, n)
		for j, other := range memberNames {
			if j == i {
				others = append(others, questions.Blank)
			} else {
				others = append(others, other)
			}
		}
		c := q
		c.Type = questions.Cloze
		c.Prompt = fmt.Sprintf("The %s members of %s are %s.", spell(n), g.org, questions.ListText(others))
		c.Answer = name
		c.Accept = m.Members[i].Aliases
		g.add("member/"+questions.Slugify(name), "cloze-list", c)
	}
}

// memberNote asks which member a note is about, and turns it false by
// giving it to another member.
func (g *gen) memberNote(key string, c facts.Country, members []facts.Country, i int) {
	q := questions.Question{Topic: topicMembership, SourceRef: sourceRef(c.Source, c.Name+" "+c.Note),
		Explanation: withStop(c.Name + " " + c.Note)}
	sa := q
	sa.Type = questions.ShortAnswer
	sa.Prompt = fmt.Sprintf("Which member of %s %s?", g.org, c.Note)
	sa.Answer, sa.Accept = c.Name, c.Aliases
	g.add(key, "short-note", sa)
	mc := q
	mc.Prompt = fmt.Sprintf("Which of these members of %s %s?", g.org, c.Note)
	mc.Answer = c.Name
	var others []string
	for _, o := range rotate(members, i+1) {
		if o.Note == "" || o.Name == c.Name {
			others = append(others, o.Name)
		}
	}
	g.multipleChoice(key, "mc-note", mc, append([]string{c.Name}, c.Aliases...), others)
	fc := q
	fc.Type = questions.Flashcard
	fc.Prompt = fmt.Sprintf("What does the source say of %s's place in %s?", c.Name, g.org)
	fc.Answer = withStop(sentence(c.Name + " " + c.Note))
	g.add(key, "flashcard-note", fc)
	g.trueFalse(key, "tf-note", fmt.Sprintf("%s %s.", c.Name, c.Note), true, q)
	// The false twin gives the note to a member the sheet says nothing of,
	// a different one for each note where there are several.
	var plain []string
	for _, o := range members {
		if o.Note == "" {
			plain = append(plain, o.Name)
		}
	}
	if len(plain) > 0 {
		g.trueFalse(key, "tf-note-false", fmt.Sprintf("%s %s.", plain[i%len(plain)], c.Note), false, q)
	}
}

// memberNotesMatching pairs members with what the sheet says of them.
func (g *gen) memberNotesMatching(members []facts.Country) {
	var pairs []questions.Pair
	var refs []string
	for _, c := range members {
		if c.Note != "" {
			pairs = append(pairs, questions.Pair{Left: c.Name, Right: c.Note})
			refs = append(refs, c.Source)
		}
	}
	g.matchings("members", "match-notes-%d", topicMembership, fmt.Sprintf("Match each member of %s to what the source says of it.", g.org), pairs, refs)
}

func (g *gen) nonMember(c facts.Country, i int, memberNames, outsiders []string) {
	key := "non-member/" + questions.Slugify(c.Name)
	expl := fmt.Sprintf("%s is not a member of %s", c.Name, g.org)
	if c.Reason != "" {
		expl += "; it " + c.Reason
	}
	q := questions.Question{Topic: topicMembership, SourceRef: sourceRef(c.Source, expl), Explanation: withStop(expl)}
	g.trueFalse(key, "tf-member", fmt.Sprintf("%s is a member of %s.", c.Name, g.org), false, q)
	mc := q
	mc.Prompt = fmt.Sprintf("Which of these countries is not a member of %s?", g.org)
	mc.Answer = c.Name
	g.multipleChoice(key, "mc-not-member", mc, append([]string{c.Name}, outsiders...), rotate(memberNames, i))
	fc := q
	fc.Type = questions.Flashcard
	fc.Prompt = fmt.Sprintf("Is %s a member of %s?", c.Name, g.org)
	fc.Answer = withStop("No. " + expl)
	g.add(key, "flashcard", fc)
	if c.Reason != "" {
		sa := q
		sa.Type = questions.ShortAnswer
		sa.Prompt = fmt.Sprintf("Which country named in the source is not a member of %s and %s?", g.org, c.Reason)
		sa.Answer, sa.Accept = c.Name, c.Aliases
		g.add(key, "short-reason", sa)
		mc := sa
		mc.Prompt = fmt.Sprintf("Which of these countries is not a member of %s and %s?", g.org, c.Reason)
		g.multipleChoice(key, "mc-reason", mc, append([]string{c.Name}, c.Aliases...), append(rotate(memberNames, i+1), outsiders...))
	}
}

func (g *gen) departed(d facts.Departure, i int, members []facts.Country) {
	key := "departed/" + questions.Slugify(d.Name)
	did := "has frozen its participation in " + g.org
	if d.Status == facts.Left {
		did = "has left " + g.org
	}
	expl := d.Name + " " + did
	if d.Note != "" {
		expl = d.Name + " " + d.Note
	}
	q := questions.Question{Topic: topicMembership, SourceRef: sourceRef(d.Source, expl), Explanation: withStop(expl)}
	sa := q
	sa.Type = questions.ShortAnswer
	sa.Prompt = fmt.Sprintf("Which country %s?", did)
	sa.Answer, sa.Accept = d.Name, d.Aliases
	g.add(key, "short", sa)
	mc := sa
	mc.Prompt = fmt.Sprintf("Which of these countries %s?", did)
	var others []string
	for _, m := range rotate(members, i) {
		others = append(others, m.Name)
	}
	g.multipleChoice(key, "mc", mc, append([]string{d.Name}, g.departedNames()...), others)
	g.trueFalse(key, "tf", fmt.Sprintf("%s %s.", d.Name, did), true, q)
	for _, m := range rotate(members, i+1) {
		if !containsName(g.departedNames(), m.Name) && m.Name != d.Name {
			g.trueFalse(key, "tf-false", fmt.Sprintf("%s %s.", m.Name, did), false, q)
			break
		}
	}
	if d.When != nil {
		w := q
		w.Topic = questions.TopicDates
		w.Type = questions.ShortAnswer
		w.Prompt = fmt.Sprintf("When did %s's change in %s happen: it %s?", d.Name, g.org, strings.TrimPrefix(did, "has "))
		w.Answer, w.Accept = d.When.String(), d.When.Forms()
		g.add(key, "short-when", w)
	}
}

func (g *gen) departedNames() []string {
	var out []string
	for _, d := range g.sheet.Membership.Departed {
		out = append(out, d.Name)
	}
	return out
}

func containsName(list []string, name string) bool {
	for _, x := range list {
		if questions.Normalize(x) == questions.Normalize(name) {
			return true
		}
	}
	return false
}

// chunks splits pairs into groups of at most n, never leaving a group of one.
func chunks(pairs []questions.Pair, n int) [][]questions.Pair {
	if len(pairs) < 2 {
		return nil
	}
	var out [][]questions.Pair
	for len(pairs) > 0 {
		k := min(n, len(pairs))
		if len(pairs)-k == 1 {
			k--
		}
		out = append(out, pairs[:k])
		pairs = pairs[k:]
	}
	return out
}

// matchings adds matching questions of up to four pairs each; variant
// numbers them ("match-%d").
func (g *gen) matchings(key, variant, topic, prompt string, pairs []questions.Pair, refs []string) {
	for i, group := range chunks(pairs, 4) {
		g.add(key, fmt.Sprintf(variant, i+1), questions.Question{
			Topic: topic, Type: questions.Matching, Prompt: prompt,
			Pairs: group, Answer: questions.PairsText(group), SourceRef: sources(refs...),
		})
	}
}
