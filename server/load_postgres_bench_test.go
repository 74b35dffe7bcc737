package server

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/storage"
	"quizd/storage/testdb"
	"quizd/views"
)

// BenchmarkLoadPostgres measures, in one run, the next → answer loop a
// client makes on PostgreSQL with one server and with two servers on one
// database (each student keeps to one of them, as behind a load balancer
// with sticky sessions or none), beside the same loop on a SQLite file and
// a Fiber hello-world endpoint: loops/s, and the p50 and p99 of the loop,
// of its answer and of its next. Each database starts empty, with students
// of its own. Run it with -benchtime 1x: one run is the measurement. The
// servers are apps in this process, each with a store of its own, as two
// quizd processes would have.
//
// LOAD_STUDENTS (64), LOAD_WORKERS (one per student) and LOAD_SECONDS (5,
// per phase) change its size, as for BenchmarkLoad.
func BenchmarkLoadPostgres(b *testing.B) {
	students, workers, dur := loadSize()
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: workers * 2, MaxIdleConnsPerHost: workers * 2}, Timeout: 30 * time.Second}

	sqlite := newLoopTarget(b, filepath.Join(b.TempDir(), "load.db"), 1, students)
	pg1 := newLoopTarget(b, testdb.PostgresPath(b), 1, students)
	pg2 := newLoopTarget(b, testdb.PostgresPath(b), 2, students)
	hello := fiber.New(fiber.Config{DisableStartupMessage: true})
	hello.Get("/hello", func(c *fiber.Ctx) error { return c.SendString("hello") })
	helloURL := listen(b, hello)

	b.ResetTimer()
	base := runLoad(workers, dur, func(w int, rec func(string, time.Duration, error)) {
		start := time.Now()
		err := fetch(client, "GET", helloURL+"/hello", "", "", nil)
		rec("hello", time.Since(start), err)
	})
	rows := []struct {
		name    string
		t       loopTarget
		s       map[string]stats
		commits []storage.CommitStats
	}{{name: "SQLite, one server", t: sqlite}, {name: "PostgreSQL, one server", t: pg1}, {name: "PostgreSQL, two servers", t: pg2}}
	for i := range rows {
		before := rows[i].t.commitStats()
		rows[i].s = runLoad(workers, dur, rows[i].t.loop(client))
		for j, after := range rows[i].t.commitStats() {
			rows[i].commits = append(rows[i].commits, storage.CommitStats{Batches: after.Batches - before[j].Batches, Writes: after.Writes - before[j].Writes,
				Busy: after.Busy - before[j].Busy, Commit: after.Commit - before[j].Commit})
		}
	}
	b.StopTimer()

	h := base["hello"]
	fmt.Printf("\nload on each database: %d students, %d concurrent clients, %s per phase; GET /hello (baseline) %.0f req/s, p99 %s\n",
		students, workers, dur, h.rps, h.p99.Round(time.Microsecond))
	fmt.Printf("%-26s %9s %9s %11s %11s %11s %11s %11s %7s\n", "next → answer loop", "loops/s", "÷ hello", "loop p50", "loop p99", "answer p50", "answer p99", "next p99", "errors")
	errors := h.errors
	for _, r := range rows {
		loop, ans, next := r.s["loop"], r.s["answers"], r.s["next"]
		fmt.Printf("%-26s %9.0f %8.3fx %11s %11s %11s %11s %11s %7d\n", r.name, loop.rps, loop.rps/h.rps,
			loop.p50.Round(time.Microsecond), loop.p99.Round(time.Microsecond), ans.p50.Round(time.Microsecond), ans.p99.Round(time.Microsecond),
			next.p99.Round(time.Microsecond), ans.errors+next.errors)
		errors += ans.errors + next.errors
	}
	for _, r := range rows {
		for i, c := range r.commits {
			fmt.Printf("committer of %s, server %d: %d writes in %d commits (%.1f a commit), busy %.0f%% of the phase (%.0f%% in COMMIT)\n", r.name, i+1,
				c.Writes, c.Batches, float64(c.Writes)/max(1, float64(c.Batches)), 100*c.Busy.Seconds()/dur.Seconds(), 100*c.Commit.Seconds()/dur.Seconds())
		}
	}
	for _, r := range rows {
		metric := map[string]string{"SQLite, one server": "sqlite", "PostgreSQL, one server": "pg1", "PostgreSQL, two servers": "pg2"}[r.name]
		b.ReportMetric(r.s["loop"].rps, metric+"_loops/s")
		b.ReportMetric(float64(r.s["answers"].p99.Microseconds())/1000, metric+"_answer_p99_ms")
	}
	if errors > 0 {
		b.Errorf("%d errors under load (the first is printed above)", errors)
	}
}

// loopTarget is the study API of one database under load: the bank's
// address on each of its servers, and the students' tokens.
type loopTarget struct {
	bankPaths []string
	tokens    []string
	stores    []*storage.Store
}

// newLoopTarget opens the database at path with instances stores, each
// served by an app of its own, and gives it the bundled bank and students
// without a daily limit on new cards (loadBank).
func newLoopTarget(b *testing.B, path string, instances, students int) loopTarget {
	b.Helper()
	ctx := context.Background()
	var t loopTarget
	for range instances {
		st, err := storage.Open(ctx, storage.Config{Path: path})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		t.stores = append(t.stores, st)
	}
	st := t.stores[0]
	res, err := st.UpsertBank(ctx, loadBank(b), storage.BankOptions{Public: true})
	if err != nil {
		b.Fatal(err)
	}
	t.tokens = loadStudents(b, st, students)
	v, err := views.New()
	if err != nil {
		b.Fatal(err)
	}
	for _, st := range t.stores {
		app := New(Deps{Store: st, Views: v, Config: Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}})
		t.bankPaths = append(t.bankPaths, fmt.Sprintf("%s/api/v1/banks/%d", listen(b, app), res.Bank.ID))
	}
	return t
}

func (t loopTarget) commitStats() []storage.CommitStats {
	out := make([]storage.CommitStats, len(t.stores))
	for i, st := range t.stores {
		out[i] = st.CommitStats()
	}
	return out
}

// loop is one turn of the next → answer loop of worker w's student,
// through the server the student keeps to.
func (t loopTarget) loop(client *http.Client) func(int, func(string, time.Duration, error)) {
	return func(w int, rec func(string, time.Duration, error)) {
		s := w % len(t.tokens)
		tok, bankPath := t.tokens[s], t.bankPaths[s%len(t.bankPaths)]
		var next struct {
			Question *struct {
				ID   string `json:"id"`
				Reps uint64 `json:"reps"`
			} `json:"question"`
		}
		start := time.Now()
		err := fetch(client, "GET", bankPath+"/next", tok, "", &next)
		rec("next", time.Since(start), err)
		if err != nil || next.Question == nil {
			return
		}
		body := fmt.Sprintf(`{"question_id":%q,"rating":%d,"reps":%d}`, next.Question.ID, 3+w%2, next.Question.Reps)
		mid := time.Now()
		err = fetch(client, "POST", bankPath+"/answers", tok, body, nil)
		rec("answers", time.Since(mid), err)
		if err == nil {
			rec("loop", time.Since(start), nil)
		}
	}
}
