//go:build cgo

package storage

import (
	"errors"

	"github.com/mattn/go-sqlite3"
)

// isBusy reports whether err is SQLite's "another connection holds the
// lock".
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked)
}

// driverTimeFormats are the layouts the driver tries, in order, when it
// reads a text column declared as a time.
var driverTimeFormats = sqlite3.SQLiteTimestampFormats
