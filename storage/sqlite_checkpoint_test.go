package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"testing"
	"time"

	"quizd/storage/testdb"
)

// withPolicy replaces the store's checkpointer by one with policy p.
func withPolicy(t *testing.T, s *Store, path string, p checkpointPolicy) *checkpointer {
	t.Helper()
	if err := s.checkpoints.close(); err != nil {
		t.Fatal(err)
	}
	c, err := startCheckpointer(context.Background(), path, p, s.commits.hold)
	if err != nil {
		t.Fatal(err)
	}
	s.checkpoints = c
	return c
}

// addUsers makes n users, each its own commit.
func addUsers(t *testing.T, s *Store, prefix string, n int) {
	t.Helper()
	for i := range n {
		if _, err := s.CreateUser(context.Background(), fmt.Sprintf("%s%d", prefix, i), "x", Student); err != nil {
			t.Fatal(err)
		}
	}
}

func walSize(t *testing.T, path string) int64 {
	t.Helper()
	info, err := os.Stat(path + "-wal")
	if errors.Is(err, fs.ErrNotExist) {
		return 0
	}
	if err != nil {
		t.Fatal(err)
	}
	return info.Size()
}

// waitFor waits for cond, failing the test with what when it does not
// come within a minute (a wait for an event, not a measure of speed).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within a minute", what)
		}
	}
}

func TestCommitsLeaveCheckpointsToTheCheckpointer(t *testing.T) {
	testdb.SQLiteOnly(t, "the WAL and its checkpointer are SQLite's")
	s, _ := openTest(t)
	var n int
	if err := s.w.Raw("PRAGMA wal_autocheckpoint").Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("the write connection's wal_autocheckpoint is %d, want 0 (the checkpointer's job)", n)
	}
	if s.checkpoints == nil {
		t.Error("a SQLite store has no checkpointer")
	}
}

// Steady writes past the limit have the WAL begun again, again and
// again: it stays within a few times the limit. Without the checkpointer
// the 3,000 commits here grow it to about 48 MiB (commits never
// checkpoint), and with PASSIVE checkpoints alone it grows as well, since
// every write starts before the last one is copied and SQLite begins the
// WAL again only for a write that finds it all copied.
func TestTheWALStaysBoundedWhileWritesRun(t *testing.T) {
	testdb.SQLiteOnly(t, "the WAL and its checkpointer are SQLite's")
	s, path := openTest(t)
	const limit = 1 << 20
	c := withPolicy(t, s, path, checkpointPolicy{every: time.Millisecond, period: time.Hour, limit: limit, idle: time.Hour})
	var most int64
	for i := range 3000 {
		addUsers(t, s, fmt.Sprintf("u%d-", i), 1)
		most = max(most, walSize(t, path))
	}
	if c.restarted.Load() == 0 {
		t.Error("the WAL was never begun again")
	}
	if most > 12*limit {
		t.Errorf("the WAL grew to %d bytes, want at most 12 × the limit of %d", most, limit)
	}
}

// While writes come, a PASSIVE checkpoint runs once a period.
func TestWritesAreCheckpointedEveryPeriod(t *testing.T) {
	testdb.SQLiteOnly(t, "the WAL and its checkpointer are SQLite's")
	s, path := openTest(t)
	c := withPolicy(t, s, path, checkpointPolicy{every: time.Millisecond, period: time.Millisecond, limit: 1 << 30, idle: time.Hour})
	addUsers(t, s, "u", 20)
	waitFor(t, "a checkpoint of the writes", func() bool { return c.passive.Load() > 0 })
	if n := c.restarted.Load() + c.truncated.Load(); n != 0 {
		t.Errorf("%d checkpoints that hold the write lock for a short WAL of a busy database, want none", n)
	}
}

func TestAnIdleDatabaseHasItsWALEmptied(t *testing.T) {
	testdb.SQLiteOnly(t, "the WAL and its checkpointer are SQLite's")
	s, path := openTest(t)
	c := withPolicy(t, s, path, checkpointPolicy{every: time.Millisecond, period: time.Millisecond, limit: 1 << 30, idle: 20 * time.Millisecond})
	addUsers(t, s, "u", 50)
	waitFor(t, "the WAL emptied once writes stopped", func() bool { return c.truncated.Load() > 0 && walSize(t, path) == 0 })
	// Reads do not count as writes: the WAL stays empty and is not
	// truncated again and again.
	n := c.truncated.Load()
	if _, _, err := s.UserByName(context.Background(), "u1"); err != nil {
		t.Fatal(err)
	}
	addUsers(t, s, "v", 1)
	waitFor(t, "the WAL emptied after a later write", func() bool { return c.truncated.Load() == n+1 && walSize(t, path) == 0 })
}

func TestCloseCheckpointsTheWALAndStopsTheCheckpointer(t *testing.T) {
	testdb.SQLiteOnly(t, "the WAL and its checkpointer are SQLite's")
	s, path := openTest(t)
	c := withPolicy(t, s, path, checkpointPolicy{every: time.Hour, period: time.Hour, limit: 1 << 30, idle: time.Hour})
	addUsers(t, s, "u", 200)
	if walSize(t, path) == 0 {
		t.Fatal("the writes left no WAL to checkpoint")
	}
	// A reader of its own keeps SQLite from checkpointing at the close of
	// the store's last connection: what is in the database file then is
	// what the checkpointer put there.
	other, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if err := other.Ping(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-c.stopped:
	default:
		t.Error("the checkpointer's goroutine still runs after Close")
	}
	if size := walSize(t, path); size != 0 {
		t.Errorf("the WAL is %d bytes after Close, want 0", size)
	}
	var n int
	if err := other.QueryRow("SELECT COUNT(*) FROM users").Scan(&n); err != nil || n != 200 {
		t.Errorf("users after Close: %d, %v; want 200", n, err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("a second Close: %v", err)
	}
}
