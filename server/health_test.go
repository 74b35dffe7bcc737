package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/storage"
	"quizd/storage/testdb"
)

// healthEnv is an app on the database at path, with its clock.
func healthEnv(t *testing.T, path string, minFree int64) (*fiber.App, *clock) {
	t.Helper()
	st, err := storage.Open(context.Background(), storage.Config{Path: path, MinFree: minFree})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	clk := &clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)}
	return New(Deps{Store: st, Views: mustViews(t), Config: Config{Now: clk.Now, Logger: quietLogger()}}), clk
}

type healthBody struct {
	Status   string            `json:"status"`
	Database string            `json:"database"`
	Failed   []string          `json:"failed"`
	Checks   map[string]string `json:"checks"`
}

func getHealth(t *testing.T, app *fiber.App) (int, healthBody) {
	t.Helper()
	resp, err := app.Test(httptest.NewRequest("GET", "/healthz", nil), 20000)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b healthBody
	if err := json.NewDecoder(resp.Body).Decode(&b); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, b
}

func TestHealthChecksEachPart(t *testing.T) {
	t.Run("a healthy database", func(t *testing.T) {
		app, _ := healthEnv(t, testdb.Path(t), 0)
		status, b := getHealth(t, app)
		kind := string(testdb.Current())
		if status != 200 || b.Status != "ok" || len(b.Failed) != 0 || b.Database != kind {
			t.Fatalf("%d %+v, want 200 ok on %s", status, b, kind)
		}
		checks := []string{"database", "integrity", "write", "disk"}
		if kind == string(testdb.Postgres) {
			checks = []string{"database", "write"} // the pages and the disk are the server's
		}
		for _, name := range checks {
			if b.Checks[name] != "ok" {
				t.Errorf("check %s: %q, want ok", name, b.Checks[name])
			}
		}
	})
	t.Run("a full disk", func(t *testing.T) {
		testdb.SQLiteOnly(t, "the disk check measures the disk of the SQLite file")
		app, _ := healthEnv(t, filepath.Join(t.TempDir(), "q.db"), 1<<62)
		status, b := getHealth(t, app)
		if status != 503 || b.Status != "failing" || b.Database != "sqlite" || !slices.Equal(b.Failed, []string{"disk"}) || !strings.Contains(b.Checks["disk"], "MiB free") {
			t.Errorf("%d %+v, want 503 with the disk check failed", status, b)
		}
	})
	t.Run("a database that takes no writes", func(t *testing.T) {
		path := testdb.Path(t)
		app, clk := healthEnv(t, path, 0)
		unlock := testdb.LockWrites(t, path)
		status, b := getHealth(t, app)
		if status != 503 || !slices.Equal(b.Failed, []string{"write"}) || b.Checks["write"] != "the database does not take writes" {
			t.Errorf("locked: %d %+v, want 503 with the write check failed", status, b)
		}
		unlock()
		// The result stands until the next probe, which finds it well.
		if status, _ := getHealth(t, app); status != 503 {
			t.Errorf("within the interval: %d, want the last probe's 503", status)
		}
		clk.Add(healthEvery)
		if status, b := getHealth(t, app); status != 200 {
			t.Errorf("unlocked, at the next probe: %d %+v, want 200", status, b)
		}
	})
	t.Run("a damaged users table", func(t *testing.T) {
		testdb.SQLiteOnly(t, "it overwrites a page of the SQLite file")
		path := filepath.Join(t.TempDir(), "q.db")
		st, err := storage.Open(context.Background(), storage.Config{Path: path})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"ada", "bob", "cal"} {
			if _, err := st.CreateUser(context.Background(), n, "hash", storage.Student); err != nil {
				t.Fatal(err)
			}
		}
		st.Close()
		damagePage(t, path, "users")
		app, _ := healthEnv(t, path, 0)
		status, b := getHealth(t, app)
		if status != 503 || !slices.Contains(b.Failed, "integrity") || !strings.Contains(b.Checks["integrity"], "damaged") {
			t.Errorf("%d %+v, want 503 with the integrity check failed", status, b)
		}
	})
}

// A flood of health checks writes once per interval.
func TestHealthProbesOncePerInterval(t *testing.T) {
	path := testdb.Path(t)
	app, clk := healthEnv(t, path, 0)
	first := clk.Now()
	for range 20 {
		if status, _ := getHealth(t, app); status != 200 {
			t.Fatalf("health: %d", status)
		}
		clk.Add(healthEvery / 20)
	}
	db := testdb.Open(t, path)
	var n int
	var at time.Time
	if err := db.QueryRow("SELECT COUNT(*) FROM health_probes").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("SELECT checked_at FROM health_probes ORDER BY checked_at DESC LIMIT 1").Scan(&at); err != nil {
		t.Fatal(err)
	}
	if n != 1 || !at.Truncate(time.Second).Equal(first.Truncate(time.Second)) {
		t.Errorf("after 20 checks within %s: %d probe rows, last at %s; want one, at %s", healthEvery, n, at, first)
	}
}

// damagePage overwrites the root page of a table in a closed database.
func damagePage(t *testing.T, path, table string) {
	t.Helper()
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	var root, size int64
	err = db.QueryRow("SELECT rootpage FROM sqlite_master WHERE name = ?", table).Scan(&root)
	if err == nil {
		err = db.QueryRow("PRAGMA page_size").Scan(&size)
	}
	if err == nil {
		_, err = db.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	}
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt([]byte(strings.Repeat("\xff", int(size))), (root-1)*size); err != nil {
		t.Fatal(err)
	}
}
