// Package csvbank reads and writes question sets as spreadsheet text: CSV or
// TSV with a header row naming its columns (docs/formats.md), and the
// two-column front/back text that Anki and Quizlet export, with Anki's
// "#separator:" and "#html:" header lines understood.
package csvbank

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"quizd/questions"
)

// Columns are the columns of the header format, in the order Write puts them.
var Columns = []string{"id", "topic", "type", "prompt", "answer", "choices", "accept", "numbers", "explanation", "source", "year_optional"}

// DefaultTopic is the topic of questions whose file names none.
const DefaultTopic = "cards"

// Options say what the caller knows of the file.
type Options struct {
	// TSV says the file is tab-separated (a .tsv name); otherwise the
	// separator is found from the file.
	TSV bool
}

// Parse reads a question set. A file whose first row names the columns
// "prompt" and "answer" is read by its header; any other is read as
// front/back pairs.
func Parse(data []byte, opt Options) (*questions.Imported, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, &questions.FormatError{Msg: "the file is not UTF-8 text: save it as CSV UTF-8"}
	}
	hdr := readAnkiHeaders(data)
	sep := hdr.sep
	if sep == 0 {
		sep = guessSeparator(data[hdr.skipBytes:], opt.TSV)
	}
	r := csv.NewReader(bytes.NewReader(data[hdr.skipBytes:]))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.Comment = '#'
	var rows [][]string
	var lines []int
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, questions.LineErrors{{Line: pe.Line + hdr.skipLines, Msg: pe.Err.Error()}}
			}
			return nil, &questions.FormatError{Msg: err.Error()}
		}
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		rows = append(rows, rec)
		lines = append(lines, line+hdr.skipLines)
	}
	if len(rows) == 0 {
		return nil, &questions.FormatError{Msg: "the file has no rows"}
	}
	if cols, ok := header(rows[0]); ok {
		return parseWithHeader(cols, rows[1:], lines[1:], lines[0])
	}
	return parsePairs(rows, lines, hdr)
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// ankiHeaders are the "#key:value" lines Anki writes at the top of its
// text export.
type ankiHeaders struct {
	sep                  rune
	html                 bool
	skipLines, skipBytes int
	// exclude are the columns that hold a guid, a note type, a deck or
	// tags rather than a side of the card (0-based).
	exclude map[int]bool
	deckCol int // 0-based, -1 when none
}

var separators = map[string]rune{"tab": '\t', "comma": ',', "semicolon": ';', "pipe": '|', "space": ' ', "colon": ':',
	"\t": '\t', ",": ',', ";": ';', "|": '|', ":": ':'}

func readAnkiHeaders(data []byte) ankiHeaders {
	h := ankiHeaders{exclude: map[int]bool{}, deckCol: -1}
	rest := data
	for len(rest) > 0 && rest[0] == '#' {
		line, after, _ := bytes.Cut(rest, []byte("\n"))
		key, val, ok := strings.Cut(strings.TrimSpace(strings.TrimPrefix(string(line), "#")), ":")
		if !ok {
			break
		}
		key, val = strings.ToLower(strings.TrimSpace(key)), strings.TrimSpace(val)
		switch {
		case key == "separator":
			if r, ok := separators[strings.ToLower(val)]; ok {
				h.sep = r
			} else if r, ok := separators[val]; ok {
				h.sep = r
			}
		case key == "html":
			h.html = strings.EqualFold(val, "true")
		case strings.HasSuffix(key, " column"):
			if n, err := strconv.Atoi(val); err == nil && n > 0 {
				h.exclude[n-1] = true
				if key == "deck column" {
					h.deckCol = n - 1
				}
			}
		}
		h.skipLines++
		h.skipBytes += len(line) + 1
		rest = after
	}
	if h.skipBytes > len(data) {
		h.skipBytes = len(data)
	}
	return h
}

// guessSeparator picks tab when the first lines hold tabs, else semicolon
// when they hold semicolons and no commas, else comma.
func guessSeparator(data []byte, tsv bool) rune {
	if tsv {
		return '\t'
	}
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	switch {
	case bytes.Contains(head, []byte("\t")):
		return '\t'
	case bytes.Contains(head, []byte(";")) && !bytes.Contains(head, []byte(",")):
		return ';'
	}
	return ','
}

// header reads a header row: it must name prompt and answer, and only
// known columns.
func header(row []string) (map[string]int, bool) {
	cols := map[string]int{}
	for i, c := range row {
		cols[strings.ToLower(strings.TrimSpace(c))] = i
	}
	_, p := cols["prompt"]
	_, a := cols["answer"]
	return cols, p && a
}

func parseWithHeader(cols map[string]int, rows [][]string, lines []int, headerLine int) (*questions.Imported, error) {
	var es questions.LineErrors
	for name := range cols {
		if !known(name) {
			es.Add(headerLine, "unknown column %q (known: %s)", name, strings.Join(Columns, ", "))
		}
	}
	if err := es.Err(); err != nil {
		return nil, err
	}
	get := func(row []string, name string) string {
		i, ok := cols[name]
		if !ok || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(unguard(row[i]))
	}
	im := &questions.Imported{}
	seen := map[string]int{}
	for k, row := range rows {
		line := lines[k]
		q, err := rowQuestion(get, row)
		if err == nil {
			err = q.Validate()
		}
		keep(im, &es, seen, line, q, err, "the same question as line %d")
	}
	if err := es.Err(); err != nil {
		return nil, err
	}
	if len(im.Questions) == 0 {
		return nil, &questions.FormatError{Msg: "the file has a header but no questions"}
	}
	return im, nil
}

// keep adds a row's question, or its problems at its line, or skips it as
// a repeat of an earlier row (dup names that row's line).
func keep(im *questions.Imported, es *questions.LineErrors, seen map[string]int, line int, q questions.Question, err error, dup string) {
	if err != nil {
		for _, msg := range problemMessages(err) {
			es.Add(line, "%s", msg)
		}
		return
	}
	if first, ok := seen[q.ID]; ok {
		im.Skipped = append(im.Skipped, questions.Skipped{Line: line, Reason: fmt.Sprintf(dup, first)})
		return
	}
	seen[q.ID] = line
	im.Questions = append(im.Questions, q)
}

func known(col string) bool {
	for _, c := range Columns {
		if c == col {
			return true
		}
	}
	return false
}

// problemMessages lists the messages of a question's validation error.
func problemMessages(err error) []string {
	var out []string
	for _, e := range unwrapAll(err) {
		var p questions.Problem
		if errors.As(e, &p) {
			out = append(out, p.Field+": "+p.Message)
			continue
		}
		out = append(out, e.Error())
	}
	return out
}

func unwrapAll(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// yesOrEmpty writes a flag that is mostly off as "true" or nothing.
func yesOrEmpty(b bool) string {
	if b {
		return "true"
	}
	return ""
}

// rowQuestion builds a question from a header row.
func rowQuestion(get func([]string, string) string, row []string) (questions.Question, error) {
	q := questions.Question{
		ID: get(row, "id"), Topic: get(row, "topic"), Type: questions.Type(strings.ToLower(get(row, "type"))),
		Prompt: get(row, "prompt"), Explanation: get(row, "explanation"), SourceRef: get(row, "source"),
	}
	switch strings.ToLower(get(row, "year_optional")) {
	case "", "false", "no", "0":
	case "true", "yes", "1":
		q.YearOptional = true
	default:
		return q, questions.Problem{Field: "year_optional", Message: fmt.Sprintf("%q is not true or false: write true, or leave it empty", get(row, "year_optional"))}
	}
	answer := get(row, "answer")
	choices := SplitList(get(row, "choices"))
	if q.Type == "" {
		q.Type = questions.ShortAnswer
		if len(choices) > 0 {
			q.Type = questions.MultipleChoice
		}
	}
	if q.Topic == "" {
		q.Topic = DefaultTopic
	}
	q.Accept = SplitList(get(row, "accept"))
	switch q.Type {
	case questions.MultipleChoice:
		q.Choices = choices
		if right := SplitList(answer); len(right) > 1 {
			q.Answers = right
			q.Answer = questions.ListText(right)
		} else if len(right) == 1 {
			q.Answer = right[0]
		}
	case questions.Ordering:
		q.Items = SplitList(answer)
		q.Answer = questions.ItemsText(q.Items)
	case questions.Matching:
		for _, p := range SplitList(answer) {
			l, r, ok := strings.Cut(p, "->")
			if !ok {
				return q, fmt.Errorf("answer: a matching answer is pairs written left -> right, separated by |; %q has no ->", p)
			}
			q.Pairs = append(q.Pairs, questions.Pair{Left: strings.TrimSpace(l), Right: strings.TrimSpace(r)})
		}
		q.Answer = questions.PairsText(q.Pairs)
	case questions.TrueFalse:
		q.Answer = strings.ToLower(answer)
	default:
		q.Answer = answer
	}
	if nums := get(row, "numbers"); nums != "" {
		for _, part := range SplitList(nums) {
			r, ok := questions.ParseNumberRange(part)
			if !ok {
				return q, fmt.Errorf("numbers: %q is not a number or a range such as 4.5..5.5", part)
			}
			q.Numbers = append(q.Numbers, r)
		}
	}
	if q.ID == "" {
		q.ID = questions.MakeID("csv", string(q.Type), questions.Normalize(q.Prompt))
	}
	return q, nil
}

// SplitList splits a cell on "|"; "\|" is a literal bar and "\\" a
// backslash.
func SplitList(s string) []string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && (s[i+1] == '|' || s[i+1] == '\\'):
			b.WriteByte(s[i+1])
			i++
		case s[i] == '|':
			out = append(out, strings.TrimSpace(b.String()))
			b.Reset()
		default:
			b.WriteByte(s[i])
		}
	}
	return append(out, strings.TrimSpace(b.String()))
}

// JoinList is the inverse of SplitList.
func JoinList(xs []string) string {
	esc := strings.NewReplacer(`\`, `\\`, `|`, `\|`)
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = esc.Replace(x)
	}
	return strings.Join(parts, "|")
}

// parsePairs reads front/back rows as flashcards.
func parsePairs(rows [][]string, lines []int, h ankiHeaders) (*questions.Imported, error) {
	im := &questions.Imported{}
	var es questions.LineErrors
	seen := map[string]int{}
	extra := 0
	for k, row := range rows {
		line := lines[k]
		var sides []string
		for i, f := range row {
			if !h.exclude[i] {
				sides = append(sides, f)
			}
		}
		if len(sides) < 2 {
			es.Add(line, "a card needs a front and a back, separated by %s; this row has one field", sepName(h.sep))
			continue
		}
		if len(sides) > 2 {
			extra++
		}
		front, back := cleanText(sides[0], h.html), cleanText(sides[1], h.html)
		if front == "" || back == "" {
			es.Add(line, "the front or the back is empty")
			continue
		}
		topic := DefaultTopic
		if h.deckCol >= 0 && h.deckCol < len(row) && strings.TrimSpace(row[h.deckCol]) != "" {
			topic = strings.TrimSpace(row[h.deckCol])
		}
		q := questions.Question{ID: questions.MakeID("card", questions.Normalize(front)), Topic: topic, Type: questions.Flashcard, Prompt: front, Answer: back}
		keep(im, &es, seen, line, q, q.Validate(), "the same front as line %d")
	}
	if err := es.Err(); err != nil {
		return nil, err
	}
	if extra > 0 {
		im.Notes = append(im.Notes, fmt.Sprintf("%d rows have more than two fields: only the first two were used", extra))
	}
	return im, nil
}

func sepName(r rune) string {
	switch r {
	case '\t':
		return "a tab"
	case ';':
		return "a semicolon"
	case 0, ',':
		return "a comma or a tab"
	}
	return fmt.Sprintf("%q", r)
}

// cleanText reduces a field to plain text when it holds HTML (Anki's
// #html:true, or tags in the text).
func cleanText(s string, isHTML bool) string {
	if isHTML || strings.Contains(s, "<") {
		return questions.PlainText(s)
	}
	return questions.PlainText(strings.ReplaceAll(s, "&", "&amp;"))
}

// Write writes questions as CSV with a header row: what is written reads
// back to the same questions.
func Write(qs []questions.Question) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(Columns); err != nil {
		return nil, err
	}
	for _, q := range qs {
		answer := q.Answer
		switch q.Type {
		case questions.MultipleChoice:
			answer = JoinList(q.CorrectChoices())
		case questions.Ordering:
			answer = JoinList(q.Items)
		case questions.Matching:
			parts := make([]string, len(q.Pairs))
			for i, p := range q.Pairs {
				parts[i] = p.Left + " -> " + p.Right
			}
			answer = JoinList(parts)
		}
		var nums []string
		for _, r := range q.Numbers {
			nums = append(nums, r.String())
		}
		rec := []string{q.ID, q.Topic, string(q.Type), q.Prompt, answer, JoinList(q.Choices), JoinList(q.Accept),
			strings.Join(nums, "|"), q.Explanation, q.SourceRef, yesOrEmpty(q.YearOptional)}
		if err := w.Write(neutralise(rec)); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// formulaLead are the first characters that make a spreadsheet run a cell
// as a formula.
const formulaLead = "=+-@\t\r"

// neutralise puts an apostrophe before a cell a spreadsheet would run as a
// formula (and before one that starts with an apostrophe, so that reading
// back is exact); unguard undoes it.
func neutralise(rec []string) []string {
	for i, c := range rec {
		if c != "" && (strings.ContainsRune(formulaLead, rune(c[0])) || c[0] == '\'') {
			rec[i] = "'" + c
		}
	}
	return rec
}

func unguard(c string) string {
	if len(c) > 1 && c[0] == '\'' && (strings.ContainsRune(formulaLead, rune(c[1])) || c[1] == '\'') {
		return c[1:]
	}
	return c
}
