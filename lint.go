package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"quizd/questions"
	"quizd/questions/generate"
	"quizd/questions/importer"
	"quizd/questions/lint"
	"quizd/questions/seed"
	"quizd/storage"
)

// errFindings makes quizd lint exit with status 1 when the bank has
// findings, after printing them.
var errFindings = errors.New("the bank has findings")

func cmdLint(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("lint", stderr)
	format := fs.String("format", "", "the file's format: json, csv, tsv, text, gift, apkg or article (default: found from the file)")
	bankRef := fs.String("bank", "", "lint this stored bank, by slug or id, instead of a file")
	articleFile := fs.String("article", "", "the article the bank was made from: explanations copied from it are findings")
	factsFile := fs.String("facts", "", "the fact sheet the bank was made from: its members and other names inform the checks")
	db := dbFlag(fs)
	file, err := parseFileFlags(fs, args)
	if err != nil {
		return err
	}
	if file != "" && *bankRef != "" {
		return usageError{"give a FILE or --bank, not both"}
	}
	var bank *questions.Bank
	var opt lint.Options
	switch {
	case file != "":
		bank, err = lintFile(file, *format, stderr)
	case *bankRef != "":
		bank, err = storedBank(*db, *bankRef)
	default:
		bank, opt, err = bundledBank()
	}
	if err != nil {
		return err
	}
	if *factsFile != "" {
		sheet, err := sheetFromFile(*factsFile)
		if err != nil {
			return err
		}
		src := opt.Source
		opt = lint.FromSheet(sheet)
		opt.Source = src
	}
	if *articleFile != "" {
		data, err := readInput(*articleFile, "article")
		if err != nil {
			return err
		}
		opt.Source = string(data)
	}
	// The operator asked for this file: check all of it, however large.
	opt.Limit = -1
	findings := opt.Bank(bank)
	printFindings(stdout, bank, findings)
	if len(findings) > 0 {
		return errFindings
	}
	return nil
}

// articleText is an article that has been read once already, for the
// linter; "" if it cannot be read again, which only skips one check.
func articleText(path string) string {
	data, err := readInput(path, "article")
	if err != nil {
		return ""
	}
	return string(data)
}

// bundledBank generates the bundled course, with what its fact sheet
// tells the linter.
func bundledBank() (*questions.Bank, lint.Options, error) {
	sheet, err := seed.Sheet()
	if err != nil {
		return nil, lint.Options{}, err
	}
	bank, err := generate.Bank(sheet)
	if err != nil {
		return nil, lint.Options{}, err
	}
	return bank, lint.FromSheet(sheet), nil
}

func lintFile(file, format string, stderr io.Writer) (*questions.Bank, error) {
	f, err := importer.ParseFormat(format)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	data, err := readWithProgress(file, stderr)
	if err != nil {
		return nil, err
	}
	res, err := importer.Read(context.Background(), data, importer.Options{Format: f, Filename: file})
	if err != nil {
		return nil, describeImportError(file, err)
	}
	return res.Bank, nil
}

// storedBank reads a bank from the database by slug or id.
func storedBank(db, ref string) (*questions.Bank, error) {
	ctx := context.Background()
	st, err := openStore(ctx, db)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	var b *storage.Bank
	if id, perr := strconv.ParseUint(ref, 10, 32); perr == nil {
		b, err = st.BankByID(ctx, uint(id))
	} else {
		b, err = st.BankBySlug(ctx, ref)
	}
	if errors.Is(err, storage.ErrNotFound) {
		return nil, fmt.Errorf("--bank: no bank %q in %s", ref, db)
	}
	if err != nil {
		return nil, err
	}
	return st.BankExport(ctx, b.ID)
}

// printFindings writes a bank's findings grouped by code, each group with
// its count, then the total.
func printFindings(w io.Writer, b *questions.Bank, fs []lint.Finding) {
	if len(fs) == 0 {
		fmt.Fprintf(w, "bank %q: %d questions, no findings\n", b.Slug, len(b.Questions))
		return
	}
	byCode := map[lint.Code][]lint.Finding{}
	for _, f := range fs {
		byCode[f.Code] = append(byCode[f.Code], f)
	}
	for _, c := range lint.Codes {
		group := byCode[c]
		if len(group) == 0 {
			continue
		}
		fmt.Fprintf(w, "%s (%d)\n", c, len(group))
		for _, f := range group {
			fmt.Fprintf(w, "  %s: %s\n", cmp.Or(f.ID, "bank"), f.Message)
		}
	}
	fmt.Fprintf(w, "bank %q: %d questions, %s: %s\n", b.Slug, len(b.Questions), plural(len(fs), "finding"), findingCounts(fs))
}

// lintLine sums findings up in one line: "3 findings (key-cue 2,
// odd-option 1)", or "no findings".
func lintLine(fs []lint.Finding) string {
	if len(fs) == 0 {
		return "no findings"
	}
	return fmt.Sprintf("%s (%s)", plural(len(fs), "finding"), findingCounts(fs))
}

// plural writes a count with its noun: "1 finding", "3 findings".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// findingCounts writes the count of each code found: "key-cue 2, odd-option 1".
func findingCounts(fs []lint.Finding) string {
	counts := lint.Count(fs)
	var parts []string
	for _, c := range lint.Codes {
		if n := counts[c]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", c, n))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}
