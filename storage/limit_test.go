package storage

import (
	"context"
	"sync"
	"testing"
	"time"

	"quizd/storage/testdb"
)

func TestHitCountsInAWindow(t *testing.T) {
	ctx := context.Background()
	path := testdb.Path(t)
	s := openTestStore(t, path)
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for want := 1; want <= 3; want++ {
		n, end, err := s.Hit(ctx, "k", time.Hour, now.Add(time.Duration(want)*time.Minute))
		if err != nil || n != want || !end.Equal(now.Add(time.Minute+time.Hour)) {
			t.Fatalf("hit %d: %d, ends %v, %v", want, n, end, err)
		}
	}
	if n, _, _ := s.Hit(ctx, "other", time.Hour, now); n != 1 {
		t.Errorf("another key starts at %d", n)
	}
	// The window is over: counting starts again.
	later := now.Add(2 * time.Hour)
	if n, end, _ := s.Hit(ctx, "k", time.Hour, later); n != 1 || !end.Equal(later.Add(time.Hour)) {
		t.Errorf("after the window: %d, ends %v", n, end)
	}
	if n, err := s.DeleteExpiredLimits(ctx, later.Add(30*time.Minute)); err != nil || n != 1 {
		t.Errorf("expired counters deleted: %d, %v; want the one of \"other\"", n, err)
	}
}

// Two stores on one database file, as two quizd processes, lose no hit.
func TestHitHoldsAcrossProcesses(t *testing.T) {
	ctx := context.Background()
	path := testdb.Path(t)
	a, b := openTestStore(t, path), openTestStore(t, path)
	now := time.Now()
	var wg sync.WaitGroup
	for i := range 40 {
		s := a
		if i%2 == 1 {
			s = b
		}
		wg.Go(func() {
			if _, _, err := s.Hit(ctx, "shared", time.Hour, now); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n, _, _ := a.Hit(ctx, "shared", time.Hour, now); n != 41 {
		t.Errorf("after 40 hits from two stores the next is %d, want 41", n)
	}
}

func openTestStore(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(context.Background(), Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
