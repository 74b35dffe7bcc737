package storage

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"quizd/questions"
	"quizd/questions/srs"
	"quizd/storage/testdb"
)

// holdCommitter starts a write that waits for release (then runs then, in
// the same batch as what was queued meanwhile) and returns once the
// committer is inside it. The returned channel gives the held write's error.
func holdCommitter(t *testing.T, s *Store, then func(tx *gorm.DB) error) (release func(), done <-chan error) {
	t.Helper()
	inside, free, out := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		out <- s.write(context.Background(), func(tx *gorm.DB) error {
			close(inside)
			<-free
			if then != nil {
				return then(tx)
			}
			return nil
		})
	}()
	<-inside
	var once sync.Once
	release = func() { once.Do(func() { close(free) }) }
	t.Cleanup(release)
	return release, out
}

// waitQueued waits until n writes wait for the committer.
func waitQueued(t *testing.T, s *Store, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(s.commits.queue) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d writes queued after 10 s, want %d", len(s.commits.queue), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// One batch, one commit: a write that fails (by its own error, a
// constraint or a panic) is rolled back alone, its caller gets its error,
// and every other write of the batch is committed.
func TestGroupCommitFailedWriteRollsBackAlone(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	// Every write queued while the committer is held joins its batch,
	// however slow this machine is.
	s.commits.maxWork = time.Hour
	if err := s.write(ctx, func(tx *gorm.DB) error {
		return tx.Exec("CREATE TABLE gc_test (n INTEGER PRIMARY KEY)").Error
	}); err != nil {
		t.Fatal(err)
	}
	release, held := holdCommitter(t, s, nil)
	before := s.commits.commits.Load()
	const writes = 10
	errs := make([]error, writes)
	panics := make([]any, writes)
	var wg sync.WaitGroup
	for i := range writes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { panics[i] = recover() }()
			errs[i] = s.write(ctx, func(tx *gorm.DB) error {
				if err := tx.Exec("INSERT INTO gc_test (n) VALUES (?)", i).Error; err != nil {
					return err
				}
				switch i {
				case 3:
					return errors.New("write 3 changed its mind")
				case 5:
					return tx.Exec("INSERT INTO gc_test (n) VALUES (?)", i).Error // a duplicate key
				case 7:
					panic("write 7 panics")
				}
				return nil
			})
		}()
	}
	waitQueued(t, s, writes)
	release()
	wg.Wait()
	if err := <-held; err != nil {
		t.Fatalf("the held write: %v", err)
	}
	for i := range writes {
		switch i {
		case 3, 5:
			if errs[i] == nil {
				t.Errorf("write %d succeeded, want its error", i)
			}
		case 7:
			if panics[i] == nil {
				t.Errorf("write 7 did not panic in its caller")
			}
		default:
			if errs[i] != nil || panics[i] != nil {
				t.Errorf("write %d: %v %v, want it committed", i, errs[i], panics[i])
			}
		}
	}
	if n := s.commits.commits.Load() - before; n != 1 {
		t.Errorf("%d commits for the held write and the %d queued, want one", n, writes)
	}
	// Read from another connection to the database: what was committed.
	rows, err := testdb.Open(t, path).Query("SELECT n FROM gc_test ORDER BY n")
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for rows.Next() {
		var n int
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 1, 2, 4, 6, 8, 9}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("committed rows %v, want %v", got, want)
	}
}

// A caller whose context ends while its write is queued gets the
// context's error at once, and nothing of its write is written.
func TestGroupCommitCancelledWriteIsNotWritten(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	b := mustBank(t, s, smallBank("b", 1))
	u := mustUser(t, s, "ada")
	release, held := holdCommitter(t, s, nil)
	cctx, cancel := context.WithCancel(ctx)
	out := make(chan error, 1)
	go func() {
		_, err := s.RecordAnswer(cctx, Answer{UserID: u.ID, BankID: b.ID, QuestionID: "q1", Rating: srs.Good, Now: t0, Scheduler: srs.NewScheduler(0.9)})
		out <- err
	}()
	waitQueued(t, s, 1)
	cancel()
	select {
	case err := <-out:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled answer: %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a cancelled caller still waits for the committer")
	}
	release()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	// A write after it goes through, and the cancelled one left nothing.
	answer(t, s, u, b, "q1", srs.Again, t0)
	var reviews int64
	s.r.Model(&reviewRow{}).Count(&reviews)
	if reviews != 1 {
		t.Errorf("%d reviews, want only the answer that was not cancelled", reviews)
	}
	// A context that ended before the call writes nothing either.
	if _, err := s.RecordAnswer(cctx, Answer{UserID: u.ID, BankID: b.ID, QuestionID: "q1", Rating: srs.Good, Now: t0, Scheduler: srs.NewScheduler(0.9)}); !errors.Is(err, context.Canceled) {
		t.Errorf("answer with an ended context: %v, want context.Canceled", err)
	}
}

// Two answers read the same card before either is written: the one that
// expected the card's reps and comes second is stale (ErrConflict, the
// API's 409), for a new card and for one answered before; answers that
// expect no reps are both recorded, the second scheduled from the first.
func TestAnswersReadBeforeTheWrite(t *testing.T) {
	for _, tc := range []struct {
		name     string
		answered bool // the card has an answer before the two
		expect   bool // both answers expect the card's reps
	}{
		{"new card, expecting reps", false, true},
		{"studied card, expecting reps", true, true},
		{"new card, no reps expected", false, false},
		{"studied card, no reps expected", true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := openTest(t)
			ctx := context.Background()
			b := mustBank(t, s, smallBank("b", 1))
			u := mustUser(t, s, "ada")
			reps := uint64(0)
			if tc.answered {
				answer(t, s, u, b, "q1", srs.Good, t0)
				reps = 1
			}
			a := Answer{UserID: u.ID, BankID: b.ID, QuestionID: "q1", Rating: srs.Good, Now: t0.Add(time.Hour), Scheduler: srs.NewScheduler(0.9)}
			if tc.expect {
				a.ExpectReps = &reps
			}
			release, held := holdCommitter(t, s, nil)
			errs := make(chan error, 2)
			for range 2 {
				go func() {
					_, err := s.RecordAnswer(ctx, a)
					errs <- err
				}()
			}
			waitQueued(t, s, 2)
			release()
			if err := <-held; err != nil {
				t.Fatal(err)
			}
			var conflicts, ok int
			for range 2 {
				switch err := <-errs; {
				case err == nil:
					ok++
				case errors.Is(err, ErrConflict):
					conflicts++
				default:
					t.Errorf("answer: %v", err)
				}
			}
			wantOK, wantConflicts := 2, 0
			if tc.expect {
				wantOK, wantConflicts = 1, 1
			}
			if ok != wantOK || conflicts != wantConflicts {
				t.Errorf("%d recorded and %d stale, want %d and %d", ok, conflicts, wantOK, wantConflicts)
			}
			var card cardRow
			if err := s.r.Take(&card).Error; err != nil {
				t.Fatal(err)
			}
			var reviews int64
			s.r.Model(&reviewRow{}).Count(&reviews)
			if want := reps + uint64(wantOK); card.St.Reps != want || uint64(reviews) != want {
				t.Errorf("card reps %d and %d reviews, want %d of each", card.St.Reps, reviews, want)
			}
		})
	}
}

// A question retired between the answer's read and its write is not
// answered, whether the student had a card for it or not: ErrNotFound,
// nothing written.
func TestAnswerToAQuestionRetiredMeanwhile(t *testing.T) {
	for _, answered := range []bool{false, true} {
		t.Run(fmt.Sprintf("answered before %v", answered), func(t *testing.T) {
			s, _ := openTest(t)
			ctx := context.Background()
			b := mustBank(t, s, smallBank("b", 1))
			u := mustUser(t, s, "ada")
			var want int64
			if answered {
				answer(t, s, u, b, "q1", srs.Good, t0)
				want = 1
			}
			release, held := holdCommitter(t, s, func(tx *gorm.DB) error {
				return tx.Model(&questionRow{}).Where("bank_id = ? AND qid = ?", b.ID, "q1").Update("retired", true).Error
			})
			out := make(chan error, 1)
			go func() {
				_, err := s.RecordAnswer(ctx, Answer{UserID: u.ID, BankID: b.ID, QuestionID: "q1", Rating: srs.Good, Now: t0.Add(time.Hour), Scheduler: srs.NewScheduler(0.9)})
				out <- err
			}()
			waitQueued(t, s, 1)
			release()
			if err := <-held; err != nil {
				t.Fatal(err)
			}
			if err := <-out; !errors.Is(err, ErrNotFound) {
				t.Errorf("answer to a question retired meanwhile: %v, want ErrNotFound", err)
			}
			var cards, reviews int64
			s.r.Model(&cardRow{}).Count(&cards)
			s.r.Model(&reviewRow{}).Count(&reviews)
			if cards != want || reviews != want {
				t.Errorf("%d cards and %d reviews, want %d of each", cards, reviews, want)
			}
		})
	}
}

// Writes after Close are refused with ErrClosed.
func TestWriteAfterClose(t *testing.T) {
	s, _ := openTest(t)
	s.Close()
	if err := s.write(context.Background(), func(tx *gorm.DB) error { return nil }); !errors.Is(err, ErrClosed) {
		t.Errorf("write after Close: %v, want ErrClosed", err)
	}
}

// The review records the version of the question that was graded, even
// when the question is edited between the grading and the write.
func TestAnswerRecordsTheVersionGraded(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	b := mustBank(t, s, smallBank("b", 1))
	u := mustUser(t, s, "ada")
	graded, err := s.Question(ctx, b.ID, "q1")
	if err != nil {
		t.Fatal(err)
	}
	edited, err := s.EditQuestion(ctx, QuestionEdit{BankID: b.ID, QID: "q1", BaseVersion: graded.Version, AuthorID: &u.ID,
		Change: func(q *questions.Question) error { q.Answer = "another answer"; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if edited.Version == graded.Version {
		t.Fatalf("the edit kept version %d", edited.Version)
	}
	rec, err := s.RecordAnswer(ctx, Answer{UserID: u.ID, BankID: b.ID, QuestionID: "q1", Rating: srs.Good, Now: t0, Scheduler: srs.NewScheduler(0.9), Question: graded})
	if err != nil {
		t.Fatal(err)
	}
	var rv reviewRow
	if err := s.r.Take(&rv, rec.ReviewID).Error; err != nil {
		t.Fatal(err)
	}
	if rv.QuestionVersion != graded.Version {
		t.Errorf("review of version %d, want %d (the one graded)", rv.QuestionVersion, graded.Version)
	}
	// Without the graded question, the version read is the current one.
	rec, err = s.RecordAnswer(ctx, Answer{UserID: u.ID, BankID: b.ID, QuestionID: "q1", Rating: srs.Good, Now: t0.Add(time.Hour), Scheduler: srs.NewScheduler(0.9)})
	if err != nil {
		t.Fatal(err)
	}
	var later reviewRow
	if err := s.r.Take(&later, rec.ReviewID).Error; err != nil {
		t.Fatal(err)
	}
	if later.QuestionVersion != edited.Version {
		t.Errorf("review of version %d, want %d (the current one)", later.QuestionVersion, edited.Version)
	}
}
