// Package testdb gives each test a database of its own: a SQLite file in
// the test's temporary directory, or, when QUIZD_TEST_DB=postgres, a
// PostgreSQL database created for the test and dropped after it. It does
// not import storage, so that storage's own tests can use it.
//
// QUIZD_TEST_PG overrides the PostgreSQL server's URL (default
// postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable); the test
// databases are created on that server.
package testdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "github.com/mattn/go-sqlite3"    // the "sqlite3" database/sql driver
)

// Kind is the database the tests run on: "sqlite" or "postgres". It has
// the values of storage.Kind without importing it.
type Kind string

const (
	SQLite   Kind = "sqlite"
	Postgres Kind = "postgres"
)

// StartHint is the command that starts the machine's PostgreSQL.
const StartHint = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"

// Current is the database this test run uses, from QUIZD_TEST_DB.
func Current() Kind {
	if strings.EqualFold(os.Getenv("QUIZD_TEST_DB"), "postgres") {
		return Postgres
	}
	return SQLite
}

// Path is a fresh, empty database for t: a SQLite file path in
// t.TempDir(), or the URL of a PostgreSQL database created for t and
// dropped when t ends. Pass it to storage.Config.Path.
func Path(t testing.TB) string {
	t.Helper()
	if Current() == Postgres && !sqliteOnly(t) {
		return createPostgres(t, true)
	}
	return filepath.Join(t.TempDir(), "quizd.db")
}

// PostgresPath is a fresh PostgreSQL database for t whatever
// QUIZD_TEST_DB says, created and dropped as Path does: for the tests that
// are about PostgreSQL itself (several servers on one database, the
// database server restarted). t fails, saying how to start PostgreSQL,
// when the server does not answer.
func PostgresPath(t testing.TB) string {
	t.Helper()
	return createPostgres(t, true)
}

// EmptyPostgres is a PostgreSQL database for t with nothing in it, not
// even the migrated schema the other test databases copy: for the tests
// of what happens to a database never opened.
func EmptyPostgres(t testing.TB) string {
	t.Helper()
	return createPostgres(t, false)
}

// SQLiteOnly marks t as a test of SQLite itself (its file, its WAL, its
// locks): in the PostgreSQL pass too it runs on SQLite, Path giving it (and
// its subtests) a SQLite file, so that no test is skipped in either pass.
func SQLiteOnly(t testing.TB, why string) {
	t.Helper()
	if Current() == Postgres {
		t.Logf("on SQLite in the PostgreSQL pass too: %s", why)
		sqliteTests.Store(t.Name(), true)
		t.Cleanup(func() { sqliteTests.Delete(t.Name()) })
	}
}

// sqliteTests holds the names of the running tests marked SQLiteOnly.
var sqliteTests sync.Map

// sqliteOnly reports whether t, or a test it is a subtest of, is marked
// SQLiteOnly.
func sqliteOnly(t testing.TB) bool {
	name := t.Name()
	for {
		if _, ok := sqliteTests.Load(name); ok {
			return true
		}
		i := strings.LastIndexByte(name, '/')
		if i < 0 {
			return false
		}
		name = name[:i]
	}
}

// Open opens path (from Path) with database/sql and the right driver, for
// tests that check or change rows below storage. Write placeholders as
// $1, $2…: both databases take them.
func Open(t testing.TB, path string) *sql.DB {
	t.Helper()
	driver := "sqlite3"
	if isURL(path) {
		driver = "pgx"
	}
	db, err := sql.Open(driver, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// LockWrites holds, from a connection of its own, what a writer of
// another process would hold: SQLite's write lock on the file, or on
// PostgreSQL an EXCLUSIVE lock on every table (reads go on, writes wait).
// The returned release, also run when t ends, lets the writers through.
func LockWrites(t testing.TB, path string) (release func()) {
	t.Helper()
	ctx := context.Background()
	db := Open(t, path)
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if isURL(path) {
		var tables string
		err = conn.QueryRowContext(ctx, "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables WHERE schemaname = current_schema()").Scan(&tables)
		if err == nil {
			_, err = conn.ExecContext(ctx, "BEGIN")
		}
		if err == nil {
			_, err = conn.ExecContext(ctx, "LOCK TABLE "+tables+" IN EXCLUSIVE MODE")
		}
	} else {
		_, err = conn.ExecContext(ctx, "BEGIN IMMEDIATE")
	}
	if err != nil {
		conn.Close()
		t.Fatalf("testdb: lock the database for writes: %v", err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			conn.ExecContext(context.Background(), "ROLLBACK")
			conn.Close()
		})
	}
	t.Cleanup(release)
	return release
}

func isURL(path string) bool {
	return strings.HasPrefix(path, "postgres://") || strings.HasPrefix(path, "postgresql://")
}

// ServerURL is the PostgreSQL server the test databases are created on.
func ServerURL() string {
	if u := os.Getenv("QUIZD_TEST_PG"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

var (
	adminOnce sync.Once
	admin     *sql.DB
	adminErr  error
	seq       atomic.Int64

	prepare      func(url string) error
	templateOnce sync.Once
	template     string // the migrated database each test's is a copy of
	templateErr  error
	drops        sync.WaitGroup
)

// Main runs a package's tests (call it from TestMain). On PostgreSQL,
// prepare (which opens and migrates the database at url, then closes it)
// makes a template first, so that each test's database is a copy of a
// migrated one rather than migrated again: the same schema in a tenth of
// the time. Databases left by test processes that were killed are dropped
// first, and the template when the tests end.
func Main(m *testing.M, prep func(url string) error) int {
	prepare = prep
	if Current() == Postgres {
		dropOrphans()
	}
	code := m.Run()
	drops.Wait()
	if template != "" {
		if db, err := server(); err == nil {
			db.Exec("DROP DATABASE IF EXISTS " + template + " WITH (FORCE)")
		}
	}
	return code
}

// dropOrphans drops the test databases of processes that no longer run.
func dropOrphans() {
	db, err := server()
	if err != nil {
		return // each test says why
	}
	rows, err := db.Query("SELECT datname FROM pg_database WHERE datname LIKE 'quizd\\_t\\_%'")
	if err != nil {
		return
	}
	var names []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil {
			names = append(names, name)
		}
	}
	rows.Close()
	for _, name := range names {
		var pid int
		if _, err := fmt.Sscanf(name, "quizd_t_%d_", &pid); err != nil || pid == os.Getpid() {
			continue
		}
		if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err == nil || !errors.Is(err, fs.ErrNotExist) {
			continue // running, or not known to be gone
		}
		db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	}
}

// templateFor makes, once per process, the migrated database that test
// databases copy; "" when no Main set prepare.
func templateFor(db *sql.DB) (string, error) {
	templateOnce.Do(func() {
		if prepare == nil {
			return
		}
		name := fmt.Sprintf("quizd_t_%d_template", os.Getpid())
		if _, err := db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"); err != nil {
			templateErr = err
			return
		}
		if _, err := db.Exec("CREATE DATABASE " + name); err != nil {
			templateErr = err
			return
		}
		if err := prepare(databaseURL(name)); err != nil {
			templateErr = fmt.Errorf("migrate the template %s: %w", name, err)
			return
		}
		template = name
	})
	return template, templateErr
}

// databaseURL is the URL of a database on the test server.
func databaseURL(name string) string {
	u, err := url.Parse(ServerURL())
	if err != nil {
		panic(fmt.Sprintf("testdb: QUIZD_TEST_PG is not a URL: %v", err))
	}
	u.Path = "/" + name
	return u.String()
}

// server is the connection to the server's maintenance database, shared
// by every test of the process.
func server() (*sql.DB, error) {
	adminOnce.Do(func() {
		db, err := sql.Open("pgx", ServerURL())
		if err != nil {
			adminErr = err
			return
		}
		db.SetMaxOpenConns(4)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := db.PingContext(ctx); err != nil {
			db.Close()
			adminErr = err
			return
		}
		admin = db
	})
	return admin, adminErr
}

// Reachable reports whether the PostgreSQL server answers, with the
// reason when it does not.
func Reachable() error {
	_, err := server()
	return err
}

func createPostgres(t testing.TB, migrated bool) string {
	t.Helper()
	db, err := server()
	if err != nil {
		if Current() != Postgres {
			t.Fatalf("This test needs PostgreSQL, and PostgreSQL at %s did not answer (%v): start it with `%s`, or set QUIZD_TEST_PG to a server that runs.", redacted(ServerURL()), err, StartHint)
		}
		t.Fatalf("QUIZD_TEST_DB=postgres, but PostgreSQL at %s did not answer (%v): start it with `%s`, or unset QUIZD_TEST_DB to run on SQLite.", redacted(ServerURL()), err, StartHint)
	}
	name := fmt.Sprintf("quizd_t_%d_%d", os.Getpid(), seq.Add(1))
	ctx := context.Background()
	// A database left by a killed run of a process with the same id.
	if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		t.Fatalf("testdb: drop the old %s: %v", name, err)
	}
	tpl := ""
	if migrated {
		if tpl, err = templateFor(db); err != nil {
			t.Fatalf("testdb: %v", err)
		}
	}
	create := "CREATE DATABASE " + name
	if tpl != "" {
		create += " TEMPLATE " + tpl
	}
	if _, err := db.ExecContext(ctx, create); err != nil {
		t.Fatalf("testdb: create %s: %v", name, err)
	}
	t.Cleanup(func() {
		drop := func() error {
			_, err := db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			return err
		}
		if prepare == nil {
			if err := drop(); err != nil {
				t.Errorf("testdb: drop %s: %v", name, err)
			}
			return
		}
		// Main waits for the drop: the next test need not.
		drops.Go(func() {
			if err := drop(); err != nil {
				fmt.Fprintf(os.Stderr, "testdb: drop %s: %v\n", name, err)
			}
		})
	})
	return databaseURL(name)
}

func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "QUIZD_TEST_PG"
	}
	return u.Redacted()
}
