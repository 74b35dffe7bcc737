package storage

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"quizd/questions/assign"
	"quizd/questions/srs"
)

// TestLeanNextCardAgreesWithTheFullOne walks students through a day and
// more of answers, Agains that set cards aside, leeches, suspended and
// buried questions, retired ones, undone and re-rated answers and a
// deadline, and asks after every step for the lean next card beside the
// full one: the same card, counts and next due. The lean one is asked in
// SQL and from the study cache of two stores on the one database (two
// servers), and each step's write goes through either store, so that the
// cache of the one that wrote is changed in place and that of the other
// must see the write from the student's study mark.
func TestLeanNextCardAgreesWithTheFullOne(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	s2 := openTestStore(t, path)
	bank := mustBank(t, s, smallBank("lean", 14))
	users := []*User{mustUser(t, s, "ann"), mustUser(t, s, "bob"), mustUser(t, s, "cy")}
	rng := rand.New(rand.NewPCG(7, 13))
	now := t0
	sched := srs.NewScheduler(0.9)
	deadline := []assign.Deadline{{DueAt: t0.Add(72 * time.Hour)}}
	last := map[uint]uint{} // each student's latest answer
	var cacheHits int
	for step := range 600 {
		u := users[rng.IntN(len(users))]
		qid := fmt.Sprintf("q%d", 1+rng.IntN(14))
		s := []*Store{s, s2}[rng.IntN(2)]
		switch k := rng.IntN(22); {
		case k < 12:
			r := srs.Rating(1 + rng.IntN(4))
			if rng.IntN(3) == 0 {
				r = srs.Again
			}
			rec, err := s.RecordAnswer(ctx, Answer{UserID: u.ID, BankID: bank.ID, QuestionID: qid, Rating: r, Now: now, Scheduler: sched})
			if err != nil && !isGone(err) {
				t.Fatal(err)
			}
			if err == nil {
				last[u.ID] = rec.ReviewID
			}
		case k == 20 && last[u.ID] != 0:
			if _, err := s.Undo(ctx, u.ID, last[u.ID], now); err != nil && !errors.Is(err, ErrConflict) && !isGone(err) {
				t.Fatal(err)
			}
			last[u.ID] = 0
		case k == 21 && last[u.ID] != 0:
			if _, err := s.Rerate(ctx, u.ID, last[u.ID], srs.Rating(1+rng.IntN(4)), sched); err != nil && !errors.Is(err, ErrConflict) && !isGone(err) {
				t.Fatal(err)
			}
		case k == 12:
			s.Suspend(ctx, u.ID, bank.ID, qid, now)
		case k == 13:
			s.Bury(ctx, u.ID, bank.ID, qid, now.Add(time.Duration(rng.IntN(600))*time.Minute), now)
		case k == 14:
			s.Unsuspend(ctx, u.ID, bank.ID, qid, now)
		case k == 15 && step%5 == 0:
			s.SetRetired(ctx, bank.ID, qid, rng.IntN(2) == 0)
		default:
			now = now.Add(time.Duration(rng.IntN(180)) * time.Minute)
		}
		for _, v := range users {
			for _, dl := range [][]assign.Deadline{nil, deadline} {
				q := NextQuery{UserID: v.ID, BankID: bank.ID, Now: now, DayStart: DayStart(now, time.UTC), NewPerDay: 1 + step%6, Deadlines: dl}
				full, err := s.NextCard(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				q.Lean = true
				lean, err := s.NextCard(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := leanView(lean), leanView(full); got != want {
					t.Fatalf("step %d, %s, deadline %v:\nlean %s\nfull %s", step, v.Username, dl != nil, got, want)
				}
				for i, st := range []*Store{s, s2} {
					fresh, err := st.Fresh(ctx)
					if err != nil {
						t.Fatal(err)
					}
					if _, _, ok, _ := st.studyState(fresh, q); ok {
						cacheHits++
					}
					cachedNext, err := st.NextCard(fresh, q)
					if err != nil {
						t.Fatal(err)
					}
					if got, want := leanView(cachedNext), leanView(full); got != want {
						t.Fatalf("step %d, %s, deadline %v, from the study cache of store %d:\nlean %s\nfull %s", step, v.Username, dl != nil, i+1, got, want)
					}
				}
			}
		}
	}
	// Both stores answered from their study caches, not from SQL.
	if cacheHits < 600*3*2*2*9/10 {
		t.Errorf("the study cache was used %d times of %d", cacheHits, 600*3*2*2)
	}
}

// isGone: the question was retired in the walk.
func isGone(err error) bool { return errors.Is(err, ErrNotFound) }

// leanView is what the lean next card answers of a Next.
func leanView(n *Next) string {
	id := "-"
	if n.Question != nil {
		id = n.Question.ID
	}
	due := "-"
	if n.NextDue != nil {
		due = n.NextDue.Format(time.RFC3339)
	}
	return fmt.Sprintf("question %s new %v reps %d due %s; due %d new %d limit %d raised %v; set aside %d, next due %s",
		id, n.IsNew, n.Card.Reps, n.Card.Due.Format(time.RFC3339), n.DueCount, n.NewCount, n.NewLimit, n.Raised, n.SetAside, due)
}
