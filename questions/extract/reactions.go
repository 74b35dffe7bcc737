package extract

import (
	"regexp"
	"strings"

	"quizd/questions"
	"quizd/questions/facts"
)

// stanceVerbs are the verbs of reaction, each with the stance it shows, in
// the order they are tried.
var stanceVerbs = []struct {
	stance facts.Stance
	re     *regexp.Regexp
}{
	{facts.Support, regexp.MustCompile(`(?i)\b(?:expressed\s+(?:\w+\s+)?support|voiced\s+support|supported|backed|welcomed|praised|endorsed|applauded|stood\s+by|defended|hailed|voted\s+for|voted\s+in\s+favou?r|thanked|congratulated|pledged\s+(?:its\s+)?support|signed\s+on\s+to|welcoming|praising|hailing|cheered|celebrated|embraced|(?:was|were)\s+the\s+first\s+to\s+(?:welcome|praise|back|endorse)|sided\s+with|gave\s+(?:the\s+\w+\s+|it\s+)?an?\s+(?:\w+\s+)?welcome|(?:was|were)\s+quick\s+to\s+(?:praise|welcome|back|endorse|hail)|voted\s+yes|called\s+(?:the\s+\w+|it)\s+(?:a\s+)?(?:success|triumph|milestone|breakthrough|victory|step\s+forward))\b`)},
	{facts.Condemn, regexp.MustCompile(`(?i)\b(?:condemned|denounced|critici[sz]ed|protested|deplored|rejected|slammed|opposed|objected\s+to|voted\s+against|expressed\s+regret|complained|accused|blamed|dismissed|vetoed|boycotted|threatened|protested\s+against|objected|condemning|criticising|criticizing|rejecting|denouncing|lamented|regretted|resisted|blocked|demanded|(?:was|were)\s+the\s+first\s+to\s+(?:condemn|criticise|criticize|reject|object)|(?:was|were)\s+critical\s+of|(?:was|were)\s+among\s+the\s+critics|expressed\s+disappointment|(?:was|were)\s+quick\s+to\s+(?:condemn|criticise|criticize|reject|denounce)|voted\s+no|reacted\s+angrily|called\s+(?:the\s+\w+|it)\s+(?:a\s+)?(?:mistake|error|failure|disaster|betrayal|setback|blunder)|called\s+(?:it|the\s+\w+)\s+(?:unfair|illegal|unacceptable))\b`)},
	{facts.Evasive, regexp.MustCompile(`(?i)\b(?:evaded|avoided|declined\s+to|refrained\s+from|sidestepped|dodged|abstained|shrugged\s+off|remained\s+silent|kept\s+silent|stayed\s+silent|said\s+nothing|did\s+not\s+react|kept\s+quiet|stayed\s+away|hesitated|did\s+not\s+attend|did\s+not\s+speak|(?:has|have)\s+yet\s+to\s+(?:respond|comment|react|say)|(?:did|does|has|have)\s+not\s+(?:even\s+)?(?:request|ask|asked|propose|comment))\b|\bnot\s+(?:even\s+)?request\b`)},
	{facts.Neutral, regexp.MustCompile(`(?i)\b(?:maintained\s+a\s+neutral|remained\s+neutral|stayed\s+neutral|expressed\s+concern|voiced\s+concern|called\s+for\s+restraint|urged|reiterated|reiterates)\b`)},
	{facts.Neutral, regexp.MustCompile(`(?i)\b(?:said|says|stated|stating|declared|announced|noted|warned|called\s+for|argued|insisted|suggested|proposed|questioned|cautioned|responded|reacted|was\s+issued\s+by|were\s+issued\s+by)\b`)},
}

// passiveRE is a reaction in the passive: "the plan was welcomed by
// Thailand and Vietnam"; the verb's stance is its stanceVerbs entry, and
// who reacted follows "by".
var passiveRE = regexp.MustCompile(`(?i)\b(?:was|were|has\s+been|have\s+been|had\s+been)\s+((?:\w+\s+)?(?:welcomed|praised|endorsed|applauded|backed|supported|hailed|condemned|denounced|criticised|criticized|rejected|opposed|deplored|slammed|regretted|received\s+with\s+(?:satisfaction|approval|relief|concern|dismay)|accepted|questioned|noted|recalled|declared|announced))\s+by\s+`)

// drewRE is a reaction told from what drew it: "drew criticism from".
var drewRE = regexp.MustCompile(`(?i)\b(?:drew|drawing|met\s+with|received|won)\s+((?:sharp\s+|strong\s+|wide\s+|warm\s+)?(?:criticism|praise|support|condemnation|protests?|objections?))\s+from\s+`)

// invertedRE is a reaction whose agent comes first, in the passive: "by
// Uzbekistan it was recalled that ...", "By China concern was expressed".
var invertedRE = regexp.MustCompile(`\b[Bb]y\s+((?:the\s+)?[A-Z][\p{L}]+(?:\s+[A-Z][\p{L}]+)*)\s+(?:it\s+(?:was|is|has\s+been)\s+(\w+)|(\w+(?:\s+\w+)?)\s+(?:was|were|is|has\s+been)\s+(expressed|voiced|given|raised))\b`)

// participleStances gives the stance of a verb in the passive.
var participleStances = []struct {
	stance facts.Stance
	re     *regexp.Regexp
}{
	{facts.Support, regexp.MustCompile(`(?i)welcomed|praised|endorsed|applauded|backed|supported|hailed|satisfaction|approval|relief|accepted`)},
	{facts.Condemn, regexp.MustCompile(`(?i)condemned|denounced|critici[sz]ed|rejected|opposed|deplored|slammed|regretted|dismay|regret|objections?`)},
	{facts.Neutral, regexp.MustCompile(`(?i)concern|questioned|noted|recalled|declared|announced|stated|said|reservations|doubts`)},
}

func participleStance(verb string) facts.Stance {
	for _, ps := range participleStances {
		if ps.re.MatchString(verb) {
			return ps.stance
		}
	}
	return ""
}

// notActorRE is what may stand before a verb of reaction without being
// anyone: a charter article, a question word, a pronoun, a date.
var notActorRE = regexp.MustCompile(`(?i)\s(?:is|are|was|were|has|have|had|be|been|I|we|it)$|:|^(?:some\s+|many\s+|most\s+|other\s+|several\s+|local\s+|senior\s+)?(?:officials|experts|analysts|observers|critics|diplomats|delegates|people|others|residents|sources|insiders|members|governments|states|countries)$|^(?:the\s+)?(?:article|art\.|section|clause|chapter|paragraph|which|what|who|whom|whose|when|where|why|how|it|they|this|that|these|those|he|she|we|i|you|january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|in|on|at|by|after|before|during|since|until)\b`)

var (
	reactionClauseRE = regexp.MustCompile(`,\s+while\s+|,\s+whereas\s+|;\s+|,\s+but\s+|,\s+then,?\s+|,\s+and\s+then\s+|\s+and\s+later\s+`)
	// saidByRE is a statement whose speaker follows "said": "said
	// Jamaica's finance minister, Andre Campbell".
	saidByRE     = regexp.MustCompile(`\b(?:said|says|added|warned|insisted)\s+((?:the\s+)?[A-Z][\p{L}-]+(?:\s+[A-Z][\p{L}-]+)*)(['’]s)?\b`)
	bodyRE       = regexp.MustCompile(`(?:the\s+)?(?:[A-Z][\w'’-]*\s+){1,4}(?:press\s+service|[Ff]oreign\s+[Mm]inistry|[Mm]inistry|[Ss]ecretariat|[Gg]overnment|[Ss]pokesperson|[Ss]pokesman|[Ll]eadership)\b`)
	byAgentRE    = regexp.MustCompile(`^\s*(?:the\s+)?((?:[A-Z][\w'’-]*\s+){0,4}(?:press\s+service|[Mm]inistry|[Ss]ecretariat|[Gg]overnment|[Ss]pokesperson)|[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)`)
	auxRE        = regexp.MustCompile(`(?i)\b(?:have|has|had|so\s+far|also|then|only|predictably|however|not\s+only\s+did|did|even)\b`)
	quoteRE      = regexp.MustCompile(`[“"]([^”"]{3,})[”"]`)
	participleRE = regexp.MustCompile(`,\s+(?:saying|stating|adding|noting|arguing)\b`)
	objectRE     = regexp.MustCompile(`^\s*(?:for\s+)?([^,;.:—]+)`)
)

// reactions finds who reacted and how: "Belarus condemned the operation",
// "an official from Kazakhstan's Foreign Ministry evaded an assessment",
// "Only two states expressed support for Russia: Syria and North Korea".
func (x *extractor) reactions() {
	seen := map[string]bool{}
	for _, st := range x.doc.Sentences {
		q := &sentenceQuote{st: st}
		lastWho := ""
		for _, clause := range reactionClauseRE.Split(st.Text, -1) {
			rs := x.clauseReactions(clause, st, q)
			if len(rs) == 0 && lastWho != "" {
				// "France voiced concern, then, in the same afternoon,
				// abstained": the clause without a subject has the last one.
				rs = x.clauseReactions(lastWho+" "+clause, st, q)
			}
			if len(rs) > 0 {
				lastWho = rs[len(rs)-1].Who
			}
			for _, r := range rs {
				if notActorRE.MatchString(r.Who) {
					continue
				}
				// One actor may react twice, to two matters.
				key := questions.Normalize(r.Who) + "|" + string(r.Stance) + "|" + questions.Normalize(r.To)
				if seen[key] {
					continue
				}
				seen[key] = true
				x.sheet.Reactions = append(x.sheet.Reactions, r)
			}
		}
	}
}

// sentenceQuote is the short quote of a sentence (or of the block it
// introduces), found once per sentence however many clauses react.
type sentenceQuote struct {
	st    sentence
	done  bool
	quote string
}

func (q *sentenceQuote) get() string {
	if !q.done {
		q.done = true
		if g := quoteRE.FindStringSubmatch(q.st.Text + " " + q.st.Next); g != nil && len(strings.Fields(g[1])) <= 12 {
			q.quote = strings.TrimSpace(g[1])
		}
	}
	return q.quote
}

func (x *extractor) clauseReactions(clause string, st sentence, sq *sentenceQuote) []facts.Reaction {
	if p := passiveRE.FindStringSubmatchIndex(clause); p != nil {
		if rs := x.passiveReactions(clause, p, st, sq); len(rs) > 0 {
			return rs
		}
	}
	if g := drewRE.FindStringSubmatchIndex(clause); g != nil {
		// "The plan drew criticism from Chile and Peru."
		stance := facts.Condemn
		if strings.Contains(strings.ToLower(clause[g[2]:g[3]]), "praise") || strings.Contains(strings.ToLower(clause[g[2]:g[3]]), "support") {
			stance = facts.Support
		}
		what := strings.TrimSpace(clause[:g[0]])
		if i := strings.LastIndexAny(what, ",;:"); i >= 0 {
			what = strings.TrimSpace(what[i+1:])
		}
		var out []facts.Reaction
		for _, c := range listAfter(clause[g[1]:]) {
			gist := "criticised " + lowerFirstWord(what)
			if stance == facts.Support {
				gist = "praised " + lowerFirstWord(what)
			}
			out = append(out, facts.Reaction{Who: c, To: lowerFirstWord(what), Stance: stance, Gist: strings.TrimSpace(gist), Quote: sq.get(), Source: ref(st)})
		}
		if len(out) > 0 {
			return out
		}
	}
	if g := invertedRE.FindStringSubmatchIndex(clause); g != nil {
		who := clause[g[2]:g[3]]
		if c := Country(who); c != "" {
			who = c
		}
		verb := ""
		if g[4] >= 0 {
			verb = clause[g[4]:g[5]]
		} else {
			verb = clause[g[6]:g[7]]
		}
		if stance := participleStance(verb); stance != "" && !notActorRE.MatchString(who) {
			gist := strings.TrimRight(limitWords(strings.TrimSpace(clause[g[1]:]), 25), ".:;, ")
			gist = strings.TrimPrefix(gist, "that ")
			switch {
			case g[4] >= 0:
				gist = verb + " that " + gist
			default:
				gist = clause[g[8]:g[9]] + " " + strings.ToLower(verb) + " " + gist
			}
			return []facts.Reaction{{Who: who, Stance: stance, Gist: strings.TrimSpace(gist), Quote: sq.get(), Source: ref(st)}}
		}
	}
	for _, sv := range stanceVerbs {
		loc := sv.re.FindStringIndex(clause)
		if loc == nil {
			continue
		}
		verb := strings.ToLower(clause[loc[0]:loc[1]])
		who := whoBefore(clause, loc[0])
		if list := listBefore(clause, loc[0]); len(list) >= 2 {
			who = list // "Chile and Peru both objected"
		}
		if p := x.personBefore(clause, loc[0]); p != "" && (len(who) == 0 || !strings.Contains(clause[:loc[0]], who[0])) {
			who = []string{p}
		}
		if g := saidByRE.FindStringSubmatchIndex(clause); g != nil && g[0] == loc[0] {
			// "... ," said Jamaica's finance minister: the speaker
			// follows, and a country's minister speaks for it.
			speaker := clause[g[2]:g[3]]
			if c := Country(speaker); c != "" || g[4] >= 0 && canonicalCountry(speaker) != "" {
				if c == "" {
					c = canonicalCountry(speaker)
				}
				who = []string{c}
			} else if p := x.personAfter(clause[g[2]:]); p != "" {
				who = []string{p}
			}
		}
		if strings.Contains(verb, "issued by") {
			if g := byAgentRE.FindStringSubmatch(clause[loc[1]:]); g != nil {
				who = []string{withArticle(strings.TrimSpace(g[1]))}
			}
		}
		if len(who) == 0 {
			// "Only two states expressed support for Russia: Syria and North Korea."
			if i := strings.Index(clause[loc[1]:], ":"); i >= 0 {
				for _, c := range countries(clause[loc[1]+i:]) {
					who = append(who, c.Country)
				}
			}
		}
		if len(who) == 0 {
			return nil
		}
		gist := strings.TrimSpace(clause[loc[0]:])
		if i := strings.IndexAny(gist, ":—"); i > 0 {
			gist = gist[:i]
		}
		// "evaded an assessment, saying that ..." is the evasion; what
		// was said is the quote.
		if loc := participleRE.FindStringIndex(gist); loc != nil && len(strings.Fields(gist[:loc[0]])) >= 2 {
			gist = gist[:loc[0]]
		}
		if strings.HasPrefix(strings.ToLower(gist), "not ") {
			gist = "did " + gist
		}
		gist = strings.TrimRight(limitWords(gist, 25), ".:;, ")
		if strings.HasPrefix(verb, "was issued") || strings.HasPrefix(verb, "were issued") {
			gist = "issued a statement"
		}
		to := ""
		if sv.stance == facts.Support || sv.stance == facts.Condemn {
			if g := objectRE.FindStringSubmatch(clause[loc[1]:]); g != nil && len(strings.Fields(g[1])) <= 8 {
				if obj := strings.TrimSpace(strings.TrimSuffix(g[1], ":")); obj != "" {
					to = obj
				}
			}
		}
		quote := sq.get()
		var out []facts.Reaction
		for _, w := range who {
			if questions.Normalize(w) == questions.Normalize(to) {
				continue
			}
			out = append(out, facts.Reaction{Who: w, To: to, Stance: sv.stance, Gist: gist, Quote: quote, Source: ref(st)})
		}
		return out
	}
	return nil
}

// whoBefore finds who acts before offset verb of a clause: the subject
// between the last comma and the verb, else the clause's first named
// country, body or person.
func whoBefore(clause string, verb int) []string {
	head := clause[:verb]
	seg := head
	if i := strings.LastIndex(head, ","); i >= 0 {
		seg = head[i+1:]
	}
	if who := namedIn(seg); who != "" {
		return []string{who}
	}
	phrase := strings.TrimSpace(auxRE.ReplaceAllString(seg, " "))
	phrase = strings.Join(strings.Fields(phrase), " ")
	if strings.TrimSpace(seg) == "" {
		// "China, a partner of Russia, reiterated ..." — the subject is
		// the first thing the clause names.
		if who := namedIn(head); who != "" {
			return []string{who}
		}
		return nil
	}
	words := strings.Fields(phrase)
	if len(words) >= 1 && len(words) <= 5 && hasCapital(phrase) {
		return []string{strings.TrimPrefix(phrase, "and ")}
	}
	return nil
}

// namedIn returns the first country, body or titled person a text names.
func namedIn(s string) string {
	type hit struct {
		at   int
		name string
	}
	var hits []hit
	if cs := countries(s); len(cs) > 0 {
		hits = append(hits, hit{cs[0].Start, cs[0].Country})
	}
	if loc := bodyRE.FindStringIndex(s); loc != nil {
		body := strings.TrimSpace(s[loc[0]:loc[1]])
		// "Kazakhstan's Foreign Ministry" speaks for Kazakhstan.
		if c := countries(body); len(c) == 0 {
			hits = append(hits, hit{loc[0], withArticle(body)})
		}
	}
	if m := personRE.FindStringSubmatchIndex(s); m != nil {
		hits = append(hits, hit{m[0], s[m[6]:m[7]]})
	}
	if len(hits) == 0 {
		return ""
	}
	best := hits[0]
	for _, h := range hits[1:] {
		if h.at < best.at {
			best = h
		}
	}
	return best.name
}

func hasCapital(s string) bool {
	for _, w := range strings.Fields(s) {
		if w[0] >= 'A' && w[0] <= 'Z' {
			return true
		}
	}
	return false
}

// withArticle puts "the" before a body: "the CSTO press service".
func withArticle(who string) string {
	if bodyRE.MatchString(who) && !strings.HasPrefix(who, "the ") {
		return "the " + who
	}
	return who
}

// passiveReactions reads "The plan was welcomed by Thailand and Vietnam":
// each country (or the body) after "by" reacted to what stands before the
// verb.
func (x *extractor) passiveReactions(clause string, p []int, st sentence, sq *sentenceQuote) []facts.Reaction {
	verb := clause[p[2]:p[3]]
	stance := participleStance(verb)
	if stance == "" {
		return nil
	}
	after := clause[p[1]:]
	who := listAfter(after)
	if len(who) == 0 {
		if g := byAgentRE.FindStringSubmatch(after); g != nil {
			who = []string{withArticle(strings.TrimSpace(g[1]))}
		}
	}
	to := strings.TrimSpace(clause[:p[0]])
	if i := strings.LastIndexAny(to, ",;:"); i >= 0 {
		to = strings.TrimSpace(to[i+1:])
	}
	if len(strings.Fields(to)) > 8 {
		to = ""
	}
	to = lowerFirstWord(to)
	gist := strings.TrimSpace(strings.ToLower(clause[p[2]:p[3]]))
	if to != "" {
		gist += " " + to
	}
	gist = strings.TrimSuffix(strings.TrimSuffix(strings.Replace(gist, " by", "", 1), "."), ",")
	var out []facts.Reaction
	for _, w := range who {
		out = append(out, facts.Reaction{Who: w, To: to, Stance: stance, Gist: gist, Quote: sq.get(), Source: ref(st)})
	}
	return out
}

// listAfter is the list of countries (by name) that starts s: "Thailand
// and Vietnam, which ..." gives both.
func listAfter(s string) []string {
	var ms []mention
	for _, c := range countries(s) {
		if c.Kind == byName {
			ms = append(ms, c)
		}
	}
	if len(ms) == 0 || len(strings.Fields(s[:ms[0].Start])) > 1 {
		return nil
	}
	out := []string{ms[0].Country}
	for i := 1; i < len(ms); i++ {
		if !listGapRE.MatchString(s[ms[i-1].End:ms[i].Start]) {
			break
		}
		out = append(out, ms[i].Country)
	}
	return out
}

// personBefore is the known person named last before offset verb of a
// clause, with nothing but their apposition between: "The union's
// president, Matthias Egger, expressed regret".
func (x *extractor) personBefore(clause string, verb int) string {
	head := clause[:verb]
	best, at := "", -1
	for _, p := range x.sheet.People {
		if i := strings.LastIndex(head, p.Name); i > at && len(strings.Fields(head[i+len(p.Name):])) <= 3 {
			best, at = p.Name, i
		}
	}
	return best
}

// personAfter is the known person a text names first.
func (x *extractor) personAfter(s string) string {
	best, at := "", len(s)
	for _, p := range x.sheet.People {
		if i := strings.Index(s, p.Name); i >= 0 && i < at {
			best, at = p.Name, i
		}
	}
	return best
}
