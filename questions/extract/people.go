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
var personRE = regexp.MustCompile(`(?:\b([A-Z][\p{L}]+)\s+)?\b((?:[A-Z][a-z]+\s+)?(?:President|Prime\s+Minister|Minister|Secretary-General|Secretary\s+General|Chancellor|King|Queen|Chairman|Chairwoman|Chairperson|Governor|Ambassador|General|Senator|Mayor|Commissioner|Director|Spokesperson))\s+((?:[A-Z][\p{L}'’]+(?:-[A-Z][\p{L}'’]+)?)(?:\s+[A-Z][\p{L}'’]+(?:-[A-Z][\p{L}'’]+)?){1,2})`)

var personNoteRE = regexp.MustCompile(`^\s*(?:,\s+)?((?:said|says|stated|called|asked|proposed|announced|warned|argued|praised|criticised|criticized|condemned|signed|visited|met)\b[^.;]*)`)

func (x *extractor) people() {
	seen := map[string]int{}
	for _, st := range x.doc.Sentences {
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
				if cs := countries(st.Text); len(cs) > 0 && cs[0].Start < m[4] {
					country = cs[0].Country
				}
			}
			if country != "" {
				role += " of " + country
			}
			note := ""
			if g := personNoteRE.FindStringSubmatch(st.Text[m[1]:]); g != nil && len(strings.Fields(g[1])) <= 20 {
				note = strings.TrimSpace(g[1])
			}
			if i, ok := seen[name]; ok {
				if x.sheet.People[i].Note == "" {
					x.sheet.People[i].Note = note
				}
				continue
			}
			words := strings.Fields(name)
			p := facts.Person{Name: name, Role: role, Country: country, Note: note, Source: ref(st)}
			if len(words) > 1 {
				p.Aliases = []string{words[len(words)-1]}
			}
			seen[name] = len(x.sheet.People)
			x.sheet.People = append(x.sheet.People, p)
		}
	}
}
