package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"quizd/questions/assign"
	"quizd/questions/report"
	"quizd/questions/srs"
	"quizd/storage/testdb"
)

// migrateTestDB is an empty PostgreSQL database for one test, dropped
// with its connections at the end: the target of a copy.
func migrateTestDB(t testing.TB) string {
	t.Helper()
	return testdb.EmptyPostgres(t)
}

// seedEveryTable fills a SQLite store with the golden class, whose cards
// and answers have every state and rating, a class of 200 students with
// the history of a 60-question course (SeedReport and SeedReportAnswers),
// and at least a row in every other table. It returns the golden bank
// and class, and the course and its class.
func seedEveryTable(t *testing.T, s *Store) (*Bank, *Class, *Bank, *Class) {
	t.Helper()
	ctx := context.Background()
	b, golden := seedGolden(t, s)
	teacher, _, err := s.UserByName(ctx, "teacher")
	if err != nil {
		t.Fatal(err)
	}
	// SeedReport names its students bench000000 on: the golden class's
	// are renamed first, so that the 200 more get the same names.
	if err := s.w.Exec("UPDATE users SET username = 'golden-' || username, username_key = 'golden-' || username_key WHERE username LIKE 'bench%'").Error; err != nil {
		t.Fatal(err)
	}
	course := mustBank(t, s, smallBank("course", 60))
	big, err := s.SeedReport(ctx, course.ID, teacher.ID, 200, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SeedReportAnswers(ctx, big.ID, course.ID, t0); err != nil {
		t.Fatal(err)
	}
	ada, _, _ := s.UserByName(ctx, "ada")
	bob, _, _ := s.UserByName(ctx, "bob")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// An answer at a time finer than PostgreSQL's microseconds, as a
	// server's clock gives them.
	answer(t, s, ada, b, "un", srs.Good, t0.Add(36*time.Hour+123456789*time.Nanosecond))
	answer(t, s, ada, b, "un", srs.Hard, t0.Add(90*time.Hour+987654321*time.Nanosecond))
	must(s.CreateToken(ctx, ada.ID, strings.Repeat("a", 64), t0))
	must(s.Sessions().Set("session-ada", []byte("\x00\x01binary\xff"), time.Hour))
	_, err = s.Secret(ctx, "csrf")
	must(err)
	_, _, err = s.Hit(ctx, "signup:10.0.0.1", time.Hour, t0)
	must(err)
	p := SignInPolicy{PerPair: 5, PerAddress: 20, Window: time.Hour}
	must(s.RecordSignInFailure(ctx, "ada", "10.0.0.2", t0, p))
	must(s.RecordSignIn(ctx, "bob", "10.0.0.3", t0, p))
	_, err = s.CreatePasswordReset(ctx, bob.ID, &teacher.ID, strings.Repeat("b", 64), t0)
	must(err)
	must(s.SavePendingUpload(ctx, &PendingUpload{Token: "tok", UserID: teacher.ID, Filename: "f.csv", Format: "csv", Title: "F", Data: []byte("a,b\n"), CreatedAt: t0}))
	q, err := s.StoredQuestionOf(ctx, b.ID, "mc")
	must(err)
	_, err = s.ServeCard(ctx, ada.ID, b.ID, q.RowID, 1, "flashcard", t0)
	must(err)
	_, err = s.Suspend(ctx, bob.ID, b.ID, "sa", t0)
	must(err)
	_, err = s.Bury(ctx, ada.ID, b.ID, "eq", t0.Add(24*time.Hour), t0)
	must(err)
	test, err := s.CreatePracticeTest(ctx, ada.ID, b.ID, PracticeSet{}, 3, t0, DayStart(t0, time.UTC))
	must(err)
	right := true
	_, err = s.RecordPractice(ctx, PracticeAnswer{UserID: ada.ID, BankID: b.ID, QuestionID: "sa", TestID: test.ID, Rating: srs.Good, Correct: &right, Response: "uno", Now: t0})
	must(err)
	review, err := s.LatestReview(ctx, bob.ID, b.ID)
	must(err)
	_, err = s.CreateFlag(ctx, bob.ID, review, "should_count", "My answer was right, I think.", t0)
	must(err)
	n := 12
	must(s.SetBankChoice(ctx, ada.ID, b.ID, assign.Choice{NewPerDay: &n}, t0))
	due := t0.Add(14 * 24 * time.Hour)
	_, err = s.SetAssignment(ctx, Assignment{ClassID: golden.ID, BankID: b.ID, DueAt: &due, TargetMastered: 4}, t0)
	must(err)
	for _, c := range s.Probe(ctx, t0) {
		if c.Name == CheckWrite && c.Err != nil {
			t.Fatal(c.Err)
		}
	}
	return b, golden, course, big
}

// writeAllReports writes every report view of every scope in every format.
func writeAllReports(t *testing.T, s *Store, b *Bank, classes ...*Class) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	now := t0.Add(40 * 24 * time.Hour)
	sheets := map[string]string{ViewProgress: "Progress", ViewSummary: "Summary", ViewItems: "Items"}
	scopes := map[string]ReportScope{"all": {BankID: b.ID}, "student": {BankID: b.ID, StudentID: 2}}
	for i, cl := range classes {
		scopes[fmt.Sprint("class", i)] = ReportScope{BankID: b.ID, ClassID: cl.ID}
	}
	out := map[string][]byte{}
	for _, view := range []string{ViewProgress, ViewSummary, ViewItems} {
		for scopeName, sc := range scopes {
			if view != ViewProgress && sc.ClassID == 0 {
				continue // summary and items are of a class
			}
			for _, format := range report.Formats {
				cols, err := s.ReportColumns(ctx, view, b.ID)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				w, err := report.NewWriter(format, &buf, sheets[view], cols)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := s.WriteReport(ctx, view, sc, w, now); err != nil {
					t.Fatalf("%s %s %s: %v", view, scopeName, format, err)
				}
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
				out[view+"-"+scopeName+"."+format] = buf.Bytes()
			}
		}
	}
	return out
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(data)
}

// The PostgreSQL copy of a SQLite database with 200 students' history
// gives every report byte for byte as the original does, has every table
// the schema has, and numbers new rows after the copied ones.
func TestMigrateDBCopiesEveryTableAndTheReportsMatch(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "quizd.db")
	src, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	b, golden, course, big := seedEveryTable(t, src)
	want := writeAllReports(t, src, b, golden)
	wantCourse := writeAllReports(t, src, course, big)
	src.Close()
	before := fileSum(t, path)

	to := migrateTestDB(t)
	var progress []TableProgress
	start := time.Now()
	res, err := MigrateDB(ctx, MigrateConfig{From: path, To: to, Batch: 5000, Progress: func(p TableProgress) { progress = append(progress, p) }})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("copied %d rows in %d tables in %s (%.0f rows/s)", res.Rows, len(res.Tables), time.Since(start), float64(res.Rows)/time.Since(start).Seconds())
	if res.Migrated {
		t.Error("a database at the current schema was reported as migrated")
	}
	if fileSum(t, path) != before {
		t.Error("the SQLite file or its WAL changed")
	}

	// Every table of the schema, each with rows, users before the tables
	// that refer to them.
	dst, err := Open(ctx, Config{Path: to})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	var tables []string
	if err := dst.read(ctx).Raw("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name <> ? ORDER BY table_name", schemaTable).Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	pos := map[string]int{}
	for i, tc := range res.Tables {
		pos[tc.Table] = i
		if tc.Rows == 0 {
			t.Errorf("table %s: no rows seeded, so its copy is not tested", tc.Table)
		}
	}
	for _, name := range tables {
		if _, ok := pos[name]; !ok {
			t.Errorf("table %s was not copied", name)
		}
	}
	if len(res.Tables) != len(tables) {
		t.Errorf("%d tables copied, the schema has %d", len(res.Tables), len(tables))
	}
	for _, pair := range [][2]string{{"users", "cards"}, {"banks", "questions"}, {"questions", "question_versions"}, {"reviews", "flags"}, {"practice_tests", "practice_answers"}, {"classes", "class_members"}} {
		if pos[pair[0]] > pos[pair[1]] {
			t.Errorf("%s copied after %s, which refers to it", pair[0], pair[1])
		}
	}
	var reviews int64
	for _, tc := range res.Tables {
		if tc.Table == "reviews" {
			reviews = tc.Rows
		}
	}
	if reviews < 1000 {
		t.Errorf("only %d reviews copied: the seed should have thousands", reviews)
	}
	// The progress: every table starts at 0 and ends at its total.
	last := map[string]TableProgress{}
	for _, p := range progress {
		if _, seen := last[p.Table]; !seen && p.Done != 0 {
			t.Errorf("table %s: first progress %d, want 0", p.Table, p.Done)
		}
		last[p.Table] = p
	}
	for _, tc := range res.Tables {
		if p := last[tc.Table]; p.Done != tc.Rows || p.Total != tc.Rows {
			t.Errorf("table %s: last progress %d/%d, want %d/%d", tc.Table, p.Done, p.Total, tc.Rows, tc.Rows)
		}
	}

	got := writeAllReports(t, dst, b, golden)
	for name, w := range wantCourse {
		want["course-"+name] = w
	}
	for name, g := range writeAllReports(t, dst, course, big) {
		got["course-"+name] = g
	}
	for name, w := range want {
		if len(w) < 100 {
			t.Errorf("%s: %d bytes from SQLite, too few to compare", name, len(w))
		}
		g := got[name]
		if !bytes.Equal(g, w) {
			i := 0
			for i < min(len(g), len(w)) && g[i] == w[i] {
				i++
			}
			t.Errorf("%s from PostgreSQL differs from SQLite's at byte %d of %d (want %d):\ngot  %q\nwant %q", name, i, len(g), len(w),
				g[max(0, i-80):min(len(g), i+80)], w[max(0, i-80):min(len(w), i+80)])
		}
	}

	// Sequences continue after the copied ids.
	u, err := dst.CreateUser(ctx, "newcomer", "hash", Student)
	if err != nil {
		t.Fatalf("a new user in the copy: %v", err)
	}
	var maxID uint
	dst.read(ctx).Raw("SELECT MAX(id) FROM users WHERE username <> 'newcomer'").Scan(&maxID)
	if u.ID != maxID+1 {
		t.Errorf("new user id %d, want %d", u.ID, maxID+1)
	}
}

// A PostgreSQL database with a row in it is refused, naming the table and
// its rows, and nothing in it changes.
func TestMigrateDBRefusesANonEmptyTarget(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "quizd.db")
	src, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	mustUser(t, src, "ada")
	mustBank(t, src, smallBank("b", 3))
	src.Close()
	to := migrateTestDB(t)
	dst, err := Open(ctx, Config{Path: to})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	mustUser(t, dst, "already-here")
	// A database of an older quizd is not even migrated.
	older := migrations[len(migrations)-2].ID
	if err := dst.migrator(ctx).RollbackTo(older); err != nil {
		t.Fatal(err)
	}

	_, err = MigrateDB(ctx, MigrateConfig{From: path, To: to})
	var ne *NotEmptyError
	if !errors.As(err, &ne) || ne.Table != "users" || ne.Rows != 1 || !strings.Contains(err.Error(), "table users has 1 row;") {
		t.Fatalf("err %v, want the users table named with its 1 row", err)
	}
	var users, banks int64
	dst.read(ctx).Raw("SELECT COUNT(*) FROM users").Scan(&users)
	dst.read(ctx).Raw("SELECT COUNT(*) FROM banks").Scan(&banks)
	if users != 1 || banks != 0 {
		t.Errorf("after the refusal: %d users and %d banks, want the 1 user and no bank", users, banks)
	}
	if v, err := dst.SchemaVersion(ctx); err != nil || v != older {
		t.Errorf("after the refusal the schema is at %s (%v), want it left at %s", v, err, older)
	}
}

// A checksum that differs on one side is found, named, and the copy is
// rolled back.
func TestMigrateDBFindsAMismatchAndRollsBack(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "quizd.db")
	src, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	ada := mustUser(t, src, "ada")
	b := mustBank(t, src, smallBank("b", 3))
	answer(t, src, ada, b, "q1", srs.Good, t0)
	answer(t, src, ada, b, "q2", srs.Again, t0)
	src.Close()
	to := migrateTestDB(t)

	checksumHook = func(table string, row []any) {
		if table == "reviews" {
			row[len(row)-1] = int64(99) // one column of every review read back
		}
	}
	t.Cleanup(func() { checksumHook = nil })
	_, err = MigrateDB(ctx, MigrateConfig{From: path, To: to})
	var me *MismatchError
	if !errors.As(err, &me) || len(me.Problems) != 1 || !strings.Contains(me.Problems[0], "table reviews") || !strings.Contains(err.Error(), "rolled back") {
		t.Fatalf("err %v, want a mismatch of table reviews alone", err)
	}
	checksumHook = nil
	dst, err := Open(ctx, Config{Path: to})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	for _, table := range []string{"users", "banks", "questions", "cards", "reviews"} {
		var n int64
		dst.read(ctx).Raw("SELECT COUNT(*) FROM " + table).Scan(&n)
		if n != 0 {
			t.Errorf("table %s has %d rows after the rollback", table, n)
		}
	}
	// And without the fault the same copy goes through.
	if _, err := MigrateDB(ctx, MigrateConfig{From: path, To: to}); err != nil {
		t.Errorf("the copy after the rollback: %v", err)
	}
}

// A SQLite database older than the schema is brought up to date first,
// and says so.
func TestMigrateDBMigratesAnOlderSource(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	mustUser(t, s, "ada")
	if err := s.migrator(ctx).RollbackTo(migrations[len(migrations)-2].ID); err != nil {
		t.Fatal(err)
	}
	s.Close()
	res, err := MigrateDB(ctx, MigrateConfig{From: path, To: migrateTestDB(t)})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Migrated {
		t.Error("an older database was not reported as migrated")
	}
}

func TestMigrateDBRefusesWhatItCannotCopy(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a database at all, just some text\n"), 0o644)
	missing := filepath.Join(dir, "missing.db")
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"a text file", text, "postgres://127.0.0.1/x", "is not a SQLite database"},
		{"a missing file", missing, "postgres://127.0.0.1/x", "no such file or directory"},
		{"a folder", dir, "postgres://127.0.0.1/x", "is a folder"},
		{"from a PostgreSQL URL", "postgresql://127.0.0.1/x", "postgres://127.0.0.1/y", "is a PostgreSQL URL"},
		{"to a file", text, filepath.Join(dir, "copy.db"), "is not a PostgreSQL URL"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := MigrateDB(ctx, MigrateConfig{From: tc.from, To: tc.to})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err %v, want it to say %q", err, tc.want)
			}
		})
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Error("a missing --from was created")
	}
}

// A table in the SQLite file that the schema does not have is not skipped:
// the copy fails naming it, and PostgreSQL is left as it was.
func TestMigrateDBFailsOnATableItDoesNotKnow(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "quizd.db")
	src, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	mustUser(t, src, "ada")
	if err := src.w.Exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)").Error; err != nil {
		t.Fatal(err)
	}
	if err := src.w.Exec("INSERT INTO notes (body) VALUES ('kept by hand')").Error; err != nil {
		t.Fatal(err)
	}
	src.Close()
	to := migrateTestDB(t)
	_, err = MigrateDB(ctx, MigrateConfig{From: path, To: to})
	if err == nil || !strings.Contains(err.Error(), "has a table notes that the PostgreSQL schema lacks") {
		t.Fatalf("err %v, want the table notes named", err)
	}
	dst, err := Open(ctx, Config{Path: to})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	var users int64
	dst.read(ctx).Raw("SELECT COUNT(*) FROM users").Scan(&users)
	if users != 0 {
		t.Errorf("%d users copied by a copy that failed", users)
	}
}

// The SQLite file is read as it is, its last writes still in the WAL of
// a server that has it open, and left unchanged.
func TestMigrateDBReadsTheWALOfAnOpenDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "quizd.db")
	src, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	for _, n := range []string{"ada", "bob", "cyd"} {
		mustUser(t, src, n)
	}
	if info, err := os.Stat(path + "-wal"); err != nil || info.Size() == 0 {
		t.Fatalf("no writes in the WAL to read (%v)", err)
	}
	// The files as a crash leaves them, without a -shm: no process has
	// the database open.
	crashed := filepath.Join(t.TempDir(), "crashed.db")
	for _, ext := range []string{"", "-wal"} {
		data, err := os.ReadFile(path + ext)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(crashed+ext, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The open database's own checkpointer may copy its WAL into the file
	// at any time; the crashed one has no process but migrate-db's.
	before := [2][32]byte{fileSum(t, crashed), fileSum(t, crashed+"-wal")}
	for _, from := range []string{path, crashed} {
		res, err := MigrateDB(ctx, MigrateConfig{From: from, To: migrateTestDB(t)})
		if err != nil {
			t.Fatalf("%s: %v", filepath.Base(from), err)
		}
		for _, tc := range res.Tables {
			if tc.Table == "users" && tc.Rows != 3 {
				t.Errorf("%s: %d users copied, want the 3 in the WAL", filepath.Base(from), tc.Rows)
			}
		}
	}
	if ([2][32]byte{fileSum(t, crashed), fileSum(t, crashed+"-wal")}) != before {
		t.Error("the SQLite file or its WAL changed")
	}
	if _, err := src.CreateUser(ctx, "dee", "hash", Student); err != nil {
		t.Errorf("the server's next write after the copy: %v", err)
	}
}

// The rows the migrations write themselves (the cache epoch) do not make
// a database non-empty: the SQLite database's take their place. The same
// table with rows changed since is refused, and left as it was.
func TestMigrateDBReplacesTheMigrationsOwnRows(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "quizd.db")
	src, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	mustUser(t, src, "ada")
	if err := src.w.Exec("UPDATE cache_epochs SET n = 41").Error; err != nil {
		t.Fatal(err)
	}
	src.Close()
	epoch := func(s *Store) (n int64) {
		t.Helper()
		if err := s.read(ctx).Raw("SELECT n FROM cache_epochs").Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}

	opened := migrateTestDB(t)
	dst, err := Open(ctx, Config{Path: opened})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if _, err := MigrateDB(ctx, MigrateConfig{From: path, To: opened}); err != nil {
		t.Fatalf("into a database Open migrated: %v", err)
	}
	if n := epoch(dst); n != 41 {
		t.Errorf("the copy's cache epoch is %d, want the SQLite database's 41", n)
	}

	used := migrateTestDB(t)
	dst2, err := Open(ctx, Config{Path: used})
	if err != nil {
		t.Fatal(err)
	}
	defer dst2.Close()
	if err := dst2.w.Exec("UPDATE cache_epochs SET n = 7").Error; err != nil {
		t.Fatal(err)
	}
	_, err = MigrateDB(ctx, MigrateConfig{From: path, To: used})
	var ne *NotEmptyError
	if !errors.As(err, &ne) || ne.Table != "cache_epochs" {
		t.Fatalf("err %v, want cache_epochs named", err)
	}
	if n := epoch(dst2); n != 7 {
		t.Errorf("after the refusal the epoch is %d, want it left at 7", n)
	}
}
