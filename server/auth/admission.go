package auth

import (
	"errors"
	"runtime"
	"sync"
	"time"
)

// Each argon2id hash takes argonMemoryKiB (19 MiB) and a core for tens of
// milliseconds, so only about as many run at once as there are cores; the
// rest wait their turn for a while and are then refused, so that a flood
// of sign-ups or sign-ins costs time, never memory.
var (
	slotsMu   sync.Mutex
	slots     = make(chan struct{}, runtime.NumCPU())
	slotsWait = 3 * time.Second
)

// ErrBusy means every hashing slot stayed taken for the whole wait.
var ErrBusy = errors.New("auth: too many passwords are being checked at once")

// LimitHashes sets how many hashes may run at once and how long another
// waits for its turn. The server calls it once at start-up.
func LimitHashes(n int, wait time.Duration) {
	if n <= 0 {
		n = runtime.NumCPU()
	}
	slotsMu.Lock()
	defer slotsMu.Unlock()
	slots, slotsWait = make(chan struct{}, n), wait
}

// Reserve takes one hashing slot, waiting up to the limit's wait for one,
// and returns the function that gives it back. HashPassword and
// CheckPassword take one each.
func Reserve() (release func(), err error) {
	slotsMu.Lock()
	ch, wait := slots, slotsWait
	slotsMu.Unlock()
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	default:
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case ch <- struct{}{}:
		return func() { <-ch }, nil
	case <-t.C:
		return nil, ErrBusy
	}
}
