package gift

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"

	"quizd/questions"
)

// textFormat is the format a GIFT text is written in: Moodle's own (the
// default, where HTML is allowed), [html], [plain] or [markdown].
type textFormat int

const (
	formatMoodle textFormat = iota
	formatHTML
	formatPlain
	formatMarkdown
)

var formatNames = map[string]textFormat{"moodle": formatMoodle, "html": formatHTML, "plain": formatPlain, "markdown": formatMarkdown}

// cutFormat removes a leading [html], [moodle], [plain] or [markdown] from
// a text and returns the format it names, or def when there is none: an
// answer is in its question's format unless it names its own.
func cutFormat(s string, def textFormat) (string, textFormat) {
	s = strings.TrimLeft(s, " \t\n")
	if !strings.HasPrefix(s, "[") {
		return s, def
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return s, def
	}
	f, ok := formatNames[strings.ToLower(s[1:end])]
	if !ok {
		return s, def
	}
	return s[end+1:], f
}

// markupRE finds what a browser would take for markup: a tag, a comment or
// an entity.
var markupRE = regexp.MustCompile(`<(?:[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?|/[a-zA-Z][a-zA-Z0-9]*\s*|!--[\s\S]*?--)>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);`)

var markdown = goldmark.New()

// commentRE finds HTML comments, which may hold tags of their own
// ("<!--<var>x</var>-->") that a tag-by-tag reduction would leave half of.
var commentRE = regexp.MustCompile(`(?s)<!--.*?-->`)

// toText turns an unescaped GIFT text into the plain text quizd shows and
// grades. quizd shows every text as text (user content never becomes
// markup), so [html] and [markdown] are reduced to what a reader sees: tags
// and formatting go, their words stay. Keeping one plain form also means
// grading and duplicate checks compare what the student reads.
//
// Text in Moodle's own format stays as written. Moodle would render HTML in
// it, but Moodle's export marks HTML text [html]; unmarked text comes from
// people writing GIFT by hand, where "is a<b and c>d?" is mathematics and
// not a tag to drop.
func toText(s string, f textFormat) string {
	switch f {
	case formatHTML:
		return questions.PlainText(commentRE.ReplaceAllString(s, ""))
	case formatMarkdown:
		var buf bytes.Buffer
		if err := markdown.Convert([]byte(s), &buf); err != nil {
			// Writing to a buffer cannot fail; keep the text if it does.
			return strings.TrimSpace(s)
		}
		return questions.PlainText(commentRE.ReplaceAllString(buf.String(), ""))
	}
	return strings.TrimSpace(s)
}

// needsPlainMark reports whether quizd's plain text s needs a [plain] mark
// when written: it starts with a format name, which would be read as one,
// or it holds markup, which Moodle would render.
func needsPlainMark(s string) bool {
	if markupRE.MatchString(s) {
		return true
	}
	_, f := cutFormat(s, -1)
	return f != -1
}

// markedText writes a plain text as GIFT, marked [plain] when it would
// otherwise read back as markup.
func markedText(s string) string {
	if needsPlainMark(s) {
		return "[plain]" + escape(s)
	}
	return escape(s)
}
