package main

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"time"

	"quizd/storage"
)

// migrateUsage is the help of quizd migrate-db.
const migrateUsage = `quizd migrate-db --from quizd.db --to postgres://USER@HOST/DATABASE

Copies every table of a SQLite database into an empty PostgreSQL database,
in one transaction, keeping every id, and commits only once the row count
and a checksum of every table agree on both sides. Stop the quizd serving
the SQLite file first.

The PostgreSQL database must exist and be empty (createdb quizd); quizd
creates its tables there. A SQLite database made by an older quizd is
brought up to the current schema first, as quizd serve would; otherwise
the file is only read.
`

func cmdMigrateDB(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate-db", stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, migrateUsage+"\nFlags:\n")
		fs.PrintDefaults()
	}
	from := fs.String("from", "", "the SQLite database file to copy")
	to := fs.String("to", "", "the empty PostgreSQL database to copy into, as a postgres:// or postgresql:// URL")
	batch := fs.Int("batch", 10000, "rows per COPY statement")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *from == "" || *to == "" {
		return usageError{"give both databases: quizd migrate-db --from quizd.db --to postgres://USER@HOST/DATABASE"}
	}
	if *batch <= 0 {
		return usageError{"--batch must be a positive number of rows"}
	}
	bar := newTableBar(stderr)
	start := time.Now()
	res, err := storage.MigrateDB(context.Background(), storage.MigrateConfig{From: *from, To: *to, Batch: *batch, Progress: bar.show})
	bar.end()
	if err != nil {
		return err
	}
	took := time.Since(start)
	if res.Migrated {
		fmt.Fprintf(stdout, "%s was older than this quizd's schema and was migrated first\n", *from)
	}
	for _, t := range res.Tables {
		fmt.Fprintf(stdout, "%-20s %10d rows  checksum %s\n", t.Table, t.Rows, t.Checksum)
	}
	fmt.Fprintf(stdout, "copied %d rows in %d tables in %s (%.0f rows/s); the row counts and checksums of both databases agree\n",
		res.Rows, len(res.Tables), took.Round(time.Millisecond), float64(res.Rows)/took.Seconds())
	fmt.Fprintf(stdout, "run quizd serve --db '%s' to serve from PostgreSQL\n", redactedURL(*to))
	return nil
}

// redactedURL is a URL for showing: its password hidden.
func redactedURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Redacted()
}

// tableBar draws the copy's progress, a line per table: redrawn in place
// on a terminal; on anything else (a log, a pipe) a plain line when the
// table is done, and every plainEvery while a long one is copied.
type tableBar struct {
	w        io.Writer
	terminal bool
	table    string
	drawn    time.Time
	open     bool   // a line is drawn without its newline
	finished string // the last table whose line is done
}

// plainEvery is how often a plain progress line is written for a table
// that takes long.
const plainEvery = 10 * time.Second

func newTableBar(w io.Writer) *tableBar {
	b := &tableBar{w: w}
	if f, ok := w.(*os.File); ok {
		if info, err := f.Stat(); err == nil && info.Mode()&os.ModeCharDevice != 0 {
			b.terminal = true
		}
	}
	return b
}

func (b *tableBar) show(p storage.TableProgress) {
	done := p.Done == p.Total
	if done && p.Table == b.finished {
		return // an empty table is done at its start and at its end
	}
	if done {
		b.finished = p.Table
	}
	if !b.terminal {
		if p.Table != b.table {
			b.table, b.drawn = p.Table, time.Now()
		}
		switch {
		case done:
			fmt.Fprintf(b.w, "copied %s: %d/%d rows\n", p.Table, p.Done, p.Total)
		case time.Since(b.drawn) >= plainEvery:
			fmt.Fprintf(b.w, "copying %s: %d/%d rows\n", p.Table, p.Done, p.Total)
			b.drawn = time.Now()
		}
		return
	}
	if p.Table == b.table && !done && time.Since(b.drawn) < 100*time.Millisecond {
		return
	}
	b.table, b.drawn = p.Table, time.Now()
	const width = 30
	filled := width
	if p.Total > 0 {
		filled = int(p.Done * width / p.Total)
	}
	fmt.Fprintf(b.w, "\rcopying %-20s [%s%s] %d/%d rows", p.Table, strings.Repeat("#", filled), strings.Repeat(" ", width-filled), p.Done, p.Total)
	b.open = !done
	if done {
		fmt.Fprintln(b.w)
	}
}

// end closes a line left open by a copy that failed.
func (b *tableBar) end() {
	if b.open {
		fmt.Fprintln(b.w)
		b.open = false
	}
}
