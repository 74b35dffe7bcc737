package extract

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"quizd/questions"
)

// TextError says why a file cannot be read as an article, and where.
type TextError struct {
	Line int
	Msg  string
}

func (e *TextError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return e.Msg
}

// CheckText refuses what is not an article: binary data, text that is not
// UTF-8, and a file with no words in it.
func CheckText(data []byte) error {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return &TextError{Line: bytes.Count(data[:i], []byte("\n")) + 1, Msg: "the file is binary, not text"}
	}
	if !utf8.Valid(data) {
		line := 1
		for len(data) > 0 {
			r, size := utf8.DecodeRune(data)
			if r == utf8.RuneError && size <= 1 {
				break
			}
			if r == '\n' {
				line++
			}
			data = data[size:]
		}
		return &TextError{Line: line, Msg: "the file is not UTF-8 text"}
	}
	if !bytes.ContainsFunc(data, unicode.IsLetter) {
		return &TextError{Msg: "the article is empty: it has no words"}
	}
	return nil
}

// sentence is one sentence of the article and the paragraph it stands in.
type sentence struct {
	Text string
	Para int // counted from 1, after the title and byline
	// Next is the paragraph after this sentence's, when the sentence ends
	// with a colon and introduces a quoted block.
	Next string
}

var (
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdEmphasis = regexp.MustCompile(`(\*\*|__|\*|_)([^*_\n]+)(\*\*|__|\*|_)`)
	mdHeading  = regexp.MustCompile(`(?m)^[ \t]{0,3}#{1,6}[ \t]+`)
	// mdListHeading is a heading that names a list of members.
	mdListHeading = regexp.MustCompile(`(?mi)^[ \t]{0,3}#{1,6}[ \t]+((?:current\s+|founding\s+|full\s+)?(?:members?|member\s+states|membership|observers?|non-members?))[ \t]*$`)
	mdQuote       = regexp.MustCompile(`(?m)^[ \t]*>[ \t]?`)
	mdBullet      = regexp.MustCompile(`(?m)^[ \t]*(?:[-*+]|\d+\.)[ \t]+`)
	mdFence       = regexp.MustCompile("(?m)^[ \t]*```.*$")
	// interviewTurnRE opens an interview's turn: "Q: How did it start?"
	interviewTurnRE = regexp.MustCompile(`(?m)^[ \t]*(?:Q|A|Question|Answer)[ \t]*[:.][ \t]+`)
	spaces          = regexp.MustCompile(`[ \t]+`)
	bylineRE        = regexp.MustCompile(`(?i)^(?:written\s+)?by\s+(.+)$`)
	blankLineRE     = regexp.MustCompile(`\n[ \t]*\n`)
)

// plain reduces Markdown to its text: links to their words, no emphasis
// marks, headings, quote marks or bullets.
func plain(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = mdFence.ReplaceAllString(text, "")
	text = mdTables(text)
	text = mdLink.ReplaceAllString(text, "$1")
	// "## Members" over a list introduces the list, as "Members:" would.
	text = mdListHeading.ReplaceAllString(text, "$1:")
	text = mdHeading.ReplaceAllString(text, "")
	text = mdQuote.ReplaceAllString(text, "")
	text = mdBullet.ReplaceAllString(text, "")
	// An interview's turns: "Q: How did the union start?"
	text = interviewTurnRE.ReplaceAllString(text, "")
	for range 2 {
		text = mdEmphasis.ReplaceAllString(text, "$2")
	}
	return text
}

// document is an article split into its parts.
type document struct {
	Title, Author string
	Paragraphs    []string
	Sentences     []sentence
}

var joinWords = map[string]bool{"the": true, "a": true, "an": true, "of": true, "in": true, "to": true, "for": true,
	"and": true, "or": true, "with": true, "from": true, "on": true, "at": true, "by": true, "as": true, "that": true}

// parse splits an article into title, byline and paragraphs, mending
// paragraphs that a blank line broke in the middle of a sentence.
func parse(text string) document {
	var blocks []string
	for _, b := range blankLineRE.Split(plain(text), -1) {
		b = strings.TrimSpace(spaces.ReplaceAllString(strings.ReplaceAll(b, "\n", " "), " "))
		if b != "" {
			blocks = append(blocks, b)
		}
	}
	var doc document
	// A short first block without a full stop is the title; a block that
	// starts with "by" the byline.
	if len(blocks) > 0 && len(strings.Fields(blocks[0])) <= 20 && !strings.HasSuffix(blocks[0], ".") {
		doc.Title = blocks[0]
		blocks = blocks[1:]
	}
	if len(blocks) > 0 {
		if m := bylineRE.FindStringSubmatch(blocks[0]); m != nil && len(strings.Fields(m[1])) <= 8 {
			doc.Author = strings.TrimSpace(m[1])
			blocks = blocks[1:]
		}
	}
	for _, b := range blocks {
		if n := len(doc.Paragraphs); n > 0 && continues(doc.Paragraphs[n-1], b) {
			doc.Paragraphs[n-1] += " " + b
			continue
		}
		doc.Paragraphs = append(doc.Paragraphs, b)
	}
	for i, p := range doc.Paragraphs {
		for _, s := range splitSentences(p) {
			st := sentence{Text: s, Para: i + 1}
			if strings.HasSuffix(s, ":") && i+1 < len(doc.Paragraphs) {
				st.Next = doc.Paragraphs[i+1]
			}
			doc.Sentences = append(doc.Sentences, st)
		}
	}
	return doc
}

// continues reports whether block b carries on the sentence that prev left
// unfinished.
func continues(prev, b string) bool {
	last, _ := utf8.DecodeLastRuneInString(prev)
	if strings.ContainsRune(".!?:\"”’)", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(b)
	if unicode.IsLower(first) || first == '(' {
		return true
	}
	words := strings.Fields(prev)
	return joinWords[strings.ToLower(words[len(words)-1])]
}

var abbreviations = map[string]bool{"mr": true, "mrs": true, "ms": true, "dr": true, "st": true, "no": true,
	"vs": true, "e.g": true, "i.e": true, "etc": true, "jan": true, "feb": true, "mar": true, "apr": true,
	"jun": true, "jul": true, "aug": true, "sep": true, "sept": true, "oct": true, "nov": true, "dec": true,
	"gen": true, "col": true, "lt": true, "prof": true, "u.s": true, "u.n": true, "art": true}

// splitSentences splits a paragraph after ".", "!" or "?" (and a closing
// quote) where a capital letter, digit or quote follows, but not after an
// abbreviation or an initial.
func splitSentences(p string) []string {
	var out []string
	start := 0
	rs := []rune(p)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '.' && rs[i] != '!' && rs[i] != '?' {
			continue
		}
		end := i + 1
		for end < len(rs) && strings.ContainsRune("\"”’')", rs[end]) {
			end++
		}
		if end >= len(rs) || rs[end] != ' ' {
			continue
		}
		next := end + 1
		if next >= len(rs) || !(unicode.IsUpper(rs[next]) || unicode.IsDigit(rs[next]) || strings.ContainsRune("\"“‘", rs[next])) {
			continue
		}
		if rs[i] == '.' {
			word := lastWord(rs[start:i])
			if abbreviations[strings.ToLower(word)] || (len([]rune(word)) == 1 && unicode.IsUpper([]rune(word)[0])) {
				continue
			}
		}
		out = append(out, strings.TrimSpace(string(rs[start:end])))
		start = next
		i = next - 1
	}
	if rest := strings.TrimSpace(string(rs[start:])); rest != "" {
		out = append(out, rest)
	}
	return out
}

// lastWord is the word that ends rs (after trailing space), reading back
// only as far as that word: a sentence's prefix is not copied for every
// full stop in it.
func lastWord(rs []rune) string {
	end := len(rs)
	for end > 0 && unicode.IsSpace(rs[end-1]) {
		end--
	}
	start := end
	for start > 0 && !unicode.IsSpace(rs[start-1]) && rs[start-1] != '(' {
		start--
	}
	return string(rs[start:end])
}

// wordsPrefix is the start of s that holds its first n words (as
// strings.Fields splits them), and whether more words follow: what reads
// only a text's first words reads only that far.
func wordsPrefix(s string, n int) (string, bool) {
	words, in := 0, false
	for i, r := range s {
		space := unicode.IsSpace(r)
		switch {
		case !space && !in:
			if words == n {
				return s[:i], true
			}
			words++
			in = true
		case space:
			in = false
		}
	}
	return s, false
}

// lastWords is strings.Fields of the end of s that holds its last n
// words, reading back only that far.
func lastWords(s string, n int) []string {
	words, in := 0, false
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		space := unicode.IsSpace(r)
		switch {
		case !space && !in:
			if words == n {
				return strings.Fields(s[i:])
			}
			words++
			in = true
		case space:
			in = false
		}
		i -= size
	}
	return strings.Fields(s)
}

// tableRowRE is a row of a Markdown table; tableRuleRE the rule under its
// header.
var (
	tableRowRE   = regexp.MustCompile(`^[ \t]*\|(.*)\|[ \t]*$`)
	tableRuleRE  = regexp.MustCompile(`^[ \t]*\|?[ \t:|-]+\|?[ \t]*$`)
	countryColRE = regexp.MustCompile(`(?i)^(?:country|member|member\s+state|state|nation)$`)
	joinedColRE  = regexp.MustCompile(`(?i)^(?:joined|since|year\s+joined|member\s+since|accession|year)$`)
)

// mdTables writes a Markdown table of members as prose: "| Country |
// Joined |" over rows of names and years becomes "Members: A, B and C."
// and "A joined in 2009." for each row, which the extractor reads as it
// reads any article. Other tables become one sentence a row, of their
// cells.
func mdTables(text string) string {
	lines := strings.Split(text, "\n")
	var out []string
	for i := 0; i < len(lines); i++ {
		if !tableRowRE.MatchString(lines[i]) || i+1 >= len(lines) || !tableRuleRE.MatchString(lines[i+1]) || !strings.Contains(lines[i+1], "-") {
			out = append(out, lines[i])
			continue
		}
		header := tableCells(lines[i])
		country, joined := -1, -1
		for k, h := range header {
			switch {
			case countryColRE.MatchString(h) && country < 0:
				country = k
			case joinedColRE.MatchString(h) && joined < 0:
				joined = k
			}
		}
		var rows [][]string
		j := i + 2
		for ; j < len(lines) && tableRowRE.MatchString(lines[j]); j++ {
			rows = append(rows, tableCells(lines[j]))
		}
		out = append(out, "")
		if country >= 0 {
			var names []string
			for _, r := range rows {
				if country < len(r) && r[country] != "" {
					names = append(names, r[country])
				}
			}
			out = append(out, "Members: "+questions.ListText(names)+".", "")
			if joined >= 0 {
				// The rows of the first year are the founders: only those
				// after them joined.
				first := ""
				for _, r := range rows {
					if joined < len(r) && r[joined] != "" && (first == "" || r[joined] < first) {
						first = r[joined]
					}
				}
				for _, r := range rows {
					if country < len(r) && joined < len(r) && r[country] != "" && r[joined] != "" && r[joined] != first {
						out = append(out, r[country]+" joined in "+r[joined]+".")
					}
				}
			}
		} else {
			for _, r := range rows {
				out = append(out, strings.Join(r, ", ")+".")
			}
		}
		out = append(out, "")
		i = j - 1
	}
	return strings.Join(out, "\n")
}

func tableCells(line string) []string {
	g := tableRowRE.FindStringSubmatch(line)
	if g == nil {
		return nil
	}
	cells := strings.Split(g[1], "|")
	for k := range cells {
		cells[k] = strings.TrimSpace(cells[k])
	}
	return cells
}
