package storage

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"quizd/questions/report"
)

// BenchmarkReportExport seeds a class of REPORT_STUDENTS students (10,000
// by default) on a bank of 200 questions, and exports the progress report
// (one row per student and question) as CSV, printing rows per second and
// the peak heap while exporting. Run it with -benchtime 1x.
func BenchmarkReportExport(b *testing.B) {
	students := 10000
	if n, err := fmt.Sscan(os.Getenv("REPORT_STUDENTS"), &students); n != 1 || err != nil {
		students = 10000
	}
	ctx := context.Background()
	s, err := Open(ctx, Config{Path: b.TempDir() + "/report.db"})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	owner, err := s.CreateUser(ctx, "owner", "-", Instructor)
	if err != nil {
		b.Fatal(err)
	}
	res, err := s.UpsertBank(ctx, smallBank("bench", 200), BankOptions{OwnerID: &owner.ID})
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC()
	start := time.Now()
	cl, err := s.SeedReport(ctx, res.Bank.ID, owner.ID, students, now)
	if err != nil {
		b.Fatal(err)
	}
	seeded := time.Since(start)
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		var m runtime.MemStats
		for {
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
			}
		}
	}()
	b.ResetTimer()
	start = time.Now()
	w, _ := report.NewWriter("csv", io.Discard, "Progress", report.ProgressColumns)
	rows, err := s.WriteReport(ctx, ViewProgress, ReportScope{BankID: res.Bank.ID, ClassID: cl.ID}, w, now)
	if err == nil {
		err = w.Close()
	}
	elapsed := time.Since(start)
	b.StopTimer()
	close(done)
	if err != nil {
		b.Fatal(err)
	}
	if rows != students*200 {
		b.Fatalf("%d rows, want %d", rows, students*200)
	}
	fmt.Printf("\nreport: %d students × 200 questions = %d rows (seeded in %s)\n", students, rows, seeded.Round(time.Millisecond))
	fmt.Printf("progress CSV export: %s, %.0f rows/s, peak heap in use %.1f MiB (%.1f MiB before)\n",
		elapsed.Round(time.Millisecond), float64(rows)/elapsed.Seconds(), float64(peak.Load())/(1<<20), float64(base.HeapInuse)/(1<<20))
	b.ReportMetric(float64(rows)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak_heap_MiB")
}
