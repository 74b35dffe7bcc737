package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"quizd/storage/testdb"
)

// TestShutdownCancelsLongRequests: an upload still arriving when the
// shutdown's grace period ends is answered 503, its temporary file is
// removed and the server exits cleanly.
func TestShutdownCancelsLongRequests(t *testing.T) {
	dir := t.TempDir()
	tmp := filepath.Join(dir, "tmp")
	os.Mkdir(tmp, 0o755)
	db := testdb.Path(t)
	if r := quizd(t, "user", "add", "--username", "ada", "--password", "correct horse", "--role", "instructor", "--db", db); r.code != 0 {
		t.Fatal(r.stderr)
	}
	s := startServer(t, db, "QUIZD_SHUTDOWN_GRACE=1s", "TMPDIR="+tmp)
	_, login := call(t, "POST", s.base+"/api/v1/login", "", `{"username":"ada","password":"correct horse"}`)
	token, _ := login["token"].(string)

	c, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const boundary = "b0undary"
	fmt.Fprintf(c, "POST /api/v1/banks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: multipart/form-data; boundary=%s\r\nContent-Length: %d\r\n\r\n", token, boundary, 10<<20)
	fmt.Fprintf(c, "--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"set.csv\"\r\n\r\nprompt,answer\n", boundary)
	fmt.Fprint(c, strings.Repeat("Question?,Answer\n", 8192))
	// The upload has reached the disk.
	for deadline := time.Now().Add(10 * time.Second); ; {
		if files, _ := os.ReadDir(tmp); len(files) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the upload never reached a temporary file")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(20 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("the upload in flight got no answer: %v; logs:\n%s", err, s.logs.String())
	}
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 503 || resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "the server is restarting: try again in a minute") {
		t.Errorf("the upload in flight: %d %q %s", resp.StatusCode, resp.Header.Get("Retry-After"), body)
	}
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("quizd exited with %v after SIGTERM", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("quizd did not stop after SIGTERM")
	}
	if files, _ := os.ReadDir(tmp); len(files) > 0 {
		t.Errorf("temporary files left after shutdown: %v", files)
	}
}
