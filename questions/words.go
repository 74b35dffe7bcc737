package questions

import (
	"slices"
	"strings"
	"sync"

	"github.com/biter777/countries"
	"github.com/trustelem/zxcvbn/frequency"
)

// The word list behind the typo rule: a typed word one letter away from the
// key's word is a typo only when it is not itself a word, since "place" for
// "peace" or "Prussia" for "Russia" is another answer, not a slip.
//
// The English words are zxcvbn's frequency lists (the most frequent words
// of English Wikipedia and of American film and television, common
// surnames and given names: about 94,000 words, proper nouns such as
// "Prussia" and "Kursk" among them), compiled into the binary by their
// package. The gazetteer adds every country and capital of the ISO 3166
// dataset of github.com/biter777/countries.
var dictionary struct {
	once  sync.Once
	words []string // sorted, lower case, letters only
	// compounds are the country names that contain "and" ("Antigua and
	// Barbuda"), normalised: one name, never a list of two.
	compounds map[string]bool
}

func loadDictionary() {
	var words []string
	add := func(w string) {
		if len(w) > 1 && isLetters(w) {
			words = append(words, w)
		}
	}
	for _, list := range frequency.FrequencyLists {
		for _, w := range list {
			add(w)
		}
	}
	compounds := map[string]bool{}
	for _, c := range countries.All() {
		name := Normalize(c.String())
		for _, w := range strings.Fields(name) {
			add(w)
		}
		if strings.Contains(" "+name+" ", " and ") {
			compounds[name] = true
		}
		if capital := c.Capital(); capital.IsValid() {
			for _, w := range strings.Fields(Normalize(capital.String())) {
				add(w)
			}
		}
	}
	slices.Sort(words)
	dictionary.words = slices.Compact(words)
	dictionary.compounds = compounds
}

func isLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

// IsWord reports whether a folded, lower-case word is an English word or a
// country or capital name.
func IsWord(w string) bool {
	dictionary.once.Do(loadDictionary)
	_, found := slices.BinarySearch(dictionary.words, w)
	return found
}

// compoundName reports whether a normalised phrase is one country's name
// although it contains "and".
func compoundName(s string) bool {
	dictionary.once.Do(loadDictionary)
	return dictionary.compounds[s]
}

// britishAmerican lists the spellings that differ between British and
// American English, as (British, American) word endings or parts. Two
// words that become one under these are the same word spelled two ways.
var britishAmerican = []struct{ gb, us string }{
	{"isation", "ization"}, {"ise", "ize"}, {"ised", "ized"}, {"ises", "izes"}, {"ising", "izing"},
	{"yse", "yze"}, {"ysed", "yzed"}, {"ysing", "yzing"},
	{"ence", "ense"}, {"our", "or"}, {"ours", "ors"}, {"oured", "ored"},
	{"tre", "ter"}, {"tres", "ters"},
	{"lled", "led"}, {"lling", "ling"}, {"ller", "ler"},
	{"ogue", "og"}, {"mme", "m"},
}

// doubledL is the shortest word whose British doubled l ("travelled") is
// taken for a spelling: shorter ones are other words ("filled", "filed").
const doubledL = 8

// americanSpelling rewrites a British ending to its American form.
func americanSpelling(w string) string {
	for _, v := range britishAmerican {
		if strings.HasPrefix(v.gb, "ll") && len(w) < doubledL {
			continue
		}
		if strings.HasSuffix(w, v.gb) && len(w) > len(v.gb)+1 {
			return w[:len(w)-len(v.gb)] + v.us
		}
	}
	return w
}

// spellingVariant reports whether a and b are one word in its British and
// American spellings ("defence" and "defense", "organisation" and
// "organization").
func spellingVariant(a, b string) bool {
	return a != b && americanSpelling(a) == americanSpelling(b)
}

// sameLemma reports whether a and b are one word in the singular and the
// plural ("peacekeeper" and "peacekeepers"): not another word.
func sameLemma(a, b string) bool {
	return a+"s" == b || b+"s" == a
}
