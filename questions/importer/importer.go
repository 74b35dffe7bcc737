// Package importer turns an uploaded file into a bank: it finds the file's
// format from its name or content and hands it to that format's package
// (jsonbank, csvbank, gift, anki), or, for an article in plain text or
// Markdown, to the extractor and the generator, and for a fact sheet in
// YAML, to the fact sheet's parser and the generator.
package importer

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"quizd/questions"
	"quizd/questions/anki"
	"quizd/questions/csvbank"
	"quizd/questions/extract"
	"quizd/questions/facts"
	"quizd/questions/generate"
	"quizd/questions/gift"
	"quizd/questions/jsonbank"
)

// Format names a file format.
type Format string

// The formats an upload may be in.
const (
	JSON    Format = "json"
	CSV     Format = "csv"
	TSV     Format = "tsv"
	Text    Format = "text" // front/back pairs, as Anki and Quizlet export them
	GIFT    Format = "gift"
	APKG    Format = "apkg"
	Article Format = "article"
	// Facts is a fact sheet in YAML (docs/fact-sheet.md), as `quizd
	// generate --facts-out` writes it or the review form makes it.
	Facts Format = "facts"
	// Unknown is what Detect says of a file that is none of these.
	Unknown Format = ""
)

// Formats lists every format, for messages and forms.
var Formats = []Format{JSON, CSV, TSV, Text, GIFT, APKG, Article, Facts}

// MaxArticle caps an article's size: the extractor reads prose, and no
// reading is longer.
const MaxArticle = 2 << 20

// MaxArticleFacts caps the facts of one article that questions are made
// from: each gives about five questions, so more would pass a bank's
// question cap anyway, and the generator compares every date and
// reaction with the others.
const MaxArticleFacts = 1000

// Options say what the uploader gave besides the file. They reach every
// format: a format reads what applies to it.
type Options struct {
	Format   Format // "" to detect
	Filename string
	Title    string
	Anki     anki.Limits
	// Separator is what stands between a card's two sides in a text
	// export (ParseSeparator), "" to find it from the file; RowSeparator
	// what stands between cards when not a line break.
	Separator, RowSeparator string
	// Strict refuses a file when any part of it would be left out,
	// listing every reason, instead of importing the rest.
	Strict bool
	// MaxQuestions caps the questions of the bank (0:
	// questions.DefaultMaxQuestions); a file with more is refused with a
	// *questions.QuestionLimitError.
	MaxQuestions int
}

// Result is a bank read from a file, with what was left out.
type Result struct {
	Bank    *questions.Bank
	Format  Format
	Skipped []questions.Skipped
	Notes   []string
	// Sheet is the fact sheet the bank was generated from, for an article
	// or a fact sheet; nil for other formats.
	Sheet *facts.Sheet
}

// ParseFormat checks a format name given by a user.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimSpace(s)))
	switch f {
	case "":
		return "", nil
	case "md", "markdown", "txt-article":
		return Article, nil
	case "anki":
		return APKG, nil
	case "yaml", "yml", "fact-sheet":
		return Facts, nil
	}
	if slices.Contains(Formats, f) {
		return f, nil
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = string(f)
	}
	return "", &questions.FormatError{Msg: fmt.Sprintf("unknown format %q (known: %s)", s, strings.Join(names, ", "))}
}

// ParseSeparator checks a separator given by a user: a name such as tab
// or comma, or the characters themselves, such as Quizlet's "/////".
func ParseSeparator(s string) (string, error) {
	sep, err := csvbank.ParseSeparator(s)
	if err != nil {
		return "", &questions.FormatError{Msg: strings.TrimPrefix(err.Error(), "csvbank: ")}
	}
	return sep, nil
}

// Read reads a file into a bank. Parts of the file that cannot be
// questions are left out and listed in Result.Skipped. Its errors are
// questions.LineErrors (nothing in the file could be imported, or
// opt.Strict and something would be left out), *questions.FormatError
// (the file is not a question set: binary, not UTF-8, empty, or of no
// format quizd knows), *questions.QuestionLimitError (it holds more
// questions than a bank may), an error wrapping anki.ErrTooLarge, or ctx's
// error once ctx ends.
func Read(ctx context.Context, data []byte, opt Options) (*Result, error) {
	if opt.MaxQuestions <= 0 {
		opt.MaxQuestions = questions.DefaultMaxQuestions
	}
	res, err := read(ctx, data, opt)
	if err != nil {
		return nil, err
	}
	if n := len(res.Bank.Questions); n > opt.MaxQuestions {
		return nil, &questions.QuestionLimitError{Max: opt.MaxQuestions, Found: n}
	}
	return res, nil
}

func read(ctx context.Context, data []byte, opt Options) (*Result, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &questions.FormatError{Msg: "the file is empty"}
	}
	f := opt.Format
	if f == "" && opt.Separator != "" {
		f = Text
	}
	if f == "" {
		f = Detect(opt.Filename, data)
	}
	if f == Unknown {
		return nil, &questions.FormatError{Msg: "quizd cannot tell what this file is: it is not prose to make questions from, " +
			"and its lines are not cards with one separator between front and back: choose the format, or give the separator"}
	}
	if f != APKG {
		if err := extract.CheckText(data); err != nil {
			var te *extract.TextError
			if errors.As(err, &te) && te.Line > 0 {
				return nil, &questions.FormatError{Msg: fmt.Sprintf("line %d: %s: upload a %s file as text in UTF-8", te.Line, te.Msg, f)}
			}
			// A file without words may still be cards ("5+5,10"); only an
			// article needs words.
			if f == Article {
				return nil, &questions.FormatError{Msg: err.Error()}
			}
		}
	}
	var im *questions.Imported
	var err error
	switch f {
	case JSON:
		var b *questions.Bank
		if b, err = jsonbank.Parse(data); err == nil {
			if opt.Title != "" {
				b.Title = opt.Title
				b.Stamp()
			}
			return &Result{Bank: b, Format: f}, nil
		}
	case CSV, TSV, Text:
		im, err = csvbank.Parse(data, csvbank.Options{TSV: f == TSV, Separator: opt.Separator, RowSeparator: opt.RowSeparator})
	case GIFT:
		im, err = gift.Parse(data, gift.Options{})
	case APKG:
		lim := opt.Anki
		if lim == (anki.Limits{}) {
			lim = anki.DefaultLimits
		}
		lim.Questions = opt.MaxQuestions
		im, err = anki.Parse(ctx, data, lim)
	case Article:
		return readArticle(data, opt)
	case Facts:
		return readFacts(data, opt)
	default:
		return nil, &questions.FormatError{Msg: fmt.Sprintf("unknown format %q", f)}
	}
	if err != nil {
		return nil, err
	}
	// Before validating: a file far over the cap is refused without
	// checking each of its questions.
	if n := len(im.Questions); n > opt.MaxQuestions {
		return nil, &questions.QuestionLimitError{Max: opt.MaxQuestions, Found: n}
	}
	if len(im.Questions) == 0 && len(im.Skipped) > 0 || opt.Strict && len(im.Skipped) > 0 {
		return nil, skippedErrors(im.Skipped)
	}
	title := opt.Title
	if title == "" {
		title = im.Title
	}
	if title == "" {
		title = titleFromName(opt.Filename)
	}
	b := im.Bank(title, "")
	if b.Slug == "" {
		b.Slug = "bank"
		b.Stamp()
	}
	if err := b.Validate(); err != nil {
		return nil, &questions.FormatError{Msg: err.Error()}
	}
	return &Result{Bank: b, Format: f, Skipped: im.Skipped, Notes: im.Notes}, nil
}

// skippedErrors refuses a file with every reason a part of it was left
// out.
func skippedErrors(skipped []questions.Skipped) error {
	var es questions.LineErrors
	for _, s := range skipped {
		es.Add(s.Line, "%s", s.Reason)
	}
	return es.Err()
}

func readArticle(data []byte, opt Options) (*Result, error) {
	sheet, err := ExtractArticle(data, opt)
	if err != nil {
		return nil, err
	}
	return generated(sheet, Article, "article", "facts found")
}

// ExtractArticle reads an article's facts, as Read does before it
// generates the bank: for a teacher to review them first. Its errors are
// *questions.FormatError.
func ExtractArticle(data []byte, opt Options) (*facts.Sheet, error) {
	if len(data) > MaxArticle {
		return nil, &questions.FormatError{Msg: fmt.Sprintf("the article is %d KiB: an article may be at most %d KiB", len(data)>>10, MaxArticle>>10)}
	}
	sheet, err := extract.Article(string(data), extract.Options{Title: opt.Title, Location: filepath.Base(opt.Filename)})
	if err != nil {
		return nil, &questions.FormatError{Msg: "article: " + err.Error()}
	}
	if n := factCount(sheet); n > MaxArticleFacts {
		return nil, &questions.FormatError{Msg: fmt.Sprintf("article: it states %d facts, and quizd makes questions from at most %d facts of one article: split it into shorter articles and upload each", n, MaxArticleFacts)}
	}
	return sheet, nil
}

// readFacts reads a fact sheet and generates its bank. A sheet with any
// problem is refused with every problem and its line.
func readFacts(data []byte, opt Options) (*Result, error) {
	sheet, err := facts.Parse(data)
	var fes facts.Errors
	if errors.As(err, &fes) {
		var es questions.LineErrors
		for _, e := range fes {
			es.Add(e.Line, "%s", e.Msg)
		}
		return nil, es.Err()
	}
	if err != nil {
		return nil, &questions.FormatError{Msg: err.Error()}
	}
	if n := factCount(sheet); n > MaxArticleFacts {
		return nil, &questions.FormatError{Msg: fmt.Sprintf("fact sheet: it holds %d facts, and quizd makes questions from at most %d facts of one sheet: split it into smaller sheets and upload each", n, MaxArticleFacts)}
	}
	if opt.Title != "" {
		sheet.Title = opt.Title
	}
	return generated(sheet, Facts, "fact sheet", "facts")
}

// factCount is how many facts a sheet holds, people included.
func factCount(s *facts.Sheet) int {
	n := len(s.People)
	for _, c := range s.Count() {
		n += c
	}
	return n
}

// generated makes the bank of a sheet read as format f.
func generated(sheet *facts.Sheet, f Format, what, counted string) (*Result, error) {
	b, left, err := generate.BankWithNotes(sheet)
	if err != nil {
		return nil, &questions.FormatError{Msg: what + ": " + err.Error()}
	}
	counts := sheet.Count()
	notes := []string{fmt.Sprintf("%s: membership %d, dates %d, charter %d, reactions %d", counted,
		counts[questions.TopicMembership], counts[questions.TopicDates], counts[questions.TopicCharter], counts[questions.TopicReactions])}
	return &Result{Bank: b, Format: f, Sheet: sheet, Notes: append(notes, left...)}, nil
}

func titleFromName(name string) string {
	base := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	base = strings.NewReplacer("_", " ", "-", " ").Replace(base)
	if strings.TrimSpace(base) == "" || base == "." {
		return "Uploaded questions"
	}
	return strings.TrimSpace(base)
}

// Detect finds a file's format from its name, else from its content.
func Detect(name string, data []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return JSON
	case ".csv":
		return CSV
	case ".tsv", ".tab":
		return TSV
	case ".gift":
		return GIFT
	case ".apkg", ".colpkg", ".zip":
		return APKG
	case ".md", ".markdown":
		return Article
	case ".yaml", ".yml":
		return Facts
	}
	return sniff(data)
}

// sniff guesses a format from content: a zip is an Anki package, a leading
// { a JSON bank, GIFT answer blocks GIFT, Anki's header text, a header row
// CSV or TSV, lines that share a separator front/back text, and prose an
// article. A file that is none of these is Unknown: an article is
// recognised by its sentences, not by failing every other format.
func sniff(data []byte) Format {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return APKG
	case bytes.HasPrefix(trimmed, []byte("{")):
		return JSON
	case bytes.HasPrefix(trimmed, []byte("#separator:")) || bytes.HasPrefix(trimmed, []byte("#html:")):
		return Text
	}
	head := trimmed
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	if looksLikeGIFT(head) {
		return GIFT
	}
	first, _, _ := bytes.Cut(head, []byte("\n"))
	if csvbank.IsHeader(string(first)) {
		if bytes.Contains(first, []byte("\t")) {
			return TSV
		}
		return CSV
	}
	// Sniff the untrimmed text: a last row "front<TAB>" keeps its tab.
	if _, ok := csvbank.Sniff(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))); ok {
		return Text
	}
	if isProse(head) {
		return Article
	}
	return Unknown
}

// isProse says whether a text reads as an article: most of its words
// stand in sentences (lines or paragraphs of four words or more that end
// as sentences end, or hold a sentence end inside).
func isProse(head []byte) bool {
	words, inSentences := 0, 0
	for line := range strings.SplitSeq(string(head), "\n") {
		line = strings.TrimSpace(line)
		n := len(strings.Fields(line))
		words += n
		last, _ := utf8.DecodeLastRuneInString(line)
		if n >= 4 && (strings.ContainsRune(".!?:;\"”»)", last) || strings.Contains(line, ". ")) {
			inSentences += n
		}
	}
	return words >= 4 && inSentences*2 >= words
}

func looksLikeGIFT(head []byte) bool {
	markers := 0
	for _, m := range [][]byte{[]byte("{="), []byte("{~"), []byte("{T}"), []byte("{F}"), []byte("{TRUE}"), []byte("{FALSE}"), []byte("{#"), []byte("::"), []byte("$CATEGORY:")} {
		markers += bytes.Count(head, m)
	}
	return markers > 0 && bytes.Contains(head, []byte("}")) || bytes.Contains(head, []byte("$CATEGORY:"))
}
