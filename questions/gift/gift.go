// Package gift reads and writes Moodle's GIFT format: multiple choice (one
// or several right answers, with %weights%), true/false, short answer,
// matching, numerical (with a tolerance or a range), missing word, comments,
// ::titles::, $CATEGORY: and feedback. Essays and descriptions have no place
// in a quiz bank and are reported as skipped.
//
// What quizd writes reads back to the same questions: types GIFT lacks
// (flashcards, ordering) and quizd's own fields travel in comment lines
// "// quizd: key=value", which Moodle ignores.
package gift

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"quizd/questions"
)

// DefaultTopic is the topic of questions before any $CATEGORY.
const DefaultTopic = "general"

// block is one question's lines, with quizd's directives before it.
type block struct {
	line  int // of its first line
	text  string
	parts []string // the lines, joined into text when the block ends
	lines []int    // the file line of each line of text
	dirs  map[string]string
	topic string
}

// Parse reads a GIFT file.
func Parse(data []byte) (*questions.Imported, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, &questions.FormatError{Msg: "the file is not UTF-8 text"}
	}
	blocks, errs := split(string(data))
	im := &questions.Imported{}
	seen := map[string]int{}
	for _, b := range blocks {
		q, skip, err := parseBlock(b)
		switch {
		case err != nil:
			errs = append(errs, *err)
			continue
		case skip != "":
			im.Skipped = append(im.Skipped, questions.Skipped{Line: b.line, Reason: skip})
			continue
		}
		if verr := q.Validate(); verr != nil {
			errs.Add(b.line, "%s", strings.ReplaceAll(verr.Error(), "\n", "; "))
			continue
		}
		if first, dup := seen[q.ID]; dup {
			errs.Add(b.line, "the question name %q is used twice (first on line %d)", q.ID, first)
			continue
		}
		seen[q.ID] = b.line
		im.Questions = append(im.Questions, *q)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if len(im.Questions) == 0 && len(im.Skipped) == 0 {
		return nil, &questions.FormatError{Msg: "no GIFT questions found: a question is text followed by an answer block in braces, such as {=right ~wrong}"}
	}
	return im, nil
}

// split cuts the file into question blocks at blank lines, dropping
// comments, keeping quizd's directives and following $CATEGORY lines.
func split(s string) ([]block, questions.LineErrors) {
	var out []block
	var errs questions.LineErrors
	topic := DefaultTopic
	dirs := map[string]string{}
	var cur *block
	flush := func() {
		if cur != nil {
			cur.text = strings.Join(cur.parts, "\n")
			cur.parts = nil
			out = append(out, *cur)
			cur = nil
		}
	}
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	depth := 0 // inside an answer block, blank lines do not end the question
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimRight(raw, " \t\r")
		trimmed := strings.TrimSpace(line)
		if depth == 0 {
			switch {
			case trimmed == "":
				flush()
				continue
			case strings.HasPrefix(trimmed, "//"):
				if k, v, ok := directive(trimmed); ok {
					dirs[k] = v
				}
				continue
			case strings.HasPrefix(trimmed, "$CATEGORY:"):
				flush()
				path := strings.TrimSpace(strings.TrimPrefix(trimmed, "$CATEGORY:"))
				parts := strings.Split(strings.Trim(path, "/"), "/")
				topic = strings.TrimSpace(parts[len(parts)-1])
				if topic == "" || strings.HasPrefix(topic, "$") {
					topic = DefaultTopic
				}
				continue
			}
		}
		if cur == nil {
			cur = &block{line: n, dirs: dirs, topic: topic}
			dirs = map[string]string{}
		}
		cur.parts = append(cur.parts, line)
		cur.lines = append(cur.lines, n)
		depth += braceDelta(line)
		if depth < 0 {
			errs.Add(n, "a closing brace } has no opening brace {: write \\} for a literal brace")
			depth = 0
		}
	}
	if depth > 0 && cur != nil {
		errs.Add(cur.line, "the answer block is not closed: a { has no matching }")
		cur = nil
	}
	flush()
	return out, errs
}

// directive reads "// quizd: key=value".
func directive(comment string) (string, string, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(strings.TrimPrefix(comment, "//")), "quizd:")
	if !ok {
		return "", "", false
	}
	k, v, ok := strings.Cut(strings.TrimSpace(rest), "=")
	return strings.TrimSpace(k), unescape(strings.TrimSpace(v)), ok
}

// braceDelta counts unescaped { minus unescaped } in a line.
func braceDelta(line string) int {
	d := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '{':
			d++
		case '}':
			d--
		}
	}
	return d
}

// indexUnescaped finds the first unescaped occurrence of c at or after from.
func indexUnescaped(s string, c byte, from int) int {
	for i := from; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == c {
			return i
		}
	}
	return -1
}

var unescaper = strings.NewReplacer(`\~`, "~", `\=`, "=", `\#`, "#", `\{`, "{", `\}`, "}", `\:`, ":", `\n`, "\n", `\\`, `\`)

func unescape(s string) string { return unescaper.Replace(s) }

var escaper = strings.NewReplacer(`\`, `\\`, "~", `\~`, "=", `\=`, "#", `\#`, "{", `\{`, "}", `\}`, ":", `\:`, "\n", `\n`)

func escape(s string) string { return escaper.Replace(s) }

// lineOf is the file line of byte offset off in a block's text.
func (b block) lineOf(off int) int {
	n := strings.Count(b.text[:min(off, len(b.text))], "\n")
	if n < len(b.lines) {
		return b.lines[n]
	}
	return b.line
}

func lerr(line int, format string, args ...any) *questions.LineError {
	return &questions.LineError{Line: line, Msg: fmt.Sprintf(format, args...)}
}

// parseBlock reads one question: its name, text and answer block.
func parseBlock(b block) (*questions.Question, string, *questions.LineError) {
	text := b.text
	name := ""
	if strings.HasPrefix(strings.TrimSpace(text), "::") {
		start := strings.Index(text, "::") + 2
		end := -1
		for i := start; i+1 < len(text); i++ {
			if text[i] == '\\' {
				i++
				continue
			}
			if text[i] == ':' && text[i+1] == ':' {
				end = i
				break
			}
		}
		if end < 0 {
			return nil, "", lerr(b.line, "the question name is not closed: write ::name:: before the question")
		}
		name = strings.TrimSpace(unescape(text[start:end]))
		text = text[end+2:]
	}
	open := indexUnescaped(text, '{', 0)
	if open < 0 {
		return nil, "a description (text with no answer block) is not a question", nil
	}
	close := matchingBrace(text, open)
	if close < 0 {
		return nil, "", lerr(b.lineOf(len(b.text)-len(text)+open), "the answer block is not closed: a { has no matching }")
	}
	stem := stripFormat(strings.TrimLeft(text[:open], " \t\n"))
	tail := strings.TrimRight(text[close+1:], " \t\n")
	body := text[open+1 : close]
	bodyLine := b.lineOf(len(b.text) - len(text) + open)
	if strings.TrimSpace(body) == "" {
		return nil, "an essay question (an empty answer block) has no answer to grade", nil
	}
	prompt := strings.TrimSpace(unescape(stem))
	if strings.TrimSpace(tail) != "" {
		// The missing-word format: the blank stands where the block was.
		prompt = strings.TrimSpace(unescape(stem) + questions.Blank + unescape(tail))
	}
	if strings.TrimSpace(prompt) == "" {
		return nil, "", lerr(b.line, "the question has no text before its answer block")
	}
	q := &questions.Question{Topic: b.topic, Prompt: prompt, SourceRef: b.dirs["source"]}
	if t := b.dirs["topic"]; t != "" {
		q.Topic = t
	}
	body, general := cutGeneralFeedback(body)
	q.Explanation = unescape(strings.TrimSpace(general))
	if err := fillAnswer(q, strings.TrimSpace(body), bodyLine, strings.TrimSpace(tail) != ""); err != nil {
		return nil, "", err
	}
	switch b.dirs["type"] {
	case string(questions.Flashcard):
		if q.Type == questions.ShortAnswer {
			q.Type = questions.Flashcard
		}
	case string(questions.Ordering):
		if q.Type == questions.Matching {
			toOrdering(q)
		}
	}
	if nums := b.dirs["numbers"]; nums != "" && q.Type != questions.Ordering {
		for _, part := range strings.Split(nums, "|") {
			r, ok := questions.ParseNumberRange(part)
			if !ok || r.Min > r.Max {
				return nil, "", lerr(b.line, "the quizd numbers %q are not ranges such as 4.5..5.5", nums)
			}
			q.Numbers = append(q.Numbers, r)
		}
	}
	q.YearOptional = b.dirs["year_optional"] == "true"
	q.ID = name
	if q.ID == "" {
		q.ID = questions.MakeID("gift", string(q.Type), questions.Normalize(q.Prompt))
	}
	return q, "", nil
}

// matchingBrace finds the unescaped } that closes the { at open.
func matchingBrace(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// stripFormat drops a leading [html], [moodle], [plain] or [markdown].
func stripFormat(s string) string {
	for _, f := range []string{"[html]", "[moodle]", "[plain]", "[markdown]"} {
		if strings.HasPrefix(strings.ToLower(s), f) {
			return strings.TrimSpace(s[len(f):])
		}
	}
	return s
}

// cutGeneralFeedback splits "answers####general feedback".
func cutGeneralFeedback(body string) (string, string) {
	for i := 0; i+3 < len(body); i++ {
		if body[i] == '\\' {
			i++
			continue
		}
		if body[i:i+4] == "####" {
			return body[:i], body[i+4:]
		}
	}
	return body, ""
}

// answer is one answer of a block: its mark (= or ~), weight, text and
// feedback.
type answer struct {
	mark     byte
	weight   float64 // percent; 100 for a plain =, 0 for a plain ~
	weighted bool
	text     string
}

// answers splits a block body at unescaped = and ~.
func answers(body string) ([]answer, string) {
	var out []answer
	var cur *answer
	var buf strings.Builder
	lead := ""
	flush := func() {
		if cur != nil {
			cur.text = buf.String()
			out = append(out, *cur)
		} else {
			lead = buf.String()
		}
		buf.Reset()
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '\\' && i+1 < len(body) {
			buf.WriteByte(c)
			buf.WriteByte(body[i+1])
			i++
			continue
		}
		if c == '=' || c == '~' {
			// "->" inside a matching pair is not an answer mark.
			flush()
			cur = &answer{mark: c}
			if c == '=' {
				cur.weight = 100
			}
			continue
		}
		buf.WriteByte(c)
	}
	flush()
	for i := range out {
		t := strings.TrimSpace(out[i].text)
		if strings.HasPrefix(t, "%") {
			if end := strings.Index(t[1:], "%"); end >= 0 {
				if w, err := strconv.ParseFloat(t[1:1+end], 64); err == nil {
					out[i].weight, out[i].weighted = w, true
					t = strings.TrimSpace(t[end+2:])
				}
			}
		}
		// Drop per-answer feedback.
		if j := indexUnescaped(t, '#', 0); j >= 0 {
			t = t[:j]
		}
		out[i].text = strings.TrimSpace(t)
	}
	return out, strings.TrimSpace(lead)
}

// fillAnswer reads an answer block into the question.
func fillAnswer(q *questions.Question, body string, line int, missingWord bool) *questions.LineError {
	head := body
	if j := indexUnescaped(head, '#', 1); j >= 0 && !strings.HasPrefix(head, "#") {
		head = head[:j]
	}
	switch strings.ToUpper(strings.TrimSpace(head)) {
	case "T", "TRUE":
		q.Type, q.Answer = questions.TrueFalse, "true"
		return nil
	case "F", "FALSE":
		q.Type, q.Answer = questions.TrueFalse, "false"
		return nil
	}
	if strings.HasPrefix(body, "#") {
		return fillNumerical(q, body[1:], line)
	}
	list, lead := answers(body)
	if lead != "" {
		return lerr(line, "answers start with = (right) or ~ (wrong); %q comes before any", lead)
	}
	if len(list) == 0 {
		return lerr(line, "the answer block has no answers")
	}
	tilde, arrows := false, 0
	for _, a := range list {
		if a.mark == '~' {
			tilde = true
		}
		if strings.Contains(a.text, "->") {
			arrows++
		}
	}
	switch {
	case arrows > 0:
		if arrows != len(list) || tilde {
			return lerr(line, "a matching question has only pairs written =left -> right")
		}
		for _, a := range list {
			l, r, _ := strings.Cut(a.text, "->")
			q.Pairs = append(q.Pairs, questions.Pair{Left: unescape(strings.TrimSpace(l)), Right: unescape(strings.TrimSpace(r))})
		}
		if len(q.Pairs) < 2 {
			return lerr(line, "a matching question needs at least 2 pairs")
		}
		q.Type, q.Answer = questions.Matching, questions.PairsText(q.Pairs)
	case tilde:
		q.Type = questions.MultipleChoice
		var right []string
		for _, a := range list {
			c := unescape(a.text)
			if c == "" {
				return lerr(line, "a choice is empty")
			}
			q.Choices = append(q.Choices, c)
			if a.weight > 0 {
				right = append(right, c)
			}
		}
		if len(right) == 0 {
			return lerr(line, "a multiple-choice question needs a right answer: mark it with = or a positive %%weight%%")
		}
		single := len(right) == 1 && !anyWeighted(list)
		if single {
			q.Answer = right[0]
		} else {
			q.Answers, q.Answer = right, questions.ListText(right)
		}
	default:
		for _, a := range list {
			if a.weight < 100 {
				continue // partial credit is not a right answer
			}
			if t := unescape(a.text); t != "" {
				if q.Answer == "" {
					q.Answer = t
				} else {
					q.Accept = append(q.Accept, t)
				}
			}
		}
		if q.Answer == "" {
			return lerr(line, "a short-answer question needs a right answer written =answer")
		}
		q.Type = questions.ShortAnswer
		if missingWord {
			q.Type = questions.Cloze
		}
	}
	return nil
}

func anyWeighted(list []answer) bool {
	for _, a := range list {
		if a.weighted {
			return true
		}
	}
	return false
}

// fillNumerical reads "{#5:0.5}", "{#1..10}" or "{#=5:0 =%50%5:2}".
func fillNumerical(q *questions.Question, body string, line int) *questions.LineError {
	parts := []string{body}
	if strings.Contains(body, "=") {
		list, _ := answers(body)
		parts = parts[:0]
		for _, a := range list {
			if a.weight >= 100 {
				parts = append(parts, a.text)
			}
		}
	} else if j := indexUnescaped(body, '#', 0); j >= 0 {
		parts[0] = body[:j]
	}
	for _, p := range parts {
		p = strings.TrimSpace(p)
		var r questions.NumberRange
		if strings.Contains(p, "..") {
			var ok bool
			if r, ok = questions.ParseNumberRange(p); !ok {
				return lerr(line, "numerical range %q is not two numbers written min..max", p)
			}
		} else {
			v, tol, _ := strings.Cut(p, ":")
			x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil {
				return lerr(line, "numerical answer %q is not a number", v)
			}
			t := 0.0
			if strings.TrimSpace(tol) != "" {
				if t, err = strconv.ParseFloat(strings.TrimSpace(tol), 64); err != nil || t < 0 {
					return lerr(line, "numerical tolerance %q is not a number of zero or more", tol)
				}
			}
			r = questions.NumberRange{Min: x - t, Max: x + t}
		}
		if r.Min > r.Max || math.IsInf(r.Min, 0) || math.IsInf(r.Max, 0) {
			return lerr(line, "numerical range %q runs backwards", p)
		}
		q.Numbers = append(q.Numbers, r)
	}
	if len(q.Numbers) == 0 {
		return lerr(line, "a numerical question needs a right answer such as {#5:0.5} or {#1..10}")
	}
	first := q.Numbers[0]
	q.Answer = formatNumber((first.Min + first.Max) / 2)
	q.Type = questions.ShortAnswer
	return nil
}

func formatNumber(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// toOrdering turns "item -> position" pairs back into an ordering.
func toOrdering(q *questions.Question) {
	pairs := slices.Clone(q.Pairs)
	sort.SliceStable(pairs, func(i, j int) bool {
		a, _ := strconv.Atoi(pairs[i].Right)
		b, _ := strconv.Atoi(pairs[j].Right)
		return a < b
	})
	q.Items = nil
	for _, p := range pairs {
		q.Items = append(q.Items, p.Left)
	}
	q.Pairs, q.Type, q.Answer = nil, questions.Ordering, questions.ItemsText(q.Items)
}

// Write writes questions as GIFT, grouped under $CATEGORY lines by topic.
func Write(qs []questions.Question) []byte {
	var b strings.Builder
	b.WriteString("// Written by quizd. Lines \"// quizd: ...\" keep what GIFT has no place for.\n\n")
	topic := ""
	for _, q := range qs {
		if q.Topic != topic {
			topic = q.Topic
			fmt.Fprintf(&b, "$CATEGORY: %s\n\n", strings.ReplaceAll(topic, "\n", " "))
		}
		writeQuestion(&b, q)
		b.WriteString("\n")
	}
	return []byte(b.String())
}

func writeQuestion(b *strings.Builder, q questions.Question) {
	dir := func(k, v string) {
		if v != "" {
			fmt.Fprintf(b, "// quizd: %s=%s\n", k, strings.ReplaceAll(strings.ReplaceAll(v, `\`, `\\`), "\n", `\n`))
		}
	}
	if q.Type == questions.Flashcard || q.Type == questions.Ordering {
		dir("type", string(q.Type))
	}
	if strings.ContainsAny(q.Topic, "/") {
		dir("topic", q.Topic)
	}
	dir("source", q.SourceRef)
	if len(q.Numbers) > 0 {
		var rs []string
		for _, r := range q.Numbers {
			rs = append(rs, r.String())
		}
		dir("numbers", strings.Join(rs, "|"))
	}
	if q.YearOptional {
		dir("year_optional", "true")
	}
	fmt.Fprintf(b, "::%s::", escape(q.ID))
	after := ""
	if q.Type == questions.Cloze {
		x, y, _ := strings.Cut(q.Prompt, questions.Blank)
		b.WriteString(escape(x) + "{")
		after = escape(y)
	} else {
		b.WriteString(escape(q.Prompt) + " {")
	}
	switch q.Type {
	case questions.TrueFalse:
		b.WriteString(strings.ToUpper(q.Answer))
	case questions.MultipleChoice:
		right := q.CorrectChoices()
		for _, c := range q.Choices {
			isRight := slices.Contains(right, c)
			switch {
			case !q.MultipleAnswers() && isRight:
				b.WriteString("\n\t=" + escape(c))
			case !q.MultipleAnswers():
				b.WriteString("\n\t~" + escape(c))
			case isRight:
				fmt.Fprintf(b, "\n\t~%%%s%%%s", formatNumber(100/float64(len(right))), escape(c))
			default:
				b.WriteString("\n\t~%-100%" + escape(c))
			}
		}
		b.WriteString("\n")
	case questions.Matching:
		for _, p := range q.Pairs {
			b.WriteString("\n\t=" + escape(p.Left) + " -> " + escape(p.Right))
		}
		b.WriteString("\n")
	case questions.Ordering:
		for i, it := range q.Items {
			fmt.Fprintf(b, "\n\t=%s -> %d", escape(it), i+1)
		}
		b.WriteString("\n")
	default:
		b.WriteString("=" + escape(q.Answer))
		for _, a := range q.Accept {
			b.WriteString(" =" + escape(a))
		}
	}
	if q.Explanation != "" {
		b.WriteString("####" + escape(q.Explanation))
	}
	b.WriteString("}" + after + "\n")
}
