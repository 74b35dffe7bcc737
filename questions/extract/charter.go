package extract

import (
	"regexp"
	"strconv"
	"strings"

	"quizd/questions/facts"
)

var (
	articleRE  = regexp.MustCompile(`\b(?:[Aa]rticle|[Ss]ection|[Cc]lause)\s+(\d{1,3})\b`)
	provideRE  = regexp.MustCompile(`(?i)\b(?:states|stipulates|provides|says|sets\s+out|declares|establishes|reads|requires|obliges|specifies|lays\s+down)\b`)
	documentRE = regexp.MustCompile(`(?i)^\s+of\s+(?:the|its|this)\s+((?:[\w'’-]+\s+){0,3}?)(charter|treaty|constitution|convention|statute|agreement|pact|compact)\b`)
	modalRE    = regexp.MustCompile(`(?i)\b(?:shall|must|will|should|may|are|is)\b`)
	quotesRE   = regexp.MustCompile(`["“”]`)
	actorRE    = regexp.MustCompile(`(?i)^(?:the\s+)?(?:member\s+states|members|parties|states\s+parties|signatories|each\s+member|every\s+member)$`)
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
		for _, loc := range articleRE.FindAllStringSubmatchIndex(st.Text, -1) {
			n, err := strconv.Atoi(st.Text[loc[2]:loc[3]])
			if err != nil || n <= 0 || seen[n] {
				continue
			}
			rest := st.Text[loc[1]:]
			if g := documentRE.FindStringSubmatch(rest); g != nil && c.Document == "" {
				c.Document = x.documentName(strings.TrimSpace(g[1]), g[2])
			}
			verb := provideRE.FindStringIndex(rest[:min(len(rest), provideWindow)])
			if verb == nil || verb[0] > 80 {
				continue
			}
			// A provision is read to its first words only: every
			// article named in one long sentence would read it all.
			text, _ := wordsPrefix(strings.TrimSpace(rest[verb[1]:]), provisionWords)
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
