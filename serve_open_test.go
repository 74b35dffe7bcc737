//go:build unix

package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"quizd/storage"
	"quizd/storage/testdb"
)

// serveOnce runs quizd serve and waits for it to give up, as it should at
// once: a server that starts is killed after a while and the test fails.
func serveOnce(t *testing.T, db string, asNobody bool) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 40*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, "serve", "--db", db, "--addr", "127.0.0.1:0")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if asNobody {
		// Root may write anywhere: the folder's permissions are tried as
		// an ordinary user.
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("quizd serve --db %s kept running instead of failing; stderr:\n%s", db, stderr.String())
	}
	ee, ok := err.(*exec.ExitError)
	if !ok {
		t.Fatalf("quizd serve --db %s: %v, want a failing exit; stderr:\n%s", db, err, stderr.String())
	}
	return ee.ExitCode(), stderr.String()
}

// readOnlyDir is a folder quizd may not write to: its mode says so to an
// ordinary user, and as root the server runs as nobody.
func readOnlyDir(t *testing.T) (string, bool) {
	t.Helper()
	base := t.TempDir()
	dir := filepath.Join(base, "ro")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	root := os.Geteuid() == 0
	if root {
		for _, d := range []string{filepath.Dir(binary), filepath.Dir(base), base} {
			if err := os.Chmod(d, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	return dir, root
}

func TestServeInAReadOnlyFolderSaysSo(t *testing.T) {
	testdb.SQLiteOnly(t, "it is about the folder and file of a SQLite database")
	dir, asNobody := readOnlyDir(t)
	existing := filepath.Join(dir, "existing.db")
	st, err := storage.Open(context.Background(), storage.Config{Path: existing})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	for _, f := range []string{existing + "-wal", existing + "-shm"} {
		os.Remove(f)
	}
	if err := os.Chmod(existing, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, db, want string }{
		{"a new database", filepath.Join(dir, "quizd.db"), "quizd can't create files in the folder " + dir + " (permission denied)"},
		{"an existing database", existing, "quizd can't create files in the folder " + dir + " (permission denied)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, stderr := serveOnce(t, tc.db, asNobody)
			if code == 0 || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, "choose another with --db") || strings.Contains(stderr, "no such file") {
				t.Errorf("exit %d, stderr:\n%s\nwant it to say %q", code, stderr, tc.want)
			}
		})
	}
	// A writable folder with a read-only database file.
	os.Chmod(dir, 0o777)
	code, stderr := serveOnce(t, existing, asNobody)
	if code == 0 || !strings.Contains(stderr, "quizd can't write to the database file (permission denied)") {
		t.Errorf("a read-only database file: exit %d, stderr:\n%s", code, stderr)
	}
}

func TestServeOnALockedDatabaseSaysSo(t *testing.T) {
	testdb.SQLiteOnly(t, "it holds the SQLite file's lock from another program")
	db := filepath.Join(t.TempDir(), "quizd.db")
	st, err := storage.Open(context.Background(), storage.Config{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	// Another program holds the write lock.
	other, err := sql.Open("sqlite3", db)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(context.Background(), "ROLLBACK")
	code, stderr := serveOnce(t, db, false)
	if code == 0 || !strings.Contains(stderr, "the database is locked by another program") || strings.Contains(stderr, "panic") {
		t.Errorf("exit %d, stderr:\n%s\nwant a clear error that the database is locked", code, stderr)
	}
}
