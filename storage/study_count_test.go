package storage

import (
	"context"
	"fmt"
	"testing"
	"time"

	"quizd/questions/assign"
	"quizd/questions/srs"
)

// exactUnseen counts, over the whole bank, the questions the student may
// still see for the first time: what NextCard's capped count stands for.
func exactUnseen(t *testing.T, s *Store, u *User, b *Bank, now time.Time) int {
	t.Helper()
	var n int64
	if err := s.unseenStudyable(s.read(context.Background()), u.ID, b.ID, now).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return int(n)
}

func TestNewCountIsTheUnseenCappedAtTheDayBudget(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	u := mustUser(t, s, "ada")
	b := mustBank(t, s, smallBank("capped", 40))
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	day := DayStart(t0, time.UTC)
	// Three cards seen today, one retired question, two unseen ones
	// suspended and one buried: 40 - 3 - 1 - 3 = 33 unseen.
	for i := range 3 {
		answer(t, s, u, b, next(t, s, u, b, t0, 20).Question.ID, srs.Easy, t0.Add(time.Duration(i)*time.Minute))
	}
	var unseenIDs []string
	for i := 1; i <= 40 && len(unseenIDs) < 4; i++ {
		qid := fmt.Sprintf("q%d", i)
		var cards int64
		if err := s.read(ctx).Model(&cardRow{}).Joins("JOIN questions ON questions.id = cards.question_id").
			Where("cards.user_id = ? AND questions.qid = ?", u.ID, qid).Count(&cards).Error; err != nil {
			t.Fatal(err)
		}
		if cards == 0 {
			unseenIDs = append(unseenIDs, qid)
		}
	}
	if _, err := s.SetRetired(ctx, b.ID, unseenIDs[0], true); err != nil {
		t.Fatal(err)
	}
	for _, qid := range unseenIDs[1:3] {
		if _, err := s.Suspend(ctx, u.ID, b.ID, qid, t0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Bury(ctx, u.ID, b.ID, unseenIDs[3], day.AddDate(0, 0, 1), t0); err != nil {
		t.Fatal(err)
	}
	now := t0.Add(time.Hour)
	if got := exactUnseen(t, s, u, b, now); got != 33 {
		t.Fatalf("the fixture has %d unseen questions, want 33", got)
	}
	for _, tc := range []struct {
		name      string
		newPerDay int
		deadlines []assign.Deadline
		wantLimit int
		wantNew   int
	}{
		{"the budget left is less than the unseen", 5, nil, 5, 2},
		{"the budget is spent", 3, nil, 3, 0},
		{"the budget is over spent", 1, nil, 1, 0},
		{"the budget is more than the unseen", 100, nil, 100, 33},
		{"the budget is exactly the unseen", 36, nil, 36, 33},
		// 33 unseen today + 3 seen today = 36 to see before the day began,
		// over 3 days: 12 a day.
		{"a deadline raises the limit", 2, []assign.Deadline{{DueAt: day.AddDate(0, 0, 3)}}, 12, 9},
		// 10 to have seen, none seen before today: 10 over 2 days.
		{"a deadline with a target", 2, []assign.Deadline{{DueAt: day.AddDate(0, 0, 2), TargetMastered: 10}}, 5, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := NextQuery{UserID: u.ID, BankID: b.ID, Now: now, DayStart: day, NewPerDay: tc.newPerDay, Deadlines: tc.deadlines}
			n, err := s.NextCard(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if n.NewLimit != tc.wantLimit || n.NewCount != tc.wantNew || n.Raised != (tc.deadlines != nil) {
				t.Errorf("limit %d new %d raised %v, want limit %d new %d", n.NewLimit, n.NewCount, n.Raised, tc.wantLimit, tc.wantNew)
			}
			if want := max(0, min(exactUnseen(t, s, u, b, now), n.NewLimit-3)); n.NewCount != want {
				t.Errorf("new %d, but the whole bank's count gives %d", n.NewCount, want)
			}
			if n.DueCount != 0 || n.DoneToday != 3 || n.Goal != 3+n.NewCount || n.Finished != 3 {
				t.Errorf("due %d done %d goal %d finished %d, want 0, 3, %d and 3", n.DueCount, n.DoneToday, n.Goal, n.Finished, 3+n.NewCount)
			}
			if (n.Question != nil && n.IsNew) != (n.NewCount > 0) {
				t.Errorf("next %v (new %v) with %d new cards left", n.Question, n.IsNew, n.NewCount)
			}
		})
	}
}
