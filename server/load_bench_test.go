package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/questions/seed"
	"quizd/questions/srs"
	"quizd/server/auth"
	"quizd/storage"
	"quizd/views"
)

// BenchmarkLoad measures, in one run, the study API under many simulated
// students against the real app on a real SQLite file (synchronous=FULL),
// beside a Fiber hello-world endpoint as the baseline, and prints each as a
// ratio to the baseline: GET /next alone, POST /answers alone (each
// student answering the bank's questions in turn) and the next → answer
// loop a client makes, with answers/s and their p50 and p99. Run it with
// -benchtime 1x: one run is the measurement.
//
// LOAD_STUDENTS (64), LOAD_WORKERS (one per student), LOAD_SECONDS (5,
// per phase) and LOAD_QUESTIONS (1,500, the bundled bank's questions
// repeated) change its size; LOAD_PHASES (next,answers,loop) chooses the
// phases run after the baseline, to profile one alone.
func BenchmarkLoad(b *testing.B) {
	students, workers, dur := loadSize()

	ctx := context.Background()
	dbPath := filepath.Join(b.TempDir(), "load.db")
	st, err := storage.Open(ctx, storage.Config{Path: dbPath})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	bank := loadBank(b)
	res, err := st.UpsertBank(ctx, bank, storage.BankOptions{Public: true})
	if err != nil {
		b.Fatal(err)
	}
	// Two groups of students: the answers-alone phase's, and the one the
	// next-alone phase reads and the loop then studies with, so that the
	// loop starts where a class does, not after a phase that used up the
	// day's cards.
	tokens := loadStudents(b, st, 2*students)
	v, err := views.New()
	if err != nil {
		b.Fatal(err)
	}
	app := New(Deps{Store: st, Views: v, Config: Config{SignupOpen: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}})
	appURL := listen(b, app)
	hello := fiber.New(fiber.Config{DisableStartupMessage: true})
	hello.Get("/hello", func(c *fiber.Ctx) error { return c.SendString("hello") })
	helloURL := listen(b, hello)

	client := &http.Client{Transport: &http.Transport{MaxIdleConns: workers * 2, MaxIdleConnsPerHost: workers * 2}, Timeout: 30 * time.Second}
	bankPath := fmt.Sprintf("%s/api/v1/banks/%d", appURL, res.Bank.ID)
	type nextBody struct {
		Question *struct {
			ID   string `json:"id"`
			Reps uint64 `json:"reps"`
		} `json:"question"`
	}

	b.ResetTimer()
	base := runLoad(workers, dur, func(w int, rec func(string, time.Duration, error)) {
		start := time.Now()
		err := fetch(client, "GET", helloURL+"/hello", "", "", nil)
		rec("hello", time.Since(start), err)
	})
	commits := map[string]storage.CommitStats{}
	wals := map[string][2]int64{} // each phase's largest WAL file and its last
	measure := func(name string, step func(int, func(string, time.Duration, error))) map[string]stats {
		before := st.CommitStats()
		stopWAL, walDone := make(chan struct{}), make(chan [2]int64)
		go func() { walDone <- watchWAL(dbPath+"-wal", stopWAL) }()
		out := runLoad(workers, dur, step)
		close(stopWAL)
		wals[name] = <-walDone
		after := st.CommitStats()
		commits[name] = storage.CommitStats{Batches: after.Batches - before.Batches, Writes: after.Writes - before.Writes, Busy: after.Busy - before.Busy, Commit: after.Commit - before.Commit}
		return out
	}
	phases := os.Getenv("LOAD_PHASES")
	run := func(name string) bool { return phases == "" || slices.Contains(strings.Split(phases, ","), name) }
	skip := func(string, func(int, func(string, time.Duration, error))) map[string]stats {
		return map[string]stats{}
	}
	measureIf := func(phase string) func(string, func(int, func(string, time.Duration, error))) map[string]stats {
		if run(phase) {
			return measure
		}
		return skip
	}
	floor := measureIf("floor")("settings alone", func(w int, rec func(string, time.Duration, error)) {
		start := time.Now()
		err := fetch(client, "GET", appURL+"/api/v1/me/settings", tokens[w%students], "", nil)
		rec("settings", time.Since(start), err)
	})
	alone := measureIf("next")("next alone", func(w int, rec func(string, time.Duration, error)) {
		var next nextBody
		start := time.Now()
		err := fetch(client, "GET", bankPath+"/next", tokens[w%students], "", &next)
		rec("next", time.Since(start), err)
	})
	turn := make([]int, workers) // each worker's place in the bank
	answers := measureIf("answers")("answers alone", func(w int, rec func(string, time.Duration, error)) {
		qid := bank.Questions[(turn[w]*7+w)%len(bank.Questions)].ID
		turn[w]++
		body := fmt.Sprintf(`{"question_id":%q,"rating":%d}`, qid, 3+w%2)
		start := time.Now()
		err := fetch(client, "POST", bankPath+"/answers", tokens[students+w%students], body, nil)
		rec("answers", time.Since(start), err)
	})
	loop := measureIf("loop")("next → answer loop", loopTarget{bankPaths: []string{bankPath}, tokens: tokens[:students]}.loop(client))
	b.StopTimer()

	h := base["hello"]
	fmt.Printf("\nload: %d students, %d concurrent clients, %s per phase, SQLite file with synchronous=FULL\n", students, workers, dur)
	fmt.Printf("%-28s %10s %12s %12s %8s %10s %10s\n", "endpoint", "req/s", "p50", "p99", "errors", "rps ratio", "p99 ratio")
	rows := []struct {
		name, metric string
		s            stats
	}{
		{"GET /hello (baseline)", "hello", h},
		{"GET /me/settings alone", "settings", floor["settings"]},
		{"GET .../next alone", "next", alone["next"]},
		{"POST .../answers alone", "answers", answers["answers"]},
		{"next → answer loop", "loop", loop["loop"]},
		{"  GET .../next in the loop", "loop_next", loop["next"]},
		{"  POST .../answers in loop", "loop_answers", loop["answers"]},
	}
	errors := 0
	for _, row := range rows {
		fmt.Printf("%-28s %10.0f %12s %12s %8d %9.3fx %9.1fx\n", row.name, row.s.rps, row.s.p50.Round(time.Microsecond), row.s.p99.Round(time.Microsecond), row.s.errors,
			row.s.rps/h.rps, float64(row.s.p99)/float64(h.p99))
		b.ReportMetric(row.s.rps, row.metric+"_req/s")
		errors += row.s.errors
	}
	for _, name := range []string{"next alone", "answers alone", "next → answer loop"} {
		c := commits[name]
		fmt.Printf("committer, %-19s %6d writes in %5d commits (%.1f a commit), busy %3.0f%% of the phase (%3.0f%% in COMMIT)\n", name+":", c.Writes, c.Batches,
			float64(c.Writes)/max(1, float64(c.Batches)), 100*c.Busy.Seconds()/dur.Seconds(), 100*c.Commit.Seconds()/dur.Seconds())
	}
	for _, name := range []string{"next alone", "answers alone", "next → answer loop"} {
		w := wals[name]
		fmt.Printf("WAL file, %-20s largest %6.1f MiB, at the end %6.1f MiB\n", name+":", float64(w[0])/(1<<20), float64(w[1])/(1<<20))
	}
	b.ReportMetric(loop["loop"].rps/h.rps, "loop/hello")
	for _, row := range rows[3:4] {
		b.ReportMetric(float64(row.s.p50.Microseconds())/1000, "answer_p50_ms")
		b.ReportMetric(float64(row.s.p99.Microseconds())/1000, "answer_p99_ms")
	}
	b.ReportMetric(float64(loop["answers"].p99.Microseconds())/1000, "loop_answer_p99_ms")
	if errors > 0 {
		b.Errorf("%d errors under load (the first is printed above)", errors)
	}
}

// loadBank is the bundled bank's questions, repeated under new ids to
// LOAD_QUESTIONS (1,500) questions: more than a student answers in a
// phase, so that no student runs out of new cards and every next has a
// question to answer.
func loadBank(b *testing.B) *questions.Bank {
	b.Helper()
	seedBank, err := seed.Bank()
	if err != nil {
		b.Fatal(err)
	}
	n := envInt("LOAD_QUESTIONS", 1500)
	out := &questions.Bank{Slug: "load", Title: "Load benchmark", Source: seedBank.Source}
	for i := 0; len(out.Questions) < n; i++ {
		q := seedBank.Questions[i%len(seedBank.Questions)]
		q.ID = fmt.Sprintf("%s-%d", q.ID, i/len(seedBank.Questions))
		out.Questions = append(out.Questions, q)
	}
	out.Stamp()
	return out
}

// loadStudents creates n students without a daily limit on new cards, so
// that each always has a card to answer, and gives their API tokens.
func loadStudents(b *testing.B, st *storage.Store, n int) []string {
	b.Helper()
	ctx := context.Background()
	hash, _ := auth.HashPassword("load test password")
	tokens := make([]string, n)
	for i := range tokens {
		u, err := st.CreateUser(ctx, fmt.Sprintf("student%04d", i), hash, storage.Student)
		if err != nil {
			b.Fatal(err)
		}
		if err := st.UpdateSettings(ctx, u.ID, srs.Settings{DesiredRetention: 0.9, NewPerDay: 9999}); err != nil {
			b.Fatal(err)
		}
		tok, th, _ := auth.NewToken()
		if err := st.CreateToken(ctx, u.ID, th, time.Now()); err != nil {
			b.Fatal(err)
		}
		tokens[i] = tok
	}
	return tokens
}

// loadSize is the size of a load benchmark: LOAD_STUDENTS (64),
// LOAD_WORKERS (one per student) and LOAD_SECONDS (5, per phase).
func loadSize() (students, workers int, dur time.Duration) {
	students = envInt("LOAD_STUDENTS", 64)
	return students, envInt("LOAD_WORKERS", students), time.Duration(envInt("LOAD_SECONDS", 5)) * time.Second
}

func envInt(name string, def int) int {
	var n int
	if _, err := fmt.Sscan(os.Getenv(name), &n); err == nil && n > 0 {
		return n
	}
	return def
}

func listen(b *testing.B, app *fiber.App) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	b.Cleanup(func() { _ = app.ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String()
}

func fetch(c *http.Client, method, url, token, body string, out any) error {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		data, _ := io.ReadAll(resp.Body)
		return fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, data)
	}
	if out != nil {
		return json.NewDecoder(resp.Body).Decode(out)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

type stats struct {
	rps      float64
	p50, p99 time.Duration
	errors   int
}

// runLoad runs step in workers goroutines for dur and summarises the
// latencies each step recorded, by name.
// watchWAL samples the size of the WAL file at path until stop, and
// returns the largest size seen and the last.
func watchWAL(path string, stop chan struct{}) [2]int64 {
	var most, last int64
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if info, err := os.Stat(path); err == nil {
			last = info.Size()
			most = max(most, last)
		} else {
			last = 0
		}
		select {
		case <-stop:
			return [2]int64{most, last}
		case <-tick.C:
		}
	}
}

func runLoad(workers int, dur time.Duration, step func(worker int, rec func(string, time.Duration, error))) map[string]stats {
	var mu sync.Mutex
	lat := map[string][]time.Duration{}
	errs := map[string]int{}
	var firstErr error
	deadline := time.Now().Add(dur)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			local := map[string][]time.Duration{}
			localErr := map[string]int{}
			rec := func(name string, d time.Duration, err error) {
				if err != nil {
					localErr[name]++
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					return
				}
				local[name] = append(local[name], d)
			}
			for time.Now().Before(deadline) {
				step(w, rec)
			}
			mu.Lock()
			for k, v := range local {
				lat[k] = append(lat[k], v...)
			}
			for k, v := range localErr {
				errs[k] += v
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	if firstErr != nil {
		fmt.Println("first error under load:", firstErr)
	}
	out := map[string]stats{}
	for k, v := range lat {
		slices.Sort(v)
		out[k] = stats{rps: float64(len(v)) / dur.Seconds(), p50: v[len(v)/2], p99: v[len(v)*99/100], errors: errs[k]}
	}
	return out
}
