package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"quizd/questions/srs"
)

func TestGoalHoldsWhileCardsMoveBetweenItsParts(t *testing.T) {
	s, _ := openTest(t)
	u, b := mustUser(t, s, "ada"), mustBank(t, s, smallBank("g", 3))
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	n := next(t, s, u, b, at, 20)
	if n.Goal != 3 || n.Finished != 0 {
		t.Fatalf("before any answer: goal %d, finished %d; want 3, 0", n.Goal, n.Finished)
	}
	first := n.Question.ID
	answer(t, s, u, b, first, srs.Again, at)
	if n = next(t, s, u, b, at.Add(time.Minute), 20); n.Goal != 3 || n.Finished != 0 {
		t.Errorf("after an Again: goal %d, finished %d; want 3, 0", n.Goal, n.Finished)
	}
	answer(t, s, u, b, first, srs.Good, at.Add(2*time.Minute))
	if n = next(t, s, u, b, at.Add(3*time.Minute), 20); n.Goal != 3 || n.Finished != 1 {
		t.Errorf("after a Good: goal %d, finished %d; want 3, 1", n.Goal, n.Finished)
	}
	// A new day starts a new goal.
	if n = next(t, s, u, b, at.Add(24*time.Hour), 20); n.Goal != 3 || n.Finished != 0 {
		t.Errorf("the next day: goal %d, finished %d; want 3 (a due card and two new), 0", n.Goal, n.Finished)
	}
}

func TestThreeAgainsSetACardAsideUntilTomorrow(t *testing.T) {
	s, _ := openTest(t)
	u, b := mustUser(t, s, "ada"), mustBank(t, s, smallBank("a", 1))
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for i := range srs.SetAsideFails {
		n := next(t, s, u, b, at, 20)
		if n.Question == nil {
			t.Fatalf("after %d Agains the card is set aside already", i)
		}
		answer(t, s, u, b, n.Question.ID, srs.Again, at)
		at = at.Add(2 * time.Minute)
	}
	n := next(t, s, u, b, at, 20)
	if n.Question != nil || n.NextDue == nil || !n.NextDue.Equal(time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("after %d Agains: card %v, next due %v; want none until tomorrow", srs.SetAsideFails, n.Question, n.NextDue)
	}
	if n.Goal != 1 || n.Finished != 1 {
		t.Errorf("goal %d, finished %d; a card set aside is done for the day", n.Goal, n.Finished)
	}
	if n = next(t, s, u, b, time.Date(2026, 3, 3, 8, 0, 0, 0, time.UTC), 20); n.Question == nil {
		t.Error("the card set aside yesterday is not back today")
	}
}

func TestALeechIsNeverPicked(t *testing.T) {
	s, _ := openTest(t)
	u, b := mustUser(t, s, "ada"), mustBank(t, s, smallBank("l", 1))
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var rec *Recorded
	for range 100 {
		n := next(t, s, u, b, at, 20)
		if n.Question == nil {
			at = n.NextDue.Add(time.Minute)
			continue
		}
		r := srs.Good
		if n.Card.State == srs.Review {
			r = srs.Again
		}
		rec = answer(t, s, u, b, n.Question.ID, r, at)
		if rec.Leech {
			break
		}
	}
	if rec == nil || !rec.Leech || rec.Card.Lapses != srs.LeechLapses {
		t.Fatalf("no leech after 100 answers: %+v", rec)
	}
	n := next(t, s, u, b, at.Add(400*24*time.Hour), 20)
	if n.Question != nil || n.DueCount != 0 || n.NextDue != nil {
		t.Errorf("a leech is picked or counted: %+v", n)
	}
	st, err := s.StudentStats(context.Background(), u.ID, b.ID, at, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Leeches) != 1 || st.Leeches[0].QuestionID != "q1" || st.Leeches[0].Lapses != srs.LeechLapses {
		t.Errorf("stats leeches %+v", st.Leeches)
	}
}

func TestARatingGivenUnseenIsRefused(t *testing.T) {
	s, _ := openTest(t)
	u, b := mustUser(t, s, "ada"), mustBank(t, s, smallBank("r", 1))
	ctx := context.Background()
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	q, err := s.Question(ctx, b.ID, "q1")
	if err != nil {
		t.Fatal(err)
	}
	a := Answer{UserID: u.ID, BankID: b.ID, QuestionID: "q1", Rating: srs.Good, RequireRevealed: true, Now: at, Scheduler: srs.NewScheduler(0.9)}
	if _, err := s.RecordAnswer(ctx, a); !errors.Is(err, ErrNotRevealed) {
		t.Fatalf("a rating for a card never served: %v, want ErrNotRevealed", err)
	}
	if _, err := s.ServeCard(ctx, u.ID, b.ID, q.RowID, 0, ModeQuiz, at); err != nil {
		t.Fatal(err)
	}
	if err := s.RevealCard(ctx, u.ID, b.ID, q.RowID, 0); !errors.Is(err, ErrConflict) {
		t.Errorf("revealing a quiz card: %v, want ErrConflict", err)
	}
	if _, err := s.RecordAnswer(ctx, a); !errors.Is(err, ErrNotRevealed) {
		t.Fatalf("a rating for a card shown as a quiz question: %v, want ErrNotRevealed", err)
	}
	u2 := mustUser(t, s, "bob")
	a.UserID = u2.ID
	if _, err := s.ServeCard(ctx, u2.ID, b.ID, q.RowID, 0, ModeFlashcard, at); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordAnswer(ctx, a); !errors.Is(err, ErrNotRevealed) {
		t.Fatalf("a rating for a flashcard not revealed: %v, want ErrNotRevealed", err)
	}
	if err := s.RevealCard(ctx, u2.ID, b.ID, q.RowID, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordAnswer(ctx, a); err != nil {
		t.Fatalf("a rating once revealed: %v", err)
	}
	// Served again at its next reps, the card needs a new reveal.
	if _, err := s.ServeCard(ctx, u2.ID, b.ID, q.RowID, 1, ModeFlashcard, at); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordAnswer(ctx, a); !errors.Is(err, ErrNotRevealed) {
		t.Errorf("a rating at the next reps without a reveal: %v, want ErrNotRevealed", err)
	}
}
