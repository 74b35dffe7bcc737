package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkAttack runs each unauthenticated attack of issue 9 at the size
// it was found at against a fresh real server, and prints how long the
// attack took and the server's peak memory (VmHWM). `make bench` runs it;
// the figures are printed, never asserted.
func BenchmarkAttack(b *testing.B) {
	attacks := []struct {
		name string
		run  func(b *testing.B, s *attackServer) string
	}{
		{"gzip bomb 1 GiB to /api/v1/signup", attackGzipBomb},
		{"form bombs 10M keys to /login, /signup and /api/v1/login at once", attackFormBombs},
		{"50 slow bodies of 21 MB to /api/v1/signup", attackSlowBodies("/api/v1/signup", false)},
		{"50 slow uploads of 20 MiB to /api/v1/banks (signed in)", attackSlowBodies("/api/v1/banks", true)},
		{"512 sign-ups from one address, 64 at a time", attackSignups},
		{"100 concurrent failed sign-ins", attackFailedLogins},
	}
	gzipBomb()
	for _, at := range attacks {
		b.Run(at.name, func(b *testing.B) {
			for range b.N {
				s := startAttackServer(b)
				start := time.Now()
				detail := at.run(b, s)
				took := time.Since(start)
				peak := s.peakRSS(b)
				up := s.healthy()
				s.kill()
				b.ReportMetric(took.Seconds(), "s")
				b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
				fmt.Printf("attack %-66s %7.2f s  peak RSS %6d MiB  server up after: %v  %s\n", at.name, took.Seconds(), peak>>20, up, detail)
			}
		})
	}
}

// attackServer is a quizd serve process under attack, with an instructor
// "ada" and her token for the signed-in attacks.
type attackServer struct {
	cmd   *os.Process
	base  string
	addr  string
	token string
}

func startAttackServer(b *testing.B) *attackServer {
	b.Helper()
	db := filepath.Join(b.TempDir(), "quizd.db")
	cmd := quizdCmd("user", "add", "--username", "ada", "--password", "correct horse", "--role", "instructor", "--db", db)
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("user add: %v %s", err, out)
	}
	s := serveDB(b, db)
	resp, err := http.Post(s.base+"/api/v1/login", "application/json", strings.NewReader(`{"username":"ada","password":"correct horse"}`))
	if err != nil {
		b.Fatal(err)
	}
	var body bytes.Buffer
	_, _ = body.ReadFrom(resp.Body)
	resp.Body.Close()
	s.token = strings.Trim(strings.TrimPrefix(strings.TrimSpace(body.String()), `{"token":`), `"}`)
	return s
}

// serveDB starts quizd serve on the database db, on a free port, and
// returns once it is listening.
func serveDB(b *testing.B, db string) *attackServer {
	b.Helper()
	srv := quizdCmd("serve", "--db", db)
	srv.Env = append(os.Environ(), "QUIZD_ADDR=127.0.0.1:0")
	out, err := srv.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	srv.Stderr = io.Discard
	if err := srv.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = srv.Process.Kill(); _ = srv.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		b.Fatalf("quizd serve printed no address: %v", err)
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	base := strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(line, "quizd is serving on ")), "/")
	u, _ := url.Parse(base)
	return &attackServer{cmd: srv.Process, base: base, addr: u.Host}
}

// peakRSS is the server process's high-water mark of resident memory.
func (s *attackServer) peakRSS(b *testing.B) int64 { return s.status(b, "VmHWM:") }

// rss is the server process's resident memory now.
func (s *attackServer) rss(b *testing.B) int64 { return s.status(b, "VmRSS:") }

// status is a figure in kB of the server process's /proc status, in bytes.
func (s *attackServer) status(b *testing.B, field string) int64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Pid))
	if err != nil {
		b.Fatalf("read the server's memory: %v", err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, field); ok {
			var kb int64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), &kb)
			return kb << 10
		}
	}
	return 0
}

func (s *attackServer) healthy() bool {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Get(s.base + "/healthz")
	if err != nil {
		return false
	}
	resp.Body.Close()
	return resp.StatusCode == 200
}

func (s *attackServer) kill() { _ = s.cmd.Kill() }

// statuses counts the answers of many requests as "200×3 413×2".
type statuses struct {
	mu sync.Mutex
	n  map[string]int
}

func (st *statuses) add(s string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.n == nil {
		st.n = map[string]int{}
	}
	st.n[s]++
}

func (st *statuses) String() string {
	var out []string
	for k, v := range st.n {
		out = append(out, fmt.Sprintf("%s×%d", k, v))
	}
	sort.Strings(out)
	return strings.Join(out, " ")
}

func (s *attackServer) send(method, path, ctype string, body []byte, header map[string]string) string {
	req, _ := http.NewRequest(method, s.base+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	c := http.Client{Timeout: 5 * time.Minute}
	resp, err := c.Do(req)
	if err != nil {
		// The server answered early and closed the connection while the
		// body was still being sent (or it failed outright).
		return "closed"
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return fmt.Sprint(resp.StatusCode)
}

// gzipBomb is 1 GiB of zeros compressed twice, made once and before the
// clock starts.
var gzipBomb = sync.OnceValue(func() []byte {
	var inner bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&inner, gzip.BestCompression)
	zeros := make([]byte, 1<<20)
	for range 1024 {
		_, _ = zw.Write(zeros)
	}
	_ = zw.Close()
	var outer bytes.Buffer
	zw, _ = gzip.NewWriterLevel(&outer, gzip.BestCompression)
	_, _ = zw.Write(inner.Bytes())
	_ = zw.Close()
	return outer.Bytes()
})

func attackGzipBomb(b *testing.B, s *attackServer) string {
	bomb := gzipBomb()
	status := s.send("POST", "/api/v1/signup", "application/json", bomb, map[string]string{"Content-Encoding": "gzip, gzip"})
	return fmt.Sprintf("(%d bytes sent) status %s", len(bomb), status)
}

func attackFormBombs(b *testing.B, s *attackServer) string {
	body := bytes.Repeat([]byte("a&"), 10_000_000)
	var st statuses
	var wg sync.WaitGroup
	for _, path := range []string{"/login", "/signup", "/api/v1/login"} {
		wg.Go(func() { st.add(s.send("POST", path, "application/x-www-form-urlencoded", body, nil)) })
	}
	wg.Wait()
	return "statuses " + st.String()
}

// attackSlowBodies opens 50 connections that declare a large body and send
// one byte of it, then measures /healthz while they hang.
func attackSlowBodies(path string, signedIn bool) func(b *testing.B, s *attackServer) string {
	return func(b *testing.B, s *attackServer) string {
		const conns = 50
		var open []net.Conn
		for range conns {
			c, err := net.Dial("tcp", s.addr)
			if err != nil {
				b.Fatal(err)
			}
			open = append(open, c)
			auth := ""
			ctype := "application/x-www-form-urlencoded"
			if signedIn {
				auth = "Authorization: Bearer " + s.token + "\r\n"
				ctype = "multipart/form-data; boundary=x"
			}
			fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: x\r\n%sContent-Type: %s\r\nContent-Length: 21000000\r\n\r\n-", path, auth, ctype)
		}
		time.Sleep(2 * time.Second)
		var worst time.Duration
		for range 5 {
			t0 := time.Now()
			if !s.healthy() {
				worst = 5 * time.Second
			}
			worst = max(worst, time.Since(t0))
			time.Sleep(200 * time.Millisecond)
		}
		var st statuses
		for _, c := range open {
			_ = c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
			line, _ := bufio.NewReader(c).ReadString('\n')
			if f := strings.Fields(line); len(f) > 1 {
				st.add(f[1])
			} else {
				st.add("hanging")
			}
			c.Close()
		}
		return fmt.Sprintf("worst /healthz %v; answers %s", worst.Round(time.Millisecond), st.String())
	}
}

func attackSignups(b *testing.B, s *attackServer) string {
	var st statuses
	var wg sync.WaitGroup
	sem := make(chan struct{}, 64)
	for i := range 512 {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			st.add(s.send("POST", "/api/v1/signup", "application/json",
				fmt.Appendf(nil, `{"username":"flood%d","password":"a long passphrase %d"}`, i, i), nil))
		})
	}
	wg.Wait()
	return "statuses " + st.String()
}

func attackFailedLogins(b *testing.B, s *attackServer) string {
	var st statuses
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Go(func() {
			st.add(s.send("POST", "/api/v1/login", "application/json",
				fmt.Appendf(nil, `{"username":"nobody%d","password":"a wrong passphrase"}`, i), nil))
		})
	}
	wg.Wait()
	return "statuses " + st.String()
}

func quizdCmd(args ...string) *exec.Cmd { return exec.Command(binary, args...) }
