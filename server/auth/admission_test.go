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
	for range cap(admit.slots) {
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

// defaultLimits puts the server's limits back after a test.
func defaultLimits() { LimitHashes(0, DefaultQueue, DefaultWait) }

func TestHashesWaitForASlotThenGiveUp(t *testing.T) {
	LimitHashes(2, DefaultQueue, 20*time.Millisecond)
	t.Cleanup(defaultLimits)
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
	LimitHashes(2, DefaultQueue, time.Minute)
	t.Cleanup(defaultLimits)
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

// A hash that finds every slot taken and the queue full is refused at
// once; one already queued gets the next free slot.
func TestHashesBeyondTheQueueAreRefusedAtOnce(t *testing.T) {
	LimitHashes(1, 1, time.Minute)
	t.Cleanup(defaultLimits)
	release := holdAll(t)
	queued := make(chan error, 1)
	go func() {
		r, err := Reserve()
		if err == nil {
			r()
		}
		queued <- err
	}()
	for Waiting() == 0 {
		runtime.Gosched()
	}
	if _, err := CheckPassword(dummyHash, "x"); !errors.Is(err, ErrBusy) {
		t.Errorf("a check while the slot is taken and the queue full: %v, want ErrBusy", err)
	}
	release()
	if err := <-queued; err != nil {
		t.Errorf("the queued hash once the slot is free: %v", err)
	}
	if _, err := CheckPassword(dummyHash, "x"); err != nil {
		t.Errorf("a check once the queue is empty: %v", err)
	}
}

// With no queue at all, a hash that finds every slot taken is refused.
func TestHashesWithoutAQueueDoNotWait(t *testing.T) {
	LimitHashes(1, 0, time.Minute)
	t.Cleanup(defaultLimits)
	release := holdAll(t)
	defer release()
	if _, err := HashPassword("correct horse battery"); !errors.Is(err, ErrBusy) {
		t.Errorf("a hash with the slot taken and no queue: %v, want ErrBusy", err)
	}
}
