package questions

import (
	"slices"
	"strconv"
	"strings"
)

// This file holds the rules by which two typed answers that read
// differently say the same thing: a title before a name, the members of a
// list in another order, a well-known other name, a numeral written
// another way, a generic head noun left off a coordination.

// titleWords are the titles and honorifics that may stand before a name.
// "President Tokayev" is Tokayev; "President of Kazakhstan" is an office,
// so a title followed by "of" stays.
var titleWords = []string{
	"president", "vice president", "prime minister", "pm", "deputy prime minister", "first deputy prime minister",
	"foreign minister", "defence minister", "defense minister", "minister", "secretary general", "secretary of state",
	"chancellor", "chairman", "ambassador", "senator", "mayor",
	"lieutenant general", "major general", "field marshal", "marshal", "colonel", "admiral",
	"crown prince", "sultan", "emir", "sheikh", "shah", "pope", "patriarch", "ayatollah", "supreme leader", "comrade",
	"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame",
}

// namingTitles also begin the names of things ("General Assembly", "Prince
// Edward Island", "Premier League"), so they prove no person: taking one
// off lets "General Gerasimov" be Gerasimov, but not a surname stand for a
// longer name.
var namingTitles = []string{
	"general", "king", "queen", "prince", "princess", "emperor", "lord", "lady", "premier", "governor", "speaker",
}

// title is a normalised title; personal when it only ever stands before a
// person's name.
type title struct {
	toks     []string
	personal bool
}

// titles are filed under their first word, longest first so that "prime
// minister" is taken whole before "minister" could be.
var titles = func() map[string][]title {
	out := map[string][]title{}
	add := func(words []string, personal bool) {
		for _, w := range words {
			toks := normalTokens(w)
			out[toks[0]] = append(out[toks[0]], title{toks: toks, personal: personal})
		}
	}
	add(titleWords, true)
	add(namingTitles, false)
	for _, ts := range out {
		slices.SortStableFunc(ts, func(a, b title) int { return len(b.toks) - len(a.toks) })
	}
	return out
}()

// stripTitles removes the titles that lead a name, when a name follows,
// and says whether one of them showed the name to be a person's.
func stripTitles(toks []string) ([]string, bool) {
	personal := false
	for again := true; again && len(toks) > 1; {
		again = false
		for _, t := range titles[toks[0]] {
			if n := len(t.toks); len(toks) > n && slices.Equal(toks[:n], t.toks) && toks[n] != "of" {
				toks, again = toks[n:], true
				personal = personal || t.personal
				break
			}
		}
	}
	return toks, personal
}

// aliasNames are well-known other names of countries and organisations,
// each with the name answers are compared under. A question's accepted
// answers remain the way to accept anything particular to it; these are
// the equivalents a knowing student may write for any question.
var aliasNames = map[string][]string{
	"North Korea":          {"DPRK", "D.P.R.K.", "Democratic People's Republic of Korea"},
	"South Korea":          {"ROK", "Republic of Korea"},
	"Russia":               {"Russian Federation"},
	"Belarus":              {"Belorussia", "Byelorussia", "Republic of Belarus"},
	"Kazakhstan":           {"Republic of Kazakhstan"},
	"Kyrgyzstan":           {"Kyrgyz Republic", "Kirghizia"},
	"Tajikistan":           {"Republic of Tajikistan"},
	"Uzbekistan":           {"Republic of Uzbekistan"},
	"Armenia":              {"Republic of Armenia"},
	"Azerbaijan":           {"Republic of Azerbaijan"},
	"Moldova":              {"Republic of Moldova", "Moldavia"},
	"Syria":                {"Syrian Arab Republic"},
	"Iran":                 {"Islamic Republic of Iran"},
	"China":                {"PRC", "People's Republic of China"},
	"United States":        {"US", "U.S.", "USA", "U.S.A.", "United States of America", "America"},
	"United Kingdom":       {"UK", "U.K.", "Great Britain", "Britain"},
	"United Arab Emirates": {"UAE"},
	"Czechia":              {"Czech Republic"},
	"Turkey":               {"Türkiye"},
	"Myanmar":              {"Burma"},
	"Eswatini":             {"Swaziland"},
	"Ivory Coast":          {"Côte d'Ivoire"},
	"Soviet Union":         {"USSR", "Union of Soviet Socialist Republics"},
	"CSTO":                 {"Collective Security Treaty Organization", "Collective Security Treaty Organisation"},
	"NATO":                 {"North Atlantic Treaty Organization", "North Atlantic Treaty Organisation", "North Atlantic Alliance"},
	"CIS":                  {"Commonwealth of Independent States"},
	"EAEU":                 {"Eurasian Economic Union", "EEU"},
	"SCO":                  {"Shanghai Cooperation Organisation", "Shanghai Cooperation Organization"},
	"EU":                   {"European Union"},
	"UN":                   {"United Nations"},
	"World War I":          {"Great War"},
}

// maxAliasWords is the length of the longest other name, in words: a
// longer answer is no other name.
const maxAliasWords = 7

// aliases maps each normalised other name to the normalised name it stands
// for.
var aliases = func() map[string]string {
	out := map[string]string{}
	for name, others := range aliasNames {
		canon := strings.Join(numerals(normalTokens(name)), " ")
		for _, o := range others {
			out[strings.Join(numerals(normalTokens(o)), " ")] = canon
		}
	}
	return out
}()

// genericHeads are nouns that name no more than "the field of" when they
// close a coordination: "defense and security policy" says what "defense
// and security" says.
var genericHeads = map[string]bool{
	"policy": true, "policies": true, "issue": true, "issues": true, "matter": true, "matters": true,
	"affairs": true, "area": true, "areas": true, "field": true, "fields": true, "sphere": true, "spheres": true,
}

// phrase is one answer, or one member of a list, in the form answers are
// compared in.
type phrase struct {
	toks []string
	// titled is set when a personal title was taken off a name: the name
	// is a person's, and the surname alone names them.
	titled bool
}

// aliasFirst holds the first word of every other name, so that an answer
// that begins no other name is not looked up.
var aliasFirst = func() map[string]bool {
	out := map[string]bool{}
	for alias := range aliases {
		first, _, _ := strings.Cut(alias, " ")
		out[first] = true
	}
	return out
}()

func newPhrase(raw string) phrase { return phraseOf(normalTokens(raw)) }

// phraseOf reads a phrase from its normalised tokens.
func phraseOf(toks []string) phrase {
	// Titles go first, so that a name after one is read as a name ("President
	// Xi" is Xi, not the numeral 11).
	toks, titled := stripTitles(toks)
	toks = numerals(toks)
	if len(toks) > 0 && len(toks) <= maxAliasWords && aliasFirst[toks[0]] {
		if canon, ok := aliases[strings.Join(toks, " ")]; ok {
			toks = strings.Fields(canon)
		}
	}
	return phrase{toks: toks, titled: titled}
}

// forms is an answer read whole and, when it is needed, as a list.
type forms struct {
	whole phrase
	// parts are the answer cut at its list separators: one part when it is
	// no list.
	parts []string
	// lists are the members of parts, and the members again without a
	// closing generic head noun when the answer is a coordination that ends
	// in one. They are read on first use.
	lists [][]phrase
}

// newForms reads an answer given with its normalised form.
func newForms(raw, normal string) forms {
	return forms{whole: phraseOf(strings.Fields(normal)), parts: splitList(raw)}
}

// maxListMembers bounds the members a list answer is read into, so that
// pairing them up (quadratic in their number) stays cheap; a longer answer
// is compared whole.
const maxListMembers = 32

// isList reports whether the answer names several things.
func (f *forms) isList() bool { return len(f.parts) >= 2 && len(f.parts) <= maxListMembers }

func (f *forms) memberLists() [][]phrase {
	if f.lists != nil {
		return f.lists
	}
	if !f.isList() {
		f.lists = [][]phrase{{f.whole}}
		return f.lists
	}
	members := make([]phrase, len(f.parts))
	for i, part := range f.parts {
		members[i] = newPhrase(part)
	}
	f.lists = append(f.lists, members)
	n := len(members)
	last := members[n-1]
	if k := len(last.toks); k > 1 && genericHeads[last.toks[k-1]] {
		headless := slices.Clone(members)
		headless[n-1] = phrase{toks: last.toks[:k-1], titled: last.titled}
		f.lists = append(f.lists, headless)
	}
	return f.lists
}

// splitList cuts an answer into the members of a list at commas,
// semicolons, "&" and the word "and". A comma between digits is a
// thousands separator, and a country named with "and" ("Trinidad and
// Tobago") is one member.
func splitList(s string) []string {
	if !strings.ContainsAny(s, ",;&aA") {
		return []string{s}
	}
	var parts []string
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == ',' && !(i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1])), c == ';', c == '&':
			parts = append(parts, s[start:i])
			start = i + 1
		case (c == 'a' || c == 'A') && i+3 <= len(s) && strings.EqualFold(s[i:i+3], "and") && wordEdge(s, i-1) && wordEdge(s, i+3):
			parts = append(parts, s[start:i])
			start = i + 3
			i += 2
		}
	}
	parts = append(parts, s[start:])
	kept := parts[:0]
	for _, p := range parts {
		if hasWord(p) {
			kept = append(kept, strings.TrimSpace(p))
		}
	}
	if len(kept) < 2 {
		return []string{s}
	}
	var out []string
	for i := 0; i < len(kept); i++ {
		if i+1 < len(kept) && compoundName(Normalize(kept[i]+" and "+kept[i+1])) {
			out = append(out, kept[i]+" and "+kept[i+1])
			i++
			continue
		}
		out = append(out, kept[i])
	}
	return out
}

// hasWord reports whether s has a letter or digit, which is what Normalize
// keeps.
func hasWord(s string) bool {
	for i := 0; i < len(s); i++ {
		if !wordEdge(s, i) {
			return true
		}
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// wordEdge reports whether s[i] is outside a word: before or after the
// string, or a byte that is not a letter or digit. Bytes of multi-byte
// characters count as letters.
func wordEdge(s string, i int) bool {
	if i < 0 || i >= len(s) {
		return true
	}
	c := s[i]
	return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c >= 0x80)
}

// numerals writes every way of numbering a thing in digits: a Roman
// numeral after a word ("World War II" → "world war 2"), "WWII" and "WW2",
// and the ordinal before "world war" ("the Second World War", which
// Normalize has made "2 world war").
func numerals(toks []string) []string {
	if !hasNumeral(toks) {
		return toks
	}
	var out []string
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if n, ok := worldWar(t); ok {
			out = append(out, "world", "war", n)
			continue
		}
		if t == "ww" && i+1 < len(toks) {
			if n, ok := arabicOrRoman(toks[i+1]); ok {
				out = append(out, "world", "war", n)
				i++
				continue
			}
		}
		if i > 0 {
			if n, ok := roman(t); ok {
				out = append(out, strconv.Itoa(n))
				continue
			}
		}
		out = append(out, t)
	}
	// "2 world war" → "world war 2"
	for i := 0; i+2 < len(out); i++ {
		if allDigits(out[i]) && out[i+1] == "world" && out[i+2] == "war" && (i+3 == len(out) || !allDigits(out[i+3])) {
			out[i], out[i+1], out[i+2] = "world", "war", out[i]
		}
	}
	return out
}

// hasNumeral reports whether numerals would change anything, so that the
// common answer without one costs no copy.
func hasNumeral(toks []string) bool {
	for i, t := range toks {
		if strings.HasPrefix(t, "ww") || i > 0 && strings.Trim(t, "ivx") == "" || t == "world" {
			return true
		}
	}
	return false
}

// worldWar reads "wwii", "ww2", "wwi" and "ww1".
func worldWar(t string) (string, bool) {
	if len(t) < 3 || !strings.HasPrefix(t, "ww") {
		return "", false
	}
	return arabicOrRoman(t[2:])
}

func arabicOrRoman(t string) (string, bool) {
	if allDigits(t) {
		return t, true
	}
	if n, ok := roman(t); ok {
		return strconv.Itoa(n), true
	}
	return "", false
}

func allDigits(t string) bool {
	if t == "" {
		return false
	}
	for i := 0; i < len(t); i++ {
		if !isDigit(t[i]) {
			return false
		}
	}
	return true
}

// roman reads a Roman numeral of the letters i, v and x (1 to 39) written
// the standard way. Longer numerals ("mix", "civil") are too often words.
func roman(t string) (int, bool) {
	if t == "" || len(t) > 7 || strings.Trim(t, "ivx") != "" {
		return 0, false
	}
	val := map[byte]int{'i': 1, 'v': 5, 'x': 10}
	n := 0
	for i := 0; i < len(t); i++ {
		v := val[t[i]]
		if i+1 < len(t) && val[t[i+1]] > v {
			n -= v
		} else {
			n += v
		}
	}
	if n <= 0 || n >= 40 || romanOf(n) != t {
		return 0, false
	}
	return n, true
}

func romanOf(n int) string {
	var b strings.Builder
	for _, s := range []struct {
		v int
		r string
	}{{10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}} {
		for n >= s.v {
			b.WriteString(s.r)
			n -= s.v
		}
	}
	return b.String()
}

// match says whether a response phrase says what a key phrase says, and
// whether it took a typo to read it so.
func (g phrase) match(w phrase) (ok, typo bool) {
	if slices.Equal(g.toks, w.toks) {
		return true, false
	}
	if (g.titled || w.titled) && (isSuffix(g.toks, w.toks) || isSuffix(w.toks, g.toks)) {
		return true, false
	}
	return typoTolerable(g.toks, w.toks)
}

// isSuffix reports whether short ends long: "Pashinyan" ends "Nikol
// Pashinyan".
func isSuffix(short, long []string) bool {
	return len(short) > 0 && len(short) <= len(long) && slices.Equal(short, long[len(long)-len(short):])
}

// matchForms says whether a response says what a key says: whole, or,
// when the key is a list, member by member in any order with exactly the
// key's members.
func matchForms(resp *forms, key forms) (ok, typo bool) {
	if !key.isList() {
		return resp.whole.match(key.whole)
	}
	found := false
	for _, kl := range key.memberLists() {
		for _, rl := range resp.memberLists() {
			if len(kl) != len(rl) {
				continue
			}
			if ok, typo := matchMembers(rl, kl); ok {
				if !typo {
					return true, false
				}
				found = true
			}
		}
	}
	return found, found
}

// matchMembers pairs every key member with one response member, exact
// matches first, allowing one typo in all.
func matchMembers(resp, key []phrase) (ok, typo bool) {
	used := make([]bool, len(resp))
	var left []phrase
	for _, k := range key {
		hit := false
		for j, r := range resp {
			if !used[j] && slices.Equal(r.toks, k.toks) {
				used[j], hit = true, true
				break
			}
		}
		if !hit {
			left = append(left, k)
		}
	}
	typos := 0
	for _, k := range left {
		hit := false
		for j, r := range resp {
			if used[j] {
				continue
			}
			if ok, t := r.match(k); ok {
				used[j], hit = true, true
				if t {
					typos++
				}
				break
			}
		}
		if !hit || typos > 1 {
			return false, false
		}
	}
	return true, typos == 1
}
