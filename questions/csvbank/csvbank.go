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
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"quizd/questions"
)

// Columns are the columns of the header format, in the order Write puts them.
var Columns = []string{"id", "topic", "type", "prompt", "answer", "choices", "accept", "numbers", "explanation", "source", "year_optional"}

// DefaultTopic is the topic of questions whose file names none.
const DefaultTopic = "cards"

// Options say what the caller knows of the file.
type Options struct {
	// TSV says the file is tab-separated (a .tsv name).
	TSV bool
	// Separator is what stands between a card's two sides, as the
	// uploader gave it (see ParseSeparator); "" finds it from the file.
	Separator string
	// RowSeparator is what stands between cards when it is not a line
	// break (Quizlet's custom "between rows"); "" finds it from the file.
	RowSeparator string
}

// MaxSeparator caps the length of a separator an uploader gives, in
// characters.
const MaxSeparator = 16

// ParseSeparator reads a separator an uploader gives: a name (tab, comma,
// semicolon, pipe, space, colon) or the characters themselves, such as
// Quizlet's custom "/////"; `\t` is a tab.
func ParseSeparator(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	if r, ok := separators[strings.ToLower(strings.TrimSpace(s))]; ok {
		return string(r), nil
	}
	if s == `\t` {
		return "\t", nil
	}
	switch {
	case strings.ContainsAny(s, "\r\n"):
		return "", fmt.Errorf("csvbank: the separator %q holds a line break: give the characters between a card's two sides, or leave it empty", s)
	case utf8.RuneCountInString(s) > MaxSeparator:
		return "", fmt.Errorf("csvbank: the separator is %d characters long: give at most %d, or leave it empty", utf8.RuneCountInString(s), MaxSeparator)
	case !utf8.ValidString(s):
		return "", errors.New("csvbank: the separator is not UTF-8 text: type it again, or leave it empty")
	}
	return s, nil
}

// layout is how a file's rows and fields are laid out.
type layout struct {
	sep    string // between fields
	rowSep string // between rows; "" for line breaks
	// quoted says fields may be quoted as in CSV; then sep is one
	// character and rows end at line breaks.
	quoted bool
}

// Parse reads a question set. A file whose first row names its columns
// (prompt and answer, or the names quiz datasets use) is read by its
// header; any other is read as front/back pairs. Rows that cannot be
// questions are left out and listed in Skipped; the error is
// questions.LineErrors when no row is a question or the first row is a
// header quizd does not know, and *questions.FormatError when the file is
// not text.
func Parse(data []byte, opt Options) (*questions.Imported, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return nil, &questions.FormatError{Msg: "the file is not UTF-8 text: save it as CSV UTF-8"}
	}
	hdr := readAnkiHeaders(data)
	body := data[hdr.skipBytes:]
	lay := chooseLayout(body, hdr, opt)
	rows, lines, skipped := readRows(body, lay, hdr.skipLines)
	if len(rows) == 0 {
		if len(skipped) > 0 {
			return nil, asLineErrors(skipped)
		}
		return nil, &questions.FormatError{Msg: "the file has no rows"}
	}
	var im *questions.Imported
	if h, ok, err := readHeader(rows[0], lines[0], hdr.sep != 0); err != nil {
		return nil, err
	} else if ok {
		im = parseWithHeader(h, rows[1:], lines[1:])
		if len(im.Questions) == 0 && len(im.Skipped) == 0 && len(skipped) == 0 {
			return nil, &questions.FormatError{Msg: "the file has a header but no questions: add a row under the header for each question"}
		}
	} else {
		im = parsePairs(rows, lines, hdr, lay)
	}
	im.Skipped = append(skipped, im.Skipped...)
	sort.SliceStable(im.Skipped, func(i, j int) bool { return im.Skipped[i].Line < im.Skipped[j].Line })
	if len(im.Questions) == 0 {
		return nil, asLineErrors(im.Skipped)
	}
	return im, nil
}

// asLineErrors turns what was skipped into the problems that refuse a
// file, for a file where nothing could be imported.
func asLineErrors(skipped []questions.Skipped) error {
	es := make(questions.LineErrors, 0, len(skipped))
	for _, s := range skipped {
		es = append(es, questions.LineError{Line: s.Line, Msg: s.Reason})
	}
	return es.Err()
}

// chooseLayout takes the separator the uploader gave, else Anki's header,
// else tab for a .tsv, else the one the file's lines share.
func chooseLayout(body []byte, hdr ankiHeaders, opt Options) layout {
	switch {
	case opt.Separator != "":
		return layout{sep: opt.Separator, rowSep: opt.RowSeparator, quoted: opt.RowSeparator == "" && utf8.RuneCountInString(opt.Separator) == 1}
	case hdr.sep != 0:
		return layout{sep: string(hdr.sep), rowSep: opt.RowSeparator, quoted: opt.RowSeparator == ""}
	case opt.TSV:
		return layout{sep: "\t", rowSep: opt.RowSeparator, quoted: opt.RowSeparator == ""}
	}
	if l, ok := Sniff(body); ok {
		if opt.RowSeparator != "" {
			l.RowSeparator = opt.RowSeparator
		}
		return layout{sep: l.Separator, rowSep: l.RowSeparator, quoted: l.RowSeparator == "" && utf8.RuneCountInString(l.Separator) == 1}
	}
	sep := string(guessSeparator(body))
	return layout{sep: sep, rowSep: opt.RowSeparator, quoted: opt.RowSeparator == ""}
}

// readRows splits a file into rows of fields, each with its line. Rows
// that cannot be read are returned as skipped.
func readRows(body []byte, lay layout, skipLines int) (rows [][]string, lines []int, skipped []questions.Skipped) {
	if !lay.quoted {
		return splitRows(body, lay, skipLines)
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.Comma, _ = utf8.DecodeRuneInString(lay.sep)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	if r.Comma != '#' {
		r.Comment = '#'
	}
	last := int64(-1)
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) || r.InputOffset() == last {
				skipped = append(skipped, questions.Skipped{Reason: err.Error()})
				break
			}
			last = r.InputOffset()
			skipped = append(skipped, questions.Skipped{Line: pe.Line + skipLines, Reason: pe.Err.Error()})
			continue
		}
		last = r.InputOffset()
		line, _ := r.FieldPos(0)
		if blank(rec) {
			continue
		}
		rows = append(rows, rec)
		lines = append(lines, line+skipLines)
	}
	return rows, lines, skipped
}

// splitRows reads rows that are never quoted, as Quizlet writes them: the
// first separator of a row splits it, and the rest belongs to the back.
func splitRows(body []byte, lay layout, skipLines int) (rows [][]string, lines []int, skipped []questions.Skipped) {
	text := strings.ReplaceAll(string(body), "\r\n", "\n")
	rowSep := lay.rowSep
	if rowSep == "" {
		rowSep = "\n"
	}
	line := 1 + skipLines
	for rec := range strings.SplitSeq(text, rowSep) {
		start := line + strings.Count(rec[:len(rec)-len(strings.TrimLeft(rec, " \t\n"))], "\n")
		line += strings.Count(rec, "\n") + strings.Count(rowSep, "\n")
		rec = strings.TrimSpace(rec)
		if rec == "" {
			continue
		}
		front, back, ok := strings.Cut(rec, lay.sep)
		if !ok {
			rows = append(rows, []string{rec})
		} else {
			rows = append(rows, []string{front, back})
		}
		lines = append(lines, start)
	}
	return rows, lines, skipped
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
	// guidCol holds each note's guid (0-based, -1 when none): the note's
	// id in Anki, which stays when its text is edited.
	guidCol int
}

var separators = map[string]rune{"tab": '\t', "comma": ',', "semicolon": ';', "pipe": '|', "space": ' ', "colon": ':',
	"\t": '\t', ",": ',', ";": ';', "|": '|', ":": ':'}

func readAnkiHeaders(data []byte) ankiHeaders {
	h := ankiHeaders{exclude: map[int]bool{}, deckCol: -1, guidCol: -1}
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
				switch key {
				case "deck column":
					h.deckCol = n - 1
				case "guid column":
					h.guidCol = n - 1
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
func guessSeparator(data []byte) rune {
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

// dedup keeps one question for each text a reader would take for the
// same, and gives each kept question its own id.
type dedup struct {
	byKey map[string]int // seen key → its line
	ids   map[string]bool
}

func newDedup() *dedup { return &dedup{byKey: map[string]int{}, ids: map[string]bool{}} }

// keep adds a row's question, or skips it with its problems, or as a
// repeat of an earlier row (dup says so, given that row's line). When the
// question's id is taken by a different text (ids come from normalised
// text, which drops signs a reader sees, as in C and C#), it takes altID.
func (d *dedup) keep(im *questions.Imported, line int, q questions.Question, err error, key, altID string, dup func(first int) string) {
	if err != nil {
		im.Skipped = append(im.Skipped, questions.Skipped{Line: line, Reason: strings.Join(problemMessages(err), "; ")})
		return
	}
	if first, ok := d.byKey[key]; ok {
		im.Skipped = append(im.Skipped, questions.Skipped{Line: line, Reason: dup(first)})
		return
	}
	if d.ids[q.ID] {
		if altID == "" || d.ids[altID] {
			im.Skipped = append(im.Skipped, questions.Skipped{Line: line, Reason: fmt.Sprintf("its id %q is taken by an earlier row: give each question its own id", q.ID)})
			return
		}
		q.ID = altID
	}
	d.byKey[key], d.ids[q.ID] = line, true
	im.Questions = append(im.Questions, q)
}

// visible is a text as a reader compares it: case and spacing aside,
// every sign counts ("C", "C++" and "C#" differ; so do גת and ג'ת).
func visible(s string) string {
	return strings.ToLower(norm.NFC.String(strings.Join(strings.Fields(s), " ")))
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

// rowQuestion builds a question from a header row; choiceCols are the
// columns that hold one choice each.
func rowQuestion(get func([]string, string) string, row []string, choiceCols []int) (questions.Question, error) {
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
	// Datasets list the choices in other ways: all in one cell, one a
	// column, or only the wrong ones; the answer joins them.
	var listed []string
	listed = append(listed, SplitList(get(row, "options"))...)
	for _, i := range choiceCols {
		if i < len(row) {
			if c := strings.TrimSpace(unguard(row[i])); c != "" {
				listed = append(listed, c)
			}
		}
	}
	listed = append(listed, SplitList(get(row, "wrong"))...)
	if len(listed) > 0 {
		if c, ok := byLetter(answer, listed); ok && !slices.Contains(listed, answer) {
			answer = c
		}
		choices = withAnswer(append(choices, listed...), answer, q.Prompt)
	}
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
func parsePairs(rows [][]string, lines []int, h ankiHeaders, lay layout) *questions.Imported {
	im := &questions.Imported{}
	d := newDedup()
	// Quizlet does not quote: in a comma file of pairs, commas after the
	// first belong to the back. A file whose rows all have the same number
	// of fields, more than two, has columns instead, and its first two are
	// the card.
	rejoin := lay.sep == "," && h.sep == 0 && !columnShaped(rows)
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
			im.Skipped = append(im.Skipped, questions.Skipped{Line: line, Reason: fmt.Sprintf(
				"a card needs a front and a back, separated by %s, and this row has one field", sepName(lay.sep))})
			continue
		}
		back := sides[1]
		if len(sides) > 2 {
			if rejoin {
				back = strings.Join(sides[1:], lay.sep)
			} else {
				extra++
			}
		}
		front := cleanText(sides[0], h.html)
		back = cleanText(answerPart(back), h.html)
		if reason := emptySides(front, back, sides[0], sides[1]); reason != "" {
			im.Skipped = append(im.Skipped, questions.Skipped{Line: line, Reason: reason})
			continue
		}
		topic := DefaultTopic
		if h.deckCol >= 0 && h.deckCol < len(row) && strings.TrimSpace(row[h.deckCol]) != "" {
			topic = strings.TrimSpace(row[h.deckCol])
		}
		q := questions.Question{ID: questions.MakeID("card", questions.Normalize(front)), Topic: topic, Type: questions.Flashcard, Prompt: front, Answer: back}
		key, alt := visible(front), questions.MakeID("card", visible(front))
		dup := func(first int) string { return fmt.Sprintf("the same front as line %d", first) }
		if h.guidCol >= 0 && h.guidCol < len(row) && strings.TrimSpace(row[h.guidCol]) != "" {
			// The note's guid is its id, as in a package (anki.Parse
			// gives the first card of a note this very id): the card
			// keeps it when its text is edited in Anki.
			guid := strings.TrimSpace(row[h.guidCol])
			q.ID, key, alt = questions.MakeID("anki", guid, "0"), "guid\x1f"+guid, ""
			dup = func(first int) string { return fmt.Sprintf("the same note (guid %q) as line %d", guid, first) }
		}
		d.keep(im, line, q, q.Validate(), key, alt, dup)
	}
	if extra > 0 {
		im.Notes = append(im.Notes, fmt.Sprintf("%d rows have more than two fields: only the first two were used", extra))
	}
	return im
}

// columnShaped says whether every row has the same number of fields, more
// than two.
func columnShaped(rows [][]string) bool {
	for _, r := range rows {
		if len(r) != len(rows[0]) {
			return false
		}
	}
	return len(rows[0]) > 2
}

// emptySides says why a card with an empty side is left out, or "".
func emptySides(front, back, rawFront, rawBack string) string {
	side := func(name, clean, raw string) string {
		if clean != "" {
			return ""
		}
		if strings.TrimSpace(raw) != "" {
			return fmt.Sprintf("the %s has no text, only markup such as an image: quizd keeps cards whose sides are text", name)
		}
		return fmt.Sprintf("the %s is empty: a card needs text on both sides", name)
	}
	if s := side("front", front, rawFront); s != "" {
		return s
	}
	return side("back", back, rawBack)
}

// answerRule is the line Anki's "Cards in Plain Text" export puts between
// the front, repeated on the back, and the answer.
var answerRule = regexp.MustCompile(`(?i)<hr[^>]*\bid\s*=\s*["']?answer["']?[^>]*>`)

// answerPart is what follows the last <hr id=answer> of a back, or the
// whole back when it has none.
func answerPart(back string) string {
	if loc := answerRule.FindAllStringIndex(back, -1); len(loc) > 0 {
		return back[loc[len(loc)-1][1]:]
	}
	return back
}

func sepName(sep string) string {
	switch sep {
	case "\t":
		return "a tab"
	case ";":
		return "a semicolon"
	case ",":
		return "a comma"
	case "|":
		return "a bar (|)"
	}
	return fmt.Sprintf("%q", sep)
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
