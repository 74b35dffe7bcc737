//go:build unix

package storage

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"gorm.io/gorm"

	"quizd/questions/srs"
)

// BenchmarkNextCard times NextCard for one student (60 cards, 20 of them
// due, 10 answers today) in banks of 275 and 5,000 questions, with 10³,
// 10⁵ and 10⁶ card rows of other students in the same bank, each as the
// pages ask for it (full: with the day's goal) and as the API does (lean,
// with the request's cache epoch read first, from the study cache, and
// lean-cold, reading the student's schedule into it each time). The cost
// should not grow with either.
func BenchmarkNextCard(b *testing.B) {
	for _, tc := range []struct{ questions, cards int }{
		{275, 1000}, {5000, 1000}, {275, 100_000}, {5000, 100_000}, {275, 1_000_000}, {5000, 1_000_000},
	} {
		b.Run(fmt.Sprintf("questions=%d/cards=%d", tc.questions, tc.cards), func(b *testing.B) {
			ctx := context.Background()
			s, err := Open(ctx, Config{Path: b.TempDir() + "/next.db"})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			res, err := s.UpsertBank(ctx, smallBank("bench", tc.questions), BankOptions{Public: true})
			if err != nil {
				b.Fatal(err)
			}
			now := time.Now().UTC()
			start := time.Now()
			u, err := s.CreateUser(ctx, "student", "-", Student)
			if err != nil {
				b.Fatal(err)
			}
			if err := seedNextBench(ctx, s, res.Bank.ID, u.ID, tc.questions, tc.cards, now); err != nil {
				b.Fatal(err)
			}
			seeded := time.Since(start)
			// The seed's WAL is checkpointed now, not by the background
			// checkpointer while the next card is being timed.
			if s.checkpoints != nil {
				if _, err := s.checkpoints.truncate(ctx); err != nil {
					b.Fatal(err)
				}
			}
			for _, mode := range []string{"full", "lean", "lean-cold"} {
				lean, cold := mode != "full", mode == "lean-cold"
				// The lean next card is the API's: with a request's cache
				// epoch read, as the server reads it for every request,
				// and the student's schedule from the study cache; cold,
				// the schedule is read again each time, as after another
				// server's write.
				b.Run(mode, func(b *testing.B) {
					q := NextQuery{UserID: u.ID, BankID: res.Bank.ID, Now: now, DayStart: now.Add(-time.Hour), NewPerDay: 20, Lean: lean}
					if _, err := s.NextCard(ctx, q); err != nil {
						b.Fatal(err)
					}
					cpu0 := cpuTime()
					b.ResetTimer()
					for range b.N {
						c := ctx
						if cold {
							s.cache.mu.Lock()
							clear(s.cache.study)
							s.cache.mu.Unlock()
						}
						if lean {
							if c, err = s.Fresh(ctx); err != nil {
								b.Fatal(err)
							}
						}
						if _, err := s.NextCard(c, q); err != nil {
							b.Fatal(err)
						}
					}
					b.StopTimer()
					// CPU time as well as wall time: on a machine shared with
					// other work, it is the steadier of the two.
					b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/next")
					b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/next")
					b.ReportMetric(seeded.Seconds(), "s-seed")
				})
			}
		})
	}
}

// cpuTime is the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// seedNextBench gives the student 60 cards of the bank (20 due, 10 of
// them answered today) and fills the bank with other students' cards up
// to cards rows in all, in SQL: the benchmark is of reading, not seeding.
func seedNextBench(ctx context.Context, s *Store, bankID, userID uint, questions, cards int, now time.Time) error {
	others := (cards - 60 + questions - 1) / questions
	return s.write(ctx, func(tx *gorm.DB) error {
		if err := tx.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < ?)
			INSERT INTO users (username, username_key, password_hash, role, desired_retention, new_per_day, created_at, updated_at)
			SELECT 'other' || i, 'other' || i, '-', 'student', 0.9, 20, ?, ? FROM n`, others, now, now).Error; err != nil {
			return err
		}
		insert := `INSERT INTO cards (user_id, bank_id, question_id, state, due, stability, difficulty, elapsed_days, scheduled_days,
			reps, lapses, last_review, remaining_steps, last_rating, leech, updated_at)
			SELECT u.id, ?, q.id, 2, ?, 10, 5, 0, 10, 3, 0, ?, 0, 3, 0, ? FROM users u JOIN questions q ON q.bank_id = ? `
		if err := tx.Exec(insert+"WHERE u.id = ? AND q.position < 20", bankID, now.Add(-time.Hour), now.Add(-10*24*time.Hour), now, bankID, userID).Error; err != nil {
			return err
		}
		if err := tx.Exec(insert+"WHERE u.id = ? AND q.position >= 20 AND q.position < 60", bankID, now.Add(72*time.Hour), now.Add(-10*24*time.Hour), now, bankID, userID).Error; err != nil {
			return err
		}
		if err := tx.Exec(insert+"WHERE u.id <> ? LIMIT ?", bankID, now.Add(24*time.Hour), now.Add(-10*24*time.Hour), now, bankID, userID, cards-60).Error; err != nil {
			return err
		}
		return tx.Exec(`INSERT INTO reviews (user_id, bank_id, question_id, card_id, rating, response, response_ms, reviewed_at,
			before_state, before_due, before_stability, before_difficulty, before_elapsed_days, before_scheduled_days, before_reps, before_lapses, before_remaining_steps,
			after_state, after_due, after_stability, after_difficulty, after_elapsed_days, after_scheduled_days, after_reps, after_lapses, after_remaining_steps, question_version)
			SELECT user_id, bank_id, question_id, id, 3, '', 1000, ?, 2, due, 10, 5, 0, 10, 2, 0, 0, 2, ?, 10, 5, 0, 10, 3, 0, 0, 1
			FROM cards WHERE user_id = ? AND bank_id = ? AND due < ? LIMIT 10`, now.Add(-30*time.Minute), now.Add(24*time.Hour), userID, bankID, now).Error
	})
}

// BenchmarkRecordAnswer times RecordAnswer from 32 students at once, each
// answering new cards of a bank of 2,000 questions in turn: the answers
// share commits as the server's do, and the CPU per answer is what the
// answer's statements and its share of a commit cost.
func BenchmarkRecordAnswer(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, Config{Path: b.TempDir() + "/answer.db"})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	bank, err := s.UpsertBank(ctx, smallBank("bench", 2000), BankOptions{Public: true})
	if err != nil {
		b.Fatal(err)
	}
	const students = 32
	var users []*User
	for i := range students {
		u, err := s.CreateUser(ctx, fmt.Sprintf("student%d", i), "-", Student)
		if err != nil {
			b.Fatal(err)
		}
		users = append(users, u)
	}
	sched := srs.NewScheduler(0.9)
	now := time.Now().UTC()
	var next atomic.Int64
	before := s.CommitStats()
	cpu0 := cpuTime()
	b.ResetTimer()
	var wg sync.WaitGroup
	for w := range students {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				if next.Add(1) > int64(b.N) {
					return
				}
				a := Answer{UserID: users[w].ID, BankID: bank.Bank.ID, QuestionID: fmt.Sprintf("q%d", 1+i%2000), Rating: srs.Good, Now: now, Scheduler: sched}
				if _, err := s.RecordAnswer(ctx, a); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	after := s.CommitStats()
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/float64(b.N), "cpu-µs/answer")
	b.ReportMetric(float64(after.Writes-before.Writes)/max(1, float64(after.Batches-before.Batches)), "answers/commit")
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "answers/s")
}
