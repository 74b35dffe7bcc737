package questions

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// letters that Unicode decomposition leaves whole but readers treat as plain
// Latin letters ("Cəfərli", "Ørsted", "straße").
var foldLetters = strings.NewReplacer(
	"ə", "a", "ı", "i", "ø", "o", "æ", "ae", "œ", "oe", "ß", "ss",
	"đ", "d", "ð", "d", "ł", "l", "þ", "th", "ŋ", "n",
)

// Fold lower-cases s and removes accents: "Şahin Cəfərli" → "sahin cefarli".
func Fold(s string) string {
	if isASCII(s) {
		return strings.ToLower(s)
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		out = strings.ToLower(s)
	}
	return foldLetters.Replace(out)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// Normalize reduces an answer to the form answers are compared in: folded
// case and accents, apostrophes dropped, other punctuation as spaces, number
// words as digits ("six" → "6", "102nd" → "102"), a leading article removed
// and white space collapsed. A text of symbols alone ("△", "\\", "{") is
// kept as its symbols, folded and with white space collapsed: they are all
// a reader has to tell it from another, and an answer of only punctuation
// must not compare equal to every other.
func Normalize(s string) string {
	if toks := normalTokens(s); len(toks) > 0 {
		return strings.Join(toks, " ")
	}
	return strings.Join(strings.Fields(Fold(s)), " ")
}

func normalTokens(s string) []string {
	s = Fold(s)
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case r == '\'' || r == '’' || r == 'ʼ':
			// "Putin's" and "Putins" are one word.
		case (r == '.' || r == ',') && i > 0 && i+1 < len(rs) && unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1]):
			// Keep decimal points; drop thousands separators.
			if r == '.' || !thousands(rs, i) {
				b.WriteRune('.')
			}
		default:
			b.WriteByte(' ')
		}
	}
	toks := strings.Fields(b.String())
	toks = numberWords(toks)
	if len(toks) > 1 && (toks[0] == "the" || toks[0] == "a" || toks[0] == "an") {
		toks = toks[1:]
	}
	return toks
}

// thousands reports whether the comma at rs[i] separates a group of three
// digits ("1,000") rather than a decimal part ("0,9").
func thousands(rs []rune, i int) bool {
	n := 0
	for j := i + 1; j < len(rs) && unicode.IsDigit(rs[j]); j++ {
		n++
	}
	return n == 3
}

var smallNumbers = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19,
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
	"seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
	"twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
	"sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}

var tensNumbers = map[string]int{
	"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
	"seventy": 70, "eighty": 80, "ninety": 90,
	"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50,
	"sixtieth": 60, "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}

// numberWords replaces runs of English number words by their digits and
// strips ordinal suffixes from digits ("21st" → "21").
func numberWords(toks []string) []string {
	out := toks[:0:0]
	for i := 0; i < len(toks); {
		if n, used := parseNumberWords(toks[i:]); used > 0 {
			out = append(out, strconv.Itoa(n))
			i += used
			continue
		}
		out = append(out, stripOrdinal(toks[i]))
		i++
	}
	return out
}

// parseNumberWords reads a number written in words at the start of toks,
// such as "one hundred and two", and says how many tokens it used.
func parseNumberWords(toks []string) (n, used int) {
	total, current := 0, 0
	seen := false
	last := "" // the kind of the previous word: "unit", "tens" or "scale"
	for i, t := range toks {
		v, small := smallNumbers[t]
		// "one two" is two numbers; "twenty one" is one.
		if (small && (last == "unit" || last == "tens" && v >= 10)) || (tensNumbers[t] > 0 && (last == "unit" || last == "tens")) {
			return total + current, i
		}
		switch {
		case small:
			current += v
			last = "unit"
		case tensNumbers[t] > 0:
			current += tensNumbers[t]
			last = "tens"
		case t == "hundred" || t == "hundredth":
			if !seen {
				return 0, 0
			}
			if current == 0 {
				current = 1
			}
			current *= 100
			last = "scale"
		case t == "thousand" || t == "thousandth":
			if !seen {
				return 0, 0
			}
			if current == 0 {
				current = 1
			}
			total += current * 1000
			current = 0
			last = "scale"
		case t == "and" && seen && i+1 < len(toks) && isNumberWord(toks[i+1]):
			continue
		default:
			if !seen {
				return 0, 0
			}
			return total + current, i
		}
		seen = true
		used = i + 1
	}
	if !seen {
		return 0, 0
	}
	return total + current, used
}

func isNumberWord(t string) bool {
	_, small := smallNumbers[t]
	return small || tensNumbers[t] > 0
}

func stripOrdinal(t string) string {
	if len(t) < 3 || t[0] < '0' || t[0] > '9' {
		return t
	}
	digits := strings.TrimRight(t, "abcdefghijklmnopqrstuvwxyz")
	switch t[len(digits):] {
	case "st", "nd", "rd", "th":
		return digits
	}
	return t
}

// editDistance is the Levenshtein distance between a and b, counted in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
