package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"time"
)

// lockWait is how long Open waits for another program's write transaction
// to end before it says the database is locked: far longer than any write
// quizd makes, far shorter than the busy timeout of a running server.
const lockWait = 5 * time.Second

// checkUsable finds, before SQLite does, the reasons a database can't be
// opened for writing that SQLite reports badly: a folder quizd may not
// create files in ("no such file or directory"), a file it may not write,
// another program holding the write lock (a wait of the whole busy
// timeout, then a panic inside the migrator). Each gets an error that
// says what to do.
func checkUsable(ctx context.Context, path string) error {
	dir := filepath.Dir(path)
	info, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return fmt.Errorf("storage: open %s: %w", path, err)
	case info.IsDir():
		return fmt.Errorf("storage: open %s: this is a folder, not a database file: give --db a file name", path)
	}
	// SQLite creates the database and its -wal and -shm files beside it.
	probe, err := os.CreateTemp(dir, ".quizd-write-check-*")
	if err != nil {
		return fmt.Errorf("storage: open %s: quizd can't create files in the folder %s (%w): it keeps the database and its -wal and -shm files there; make the folder writable for the user quizd runs as, or choose another with --db",
			path, dir, pathCause(err))
	}
	probe.Close()
	os.Remove(probe.Name())
	if info != nil {
		f, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			return fmt.Errorf("storage: open %s: quizd can't write to the database file (%w): make it writable for the user quizd runs as", path, pathCause(err))
		}
		f.Close()
	}
	return checkNotLocked(ctx, path)
}

// checkNotLocked waits up to lockWait for the write lock, and says who
// may hold it when it does not come.
func checkNotLocked(ctx context.Context, path string) error {
	q := url.Values{}
	q.Set("_busy_timeout", fmt.Sprint(lockWait.Milliseconds()))
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("storage: open %s: %w", path, err)
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err == nil {
		err = tx.Rollback()
	}
	if isBusy(err) {
		return fmt.Errorf("storage: open %s: the database is locked by another program (another quizd, or a tool with a transaction open) and stayed locked for %s: stop that program, or wait for it to finish, and try again",
			path, lockWait)
	}
	if err != nil {
		return fmt.Errorf("storage: open %s: %w", path, err)
	}
	return nil
}

// pathCause is the system's reason in a path error ("permission denied"),
// without the path of a probe file the user never named.
func pathCause(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
