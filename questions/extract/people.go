package extract

import (
	"regexp"
	"strings"

	"quizd/questions/facts"
)

// personRE reads a titled name: "Armenian Prime Minister Nikol Pashinyan",
// "President Kassym-Jomart Tokayev", "Forum Secretary-General Mele Tupou".
// Groups: 1 a qualifier (a country's adjective or a body), 2 the title, 3
// the name.
var personRE = regexp.MustCompile(`(?:\b([A-Z][\p{L}]+)\s+)?\b((?:[A-Z][a-z]+\s+)?(?:President|Prime\s+Minister|Minister|Secretary-General|Secretary\s+General|Director-General|Director\s+General|Executive\s+Director|Chancellor|King|Queen|Chairman|Chairwoman|Chairperson|Governor|Ambassador|General|Senator|Mayor|Commissioner|Director|Spokesperson|Envoy))\s+((?:[A-Z][\p{L}'’]+(?:-[A-Z][\p{L}'’]+)?)(?:\s+[A-Z][\p{L}'’]+(?:-[A-Z][\p{L}'’]+)?){1,2})`)

var personNoteRE = regexp.MustCompile(`^\s*(?:,\s+)?((?:said|says|stated|called|asked|proposed|announced|warned|argued|praised|criticised|criticized|condemned|signed|visited|met)\b[^.;]*)`)

// appositiveTitleRE reads a name after a lowercase title: "the union's
// president, Matthias Egger," "Jamaica's finance minister, Andre
// Campbell", "its director-general, Ravi Menon of India", and an
// infobox line "Secretary-General: Aminata Diallo". Groups: 1 the
// possessor ("the union", "Jamaica"; empty after "its" or "the"), 2 the
// title, 3 the name.
var appositiveTitleRE = regexp.MustCompile(`(?:\b(?:[Tt]he|[Ii]ts|[Tt]heir)\s+(?:(?:current|new|former|then|acting|founding|first|longtime|long-serving)\s+)?|\b((?:[Tt]he\s+[\p{L}-]+|[A-Z][\p{L}-]+(?:\s+[A-Z][\p{L}-]+)*))['’]s\s+(?:(?:current|new|former|then|acting|founding|first|longtime|long-serving)\s+)?)((?i:(?:[a-z]+\s+){0,3}?(?:president|minister|secretary-general|secretary\s+general|director-general|director|chairman|chairwoman|chairperson|chair|head|spokesperson|spokesman|spokeswoman|ambassador|envoy|commissioner|governor|mayor|chief\s+executive|coordinator|leader|secretary|representative|scientist|economist|adviser|advisor|negotiator|delegate|officer|engineer|manager|treasurer|lawyer|inspector|auditor|executive))(?:\s+of\s+(?:the\s+)?(?:[A-Za-z]+\s+){0,4}?[A-Za-z]+)?)(?:\s+since\s+\d{4})?,\s+(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)?((?:[A-Z][\p{L}'’]+(?:-[A-Z][\p{L}'’]+)?)(?:\s+[A-Z][\p{L}'’]+(?:-[A-Z][\p{L}'’]+)?){1,2})|^((?:[A-Z][\w-]*\s+){0,2}(?:President|Secretary-General|Director-General|Chair|Chairman|Chairperson|Head|Director|Executive\s+Director)):\s+((?:[A-Z][\p{L}'’]+)(?:\s+[A-Z][\p{L}'’]+){1,2})`)

// nameFirstRE is a name followed by its title as an apposition: "Tomas
// Berg, the forum's secretary-general, said", "Ana Rojas, Chile's
// finance minister,". Groups: 1 the name, 2 the possessor, 3 the title.
var nameFirstRE = regexp.MustCompile(`(?:\b(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?\b((?:[A-Z][\p{L}'’]+(?:-[A-Z][\p{L}'’]+)?)(?:\s+[A-Z][\p{L}'’]+(?:-[A-Z][\p{L}'’]+)?){1,2}),\s+(?:the\s+|its\s+|((?:the\s+[\p{L}-]+|[A-Z][\p{L}-]+(?:\s+[A-Z][\p{L}-]+)*))['’]s\s+|)(?:(?:current|new|former|then|acting)\s+)?((?i:(?:[a-z]+\s+)?(?:president|secretary|minister|secretary-general|director-general|director|chairman|chairwoman|chairperson|chair|head|spokesperson|spokesman|spokeswoman|ambassador|envoy|commissioner|governor|chief\s+executive|coordinator|representative|scientist|negotiator|executive\s+secretary))(?:\s+(?:of|to)\s+(?:the\s+)?(?:[A-Za-z]+\s+){0,4}?[A-Za-z]+)?)(?:\s+since\s+\d{4})?[,.]`)

// whoHeadsRE is a name and the body they run: "Ana Ruiz, who chairs the
// council,". Groups: 1 the name, 2 the verb, 3 the body.
var whoHeadsRE = regexp.MustCompile(`(?:\b(?:Dr|Mr|Mrs|Ms|Prof)\.?\s+)?\b((?:[A-Z][\p{L}'’]+(?:-[A-Z][\p{L}'’]+)?)(?:\s+[A-Z][\p{L}'’]+(?:-[A-Z][\p{L}'’]+)?){1,2})(?:,\s+who|,\s+[^,]{1,60},|)\s+((?:has\s+|have\s+)?(?:chairs|heads|leads|directs|runs|presides\s+over|chaired|headed|led|directed|ran|run|presided\s+over))\s+(it|the\s+(?:[\p{L}-]+\s+){0,3}?[\p{L}-]+)\b`)

// titleBeforeRE is a lowercase title right before a name: "our
// correspondent Tomás Riquelme", "the envoy Lena Park".
var titleBeforeRE = regexp.MustCompile(`\b(?:[Oo]ur|[Ii]ts|[Tt]he|[Tt]heir)\s+(correspondent|reporter|envoy|ambassador|spokesperson|spokesman|spokeswoman|negotiator|secretary|treasurer)\s+((?:[A-Z][\p{L}'’]+(?:-[A-Z][\p{L}'’]+)?)(?:\s+[A-Z][\p{L}'’]+(?:-[A-Z][\p{L}'’]+)?){1,2})\b`)

func (x *extractor) people() {
	seen := map[string]int{}
	x.titleBeforePeople(seen)
	x.appositivePeople(seen)
	x.nameFirstPeople(seen)
	x.whoHeadsPeople(seen)
	for _, st := range x.doc.Sentences {
		// The sentence's countries are found once, not once per person.
		var cs []mention
		found := false
		for _, m := range personRE.FindAllStringSubmatchIndex(st.Text, -1) {
			qual := ""
			if m[2] >= 0 {
				qual = st.Text[m[2]:m[3]]
			}
			title := strings.Join(strings.Fields(st.Text[m[4]:m[5]]), " ")
			name := st.Text[m[6]:m[7]]
			country := canonicalCountry(qual)
			role := title
			switch {
			case country != "":
			case qual != "" && qual != "The" && qual != "But" && qual != "And":
				role = qual + " " + title
			default:
				// "Amid Kazakhstan's unrest, President Tokayev called ..."
				if !found {
					cs, found = countries(st.Text), true
				}
				if len(cs) > 0 && cs[0].Start < m[4] {
					country = cs[0].Country
				}
			}
			if country != "" {
				role += " of " + country
			}
			note := ""
			if g := personNote(st.Text[m[1]:]); len(strings.Fields(g)) <= 20 {
				note = strings.TrimSpace(g)
			}
			if i, ok := seen[name]; ok {
				if x.sheet.People[i].Note == "" {
					x.sheet.People[i].Note = note
				}
				continue
			}
			x.addPerson(seen, facts.Person{Name: name, Role: role, Country: country, Note: note, Source: ref(st)})
		}
	}
}

// personNote is what personNoteRE reads after a name, or "". It reads a
// window after the name first: a note of more than 20 words is dropped
// anyway, so only a note that reaches the window's end needs the rest of
// the sentence.
func personNote(rest string) string {
	const window = 512
	if len(rest) > window {
		if g := personNoteRE.FindStringSubmatch(rest[:window]); g != nil {
			if len(g[0]) < window || len(strings.Fields(g[1])) > 20 {
				return g[1]
			}
		} else {
			// No verb right after the name within the window means none
			// in the whole: the pattern is anchored and its opening is short.
			return ""
		}
	}
	if g := personNoteRE.FindStringSubmatch(rest); g != nil {
		return g[1]
	}
	return ""
}

// appositivePeople reads the people named after a lowercase title or on
// an infobox line (appositiveTitleRE), with the role the title gives:
// "President of the Alpine Rail Freight Union", "Finance Minister of
// Jamaica".
func (x *extractor) appositivePeople(seen map[string]int) {
	org := x.sheet.Membership.Organisation
	for _, st := range x.doc.Sentences {
		for _, m := range appositiveTitleRE.FindAllStringSubmatchIndex(st.Text, -1) {
			var possessor, title, name string
			if m[4] >= 0 {
				if m[2] >= 0 {
					possessor = st.Text[m[2]:m[3]]
				}
				title, name = st.Text[m[4]:m[5]], st.Text[m[6]:m[7]]
			} else {
				title, name = st.Text[m[8]:m[9]], st.Text[m[10]:m[11]]
			}
			if _, ok := seen[name]; ok || Country(name) != "" {
				continue
			}
			role, country := titledRole(title, possessor, org)
			rest := st.Text[m[1]:]
			// "Ravi Menon of India"
			if c := countries(rest); len(c) > 0 && strings.HasPrefix(strings.TrimSpace(rest[:c[0].Start]), "of") && len(strings.Fields(rest[:c[0].Start])) == 1 {
				country = c[0].Country
			}
			note := ""
			if g := personNote(strings.TrimPrefix(rest, ",")); len(strings.Fields(g)) <= 20 {
				note = strings.TrimSpace(g)
			}
			x.addPerson(seen, facts.Person{Name: name, Role: role, Country: country, Note: note, Source: ref(st)})
		}
	}
}

// titleCase capitalises each word of a title: "finance minister" →
// "Finance Minister", "secretary-general" → "Secretary-General".
func titleCase(s string) string {
	b := []byte(s)
	for i := range b {
		if (i == 0 || b[i-1] == ' ' || b[i-1] == '-') && b[i] >= 'a' && b[i] <= 'z' {
			b[i] -= 'a' - 'A'
		}
	}
	return string(b)
}

// nameFirstPeople reads the people named before their title
// (nameFirstRE).
func (x *extractor) nameFirstPeople(seen map[string]int) {
	org := x.sheet.Membership.Organisation
	for _, st := range x.doc.Sentences {
		for _, m := range nameFirstRE.FindAllStringSubmatchIndex(st.Text, -1) {
			name := st.Text[m[2]:m[3]]
			if _, ok := seen[name]; ok || Country(name) != "" || canonicalCountry(name) != "" || strings.HasPrefix(name, "The ") {
				continue
			}
			possessor := ""
			if m[4] >= 0 {
				possessor = st.Text[m[4]:m[5]]
			}
			role, country := titledRole(st.Text[m[6]:m[7]], possessor, org)
			x.addPerson(seen, facts.Person{Name: name, Role: role, Country: country, Source: ref(st)})
		}
	}
}

// whoHeadsPeople reads "Ana Ruiz, who chairs the council,": the role is
// the verb's office ("Chair of the council").
func (x *extractor) whoHeadsPeople(seen map[string]int) {
	office := map[string]string{"chairs": "Chair", "heads": "Head", "leads": "Leader", "directs": "Director", "runs": "Head", "presides over": "President",
		"has chaired": "Chair", "has headed": "Head", "has led": "Leader", "has directed": "Director", "has run": "Head", "has presided over": "President",
		"chaired": "Former Chair", "headed": "Former Head", "led": "Former Leader", "directed": "Former Director", "ran": "Former Head", "presided over": "Former President"}
	org := x.sheet.Membership.Organisation
	for _, st := range x.doc.Sentences {
		for _, m := range whoHeadsRE.FindAllStringSubmatchIndex(st.Text, -1) {
			name := st.Text[m[2]:m[3]]
			if _, ok := seen[name]; ok || Country(name) != "" || strings.HasPrefix(name, "The ") {
				continue
			}
			verb := strings.Join(strings.Fields(st.Text[m[4]:m[5]]), " ")
			if office[verb] == "" {
				continue
			}
			body := st.Text[m[6]:m[7]]
			if body == "it" {
				if org == "" || org == "the organisation" {
					continue
				}
				body = "the " + strings.TrimPrefix(org, "the ")
			}
			x.addPerson(seen, facts.Person{Name: name, Role: office[verb] + " of " + body, Source: ref(st)})
		}
	}
}

// titleBeforePeople reads the people named right after a lowercase title
// (titleBeforeRE).
func (x *extractor) titleBeforePeople(seen map[string]int) {
	for _, st := range x.doc.Sentences {
		for _, m := range titleBeforeRE.FindAllStringSubmatchIndex(st.Text, -1) {
			name := st.Text[m[4]:m[5]]
			if _, ok := seen[name]; ok || Country(name) != "" {
				continue
			}
			x.addPerson(seen, facts.Person{Name: name, Role: titleCase(st.Text[m[2]:m[3]]), Source: ref(st)})
		}
	}
}

// addPerson adds a person found in the text, with their surname as an
// alias, and notes them in seen (name → index in the sheet's people).
func (x *extractor) addPerson(seen map[string]int, p facts.Person) {
	if words := strings.Fields(p.Name); len(words) > 1 {
		p.Aliases = []string{words[len(words)-1]}
	}
	seen[p.Name] = len(x.sheet.People)
	x.sheet.People = append(x.sheet.People, p)
}

// titledRole is the role a title gives, with the country it is of: the
// possessor's ("Jamaica's finance minister"), the one its "of" or "to"
// phrase names, else the phrase's body ("chairman of the council"), else
// the organisation the article is about.
func titledRole(title, possessor, org string) (role, country string) {
	title = strings.Join(strings.Fields(title), " ")
	of := ""
	for _, sep := range []string{" of ", " to "} {
		if i := strings.Index(title, sep); i > 0 {
			title, of = title[:i], strings.TrimPrefix(title[i+len(sep):], "the ")
			break
		}
	}
	country = canonicalCountry(possessor)
	if country == "" && of != "" {
		country = Country(of)
	}
	role = titleCase(title)
	switch {
	case country != "":
		role += " of " + country
	case of != "":
		role += " of the " + of
	case org != "" && org != "the organisation":
		role += " of the " + strings.TrimPrefix(org, "the ")
	}
	return role, country
}
