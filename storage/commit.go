package storage

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync/atomic"
	"time"

	"gorm.io/gorm"
)

// Group commit: every write of the server goes through one committer
// goroutine that owns the write connection. It takes the writes queued
// while it was busy, runs each in its own SAVEPOINT (a failed one is
// rolled back alone, and only its caller gets the error), commits them
// all with one fsync'd COMMIT, and answers every caller only after that
// commit returned: an acknowledged write is on disk as before, but many
// writes share one fsync and no handler holds SQLite's write lock while
// it waits for the CPU.

// The bounds of one batch: at most maxBatch writes, and no write is
// started once maxBatchWork has gone by since the batch began, so that the
// first caller of a batch waits at most about that long for the others.
const (
	maxBatch     = 64
	maxBatchWork = 2 * time.Millisecond
	// queueDepth is how many writes may wait for the committer before a
	// caller blocks on the queue itself.
	queueDepth = 1024
)

// ErrClosed is the error of a write made after Close.
var ErrClosed = errors.New("the database is closed: restart quizd")

// The states of a queued write.
const (
	writeQueued    int32 = iota
	writeTaken           // the committer runs it: its caller waits for the answer
	writeAbandoned       // its caller's context ended first: it is never run
)

// writeReq is one queued write and the answer its caller waits for.
type writeReq struct {
	ctx context.Context
	fn  func(tx *gorm.DB) error
	// uncached: the write changes nothing a cache holds (cache.go), so its
	// batch need not move the cache epoch on.
	uncached bool
	state    atomic.Int32
	done     chan writeResult
}

// writeResult is what the committer answers a caller: the write's error
// (or the batch's), or the value the write panicked with.
type writeResult struct {
	err      error
	panicked any
	stack    []byte
}

// committer runs the queued writes of one Store.
type committer struct {
	db *gorm.DB
	// invalidated, when set, is called after each commit of a batch that
	// moved the cache epoch on.
	invalidated func()
	queue       chan *writeReq
	// pause takes a channel from one who needs the write lock free
	// between two batches (the checkpointer); the committer waits until
	// it is closed.
	pause   chan chan struct{}
	stop    chan struct{} // closed by Close
	stopped chan struct{} // closed when run has returned
	// maxBatch and maxWork bound a batch (tests widen them).
	maxBatch int
	maxWork  time.Duration
	// commits counts the batches committed, writes the writes they held,
	// busy the nanoseconds from each batch's begin to its commit.
	commits, writes, busy atomic.Uint64
	// commitTime is the part of busy spent in COMMIT (the fsync).
	commitTime atomic.Uint64
}

// CommitStats is what the committer has done since Open: for benchmarks.
type CommitStats struct {
	// Batches is how many transactions it committed, Writes how many
	// writes they held.
	Batches, Writes uint64
	// Busy is the time from the begin of a batch to its commit, summed.
	Busy time.Duration
	// Commit is the part of Busy spent in COMMIT, which waits for the disk.
	Commit time.Duration
}

// CommitStats says how many batches and writes the committer committed
// and how long it was busy.
func (s *Store) CommitStats() CommitStats {
	if s.commits == nil {
		return CommitStats{}
	}
	c := s.commits
	return CommitStats{Batches: c.commits.Load(), Writes: c.writes.Load(), Busy: time.Duration(c.busy.Load()), Commit: time.Duration(c.commitTime.Load())}
}

func newCommitter(db *gorm.DB) *committer {
	c := &committer{db: db, queue: make(chan *writeReq, queueDepth), pause: make(chan chan struct{}), stop: make(chan struct{}), stopped: make(chan struct{}),
		maxBatch: maxBatch, maxWork: maxBatchWork}
	go c.run()
	return c
}

// close stops the committer once the batch it is running is committed;
// writes still queued get ErrClosed.
func (c *committer) close() {
	select {
	case <-c.stop:
	default:
		close(c.stop)
	}
	<-c.stopped
}

// do queues fn and waits until it is committed (nil) or refused. A caller
// whose context ends before the committer starts fn gets the context's
// error and fn never runs; once fn has started, the caller waits for the
// commit (a batch is short), so that an error always means "not written".
func (c *committer) do(ctx context.Context, uncached bool, fn func(tx *gorm.DB) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	req := &writeReq{ctx: ctx, fn: fn, uncached: uncached, done: make(chan writeResult, 1)}
	select {
	case c.queue <- req:
	case <-ctx.Done():
		return ctx.Err()
	case <-c.stop:
		return ErrClosed
	}
	var res writeResult
	select {
	case res = <-req.done:
	case <-ctx.Done():
		if req.state.CompareAndSwap(writeQueued, writeAbandoned) {
			return ctx.Err()
		}
		res = <-req.done
	case <-c.stopped:
		if req.state.CompareAndSwap(writeQueued, writeAbandoned) {
			return ErrClosed
		}
		res = <-req.done
	}
	if res.panicked != nil {
		panic(fmt.Sprintf("%v\n\nin the committer:\n%s", res.panicked, res.stack))
	}
	return res.err
}

// hold waits until the committer is between two batches and keeps it
// there until release is called: the write lock is then free, and writes
// wait in the queue. When the committer has stopped, release does nothing.
func (c *committer) hold() (release func()) {
	resume := make(chan struct{})
	select {
	case c.pause <- resume:
		return func() { close(resume) }
	case <-c.stopped:
		return func() {}
	}
}

// run takes writes until Close.
func (c *committer) run() {
	defer close(c.stopped)
	for {
		select {
		case req := <-c.queue:
			c.batch(req)
		case resume := <-c.pause:
			<-resume
		case <-c.stop:
			for {
				select {
				case req := <-c.queue:
					if req.state.CompareAndSwap(writeQueued, writeTaken) {
						req.done <- writeResult{err: ErrClosed}
					}
				default:
					return
				}
			}
		}
	}
}

// batch runs first and whatever else is queued, within the bounds, in one
// transaction.
func (c *committer) batch(first *writeReq) {
	if !c.take(first) {
		return
	}
	start := time.Now()
	tx := c.db.Begin()
	if tx.Error != nil {
		first.done <- writeResult{err: tx.Error}
		return
	}
	var applied []*writeReq
	invalidates := false
	fail := func(err error) {
		tx.Rollback()
		for _, r := range applied {
			r.done <- writeResult{err: fmt.Errorf("the write was rolled back with the others of its batch: %w", err)}
		}
	}
	req := first
	for {
		ok, broken := c.apply(tx, req)
		if broken != nil {
			fail(broken)
			return
		}
		if ok {
			applied = append(applied, req)
			invalidates = invalidates || !req.uncached
		}
		if len(applied) >= c.maxBatch || time.Since(start) >= c.maxWork {
			break
		}
		req = c.next()
		if req == nil {
			break
		}
	}
	if len(applied) == 0 {
		tx.Rollback()
		return
	}
	if invalidates {
		if err := tx.Exec(bumpEpochSQL).Error; err != nil {
			fail(err)
			return
		}
	}
	applyDone := time.Now()
	if err := tx.Commit().Error; err != nil {
		fail(err)
		return
	}
	if invalidates && c.invalidated != nil {
		c.invalidated()
	}
	c.commitTime.Add(uint64(time.Since(applyDone)))
	c.commits.Add(1)
	c.writes.Add(uint64(len(applied)))
	c.busy.Add(uint64(time.Since(start)))
	for _, r := range applied {
		r.done <- writeResult{}
	}
}

// take claims a queued write; false when its caller has given up on it,
// or (answered with its error) when its context ended in the queue.
func (c *committer) take(req *writeReq) bool {
	if !req.state.CompareAndSwap(writeQueued, writeTaken) {
		return false
	}
	if err := req.ctx.Err(); err != nil {
		req.done <- writeResult{err: err}
		return false
	}
	return true
}

// next is the next queued write that is still wanted, or nil when none is
// waiting.
func (c *committer) next() *writeReq {
	for {
		select {
		case req := <-c.queue:
			if c.take(req) {
				return req
			}
		default:
			return nil
		}
	}
}

// apply runs one write in its own savepoint. ok: it succeeded and waits
// for the commit; otherwise its caller has been answered with its error.
// broken is set when the transaction itself can't go on (SQLite rolled it
// back, or the savepoint could not be undone): the whole batch fails.
//
// The write runs with its caller's context values but not its
// cancellation: SQLite answers an interrupted statement by rolling back
// the whole transaction, the other callers' writes with it, and a write
// once started is short.
func (c *committer) apply(tx *gorm.DB, req *writeReq) (ok bool, broken error) {
	exec := func(stmt string) error {
		// The savepoints go to the driver as they are: GORM has nothing
		// to build in them.
		if t, err := sqlTx(tx); err == nil {
			_, err = t.ExecContext(tx.Statement.Context, stmt)
			return err
		}
		return tx.Exec(stmt).Error
	}
	if err := exec("SAVEPOINT w"); err != nil {
		req.done <- writeResult{err: err}
		return false, err
	}
	var res writeResult
	func() {
		defer func() {
			if p := recover(); p != nil {
				res = writeResult{panicked: p, stack: debug.Stack()}
			}
		}()
		res.err = req.fn(tx.WithContext(context.WithoutCancel(req.ctx)))
	}()
	if res.err == nil && res.panicked == nil {
		if err := exec("RELEASE w"); err != nil {
			req.done <- writeResult{err: err}
			return false, err
		}
		return true, nil
	}
	undo := exec("ROLLBACK TO w")
	if undo == nil {
		undo = exec("RELEASE w")
	}
	req.done <- res
	if undo != nil {
		return false, undo
	}
	return false, nil
}
