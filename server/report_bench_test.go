package server

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"quizd/questions"
	"quizd/storage"
)

// reportWorld is a class of seeded students on a bank of seeded
// questions, every student having answered every question, and its
// owner signed in.
type reportWorld struct {
	e        *testEnv
	teacher  *browser
	class    *storage.Class
	bankID   uint
	students int
}

// seededBank is a bank of n short-answer questions over six topics, with
// prompts of a usual length.
func seededBank(n int) *questions.Bank {
	b := &questions.Bank{Slug: "bench", Title: "Benchmark bank", Source: questions.Source{Title: "Benchmark"}}
	for i := 1; i <= n; i++ {
		b.Questions = append(b.Questions, questions.Question{
			ID: fmt.Sprintf("q%03d", i), Topic: fmt.Sprintf("topic %d", i%6), Type: questions.ShortAnswer,
			Prompt: fmt.Sprintf("Question %d: in which year did the event described in chapter %d of the source take place?", i, i%40),
			Answer: fmt.Sprint(1900 + i),
		})
	}
	b.Stamp()
	return b
}

// newReportWorld seeds students × questions, with answers, for the class
// report's benchmark and size test.
func newReportWorld(tb testing.TB, students, nq int) *reportWorld {
	tb.Helper()
	e := newEnvWith(tb, false, func(*Config) {})
	e.role("teacher", storage.Instructor)
	ctx := context.Background()
	owner, _, err := e.store.UserByName(ctx, "teacher")
	if err != nil {
		tb.Fatal(err)
	}
	res, err := e.store.UpsertBank(ctx, seededBank(nq), storage.BankOptions{OwnerID: &owner.ID})
	if err != nil {
		tb.Fatal(err)
	}
	now := e.clock.Now()
	cl, err := e.store.SeedReport(ctx, res.Bank.ID, owner.ID, students, now)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := e.store.SeedReportAnswers(ctx, cl.ID, res.Bank.ID, now); err != nil {
		tb.Fatal(err)
	}
	w := &reportWorld{e: e, class: cl, bankID: res.Bank.ID, students: students}
	w.teacher = e.browser()
	_, page, _ := w.teacher.request("GET", "/login", nil)
	if status, _, _ := w.teacher.post("/login", page, map[string][]string{"username": {"teacher"}, "password": {"correct horse"}}); status != 303 {
		tb.Fatalf("sign in: %d", status)
	}
	return w
}

// url is the class report's address with extra parameters.
func (w *reportWorld) url(extra string) string {
	return fmt.Sprintf("/reports/class?class=%d&bank=%d%s", w.class.ID, w.bankID, extra)
}

// maxReportHTML is the most HTML the class report may send at 200
// students × 300 questions.
const maxReportHTML = 2 << 20

// BenchmarkClassReport seeds 200 students × 300 questions, every card
// answered one to three times, and renders the class report page,
// reporting its render time and size. Run it with -benchtime 1x or more.
func BenchmarkClassReport(b *testing.B) {
	w := newReportWorld(b, 200, 300)
	var size int
	b.ResetTimer()
	start := time.Now()
	for range b.N {
		status, body, _ := w.teacher.request("GET", w.url(""), nil)
		if status != 200 {
			b.Fatalf("class report: %d %.300s", status, body)
		}
		size = len(body)
	}
	elapsed := time.Since(start) / time.Duration(b.N)
	b.StopTimer()
	fmt.Printf("\nclass report, 200 students × 300 questions: %s per page, %d bytes of HTML (limit %d)\n", elapsed.Round(time.Millisecond), size, maxReportHTML)
	b.ReportMetric(float64(size), "html_bytes")
	b.ReportMetric(float64(elapsed.Milliseconds()), "render_ms")
	if size > maxReportHTML {
		b.Errorf("the page is %d bytes, more than %d", size, maxReportHTML)
	}
}

// TestClassReportSizeBound checks the 2 MB bound at 200 students × 300
// questions from a class of 40: the item table is paged, so only the
// students' table grows with the class, a line a student; the page of 40
// plus 160 of its longest student lines must stay under the bound.
func TestClassReportSizeBound(t *testing.T) {
	const seeded, students = 40, 200
	w := newReportWorld(t, seeded, 300)
	status, body, _ := w.teacher.request("GET", w.url(""), nil)
	if status != 200 {
		t.Fatalf("class report: %d %.300s", status, body)
	}
	if dir := os.Getenv("QUIZD_DUMP"); dir != "" {
		os.WriteFile(dir+"/class_report.html", []byte(body), 0o644)
	}
	start, end := strings.Index(body, `<table class="topics sortable compact" id="students">`), strings.Index(body, `<h2 id="questions">`)
	if start < 0 || end < start {
		t.Fatal("no students' table")
	}
	lines := strings.Split(body[start:end], "</tr>")
	longest, rows := 0, 0
	for _, l := range lines {
		if strings.Contains(l, `<th scope="row">`) {
			rows++
			longest = max(longest, len(l)+len("</tr>"))
		}
	}
	if rows != seeded {
		t.Fatalf("%d student lines, want %d", rows, seeded)
	}
	if n := strings.Count(body, `<td class="prompt-cell">`); n != 50 {
		t.Errorf("%d questions on the first page, want 50", n)
	}
	if est := len(body) + (students-seeded)*longest; est > maxReportHTML {
		t.Errorf("at %d students the class report would be about %d bytes of HTML (%d now, %d a student), more than %d", students, est, len(body), longest, maxReportHTML)
	}
}
