package questions

import (
	"html"
	"regexp"
	"strings"
)

var (
	lineBreakRE = regexp.MustCompile(`(?i)<br\s*/?>|</div>|</p>|</li>|</h[1-6]>`)
	tagRE       = regexp.MustCompile(`<[^>]*>`)
	scriptRE    = regexp.MustCompile(`(?is)<(script|style)\b.*?</(script|style)\s*>`)
	soundRE     = regexp.MustCompile(`\[sound:[^\]]*\]`)
)

// PlainText reduces HTML from an imported card to safe plain text: script
// and style elements removed with their content, other tags dropped (line
// breaks kept), entities decoded, Anki's [sound:...] references removed,
// white space tidied. The result is shown as text, never as markup.
func PlainText(s string) string {
	if strings.ContainsAny(s, "<&") {
		s = scriptRE.ReplaceAllString(s, "")
		s = lineBreakRE.ReplaceAllString(s, "\n")
		s = tagRE.ReplaceAllString(s, "")
		s = html.UnescapeString(s)
	}
	s = soundRE.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "\u00a0", " ")
	lines := strings.Split(s, "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
