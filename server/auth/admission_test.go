package auth

import (
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"
)

// holdAll takes every hashing slot and returns the function giving them back.
func holdAll(t *testing.T) func() {
	t.Helper()
	var releases []func()
	for range cap(slots) {
		r, err := Reserve()
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, r)
	}
	return func() {
		for _, r := range releases {
			r()
		}
	}
}

func TestHashesWaitForASlotThenGiveUp(t *testing.T) {
	LimitHashes(2, 20*time.Millisecond)
	t.Cleanup(func() { LimitHashes(runtime.NumCPU(), 3*time.Second) })
	release := holdAll(t)
	if _, err := HashPassword("correct horse battery"); !errors.Is(err, ErrBusy) {
		t.Errorf("a hash while every slot is taken: %v, want ErrBusy", err)
	}
	if _, err := CheckPassword(dummyHash, "x"); !errors.Is(err, ErrBusy) {
		t.Errorf("a check while every slot is taken: %v, want ErrBusy", err)
	}
	if err := CheckMissing("x"); !errors.Is(err, ErrBusy) {
		t.Errorf("a missing user's check while every slot is taken: %v, want ErrBusy", err)
	}
	release()
	if _, err := HashPassword("correct horse battery"); err != nil {
		t.Errorf("a hash once the slots are free: %v", err)
	}
}

func TestHashesNeverRunMoreThanTheLimit(t *testing.T) {
	LimitHashes(2, time.Minute)
	t.Cleanup(func() { LimitHashes(runtime.NumCPU(), 3*time.Second) })
	var mu sync.Mutex
	running, most := 0, 0
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			release, err := Reserve()
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			running++
			most = max(most, running)
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
			mu.Lock()
			running--
			mu.Unlock()
			release()
		})
	}
	wg.Wait()
	if most > 2 {
		t.Errorf("%d hashes ran at once, want at most 2", most)
	}
}
