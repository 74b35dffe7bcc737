package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"quizd/questions"
	"quizd/questions/importer"
	"quizd/questions/lint"
	"quizd/storage"
)

func cmdImport(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("import", stderr)
	format := fs.String("format", "", "the file's format: json, csv, tsv, text, gift, apkg or article (default: found from the file)")
	title := fs.String("title", "", "the bank's title (default: the file's own, else its name)")
	owner := fs.String("owner", "", "the instructor who owns the bank (default: none, like the bundled bank)")
	public := fs.Bool("public", false, "open the bank to every student")
	dry := fs.Bool("dry-run", false, "check the file and say what importing it would do, storing nothing")
	separator := fs.String("separator", "", "what stands between a card's front and back in a text export: tab, comma, semicolon, or the characters themselves, such as ///// (default: found from the file)")
	rowSeparator := fs.String("row-separator", "", "what stands between cards in a text export when it is not a line break, such as Quizlet's custom row separator (default: found from the file)")
	strict := fs.Bool("strict", false, "refuse the file if any row would be left out, listing every problem (default: import the good rows and list the others)")
	db := dbFlag(fs)
	maxQuestions := maxQuestionsFlag(fs)
	file, err := parseFileFlags(fs, args)
	if err != nil {
		return err
	}
	if file == "" {
		return usageError{"give the file to import: quizd import FILE"}
	}
	if *maxQuestions <= 0 {
		return usageError{fmt.Sprintf("--max-questions must be a positive number, not %d", *maxQuestions)}
	}
	f, err := importer.ParseFormat(*format)
	if err != nil {
		return usageError{err.Error()}
	}
	sep, err := importer.ParseSeparator(*separator)
	if err != nil {
		return usageError{"--separator: " + err.Error()}
	}
	rowSep, err := importer.ParseSeparator(*rowSeparator)
	if err != nil {
		return usageError{"--row-separator: " + err.Error()}
	}
	data, err := readWithProgress(file, stderr)
	if err != nil {
		return err
	}
	fmt.Fprintln(stderr, "reading questions…")
	ctx := context.Background()
	res, err := importer.Read(ctx, data, importer.Options{Format: f, Filename: file, Title: *title, Separator: sep, RowSeparator: rowSep, Strict: *strict, MaxQuestions: *maxQuestions})
	if err != nil {
		return describeImportError(file, err)
	}
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	opt := storage.BankOptions{Public: *public, DryRun: *dry}
	if *owner != "" {
		u, _, err := st.UserByName(ctx, *owner)
		if errors.Is(err, storage.ErrNotFound) {
			return fmt.Errorf("--owner: no user named %q", *owner)
		}
		if err != nil {
			return err
		}
		if !storage.CanUpload(u) {
			return fmt.Errorf("--owner: %s is a %s: only instructors and admins own banks", u.Username, u.Role)
		}
		opt.OwnerID, opt.Actor = &u.ID, u
	}
	fmt.Fprintf(stderr, "storing %d questions…\n", len(res.Bank.Questions))
	ur, err := st.UpsertBank(ctx, res.Bank, opt)
	if errors.Is(err, storage.ErrForbidden) {
		return fmt.Errorf("a bank named %q belongs to another instructor: give --title another title", res.Bank.Slug)
	}
	if err != nil {
		return err
	}
	verb := "imported"
	if *dry {
		verb = "would import (dry run, nothing stored)"
	}
	fmt.Fprintf(stdout, "%s %q (%s, %s): %d questions: %d new, %d changed, %d retired, %d unchanged\n",
		verb, res.Bank.Title, res.Bank.Slug, res.Format, len(res.Bank.Questions), ur.Created, ur.Updated, ur.Retired, ur.Unchanged)
	// A question whose text was corrected keeps its id and its students'
	// progress; the Upload page and PUT /api/v1/banks/:id can reject a
	// match that is not the same question.
	for _, m := range ur.Matches {
		fmt.Fprintf(stdout, "changed: %s → %s (question %s keeps its progress)\n", m.Old, m.New, m.ID)
	}
	for _, s := range res.Skipped {
		if s.Line > 0 {
			fmt.Fprintf(stdout, "skipped line %d: %s\n", s.Line, s.Reason)
		} else {
			fmt.Fprintf(stdout, "skipped: %s\n", s.Reason)
		}
	}
	for _, n := range res.Notes {
		fmt.Fprintln(stdout, "note:", n)
	}
	if fs := lint.Bank(res.Bank); len(fs) > 0 {
		fmt.Fprintf(stdout, "warning: the linter has %s: run 'quizd lint %s' to see them.\n", lintLine(fs), file)
	}
	return nil
}

// describeImportError lists a file's problems with its name and lines.
func describeImportError(file string, err error) error {
	var le questions.LineErrors
	if errors.As(err, &le) {
		var b strings.Builder
		fmt.Fprintf(&b, "%s has %d problems; nothing was imported:", file, len(le))
		for _, e := range le {
			if e.Line == 0 { // a problem of the file as a whole
				fmt.Fprintf(&b, "\n  %s: %s", filepath.Base(file), e.Msg)
				continue
			}
			fmt.Fprintf(&b, "\n  %s:%d: %s", filepath.Base(file), e.Line, e.Msg)
		}
		return errors.New(b.String())
	}
	var qe *questions.QuestionLimitError
	if errors.As(err, &qe) {
		return fmt.Errorf("%s: %w (or raise the limit with --max-questions)", file, err)
	}
	return fmt.Errorf("%s: %w", file, err)
}

// readWithProgress reads a file, drawing a progress bar on w for files of
// a megabyte or more. The bar is a few lines of our own rather than a
// library: it is one line of text, redrawn.
func readWithProgress(path string, w io.Writer) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("read %s: it is a folder, not a file", path)
	}
	const maxImport = 1 << 30
	if info.Size() > maxImport {
		return nil, fmt.Errorf("read %s: the file is over 1 GiB", path)
	}
	if info.Size() < 1<<20 {
		data, err := io.ReadAll(f)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		return data, nil
	}
	data := make([]byte, 0, info.Size())
	buf := make([]byte, 256<<10)
	last := time.Time{}
	for {
		n, err := f.Read(buf)
		data = append(data, buf[:n]...)
		if time.Since(last) > 100*time.Millisecond || errors.Is(err, io.EOF) {
			drawBar(w, int64(len(data)), info.Size())
			last = time.Now()
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
	}
	fmt.Fprintln(w)
	return data, nil
}

func drawBar(w io.Writer, done, total int64) {
	const width = 30
	filled := int(done * width / max(total, 1))
	fmt.Fprintf(w, "\rreading [%s%s] %3d%% %d/%d KiB", strings.Repeat("#", filled), strings.Repeat(" ", width-filled),
		done*100/max(total, 1), done>>10, total>>10)
}
