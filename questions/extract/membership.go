package extract

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"quizd/questions"
	"quizd/questions/facts"
)

var (
	memberCueRE = regexp.MustCompile(`(?i)\b(?:members?\s+(?:are|include|includes|were)|brings?\s+together|comprises?|consists?\s+of|is\s+made\s+up\s+of|unites|member\s+states\s+are|its\s+members|founding\s+members?|(?:established|founded|created|formed|set\s+up|launched|signed|ratified)\b[^.;]{0,60}?\sby|membership\s+(?:includes?|comprises?|consists\s+of|is\s+made\s+up\s+of)|member\s+(?:states|countries|nations)\s*(?:[(—–]|,\s+namely|\s+such\s+as|,?\s+including)|members\s*[(—–]|(?:it|which)\s+counts|among\s+(?:its|the)\s+members|members?\s+(?:such\s+as|like|including)|other\s+members,?\s|member\s+(?:states|countries|nations)\s+(?:[A-Z]))|\b(?:members?(?:\s+states)?|membership)\s*:`)
	// foundingVerbRE follows a list of founders: "Chile, Peru and Bolivia
	// signed the treaty".
	foundingVerbRE = regexp.MustCompile(`(?i)\b(?:signed|founded|established|created|formed|set\s+up|launched|ratified)\b`)
	itRE           = regexp.MustCompile(`^\s+(?:it|the\s+(?:organi[sz]ation|body|bloc|alliance|group))\b`)
	foundingWhatRE = regexp.MustCompile(`(?i)\b(?:treaty|charter|agreement|accord|convention|compact|pact|protocol|statute)\b`)
	// joinedRE follows a list of later members: "Ecuador and Colombia
	// joined in 2011".
	joinedRE = regexp.MustCompile(`(?i)\b(?:joined|rejoined|re-joined|came\s+aboard|signed\s+up|signed\s+on|came\s+in\s+in\b|followed\s+(?:on|in|at|a\s+year|\w+\s+years?\s+later|later|soon)|acceded\s+to|became\s+(?:(?:a|an|the)\s+)?(?:\w+\s+)?members?|(?:was|were)\s+admitted|followed\s+in\s+\d{4}|came\s+in\s+(?:(?:a|one|two|three|four|five|\d+)\s+years?\s+later|later|together|too|as\s+well|in\s+\d{4})|came\s+in(?:[.,;]|$)|(?:is|are)\s+one\s+of\s+the\s+(?:\w+\s+)?members|(?:completed|rounded\s+out|rounded\s+off)\s+(?:the\s+)?(?:\w+\s+)?membership|(?:is|are|was|were|has\s+been|have\s+been)\s+(?:also\s+|now\s+|still\s+)?(?:a\s+|an\s+)?(?:full\s+|founding\s+|original\s+)?members?\b(?:\s+(?:of|since))?)\b`)
	// memberBeforeRE follows a list of members: "Chile, Peru and Bolivia
	// are members of the compact", "... make up the bloc".
	memberBeforeRE = regexp.MustCompile(`(?i)\b(?:(?:are|were|have\s+been)\s+(?:all\s+|the\s+)?(?:full\s+|founding\s+|original\s+)?members\b|make\s+up\s+the\b|made\s+up\s+the\b|(?:both|all)\s+(?:of\s+them\s+)?members\b|belong\s+to\s+the\b)`)
	// accessionRE names a later member by its accession: "the accession
	// of Thailand was approved".
	accessionRE = regexp.MustCompile(`(?i)\b(?:accession|admission|entry)\s+of\s+(?:the\s+)?`)
	// enlargementRE says a sentence (or the one before) is about members
	// coming in, so that a verbless "Mongolia in May 2014" names one.
	enlargementRE = regexp.MustCompile(`(?i)\b(?:joined|join|enlargement|accession|admitted|followed|came\s+in|new\s+members?|newest\s+members?)\b`)
	// joinedByRE is a passive joining: "were joined in 2008 by".
	joinedByRE = regexp.MustCompile(`(?i)\b(?:was|were)\s+(?:later\s+)?joined\s+(?:in\s+\d{4}\s+)?by\s+`)
	// memberAppositiveRE calls a country a member in an apposition:
	// "Chile, the largest member,".
	memberAppositiveRE = regexp.MustCompile(`\b([A-Z][\p{L}]+(?:\s+[A-Z][\p{L}]+)*),\s+(?:the|a|its|one)\s+(?:of\s+the\s+)?(?:[a-z]+\s+){0,2}members?\b`)
	// andWhenRE follows the country of an elliptical clause of joining:
	// "and Mauritania in 2011", "and Sri Lanka a year after that".
	andWhenRE = regexp.MustCompile(`^\s+(?:in\b|a\s+year|(?:\w+\s+)?years?\s+(?:later|after)|later|soon\s+after|the\s+(?:following|next)\s+year)`)
	// soDidRE opens a sentence that repeats the last one's verb of joining.
	soDidRE = regexp.MustCompile(`^(?:So|Then|Later)\s+(?:did|came)\s+`)
	// verblessRE is a clause that is only a country and when: "Slovenia
	// in 2018", "Mongolia in May 2014".
	verblessRE  = regexp.MustCompile(`^\s*(?:and\s+)?(?:the\s+)?[A-Z][\p{L}]+(?:\s+(?:and\s+)?[A-Z][\p{L}]+)*\s+in\s+(?:(?:early|mid|late)\s+)?(?:[A-Z][a-z]+\s+)?\d{4}\s*$`)
	andInRE     = regexp.MustCompile(`^[^;]*?(?:\band|,)\s+(?:the\s+)?$`)
	regionRE    = regexp.MustCompile(`(?i)\b([\w-]+)\s+(?:countries|states|nations)\b`)
	foundedRE   = regexp.MustCompile(`(?i)\b(?:founded|established|created|formed|set\s+up|launched|founding\s+(?:treaty|charter|agreement|convention|accord)\s+was\s+signed)\b`)
	frozenRE    = regexp.MustCompile(`(?i)\b(?:(?:froze|frozen|suspended|suspends|freezes)\s+(?:its|their)\s+(?:participation|membership|contributions|payments|activity|activities)|(?:was|were|has\s+been|have\s+been)\s+suspended|(?:participation|membership|voting\s+rights?)\s+(?:was|were|has\s+been|have\s+been|is|are)\s+(?:frozen|suspended))`)
	leftRE      = regexp.MustCompile(`(?i)\b(?:withdrew|has\s+withdrawn|have\s+withdrawn|left|quit|exited|pulled\s+out|announced\s+(?:its|their)\s+withdrawal|(?:was|were)\s+expelled|membership\s+lapsed|walked\s+out|stepped\s+away|quit|gave\s+notice\s+of\s+(?:its\s+)?withdrawal|broke\s+(?:away\s+)?(?:with|from)|(?:was|were)\s+(?:thrown|kicked)\s+out|(?:has|have)\s+been\s+out\s+since|formally\s+left|ended\s+(?:its|their)\s+membership|membership\s+ended|ceased\s+to\s+be\s+(?:a\s+)?members?|(?:renounced|denounced)\s+the\s+(?:treaty|charter|convention|agreement|statute)|gave\s+up\s+(?:its|their)\s+(?:membership|seat))\s+(?:of\s+|from\s+)?(?:the\s+)?`)
	notMemberRE = regexp.MustCompile(`(?i)\b(?:is|are|was|were|remains|remain)\s+not\s+(?:a|an)?\s*(?:[\w-]+\s+)?(?:member|part\s+of|party|parties|signatory|signatories)|\bhas\s+never\s+(?:joined|been\s+a\s+member)|\bnever\s+joined\b|\bstay(?:s|ed)?\s+out(?:side)?\b|\bremain(?:s|ed)?\s+outside\b|\b(?:neither|none)\s+of\s+which\s+(?:belongs?|is|are|has|have)\b|\b(?:declined|refused)\s+to\s+(?:sign|join|ratify)|\bhas\s+(?:never|not)\s+ratified\b|\b(?:has|have)\s+applied\s+(?:to\s+join|for\s+membership)`)
	// departureNounRE names a departure by its noun: "the exit of Chile",
	// "Chile's departure", "the membership of Peru was suspended", "Peru's
	// suspension".
	departureNounRE = regexp.MustCompile(`\b(?:[Ee]xit|[Dd]eparture|[Ee]xpulsion)\s+of\s+(?:the\s+)?([A-Z][\p{L}]+(?:\s+[A-Z][\p{L}]+)*)\b(?:[^'’\p{L}]|$)|\b([A-Z][\p{L}]+(?:\s+[A-Z][\p{L}]+)*)['’]s\s+(?:exit|departure|expulsion|suspension)\b|\b[Mm]embership\s+of\s+(?:the\s+)?([A-Z][\p{L}]+(?:\s+[A-Z][\p{L}]+)*)\s+(?:was|has\s+been)\s+suspended`)
	// walkedOutRE is a walk-out, which leaves the body only when it names it.
	walkedOutRE = regexp.MustCompile(`(?i)walked\s+out`)
	// impliedOrgRE is a departure that can only be from the body: "its
	// membership lapsed", "was expelled".
	impliedOrgRE = regexp.MustCompile(`(?i)membership\s+lapsed|expelled|withdrawal|thrown\s+out|kicked\s+out|been\s+out\s+since|broke\s+(?:away\s+)?(?:with|from)`)
	// signedDocRE is the signing of a founding document.
	signedDocRE = regexp.MustCompile(`(?i)\b(?:(?:founding\s+)?(?:statute|charter|treaty|convention|agreement|accord)\s+(?:was|were)\s+signed|(?:which|that)\s+(?:they|the\s+founders|the\s+members)\s+signed|(?:signed|adopted)\s+(?:the|its)\s+(?:founding\s+)?(?:statute|charter|treaty|convention|agreement))\b`)
	// neitherRE names non-members after "neither" or "nor": "and neither
	// is Hungary", "neither Guyana nor Suriname has joined".
	neitherRE    = regexp.MustCompile(`\b(?:[Nn]either|[Nn]or)\s+(?:is|are|has|have|does|do)\s+(?:the\s+)?[A-Z][\p{L}]+(?:\s+[A-Z][\p{L}]+)*|\b[Nn]either\s+(?:the\s+)?[A-Z][\p{L}]+(?:\s+[A-Z][\p{L}]+)*\s+nor\s+(?:the\s+)?[A-Z][\p{L}]+(?:\s+[A-Z][\p{L}]+)*\s+(?:has|have|is|are)\s+(?:ever\s+)?(?:joined|been\s+a\s+member|a\s+member|members|a\s+party|signed)`)
	neutralityRE = regexp.MustCompile(`(?i)\bneutrality\b|\bnon-aligned\b|\bself-isolation\b`)
	concessiveRE = regexp.MustCompile(`(?i),\s+(?:although|though|even\s+though|but|because|since)\s+(?:it|they)\s+(.+?)\.?$`)
	appositiveRE = regexp.MustCompile(`^,\s+([^,]+),`)
	// listGapRE is what stands between two items of one list of countries.
	listGapRE = regexp.MustCompile(`^(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|as\s+well\s+as)\s+|\s*;\s*(?:and\s+)?)(?:the\s+)?$`)
)

func (x *extractor) membership() {
	m := &x.sheet.Membership
	// The members: the sentence that lists the most countries after a cue
	// (or before a founding verb); then those said to have joined later.
	var later []facts.Country
	for _, st := range x.doc.Sentences {
		text := st.Text
		if strings.HasSuffix(text, ":") && st.Next != "" {
			// "Members:" and a bulleted list in the next paragraph.
			text += " " + st.Next
		}
		var names []facts.Country
		rest := "" // what follows the founders, where later members may be named
		cue := memberCueRE.FindStringIndex(text)
		if cue != nil {
			for _, c := range countries(text) {
				if c.Start >= cue[0] && c.Kind == byName && !hasCountry(names, c.Country) {
					names = append(names, facts.Country{Name: c.Country, Source: ref(st)})
				}
			}
		}
		if len(names) < 2 {
			// "Chile, Peru and Bolivia are the founding members": the
			// list stands before the words.
			if cue != nil {
				if list := listBefore(text, cue[0]); len(list) >= 2 {
					names = names[:0]
					for _, c := range list {
						names = append(names, facts.Country{Name: c, Source: ref(st)})
					}
				}
			}
		}
		if len(names) < 2 {
			// The founding verb with the longest list of countries before it.
			verbs := foundingVerbRE.FindAllStringIndex(text, -1)
			verbs = append(verbs, memberBeforeRE.FindAllStringIndex(text, -1)...)
			for _, v := range verbs {
				if !x.mentionsOrg(text) && !foundingWhatRE.MatchString(text[v[1]:]) && !itRE.MatchString(text[v[1]:]) {
					continue
				}
				if list := listBefore(text, v[0]); len(list) > len(names) {
					names = names[:0]
					for _, c := range list {
						if !hasCountry(names, c) {
							names = append(names, facts.Country{Name: c, Source: ref(st)})
						}
					}
					rest = text[v[1]:]
				}
			}
		}
		if len(names) >= 2 && len(names) > len(m.Members) {
			m.Members = names
			if g := regionRE.FindStringSubmatch(text); g != nil && !isNumberWord(g[1]) {
				m.Region = g[1]
			}
			if m.Organisation == "" {
				m.Organisation = "the organisation"
			}
			if rest == "" {
				continue
			}
			text = rest // "A and B founded it, and C and D joined in 2020"
		}
		if !notMemberRE.MatchString(text) && (x.mentionsOrg(text) || len(m.Members) > 0) {
			for _, v := range joinedRE.FindAllStringIndex(text, -1) {
				joined := listBefore(text, v[0])
				// "Senegal followed in 2008 and Mauritania in March 2011."
				joined = append(joined, andInAfter(text[v[1]:])...)
				for _, c := range joined {
					if !hasCountry(later, c) {
						later = append(later, facts.Country{Name: c, Source: ref(st)})
					}
				}
			}
		}
	}
	later = append(later, x.laterMembers()...)
	// "Chile and Peru were joined in 2008 by Bolivia."
	for _, st := range x.doc.Sentences {
		for _, g := range joinedByRE.FindAllStringIndex(st.Text, -1) {
			if before := listBefore(st.Text, g[0]); len(before) >= 2 && len(m.Members) == 0 {
				for _, c := range before {
					m.Members = append(m.Members, facts.Country{Name: c, Source: ref(st)})
				}
				if m.Organisation == "" {
					m.Organisation = "the organisation"
				}
			}
			for _, c := range listAfter(st.Text[g[1]:]) {
				if !hasCountry(later, c) {
					later = append(later, facts.Country{Name: c, Source: ref(st)})
				}
			}
		}
		// "Chile, the largest member, ..."
		for _, g := range memberAppositiveRE.FindAllStringSubmatchIndex(st.Text, -1) {
			if c := Country(st.Text[g[2]:g[3]]); c != "" && !hasCountry(later, c) {
				later = append(later, facts.Country{Name: c, Source: ref(st)})
			}
		}
	}
	for _, c := range later {
		if !hasCountry(m.Members, c.Name) && len(m.Members) > 0 {
			m.Members = append(m.Members, c)
		}
	}
	for _, st := range x.doc.Sentences {
		x.founding(st)
		x.departure(st)
		x.nonMember(st)
	}
	x.rejoined()
	x.memberCount()
	x.observers()
}

// rejoinedRE follows a country that came back after it left.
var rejoinedRE = regexp.MustCompile(`(?i)\b(?:rejoined|re-joined|returned\s+to\s+the|came\s+back|was\s+readmitted)\b`)

// rejoined takes off the departed a country said to have come back: it
// is a member again.
func (x *extractor) rejoined() {
	m := &x.sheet.Membership
	for _, st := range x.doc.Sentences {
		for _, loc := range rejoinedRE.FindAllStringIndex(st.Text, -1) {
			subjects := listBefore(st.Text, loc[0])
			if len(subjects) == 0 {
				if subj := lastCountryBefore(st.Text, loc[0]); subj != "" {
					subjects = []string{subj}
				}
			}
			for _, c := range subjects {
				if !slices.ContainsFunc(m.Departed, func(d facts.Departure) bool { return d.Name == c && d.Status == facts.Left }) {
					continue
				}
				m.Departed = slices.DeleteFunc(m.Departed, func(d facts.Departure) bool { return d.Name == c })
				if !hasCountry(m.Members, c) {
					m.Members = append(m.Members, facts.Country{Name: c, Source: ref(st)})
				}
			}
		}
	}
}

// observerRE says a country watches without being a member: "holds
// observer status", "Observer status was granted to Afghanistan",
// "Observers: Morocco and The Gambia".
var (
	observerBeforeRE = regexp.MustCompile(`(?i)\b(?:holds?|has|have|hold|enjoys?|was\s+granted|were\s+granted|received|obtained|gained)\s+observer\s+status|\b(?:is|are|was|were|remains?|became)\s+(?:an?\s+)?observers?\b|\bsits?\s+(?:in|on)\s+[^.,;]{0,30}\s+as\s+an?\s+observer|\bsat\s+(?:in|on)\s+[^.,;]{0,30}\s+as\s+an?\s+observer`)
	observerAfterRE  = regexp.MustCompile(`(?i)\bobserver\s+status\s+(?:was|were|has\s+been)\s+(?:granted|given|extended)\s+to\s+|\bobservers?\s*(?:are|include|:)\s*`)
)

// observers finds the countries that watch without being members.
func (x *extractor) observers() {
	m := &x.sheet.Membership
	add := func(name string, st sentence) {
		if hasCountry(m.Members, name) || hasCountry(m.Observers, name) || hasCountry(m.NonMembers, name) ||
			slices.ContainsFunc(m.Departed, func(d facts.Departure) bool { return d.Name == name }) {
			return
		}
		m.Observers = append(m.Observers, facts.Country{Name: name, Source: ref(st)})
	}
	for _, st := range x.doc.Sentences {
		text := st.Text
		if strings.HasSuffix(text, ":") && st.Next != "" {
			text += " " + st.Next
		}
		for _, loc := range observerBeforeRE.FindAllStringIndex(text, -1) {
			for _, c := range listBefore(text, loc[0]) {
				add(c, st)
			}
		}
		for _, loc := range observerAfterRE.FindAllStringIndex(text, -1) {
			rest := text[loc[1]:]
			for _, c := range countries(rest) {
				// "to Afghanistan in 2012 and to Iran in 2016": every
				// country of the clause.
				if c.Kind == byName && !strings.ContainsAny(rest[:c.Start], ";") {
					add(c.Country, st)
				}
			}
		}
	}
}

// statedCountRE is a stated number of members: "It has eleven member
// states", "the membership rose to seven", "a seven-member bloc".
var statedCountRE = regexp.MustCompile(`(?i)\b(?:(?:has|have|had|with|comprises|counts|numbers|totals|now)\s+(?:some\s+|about\s+)?(\d{1,3}|[a-z]+(?:-[a-z]+)?)\s+(?:full\s+)?(?:member\s+(?:states|countries|nations)|members|states|countries|nations)|membership\s+(?:now\s+)?(?:rose|grew|increased|went\s+up|climbed|expanded|stands\s+at|reached)\s+(?:from\s+\w+\s+)?(?:to\s+)?(\d{1,3}|[a-z]+(?:-[a-z]+)?)|(\d{1,3}|[a-z]+(?:-[a-z]+)?)-(?:member|nation|country|state)\s+(?:bloc|body|group|alliance|organi[sz]ation|union|council|forum|pact|commission|compact|pool|authority))\b`)

// memberCount keeps the largest number of members the article states,
// when it is at least the members it names: "founded by five states" of a
// bloc that now has seven is not its count.
func (x *extractor) memberCount() {
	m := &x.sheet.Membership
	if len(m.Members) == 0 {
		return
	}
	best := 0
	for _, st := range x.doc.Sentences {
		for _, g := range statedCountRE.FindAllStringSubmatch(st.Text, -1) {
			word := g[1] + g[2] + g[3]
			n, err := strconv.Atoi(word)
			if err != nil {
				n = articleNumber(word)
			}
			if n > best && n >= len(m.Members) && n <= 200 {
				best = n
			}
		}
	}
	if best > len(m.Members) || best == len(m.Members) && best > 0 {
		m.Count = best
	}
}

// laterMembers finds members named by their accession ("the accession of
// Thailand was approved") and in verbless clauses after talk of members
// coming in ("Then came the enlargement: Slovenia in 2018, Croatia in
// October 2019." "Mongolia in May 2014.").
func (x *extractor) laterMembers() []facts.Country {
	var out []facts.Country
	add := func(name string, st sentence) {
		if !hasCountry(out, name) {
			out = append(out, facts.Country{Name: name, Source: ref(st)})
		}
	}
	for i, st := range x.doc.Sentences {
		for _, loc := range accessionRE.FindAllStringIndex(st.Text, -1) {
			if c := countries(st.Text[loc[1]:]); len(c) > 0 && c[0].Start == 0 && c[0].Kind == byName {
				add(c[0].Country, st)
			}
		}
		text := st.Text
		context := i > 0 && enlargementRE.MatchString(x.doc.Sentences[i-1].Text)
		// "So did Belize and the Bahamas, which came in together."
		if g := soDidRE.FindStringIndex(text); g != nil && context {
			for _, c := range listAfter(text[g[1]:]) {
				add(c, st)
			}
		}
		if j := strings.LastIndex(text, ":"); j >= 0 && enlargementRE.MatchString(text[:j]) {
			text, context = text[j+1:], true
		}
		if !context {
			continue
		}
		for _, clause := range strings.Split(strings.TrimRight(text, ". "), ",") {
			if !verblessRE.MatchString(clause) {
				continue
			}
			for _, c := range countries(clause) {
				if c.Kind == byName {
					add(c.Country, st)
				}
			}
		}
	}
	return out
}

// andInAfter finds, after a verb of joining, the countries of an
// elliptical clause "and Mauritania in March 2011".
func andInAfter(s string) []string {
	var out []string
	prev := 0
	for _, c := range countries(s) {
		if c.Kind == byName && andInRE.MatchString(s[prev:c.Start]) && andWhenRE.MatchString(s[c.End:]) {
			out = append(out, c.Country)
		}
		prev = c.End
	}
	return out
}

// listBefore is the list of countries (by name) that ends closest before
// offset end of s: "Argentina, Brazil and Paraguay are not members" gives
// all three; a country not joined to the next by a comma or "and" ends
// the list.
func listBefore(s string, end int) []string {
	var ms []mention
	for _, c := range countries(s) {
		if c.End <= end && c.Kind == byName {
			ms = append(ms, c)
		}
	}
	if len(ms) == 0 {
		return nil
	}
	// The last one must stand just before the verb: at most a few words
	// between ("Brazil, for its part, stayed outside").
	last := ms[len(ms)-1]
	if len(strings.Fields(s[last.End:end])) > 6 {
		return nil
	}
	out := []string{last.Country}
	for i := len(ms) - 1; i > 0; i-- {
		if !listGapRE.MatchString(s[ms[i-1].End:ms[i].Start]) {
			break
		}
		out = append(out, ms[i-1].Country)
	}
	slices.Reverse(out)
	return out
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
		// The signing of its founding document dates a body too: "The
		// statute was signed in Manado on 22 September 2009", "which they
		// signed in Antigua on 3 July 2008".
		if loc = signedDocRE.FindStringIndex(st.Text); loc == nil {
			return
		}
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

// departure reads "X has frozen its participation", "X was suspended" and
// "X withdrew from the organisation" (or only "withdrew", of a member),
// each cue of a sentence in turn.
func (x *extractor) departure(st sentence) {
	m := &x.sheet.Membership
	type cue struct {
		loc    []int
		status facts.Status
	}
	var cues []cue
	for _, loc := range frozenRE.FindAllStringIndex(st.Text, -1) {
		cues = append(cues, cue{loc, facts.Frozen})
	}
	for _, loc := range leftRE.FindAllStringIndex(st.Text, -1) {
		cues = append(cues, cue{loc, facts.Left})
	}
	// "the exit of Chile", "Chile's departure in 2019", "membership of
	// Peru was suspended": the country stands in the noun phrase.
	for _, g := range departureNounRE.FindAllStringSubmatchIndex(st.Text, -1) {
		name := ""
		for k := 2; k+1 < len(g); k += 2 {
			if g[k] >= 0 {
				name = st.Text[g[k]:g[k+1]]
			}
		}
		country := Country(name)
		if country == "" {
			continue
		}
		status := facts.Left
		if strings.Contains(strings.ToLower(st.Text[g[0]:g[1]]), "suspen") {
			status = facts.Frozen
		}
		x.addDeparture(st, country, status, g[0])
	}
	for _, c := range cues {
		loc, status := c.loc, c.status
		subjects := listBefore(st.Text, loc[0])
		if len(subjects) == 0 {
			if subj := lastCountryBefore(st.Text, loc[0]); subj != "" {
				subjects = []string{subj}
			}
		}
		if walkedOutRE.MatchString(st.Text[loc[0]:loc[1]]) && !x.mentionsOrg(st.Text[loc[1]:min(len(st.Text), loc[1]+60)]) {
			continue // "its envoy walked out of the meeting" leaves nothing
		}
		if status == facts.Left && !x.mentionsOrg(st.Text[loc[1]:]) && !impliedOrgRE.MatchString(st.Text[loc[0]:loc[1]]) {
			// "Nigeria withdrew in 2019": only a member can.
			subjects = slices.DeleteFunc(subjects, func(s string) bool { return !hasCountry(m.Members, s) })
		}
		var when *facts.Date
		for _, dm := range findDates(st.Text) {
			if dm.Start > loc[0] && dm.Date.Year != 0 {
				d := facts.Date{Date: dm.Date}
				when = &d
				break
			}
		}
		for _, subj := range subjects {
			if slices.ContainsFunc(m.Departed, func(d facts.Departure) bool { return d.Name == subj }) {
				continue
			}
			m.Departed = append(m.Departed, facts.Departure{Name: subj, Status: status, When: when, Source: ref(st)})
			// A member that left is no longer listed as one; one that
			// froze its participation still is.
			if status == facts.Left {
				m.Members = slices.DeleteFunc(m.Members, func(c facts.Country) bool { return c.Name == subj })
			}
		}
	}
}

// addDeparture notes that a country froze its participation or left, as
// said at offset at of a sentence (a date after it is when).
func (x *extractor) addDeparture(st sentence, country string, status facts.Status, at int) {
	m := &x.sheet.Membership
	if slices.ContainsFunc(m.Departed, func(d facts.Departure) bool { return d.Name == country }) {
		return
	}
	var when *facts.Date
	for _, dm := range findDates(st.Text) {
		if dm.Start > at && dm.Date.Year != 0 {
			d := facts.Date{Date: dm.Date}
			when = &d
			break
		}
	}
	m.Departed = append(m.Departed, facts.Departure{Name: country, Status: status, When: when, Source: ref(st)})
	if status == facts.Left {
		m.Members = slices.DeleteFunc(m.Members, func(c facts.Country) bool { return c.Name == country })
	}
}

// nonMember reads "X is not a member", "X has never joined", "neither is
// X", "neither X nor Y has joined" and, once the members are known, a
// country said to be neutral: each cue of a sentence in turn.
func (x *extractor) nonMember(st sentence) {
	m := &x.sheet.Membership
	cues := notMemberRE.FindAllStringIndex(st.Text, -1)
	if len(cues) == 0 && len(m.Members) > 0 {
		if loc := neutralityRE.FindStringIndex(st.Text); loc != nil {
			cues = [][]int{loc}
		}
	}
	add := func(subjects []string, loc []int) {
		for _, subj := range subjects {
			if hasCountry(m.Members, subj) || hasCountry(m.NonMembers, subj) {
				continue
			}
			c := facts.Country{Name: subj, Source: ref(st)}
			if len(subjects) == 1 && loc != nil {
				c.Reason = reasonFor(st.Text, subj, loc)
			}
			m.NonMembers = append(m.NonMembers, c)
		}
	}
	for _, loc := range cues {
		subjects := listBefore(st.Text, loc[0])
		if len(subjects) == 0 {
			if subj := lastCountryBefore(st.Text, loc[0]); subj != "" {
				subjects = []string{subj}
			}
		}
		add(subjects, loc)
	}
	for _, g := range neitherRE.FindAllStringSubmatchIndex(st.Text, -1) {
		var subjects []string
		for _, c := range countries(st.Text[g[0]:g[1]]) {
			if c.Kind == byName {
				subjects = append(subjects, c.Country)
			}
		}
		add(subjects, nil)
	}
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
