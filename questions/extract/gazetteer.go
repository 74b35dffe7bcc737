package extract

import (
	_ "embed"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

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

var gazetteer = sync.OnceValue(func() []surface {
	var out []surface
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
		for kind, col := range map[mentionKind]string{byName: cols[1], byAdjective: cols[2], byCapital: cols[3]} {
			for _, s := range strings.Split(col, ",") {
				if s = strings.TrimSpace(s); s != "" {
					out = append(out, surface{s, name, kind})
				}
			}
		}
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
