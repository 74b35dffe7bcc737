package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"quizd/storage"
	"quizd/storage/testdb"
)

// acked is an answer the server acknowledged with 200.
type acked struct {
	user     string
	qid      string
	reviewID uint
	reps     uint64
	due      time.Time
}

// TestCrashKeepsAcknowledgedAnswers starts the real binary, has many
// students answer at once, kills the server with SIGKILL in the middle,
// and checks that every answer that got a 200 is in the review log and the
// card state, and that the database is sound; then the server starts again
// on it.
func TestCrashKeepsAcknowledgedAnswers(t *testing.T) {
	testdb.SQLiteOnly(t, "it SIGKILLs quizd on a SQLite file and checks the file")
	dir := t.TempDir()
	db := filepath.Join(dir, "quizd.db")
	s := startServer(t, db)
	const students = 40
	client := &http.Client{Timeout: 10 * time.Second}
	tokens := make([]string, students)
	var wg sync.WaitGroup
	for i := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("crash%02d", i)
			call(t, "POST", s.base+"/api/v1/signup", "", fmt.Sprintf(`{"username":%q,"password":"correct horse"}`, name))
			_, login := call(t, "POST", s.base+"/api/v1/login", "", fmt.Sprintf(`{"username":%q,"password":"correct horse"}`, name))
			tokens[i], _ = login["token"].(string)
		}()
	}
	wg.Wait()
	_, banks := call(t, "GET", s.base+"/api/v1/banks", tokens[0], "")
	bankID := int(banks["banks"].([]any)[0].(map[string]any)["id"].(float64))
	path := fmt.Sprintf("%s/api/v1/banks/%d", s.base, bankID)

	var mu sync.Mutex
	var acks []acked
	stop := make(chan struct{})
	for i, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var next struct {
					Question *struct {
						ID   string `json:"id"`
						Reps uint64 `json:"reps"`
					} `json:"question"`
				}
				if err := getJSON(client, "GET", path+"/next", tok, "", &next); err != nil || next.Question == nil {
					return
				}
				var ans struct {
					ReviewID uint      `json:"review_id"`
					Reps     uint64    `json:"reps"`
					Due      time.Time `json:"due"`
				}
				body := fmt.Sprintf(`{"question_id":%q,"rating":%d,"reps":%d}`, next.Question.ID, 3+i%2, next.Question.Reps)
				if err := getJSON(client, "POST", path+"/answers", tok, body, &ans); err != nil {
					return // the server is gone, or refused: not acknowledged
				}
				mu.Lock()
				acks = append(acks, acked{user: fmt.Sprintf("crash%02d", i), qid: next.Question.ID, reviewID: ans.ReviewID, reps: ans.Reps, due: ans.Due})
				mu.Unlock()
			}
		}()
	}
	time.Sleep(1500 * time.Millisecond)
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = s.cmd.Wait()
	close(stop)
	wg.Wait()
	if len(acks) < 50 {
		t.Fatalf("only %d answers were acknowledged before the kill: the load did not run", len(acks))
	}

	ctx := context.Background()
	st, err := storage.Open(ctx, storage.Config{Path: db})
	if err != nil {
		t.Fatalf("the database does not open after the crash: %v", err)
	}
	if v, err := st.IntegrityCheck(ctx); err != nil || v != "ok" {
		t.Errorf("integrity check after the crash: %q %v", v, err)
	}
	latest := map[string]acked{}
	found := 0
	for _, a := range acks {
		u, _, err := st.UserByName(ctx, a.user)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.ReviewByID(ctx, u.ID, a.reviewID); err != nil {
			t.Errorf("acknowledged answer %d of %s to %s is not in the review log: %v", a.reviewID, a.user, a.qid, err)
			continue
		}
		found++
		k := a.user + "/" + a.qid
		if a.reps > latest[k].reps {
			latest[k] = a
		}
	}
	for k, a := range latest {
		u, _, _ := st.UserByName(ctx, a.user)
		card, err := st.CardState(ctx, u.ID, uint(bankID), a.qid)
		if err != nil {
			t.Errorf("%s: no card: %v", k, err)
			continue
		}
		if card.After.Reps < a.reps || card.After.Reps == a.reps && !card.After.Due.Equal(a.due) {
			t.Errorf("%s: card at reps %d due %v, acknowledged reps %d due %v", k, card.After.Reps, card.After.Due, a.reps, a.due)
		}
	}
	st.Close()
	t.Logf("crash test: %d answers acknowledged before SIGKILL, %d found in the review log after restart, %d cards checked", len(acks), found, len(latest))

	// The server starts again on the database and serves.
	s = startServer(t, db)
	if code, _ := call(t, "GET", s.base+"/healthz", "", ""); code != 200 {
		t.Errorf("healthz after restart: %d", code)
	}
	s.stop(t)
}

func getJSON(c *http.Client, method, url, token, body string, out any) error {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return fmt.Errorf("status %d", resp.StatusCode)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

func TestBackupWhileServing(t *testing.T) {
	testdb.SQLiteOnly(t, "quizd backup copies a SQLite file")
	dir := t.TempDir()
	db := filepath.Join(dir, "quizd.db")
	s := startServer(t, db)
	call(t, "POST", s.base+"/api/v1/signup", "", `{"username":"ada","password":"correct horse"}`)
	out := filepath.Join(dir, "backup.db")
	r := quizd(t, "backup", "--out", out, "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "backed up") {
		t.Fatalf("backup: %d %q %q", r.code, r.stdout, r.stderr)
	}
	s.stop(t)
	ctx := context.Background()
	st, err := storage.Open(ctx, storage.Config{Path: out})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if v, _ := st.IntegrityCheck(ctx); v != "ok" {
		t.Errorf("the backup's integrity check: %q", v)
	}
	if _, _, err := st.UserByName(ctx, "ada"); err != nil {
		t.Errorf("the backup lacks the user: %v", err)
	}
	if r := quizd(t, "backup", "--out", out, "--db", db); r.code != 1 || !strings.Contains(r.stderr, "exists already") {
		t.Errorf("a backup over an existing file: %d %q", r.code, r.stderr)
	}
}

// TestGracefulShutdownFinishesRequests sends SIGTERM while a large report
// is being streamed: the report arrives whole, the server exits cleanly and
// the database is sound.
func TestGracefulShutdownFinishesRequests(t *testing.T) {
	testdb.SQLiteOnly(t, "it ends with PRAGMA integrity_check of the SQLite file")
	dir := t.TempDir()
	db := filepath.Join(dir, "quizd.db")
	if r := quizd(t, "user", "add", "--username", "root", "--password", "correct horse", "--role", "admin", "--db", db); r.code != 0 {
		t.Fatal(r.stderr)
	}
	ctx := context.Background()
	st, err := storage.Open(ctx, storage.Config{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	root, _, _ := st.UserByName(ctx, "root")
	csv := filepath.Join(dir, "set.csv")
	var b strings.Builder
	b.WriteString("prompt,answer\n")
	for i := range 100 {
		fmt.Fprintf(&b, "Question %d?,Answer %d\n", i, i)
	}
	os.WriteFile(csv, []byte(b.String()), 0o644)
	st.Close()
	if r := quizd(t, "import", csv, "--owner", "root", "--db", db); r.code != 0 {
		t.Fatal(r.stderr)
	}
	st, _ = storage.Open(ctx, storage.Config{Path: db})
	bank, _ := st.BankBySlug(ctx, "set")
	const students = 3000
	if _, err := st.SeedReport(ctx, bank.ID, root.ID, students, time.Now()); err != nil {
		t.Fatal(err)
	}
	st.Close()

	s := startServer(t, db)
	_, login := call(t, "POST", s.base+"/api/v1/login", "", `{"username":"root","password":"correct horse"}`)
	token := login["token"].(string)
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/reports/progress?bank=%d&format=csv", s.base, bank.ID), nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	// The headers are in: the export is under way. Stop the server now.
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("the export in flight: %d, %v", resp.StatusCode, err)
	}
	if rows := strings.Count(string(body), "\r\n"); rows != 1+students*100 {
		t.Errorf("the export in flight has %d lines, want %d: it was cut", rows, 1+students*100)
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
	if _, err := http.Get(s.base + "/healthz"); err == nil {
		t.Error("the server still answers after shutting down")
	}
	st, _ = storage.Open(ctx, storage.Config{Path: db})
	defer st.Close()
	if v, _ := st.IntegrityCheck(ctx); v != "ok" {
		t.Errorf("integrity after shutdown: %q", v)
	}
}
