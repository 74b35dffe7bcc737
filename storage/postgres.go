package storage

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// openPostgres opens and migrates a PostgreSQL database. Writes still go
// through one connection and the committer, so that a batch of answers
// shares one commit as on SQLite; reads use a pool.
func openPostgres(ctx context.Context, cfg Config) (*Store, error) {
	where := redactURL(cfg.Path)
	gcfg := gormConfig()
	w, err := gorm.Open(postgres.Open(cfg.Path), gcfg)
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", where, err)
	}
	wdb, err := w.DB()
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", where, err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	if err := wdb.PingContext(ctx); err != nil {
		wdb.Close()
		return nil, fmt.Errorf("storage: open %s: the database did not answer (%w): is PostgreSQL running, and does the database exist?", where, err)
	}
	r, err := gorm.Open(postgres.Open(cfg.Path), gcfg)
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("storage: open %s: %w", where, err)
	}
	rdb, _ := r.DB()
	readers := cfg.Readers
	if readers <= 0 {
		readers = max(4, 2*runtime.NumCPU())
	}
	rdb.SetMaxOpenConns(readers)
	rdb.SetMaxIdleConns(readers)
	s := &Store{w: w, r: r, commits: newCommitter(w), path: where, kind: Postgres, minFree: cfg.MinFree}
	if s.minFree <= 0 {
		s.minFree = defaultMinFree
	}
	if err := s.migrate(ctx, ""); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// redactURL is a PostgreSQL URL without its password, for messages.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the PostgreSQL database"
	}
	return u.Redacted()
}

// likelyCall is SQLite's likely(x), which the hot paths wrap around time
// columns to have them read as stored (see sqliteTime).
var likelyCall = regexp.MustCompile(`likely\(([^()]*)\)`)

// rawSQL is a plain database/sql query, written for SQLite, in the
// store's dialect: on PostgreSQL its ? placeholders become $1, $2, … and
// likely(x) becomes x, whose time the driver reads as a time.Time. The
// queries it is given hold no ? or likely( inside a string literal.
func (s *Store) rawSQL(q string) string {
	if s.kind != Postgres {
		return q
	}
	q = likelyCall.ReplaceAllString(q, "$1")
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			b.WriteByte(q[i])
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}
