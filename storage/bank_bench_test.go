package storage

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"quizd/questions"
	"quizd/questions/srs"
)

// BenchmarkPublish stores a bank of the most questions a bank may hold,
// then a new version of it that changes every question, while a student
// answers without pause, and prints how long the publish took and the
// longest an answer waited; the baseline answers for half a second with
// no publish, for the machine's own latency.
func BenchmarkPublish(b *testing.B) {
	for _, step := range []string{"baseline", "new bank", "every question changed"} {
		b.Run(step, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s, err := Open(context.Background(), Config{Path: filepath.Join(b.TempDir(), "quizd.db")})
				if err != nil {
					b.Fatal(err)
				}
				ctx := context.Background()
				u, _ := s.CreateUser(ctx, "student", "hash", Student)
				small, err := s.UpsertBank(ctx, smallBank("small", 1), BankOptions{Public: true})
				if err != nil {
					b.Fatal(err)
				}
				big := smallBank("big", questions.DefaultMaxQuestions)
				if step != "new bank" {
					if _, err := s.UpsertBank(ctx, big, BankOptions{Public: true}); err != nil {
						b.Fatal(err)
					}
					for i := range big.Questions {
						big.Questions[i].Prompt = fmt.Sprintf("Changed question %d?", i)
					}
					big.Stamp()
				}
				var done atomic.Bool
				var worst time.Duration
				answers := 0
				finished := make(chan struct{})
				go func() {
					defer close(finished)
					at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
					for !done.Load() {
						at = at.Add(time.Hour)
						start := time.Now()
						if _, err := s.RecordAnswer(ctx, Answer{UserID: u.ID, BankID: small.Bank.ID, QuestionID: "q1", Rating: srs.Good, Now: at, Scheduler: srs.NewScheduler(0.9)}); err != nil {
							b.Error(err)
							return
						}
						worst = max(worst, time.Since(start))
						answers++
					}
				}()
				b.StartTimer()
				start := time.Now()
				if step == "baseline" {
					time.Sleep(500 * time.Millisecond)
				} else if _, err := s.UpsertBank(ctx, big, BankOptions{Public: true}); err != nil {
					b.Fatal(err)
				}
				took := time.Since(start)
				b.StopTimer()
				done.Store(true)
				<-finished
				s.Close()
				b.ReportMetric(took.Seconds(), "publish-s")
				b.ReportMetric(float64(worst.Microseconds())/1000, "max-answer-ms")
				b.ReportMetric(float64(answers), "answers")
				b.StartTimer()
			}
		})
	}
}
