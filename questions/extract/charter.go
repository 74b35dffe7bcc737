package extract

import (
	"regexp"
	"strconv"
	"strings"

	"quizd/questions/facts"
)

var (
	articleRE = regexp.MustCompile(`\b(?:[Aa]rticle|[Aa]rt\.|[Ss]ection|[Cc]lause)\s+(\d{1,3}|[IVXLC]{1,7}|(?:[Tt]wenty|[Tt]hirty|[Ff]orty|[Ff]ifty|[Ss]ixty|[Ss]eventy|[Ee]ighty|[Nn]inety)(?:-(?i:one|two|three|four|five|six|seven|eight|nine))?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve|[Tt]hirteen|[Ff]ourteen|[Ff]ifteen|[Ss]ixteen|[Ss]eventeen|[Ee]ighteen|[Nn]ineteen)\b`)
	// provideRE is a verb that reports what an article says; the
	// provision follows it.
	provideRE = regexp.MustCompile(`(?i)^\s*(?::|[–—-]\s)|\b(?:states|stipulates|provides|says|sets\s+out|declares|establishes|reads|requires|obliges|specifies|lays\s+down|adds|holds|affirms|it\s+is\s+(?:provided|stated|stipulated|laid\s+down|declared|specified|established|required|set\s+out)(?:\s+that)?)\b`)
	// underRE leads to an article whose provision follows a comma.
	underRE = regexp.MustCompile(`(?i)(?:^|\s)(?:under|according\s+to|by\s+virtue\s+of|pursuant\s+to)\s+$`)
	// passiveProvisionRE is a provision in the passive after the article:
	// "By Article 7 the rights of voting are given to each member".
	passiveProvisionRE = regexp.MustCompile(`(?i)\b(?:is|are)\s+(?:given|granted|guaranteed|forbidden|prohibited|allowed|permitted|divided|required|reserved|assigned)\b`)
	// contentVerbRE is a verb that is the provision itself: "Article 5
	// allows a member to leave" provides "allows a member to leave".
	contentVerbRE = regexp.MustCompile(`(?i)\b(?:allows|lets|permits|demands|guarantees|divides|forbids|prohibits|bans|grants|gives|creates|commits|binds|entitles|empowers|defines|sets|calls\s+for|protects|limits|caps|names|makes|splits|fixes|assigns|reserves|asks|tells|urges|expects|forces|bars|establishes|requires\s+that|amended\s+(?:in\s+\d{4}\s+)?to)\b`)
	documentRE    = regexp.MustCompile(`(?i)^\s+of\s+(?:the|its|this)\s+((?:[\w'’-]+\s+){0,3}?)(charter|treaty|constitution|convention|statute|agreement|pact|compact)\b`)
	modalRE       = regexp.MustCompile(`(?i)\b(?:shall|must|will|should|may|are|is)\b`)
	quotesRE      = regexp.MustCompile(`["“”]`)
	actorRE       = regexp.MustCompile(`(?i)^(?:the\s+)?(?:member\s+states|members|parties|states\s+parties|signatories|each\s+member|every\s+member)$`)
)

// provideWindow is how far after "Article N" its verb is looked for: it
// must start within 80 bytes, and no verb is longer than the rest.
const provideWindow = 160

// provisionWords is how many words of a provision are read: the extractor
// keeps 60, and a provision runs to a full stop well before this.
const provisionWords = 200

// charter reads "Article 3 of its charter states that ..." and "And
// article 7 stipulates that:" followed by the quoted text.
func (x *extractor) charter() {
	c := &x.sheet.Charter
	seen := map[int]bool{}
	for _, st := range x.doc.Sentences {
		for _, loc := range articleRefs(st.Text) {
			n := loc[4]
			if n == 0 {
				n = articleNumber(st.Text[loc[2]:loc[3]])
			}
			if n <= 0 || seen[n] {
				continue
			}
			rest := st.Text[loc[1]:]
			if g := documentRE.FindStringSubmatch(rest); g != nil && c.Document == "" {
				c.Document = x.documentName(strings.TrimSpace(g[1]), g[2])
			}
			window := rest[:min(len(rest), provideWindow)]
			verb := provideRE.FindStringIndex(window)
			// "Under Article 4, each member must ...": the provision is the
			// clause after the comma.
			if underRE.MatchString(st.Text[:loc[0]]) {
				if g := documentRE.FindStringIndex(rest); g != nil {
					rest = rest[g[1]:]
				}
				if strings.HasPrefix(rest, ",") {
					window = rest[:min(len(rest), provideWindow)]
					verb = []int{0, 1}
				}
			}
			keep := false
			if cv := contentVerbRE.FindStringIndex(window); cv != nil && cv[0] <= 80 && (verb == nil || cv[0] < verb[0]) {
				verb, keep = cv, true
			}
			from := 0
			switch {
			case verb != nil && verb[0] <= 80:
				from = verb[1]
				if keep {
					from = verb[0]
				}
			case passiveProvisionRE.MatchString(window):
				// The provision is the whole clause after the article
				// (and its document): "the rights of voting are given ...".
				if g := documentRE.FindStringIndex(rest); g != nil {
					from = g[1]
				}
				if !strings.HasPrefix(strings.TrimSpace(rest[from:]), "the ") && !strings.HasPrefix(strings.TrimSpace(rest[from:]), "each ") {
					continue
				}
			default:
				continue
			}
			// A provision is read to its first words only: every
			// article named in one long sentence would read it all.
			text, _ := wordsPrefix(strings.TrimSpace(rest[from:]), provisionWords)
			text = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), "that"))
			if strings.TrimRight(text, ": ") == "" && st.Next != "" {
				text, _ = wordsPrefix(st.Next, provisionWords)
				text = strings.TrimSpace(text)
			}
			text = strings.TrimSpace(quotesRE.ReplaceAllString(strings.TrimRight(text, ":"), ""))
			if len(strings.Fields(text)) < 3 {
				continue
			}
			seen[n] = true
			provides := limitWords(strings.TrimSuffix(text, "."), 60)
			c.Articles = append(c.Articles, facts.Article{
				Number:   n,
				Subject:  subjectOfProvision(text),
				Provides: lowerFirstWord(provides),
				Source:   ref(st),
			})
		}
	}
	if len(c.Articles) > 0 && c.Document == "" {
		c.Document = x.documentName("", "charter")
	}
}

// documentName names the document: "its charter" in an article about the
// CSTO is the CSTO Charter.
func (x *extractor) documentName(qualifier, kind string) string {
	kind = strings.ToUpper(kind[:1]) + strings.ToLower(kind[1:])
	if qualifier != "" && !strings.HasSuffix(qualifier, "'s") && !strings.HasSuffix(qualifier, "’s") {
		return strings.ToLower(qualifier) + " " + strings.ToLower(kind)
	}
	if a := x.sheet.Membership.Abbreviation; a != "" {
		return a + " " + kind
	}
	return strings.ToLower(kind)
}

// subjectOfProvision names what a provision is about: the phrase before
// its verb ("the goals of the Organization shall be ..."), or, where that
// phrase is only the actors, what they are to do ("the Member States shall
// take joint measures ..." → "taking joint measures ...").
func subjectOfProvision(text string) string {
	loc := modalRE.FindStringIndex(text)
	if loc == nil {
		return limitWords(lowerFirstWord(text), 8)
	}
	before := strings.TrimSpace(text[:loc[0]])
	if before != "" && !actorRE.MatchString(before) && len(strings.Fields(before)) <= 10 {
		return lowerFirstWord(before)
	}
	after := strings.Fields(text[loc[1]:])
	if len(after) == 0 {
		return lowerFirstWord(before)
	}
	after[0] = gerund(after[0])
	// "taking joint measures to achieve ..." is about taking joint measures.
	for i := 3; i < len(after); i++ {
		if after[i] == "to" || after[i] == "in" || after[i] == "for" || after[i] == "which" {
			after = after[:i]
			break
		}
	}
	phrase := strings.Join(after, " ")
	if i := strings.IndexAny(phrase, ",;:"); i > 0 {
		phrase = phrase[:i]
	}
	if w := strings.Fields(phrase); len(w) > 8 {
		phrase = strings.Join(w[:8], " ")
	}
	return strings.TrimRight(phrase, ".")
}

// gerund turns a verb into its -ing form: take → taking, keep → keeping.
func gerund(v string) string {
	switch {
	case v == "be":
		return "being"
	case strings.HasSuffix(v, "ee"):
		return v + "ing"
	case strings.HasSuffix(v, "ie"):
		return v[:len(v)-2] + "ying"
	case strings.HasSuffix(v, "e"):
		return v[:len(v)-1] + "ing"
	}
	return v + "ing"
}

func lowerFirstWord(s string) string {
	w, rest, _ := strings.Cut(s, " ")
	if w == "The" || w == "A" || w == "An" || w == "Each" || w == "Every" || w == "No" || w == "All" {
		w = strings.ToLower(w)
	}
	if rest == "" {
		return w
	}
	return w + " " + rest
}

var numberWords = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
	"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
	"eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90}

// articleNumber reads an article's number as digits ("7"), a Roman
// numeral ("IX") or words ("Twenty-One"); 0 when it is none of these.
func articleNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	if n := romanNumber(s); n > 0 {
		return n
	}
	total := 0
	for _, w := range strings.Split(strings.ToLower(s), "-") {
		n, ok := numberWords[w]
		if !ok {
			return 0
		}
		total += n
	}
	return total
}

// romanNumber reads a Roman numeral in capitals; 0 when s is not one.
func romanNumber(s string) int {
	value := map[byte]int{'I': 1, 'V': 5, 'X': 10, 'L': 50, 'C': 100}
	total := 0
	for i := 0; i < len(s); i++ {
		v, ok := value[s[i]]
		if !ok {
			return 0
		}
		if i+1 < len(s) && value[s[i+1]] > v {
			total -= v
		} else {
			total += v
		}
	}
	if total <= 0 || toRoman(total) != s {
		return 0 // "IIII", "VX" and the like are not numerals
	}
	return total
}

func toRoman(n int) string {
	var b strings.Builder
	for _, p := range []struct {
		v int
		s string
	}{{100, "C"}, {90, "XC"}, {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}} {
		for n >= p.v {
			b.WriteString(p.s)
			n -= p.v
		}
	}
	return b.String()
}

// ordinalArticleRE names an article by its place: "The treaty's second
// article".
var ordinalArticleRE = regexp.MustCompile(`(?i)\b(?:the\s+)?(?:treaty|charter|statute|convention|agreement|constitution)['’]s\s+(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+article\b`)

// articleRefs finds the articles a sentence names: each as its match's
// start and end, its number's start and end, and the number itself when
// words give it by place (else 0).
func articleRefs(s string) [][]int {
	var out [][]int
	for _, loc := range articleRE.FindAllStringSubmatchIndex(s, -1) {
		out = append(out, []int{loc[0], loc[1], loc[2], loc[3], 0})
	}
	for _, loc := range ordinalArticleRE.FindAllStringSubmatchIndex(s, -1) {
		out = append(out, []int{loc[0], loc[1], loc[2], loc[3], ordinalDays[strings.ToLower(s[loc[2]:loc[3]])]})
	}
	return out
}
