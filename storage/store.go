// Package storage is the only package that talks to the database: GORM
// rows, numbered migrations, repositories and transactions, and the
// persisted progress of every student.
//
// SQLite is set up for a server: WAL, a busy timeout, foreign keys,
// immediate write transactions on one connection and a pool of readers, so
// that concurrent writers queue instead of failing with "database is
// locked". A checkpointer goroutine copies the WAL into the database in
// the background (sqlite_checkpoint.go), so that no commit does it.
// Queries stay within what GORM writes portably; SQLite-only settings live
// in Open alone.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Errors a caller may act on.
var (
	ErrNotFound = errors.New("not found")
	ErrExists   = errors.New("already exists")
	// ErrConflict means the row changed since the caller read it: a second
	// submit of the same answer, for one.
	ErrConflict = errors.New("changed since it was read")
)

// Config says where the database is.
type Config struct {
	// Path is the SQLite file, created when missing, or a PostgreSQL URL
	// (postgres://… or postgresql://…) of a database that exists.
	Path string
	// Readers is the size of the read pool (default: twice the CPUs, at least 4).
	Readers int
	// MinFree is the free space, in bytes, below which Probe's disk check
	// fails (default 64 MiB).
	MinFree int64
}

// Store is the database. Writes go through one connection, reads through a
// pool; both are safe for concurrent use.
type Store struct {
	w, r *gorm.DB
	// rdb is r's pool, for the hot path's statements in plain database/sql
	// (study_hot.go).
	rdb *sql.DB
	// commits runs every write (group commit, see commit.go); nil only in a
	// Store a test builds by hand, whose writes are then plain transactions.
	commits *committer
	// cache holds accounts, banks, paces and questions between requests
	// (cache.go).
	cache *cache
	// checkpoints checkpoints a SQLite database's WAL in the background;
	// nil on PostgreSQL.
	checkpoints *checkpointer
	path        string
	kind        Kind
	minFree     int64
}

// Kind is the kind of database a Store runs on.
type Kind string

const (
	SQLite   Kind = "sqlite"
	Postgres Kind = "postgres"
)

// Kind is the kind of database the store runs on.
func (s *Store) Kind() Kind { return s.kind }

// IsPostgresURL reports whether a --db value names a PostgreSQL database
// rather than a SQLite file.
func IsPostgresURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// busyTimeout is how long a writer waits for the write lock before it
// gives up: longer than any write quizd makes.
const busyTimeout = 30 * time.Second

// stmtCacheSize is how many prepared statements each connection keeps:
// more than the distinct statements of the study loop and its pages.
const stmtCacheSize = 128

// Open opens (creating if needed) and migrates the database.
func Open(ctx context.Context, cfg Config) (*Store, error) {
	if cfg.Path == "" {
		return nil, errors.New("storage: open: no database path")
	}
	if IsPostgresURL(cfg.Path) {
		return openPostgres(ctx, cfg)
	}
	if dir := filepath.Dir(cfg.Path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("storage: open %s: %w", cfg.Path, err)
		}
	}
	if err := checkUsable(ctx, cfg.Path); err != nil {
		return nil, err
	}
	gcfg := gormConfig()
	w, err := gorm.Open(sqlite.Open(dsn(cfg.Path, "immediate")), gcfg)
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", cfg.Path, err)
	}
	wdb, err := w.DB()
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", cfg.Path, err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	wdb.SetConnMaxLifetime(0)
	if err := wdb.PingContext(ctx); err != nil {
		wdb.Close()
		return nil, fmt.Errorf("storage: open %s: %w", cfg.Path, err)
	}
	// The checkpointer (sqlite_checkpoint.go) checkpoints instead of the
	// commits. The WAL file is kept at its size when the WAL begins again
	// (writing over it is cheaper than growing it: an fsync that grows a
	// file also writes its size), unless a burst took it past twice the
	// checkpointer's limit. The settings are the connection's, and the pool
	// keeps its one connection for good.
	for _, pragma := range []string{"PRAGMA wal_autocheckpoint = 0", fmt.Sprintf("PRAGMA journal_size_limit = %d", 2*walPolicy.limit)} {
		if _, err := wdb.ExecContext(ctx, pragma); err != nil {
			wdb.Close()
			return nil, fmt.Errorf("storage: open %s: %w", cfg.Path, err)
		}
	}
	r, err := gorm.Open(sqlite.Open(dsn(cfg.Path, "deferred")), gcfg)
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("storage: open %s: %w", cfg.Path, err)
	}
	rdb, _ := r.DB()
	readers := cfg.Readers
	if readers <= 0 {
		readers = max(4, 2*runtime.NumCPU())
	}
	rdb.SetMaxOpenConns(readers)
	rdb.SetMaxIdleConns(readers)
	s := newStore(w, r, cfg.Path, SQLite, cfg.MinFree)
	if err := s.migrate(ctx, ""); err != nil {
		s.Close()
		return nil, err
	}
	if s.checkpoints, err = startCheckpointer(ctx, cfg.Path, walPolicy, s.commits.hold); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// gormConfig is GORM's setup for either database: no logging, driver
// errors translated (gorm.ErrDuplicatedKey), no transaction around single
// statements, times in UTC.
func gormConfig() *gorm.Config {
	return &gorm.Config{
		Logger:                 logger.Discard,
		TranslateError:         true,
		SkipDefaultTransaction: true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	}
}

// dsn is the SQLite connection string: the busy timeout first (so that
// every later setting can wait for the lock), WAL, foreign keys,
// synchronous=FULL so that a committed answer survives a power cut, not
// only a crash, and the driver's cache of prepared statements per
// connection, so that the hot path's statements are not prepared again on
// every request.
func dsn(path, txlock string) string {
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(busyTimeout.Milliseconds()))
	q.Set("_journal_mode", "WAL")
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "FULL")
	q.Set("_stmt_cache_size", fmt.Sprint(stmtCacheSize))
	q.Set("_txlock", txlock)
	return "file:" + path + "?" + q.Encode()
}

// Close waits for the batch of writes being committed, refuses the
// queued ones (ErrClosed), stops the checkpointer after a last checkpoint
// that empties the WAL, and closes both connection pools.
func (s *Store) Close() error {
	if s.commits != nil {
		s.commits.close()
	}
	var errs []error
	if s.checkpoints != nil {
		errs = append(errs, s.checkpoints.close())
	}
	for _, db := range []*gorm.DB{s.r, s.w} {
		if db == nil {
			continue
		}
		if sqlDB, err := db.DB(); err == nil {
			errs = append(errs, sqlDB.Close())
		}
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers, for health checks.
func (s *Store) Ping(ctx context.Context) error {
	var n int
	if err := s.r.WithContext(ctx).Raw("SELECT 1").Scan(&n).Error; err != nil {
		return fmt.Errorf("storage: ping: %w", err)
	}
	return nil
}

// write runs fn in an immediate write transaction and returns once it is
// committed: fn runs in its own savepoint of a batch the committer shares
// with other writes (commit.go), so that its error undoes it alone. fn
// must not wait for another write.
//
// Every such write moves the cache epoch on, so that every server's cache
// of accounts, banks, classes and questions is read again (cache.go);
// writeUncached is for the writes that change none of those.
func (s *Store) write(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.writeAs(ctx, false, fn)
}

// writeUncached is write for a change to tables no cache holds: sessions,
// limits, pending uploads, token use. A change to a student's cards,
// reviews or holds goes through writeStudy, which moves the student's
// study mark on (study_cache.go).
func (s *Store) writeUncached(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.writeAs(ctx, true, fn)
}

func (s *Store) writeAs(ctx context.Context, uncached bool, fn func(tx *gorm.DB) error) error {
	if s.commits != nil {
		return s.commits.do(ctx, uncached, fn)
	}
	err := s.w.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := fn(tx); err != nil || uncached {
			return err
		}
		return tx.Exec(bumpEpochSQL).Error
	})
	if err == nil && !uncached {
		s.cache.invalidate()
	}
	return err
}

// read returns the read pool for one call.
func (s *Store) read(ctx context.Context) *gorm.DB { return s.r.WithContext(ctx) }

// notFound turns GORM's "record not found" into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	return err
}
