package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"quizd/storage/testdb"
)

// syncBuffer collects a process's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// runningServer is a running quizd serve process.
type runningServer struct {
	cmd  *exec.Cmd
	base string
	logs *syncBuffer
}

// startServer runs the real binary on a free loopback port and waits for
// the address it prints.
func startServer(t *testing.T, db string, env ...string) *runningServer {
	t.Helper()
	return startServers(t, db, 1, env...)[0]
}

// startServers runs n real binaries on one database at the same moment,
// each on a free loopback port, and waits for the address each prints.
func startServers(t *testing.T, db string, n int, env ...string) []*runningServer {
	t.Helper()
	servers := make([]*runningServer, n)
	lines := make([]chan string, n)
	for i := range servers {
		cmd := exec.Command(binary, "serve", "--db", db)
		cmd.Env = append(os.Environ(), append([]string{"QUIZD_ADDR=127.0.0.1:0"}, env...)...)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		logs := &syncBuffer{}
		cmd.Stderr = logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		servers[i] = &runningServer{cmd: cmd, logs: logs}
		t.Cleanup(func() {
			if cmd.ProcessState == nil {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
			}
		})
		line := make(chan string, 1)
		go func() {
			r := bufio.NewReader(out)
			l, _ := r.ReadString('\n')
			line <- l
			_, _ = io.Copy(io.Discard, r)
		}()
		lines[i] = line
	}
	deadline := time.After(30 * time.Second)
	for i, s := range servers {
		select {
		case l := <-lines[i]:
			const prefix = "quizd is serving on "
			if !strings.HasPrefix(l, prefix) {
				t.Fatalf("first line %q; stderr:\n%s", l, s.logs.String())
			}
			s.base = strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(l, prefix)), "/")
		case <-deadline:
			t.Fatalf("quizd serve printed no address; stderr:\n%s", s.logs.String())
		}
	}
	return servers
}

func (s *runningServer) stop(t *testing.T) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("quizd serve exited with %v after SIGTERM; stderr:\n%s", err, s.logs.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("quizd serve did not stop on SIGTERM")
	}
}

// send makes one request and gives its whole answer.
func send(t *testing.T, method, url, token, body string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read the answer: %v", method, url, err)
	}
	return resp.StatusCode, resp.Header, string(data)
}

// call makes one request and decodes its JSON answer.
func call(t *testing.T, method, url, token, body string) (int, map[string]any) {
	t.Helper()
	code, _, data := send(t, method, url, token, body)
	var out map[string]any
	_ = json.Unmarshal([]byte(data), &out)
	return code, out
}

func TestUserAdd(t *testing.T) {
	db := testdb.Path(t)
	if r := quizd(t, "user", "add", "--username", "ada", "--password", "correct horse", "--role", "instructor", "--db", db); r.code != 0 || !strings.Contains(r.stdout, `created instructor "ada"`) {
		t.Fatalf("user add: %d %q %q", r.code, r.stdout, r.stderr)
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string
	}{
		{"existing user", []string{"--username", "ada", "--password", "a long passphrase", "--role", "student"}, 1, `a user named "ada" exists already`},
		{"existing user in other case", []string{"--username", "ADA", "--password", "a long passphrase"}, 1, "exists already"},
		{"unknown role", []string{"--username", "bob", "--password", "another pass", "--role", "root"}, 2, "--role must be student, instructor or admin"},
		{"weak password", []string{"--username", "bob", "--password", "short"}, 1, "password: is too short"},
		{"no password", []string{"--username", "bob"}, 2, "--password or --password-stdin"},
		{"bad name", []string{"--username", "b b", "--password", "another pass"}, 1, "username:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := quizd(t, append(append([]string{"user", "add"}, tc.args...), "--db", db)...)
			if r.code != tc.wantCode || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d stderr %q, want %d with %q", r.code, r.stderr, tc.wantCode, tc.want)
			}
		})
	}
	cmd := exec.Command(binary, "user", "add", "--username", "carol", "--password-stdin", "--db", db)
	cmd.Stdin = strings.NewReader("a passphrase from stdin\n")
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), `created student "carol"`) {
		t.Errorf("--password-stdin: %v %s", err, out)
	}
}

func TestServeStudyRestart(t *testing.T) {
	db := testdb.Path(t)
	if r := quizd(t, "user", "add", "--username", "ada", "--password", "correct horse", "--db", db); r.code != 0 {
		t.Fatalf("user add: %s", r.stderr)
	}
	s := startServer(t, db)
	if code, _ := call(t, "GET", s.base+"/healthz", "", ""); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
	code, login := call(t, "POST", s.base+"/api/v1/login", "", `{"username":"ada","password":"correct horse"}`)
	token, _ := login["token"].(string)
	if code != 200 || token == "" {
		t.Fatalf("login: %d %v", code, login)
	}
	_, banks := call(t, "GET", s.base+"/api/v1/banks", token, "")
	list, _ := banks["banks"].([]any)
	if len(list) != 1 {
		t.Fatalf("banks: %v", banks)
	}
	bank := list[0].(map[string]any)
	if bank["slug"] != "csto-demise" || bank["question_count"].(float64) < 150 {
		t.Errorf("the bundled bank: %v", bank)
	}
	path := fmt.Sprintf("%s/api/v1/banks/%v", s.base, bank["id"])
	_, next := call(t, "GET", path+"/next", token, "")
	q := next["question"].(map[string]any)
	code, ans := call(t, "POST", path+"/answers", token, fmt.Sprintf(`{"question_id":%q,"rating":4}`, q["id"]))
	if code != 200 {
		t.Fatalf("answer: %d %v", code, ans)
	}
	s.stop(t)

	// Restarted on the same database: the answer is kept and the bank is
	// not loaded twice.
	s = startServer(t, db)
	_, login = call(t, "POST", s.base+"/api/v1/login", "", `{"username":"ada","password":"correct horse"}`)
	token, _ = login["token"].(string)
	_, next = call(t, "GET", s.base+fmt.Sprintf("/api/v1/banks/%v/next", bank["id"]), token, "")
	if nq, _ := next["question"].(map[string]any); nq == nil || nq["id"] == q["id"] {
		t.Errorf("after a restart the answered card comes again: %v", next)
	}
	if got := next["new_count"].(float64); got != 19 {
		t.Errorf("new cards left today after one: %v, want 19", got)
	}
	_, banks = call(t, "GET", s.base+"/api/v1/banks", token, "")
	if l, _ := banks["banks"].([]any); len(l) != 1 {
		t.Errorf("after a restart there are %d banks", len(l))
	}
	if strings.Contains(s.logs.String(), "bundled bank loaded") {
		t.Errorf("the unchanged bundled bank was loaded again:\n%s", s.logs.String())
	}
	s.stop(t)
}

func TestServeBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--signup", "maybe"}, "--signup must be open or closed"},
		{[]string{"serve", "--addr", "256.0.0.1:1", "--db", filepath.Join(t.TempDir(), "x.db")}, "listen on 256.0.0.1:1"},
	} {
		r := quizd(t, tc.args...)
		if r.code == 0 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: exit %d stderr %q, want %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
}
