package storage

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// Moving a deployment from SQLite to PostgreSQL: MigrateDB copies every
// table of a SQLite database into an empty PostgreSQL database that Open
// has migrated to the same schema, in one PostgreSQL transaction, and
// commits only once the row counts and a checksum of every table agree on
// both sides.

// MigrateConfig says what MigrateDB copies where.
type MigrateConfig struct {
	// From is the SQLite file, To the PostgreSQL URL.
	From, To string
	// Progress, when set, is told how far the copy of each table is: once
	// when a table starts (Done 0), after every batch, and when it ends.
	Progress func(TableProgress)
	// Batch is how many rows one COPY statement carries (default 10000).
	Batch int
}

// TableProgress is how far the copy of one table is.
type TableProgress struct {
	Table       string
	Done, Total int64
}

// TableCopy is one table copied: its rows and its checksum, the same on
// both sides.
type TableCopy struct {
	Table    string
	Rows     int64
	Checksum string
}

// MigrateResult is what MigrateDB copied, in the order it copied it.
type MigrateResult struct {
	Tables []TableCopy
	Rows   int64
	// Migrated is true when the SQLite database was older than the
	// schema and Open brought it up to date first.
	Migrated bool
}

// NotEmptyError is the refusal of a PostgreSQL database that holds rows
// already.
type NotEmptyError struct {
	Table string
	Rows  int64
}

func (e *NotEmptyError) Error() string {
	return fmt.Sprintf("the PostgreSQL database is not empty: table %s has %s; migrate-db copies into an empty database only, so create a new one (createdb quizd) and give its URL, nothing was changed", e.Table, rowCount(e.Rows))
}

// MismatchError says which tables differ between the SQLite database and
// the copy: the copy was rolled back.
type MismatchError struct {
	Problems []string
}

func (e *MismatchError) Error() string {
	return "the copy differs from the SQLite database (" + strings.Join(e.Problems, "; ") + "), so it was rolled back and the PostgreSQL database is left empty: report this as a bug with the tables named"
}

func rowCount(n int64) string {
	if n == 1 {
		return "1 row"
	}
	return fmt.Sprintf("%d rows", n)
}

// schemaTable is the migrations' bookkeeping: Open writes it on both
// sides, so it is not copied.
const schemaTable = "schema_migrations"

// sqliteMagic opens every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// checksumHook, when set by a test, sees every row read back from
// PostgreSQL before it is added to the checksum, and may change it.
var checksumHook func(table string, row []any)

// MigrateDB copies the SQLite database cfg.From into the empty PostgreSQL
// database cfg.To. The SQLite file is read through a read-only connection;
// only when its schema is older than this quizd's does Open migrate it
// first. PostgreSQL gets the schema from Open, then every row in one
// transaction, tables in foreign-key order, ids kept and sequences moved
// past them; nothing is committed unless the counts and checksums agree.
func MigrateDB(ctx context.Context, cfg MigrateConfig) (*MigrateResult, error) {
	if IsPostgresURL(cfg.From) {
		return nil, fmt.Errorf("storage: migrate-db: --from %s is a PostgreSQL URL: give the SQLite database file to copy from", redactURL(cfg.From))
	}
	if !IsPostgresURL(cfg.To) {
		return nil, fmt.Errorf("storage: migrate-db: --to %q is not a PostgreSQL URL: give one that starts with postgres:// or postgresql://", cfg.To)
	}
	if cfg.Batch <= 0 {
		cfg.Batch = 10000
	}
	if err := checkSQLiteFile(cfg.From); err != nil {
		return nil, err
	}
	conn, err := pgx.Connect(ctx, cfg.To)
	if err != nil {
		return nil, fmt.Errorf("storage: migrate-db: connect to %s: %w: is PostgreSQL running, and does the database exist?", redactURL(cfg.To), err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	fresh, err := openFresh(ctx)
	if err != nil {
		return nil, err
	}
	defer fresh.close()
	// Refused before either Open, which would migrate the schema of an
	// older quizd database: a database with rows is left exactly as it
	// was, and so is the SQLite file. copyAll checks again, under a lock.
	if err := checkEmpty(ctx, conn, fresh.counts); err != nil {
		return nil, err
	}
	src, migrated, err := openSource(ctx, cfg.From)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	dst, err := Open(ctx, Config{Path: cfg.To})
	if err != nil {
		return nil, err
	}
	dst.Close()
	res, err := copyAll(ctx, src, fresh, conn, cfg)
	if err != nil {
		return nil, err
	}
	res.Migrated = migrated
	return res, nil
}

// checkSQLiteFile refuses a path that is not a SQLite database, before
// anything could create one there.
func checkSQLiteFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("storage: migrate-db: --from %s: %w: give the SQLite database file quizd ran on", path, pathCause(err))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return fmt.Errorf("storage: migrate-db: --from %s is a folder: give the SQLite database file quizd ran on", path)
	}
	head := make([]byte, len(sqliteMagic))
	if _, err := io.ReadFull(f, head); err != nil || string(head) != sqliteMagic {
		return fmt.Errorf("storage: migrate-db: --from %s is not a SQLite database: give the database file quizd ran on (its --db)", path)
	}
	return nil
}

// openSource opens the SQLite file read-only. A database older than the
// schema is migrated by Open first (the one write migrate-db makes to
// it); one with migrations this quizd does not know is refused.
func openSource(ctx context.Context, path string) (*sql.DB, bool, error) {
	db, err := openReadOnly(path)
	if err != nil {
		return nil, false, err
	}
	applied, err := appliedMigrations(ctx, db)
	if err != nil {
		db.Close()
		return nil, false, fmt.Errorf("storage: migrate-db: read the schema of %s: %w", path, err)
	}
	known := map[string]bool{}
	for _, m := range migrations {
		known[m.ID] = true
	}
	for _, id := range applied {
		if !known[id] {
			db.Close()
			return nil, false, fmt.Errorf("storage: migrate-db: %s has schema step %s, newer than this quizd: run the migration with the quizd release that wrote it", path, id)
		}
	}
	if len(applied) == len(migrations) {
		return db, false, nil
	}
	db.Close()
	st, err := Open(ctx, Config{Path: path})
	if err != nil {
		return nil, false, err
	}
	st.Close()
	db, err = openReadOnly(path)
	return db, true, err
}

func openReadOnly(path string) (*sql.DB, error) {
	q := url.Values{}
	q.Set("mode", "ro")
	q.Set("_busy_timeout", fmt.Sprint(busyTimeout.Milliseconds()))
	q.Set("_query_only", "true")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("storage: migrate-db: open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("storage: migrate-db: open %s read-only: %w", path, err)
	}
	return db, nil
}

// appliedMigrations are the schema steps a SQLite database has; none for
// a database quizd never opened.
func appliedMigrations(ctx context.Context, db *sql.DB) ([]string, error) {
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?", schemaTable).Scan(&n); err != nil || n == 0 {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, "SELECT id FROM "+schemaTable)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// colKind is how a column's values are read, written and checksummed,
// from its PostgreSQL type.
type colKind byte

const (
	kindBool colKind = 'B'
	kindInt  colKind = 'I'
	kindReal colKind = 'R'
	kindText colKind = 'S'
	kindData colKind = 'X'
	kindTime colKind = 'D'
)

var kindOfType = map[string]colKind{
	"boolean":  kindBool,
	"smallint": kindInt, "integer": kindInt, "bigint": kindInt,
	"numeric": kindReal, "double precision": kindReal, "real": kindReal,
	"text": kindText, "character varying": kindText, "character": kindText,
	"bytea":                    kindData,
	"timestamp with time zone": kindTime, "timestamp without time zone": kindTime, "date": kindTime,
}

// copyTable is one table to copy: its columns as PostgreSQL has them.
type copyTable struct {
	name  string
	cols  []string
	kinds []colKind
	total int64
	sum   checksum
}

// copyAll runs the copy in one PostgreSQL transaction and one SQLite read
// transaction, so that the copy is the SQLite database at one instant.
func copyAll(ctx context.Context, src *sql.DB, fresh *freshDB, conn *pgx.Conn, cfg MigrateConfig) (*MigrateResult, error) {
	stx, err := src.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("storage: migrate-db: read %s: %w", cfg.From, err)
	}
	defer stx.Rollback()
	tx, err := conn.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("storage: migrate-db: begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	tables, err := planCopy(ctx, stx, tx, fresh)
	if err != nil {
		return nil, err
	}
	res := &MigrateResult{}
	for _, t := range tables {
		if err := copyRows(ctx, stx, tx, t, cfg); err != nil {
			return nil, err
		}
		res.Rows += t.total
	}
	if err := resetSequences(ctx, tx, tables); err != nil {
		return nil, err
	}
	var problems []string
	for _, t := range tables {
		n, sum, err := targetChecksum(ctx, tx, t)
		if err != nil {
			return nil, err
		}
		switch {
		case n != t.total:
			problems = append(problems, fmt.Sprintf("table %s has %d rows in SQLite and %d in PostgreSQL", t.name, t.total, n))
		case sum != t.sum:
			problems = append(problems, fmt.Sprintf("table %s: the checksum of its %d rows is %s in SQLite and %s in PostgreSQL", t.name, n, t.sum, sum))
		}
		res.Tables = append(res.Tables, TableCopy{Table: t.name, Rows: t.total, Checksum: t.sum.String()})
	}
	if len(problems) > 0 {
		return nil, &MismatchError{Problems: problems}
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("storage: migrate-db: commit: %w", err)
	}
	return res, nil
}

// planCopy lists the tables of both schemas, refuses any that one side
// lacks or whose columns differ, locks the PostgreSQL tables against
// writers, refuses a database with rows other than those the migrations
// write (and deletes those, for the SQLite database's own to take their
// place), and orders the tables so that every table comes after those it
// refers to.
func planCopy(ctx context.Context, stx *sql.Tx, tx pgx.Tx, fresh *freshDB) ([]*copyTable, error) {
	pgCols, err := postgresColumns(ctx, tx)
	if err != nil {
		return nil, err
	}
	liteCols, err := sqliteColumns(ctx, stx)
	if err != nil {
		return nil, err
	}
	delete(pgCols, schemaTable)
	delete(liteCols, schemaTable)
	for name := range liteCols {
		if _, ok := pgCols[name]; !ok {
			return nil, fmt.Errorf("storage: migrate-db: the SQLite database has a table %s that the PostgreSQL schema lacks: migrate-db copies quizd's tables only, so drop it from a copy of the file or add it by a migration", name)
		}
	}
	var names []string
	for name := range pgCols {
		if _, ok := liteCols[name]; !ok {
			return nil, fmt.Errorf("storage: migrate-db: the PostgreSQL schema has a table %s that the SQLite database lacks: the two schemas differ, so check that both were migrated by this quizd", name)
		}
		names = append(names, name)
	}
	slices.Sort(names)
	quoted := make([]string, len(names))
	for i, n := range names {
		quoted[i] = pgx.Identifier{n}.Sanitize()
	}
	// A quizd serving the target would write between the check and the
	// copy: the lock makes it wait, or makes this fail after a while.
	if _, err := tx.Exec(ctx, "SET LOCAL lock_timeout = '10s'"); err != nil {
		return nil, fmt.Errorf("storage: migrate-db: %w", err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE "+strings.Join(quoted, ", ")+" IN EXCLUSIVE MODE"); err != nil {
		return nil, fmt.Errorf("storage: migrate-db: lock the PostgreSQL tables (is a quizd serving that database? stop it first): %w", err)
	}
	if err := checkEmpty(ctx, tx, fresh.counts); err != nil {
		return nil, err
	}
	byName := map[string]*copyTable{}
	for _, name := range names {
		t := &copyTable{name: name}
		for _, c := range pgCols[name] {
			if !slices.Contains(liteCols[name], c.name) {
				return nil, fmt.Errorf("storage: migrate-db: table %s has a column %s in PostgreSQL that the SQLite database lacks: the two schemas differ, so check that both were migrated by this quizd", name, c.name)
			}
			k, ok := kindOfType[c.typ]
			if !ok {
				return nil, fmt.Errorf("storage: migrate-db: table %s, column %s: migrate-db does not know how to copy the PostgreSQL type %s: teach storage/migrate_db.go the type", name, c.name, c.typ)
			}
			t.cols, t.kinds = append(t.cols, c.name), append(t.kinds, k)
		}
		for _, c := range liteCols[name] {
			if !slices.Contains(t.cols, c) {
				return nil, fmt.Errorf("storage: migrate-db: table %s has a column %s in the SQLite database that PostgreSQL lacks: the two schemas differ, so check that both were migrated by this quizd", name, c)
			}
		}
		if err := stx.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdent(name)).Scan(&t.total); err != nil {
			return nil, fmt.Errorf("storage: migrate-db: count table %s in SQLite: %w", name, err)
		}
		byName[name] = t
	}
	for _, name := range names {
		if fresh.counts[name] > 0 {
			if err := replaceMigrationRows(ctx, tx, fresh, byName[name]); err != nil {
				return nil, err
			}
		}
	}
	deps, err := postgresReferences(ctx, tx)
	if err != nil {
		return nil, err
	}
	return foreignKeyOrder(names, deps, byName)
}

// pgQuerier is a connection or a transaction.
type pgQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// checkEmpty refuses a PostgreSQL database with a row in any table but
// the migrations' own, beyond the rows the migrations write (seeded, by
// table), naming the first such table by name.
func checkEmpty(ctx context.Context, q pgQuerier, seeded map[string]int64) error {
	rows, err := q.Query(ctx, "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> $1 ORDER BY table_name", schemaTable)
	if err != nil {
		return fmt.Errorf("storage: migrate-db: list the PostgreSQL tables: %w", err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("storage: migrate-db: list the PostgreSQL tables: %w", err)
	}
	for _, name := range names {
		var n int64
		if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM "+pgx.Identifier{name}.Sanitize()).Scan(&n); err != nil {
			return fmt.Errorf("storage: migrate-db: count table %s in PostgreSQL: %w", name, err)
		}
		if n > seeded[name] {
			return &NotEmptyError{Table: name, Rows: n}
		}
	}
	return nil
}

// freshDB is a new SQLite database, migrated in a temporary folder: the
// rows the migrations themselves write (the cache epoch, for one), which
// an empty PostgreSQL database has too once Open migrated it.
type freshDB struct {
	db     *sql.DB
	dir    string
	counts map[string]int64 // rows by table, for the tables with any
}

func openFresh(ctx context.Context) (*freshDB, error) {
	dir, err := os.MkdirTemp("", "quizd-migrate-db-")
	if err != nil {
		return nil, fmt.Errorf("storage: migrate-db: %w", err)
	}
	f := &freshDB{dir: dir, counts: map[string]int64{}}
	path := filepath.Join(dir, "new.db")
	st, err := Open(ctx, Config{Path: path})
	if err != nil {
		f.close()
		return nil, err
	}
	st.Close()
	if f.db, err = openReadOnly(path); err != nil {
		f.close()
		return nil, err
	}
	rows, err := f.db.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> ?", schemaTable)
	if err != nil {
		f.close()
		return nil, fmt.Errorf("storage: migrate-db: read a new database: %w", err)
	}
	var names []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			f.close()
			return nil, fmt.Errorf("storage: migrate-db: read a new database: %w", err)
		}
		names = append(names, name)
	}
	rows.Close()
	for _, name := range names {
		var n int64
		if err := f.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+quoteIdent(name)).Scan(&n); err != nil {
			f.close()
			return nil, fmt.Errorf("storage: migrate-db: read a new database: %w", err)
		}
		if n > 0 {
			f.counts[name] = n
		}
	}
	return f, nil
}

func (f *freshDB) close() {
	if f.db != nil {
		f.db.Close()
	}
	os.RemoveAll(f.dir)
}

// replaceMigrationRows deletes, in the copy's transaction, the rows the
// migrations wrote into a PostgreSQL table, for the SQLite database's own
// to take their place; rows that differ from what the migrations write
// were written by something else, and the database is refused.
func replaceMigrationRows(ctx context.Context, tx pgx.Tx, fresh *freshDB, t *copyTable) error {
	n, got, err := targetChecksum(ctx, tx, t)
	if err != nil || n == 0 {
		return err
	}
	rows, err := fresh.db.QueryContext(ctx, "SELECT "+sqliteColumnList(t)+" FROM "+quoteIdent(t.name))
	if err != nil {
		return fmt.Errorf("storage: migrate-db: read a new database's table %s: %w", t.name, err)
	}
	defer rows.Close()
	raw, ptrs := scanTargets(len(t.cols))
	row := make([]any, len(t.cols))
	var want checksum
	var enc rowEncoder
	var wantN int64
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("storage: migrate-db: read a new database's table %s: %w", t.name, err)
		}
		for i, v := range raw {
			if row[i], err = normalize(t.kinds[i], v); err != nil {
				return fmt.Errorf("storage: migrate-db: read a new database's table %s, column %s: %w", t.name, t.cols[i], err)
			}
		}
		want.add(enc.encode(t.kinds, row))
		wantN++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("storage: migrate-db: read a new database's table %s: %w", t.name, err)
	}
	if n != wantN || got != want {
		return &NotEmptyError{Table: t.name, Rows: n}
	}
	if _, err := tx.Exec(ctx, "DELETE FROM "+pgx.Identifier{t.name}.Sanitize()); err != nil {
		return fmt.Errorf("storage: migrate-db: clear table %s of the rows its migration wrote: %w", t.name, err)
	}
	return nil
}

// sqliteColumnList is the quoted column list of a table, for SQLite.
func sqliteColumnList(t *copyTable) string {
	quoted := make([]string, len(t.cols))
	for i, c := range t.cols {
		quoted[i] = quoteIdent(c)
	}
	return strings.Join(quoted, ", ")
}

// scanTargets are n values and the pointers to scan a row into them.
func scanTargets(n int) ([]any, []any) {
	raw := make([]any, n)
	ptrs := make([]any, n)
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	return raw, ptrs
}

type pgColumn struct{ name, typ string }

// postgresColumns are the columns of every table of the current schema,
// in their order.
func postgresColumns(ctx context.Context, tx pgx.Tx) (map[string][]pgColumn, error) {
	rows, err := tx.Query(ctx, `SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name IN
			(SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')
		ORDER BY table_name, ordinal_position`)
	if err != nil {
		return nil, fmt.Errorf("storage: migrate-db: read the PostgreSQL schema: %w", err)
	}
	defer rows.Close()
	out := map[string][]pgColumn{}
	for rows.Next() {
		var table string
		var c pgColumn
		if err := rows.Scan(&table, &c.name, &c.typ); err != nil {
			return nil, fmt.Errorf("storage: migrate-db: read the PostgreSQL schema: %w", err)
		}
		out[table] = append(out[table], c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: migrate-db: read the PostgreSQL schema: %w", err)
	}
	return out, nil
}

// sqliteColumns are the column names of every table of the SQLite
// database but SQLite's own.
func sqliteColumns(ctx context.Context, stx *sql.Tx) (map[string][]string, error) {
	rows, err := stx.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY m.name, p.cid`)
	if err != nil {
		return nil, fmt.Errorf("storage: migrate-db: read the SQLite schema: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return nil, fmt.Errorf("storage: migrate-db: read the SQLite schema: %w", err)
		}
		out[table] = append(out[table], col)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("storage: migrate-db: read the SQLite schema: %w", err)
	}
	return out, nil
}

// postgresReferences maps each table to the tables its foreign keys
// refer to.
func postgresReferences(ctx context.Context, tx pgx.Tx) (map[string][]string, error) {
	rows, err := tx.Query(ctx, `SELECT c.relname, r.relname FROM pg_constraint k
		JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class r ON r.oid = k.confrelid
		WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace`)
	if err != nil {
		return nil, fmt.Errorf("storage: migrate-db: read the foreign keys: %w", err)
	}
	defer rows.Close()
	deps := map[string][]string{}
	for rows.Next() {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			return nil, fmt.Errorf("storage: migrate-db: read the foreign keys: %w", err)
		}
		if from != to {
			deps[from] = append(deps[from], to)
		}
	}
	return deps, rows.Err()
}

// foreignKeyOrder puts every table after the tables it refers to, by
// name among those ready at once, so that the order is the same on every
// run.
func foreignKeyOrder(names []string, deps map[string][]string, byName map[string]*copyTable) ([]*copyTable, error) {
	done := map[string]bool{}
	var out []*copyTable
	for len(out) < len(names) {
		progressed := false
		for _, n := range names {
			if done[n] {
				continue
			}
			ready := true
			for _, d := range deps[n] {
				if _, ours := byName[d]; ours && !done[d] {
					ready = false
				}
			}
			if ready {
				done[n] = true
				out = append(out, byName[n])
				progressed = true
			}
		}
		if !progressed {
			var left []string
			for _, n := range names {
				if !done[n] {
					left = append(left, n)
				}
			}
			return nil, fmt.Errorf("storage: migrate-db: the foreign keys of tables %s refer to each other in a cycle: migrate-db can't order them", strings.Join(left, ", "))
		}
	}
	return out, nil
}

// copyRows streams one table from SQLite into PostgreSQL, one COPY per
// batch, adding every row to the table's checksum on the way.
func copyRows(ctx context.Context, stx *sql.Tx, tx pgx.Tx, t *copyTable, cfg MigrateConfig) error {
	report := func(done int64) {
		if cfg.Progress != nil {
			cfg.Progress(TableProgress{Table: t.name, Done: done, Total: t.total})
		}
	}
	report(0)
	rows, err := stx.QueryContext(ctx, "SELECT "+sqliteColumnList(t)+" FROM "+quoteIdent(t.name))
	if err != nil {
		return fmt.Errorf("storage: migrate-db: read table %s: %w", t.name, err)
	}
	defer rows.Close()
	raw, ptrs := scanTargets(len(t.cols))
	row := make([]any, len(t.cols))
	var enc rowEncoder
	var copied int64
	more := true
	for more {
		inBatch := 0
		src := pgx.CopyFromFunc(func() ([]any, error) {
			if inBatch == cfg.Batch || !rows.Next() {
				if inBatch < cfg.Batch {
					more = false
				}
				return nil, rows.Err()
			}
			if err := rows.Scan(ptrs...); err != nil {
				return nil, err
			}
			for i, v := range raw {
				nv, err := normalize(t.kinds[i], v)
				if err != nil {
					return nil, fmt.Errorf("row %d, column %s: %w", copied+int64(inBatch)+1, t.cols[i], err)
				}
				row[i] = nv
			}
			t.sum.add(enc.encode(t.kinds, row))
			inBatch++
			return row, nil
		})
		n, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.cols, src)
		if err != nil {
			return fmt.Errorf("storage: migrate-db: copy table %s: %w", t.name, err)
		}
		copied += n
		report(copied)
	}
	if copied != t.total {
		return fmt.Errorf("storage: migrate-db: copy table %s: %d rows read of the %d counted: was another program writing to the SQLite file?", t.name, copied, t.total)
	}
	return nil
}

// resetSequences moves every sequence that numbers a column past the
// largest id copied, so that the next row PostgreSQL numbers is new.
func resetSequences(ctx context.Context, tx pgx.Tx, tables []*copyTable) error {
	for _, t := range tables {
		for _, c := range t.cols {
			var seq *string
			if err := tx.QueryRow(ctx, "SELECT pg_get_serial_sequence($1, $2)", pgx.Identifier{t.name}.Sanitize(), c).Scan(&seq); err != nil {
				return fmt.Errorf("storage: migrate-db: find the sequence of %s.%s: %w", t.name, c, err)
			}
			if seq == nil {
				continue
			}
			col, table := pgx.Identifier{c}.Sanitize(), pgx.Identifier{t.name}.Sanitize()
			q := fmt.Sprintf("SELECT setval($1, COALESCE(MAX(%s), 1), MAX(%s) IS NOT NULL) FROM %s", col, col, table)
			if _, err := tx.Exec(ctx, q, *seq); err != nil {
				return fmt.Errorf("storage: migrate-db: reset the sequence of %s.%s: %w", t.name, c, err)
			}
		}
	}
	return nil
}

// targetChecksum reads a table back from PostgreSQL, in the transaction
// that wrote it, and checksums it as the SQLite rows were.
func targetChecksum(ctx context.Context, tx pgx.Tx, t *copyTable) (int64, checksum, error) {
	quoted := make([]string, len(t.cols))
	for i, c := range t.cols {
		quoted[i] = pgx.Identifier{c}.Sanitize()
	}
	rows, err := tx.Query(ctx, "SELECT "+strings.Join(quoted, ", ")+" FROM "+pgx.Identifier{t.name}.Sanitize())
	if err != nil {
		return 0, checksum{}, fmt.Errorf("storage: migrate-db: read back table %s: %w", t.name, err)
	}
	defer rows.Close()
	var sum checksum
	var enc rowEncoder
	var n int64
	row := make([]any, len(t.cols))
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			return 0, checksum{}, fmt.Errorf("storage: migrate-db: read back table %s: %w", t.name, err)
		}
		for i, v := range vals {
			if row[i], err = normalize(t.kinds[i], v); err != nil {
				return 0, checksum{}, fmt.Errorf("storage: migrate-db: read back table %s, column %s: %w", t.name, t.cols[i], err)
			}
		}
		if checksumHook != nil {
			checksumHook(t.name, row)
		}
		sum.add(enc.encode(t.kinds, row))
		n++
	}
	if err := rows.Err(); err != nil {
		return 0, checksum{}, fmt.Errorf("storage: migrate-db: read back table %s: %w", t.name, err)
	}
	return n, sum, nil
}

// normalize turns a value as either driver gives it into the one Go value
// of its column's kind: bool, int64, float64, string, []byte, or a UTC
// time.Time in whole microseconds (PostgreSQL's precision); nil for NULL.
// SQLite gives a boolean as an integer and may give text for bytes;
// PostgreSQL gives numeric as pgtype.Numeric and small integers as int16.
func normalize(k colKind, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch k {
	case kindBool:
		switch x := v.(type) {
		case bool:
			return x, nil
		case int64:
			return x != 0, nil
		}
	case kindInt:
		switch x := v.(type) {
		case int64:
			return x, nil
		case int32:
			return int64(x), nil
		case int16:
			return int64(x), nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		}
	case kindReal:
		switch x := v.(type) {
		case float64:
			return x, nil
		case float32:
			return float64(x), nil
		case int64:
			return float64(x), nil
		case pgtype.Numeric:
			f, err := x.Float64Value()
			if err != nil {
				return nil, err
			}
			return f.Float64, nil
		}
	case kindText:
		switch x := v.(type) {
		case string:
			return x, nil
		case []byte:
			return string(x), nil
		}
	case kindData:
		switch x := v.(type) {
		case []byte:
			return bytes.Clone(x), nil
		case string:
			return []byte(x), nil
		}
	case kindTime:
		switch x := v.(type) {
		case time.Time:
			return x.UTC().Truncate(time.Microsecond), nil
		case string, int64:
			t, err := sqliteTime(x)
			return t.Truncate(time.Microsecond), err
		}
	}
	return nil, fmt.Errorf("a %T where a %s was expected", v, kindName[k])
}

var kindName = map[colKind]string{kindBool: "boolean", kindInt: "integer", kindReal: "number", kindText: "text", kindData: "byte string", kindTime: "time"}

// rowEncoder writes a normalised row as bytes that say each value's kind
// and its value exactly, and hashes them.
type rowEncoder struct {
	buf []byte
}

func (e *rowEncoder) encode(kinds []colKind, row []any) [sha256.Size]byte {
	b := e.buf[:0]
	for i, v := range row {
		if v == nil {
			b = append(b, 'N')
			continue
		}
		b = append(b, byte(kinds[i]))
		switch x := v.(type) {
		case bool:
			if x {
				b = append(b, 1)
			} else {
				b = append(b, 0)
			}
		case int64:
			b = binary.BigEndian.AppendUint64(b, uint64(x))
		case float64:
			b = binary.BigEndian.AppendUint64(b, math.Float64bits(x))
		case string:
			b = binary.BigEndian.AppendUint64(b, uint64(len(x)))
			b = append(b, x...)
		case []byte:
			b = binary.BigEndian.AppendUint64(b, uint64(len(x)))
			b = append(b, x...)
		case time.Time:
			b = binary.BigEndian.AppendUint64(b, uint64(x.UnixMicro()))
		}
	}
	e.buf = b
	return sha256.Sum256(b)
}

// checksum is a table's rows' hashes added up: the same whatever order
// the rows are read in (PostgreSQL and SQLite need not agree on one), and
// changed by any change to any row.
type checksum struct{ hi, lo uint64 }

func (c *checksum) add(h [sha256.Size]byte) {
	c.hi += binary.BigEndian.Uint64(h[0:8])
	c.lo += binary.BigEndian.Uint64(h[8:16])
}

func (c checksum) String() string { return fmt.Sprintf("%016x%016x", c.hi, c.lo) }

// quoteIdent quotes a SQLite identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
