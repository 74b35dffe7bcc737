package auth

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"
)

// Each argon2id hash takes argonMemoryKiB (19 MiB) and a core for tens of
// milliseconds, so only about as many run at once as there are cores. The
// rest wait their turn in a queue of bounded length for a bounded time,
// and are refused when the queue is full or the time is up: a flood of
// sign-ups or sign-ins costs time, never memory, and a class signing in
// together (200 at once take about 6 s on two cores) all get in.
type admission struct {
	slots   chan struct{}
	queue   chan struct{}
	wait    time.Duration
	release func()
	// freeing is set while a return of memory to the system is pending.
	freeing atomic.Bool
}

// freeAfter is how long hashing must have stopped before the memory of
// the hashes is given back to the system. Go keeps the heap a storm grew
// to (a 200-student storm leaves about 160 MB resident for good), so once
// it is over the memory is returned at once rather than over many
// minutes by the runtime's scavenger.
const freeAfter = 2 * time.Second

// The defaults: a hash per CPU at once, DefaultQueue waiting, each for up
// to DefaultWait.
const (
	DefaultQueue = 512
	DefaultWait  = 30 * time.Second
)

var (
	admitMu sync.Mutex
	admit   = newAdmission(runtime.NumCPU(), DefaultQueue, DefaultWait)
)

func newAdmission(n, queue int, wait time.Duration) *admission {
	if n <= 0 {
		n = runtime.NumCPU()
	}
	if queue < 0 {
		queue = DefaultQueue
	}
	if wait <= 0 {
		wait = DefaultWait
	}
	a := &admission{slots: make(chan struct{}, n), queue: make(chan struct{}, queue), wait: wait}
	a.release = func() {
		<-a.slots
		if a.idle() && a.freeing.CompareAndSwap(false, true) {
			time.AfterFunc(freeAfter, a.free)
		}
	}
	return a
}

func (a *admission) idle() bool { return len(a.slots) == 0 && len(a.queue) == 0 }

// free gives the heap's unused memory back to the system when no hash is
// running or waiting; otherwise the last of them asks again when done.
func (a *admission) free() {
	if a.idle() {
		debug.FreeOSMemory()
	}
	a.freeing.Store(false)
}

// ErrBusy means a password could not be checked in time: every hashing
// slot stayed taken for the whole wait, or the queue for them was full.
var ErrBusy = errors.New("auth: too many passwords are being checked at once")

// LimitHashes sets how many hashes may run at once (0: one per CPU), how
// many more may wait for a turn (a negative number: DefaultQueue), and for
// how long (0: DefaultWait). The defaults hold until it is called; tests
// call it to reach the limits quickly.
func LimitHashes(n, queue int, wait time.Duration) {
	a := newAdmission(n, queue, wait)
	admitMu.Lock()
	defer admitMu.Unlock()
	admit = a
}

// Reserve takes one hashing slot, waiting in the queue for up to the
// limit's wait, and returns the function that gives it back. HashPassword
// and CheckPassword take one each. Waiters are served in the order they
// came.
func Reserve() (release func(), err error) {
	admitMu.Lock()
	a := admit
	admitMu.Unlock()
	select {
	case a.slots <- struct{}{}:
		return a.release, nil
	default:
	}
	select {
	case a.queue <- struct{}{}:
	default:
		return nil, fmt.Errorf("%w: %d are waiting already", ErrBusy, cap(a.queue))
	}
	defer func() { <-a.queue }()
	t := time.NewTimer(a.wait)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
		return a.release, nil
	case <-t.C:
		return nil, fmt.Errorf("%w: no turn came within %s", ErrBusy, a.wait)
	}
}

// Waiting is how many hashes are waiting for a slot now.
func Waiting() int {
	admitMu.Lock()
	a := admit
	admitMu.Unlock()
	return len(a.queue)
}
