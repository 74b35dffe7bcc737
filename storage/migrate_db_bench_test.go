package storage

import (
	"context"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// BenchmarkMigrateDB copies a class of 200 students, each with the cards
// of a 300-question bank and one to three answers a card, from SQLite into
// PostgreSQL: rows/s of the whole command (the target's schema included),
// and the heap at its end, which stays flat whatever the database's size.
func BenchmarkMigrateDB(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "quizd.db")
	s, err := Open(ctx, Config{Path: path})
	if err != nil {
		b.Fatal(err)
	}
	teacher, err := s.CreateUser(ctx, "teacher", "hash", Instructor)
	if err != nil {
		b.Fatal(err)
	}
	r, err := s.UpsertBank(ctx, smallBank("course", 300), BankOptions{Public: true})
	if err != nil {
		b.Fatal(err)
	}
	cl, err := s.SeedReport(ctx, r.Bank.ID, teacher.ID, 200, t0)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.SeedReportAnswers(ctx, cl.ID, r.Bank.ID, t0); err != nil {
		b.Fatal(err)
	}
	s.Close()
	var rows int64
	var took time.Duration
	var heap uint64
	for b.Loop() {
		b.StopTimer()
		to := migrateTestDB(b)
		b.StartTimer()
		start := time.Now()
		res, err := MigrateDB(ctx, MigrateConfig{From: path, To: to})
		if err != nil {
			b.Fatal(err)
		}
		took += time.Since(start)
		rows += res.Rows
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heap = max(heap, ms.HeapInuse)
	}
	b.ReportMetric(float64(rows)/took.Seconds(), "rows/s")
	b.ReportMetric(float64(rows)/float64(b.N), "rows")
	b.ReportMetric(float64(heap)/(1<<20), "heap-MiB")
}
