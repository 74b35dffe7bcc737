package storage

import (
	"context"
	"math"
	"testing"
	"time"

	"quizd/questions/srs"
)

// rowsOf collects a report's rows.
type rowsOf struct{ rows [][]any }

func (r *rowsOf) Row(v []any) error { r.rows = append(r.rows, append([]any(nil), v...)); return nil }
func (r *rowsOf) Close() error      { return nil }

func TestWriteReport(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	teacher := mustUser(t, s, "teacher")
	ada := mustUser(t, s, "ada")
	bob := mustUser(t, s, "bob")
	outsider := mustUser(t, s, "zed")
	b := mustBank(t, s, smallBank("b", 3))
	cl, _ := s.CreateClass(ctx, teacher.ID, "C")
	s.JoinClass(ctx, ada.ID, cl.JoinCode)
	s.JoinClass(ctx, bob.ID, cl.JoinCode)
	answer(t, s, ada, b, "q1", srs.Easy, t0)
	answer(t, s, ada, b, "q2", srs.Again, t0)
	answer(t, s, bob, b, "q1", srs.Again, t0)
	answer(t, s, outsider, b, "q1", srs.Good, t0)
	now := t0.Add(time.Hour)

	var progress rowsOf
	n, err := s.WriteReport(ctx, ViewProgress, ReportScope{BankID: b.ID, ClassID: cl.ID}, &progress, now)
	if err != nil || n != 6 {
		t.Fatalf("progress: %d rows, %v; want 2 students × 3 questions", n, err)
	}
	// Ada's q1: review (Easy on a new card), last rating easy; q3 new.
	if r := progress.rows[0]; r[0] != "ada" || r[1] != "q1" || r[4] != "review" || r[7] != "easy" {
		t.Errorf("ada q1: %v", r)
	}
	if r := progress.rows[2]; r[1] != "q3" || r[4] != "new" || r[8] != nil {
		t.Errorf("ada q3: %v", r)
	}
	var one rowsOf
	if n, _ := s.WriteReport(ctx, ViewProgress, ReportScope{BankID: b.ID, StudentID: bob.ID}, &one, now); n != 3 || one.rows[0][0] != "bob" {
		t.Errorf("one student: %d rows %v", n, one.rows)
	}
	var all rowsOf
	if n, _ := s.WriteReport(ctx, ViewProgress, ReportScope{BankID: b.ID}, &all, now); n != 9 {
		t.Errorf("every student who studied: %d rows, want 9", n)
	}

	var summary rowsOf
	if n, err := s.WriteReport(ctx, ViewSummary, ReportScope{BankID: b.ID, ClassID: cl.ID}, &summary, now); err != nil || n != 2 {
		t.Fatalf("summary: %d %v", n, err)
	}
	// Ada: 2 seen, accuracy 1 of 2 (Easy right, Again wrong).
	if r := summary.rows[0]; r[0] != "ada" || r[1] != 2 || r[4] != 0.5 || r[5] != 2 {
		t.Errorf("ada's summary %v", r)
	}
	var items rowsOf
	if n, err := s.WriteReport(ctx, ViewItems, ReportScope{BankID: b.ID, ClassID: cl.ID}, &items, now); err != nil || n != 3 {
		t.Fatalf("items: %d %v", n, err)
	}
	// q1: both answered, Ada right first, Bob wrong → 0.5; q3: nobody.
	if r := items.rows[0]; r[0] != "q1" || r[3] != 2 || r[5] != 0.5 {
		t.Errorf("q1 item %v", r)
	}
	if r := items.rows[2]; r[3] != 0 || !math.IsNaN(r[5].(float64)) {
		t.Errorf("q3 item %v", r)
	}
	if _, err := s.WriteReport(ctx, "nope", ReportScope{BankID: b.ID}, &rowsOf{}, now); err == nil {
		t.Error("an unknown view was written")
	}
}
