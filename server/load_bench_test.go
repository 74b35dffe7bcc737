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

	"quizd/questions/seed"
	"quizd/questions/srs"
	"quizd/server/auth"
	"quizd/storage"
	"quizd/views"
)

// BenchmarkLoad measures, in one run, GET /next and POST /answers under
// many simulated students against the real app on a real SQLite file, and a
// Fiber hello-world endpoint as the baseline, and prints each as a ratio to
// the baseline. Run it with -benchtime 1x: one run is the measurement.
//
// LOAD_STUDENTS, LOAD_WORKERS and LOAD_SECONDS change its size.
func BenchmarkLoad(b *testing.B) {
	students := envInt("LOAD_STUDENTS", 200)
	workers := envInt("LOAD_WORKERS", 32)
	dur := time.Duration(envInt("LOAD_SECONDS", 5)) * time.Second

	ctx := context.Background()
	st, err := storage.Open(ctx, storage.Config{Path: filepath.Join(b.TempDir(), "load.db")})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	bank, err := seed.Bank()
	if err != nil {
		b.Fatal(err)
	}
	res, err := st.UpsertBank(ctx, bank, storage.BankOptions{Public: true, Builtin: true})
	if err != nil {
		b.Fatal(err)
	}
	hash, _ := auth.HashPassword("load test password")
	tokens := make([]string, students)
	for i := range tokens {
		u, err := st.CreateUser(ctx, fmt.Sprintf("student%04d", i), hash, storage.Student)
		if err != nil {
			b.Fatal(err)
		}
		// No daily limit, so that every student always has a card to answer.
		if err := st.UpdateSettings(ctx, u.ID, srs.Settings{DesiredRetention: 0.9, NewPerDay: 9999}); err != nil {
			b.Fatal(err)
		}
		tok, th, _ := auth.NewToken()
		if err := st.CreateToken(ctx, u.ID, th, time.Now()); err != nil {
			b.Fatal(err)
		}
		tokens[i] = tok
	}
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

	b.ResetTimer()
	base := runLoad(workers, dur, func(w int, rec func(string, time.Duration, error)) {
		start := time.Now()
		err := fetch(client, "GET", helloURL+"/hello", "", "", nil)
		rec("hello", time.Since(start), err)
	})
	bankPath := fmt.Sprintf("%s/api/v1/banks/%d", appURL, res.Bank.ID)
	study := runLoad(workers, dur, func(w int, rec func(string, time.Duration, error)) {
		tok := tokens[w%students]
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
		start = time.Now()
		err = fetch(client, "POST", bankPath+"/answers", tok, body, nil)
		rec("answers", time.Since(start), err)
	})
	b.StopTimer()

	h := base["hello"]
	fmt.Printf("\nload: %d students, %d concurrent clients, %s per phase, SQLite file with synchronous=FULL\n", students, workers, dur)
	fmt.Printf("%-22s %10s %10s %10s %8s %10s %10s\n", "endpoint", "req/s", "p50", "p99", "errors", "rps ratio", "p99 ratio")
	for _, row := range []struct {
		name, metric string
		s            stats
	}{{"GET /hello (baseline)", "hello", h}, {"GET .../next", "next", study["next"]}, {"POST .../answers", "answers", study["answers"]}} {
		fmt.Printf("%-22s %10.0f %10s %10s %8d %9.3fx %9.1fx\n", row.name, row.s.rps, row.s.p50, row.s.p99, row.s.errors,
			row.s.rps/h.rps, float64(row.s.p99)/float64(h.p99))
		b.ReportMetric(row.s.rps, row.metric+"_req/s")
	}
	if study["answers"].errors+study["next"].errors > 0 {
		b.Errorf("errors under load: next %d, answers %d", study["next"].errors, study["answers"].errors)
	}
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
