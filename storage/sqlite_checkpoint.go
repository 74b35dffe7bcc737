package storage

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// SQLite's own checkpoint runs inside the commit that takes the WAL past
// 1,000 pages: the committer then copies the WAL into the database and
// fsyncs it while it holds the write lock, and every answer queued behind
// it waits. The write connection has it turned off (wal_autocheckpoint=0)
// and a checkpointer goroutine does it instead, on a connection of its
// own (walPolicy):
//   - a PASSIVE checkpoint, which never takes the write lock and never
//     waits for a reader, once a second when something was written, and
//     sooner when the WAL passes 16 MiB;
//   - a TRUNCATE checkpoint, which empties the WAL file, once the
//     database has had no writes for two seconds, and at Close. It takes
//     the write lock only when no one holds it and gives up at once when a
//     reader still needs the WAL (the connection has no busy timeout), so
//     that a writer waits at most for the copy of an already checkpointed
//     WAL, never for a reader.
type checkpointPolicy struct {
	every  time.Duration // how often it looks at the WAL
	period time.Duration // how often it checkpoints while writes come
	limit  int64         // the WAL size that brings a checkpoint sooner
	idle   time.Duration // how long without writes before it truncates
}

// walPolicy is the checkpointer's policy. An answer adds about 8 KiB to
// the WAL (measured with the load benchmark: 31 MiB for 3,952 answers), so
// the limit is about 2,000 answers, one or two seconds of the answers-alone
// phase; below it a passive checkpoint a second is enough.
var walPolicy = checkpointPolicy{every: 100 * time.Millisecond, period: time.Second, limit: 16 << 20, idle: 2 * time.Second}

// checkpointWait is the longest a RESTART or TRUNCATE checkpoint waits
// for the write lock or for readers, and so about the longest a write
// waits for one.
const checkpointWait = 10 * time.Millisecond

// checkpointer checkpoints one SQLite database's WAL until Close.
type checkpointer struct {
	db     *sql.DB
	conn   *sql.Conn
	shm    *os.File // the WAL index, read for the WAL's length
	log    *slog.Logger
	policy checkpointPolicy
	// hold keeps the committer between batches, so that a RESTART
	// checkpoint finds the write lock free: under steady writes the lock
	// is free only for microseconds at a time.
	hold func() (release func())
	// passive, restarted and truncated count the checkpoints of each kind
	// done.
	passive, restarted, truncated atomic.Uint64
	stop                          chan struct{}
	stopped                       chan struct{}
	closeOnce                     sync.Once
	closeErr                      error
}

// startCheckpointer opens the checkpointer's connection to the database
// at path and starts it.
func startCheckpointer(ctx context.Context, path string, policy checkpointPolicy, hold func() (release func())) (*checkpointer, error) {
	// A short busy timeout: a PASSIVE checkpoint never waits, and a
	// RESTART or TRUNCATE one, which holds the write lock while it waits
	// for the readers of older snapshots, gives up soon.
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(checkpointWait.Milliseconds()))
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: checkpointer: %w", path, err)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("storage: open %s: checkpointer: %w", path, err)
	}
	// The store's connections have made the WAL index by now.
	shm, err := os.Open(path + "-shm")
	if err != nil {
		conn.Close()
		db.Close()
		return nil, fmt.Errorf("storage: open %s: checkpointer: %w", path, err)
	}
	c := &checkpointer{db: db, conn: conn, shm: shm, log: slog.Default(), policy: policy, hold: hold,
		stop: make(chan struct{}), stopped: make(chan struct{})}
	go c.run()
	return c, nil
}

// run checkpoints until close. It tells writes by the connection's
// data_version, which changes whenever another connection commits.
func (c *checkpointer) run() {
	defer close(c.stopped)
	tick := time.NewTicker(c.policy.every)
	defer tick.Stop()
	ctx := context.Background()
	version, _ := c.dataVersion(ctx)
	now := time.Now()
	lastWrite, lastCheckpoint := now, now
	dirty, truncated := false, false
	for {
		select {
		case <-c.stop:
			return
		case now = <-tick.C:
		}
		v, err := c.dataVersion(ctx)
		if err != nil {
			c.log.Warn("storage: checkpointer: read data_version", "error", err)
			continue
		}
		if v != version {
			version, lastWrite, dirty, truncated = v, now, true, false
		}
		switch {
		case dirty && c.walBytes() >= c.policy.limit:
			c.restart(ctx)
			dirty, lastCheckpoint = false, now
		case dirty && now.Sub(lastCheckpoint) >= c.policy.period:
			if _, err := c.checkpoint(ctx, "PASSIVE"); err != nil {
				c.log.Warn("storage: checkpointer: passive checkpoint", "error", err)
			} else {
				c.passive.Add(1)
			}
			dirty, lastCheckpoint = false, now
		case !truncated && now.Sub(lastWrite) >= c.policy.idle:
			if done, err := c.truncate(ctx); err != nil {
				c.log.Warn("storage: checkpointer: truncate the WAL", "error", err)
			} else {
				truncated = done
			}
		}
	}
}

func (c *checkpointer) dataVersion(ctx context.Context) (int64, error) {
	var v int64
	err := c.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v)
	return v, err
}

// walBytes is how much the WAL holds, from the frame count and page size
// in the header of the WAL index (the -shm file, whose layout SQLite
// documents in "WAL-mode file format"): unlike the WAL file's size, which
// stays at its largest when the WAL begins again, it falls back to zero.
// A header read while a commit changes it is off by a commit at most,
// which is no matter for when to checkpoint.
func (c *checkpointer) walBytes() int64 {
	var hdr [20]byte
	if _, err := c.shm.ReadAt(hdr[:], 0); err != nil {
		return 0
	}
	pageSize := int64(binary.NativeEndian.Uint16(hdr[14:]))
	if pageSize == 1 {
		pageSize = 65536
	}
	frames := int64(binary.NativeEndian.Uint32(hdr[16:]))
	return frames * (pageSize + 24)
}

// checkpoint runs one checkpoint of the given mode; busy means a writer
// or a reader was in the way of it (of a TRUNCATE one: a PASSIVE one
// copies what it can and says busy only when it could not start).
func (c *checkpointer) checkpoint(ctx context.Context, mode string) (busy bool, err error) {
	var b, frames, copied int
	if err := c.conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint("+mode+")").Scan(&b, &frames, &copied); err != nil {
		return false, err
	}
	return b != 0, nil
}

// restart brings a WAL past the limit back to its start: a PASSIVE
// checkpoint copies what it can while writes go on, then a RESTART one
// copies the few frames committed meanwhile and waits (up to the
// connection's busy timeout, a few milliseconds) for the readers of older
// snapshots to finish, so that the next write begins the WAL again.
// Under steady writes a PASSIVE checkpoint alone never lets it begin
// again: each write starts while frames of the last are not yet copied,
// and SQLite starts the WAL over only for a write that finds it all
// copied. The committer is held between two batches for the RESTART one
// (which needs the write lock), so writes wait for it, once per limit's
// worth of WAL: for the copy and at most checkpointWait for readers.
// Busy (a reader stayed in the way): the next look tries again.
func (c *checkpointer) restart(ctx context.Context) {
	if _, err := c.checkpoint(ctx, "PASSIVE"); err != nil {
		c.log.Warn("storage: checkpointer: passive checkpoint", "error", err)
		return
	}
	c.passive.Add(1)
	release := c.hold()
	busy, err := c.checkpoint(ctx, "RESTART")
	release()
	if err != nil {
		c.log.Warn("storage: checkpointer: restart the WAL", "error", err)
		return
	}
	if !busy {
		c.restarted.Add(1)
	}
}

// truncate empties the WAL file, unless a writer or a reader is in the
// way (false: try again later).
func (c *checkpointer) truncate(ctx context.Context) (bool, error) {
	busy, err := c.checkpoint(ctx, "TRUNCATE")
	if err != nil || busy {
		return false, err
	}
	c.truncated.Add(1)
	return true, nil
}

// close stops the checkpointer, empties the WAL once more (the writes
// have stopped) and closes its connection. It may be called again.
func (c *checkpointer) close() error {
	c.closeOnce.Do(func() {
		close(c.stop)
		<-c.stopped
		_, err := c.truncate(context.Background())
		c.conn.Close()
		c.shm.Close()
		if cerr := c.db.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			c.closeErr = fmt.Errorf("storage: close: checkpoint the WAL: %w", err)
		}
	})
	return c.closeErr
}
