package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"quizd/storage"
	"quizd/storage/testdb"
)

// quizd migrate-db, through the real binary: the copy's progress, its
// summary, the same report from both databases, a second run refused,
// and quizd backup pointing to pg_dump.
func TestMigrateDBCommand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "q.db")
	if r := quizd(t, "user", "add", "--username", "teacher", "--password", "correct horse", "--role", "instructor", "--db", db); r.code != 0 {
		t.Fatal(r.stderr)
	}
	csv := filepath.Join(dir, "set.csv")
	os.WriteFile(csv, []byte("prompt,answer\nQ1?,A1\nQ2?,A2\nQ3?,A3\n"), 0o644)
	if r := quizd(t, "import", csv, "--owner", "teacher", "--db", db); r.code != 0 {
		t.Fatal(r.stderr)
	}
	want := quizd(t, "report", "progress", "--bank", "1", "--format", "json", "--db", db)
	if want.code != 0 {
		t.Fatal(want.stderr)
	}
	to := testdb.EmptyPostgres(t)

	r := quizd(t, "migrate-db", "--from", db, "--to", to)
	if r.code != 0 {
		t.Fatalf("migrate-db: exit %d: %s", r.code, r.stderr)
	}
	for _, line := range []string{"copied users: 1/1 rows", "copied questions: 3/3 rows", "copied question_versions: 3/3 rows", "copied reviews: 0/0 rows"} {
		if !strings.Contains(r.stderr, line+"\n") {
			t.Errorf("the progress on stderr lacks %q:\n%s", line, r.stderr)
		}
	}
	if n := strings.Count(r.stderr, "copied reviews:"); n != 1 {
		t.Errorf("%d progress lines for the empty reviews table, want 1:\n%s", n, r.stderr)
	}
	if strings.Contains(r.stderr, "\r") {
		t.Errorf("progress redrawn in place on a pipe: %q", r.stderr)
	}
	if !regexp.MustCompile(`(?m)^users +1 rows  checksum [0-9a-f]{32}$`).MatchString(r.stdout) ||
		!regexp.MustCompile(`copied \d+ rows in 2\d tables in .* rows/s\); the row counts and checksums of both databases agree`).MatchString(r.stdout) {
		t.Errorf("the summary on stdout:\n%s", r.stdout)
	}
	got := quizd(t, "report", "progress", "--bank", "1", "--format", "json", "--db", to)
	if got.code != 0 || got.stdout != want.stdout {
		t.Errorf("the progress report from PostgreSQL differs:\n%s\nwant\n%s\n%s", got.stdout, want.stdout, got.stderr)
	}

	again := quizd(t, "migrate-db", "--from", db, "--to", to)
	if again.code != 1 || !strings.Contains(again.stderr, "the PostgreSQL database is not empty: table") || !strings.Contains(again.stderr, "nothing was changed") {
		t.Errorf("a second copy into the same database: exit %d: %s", again.code, again.stderr)
	}
	if b := quizd(t, "backup", "--out", filepath.Join(dir, "b.dump"), "--db", to); b.code != 1 || !strings.Contains(b.stderr, "pg_dump --format=custom") {
		t.Errorf("backup of PostgreSQL: exit %d: %s", b.code, b.stderr)
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"migrate-db", "--from", db}, 2, "give both databases"},
		{[]string{"migrate-db", "--from", csv, "--to", to}, 1, "is not a SQLite database"},
		{[]string{"migrate-db", "--from", db, "--to", filepath.Join(dir, "other.db")}, 1, "is not a PostgreSQL URL"},
	} {
		if r := quizd(t, tc.args...); r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d %q, want %d with %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}

// On a terminal the bar of a table is redrawn in place and ends its line
// when the table is done; a failure leaves no line open.
func TestTableBarOnATerminal(t *testing.T) {
	var buf strings.Builder
	b := &tableBar{w: &buf, terminal: true}
	b.show(storage.TableProgress{Table: "users", Done: 0, Total: 4})
	b.show(storage.TableProgress{Table: "users", Done: 4, Total: 4})
	b.show(storage.TableProgress{Table: "flags", Done: 0, Total: 0})
	b.show(storage.TableProgress{Table: "flags", Done: 0, Total: 0})
	b.show(storage.TableProgress{Table: "cards", Done: 0, Total: 10})
	b.end()
	want := "\rcopying users                [                              ] 0/4 rows" +
		"\rcopying users                [##############################] 4/4 rows\n" +
		"\rcopying flags                [##############################] 0/0 rows\n" +
		"\rcopying cards                [                              ] 0/10 rows\n"
	if buf.String() != want {
		t.Errorf("got  %q\nwant %q", buf.String(), want)
	}
}
