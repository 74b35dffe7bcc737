package csvbank

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Layout is how a file of front/back pairs is laid out.
type Layout struct {
	// Separator stands between a card's two sides.
	Separator string
	// RowSeparator stands between cards; "" for line breaks.
	RowSeparator string
}

// sniffBytes is how much of a file Sniff reads.
const sniffBytes = 64 << 10

// Sniff finds the separator a file of front/back pairs uses, when its
// rows agree on one: a tab on most lines (three in five), a run of signs such as
// Quizlet's "/////" once on nearly every line, or a semicolon or comma on
// nearly every line of rows that are not sentences. A file of one line is
// tried for Quizlet's custom row separators. ok is false when no
// separator is clear; the uploader must then give it.
func Sniff(data []byte) (l Layout, ok bool) {
	head := data
	if len(head) > sniffBytes {
		head = head[:sniffBytes]
		if i := bytes.LastIndexByte(head, '\n'); i > 0 {
			head = head[:i]
		}
	}
	var lines []string
	for l := range strings.SplitSeq(strings.ReplaceAll(string(head), "\r\n", "\n"), "\n") {
		// Keep the tabs around empty sides: "front<TAB>" is still a pair.
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") {
			lines = append(lines, strings.Trim(l, " "))
		}
	}
	switch len(lines) {
	case 0:
		return Layout{}, false
	case 1:
		return sniffOneLine(lines[0])
	}
	if sep, ok := fieldSeparator(lines); ok {
		return Layout{Separator: sep}, true
	}
	return Layout{}, false
}

// fieldSeparator finds the separator the lines share.
func fieldSeparator(lines []string) (string, bool) {
	n := len(lines)
	with := func(sep string) (some, once int) {
		for _, l := range lines {
			switch c := strings.Count(l, sep); {
			case c == 1:
				once++
				some++
			case c > 1:
				some++
			}
		}
		return some, once
	}
	// Prose has no tabs but for indenting: tabs after the start of most
	// lines make pairs.
	inner := 0
	for _, l := range lines {
		if strings.Contains(strings.TrimLeft(l, " \t"), "\t") {
			inner++
		}
	}
	if inner >= 2 && inner*10 >= n*6 {
		return "\t", true
	}
	if run, ok := commonRun(lines); ok {
		return run, true
	}
	if sentences(lines)*2 >= n {
		return "", false
	}
	for _, sep := range []string{";", ","} {
		if some, _ := with(sep); some*10 >= n*9 {
			return sep, true
		}
	}
	return "", false
}

// commonRun finds a run of two or more signs (not letters, digits,
// spaces, quotes, commas or semicolons), such as "/////" or "::" or "=>",
// that stands on nearly every line and only once on most.
func commonRun(lines []string) (string, bool) {
	some, once := map[string]int{}, map[string]int{}
	for _, l := range lines {
		seen := map[string]int{}
		for _, r := range runs(l) {
			seen[r]++
		}
		for r, c := range seen {
			some[r]++
			if c == 1 {
				once[r]++
			}
		}
	}
	best, most := "", 0
	for r, c := range some {
		if c > most || c == most && r < best {
			best, most = r, c
		}
	}
	n := len(lines)
	return best, most > 0 && most*10 >= n*9 && once[best]*4 >= n*3
}

// runs lists the runs of two or more signs in a line.
func runs(l string) []string {
	var out []string
	start := -1
	flush := func(end int) {
		if start >= 0 && utf8.RuneCountInString(l[start:end]) >= 2 {
			out = append(out, l[start:end])
		}
		start = -1
	}
	for i, r := range l {
		if isSign(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(l))
	return out
}

func isSign(r rune) bool {
	return (unicode.IsPunct(r) || unicode.IsSymbol(r)) && !strings.ContainsRune(`"',;'()[]{}.?!`, r) && r != '\u2019'
}

// sentences counts the lines that read as sentences: five words or more,
// ending as a sentence ends.
func sentences(lines []string) int {
	n := 0
	for _, l := range lines {
		if t := strings.TrimSpace(l); len(strings.Fields(t)) >= 5 && strings.ContainsAny(t[len(t)-1:], ".!?") {
			n++
		}
	}
	return n
}

// sniffOneLine reads a file of one line as Quizlet's export with a custom
// row separator: a semicolon or a run of signs between cards, and a tab,
// a run of signs or a comma between the sides of each.
func sniffOneLine(line string) (Layout, bool) {
	signs := distinct(runs(line), 8)
	for _, rowSep := range append([]string{";"}, signs...) {
		parts := nonEmpty(strings.Split(line, rowSep))
		if len(parts) < 2 {
			continue
		}
		for _, sep := range append(append([]string{"\t"}, signs...), ",") {
			if sep == rowSep || strings.Contains(rowSep, sep) || strings.Contains(sep, rowSep) {
				continue
			}
			all := true
			for _, p := range parts {
				if strings.Count(p, sep) != 1 {
					all = false
					break
				}
			}
			if all {
				return Layout{Separator: sep, RowSeparator: rowSep}, true
			}
		}
	}
	return Layout{}, false
}

func nonEmpty(xs []string) []string {
	out := xs[:0]
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			out = append(out, x)
		}
	}
	return out
}

// distinct lists the first n different strings of xs, to bound the work
// on a long line.
func distinct(xs []string, n int) []string {
	var out []string
	seen := map[string]bool{}
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
			if len(out) == n {
				break
			}
		}
	}
	return out
}
