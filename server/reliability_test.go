package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/storage"
)

// syncLog collects log output from many goroutines.
type syncLog struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *syncLog) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Write(p) }
func (l *syncLog) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

func TestPanicAnswers500WithRequestID(t *testing.T) {
	e := newEnv(t, true)
	logs := &syncLog{}
	e.app = New(Deps{Store: e.store, Views: mustViews(t), Config: Config{Now: e.clock.Now, Logger: slog.New(slog.NewTextHandler(logs, nil))},
		Extra: func(r fiber.Router) {
			r.Get("/boom", func(c *fiber.Ctx) error { panic("boom in a handler") })
		}})
	req := httptest.NewRequest("GET", "/boom", nil)
	status, body, h := e.do(req)
	rid := h.Get("X-Request-Id")
	if status != 500 || rid == "" || !strings.Contains(body, rid) || strings.Contains(body, "boom") {
		t.Errorf("panic: %d %s (request id %q): want 500 with the request id and not the cause", status, body, rid)
	}
	if l := logs.String(); !strings.Contains(l, "boom in a handler") || !strings.Contains(l, "request_id="+rid) || !strings.Contains(l, "goroutine") {
		t.Errorf("the panic's log lacks the cause, the request id or the stack:\n%s", l)
	}
}

func TestRequestLogsHoldNoSecrets(t *testing.T) {
	e := newEnv(t, true)
	logs := &syncLog{}
	e.app = New(Deps{Store: e.store, Views: mustViews(t), Config: Config{Now: e.clock.Now, Logger: slog.New(slog.NewTextHandler(logs, nil))}})
	token := e.user("ada")
	e.api("POST", "/api/v1/login", "", `{"username":"ada","password":"correct horse"}`)
	e.api("GET", "/api/v1/me/settings?x=secretquery", token, "")
	l := logs.String()
	for _, want := range []string{"method=POST", "path=/api/v1/login", "status=200", "duration_ms=", "request_id="} {
		if !strings.Contains(l, want) {
			t.Errorf("request log lacks %q:\n%s", want, l)
		}
	}
	for _, secret := range []string{"correct horse", token, "secretquery"} {
		if strings.Contains(l, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
}

// TestLoadAnswersAndExports has 200 students answer at once while 20
// exports of the class report run, and counts: no 5xx, no "database is
// locked", every acknowledged answer in the store.
func TestLoadAnswersAndExports(t *testing.T) {
	e := newEnv(t, true)
	base := e.serve(t)
	ctx := context.Background()
	teacher := e.role("teacher", storage.Instructor)
	tu, _, _ := e.store.UserByName(ctx, "teacher")
	cl, _ := e.store.CreateClass(ctx, tu.ID, "Load")
	const students, exporters = 200, 20
	tokens := make([]string, students)
	for i := range tokens {
		tokens[i] = e.user(fmt.Sprintf("load%03d", i))
		u, _, _ := e.store.UserByName(ctx, fmt.Sprintf("load%03d", i))
		e.store.JoinClass(ctx, u.ID, cl.JoinCode)
	}
	client := &http.Client{Timeout: 60 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	var fivexx, locked, acked, exports atomic.Int64
	check := func(resp *http.Response, body []byte) {
		if resp.StatusCode >= 500 {
			fivexx.Add(1)
		}
		if bytes.Contains(body, []byte("database is locked")) {
			locked.Add(1)
		}
	}
	do := func(method, path, token, body string) (*http.Response, []byte, error) {
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := client.Do(req)
		if err != nil {
			return nil, nil, err
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		check(resp, data)
		return resp, data, nil
	}
	bankPath := fmt.Sprintf("/api/v1/banks/%d", e.bank.ID)
	var wg sync.WaitGroup
	errs := make(chan error, students+exporters)
	for _, tok := range tokens {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				_, data, err := do("GET", bankPath+"/next", tok, "")
				if err != nil {
					errs <- err
					return
				}
				var next struct{ Question struct{ ID string } }
				json.Unmarshal(data, &next)
				resp, _, err := do("POST", bankPath+"/answers", tok, fmt.Sprintf(`{"question_id":%q,"rating":4}`, next.Question.ID))
				if err != nil {
					errs <- err
					return
				}
				if resp.StatusCode == 200 {
					acked.Add(1)
				}
			}
		}()
	}
	e.api("POST", fmt.Sprintf("/api/v1/classes/%d/banks", cl.ID), teacher, fmt.Sprintf(`{"bank_id":%d}`, e.bank.ID))
	for i := range exporters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			view := []string{"progress", "summary", "items"}[i%3]
			resp, data, err := do("GET", fmt.Sprintf("/api/v1/reports/%s?bank=%d&class=%d&format=csv", view, e.bank.ID, cl.ID), teacher, "")
			if err != nil {
				errs <- err
				return
			}
			if resp.StatusCode == 200 && bytes.HasPrefix(data, []byte("student,")) || bytes.HasPrefix(data, []byte("question_id,")) {
				exports.Add(1)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if fivexx.Load() != 0 || locked.Load() != 0 {
		t.Errorf("%d 5xx answers, %d 'database is locked'", fivexx.Load(), locked.Load())
	}
	if acked.Load() != students*5 || exports.Load() != exporters {
		t.Errorf("%d answers acknowledged of %d, %d exports of %d", acked.Load(), students*5, exports.Load(), exporters)
	}
	// No acknowledged answer is lost: the review log holds them all.
	var w rowsCounter
	if _, err := e.store.WriteReport(ctx, storage.ViewItems, storage.ReportScope{BankID: e.bank.ID, ClassID: cl.ID}, &w, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if w.attempts != int(acked.Load()) {
		t.Errorf("the review log holds %d answers, %d were acknowledged", w.attempts, acked.Load())
	}
	t.Logf("load: %d students × 5 answers with %d report exports at once: %d acknowledged, %d in the review log, %d 5xx, %d locked",
		students, exporters, acked.Load(), w.attempts, fivexx.Load(), locked.Load())
}

// rowsCounter sums the attempts column of an item report.
type rowsCounter struct{ attempts int }

func (r *rowsCounter) Row(v []any) error { r.attempts += v[4].(int); return nil }
func (r *rowsCounter) Close() error      { return nil }
