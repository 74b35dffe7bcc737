package server

import (
	"context"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"quizd/server/auth"
	"quizd/storage"
	"quizd/storage/testdb"
)

// healthPostgres is an empty PostgreSQL database for one test, dropped
// with its connections at the end: its name and URL.
func healthPostgres(t *testing.T) (string, string) {
	t.Helper()
	dbURL := testdb.EmptyPostgres(t)
	u, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimPrefix(u.Path, "/"), dbURL
}

// pgAdmin runs one statement as the administrator.
func pgAdmin(t *testing.T, sql string, args ...any) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, testdb.ServerURL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		t.Fatal(err)
	}
}

// terminateBackends ends every connection to the database.
func terminateBackends(t *testing.T, name string) {
	t.Helper()
	pgAdmin(t, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", name)
}

// On PostgreSQL the health check names the database kind, answers ok on
// the request right after every connection was ended, 503 (with the kind)
// while the database takes no connections, and ok again once it does,
// without a restart.
func TestHealthOnPostgres(t *testing.T) {
	name, url := healthPostgres(t)
	app, clk := healthEnv(t, url, 0)
	status, b := getHealth(t, app)
	if status != 200 || b.Status != "ok" || b.Database != "postgres" {
		t.Fatalf("%d %+v, want 200 ok on postgres", status, b)
	}
	for _, c := range []string{"database", "write"} {
		if b.Checks[c] != "ok" {
			t.Errorf("check %s: %q, want ok", c, b.Checks[c])
		}
	}

	terminateBackends(t, name)
	clk.Add(healthEvery) // the next check probes again, with a write
	if status, b := getHealth(t, app); status != 200 || b.Database != "postgres" {
		t.Errorf("after its connections were ended: %d %+v, want 200", status, b)
	}

	pgAdmin(t, "ALTER DATABASE "+name+" WITH ALLOW_CONNECTIONS false")
	terminateBackends(t, name)
	clk.Add(healthEvery)
	status, b = getHealth(t, app)
	if status != 503 || b.Database != "postgres" || b.Checks["database"] != "the database does not answer" {
		t.Errorf("while it takes no connections: %d %+v, want 503 naming the database", status, b)
	}
	pgAdmin(t, "ALTER DATABASE "+name+" WITH ALLOW_CONNECTIONS true")
	clk.Add(healthEvery)
	if status, b := getHealth(t, app); status != 200 || b.Status != "ok" {
		t.Errorf("once it takes connections again: %d %+v, want 200", status, b)
	}
}

// The committer's one write connection recovers from its backend's end:
// the first write after it succeeds, and so does the next.
func TestWriteAfterTheBackendEnded(t *testing.T) {
	name, url := healthPostgres(t)
	st, err := storage.Open(context.Background(), storage.Config{Path: url})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := st.CreateUser(ctx, "ada", "hash", storage.Student); err != nil {
		t.Fatal(err)
	}
	for i, who := range []string{"bob", "cyd", "dee"} {
		terminateBackends(t, name)
		if _, err := st.CreateUser(ctx, who, "hash", storage.Student); err != nil {
			t.Errorf("write %d after the backend was ended: %v", i+1, err)
		}
		if _, _, err := st.UserByName(ctx, who); err != nil {
			t.Errorf("read %d after the backend was ended: %v", i+1, err)
		}
	}
}

// While the database takes no connections, a signed-in request is refused
// with 503 and Retry-After, saying to try again (not a 500); once it takes
// them again, the same request succeeds, without a restart.
func TestUnreachableDatabaseIs503(t *testing.T) {
	name, url := healthPostgres(t)
	ctx := context.Background()
	st, err := storage.Open(ctx, storage.Config{Path: url})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	app := New(Deps{Store: st, Views: mustViews(t), Config: Config{Logger: quietLogger()}})
	u, err := st.CreateUser(ctx, "ada", "hash", storage.Student)
	if err != nil {
		t.Fatal(err)
	}
	token, hash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateToken(ctx, u.ID, hash, time.Now()); err != nil {
		t.Fatal(err)
	}
	settings := func() (int, string, string) {
		req := httptest.NewRequest("GET", "/api/v1/me/settings", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := app.Test(req, 20000)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Retry-After"), string(body)
	}
	if status, _, body := settings(); status != 200 {
		t.Fatalf("before: %d %s", status, body)
	}
	pgAdmin(t, "ALTER DATABASE "+name+" WITH ALLOW_CONNECTIONS false")
	terminateBackends(t, name)
	status, retry, body := settings()
	if status != 503 || retry == "" || !strings.Contains(body, "the database is not answering: try again in a few seconds") {
		t.Errorf("while the database takes no connections: %d (Retry-After %q) %s, want 503 with Retry-After saying to try again", status, retry, body)
	}
	pgAdmin(t, "ALTER DATABASE "+name+" WITH ALLOW_CONNECTIONS true")
	if status, _, body := settings(); status != 200 {
		t.Errorf("once it takes connections again: %d %s, want 200", status, body)
	}
}
