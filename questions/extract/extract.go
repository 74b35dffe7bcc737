// Package extract reads an article (plain text or Markdown) and proposes the
// facts it states, each with the sentence it was found in: the organisation
// and who is or is not a member, dated events, numbered charter articles,
// reactions and named people. The proposal is a facts.Sheet, which the
// generator turns into a bank, or which a teacher corrects and keeps.
//
// It works by patterns of English prose, not by knowing any one article, so
// it finds facts in articles it has never seen; it misses what is phrased
// in ways it does not know, which `quizd eval` measures.
package extract

import (
	"errors"
	"regexp"
	"strings"

	"quizd/questions"
	"quizd/questions/facts"
)

// Options are what the caller knows of the article beyond its text.
type Options struct {
	// Title overrides the title found in the text.
	Title string
	// Location says where the article comes from, for the bank's source.
	Location string
}

// ErrNoFacts means the article was read but no fact was found in it.
var ErrNoFacts = errors.New("no facts found: the article names no organisation, dates, charter articles, reactions or people that the extractor recognises")

// Article extracts the facts of an article.
func Article(text string, opts Options) (*facts.Sheet, error) {
	if err := CheckText([]byte(text)); err != nil {
		return nil, err
	}
	doc := parse(text)
	title := opts.Title
	if title == "" {
		title = doc.Title
	}
	if title == "" {
		title = firstWords(firstSentence(doc), 10)
	}
	if questions.Slugify(title) == "" {
		title = "Untitled article"
	}
	s := &facts.Sheet{
		Title:  title,
		Slug:   questions.Slugify(title),
		Source: questions.Source{Title: title, Author: doc.Author, Location: opts.Location},
	}
	x := &extractor{doc: doc, sheet: s}
	x.organisation()
	x.membership()
	x.dates()
	x.charter()
	// People first: a person found by their title may be the one who
	// reacts ("The union's president, Matthias Egger, expressed regret").
	x.people()
	x.reactions()
	x.amounts()
	x.nameTheBody()
	total := 0
	for _, n := range s.Count() {
		total += n
	}
	if total == 0 {
		return nil, ErrNoFacts
	}
	if s.Slug == "" {
		s.Slug = "article"
	}
	return s, nil
}

type extractor struct {
	doc   document
	sheet *facts.Sheet
	// orgWords are the ways the text names the organisation.
	orgWords []string
}

func firstSentence(doc document) string {
	if len(doc.Sentences) == 0 {
		return ""
	}
	return doc.Sentences[0].Text
}

func firstWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) > n {
		w = w[:n]
	}
	return strings.TrimRight(strings.Join(w, " "), ".,;:")
}

// ref is the source reference of a fact: the sentence, and the paragraph.
func ref(st sentence) string {
	return st.Text
}

var (
	acronymRE = regexp.MustCompile(`\(([A-Z][A-Z&]{1,9})\)`)
	orgNounRE = regexp.MustCompile(`\b((?:[A-Z][\w'-]*\s+(?:(?:of|for|and|the|on)\s+)?){1,6}(?:Organi[sz]ation|Alliance|Union|Council|Forum|Pact|Community|Treaty|Association|Compact|Commission|League|Bloc|Partnership|Group|Authority|Fund|Pool|Agency|Network|Initiative|Coalition|Federation|Assembly|Committee|Consortium|Bank|Centre|Center|Programme|Program|Board|Cooperation|Council|Secretariat|Institute|Conference|Accord))\b`)
	connector = map[string]bool{"of": true, "for": true, "and": true, "the": true, "on": true}
)

// leadWordRE is a word that opens a sentence before a name: "When the
// Alpine Rail Freight Union ..." names the union, not "When the ...".
var leadWordRE = regexp.MustCompile(`^(?:(?:When|In|After|As|Since|While|Although|If|Because|But|And|Then|Today|Now|Under|For|With|Without|Once|Until|By|At|On)\s+)+(?:the\s+)?`)

// organisation finds the body the article is about: the most mentioned
// "Full Name (ABBR)", else the most mentioned name ending in Organisation,
// Alliance, Forum and the like.
func (x *extractor) organisation() {
	m := &x.sheet.Membership
	best, bestN := "", 0
	text := strings.Join(x.doc.Paragraphs, "\n")
	// Each abbreviation is counted in the text once, however often it
	// stands in brackets.
	mentions := map[string]int{}
	for _, st := range x.doc.Sentences {
		for _, loc := range acronymRE.FindAllStringSubmatchIndex(st.Text, -1) {
			abbr := st.Text[loc[2]:loc[3]]
			name := nameBefore(st.Text[:loc[0]], abbr)
			if name == "" {
				continue
			}
			n, ok := mentions[abbr]
			if !ok {
				n = strings.Count(text, abbr)
				mentions[abbr] = n
			}
			if n > bestN {
				best, bestN = abbr, n
				m.Organisation, m.Abbreviation, m.Source = name, abbr, ref(st)
			}
		}
	}
	if best == "" {
		counts := map[string]int{}
		first := map[string]sentence{}
		for _, st := range x.doc.Sentences {
			for _, g := range orgNounRE.FindAllStringSubmatch(st.Text, -1) {
				name := strings.TrimPrefix(strings.TrimSpace(leadWordRE.ReplaceAllString(g[1], "")), "The ")
				if strings.Count(name, " ") == 0 {
					continue
				}
				if counts[name] == 0 {
					first[name] = st
				}
				counts[name]++
			}
		}
		for name, n := range counts {
			if n > bestN || n == bestN && name < m.Organisation {
				bestN = n
				m.Organisation, m.Source = name, ref(first[name])
			}
		}
	}
	if m.Organisation == "" {
		return
	}
	x.orgWords = []string{m.Organisation}
	if m.Abbreviation != "" {
		x.orgWords = append(x.orgWords, m.Abbreviation)
	}
	words := strings.Fields(m.Organisation)
	// The generic nouns an article calls its body by once it has named it:
	// "the fund was formed in 2007", "the authority".
	x.orgWords = append(x.orgWords, strings.ToLower(words[len(words)-1]), "organisation", "organization", "alliance", "bloc",
		"the fund", "the agency", "the body", "the group", "the authority", "the commission", "the council", "the pool", "the forum")
}

// nameBefore finds, in the words just before "(ABBR)", the name whose
// initials spell the abbreviation: "the Russian-led Collective Security
// Treaty Organization" gives "Collective Security Treaty Organization".
func nameBefore(before, abbr string) string {
	words := lastWords(before, 10)
	for start := len(words) - 1; start >= 0 && start >= len(words)-10; start-- {
		var initials, exes strings.Builder
		for _, w := range words[start:] {
			if connector[strings.ToLower(w)] {
				continue
			}
			initials.WriteByte(w[0])
			// "Exchange" may stand as X: the Monsoon Data Exchange (MDX).
			if strings.HasPrefix(w, "Ex") {
				exes.WriteByte('X')
			} else {
				exes.WriteByte(w[0])
			}
		}
		cand := words[start:]
		if (strings.EqualFold(initials.String(), abbr) || strings.EqualFold(exes.String(), abbr)) && !connector[strings.ToLower(cand[0])] {
			return strings.Join(cand, " ")
		}
	}
	return ""
}

// mentionsOrg reports whether a sentence speaks of the organisation.
func (x *extractor) mentionsOrg(s string) bool {
	low := strings.ToLower(s)
	for _, w := range x.orgWords {
		if strings.Contains(low, strings.ToLower(w)) {
			return true
		}
	}
	return false
}

// bodyOpeningRE is an event that opens by calling the organisation by a
// pronoun or a generic noun: "Its founding treaty was signed", "The
// alliance praised".
var headNounRE = regexp.MustCompile(`\b(?:Organi[sz]ation|Alliance|Union|Council|Forum|Pact|Community|Association|Compact|Commission|League|Bloc|Partnership|Group|Authority|Fund|Pool|Agency|Network|Initiative|Coalition|Federation|Assembly|Committee|Consortium|Bank)\b`)

var bodyOpeningRE = regexp.MustCompile(`^(?:(Its)|(It)\s|The\s+(organi[sz]ation|alliance|bloc|fund|agency|body|group|authority|commission|council|pool|forum|union|compact|pact))\b`)

// nameTheBody names the organisation where an event opens with "Its" or
// "The alliance": a question is read on its own, where neither points to
// anything.
func (x *extractor) nameTheBody() {
	org := x.sheet.Membership.Organisation
	if org == "" || org == "the organisation" {
		return
	}
	name := "The " + strings.TrimPrefix(org, "The ")
	if a := x.sheet.Membership.Abbreviation; a != "" {
		name = "The " + a
	}
	// The body's head noun: "alliance" of the Sahel Seed Bank Alliance,
	// "organisation" of the Central Asian Organisation for the Control of
	// Locusts.
	last := strings.ToLower(lastField(org))
	if hs := headNounRE.FindAllString(org, -1); len(hs) > 0 {
		last = strings.ToLower(hs[len(hs)-1])
	}
	// Within a text, "the alliance" is the body too.
	inner := regexp.MustCompile(`\b[Tt]he\s+(?i:` + regexp.QuoteMeta(last) + `)\b`)
	short := name[len("The "):]
	if x.sheet.Membership.Abbreviation == "" {
		short = strings.TrimPrefix(org, "the ")
	}
	within := func(s string) string {
		return inner.ReplaceAllStringFunc(s, func(m string) string {
			if strings.HasPrefix(m, "The") {
				return "The " + short
			}
			return "the " + short
		})
	}
	for i := range x.sheet.Reactions {
		r := &x.sheet.Reactions[i]
		r.Gist, r.To = within(r.Gist), within(r.To)
	}
	for i := range x.sheet.Charter.Articles {
		a := &x.sheet.Charter.Articles[i]
		a.Provides, a.Subject = within(a.Provides), within(a.Subject)
	}
	for i, d := range x.sheet.Dates {
		g := bodyOpeningRE.FindStringSubmatchIndex(d.Event)
		if g == nil {
			x.sheet.Dates[i].Event = within(d.Event)
			continue
		}
		switch {
		case g[2] >= 0:
			x.sheet.Dates[i].Event = name + "'s" + d.Event[g[3]:]
		case g[4] >= 0 && !cleftEventRE.MatchString(d.Event):
			x.sheet.Dates[i].Event = name + d.Event[g[5]:]
		case g[4] >= 0:
		case strings.ToLower(d.Event[g[6]:g[7]]) == last:
			// "The council" of a body that is not a council may be its
			// own organ: only the body's own head noun is the body.
			x.sheet.Dates[i].Event = name + d.Event[g[1]:]
		default:
			x.sheet.Dates[i].Event = within(d.Event)
		}
	}
}
