package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"unicode/utf8"

	"quizd/questions/extract"
	"quizd/questions/facts"
	"quizd/questions/generate"
	"quizd/questions/lint"
	"quizd/questions/seed"
)

const defaultArticle = "../shared/material/csto-article.txt"

func cmdEval(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("eval", stderr)
	factsFile := fs.String("facts", "", "the expected facts (default: the bundled fact sheet)")
	notFile := fs.String("not", "", "what the extractor must not produce (default: NAME.not.yaml beside --facts NAME.facts.yaml)")
	corpus := fs.String("corpus", "", "a folder of articles, each NAME.txt or NAME.md with NAME.facts.yaml and perhaps NAME.not.yaml")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *corpus != "" {
		if fs.NArg() > 0 || *factsFile != "" || *notFile != "" {
			return usageError{"--corpus takes no article, --facts or --not: each article of the corpus has its own sheets"}
		}
		return evalCorpus(*corpus, stdout)
	}
	if fs.NArg() > 1 {
		return usageError{"give one article"}
	}
	path := defaultArticle
	if fs.NArg() == 1 {
		path = fs.Arg(0)
	}
	var expected *facts.Sheet
	var err error
	if *factsFile != "" {
		expected, err = sheetFromFile(*factsFile)
	} else {
		expected, err = seed.Sheet()
	}
	if err != nil {
		return err
	}
	if *notFile == "" {
		*notFile = extract.NotListBeside(*factsFile)
	}
	var not extract.NotList
	if *notFile != "" {
		if not, err = extract.ReadNotList(*notFile); err != nil {
			return err
		}
	}
	got, err := sheetFromArticle(path, "", stderr)
	if err != nil {
		return err
	}
	against := orDefault(*factsFile, "the bundled fact sheet")
	if *notFile != "" {
		against += " and " + *notFile
	}
	fmt.Fprintf(stdout, "extractor recall and precision on %s against %s\n", path, against)
	r := extract.Evaluate(expected, got)
	if *notFile != "" {
		r.CheckJunk(not, got)
	}
	r.Print(stdout)
	for _, s := range []struct {
		what  string
		sheet *facts.Sheet
	}{{orDefault(*factsFile, "the bundled fact sheet"), expected}, {path, got}} {
		bank, err := generate.Bank(s.sheet)
		if err != nil {
			return fmt.Errorf("generate from %s: %w", s.what, err)
		}
		opt := lint.FromSheet(s.sheet)
		opt.Source = articleText(path)
		fmt.Fprintf(stdout, "lint of the bank generated from %s (%d questions): %s\n", s.what, len(bank.Questions), lintLine(opt.Bank(bank)))
	}
	return nil
}

// errCorpusRead means an article or a sheet of a corpus could not be read;
// its line in the table says which.
var errCorpusRead = errors.New("some files of the corpus could not be read: their lines say which and why")

// evalCorpus prints one line per article of the corpus at dir: recall,
// precision, junk and the questions generated from what was extracted, or
// why there are none; then the figures over every article. Only a file
// that cannot be read fails the command, never a low score.
func evalCorpus(dir string, stdout io.Writer) error {
	cases, err := extract.Corpus(dir)
	if err != nil {
		return err
	}
	type row struct{ name, recall, precision, junk, questions string }
	var rows []row
	var all extract.Report
	unread, failed, junk, qs := 0, 0, 0, 0
	checked := false
	for _, c := range cases {
		r, n, err := evalCase(c)
		var re readError
		switch {
		case errors.As(err, &re):
			unread++
			rows = append(rows, row{name: c.Name, questions: "not run: " + err.Error()})
			continue
		case r == nil:
			failed++
			rows = append(rows, row{name: c.Name, questions: "error: " + err.Error()})
			continue
		}
		all.Categories = append(all.Categories, r.Categories...)
		out := row{c.Name, percent(r.Recall()), percent(r.Precision()), "-", fmt.Sprint(n)}
		if r.JunkChecked {
			checked = true
			junk += len(r.Junk)
			out.junk = fmt.Sprint(len(r.Junk))
		}
		if err != nil {
			failed++
			out.questions = "error: " + err.Error()
		}
		qs += n
		rows = append(rows, out)
	}
	total := row{fmt.Sprintf("overall (%d articles, %d failed, %d unread)", len(cases), failed, unread), percent(all.Recall()), percent(all.Precision()), "-", fmt.Sprint(qs)}
	if checked {
		total.junk = fmt.Sprint(junk)
	}
	rows = append(rows, total)
	width := len("article")
	for _, r := range rows {
		width = max(width, utf8.RuneCountInString(r.name))
	}
	fmt.Fprintf(stdout, "%-*s %6s %9s %5s  %s\n", width, "article", "recall", "precision", "junk", "questions")
	for _, r := range rows {
		if r.recall == "" {
			// No figures: the line says why.
			fmt.Fprintf(stdout, "%-*s %s\n", width, r.name, r.questions)
			continue
		}
		fmt.Fprintf(stdout, "%-*s %6s %9s %5s  %s\n", width, r.name, r.recall, r.precision, r.junk, r.questions)
	}
	if unread > 0 {
		return errCorpusRead
	}
	return nil
}

// readError is a corpus file that cannot be read, or is not a sheet.
type readError struct{ error }

func (e readError) Unwrap() error { return e.error }

// evalCase evaluates one article of a corpus and generates a bank from
// what it extracted. The report is nil when the extraction failed; the
// error, beside a report, is the generator's.
func evalCase(c extract.Case) (*extract.Report, int, error) {
	if c.Problem != "" {
		return nil, 0, readError{errors.New(c.Problem)}
	}
	expected, err := sheetFromFile(c.Facts)
	if err != nil {
		return nil, 0, readError{err}
	}
	var not extract.NotList
	if c.Not != "" {
		if not, err = extract.ReadNotList(c.Not); err != nil {
			return nil, 0, readError{err}
		}
	}
	data, err := readInput(c.Article, "article")
	if err != nil {
		return nil, 0, readError{err}
	}
	got, err := extract.Article(string(data), extract.Options{Location: filepath.Base(c.Article)})
	if err != nil {
		return nil, 0, err
	}
	r := extract.Evaluate(expected, got)
	if c.Not != "" {
		r.CheckJunk(not, got)
	}
	bank, err := generate.Bank(got)
	if err != nil {
		return &r, 0, err
	}
	return &r, len(bank.Questions), nil
}

func percent(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }
