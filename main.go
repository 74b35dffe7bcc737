// Command quizd is a quiz and flashcard server for learning the material of
// an article. Its subcommands generate question banks from articles and
// fact sheets, and measure the article extractor.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"quizd/questions"
	"quizd/questions/extract"
	"quizd/questions/facts"
	"quizd/questions/generate"
	"quizd/questions/lint"
	"quizd/questions/seed"
)

const usage = `quizd: a quiz and flashcard server for learning an article.

Usage:
  quizd serve [--addr 127.0.0.1:8080] [--db quizd.db] [--signup open|closed] [--cookie-secure] [--base-url URL]
      Run the web server. Each flag may also come from the environment:
      QUIZD_ADDR, QUIZD_DB, QUIZD_SIGNUP, QUIZD_COOKIE_SECURE, QUIZD_BASE_URL.
  quizd user add --username NAME (--password PASS | --password-stdin) --role student|instructor|admin [--db quizd.db]
      Create an account.
  quizd user list [--q TEXT] [--db quizd.db]
      List the accounts, with their roles and whether they are disabled.
  quizd user set-role NAME student|instructor|admin [--db quizd.db]
      Change an account's role (the last enabled admin stays admin).
  quizd user disable|enable NAME [--db quizd.db]
      Disable an account, ending its sessions and tokens at once, or enable it.
  quizd user reset-password NAME [--base-url URL] [--db quizd.db]
      Print a one-time link, valid for 24 hours, that sets a new password.
  quizd import FILE [--format F] [--title T] [--owner USER] [--public] [--dry-run] [--db quizd.db]
      Import a question set (GIFT, Anki .apkg or text export, Quizlet, CSV/TSV,
      quizd JSON, or an article) as a bank, or a new version of one.
  quizd report progress|summary|items --bank ID [--class ID] [--student ID] [--format csv|json|xlsx] [--out FILE] [--db quizd.db]
      Write a progress report: one row per student and question, one per
      student, or one per question (item analysis).
  quizd backup --out FILE [--db quizd.db]
      Write a consistent copy of the database, also while the server runs.
  quizd migrate-db --from quizd.db --to postgres://USER@HOST/DATABASE
      Copy a SQLite database into an empty PostgreSQL database in one
      transaction, checking every table's row count and checksum. A SQLite
      database of an older quizd is migrated to the current schema first.
  quizd generate [--article FILE | --facts FILE] [--title T] [--out FILE] [--facts-out FILE]
      Print a question bank as JSON: the bundled course by default, or the
      bank generated from an article (plain text or Markdown) or a fact sheet.
  quizd eval [--facts FILE] [--not FILE] [ARTICLE]
  quizd eval --corpus DIR
      Run the article extractor on ARTICLE and print its recall and precision
      against the facts of a fact sheet (the bundled one by default), and the
      facts it gave that a not-list names (NAME.not.yaml beside
      NAME.facts.yaml by default); or on every article of a corpus folder,
      one line each.
  quizd lint [FILE [--format F] | --bank SLUG|ID [--db quizd.db]] [--facts SHEET] [--article ARTICLE]
      Review a question bank (the bundled one by default) for duplicate
      questions, distractors that are also right, cues, restating
      explanations and broken template English. Exits 1 when it finds any.

Run 'quizd COMMAND --help' for a command's options.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command and returns the process exit code: 0 for
// success, 1 for a failure, 2 for a usage mistake.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = cmdServe(args[1:], stdout, stderr)
	case "user":
		err = cmdUser(args[1:], stdin, stdout, stderr)
	case "import":
		err = cmdImport(args[1:], stdout, stderr)
	case "backup":
		err = cmdBackup(args[1:], stdout, stderr)
	case "report":
		err = cmdReport(args[1:], stdout, stderr)
	case "migrate-db":
		err = cmdMigrateDB(args[1:], stdout, stderr)
	case "generate":
		err = cmdGenerate(args[1:], stdout, stderr)
	case "eval":
		err = cmdEval(args[1:], stdout, stderr)
	case "lint":
		err = cmdLint(args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "quizd: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errFindings):
		return 1
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "quizd %s: %v\n", args[0], err)
		return 2
	default:
		fmt.Fprintf(stderr, "quizd %s: %v\n", args[0], err)
		return 1
	}
}

// usageError is a mistake in how a command was called.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func newFlags(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("quizd "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

// dbFlag declares the --db flag every command that opens the database takes.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", env("QUIZD_DB", defaultDB), "SQLite database file (QUIZD_DB)")
}

// maxQuestionsFlag is the cap on questions per bank that serve and import
// declare alike.
func maxQuestionsFlag(fs *flag.FlagSet) *int {
	def, err := strconv.Atoi(env("QUIZD_MAX_QUESTIONS", ""))
	if err != nil || def <= 0 {
		def = questions.DefaultMaxQuestions
	}
	return fs.Int("max-questions", def, "the most questions one bank may hold; a larger file is refused (QUIZD_MAX_QUESTIONS)")
}

// parseFileFlags parses a command's flags around its one file argument,
// which may come before or after them; file is "" when none is given.
func parseFileFlags(fs *flag.FlagSet, args []string) (file string, err error) {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := parseFlags(fs, args); err != nil {
		return "", err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	} else if fs.NArg() > 0 {
		return "", usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return file, nil
}

func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	return nil
}

func cmdGenerate(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("generate", stderr)
	article := fs.String("article", "", "generate from this article (plain text or Markdown)")
	factsFile := fs.String("facts", "", "generate from this fact sheet (YAML)")
	title := fs.String("title", "", "the bank's title (default: the article's own)")
	out := fs.String("out", "", "write the bank to this file instead of standard output")
	factsOut := fs.String("facts-out", "", "also write the facts found in the article to this file, to correct and reuse with --facts")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *article != "" && *factsFile != "" {
		return usageError{"give --article or --facts, not both"}
	}
	if *factsOut != "" && *article == "" {
		return usageError{"--facts-out goes with --article"}
	}
	var sheet *facts.Sheet
	var err error
	switch {
	case *article != "":
		sheet, err = sheetFromArticle(*article, *title, stderr)
		if err == nil && *factsOut != "" {
			err = writeFactSheet(*factsOut, sheet)
		}
	case *factsFile != "":
		sheet, err = sheetFromFile(*factsFile)
		if err == nil && *title != "" {
			sheet.Title = *title
		}
	default:
		sheet, err = seed.Sheet()
		if err == nil && *title != "" {
			sheet.Title = *title
		}
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(stderr, "generating questions…")
	bank, notes, err := generate.BankWithNotes(sheet)
	for _, n := range notes {
		fmt.Fprintln(stderr, "left out: "+n)
	}
	if err != nil {
		return err
	}
	data, err := json.MarshalIndent(bank, "", "  ")
	if err != nil {
		return fmt.Errorf("encode bank: %w", err)
	}
	data = append(data, '\n')
	if *out != "" {
		if err := writeFileAtomic(*out, data); err != nil {
			return err
		}
	} else if _, err := stdout.Write(data); err != nil {
		return fmt.Errorf("write bank: %w", err)
	}
	opt := lint.FromSheet(sheet)
	if *article != "" {
		opt.Source = articleText(*article)
	}
	printSummary(stderr, bank, opt.Bank(bank))
	return nil
}

// readInput reads a file named on the command line, refusing binary data
// and text that is not UTF-8 with a message that says where.
func readInput(path, what string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", what, err)
	}
	if err := extract.CheckText(data); err != nil {
		return nil, fmt.Errorf("%s %s: %w", what, path, err)
	}
	return data, nil
}

func sheetFromArticle(path, title string, stderr io.Writer) (*facts.Sheet, error) {
	data, err := readInput(path, "article")
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(stderr, "reading %s (%d bytes)…\n", path, len(data))
	fmt.Fprintln(stderr, "extracting facts…")
	sheet, err := extract.Article(string(data), extract.Options{Title: title, Location: filepath.Base(path)})
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", path, err)
	}
	counts := sheet.Count()
	fmt.Fprintf(stderr, "found facts: %s\n", countLine(counts, questions.ArticleTopics))
	return sheet, nil
}

func sheetFromFile(path string) (*facts.Sheet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read fact sheet: %w", err)
	}
	sheet, err := facts.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("fact sheet %s:\n%w", path, err)
	}
	return sheet, nil
}

func writeFactSheet(path string, s *facts.Sheet) error {
	data, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Errorf("encode facts: %w", err)
	}
	header := "# Facts proposed by quizd's extractor: correct them, then run\n# quizd generate --facts " + filepath.Base(path) + "\n"
	return writeFileAtomic(path, append([]byte(header), data...))
}

// writeFileAtomic writes data to path through a temporary file, so that a
// failure never leaves a half-written file behind.
func writeFileAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func printSummary(w io.Writer, b *questions.Bank, findings []lint.Finding) {
	topics := map[string]int{}
	types := map[string]int{}
	for _, q := range b.Questions {
		topics[q.Topic]++
		types[string(q.Type)]++
	}
	typeOrder := make([]string, len(questions.Types))
	for i, t := range questions.Types {
		typeOrder[i] = string(t)
	}
	fmt.Fprintf(w, "bank %q (%s): %d questions\n", b.Slug, b.Version, len(b.Questions))
	fmt.Fprintf(w, "  by topic: %s\n", countLine(topics, questions.ArticleTopics))
	fmt.Fprintf(w, "  by type:  %s\n", countLine(types, typeOrder))
	fmt.Fprintf(w, "  lint:     %s\n", lintLine(findings))
}

// countLine writes counts as "a 3, b 0, c 5": the known keys in order,
// then any others.
func countLine(counts map[string]int, order []string) string {
	var parts []string
	done := map[string]bool{}
	for _, k := range order {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
		done[k] = true
	}
	var rest []string
	for k := range counts {
		if !done[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for _, k := range rest {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	return strings.Join(parts, ", ")
}

// defaultArticle is the shared copy of the bundled course's article, as
// laid out beside a checkout.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
