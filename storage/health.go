package storage

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The checks of Probe, by name.
const (
	CheckDatabase  = "database"
	CheckIntegrity = "integrity"
	CheckWrite     = "write"
	CheckDisk      = "disk"
)

// defaultMinFree is the free space below which the disk check fails: room
// for a checkpoint and some hours of answers, well before SQLite would
// fail a write with "database or disk is full".
const defaultMinFree = 64 << 20

// ProbeTimeout bounds each check of Probe, and the server's ping: a check
// that takes longer fails, so a health check answers in a few seconds
// whatever holds the database. It is generous (a busy server with the race
// detector once took over 2 s to ping a fresh database) but still far
// below what a load balancer waits.
const ProbeTimeout = 5 * time.Second

// Check is the outcome of one check of Probe.
type Check struct {
	Name string
	// Problem says what is wrong, safe to show anyone; empty when the
	// check passed.
	Problem string
	// Err is the cause, for the log.
	Err error
}

// integrityTables are the tables whose pages Probe checks: those that
// nearly every request reads (accounts, tokens, sessions, classes, banks),
// small enough to check in milliseconds. The tables that grow with every
// answer are left to a full check, run offline.
var integrityTables = []string{"schema_migrations", "users", "api_tokens", "sessions", "classes", "class_members", "class_banks", "banks"}

type healthProbeRow struct {
	ID        uint `gorm:"primaryKey"`
	CheckedAt time.Time
}

func (healthProbeRow) TableName() string { return "health_probes" }

// Probe checks, in this order, that the database answers, that the pages
// of its most read tables are intact, that a write commits and that its
// disk has room. It writes one row, so it is meant to run now and then,
// not on every request. On PostgreSQL it checks that the database answers
// and takes a write: the pages and the disk are the database server's,
// out of quizd's sight, and its own monitoring watches them.
func (s *Store) Probe(ctx context.Context, now time.Time) []Check {
	if s.kind == Postgres {
		out := []Check{{Name: CheckDatabase}, {Name: CheckWrite}}
		if err := bounded(ctx, s.Ping); err != nil {
			out[0].Problem, out[0].Err = "the database does not answer", err
		}
		if err := bounded(ctx, func(ctx context.Context) error { return s.probeWrite(ctx, now) }); err != nil {
			out[1].Problem, out[1].Err = "the database does not take writes", err
		}
		return out
	}
	out := []Check{{Name: CheckDatabase}, {Name: CheckIntegrity}, {Name: CheckWrite}, {Name: CheckDisk}}
	if err := bounded(ctx, s.Ping); err != nil {
		out[0].Problem, out[0].Err = "the database does not answer", err
	}
	if err := bounded(ctx, s.checkIntegrity); err != nil {
		out[1].Problem, out[1].Err = "the database file is damaged: restore it from a backup", err
	}
	if err := bounded(ctx, func(ctx context.Context) error { return s.probeWrite(ctx, now) }); err != nil {
		out[2].Problem, out[2].Err = "the database does not take writes", err
	}
	free, err := freeBytes(filepath.Dir(s.path))
	switch {
	case err != nil:
		out[3].Problem, out[3].Err = "the free space of the database's disk is unknown", err
	case free < s.minFree:
		out[3].Problem = fmt.Sprintf("the database's disk has %d MiB free, below the %d MiB quizd needs", free>>20, s.minFree>>20)
		out[3].Err = errors.New(out[3].Problem)
	}
	return out
}

// bounded runs a check with ProbeTimeout and gives up on it when it does
// not end in time: a writer stuck on the lock waits the whole busy
// timeout, whatever its context. (The check's context was once cancelled
// by the check itself as it ended, which could pass for a timeout.)
func bounded(ctx context.Context, check func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- check(ctx) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		// A check that ended as the time did counts: it answered.
		select {
		case err := <-done:
			return err
		default:
		}
		return fmt.Errorf("storage: no answer within %s: %w", ProbeTimeout, ctx.Err())
	}
}

func (s *Store) checkIntegrity(ctx context.Context) error {
	for _, table := range integrityTables {
		var problems []string
		if err := s.read(ctx).Raw(fmt.Sprintf("PRAGMA quick_check(%q)", table)).Scan(&problems).Error; err != nil {
			return fmt.Errorf("storage: check table %s: %w", table, err)
		}
		if len(problems) != 1 || problems[0] != "ok" {
			return fmt.Errorf("storage: check table %s: %s", table, strings.Join(problems, "; "))
		}
	}
	return nil
}

func (s *Store) probeWrite(ctx context.Context, now time.Time) error {
	err := s.writeUncached(ctx, func(tx *gorm.DB) error {
		return tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&healthProbeRow{ID: 1, CheckedAt: now.UTC()}).Error
	})
	if err != nil {
		return fmt.Errorf("storage: probe write: %w", err)
	}
	return nil
}
