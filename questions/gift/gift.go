// Package gift reads and writes Moodle's GIFT format: multiple choice (one
// or several right answers, with %weights%), true/false, short answer,
// matching, numerical (with a tolerance or a range), missing word, comments,
// ::titles::, $CATEGORY:, [html]/[markdown]/[plain] texts and feedback.
// Essays and descriptions have no place in a quiz bank and are reported as
// skipped; so is a block with a problem, unless the file is read strictly.
//
// The type of a block is found as Moodle finds it: a leading # is
// numerical, any ~ multiple choice, = with -> matching, T or F true/false,
// anything else short answer.
//
// What quizd writes reads back to the same questions: types GIFT lacks
// (flashcards, ordering) and quizd's own fields travel in comment lines
// "// quizd: key=value", which Moodle ignores.
package gift

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"quizd/questions"
)

// DefaultTopic is the topic of questions before any $CATEGORY.
const DefaultTopic = "general"

// Options say how a file is read.
type Options struct {
	// Strict refuses the whole file when any block has a problem. Without
	// it the good blocks are imported and the others listed as skipped,
	// with their line and what is wrong; the file is refused only when no
	// block can be imported.
	Strict bool
}

// block is one question's lines, with quizd's directives before it.
type block struct {
	line  int // of its first line
	text  string
	parts []string // the lines, joined into text when the block ends
	lines []int    // the file line of each line of text
	dirs  map[string]string
	topic string
	err   *questions.LineError // a problem found while splitting the file
	blank int                  // index of the first blank line inside an open answer block, or -1
}

// found is what reading a block noticed beyond the question itself.
type found struct {
	partial     bool // an answer with partial credit is graded as wrong
	distractors int  // matching answers with no left side, left out
}

// Parse reads a GIFT file. Its errors are questions.LineErrors (every
// problem, when no question can be imported or opt.Strict is set) or a
// *questions.FormatError (the file is not GIFT text at all).
func Parse(data []byte, opt Options) (*questions.Imported, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, &questions.FormatError{Msg: "the file is not UTF-8 text"}
	}
	im := &questions.Imported{}
	var errs questions.LineErrors
	ids := map[string]bool{}
	firstLine := map[string]int{} // a question's content → the line it was first read at
	var partial, distract []int
	for _, b := range split(string(data)) {
		var q *questions.Question
		var f found
		var skip string
		lerr := b.err
		if lerr == nil {
			q, f, skip, lerr = parseBlock(b)
		}
		if lerr == nil && q != nil {
			if verr := q.Validate(); verr != nil {
				lerr = &questions.LineError{Line: b.line, Msg: problemText(verr)}
			}
		}
		switch {
		case lerr != nil:
			errs = append(errs, *lerr)
			im.Skipped = append(im.Skipped, questions.Skipped{Line: lerr.Line, Reason: lerr.Msg})
			continue
		case skip != "":
			im.Skipped = append(im.Skipped, questions.Skipped{Line: b.line, Reason: skip})
			continue
		}
		// Moodle keeps a repeated question twice; a study bank gains nothing
		// from asking the same thing twice, so a block written again word
		// for word is kept once. Blocks written differently stay apart even
		// when they read the same ({T} and {TRUE}): the file's author chose
		// to write both, and quizd does not judge them equal.
		key := contentKey(*q, b.text)
		if first, dup := firstLine[key]; dup {
			im.Skipped = append(im.Skipped, questions.Skipped{Line: b.line, Reason: fmt.Sprintf("the same question as line %d, which is kept once", first)})
			continue
		}
		firstLine[key] = b.line
		q.ID = uniqueID(q.ID, ids)
		if f.partial {
			partial = append(partial, b.line)
		}
		if f.distractors > 0 {
			distract = append(distract, b.line)
		}
		im.Questions = append(im.Questions, *q)
	}
	if opt.Strict && len(errs) > 0 {
		return nil, errs.Err()
	}
	if len(im.Questions) == 0 {
		if len(im.Skipped) == 0 {
			return nil, &questions.FormatError{Msg: "no GIFT questions found: a question is text followed by an answer block in braces, such as {=right ~wrong}"}
		}
		return nil, nothingToImport(im.Skipped, len(errs) > 0)
	}
	if len(partial) > 0 {
		im.Notes = append(im.Notes, fmt.Sprintf("Partial credit is graded as wrong (%s): quizd marks an answer right or wrong, so only a full-credit answer counts as right.", linesText(partial)))
	}
	if len(distract) > 0 {
		im.Notes = append(im.Notes, fmt.Sprintf("Extra matching answers with no left side (\"= -> answer\") are left out (%s): quizd offers only the answers of a question's pairs.", linesText(distract)))
	}
	return im, nil
}

// nothingToImport is the refusal of a file none of whose blocks is a
// question quizd can import: every block's reason, then what to do.
func nothingToImport(skipped []questions.Skipped, problems bool) error {
	var es questions.LineErrors
	for _, s := range skipped {
		es = append(es, questions.LineError{Line: s.Line, Msg: s.Reason})
	}
	if len(es) > questions.MaxLineErrors {
		n := len(es) - questions.MaxLineErrors
		es = append(es[:questions.MaxLineErrors:questions.MaxLineErrors], questions.LineError{Msg: fmt.Sprintf("and %d more blocks", n)})
	}
	if problems {
		// Each problem has its line; the count and "nothing was imported"
		// are said by whoever shows them, so no line is added that is not a
		// problem of its own.
		return es
	}
	return append(es, questions.LineError{Msg: "No block of the file is a question quizd can grade (essays and descriptions have no answer to check): give at least one question an answer block, such as {=right ~wrong} or {T}, and import the file again."})
}

// linesText lists lines for a note: "line 4", "lines 4, 9 and 12", at most
// ten of them.
func linesText(lines []int) string {
	const most = 10
	parts := make([]string, 0, most)
	for _, l := range lines[:min(len(lines), most)] {
		parts = append(parts, strconv.Itoa(l))
	}
	switch {
	case len(lines) == 1:
		return "line " + parts[0]
	case len(lines) > most:
		return fmt.Sprintf("lines %s and %d more", strings.Join(parts, ", "), len(lines)-most)
	}
	return "lines " + strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

// problemText says what Validate found wrong with a question, without the
// "bank:" that labels a problem of a bank as a whole.
func problemText(err error) string {
	var msgs []string
	var list interface{ Unwrap() []error }
	errs := []error{err}
	if errors.As(err, &list) {
		errs = list.Unwrap()
	}
	for _, e := range errs {
		var p questions.Problem
		if errors.As(e, &p) {
			msgs = append(msgs, fmt.Sprintf("the question's %s: %s", p.Field, p.Message))
		} else {
			msgs = append(msgs, e.Error())
		}
	}
	return strings.Join(msgs, "; ")
}

// contentKey is what makes a block a repeat of another: the same question
// read from the same text, white space aside.
func contentKey(q questions.Question, text string) string {
	key, err := json.Marshal(q)
	if err != nil {
		// A Question holds only strings, numbers and lists of them.
		panic(fmt.Sprintf("gift: marshal question: %v", err))
	}
	return string(key) + "\x00" + strings.Join(strings.Fields(text), " ")
}

// uniqueID returns id, or id-2, id-3 … for the second and later questions
// that would share it: Moodle allows a name or a text to repeat, and a
// question's ID must still name it alone.
func uniqueID(id string, used map[string]bool) string {
	out := id
	for n := 2; used[out]; n++ {
		out = fmt.Sprintf("%s-%d", id, n)
	}
	used[out] = true
	return out
}

// split cuts the file into question blocks at blank lines, dropping
// comments, keeping quizd's directives and following $CATEGORY lines. A
// blank line inside an answer block does not end the question; but when a
// block is still open at the end of the file, it ends at its first blank
// line and the rest is read again with every blank line ending a block, so
// that one missing } costs one question, in linear time.
func split(s string) []block {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	sp := splitter{lines: lines, topic: DefaultTopic, dirs: map[string]string{}}
	sp.run(0, false)
	return sp.out
}

type splitter struct {
	lines []string
	out   []block
	topic string
	dirs  map[string]string
	cur   *block
}

func (sp *splitter) flush() {
	if sp.cur != nil {
		sp.cur.text = strings.Join(sp.cur.parts, "\n")
		sp.cur.parts = nil
		sp.out = append(sp.out, *sp.cur)
		sp.cur = nil
	}
}

func unclosed(line int) *questions.LineError {
	return &questions.LineError{Line: line, Msg: "the answer block is not closed: a { has no matching }"}
}

// run splits the lines from start; blankEnds makes a blank line end a block
// even inside an open answer block.
func (sp *splitter) run(start int, blankEnds bool) {
	depth := 0 // inside an answer block, blank lines do not end the question
	for i := start; i < len(sp.lines); i++ {
		n := i + 1
		line := strings.TrimRight(sp.lines[i], " \t\r")
		trimmed := strings.TrimSpace(line)
		if depth > 0 && trimmed == "" && blankEnds {
			if sp.cur.err == nil {
				sp.cur.err = unclosed(sp.cur.line)
			}
			sp.flush()
			depth = 0
			continue
		}
		if depth == 0 {
			switch {
			case trimmed == "":
				sp.flush()
				continue
			case strings.HasPrefix(trimmed, "//"):
				if k, v, ok := directive(trimmed); ok {
					sp.dirs[k] = v
				}
				continue
			case strings.HasPrefix(trimmed, "$CATEGORY:"):
				sp.flush()
				path := strings.TrimSpace(strings.TrimPrefix(trimmed, "$CATEGORY:"))
				parts := strings.Split(strings.Trim(path, "/"), "/")
				sp.topic = strings.TrimSpace(parts[len(parts)-1])
				if sp.topic == "" || strings.HasPrefix(sp.topic, "$") {
					sp.topic = DefaultTopic
				}
				continue
			}
		}
		if sp.cur == nil {
			sp.cur = &block{line: n, dirs: sp.dirs, topic: sp.topic, blank: -1}
			sp.dirs = map[string]string{}
		}
		if trimmed == "" && sp.cur.blank < 0 {
			sp.cur.blank = i
		}
		sp.cur.parts = append(sp.cur.parts, line)
		sp.cur.lines = append(sp.cur.lines, n)
		depth += braceDelta(line)
		if depth < 0 {
			if sp.cur.err == nil {
				sp.cur.err = &questions.LineError{Line: n, Msg: "a closing brace } has no opening brace {: write \\} for a literal brace"}
			}
			depth = 0
		}
	}
	if depth > 0 && sp.cur != nil {
		cur := sp.cur
		if cur.err == nil {
			cur.err = unclosed(cur.line)
		}
		if cur.blank < 0 || blankEnds {
			sp.flush()
			return
		}
		keep := cur.blank - (cur.lines[0] - 1)
		cur.parts, cur.lines = cur.parts[:keep], cur.lines[:keep]
		sp.flush()
		sp.run(cur.blank, true)
		return
	}
	sp.flush()
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

// parseBlock reads one question: its name, text and answer block. The
// question's ID is its name, or made from its type and text; Parse makes it
// unique.
func parseBlock(b block) (*questions.Question, found, string, *questions.LineError) {
	var f found
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
			return nil, f, "", lerr(b.line, "the question name is not closed: write ::name:: before the question")
		}
		name = strings.TrimSpace(unescape(text[start:end]))
		text = text[end+2:]
	}
	open := indexUnescaped(text, '{', 0)
	if open < 0 {
		return nil, f, "a description (text with no answer block) is not a question", nil
	}
	close := matchingBrace(text, open)
	if close < 0 {
		return nil, f, "", lerr(b.lineOf(len(b.text)-len(text)+open), "the answer block is not closed: a { has no matching }")
	}
	stem, format := cutFormat(text[:open], formatMoodle)
	tail := strings.TrimRight(text[close+1:], " \t\n")
	body := text[open+1 : close]
	bodyLine := b.lineOf(len(b.text) - len(text) + open)
	body, general := cutGeneralFeedback(body)
	if strings.TrimSpace(body) == "" {
		return nil, f, "an essay question (an empty answer block) has no answer to grade", nil
	}
	prompt := toText(unescape(stem), format)
	missingWord := strings.TrimSpace(tail) != ""
	if missingWord && strings.TrimSpace(b.dirs["type"]) != string(questions.Cloze) && strayTail(prompt, tail) {
		// "Question? {…}." or a stray quote after the block ends a sentence
		// that is already whole: there is no word missing.
		missingWord = false
	}
	if missingWord {
		// The missing-word format: the blank stands where the block was.
		prompt = strings.TrimSpace(prompt + " " + questions.Blank + " " + toText(unescape(tail), format))
		prompt = tidyBlank(prompt, stem, tail)
	}
	if strings.TrimSpace(prompt) == "" {
		return nil, f, "", lerr(b.line, "the question has no text before its answer block")
	}
	q := &questions.Question{Topic: b.topic, Prompt: prompt, SourceRef: b.dirs["source"]}
	if t := b.dirs["topic"]; t != "" {
		q.Topic = t
	}
	gtext, gformat := cutFormat(general, format)
	q.Explanation = toText(unescape(gtext), gformat)
	var err *questions.LineError
	// quizd's own export marks a typed answer holding "->", which would
	// otherwise read as matching.
	typed := slices.Contains([]string{string(questions.ShortAnswer), string(questions.Flashcard), string(questions.Cloze)}, b.dirs["type"])
	if f, err = fillAnswer(q, strings.TrimSpace(body), bodyLine, missingWord, typed, format); err != nil {
		return nil, f, "", err
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
		q.Numbers = nil
		for _, part := range strings.Split(nums, "|") {
			r, ok := questions.ParseNumberRange(part)
			if !ok || r.Min > r.Max {
				return nil, f, "", lerr(b.line, "the quizd numbers %q are not ranges such as 4.5..5.5", nums)
			}
			q.Numbers = append(q.Numbers, r)
		}
	}
	q.YearOptional = b.dirs["year_optional"] == "true"
	q.ID = name
	if q.ID == "" {
		q.ID = questions.MakeID("gift", string(q.Type), questions.Normalize(q.Prompt))
	}
	return q, f, "", nil
}

// strayTail reports whether text after an answer block is not the rest of
// a sentence: it has no letter or digit and the text before the block ends
// a sentence.
func strayTail(prompt, tail string) bool {
	for _, r := range tail {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	p := strings.TrimSpace(prompt)
	return p == "" || strings.ContainsAny(p[len(p)-1:], ".?!:")
}

// tidyBlank joins the blank to its neighbours as the file did: no space
// where the file had none ("{…}." stays "_____.").
func tidyBlank(prompt, stem, tail string) string {
	if !strings.HasSuffix(stem, " ") && !strings.HasSuffix(stem, "\n") {
		prompt = strings.Replace(prompt, " "+questions.Blank, questions.Blank, 1)
	}
	if !strings.HasPrefix(tail, " ") && !strings.HasPrefix(tail, "\n") {
		prompt = strings.Replace(prompt, questions.Blank+" ", questions.Blank, 1)
	}
	return prompt
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

// cutGeneralFeedback splits "answers####general feedback" at the last
// unescaped "####", as Moodle does.
func cutGeneralFeedback(body string) (string, string) {
	at := -1
	for i := 0; i+3 < len(body); i++ {
		if body[i] == '\\' {
			i++
			continue
		}
		if body[i:i+4] == "####" {
			at = i
			i += 3
		}
	}
	if at < 0 {
		return body, ""
	}
	return body[:at], body[at+4:]
}

// answer is one answer of a block: its mark, weight and text, still
// escaped, with its feedback.
type answer struct {
	mark     byte    // '=' or '~', or 0 for text before any mark
	weight   float64 // percent, when weighted
	weighted bool
	text     string
}

// credit is the answer's weight in percent: its own, else 100 for =, 0 for
// ~, and def for text before any mark.
func (a answer) credit(def float64) float64 {
	switch {
	case a.weighted:
		return a.weight
	case a.mark == '=':
		return 100
	case a.mark == '~':
		return 0
	}
	return def
}

// answers splits a block body at unescaped = and ~. Text before the first
// mark is an answer too, as Moodle reads it.
func answers(body string) []answer {
	var out []answer
	cur := answer{}
	var buf strings.Builder
	flush := func() {
		cur.text = buf.String()
		if cur.mark != 0 || strings.TrimSpace(cur.text) != "" {
			out = append(out, cur)
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
			flush()
			cur = answer{mark: c}
			continue
		}
		buf.WriteByte(c)
	}
	flush()
	for i := range out {
		t := strings.TrimSpace(out[i].text)
		if strings.HasPrefix(t, "%") {
			if end := strings.Index(t[1:], "%"); end >= 0 {
				if w, err := strconv.ParseFloat(t[1:1+end], 64); err == nil && !math.IsNaN(w) {
					out[i].weight, out[i].weighted = w, true
					t = strings.TrimSpace(t[end+2:])
				}
			}
		}
		out[i].text = t
	}
	return out
}

// withoutFeedback cuts an answer's "#feedback".
func withoutFeedback(t string) string {
	if j := indexUnescaped(t, '#', 0); j >= 0 {
		t = t[:j]
	}
	return strings.TrimSpace(t)
}

// fillAnswer reads an answer block into the question, finding its type as
// Moodle does: # numerical, any ~ multiple choice, = with -> matching, then
// true/false, else short answer.
func fillAnswer(q *questions.Question, body string, line int, missingWord, typed bool, format textFormat) (found, *questions.LineError) {
	var f found
	if strings.HasPrefix(body, "#") {
		return fillNumerical(q, body[1:], line)
	}
	tilde, equals := indexUnescaped(body, '~', 0) >= 0, indexUnescaped(body, '=', 0) >= 0
	switch {
	case tilde:
		return fillChoices(q, answers(body), equals, line, format)
	case equals && strings.Contains(body, "->") && !typed:
		return fillMatching(q, answers(body), line, format)
	}
	head := withoutFeedback(body)
	switch strings.ToUpper(head) {
	case "T", "TRUE":
		q.Type, q.Answer = questions.TrueFalse, "true"
		return f, nil
	case "F", "FALSE":
		q.Type, q.Answer = questions.TrueFalse, "false"
		return f, nil
	}
	for _, a := range answers(body) {
		w := a.credit(100)
		t, _ := cutFormat(withoutFeedback(a.text), format)
		t = strings.TrimSpace(unescape(t))
		switch {
		case t == "" || t == "*":
			// Moodle's * matches any answer: it marks the rest wrong.
		case w >= 100:
			if q.Answer == "" {
				q.Answer = t
			} else {
				q.Accept = append(q.Accept, t)
			}
		case w > 0:
			f.partial = true
		}
	}
	if q.Answer == "" {
		return f, lerr(line, "a short-answer question needs a right answer, such as {=answer}")
	}
	q.Type = questions.ShortAnswer
	if missingWord {
		q.Type = questions.Cloze
	}
	return f, nil
}

// fillChoices reads a multiple-choice block. With an = in it, it asks for
// one answer, as Moodle's does: the full-credit choice is right and a
// partly credited one is graded wrong. Without one, every choice with a
// positive weight must be picked.
func fillChoices(q *questions.Question, list []answer, single bool, line int, format textFormat) (found, *questions.LineError) {
	var f found
	q.Type = questions.MultipleChoice
	var right []string
	for i, a := range list {
		t, cf := cutFormat(withoutFeedback(a.text), format)
		c := toText(unescape(t), cf)
		if c == "" {
			return f, lerr(line, "choice %d is empty: write its text after the ~ or =", i+1)
		}
		q.Choices = append(q.Choices, c)
		w := a.credit(0)
		switch {
		case single && w >= 100, !single && w > 0:
			right = append(right, c)
		case w > 0:
			f.partial = true
		}
	}
	switch len(right) {
	case 0:
		return f, lerr(line, "a multiple-choice question needs a right answer: mark it with = or a positive %%weight%%")
	case 1:
		q.Answer = right[0]
	default:
		q.Answers, q.Answer = right, questions.ListText(right)
	}
	return f, nil
}

// fillMatching reads "=left -> right" pairs. An answer with no left side
// is an extra wrong answer in Moodle; quizd has no place for it and leaves
// it out. The right side is plain text, as Moodle keeps it.
func fillMatching(q *questions.Question, list []answer, line int, format textFormat) (found, *questions.LineError) {
	var f found
	for _, a := range list {
		l, r, ok := strings.Cut(a.text, "->")
		if !ok {
			return f, lerr(line, "the matching answer %q has no ->: write each pair as =left -> right", unescape(a.text))
		}
		lt, lf := cutFormat(l, format)
		left, right := toText(unescape(lt), lf), strings.TrimSpace(unescape(r))
		switch {
		case left == "" && right != "":
			f.distractors++
			continue
		case right == "":
			return f, lerr(line, "the matching pair %q has no right side: write it as =left -> right", left)
		}
		q.Pairs = append(q.Pairs, questions.Pair{Left: left, Right: right})
	}
	if len(q.Pairs) < 2 {
		return f, lerr(line, "a matching question needs at least 2 pairs written =left -> right, found %d", len(q.Pairs))
	}
	q.Type, q.Answer = questions.Matching, questions.PairsText(q.Pairs)
	return f, nil
}

// fillNumerical reads "{#5:0.5}", "{#1..10}", "{#=5:0 =%50%5:2}" and
// "{#3:2~#feedback for any other answer}".
func fillNumerical(q *questions.Question, body string, line int) (found, *questions.LineError) {
	var f found
	if j := indexUnescaped(body, '~', 0); j >= 0 {
		body = body[:j] // what follows ~ is feedback for wrong answers
	}
	first := ""
	for _, a := range answers(body) {
		p := withoutFeedback(a.text)
		if p == "*" {
			continue
		}
		r, mid, err := numberRange(p, line)
		if err != nil {
			return f, err
		}
		switch w := a.credit(100); {
		case w >= 100:
			q.Numbers = append(q.Numbers, r)
			if first == "" {
				first = mid
			}
		case w > 0:
			f.partial = true
		}
	}
	if len(q.Numbers) == 0 {
		return f, lerr(line, "a numerical question needs a right answer, such as {#5:0.5} or {#1..10}")
	}
	q.Answer = first
	q.Type = questions.ShortAnswer
	return f, nil
}

// numberRange reads "min..max", "value:tolerance" or "value", and returns
// the range and the number to show as the answer. Ends are rounded to the
// decimals written, so that 3.1415:0.0005 is 3.141..3.142, not
// 3.1409999999999996..3.1419999999999995.
func numberRange(p string, line int) (questions.NumberRange, string, *questions.LineError) {
	var r questions.NumberRange
	if lo, hi, ok := strings.Cut(p, ".."); ok && strings.TrimSpace(lo) != "" {
		var good bool
		if r, good = questions.ParseNumberRange(p); !good {
			return r, "", lerr(line, "numerical range %q is not two numbers written min..max", p)
		}
		if r.Min > r.Max {
			return r, "", lerr(line, "numerical range %q runs backwards: write the smaller number first", p)
		}
		d := max(decimals(lo), decimals(hi)) + 1
		return r, formatNumber(round((r.Min+r.Max)/2, d)), nil
	}
	v, tol, _ := strings.Cut(p, ":")
	v, tol = strings.TrimSpace(v), strings.TrimSpace(tol)
	x, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return r, "", lerr(line, "numerical answer %q is not a number", v)
	}
	t := 0.0
	if tol != "" {
		if t, err = strconv.ParseFloat(tol, 64); err != nil || t < 0 || math.IsInf(t, 0) || math.IsNaN(t) {
			return r, "", lerr(line, "numerical tolerance %q is not a number of zero or more", tol)
		}
	}
	d := max(decimals(v), decimals(tol))
	r = questions.NumberRange{Min: round(x-t, d), Max: round(x+t, d)}
	if math.IsInf(r.Min, 0) || math.IsInf(r.Max, 0) {
		return r, "", lerr(line, "numerical answer %q is too large", p)
	}
	return r, formatNumber(x), nil
}

// decimals counts the digits after the point of a number as written, or
// -1 when it has an exponent (then nothing is rounded).
func decimals(s string) int {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, "eE") {
		return -1
	}
	if _, frac, ok := strings.Cut(s, "."); ok {
		return len(frac)
	}
	return 0
}

// round rounds x to d decimals; d < 0 leaves it as it is.
func round(x float64, d int) float64 {
	if d < 0 || d > 15 {
		return x
	}
	y, err := strconv.ParseFloat(strconv.FormatFloat(x, 'f', d, 64), 64)
	if err != nil {
		return x
	}
	return y
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
	before, after, _ := strings.Cut(q.Prompt, questions.Blank)
	if q.Type == questions.Flashcard || q.Type == questions.Ordering {
		dir("type", string(q.Type))
	}
	arrow := strings.Contains(q.Answer, "->") || slices.ContainsFunc(q.Accept, func(a string) bool { return strings.Contains(a, "->") })
	switch {
	case q.Type == questions.Cloze && (arrow || strayTail(before, after)):
		dir("type", string(q.Type)) // else "Why? {=a}." reads as a whole sentence
	case q.Type == questions.ShortAnswer && arrow:
		dir("type", string(q.Type)) // else "{=a -> b}" reads as matching
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
	mark := ""
	if needsPlainMark(q.Prompt) {
		mark = "[plain]"
	}
	tail := ""
	if q.Type == questions.Cloze {
		b.WriteString(mark + escape(before) + "{")
		tail = escape(after)
	} else {
		b.WriteString(mark + escape(q.Prompt) + " {")
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
				b.WriteString("\n\t=" + percentGuard(c, "%100%") + markedText(c))
			case !q.MultipleAnswers():
				b.WriteString("\n\t~" + percentGuard(c, "%0%") + markedText(c))
			case isRight:
				fmt.Fprintf(b, "\n\t~%%%s%%%s", formatNumber(100/float64(len(right))), markedText(c))
			default:
				b.WriteString("\n\t~%-100%" + markedText(c))
			}
		}
		b.WriteString("\n")
	case questions.Matching:
		for _, p := range q.Pairs {
			b.WriteString("\n\t=" + percentGuard(p.Left, "%100%") + markedText(p.Left) + " -> " + escape(p.Right))
		}
		b.WriteString("\n")
	case questions.Ordering:
		for i, it := range q.Items {
			fmt.Fprintf(b, "\n\t=%s%s -> %d", percentGuard(it, "%100%"), markedText(it), i+1)
		}
		b.WriteString("\n")
	default:
		b.WriteString("=" + percentGuard(q.Answer, "%100%") + markedAnswer(q.Answer))
		for _, a := range q.Accept {
			b.WriteString(" =" + percentGuard(a, "%100%") + markedAnswer(a))
		}
	}
	if q.Explanation != "" {
		b.WriteString("####" + markedText(q.Explanation))
	}
	b.WriteString("}" + tail + "\n")
}

// percentGuard is the weight to write before a text that starts with %,
// which would otherwise be read as a weight.
func percentGuard(s, weight string) string {
	if strings.HasPrefix(s, "%") {
		return weight
	}
	return ""
}

// markedAnswer writes a short answer, which is read as written but for a
// leading format name: [plain] keeps a text that starts with one.
func markedAnswer(s string) string {
	if _, f := cutFormat(s, -1); f != -1 {
		return "[plain]" + escape(s)
	}
	return escape(s)
}
