package storage

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"quizd/questions/srs"
)

func TestUndoRestoresTheCardExactly(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	u, other := mustUser(t, s, "ada"), mustUser(t, s, "cal")
	b := mustBank(t, s, smallBank("undo", 3))
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

	// Undoing the first answer to a card leaves no card: it is new again.
	first := next(t, s, u, b, t0, 20).Question.ID
	rec := answer(t, s, u, b, first, srs.Good, t0)
	un, err := s.Undo(ctx, u.ID, rec.ReviewID, t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if un.Seen || un.QuestionID != first {
		t.Errorf("undo of a first answer: %+v, want the unseen card %s", un, first)
	}
	if _, err := s.CardState(ctx, u.ID, b.ID, first); !errors.Is(err, ErrNotFound) {
		t.Errorf("the card of an undone first answer still exists: %v", err)
	}
	if n := next(t, s, u, b, t0, 20); n.DoneToday != 0 || !n.IsNew || n.Question.ID != first || n.NewCount != 3 {
		t.Errorf("after undo: done %d, new %d, next %s (new %v); want 0 done, 3 new, %s again", n.DoneToday, n.NewCount, n.Question.ID, n.IsNew, first)
	}

	// Undoing a later answer puts back the state before it, field for field.
	answer(t, s, u, b, first, srs.Again, t0)
	mid, err := s.CardState(ctx, u.ID, b.ID, first)
	if err != nil {
		t.Fatal(err)
	}
	later := answer(t, s, u, b, first, srs.Easy, t0.Add(10*time.Minute))
	un, err = s.Undo(ctx, u.ID, later.ReviewID, t0.Add(11*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	after, _ := s.CardState(ctx, u.ID, b.ID, first)
	if !reflect.DeepEqual(after.After, mid.After) || !reflect.DeepEqual(un.Card, mid.After) || !un.Seen {
		t.Errorf("after undo the card is %+v, want %+v", after.After, mid.After)
	}
	if _, err := s.ReviewByID(ctx, u.ID, later.ReviewID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the undone review is still there: %v", err)
	}
	if today, _ := s.TodaySummary(ctx, u.ID, b.ID, DayStart(t0, time.UTC)); today.Answers != 1 {
		t.Errorf("today counts %d answers after an undo, want 1", today.Answers)
	}

	// Only the latest answer in the bank, and only one's own.
	a := answer(t, s, u, b, first, srs.Good, t0.Add(20*time.Minute))
	second := next(t, s, u, b, t0.Add(20*time.Minute), 20).Question.ID
	answer(t, s, u, b, second, srs.Good, t0.Add(21*time.Minute))
	if _, err := s.Undo(ctx, u.ID, a.ReviewID, t0.Add(22*time.Minute)); !errors.Is(err, ErrConflict) {
		t.Errorf("undo of an answer that is not the latest: %v, want ErrConflict", err)
	}
	if _, err := s.Undo(ctx, other.ID, a.ReviewID, t0.Add(22*time.Minute)); !errors.Is(err, ErrNotFound) {
		t.Errorf("undo of another student's answer: %v, want ErrNotFound", err)
	}
	if latest, err := s.LatestReview(ctx, u.ID, b.ID); err != nil || latest == a.ReviewID {
		t.Errorf("latest review %d (%v), want the answer to %s", latest, err, second)
	}
}

func TestSuspendAndBury(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	u := mustUser(t, s, "ada")
	b := mustBank(t, s, smallBank("hold", 2))
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	first := next(t, s, u, b, t0, 20).Question.ID

	if _, err := s.Suspend(ctx, u.ID, b.ID, first, t0); err != nil {
		t.Fatal(err)
	}
	n := next(t, s, u, b, t0, 20)
	if n.Question == nil || n.Question.ID == first || n.NewCount != 1 {
		t.Fatalf("a suspended new card is still offered (next %v, %d new)", n.Question, n.NewCount)
	}
	other := n.Question.ID
	answer(t, s, u, b, other, srs.Good, t0)
	tomorrow := DayStart(t0, time.UTC).AddDate(0, 0, 1)
	if _, err := s.Bury(ctx, u.ID, b.ID, other, tomorrow, t0); err != nil {
		t.Fatal(err)
	}
	holds, err := s.Holds(ctx, u.ID, b.ID, t0)
	if err != nil || len(holds) != 2 || holds[0].QuestionID == "" || holds[0].Suspended == holds[1].Suspended {
		t.Fatalf("holds %+v (%v), want both cards, one suspended", holds, err)
	}
	if f, err := s.Forgotten(ctx, u.ID, b.ID, 5, t0); err != nil || len(f) != 0 {
		t.Errorf("forgotten %+v (%v): no card has lapsed", f, err)
	}
	// The buried card is back tomorrow; the suspended one only once lifted.
	later := t0.AddDate(0, 0, 30)
	if n := next(t, s, u, b, later, 20); n.Question == nil || n.Question.ID != other || n.DueCount != 1 {
		t.Errorf("a month on: next %v, %d due; want the buried card back", n.Question, n.DueCount)
	}
	if n := next(t, s, u, b, tomorrow.Add(-time.Second), 20); n.Question != nil || n.DueCount != 0 {
		t.Errorf("before tomorrow: next %v, %d due; want nothing", n.Question, n.DueCount)
	}
	if _, err := s.Unsuspend(ctx, u.ID, b.ID, first, t0); err != nil {
		t.Fatal(err)
	}
	if n := next(t, s, u, b, t0, 20); n.Question == nil || n.Question.ID != first {
		t.Errorf("an unsuspended card is not offered: next %v", n.Question)
	}
	easy := answer(t, s, u, b, first, srs.Easy, t0)
	answer(t, s, u, b, first, srs.Again, easy.Card.Due)
	if f, err := s.Forgotten(ctx, u.ID, b.ID, 5, easy.Card.Due); err != nil || len(f) != 1 || f[0].QuestionID != first || f[0].Prompt == "" {
		t.Errorf("forgotten %+v (%v), want %s, forgotten once", f, err, first)
	}
	if _, err := s.Suspend(ctx, u.ID, b.ID, "nope", t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("suspending a question not in the bank: %v, want ErrNotFound", err)
	}
}

func TestPracticeLeavesTheScheduleAlone(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	u := mustUser(t, s, "ada")
	b := mustBank(t, s, smallBank("practice", 4))
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	day := DayStart(t0, time.UTC)
	studied := next(t, s, u, b, t0, 20).Question.ID
	answer(t, s, u, b, studied, srs.Again, t0)
	before, _ := s.CardState(ctx, u.ID, b.ID, studied)

	q := PracticeQuery{UserID: u.ID, BankID: b.ID, Set: PracticeSet{Filter: PracticeMistakes}, Now: t0, DayStart: day}
	pn, err := s.NextPractice(ctx, q)
	if err != nil || pn.Pool != 1 || pn.Question.ID != studied || !pn.Seen {
		t.Fatalf("today's mistakes: %+v (%v), want %s alone", pn, err, studied)
	}
	right := true
	rec, err := s.RecordPractice(ctx, PracticeAnswer{UserID: u.ID, BankID: b.ID, QuestionID: studied, Rating: srs.Good, Correct: &right, Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	after, _ := s.CardState(ctx, u.ID, b.ID, studied)
	if !reflect.DeepEqual(before.After, after.After) || rec.Due == nil || !rec.Due.Equal(before.After.Due) {
		t.Errorf("practice changed the card: %+v → %+v (due %v)", before.After, after.After, rec.Due)
	}
	if n := next(t, s, u, b, t0, 20); n.DoneToday != 1 {
		t.Errorf("a practice answer counts in today's study: %d done", n.DoneToday)
	}

	// The whole bank goes round every question before repeating one.
	seen := map[string]bool{}
	all := PracticeQuery{UserID: u.ID, BankID: b.ID, Now: t0, DayStart: day}
	for range 4 {
		pn, err := s.NextPractice(ctx, all)
		if err != nil {
			t.Fatal(err)
		}
		seen[pn.Question.ID] = true
		if _, err := s.RecordPractice(ctx, PracticeAnswer{UserID: u.ID, BankID: b.ID, QuestionID: pn.Question.ID, Rating: srs.Good, Now: t0}); err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) != 4 {
		t.Errorf("four practice questions covered %d of the bank's 4", len(seen))
	}
	if pn, _ := s.NextPractice(ctx, PracticeQuery{UserID: u.ID, BankID: b.ID, Set: PracticeSet{Filter: PracticeLeeches}, Now: t0, DayStart: day}); pn.Pool != 0 || pn.Question != nil {
		t.Errorf("leeches without a leech: %+v", pn)
	}

	// A test of three: each answered once, scored at the end.
	test, err := s.CreatePracticeTest(ctx, u.ID, b.ID, PracticeSet{}, 3, t0, day)
	if err != nil || test.Size != 3 {
		t.Fatalf("test %+v (%v), want 3 questions", test, err)
	}
	wrong := false
	for i := range 3 {
		pn, err := s.NextPractice(ctx, PracticeQuery{UserID: u.ID, BankID: b.ID, TestID: test.ID, Now: t0, DayStart: day})
		if err != nil || pn.Question == nil {
			t.Fatalf("test question %d: %+v (%v)", i+1, pn, err)
		}
		c := &right
		if i == 0 {
			c = &wrong
		}
		rec, err := s.RecordPractice(ctx, PracticeAnswer{UserID: u.ID, BankID: b.ID, QuestionID: pn.Question.ID, TestID: test.ID, Rating: srs.Good, Correct: c, Now: t0})
		if err != nil {
			t.Fatal(err)
		}
		if rec.Test.Answered != i+1 {
			t.Errorf("after %d answers the test says %d", i+1, rec.Test.Answered)
		}
		if _, err := s.RecordPractice(ctx, PracticeAnswer{UserID: u.ID, BankID: b.ID, QuestionID: pn.Question.ID, TestID: test.ID, Rating: srs.Good, Correct: c, Now: t0}); !errors.Is(err, ErrConflict) {
			t.Errorf("a second answer to a test question: %v, want ErrConflict", err)
		}
	}
	sc, err := s.PracticeTest(ctx, u.ID, b.ID, test.ID)
	if err != nil || !sc.Done || sc.Correct != 2 || sc.Answered != 3 {
		t.Errorf("score %+v (%v), want 2 of 3, done", sc, err)
	}
	if _, err := s.CreatePracticeTest(ctx, u.ID, b.ID, PracticeSet{Topic: "no such topic"}, 3, t0, day); !errors.Is(err, ErrNothingToPractise) {
		t.Errorf("a test of an empty set: %v, want ErrNothingToPractise", err)
	}
}
