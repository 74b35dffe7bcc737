//go:build !cgo

package storage

// isBusy is never true without cgo, where the SQLite driver opens nothing;
// this file lets the package build (and vet) there all the same.
func isBusy(error) bool { return false }

// driverTimeFormats is empty without the driver.
var driverTimeFormats []string
