package extract

import (
	"regexp"
	"slices"
	"strings"

	"quizd/questions"
	"quizd/questions/facts"
)

var (
	memberCueRE  = regexp.MustCompile(`(?i)\b(?:members?\s+(?:are|include|includes|were)|brings?\s+together|comprises?|consists?\s+of|is\s+made\s+up\s+of|unites|member\s+states\s+are|its\s+members)\b`)
	regionRE     = regexp.MustCompile(`(?i)\b([\w-]+)\s+(?:countries|states|nations)\b`)
	foundedRE    = regexp.MustCompile(`(?i)\b(?:founded|established|created|formed|set\s+up|launched)\b`)
	frozenRE     = regexp.MustCompile(`(?i)\b(?:froze|frozen|suspended|suspends|freezes)\s+(?:its|their)\s+(?:participation|membership)`)
	leftRE       = regexp.MustCompile(`(?i)\b(?:withdrew|has\s+withdrawn|have\s+withdrawn|left|quit|exited|pulled\s+out)\s+(?:of\s+|from\s+)?(?:the\s+)?`)
	notMemberRE  = regexp.MustCompile(`(?i)\b(?:is|are|was|remains)\s+not\s+(?:a|an)?\s*(?:[\w-]+\s+)?(?:member|part\s+of)|\bhas\s+never\s+(?:joined|been\s+a\s+member)|\bnever\s+joined\b|\bstay(?:s|ed)?\s+out(?:side)?\s+of\b`)
	neutralityRE = regexp.MustCompile(`(?i)\bneutrality\b|\bnon-aligned\b|\bself-isolation\b`)
	concessiveRE = regexp.MustCompile(`(?i),\s+(?:although|though|even\s+though|but|because|since)\s+(?:it|they)\s+(.+?)\.?$`)
	appositiveRE = regexp.MustCompile(`^,\s+([^,]+),`)
)

func (x *extractor) membership() {
	m := &x.sheet.Membership
	// The members: the sentence that lists the most countries after a cue.
	for _, st := range x.doc.Sentences {
		cue := memberCueRE.FindStringIndex(st.Text)
		if cue == nil {
			continue
		}
		var names []facts.Country
		for _, c := range countries(st.Text) {
			if c.Start >= cue[0] && c.Kind == byName && !hasCountry(names, c.Country) {
				names = append(names, facts.Country{Name: c.Country, Source: ref(st)})
			}
		}
		if len(names) >= 2 && len(names) > len(m.Members) {
			m.Members = names
			if g := regionRE.FindStringSubmatch(st.Text[cue[0]:]); g != nil && !isNumberWord(g[1]) {
				m.Region = g[1]
			}
			if m.Organisation == "" {
				m.Organisation = "the organisation"
			}
		}
	}
	for _, st := range x.doc.Sentences {
		x.founding(st)
		x.departure(st)
		x.nonMember(st)
	}
}

func isNumberWord(w string) bool {
	n := questions.Normalize(w)
	return n != "" && n[0] >= '0' && n[0] <= '9'
}

func hasCountry(cs []facts.Country, name string) bool {
	return slices.ContainsFunc(cs, func(c facts.Country) bool { return c.Name == name })
}

// founding reads "Founded in 1992, the X ..." or "The X was established on
// 12 May 1998".
func (x *extractor) founding(st sentence) {
	m := &x.sheet.Membership
	if m.Founded != nil || m.Organisation == "" {
		return
	}
	loc := foundedRE.FindStringIndex(st.Text)
	if loc == nil || !x.mentionsOrg(st.Text) && loc[0] > 0 {
		return
	}
	for _, dm := range findDates(st.Text) {
		if dm.Start >= loc[1] && dm.Start-loc[1] < 40 && dm.Date.Year != 0 {
			d := facts.Date{Date: dm.Date}
			m.Founded = &d
			if m.Source == "" {
				m.Source = ref(st)
			}
			return
		}
	}
}

// departure reads "X has frozen its participation" and "X withdrew from
// the organisation".
func (x *extractor) departure(st sentence) {
	m := &x.sheet.Membership
	status := facts.Status("")
	loc := frozenRE.FindStringIndex(st.Text)
	if loc != nil {
		status = facts.Frozen
	} else if l := leftRE.FindStringIndex(st.Text); l != nil && x.mentionsOrg(st.Text[l[1]:]) {
		loc, status = l, facts.Left
	}
	if status == "" {
		return
	}
	subj := lastCountryBefore(st.Text, loc[0])
	if subj == "" {
		return
	}
	for _, d := range m.Departed {
		if d.Name == subj {
			return
		}
	}
	dep := facts.Departure{Name: subj, Status: status, Source: ref(st)}
	for _, dm := range findDates(st.Text) {
		if dm.Start > loc[0] && dm.Date.Year != 0 {
			d := facts.Date{Date: dm.Date}
			dep.When = &d
			break
		}
	}
	m.Departed = append(m.Departed, dep)
	// A member that left is no longer listed as one; one that froze its
	// participation still is.
	if status == facts.Left {
		m.Members = slices.DeleteFunc(m.Members, func(c facts.Country) bool { return c.Name == subj })
	}
}

// nonMember reads "X is not a member", "X has never joined" and, once the
// members are known, a country said to be neutral.
func (x *extractor) nonMember(st sentence) {
	m := &x.sheet.Membership
	loc := notMemberRE.FindStringIndex(st.Text)
	if loc == nil {
		loc = neutralityRE.FindStringIndex(st.Text)
		if loc == nil || len(m.Members) == 0 {
			return
		}
	}
	subj := lastCountryBefore(st.Text, loc[0])
	if subj == "" || hasCountry(m.Members, subj) || hasCountry(m.NonMembers, subj) {
		return
	}
	c := facts.Country{Name: subj, Source: ref(st)}
	c.Reason = reasonFor(st.Text, subj, loc)
	m.NonMembers = append(m.NonMembers, c)
}

// reasonFor finds what a sentence says of a non-member besides that it is
// not one: an appositive ("Uzbekistan, another important player, is not a
// member"), a concession ("..., although it borders the river") or the
// predicate itself ("Turkmenistan has a policy of neutrality").
func reasonFor(s, subj string, cue []int) string {
	if g := concessiveRE.FindStringSubmatch(s); g != nil {
		return strings.TrimSpace(g[1])
	}
	i := strings.Index(s, subj)
	if i < 0 {
		return ""
	}
	after := s[i+len(subj):]
	if g := appositiveRE.FindStringSubmatch(after); g != nil {
		app := strings.TrimSpace(g[1])
		switch {
		case strings.HasPrefix(app, "which "):
			// "Tuvalu, which has never joined, follows its own rules."
			rest := strings.TrimSpace(after[len(g[0]):])
			return strings.TrimSuffix(rest, ".")
		case !strings.HasPrefix(app, "for ") && !strings.HasPrefix(app, "however"):
			return "is " + app
		}
		after = after[len(g[0]):]
	}
	if neutralityRE.MatchString(s) && !notMemberRE.MatchString(s) {
		return strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(after, ",")), ".")
	}
	return ""
}

// lastCountryBefore returns the country named closest before offset end.
func lastCountryBefore(s string, end int) string {
	name := ""
	for _, c := range countries(s) {
		if c.Start < end {
			name = c.Country
		}
	}
	return name
}
