package generate

import (
	"fmt"
	"slices"
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
		g.member(m, c, i)
	}
	g.memberNotesMatching(m.Members)
	for i, c := range m.NonMembers {
		g.nonMember(c, i, memberNames, outsiders)
	}
	for i, d := range m.Departed {
		g.departed(d, i, m.Members)
	}
}

// member asks what the sheet says of one member: its note where it has
// one, else only that it belongs (the member list asks the rest).
func (g *gen) member(m facts.Membership, c facts.Country, i int) {
	key := "member/" + questions.Slugify(c.Name)
	f := g.newFact(key, 0)
	q := questions.Question{Topic: topicMembership, SourceRef: sourceRef(c.Source, c.Name+" is a member of "+g.org)}
	if c.Note != "" {
		g.memberNote(f, c, m.Members, i)
	} else {
		// The member list is asked as a whole; one statement each is
		// enough (a blank in the list would show the other answers).
		f.spareStatement("tf-member", fmt.Sprintf("%s is a member of %s.", c.Name, g.org), q)
	}
	f.done()
}

// membersContext names every member, for the explanation of a question on one.
func (g *gen) membersContext(m facts.Membership) string {
	if len(m.Members) < 2 {
		return ""
	}
	return withStop(fmt.Sprintf("The %s members are %s", spell(len(m.Members)), questions.ListText(names(m.Members))))
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

// organisation asks for the name behind the abbreviation (the founding
// date is asked with the other dates).
func (g *gen) organisation(m facts.Membership) {
	if m.Abbreviation == "" {
		return
	}
	f := g.newFact("organisation", 1)
	q := questions.Question{Topic: topicMembership, SourceRef: sourceRef(m.Source, m.Organisation), Answer: m.Organisation, Accept: m.Aliases}
	if m.Kind != "" {
		q.Explanation = withStop(fmt.Sprintf("The %s is a %s", m.Abbreviation, m.Kind))
	}
	sa := q
	sa.Type = questions.ShortAnswer
	sa.Prompt = fmt.Sprintf("Write out the full name of the organisation abbreviated %s.", m.Abbreviation)
	f.ask("short-name", sa)
	fc := q
	fc.Type = questions.Flashcard
	fc.Prompt = fmt.Sprintf("What does %s stand for?", m.Abbreviation)
	f.ask("flashcard-name", fc)
	f.done()
}

// minListed is the fewest members a sheet lists for the generator to ask
// how many there are: an article that names two has most often been read
// from one sentence that names two of them ("Fiji and Samoa, both
// members, ..."), not from its list of members.
const minListed = 3

// memberList asks how many members there are and which ones, where the
// count can be trusted: the sheet lists at least minListed members, and
// names no country a member elsewhere that its list lacks.
func (g *gen) memberList(m facts.Membership, memberNames []string) {
	n := len(memberNames)
	if n < minListed {
		if n > 0 {
			g.dropped = append(g.dropped, fmt.Sprintf("The sheet lists only %s of the members of %s (%s): too few to ask how many there are, or which.",
				spell(n), g.org, questions.ListText(memberNames)))
		}
		return
	}
	if others := g.membersNamedElsewhere(memberNames); len(others) > 0 {
		g.dropped = append(g.dropped, fmt.Sprintf("The sheet lists %s members of %s but calls %s a member elsewhere: how many there are, and which, is not asked.",
			spell(n), g.org, questions.ListText(others)))
		return
	}
	// The source's own count, where it gives one: the list of names may be
	// short of it, and is then not asked for as the whole membership.
	complete := true
	if m.Count > n {
		n, complete = m.Count, false
	}
	f := g.newFact("members", 0)
	region := ""
	if m.Region != "" {
		region = m.Region + " "
	}
	list := questions.ListText(memberNames)
	q := questions.Question{Topic: topicMembership, SourceRef: sourceRef(m.Source, g.org+" has "+strconv.Itoa(n)+" members")}
	count := q
	count.Type = questions.ShortAnswer
	count.Prompt = fmt.Sprintf("How many member countries does %s have, according to the source?", g.org)
	count.Answer = strconv.Itoa(n)
	count.Accept = []string{spell(n)}
	count.Explanation = withStop("They are " + list)
	if !complete {
		count.Explanation = withStop("Among them are " + list)
	}
	f.ask("short-count", count)
	if !complete {
		tf := q
		tf.Explanation = count.Explanation
		f.statement("tf-count", fmt.Sprintf("%s has %s %smember countries.", sentence(g.org), spell(n), region),
			"tf-count-false", fmt.Sprintf("%s has %s %smember countries.", sentence(g.org), spell(n+2), region), tf)
		f.done()
		return
	}
	fc := q
	fc.Type = questions.Flashcard
	fc.Prompt = fmt.Sprintf("Name the %s member countries of %s.", spell(n), g.org)
	fc.Answer = list
	var gone []string
	for _, d := range m.Departed {
		if d.Status == facts.Frozen {
			gone = append(gone, d.Name+" has frozen its participation")
		} else {
			gone = append(gone, d.Name+" has left")
		}
	}
	fc.Explanation = joinSentences(gone...)
	f.ask("flashcard-list", fc)
	tf := q
	tf.Explanation = withStop("They are " + list)
	f.statement("tf-count", fmt.Sprintf("%s has %s %smember countries.", sentence(g.org), spell(n), region),
		"tf-count-false", fmt.Sprintf("%s has %s %smember countries.", sentence(g.org), spell(n+2), region), tf)
	f.done()
}

// membersNamedElsewhere are the countries the sheet says are members
// elsewhere (the members of a group of members that reacted) that are
// not in its list of members. A frozen member is not one of them: sheets
// differ on whether it still counts.
func (g *gen) membersNamedElsewhere(memberNames []string) []string {
	var out []string
	add := func(name string) {
		if !containsName(memberNames, name) && !containsName(out, name) {
			out = append(out, name)
		}
	}
	for _, r := range g.sheet.Reactions {
		if strings.Contains(strings.ToLower(r.Who), "member") {
			for _, name := range r.Members {
				add(name)
			}
		}
	}
	return out
}

// memberNote asks which member a note is about, and turns it false by
// giving it to another member.
func (g *gen) memberNote(f *fact, c facts.Country, members []facts.Country, i int) {
	q := questions.Question{Topic: topicMembership, SourceRef: sourceRef(c.Source, c.Name+" "+c.Note)}
	// "Which member of the CSTO leads it?", not "... leads the CSTO?".
	inner := strings.ReplaceAll(c.Note, g.org, "it")
	// The note is asked once, typed or picked, taking turns from one member
	// to the next (the two would differ by a few words).
	mc := q
	mc.Prompt = fmt.Sprintf("Which of these members of %s %s?", g.org, inner)
	mc.Answer = c.Name
	var others []string
	for _, o := range rotate(members, i+1) {
		if o.Note == "" || o.Name == c.Name {
			others = append(others, o.Name)
		}
	}
	if i%2 == 1 {
		f.choice("mc-note", mc, append([]string{c.Name}, c.Aliases...), others)
	}
	if len(f.cands) == 0 {
		sa := q
		sa.Type = questions.ShortAnswer
		sa.Prompt = fmt.Sprintf("Which member of %s %s?", g.org, inner)
		sa.Answer, sa.Accept = c.Name, c.Aliases
		f.ask("short-note", sa)
	}
	// The false twin gives the note to a member the sheet says nothing of,
	// a different one for each note where there are several.
	var plain []string
	for _, o := range members {
		if o.Note == "" && !containsName(g.departedNames(), o.Name) {
			plain = append(plain, o.Name)
		}
	}
	falsehood := ""
	if len(plain) > 0 {
		falsehood = fmt.Sprintf("%s %s.", plain[i%len(plain)], c.Note)
	}
	f.statement("tf-note", fmt.Sprintf("%s %s.", c.Name, c.Note), "tf-note-false", falsehood, q)
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
	g.matchings(matchSet{key: "members", variant: "match-notes-%d", topic: topicMembership,
		prompt: fmt.Sprintf("Match each member of %s to what the source says of it.", g.org), pairs: pairs, refs: refs})
}

func (g *gen) nonMember(c facts.Country, i int, memberNames, outsiders []string) {
	key := "non-member/" + questions.Slugify(c.Name)
	f := g.newFact(key, 0)
	expl := fmt.Sprintf("%s is not a member of %s", c.Name, g.org)
	q := questions.Question{Topic: topicMembership, SourceRef: sourceRef(c.Source, expl)}
	if c.Reason != "" {
		q.Explanation = joinSentences(expl, c.Name+" "+c.Reason)
		mc := q
		mc.Prompt = fmt.Sprintf("Which of these countries is not a member of %s and %s?", g.org, c.Reason)
		mc.Answer = c.Name
		mc.Explanation = ""
		f.choice("mc-reason", mc, append([]string{c.Name}, outsiders...), rotate(memberNames, i+1))
	}
	f.statement("", "", "tf-member", fmt.Sprintf("%s is a member of %s.", c.Name, g.org), q)
	fc := q
	fc.Type = questions.Flashcard
	fc.Prompt = fmt.Sprintf("Is %s a member of %s?", c.Name, g.org)
	fc.Answer = "No."
	if c.Reason != "" {
		fc.Answer = withStop(fmt.Sprintf("No. It %s", c.Reason))
		fc.Explanation = ""
	}
	f.ask("flashcard", fc)
	f.done()
}

func (g *gen) departed(d facts.Departure, i int, members []facts.Country) {
	key := "departed/" + questions.Slugify(d.Name)
	f := g.newFact(key, 0)
	did := "has frozen its participation in " + g.org
	if d.Status == facts.Left {
		did = "has left " + g.org
	}
	q := questions.Question{Topic: topicMembership, SourceRef: sourceRef(d.Source, d.Name+" "+did)}
	if d.Note != "" {
		q.Explanation = withStop(sentence("it " + d.Note))
	}
	sa := q
	sa.Type = questions.ShortAnswer
	sa.Prompt = fmt.Sprintf("Which country %s?", did)
	sa.Answer, sa.Accept = d.Name, d.Aliases
	f.ask("short", sa)
	falsehood := ""
	for _, m := range rotate(members, i+1) {
		if !containsName(g.departedNames(), m.Name) && m.Name != d.Name {
			falsehood = fmt.Sprintf("%s %s.", m.Name, did)
			break
		}
	}
	f.statement("tf", fmt.Sprintf("%s %s.", d.Name, did), "tf-false", falsehood, q)
	mc := sa
	mc.Prompt = fmt.Sprintf("Which of these countries %s?", did)
	var others []string
	for _, m := range rotate(members, i) {
		others = append(others, m.Name)
	}
	f.choice("mc", mc, append([]string{d.Name}, g.departedNames()...), others)
	if d.When != nil {
		w := q
		w.Topic = questions.TopicDates
		w.Type = questions.ShortAnswer
		w.Prompt = fmt.Sprintf("When did %s %s?", d.Name, strings.Replace(strings.TrimPrefix(did, "has "), "frozen", "freeze", 1))
		if d.Status == facts.Left {
			w.Prompt = fmt.Sprintf("When did %s leave %s?", d.Name, g.org)
		}
		w.Answer, w.Accept = d.When.String(), d.When.Forms()
		f.ask("short-when", w)
	}
	f.done()
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

// matchSet is the pairs of one kind of matching question ("each event to
// its date"): dealt into questions of three or four pairs, never two that
// clash in one question (a group and its member, two look-alike dates).
type matchSet struct {
	key     string // the fact key, for IDs
	variant string // "match-%d", numbered from 1
	topic   string
	prompt  string // "Match each event to its date."
	pairs   []questions.Pair
	refs    []string
	// clash reports two pairs (by index) that may not share a question.
	clash func(i, j int) bool
	// keep reports whether a question of these pairs is worth asking.
	keep func(group []int) bool
}

// matchings adds the matching questions of m. Pairs are dealt in order
// into as few questions as hold them at four each, evenly, so that no
// question is left with one or two pairs; a question of fewer than three
// pairs has nothing to match and is dropped.
func (g *gen) matchings(m matchSet) {
	if len(m.pairs) < 3 {
		return
	}
	clash := m.clash
	m.clash = func(i, j int) bool {
		// Two pairs with one side alike ("Prime Minister" for two people)
		// would leave the student two right answers.
		a, b := m.pairs[i], m.pairs[j]
		if questions.Normalize(a.Left) == questions.Normalize(b.Left) || questions.Normalize(a.Right) == questions.Normalize(b.Right) {
			return true
		}
		return clash != nil && clash(i, j)
	}
	n := (len(m.pairs) + 3) / 4
	size := (len(m.pairs) + n - 1) / n
	var groups [][]int
	for i := range m.pairs {
		placed := false
		for gi, grp := range groups {
			if len(grp) == size || m.clash != nil && slices.ContainsFunc(grp, func(j int) bool { return m.clash(i, j) }) {
				continue
			}
			groups[gi] = append(grp, i)
			placed = true
			break
		}
		if !placed {
			groups = append(groups, []int{i})
		}
	}
	var kept [][]int
	for _, grp := range groups {
		if len(grp) >= 3 && (m.keep == nil || m.keep(grp)) {
			kept = append(kept, grp)
		}
	}
	for i, grp := range kept {
		var pairs []questions.Pair
		var refs []string
		for _, j := range grp {
			pairs = append(pairs, m.pairs[j])
			refs = append(refs, m.refs[j])
		}
		prompt := m.prompt
		if len(kept) > 1 {
			prompt = fmt.Sprintf("%s (part %d of %d).", strings.TrimSuffix(m.prompt, "."), i+1, len(kept))
		}
		v := fmt.Sprintf(m.variant, i+1)
		f := g.newFact(m.key+"/"+v, 1)
		f.askAs(m.key, v, questions.Question{
			Topic: m.topic, Type: questions.Matching, Prompt: prompt,
			Pairs: pairs, Answer: questions.PairsText(pairs), SourceRef: sources(refs...),
		})
		f.done()
	}
}
