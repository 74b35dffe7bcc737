package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"quizd/storage/testdb"
)

// TestPostgresRestart restarts the PostgreSQL server under a real quizd
// and 50 students answering through it: while PostgreSQL is down every
// request is refused with 503 and Retry-After (never a 500, nothing
// panics) and /healthz says the database is failing; once it is back
// quizd serves again by itself, and no acknowledged answer is lost.
//
// It stops the whole PostgreSQL server, which every other test using it
// would see fail, so it runs only alone: make test runs it as a step of
// its own after the others, with QUIZD_PG_RESTART=1. QUIZD_PG_CLUSTER
// ("15 main" by default, the version in /etc/postgresql) names the cluster
// pg_ctlcluster restarts: the one QUIZD_TEST_PG points to.
func TestPostgresRestart(t *testing.T) {
	if os.Getenv("QUIZD_PG_RESTART") != "1" {
		t.Fatal("TestPostgresRestart stops the PostgreSQL server, which would fail every other test using it: run it alone, as make test does: QUIZD_PG_RESTART=1 go test -run '^TestPostgresRestart$' .")
	}
	pgctl := pgCluster(t)
	db := testdb.PostgresPath(t)
	// Before the database is dropped, should the test stop half-way.
	t.Cleanup(func() {
		if _, err := pgctl("status"); err != nil {
			if out, err := pgctl("start"); err != nil {
				t.Errorf("PostgreSQL did not start again: %v: %s", err, out)
			}
		}
	})
	s := startServer(t, db)
	students := makeStudents(t, db, "s", 50)
	for _, st := range students {
		st.base = s.base
	}
	_, banks := call(t, "GET", s.base+"/api/v1/banks", students[0].token, "")
	bankID := int(banks["banks"].([]any)[0].(map[string]any)["id"].(float64))
	load := startLoad(bankID, students)
	defer func() {
		select {
		case <-load.stop:
		default:
			load.halt()
		}
	}()
	if !load.waitAcks(200) {
		t.Fatalf("the load does not run: %v", load.statusesOf(s.base))
	}

	// Stopped: every request is refused with 503, health says why.
	if out, err := pgctl("stop"); err != nil {
		t.Fatalf("stop PostgreSQL: %v: %s", err, out)
	}
	code, header, body := send(t, "GET", s.base+"/healthz", "", "")
	var health struct {
		Status   string   `json:"status"`
		Database string   `json:"database"`
		Failed   []string `json:"failed"`
	}
	_ = json.Unmarshal([]byte(body), &health)
	if code != 503 || health.Status != "failing" || health.Database != "postgres" || len(health.Failed) == 0 || health.Failed[0] != "database" {
		t.Errorf("healthz with PostgreSQL stopped: %d %s, want 503 failing on the database", code, body)
	}
	code, header, body = send(t, "GET", fmt.Sprintf("%s/api/v1/banks/%d/next", s.base, bankID), students[0].token, "")
	if code != 503 || header.Get("Retry-After") == "" || !strings.Contains(body, "try again") {
		t.Errorf("next with PostgreSQL stopped: %d (Retry-After %q) %s, want 503 with Retry-After saying to try again", code, header.Get("Retry-After"), body)
	}
	if !waitFor(func() bool { return load.statusesOf(s.base)[503] >= 50 }) {
		t.Errorf("the students got no 503s while PostgreSQL was stopped: %v", load.statusesOf(s.base))
	}

	// Started again: quizd serves by itself.
	if out, err := pgctl("start"); err != nil {
		t.Fatalf("start PostgreSQL: %v: %s", err, out)
	}
	if !waitFor(func() bool { code, _, _ := send(t, "GET", s.base+"/healthz", "", ""); return code == 200 }) {
		_, _, body := send(t, "GET", s.base+"/healthz", "", "")
		t.Errorf("healthz does not answer 200 once PostgreSQL is back: %s", body)
	}
	if !load.waitAcks(200) {
		t.Fatalf("no answers acknowledged once PostgreSQL was back: %v", load.statusesOf(s.base))
	}

	// Restarted in one go, under the load.
	if out, err := pgctl("restart"); err != nil {
		t.Fatalf("restart PostgreSQL: %v: %s", err, out)
	}
	if !load.waitAcks(200) {
		t.Fatalf("no answers acknowledged after PostgreSQL restarted: %v", load.statusesOf(s.base))
	}
	load.halt()

	got := load.statusesOf(s.base)
	for status, n := range got {
		if status != 200 && status != 503 {
			r := load.refused[status]
			t.Errorf("%d answers with status %d (the first to %s: %s), want only 200 and 503", n, status, r.path, r.body)
		}
	}
	if r, ok := load.refused[503]; ok && (r.retryAfter == "" || !strings.Contains(r.body, "try again")) {
		t.Errorf("a 503 to %s without Retry-After or a way on: %q %s", r.path, r.retryAfter, r.body)
	}
	if logs := s.logs.String(); strings.Contains(logs, "panic") {
		t.Errorf("the server's log holds a panic:\n%s", logs)
	}
	checkAcknowledged(t, db, load, students)
	t.Logf("%d answers acknowledged; statuses %v", len(load.acks), got)
	s.stop(t)
}

// pgCluster gives the command that stops, starts and restarts the
// PostgreSQL cluster the tests use, or fails t saying why it can't.
func pgCluster(t *testing.T) func(action string) (string, error) {
	t.Helper()
	cluster := strings.Fields(os.Getenv("QUIZD_PG_CLUSTER"))
	if len(cluster) == 0 {
		versions, err := os.ReadDir("/etc/postgresql")
		if err != nil || len(versions) != 1 {
			t.Fatalf("TestPostgresRestart restarts PostgreSQL with pg_ctlcluster, but /etc/postgresql does not name one version (%v): set QUIZD_PG_CLUSTER to the cluster's version and name, such as \"15 main\".", err)
		}
		cluster = []string{versions[0].Name(), "main"}
	}
	if len(cluster) != 2 {
		t.Fatalf("QUIZD_PG_CLUSTER is %q: give the cluster's version and name, such as \"15 main\".", os.Getenv("QUIZD_PG_CLUSTER"))
	}
	if _, err := exec.LookPath("pg_ctlcluster"); err != nil {
		t.Fatalf("TestPostgresRestart restarts PostgreSQL with pg_ctlcluster, which is not installed (%v): run it where PostgreSQL runs as a Debian cluster.", err)
	}
	if os.Geteuid() != 0 {
		t.Fatal("TestPostgresRestart restarts PostgreSQL with pg_ctlcluster, which needs root: run it as root, as CI does.")
	}
	return func(action string) (string, error) {
		out, err := exec.Command("pg_ctlcluster", "--skip-systemctl-redirect", cluster[0], cluster[1], action).CombinedOutput()
		return string(out), err
	}
}

// waitFor checks cond until it holds, for at most a minute.
func waitFor(cond func() bool) bool {
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if cond() {
			return true
		}
	}
	return false
}
