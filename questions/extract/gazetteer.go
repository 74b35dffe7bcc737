package extract

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	countrydata "github.com/biter777/countries"

	"quizd/questions"
)

//go:embed countries.txt
var countriesTxt string

// mentionKind says how a text named a country.
type mentionKind int

const (
	byName mentionKind = iota
	byAdjective
	byCapital
)

type surface struct {
	text    string
	country string
	kind    mentionKind
}

// mention is one place a sentence names a country.
type mention struct {
	Country    string
	Start, End int // byte offsets in the sentence
	Kind       mentionKind
}

// The gazetteer is the country and territory dataset of biter777/countries
// (each one's English name, less a parenthesis: "Moldova (Republic of)"
// is named "Moldova") with the extractor's own
// supplement, countries.txt, over it: the names quizd's fact sheets use
// where they differ ("Czech Republic", not "Czechia"), other names the
// dataset lacks ("DPRK", "Burma"), and the adjectives and capitals prose
// names countries by ("Armenian officials", "Moscow said"), which the
// dataset does not carry. Capitals come from the supplement only: many
// capitals are common words or names elsewhere ("Victoria", "Kingston").
var gazetteer = sync.OnceValue(func() []surface {
	var out []surface
	canonical := map[string]string{} // every supplement name, normalised → its country
	for _, line := range strings.Split(countriesTxt, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "|")
		for len(cols) < 4 {
			cols = append(cols, "")
		}
		name := strings.TrimSpace(cols[0])
		out = append(out, surface{name, name, byName})
		canonical[questions.Normalize(name)] = name
		for kind, col := range map[mentionKind]string{byName: cols[1], byAdjective: cols[2], byCapital: cols[3]} {
			for _, s := range strings.Split(col, ",") {
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, surface{s, name, kind})
					if kind == byName {
						canonical[questions.Normalize(s)] = name
					}
				}
			}
		}
	}
	have := map[string]bool{}
	for _, sf := range out {
		have[sf.text] = true
	}
	for _, c := range countrydata.All() {
		n := c.String()
		if i := strings.Index(n, " ("); i > 0 {
			n = n[:i]
		}
		n = strings.TrimSpace(n)
		if n == "" || have[n] || !isEnglishName(n) {
			continue
		}
		country, ok := canonical[questions.Normalize(n)]
		if !ok {
			country = n
		}
		out = append(out, surface{n, country, byName})
		have[n] = true
	}
	// Longest first, so that "North Korea" wins over "Korea" and "Republic
	// of Armenia" over "Armenia".
	sort.SliceStable(out, func(i, j int) bool { return len(out[i].text) > len(out[j].text) })
	return out
})

// countries finds the countries a sentence names, in order of position.
func countries(s string) []mention {
	var out []mention
	taken := make([]bool, len(s))
	for _, sf := range gazetteer() {
		for from := 0; ; {
			i := strings.Index(s[from:], sf.text)
			if i < 0 {
				break
			}
			i += from
			end := i + len(sf.text)
			from = end
			if !wordBoundary(s, i, end) || taken[i] || taken[end-1] {
				continue
			}
			for k := i; k < end; k++ {
				taken[k] = true
			}
			out = append(out, mention{Country: sf.country, Start: i, End: end, Kind: sf.kind})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// wordBoundary reports whether s[i:end] is a whole word (a possessive "'s"
// or a hyphen may follow).
func wordBoundary(s string, i, end int) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	if end < len(s) {
		r, _ := utf8.DecodeRuneInString(s[end:])
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// canonicalCountry returns the country a name, adjective or capital stands
// for, or "".
func canonicalCountry(name string) string {
	name = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(name, "'s"), "’s"))
	for _, sf := range gazetteer() {
		if sf.text == name {
			return sf.country
		}
	}
	return ""
}

// countryByName maps each country's name and other names, normalised as
// answers are, to the country's name.
var countryByName = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, sf := range gazetteer() {
		if sf.kind == byName {
			m[questions.Normalize(sf.text)] = sf.country
		}
	}
	return m
})

// Country returns the country that name stands for when it is a country's
// name or another name of it ("DPRK" → "North Korea", "the Russian
// Federation" → "Russia"), or "" when it names no country the extractor
// knows. Adjectives and capitals do not count: "Moscow" may mean the
// government, not the country.
func Country(name string) string {
	return countryByName()[questions.Normalize(name)]
}

// isEnglishName reports whether a dataset name reads as an English proper
// name: it starts with a capital letter and holds no parenthesis or comma
// ("Bonaire, Sint Eustatius And Saba" is not how prose names a place).
func isEnglishName(n string) bool {
	r, _ := utf8.DecodeRuneInString(n)
	return unicode.IsUpper(r) && !strings.ContainsAny(n, "(),")
}
