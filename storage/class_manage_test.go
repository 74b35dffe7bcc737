package storage

import (
	"context"
	"errors"
	"testing"
	"time"

	"quizd/questions/assign"
	"quizd/questions/srs"
)

func ptr[T any](v T) *T { return &v }

// classWorld is a teacher's class with ada and bob in it and a bank of 10
// questions assigned.
type classWorld struct {
	s        *Store
	teacher  *User
	ada, bob *User
	class    *Class
	bank     *Bank
}

func newClassWorld(t *testing.T) *classWorld {
	t.Helper()
	s, _ := openTest(t)
	ctx := context.Background()
	w := &classWorld{s: s, teacher: mustUser(t, s, "teacher"), ada: mustUser(t, s, "ada"), bob: mustUser(t, s, "bob")}
	w.teacher.Role = Instructor
	r, err := s.UpsertBank(ctx, smallBank("assigned", 10), BankOptions{OwnerID: &w.teacher.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.bank = r.Bank
	if w.class, err = s.CreateClass(ctx, w.teacher.ID, "Period 1"); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*User{w.ada, w.bob} {
		if _, err := s.JoinClass(ctx, u.ID, w.class.JoinCode); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.SetAssignment(ctx, Assignment{ClassID: w.class.ID, BankID: w.bank.ID}, t0); err != nil {
		t.Fatal(err)
	}
	return w
}

func TestArchivedClassRefusesJoinsAndKeepsItsStudents(t *testing.T) {
	w := newClassWorld(t)
	ctx := context.Background()
	cl, err := w.s.UpdateClass(ctx, w.class.ID, ClassChange{Name: ptr("Period 1 (2025)"), Archived: ptr(true)}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if cl.Name != "Period 1 (2025)" || cl.ArchivedAt == nil || !cl.ArchivedAt.Equal(t0) || cl.Students != 2 {
		t.Errorf("after renaming and archiving: %+v", cl)
	}
	carol := mustUser(t, w.s, "carol")
	if _, err := w.s.JoinClass(ctx, carol.ID, cl.JoinCode); !errors.Is(err, ErrArchived) {
		t.Errorf("joining an archived class: %v, want ErrArchived", err)
	}
	// Archiving again keeps the first date; a name alone keeps it archived.
	cl, _ = w.s.UpdateClass(ctx, w.class.ID, ClassChange{Archived: ptr(true)}, t0.Add(time.Hour))
	if !cl.ArchivedAt.Equal(t0) {
		t.Errorf("archived again: %v, want the first date", cl.ArchivedAt)
	}
	cl, _ = w.s.UpdateClass(ctx, w.class.ID, ClassChange{Archived: ptr(false)}, t0)
	if cl.ArchivedAt != nil {
		t.Errorf("opened again: still archived at %v", cl.ArchivedAt)
	}
	if _, err := w.s.JoinClass(ctx, carol.ID, cl.JoinCode); err != nil {
		t.Errorf("joining the class opened again: %v", err)
	}
	if _, err := w.s.UpdateClass(ctx, 9999, ClassChange{Name: ptr("x")}, t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("updating no class: %v", err)
	}
}

func TestNewClassCodeRetiresTheOldOne(t *testing.T) {
	w := newClassWorld(t)
	ctx := context.Background()
	cl, err := w.s.NewClassCode(ctx, w.class.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cl.JoinCode == w.class.JoinCode || len(cl.JoinCode) != 8 {
		t.Errorf("new code %q, old %q", cl.JoinCode, w.class.JoinCode)
	}
	carol := mustUser(t, w.s, "carol")
	if _, err := w.s.JoinClass(ctx, carol.ID, w.class.JoinCode); !errors.Is(err, ErrNotFound) {
		t.Errorf("the old code: %v, want ErrNotFound", err)
	}
	if _, err := w.s.JoinClass(ctx, carol.ID, cl.JoinCode); err != nil {
		t.Errorf("the new code: %v", err)
	}
	if _, err := w.s.NewClassCode(ctx, 9999); !errors.Is(err, ErrNotFound) {
		t.Errorf("no class: %v", err)
	}
}

func TestRosterShowsLastActivityInTheClassBanks(t *testing.T) {
	w := newClassWorld(t)
	ctx := context.Background()
	elsewhere := mustBank(t, w.s, smallBank("elsewhere", 2))
	answer(t, w.s, w.ada, w.bank, "q1", srs.Good, t0)
	answer(t, w.s, w.ada, w.bank, "q2", srs.Good, t0.Add(time.Hour))
	answer(t, w.s, w.bob, elsewhere, "q1", srs.Good, t0.Add(2*time.Hour))
	r, err := w.s.Roster(ctx, w.class.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(r) != 2 || r[0].Username != "ada" || r[1].Username != "bob" {
		t.Fatalf("roster %+v, want ada and bob", r)
	}
	if r[0].LastActive == nil || !r[0].LastActive.Equal(t0.Add(time.Hour)) || r[0].Answers != 2 {
		t.Errorf("ada: %+v, want 2 answers, the last at %v", r[0], t0.Add(time.Hour))
	}
	if r[1].LastActive != nil || r[1].Answers != 0 {
		t.Errorf("bob answered only outside the class: %+v", r[1])
	}
}

func TestRemovedStudentKeepsProgressAndLosesTheBank(t *testing.T) {
	w := newClassWorld(t)
	ctx := context.Background()
	answer(t, w.s, w.ada, w.bank, "q1", srs.Good, t0)
	if err := w.s.RemoveMember(ctx, w.class.ID, w.ada.ID); err != nil {
		t.Fatal(err)
	}
	if ok, _ := w.s.CanSeeBank(ctx, w.ada, w.bank.ID); ok {
		t.Error("a removed student still sees the class's bank")
	}
	if err := w.s.RemoveMember(ctx, w.class.ID, w.ada.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("removing again: %v, want ErrNotFound", err)
	}
	// Joining again finds the progress where it was.
	if _, err := w.s.JoinClass(ctx, w.ada.ID, w.class.JoinCode); err != nil {
		t.Fatal(err)
	}
	p, err := w.s.progressIn(ctx, w.ada.ID, w.bank.ID)
	if err != nil || p.Seen != 1 {
		t.Errorf("progress after joining again: %+v %v, want the one card seen", p, err)
	}
	// Another class that assigns the bank keeps it open.
	other, _ := w.s.CreateClass(ctx, w.teacher.ID, "Period 2")
	w.s.JoinClass(ctx, w.bob.ID, other.JoinCode)
	w.s.SetAssignment(ctx, Assignment{ClassID: other.ID, BankID: w.bank.ID}, t0)
	if err := w.s.RemoveMember(ctx, w.class.ID, w.bob.ID); err != nil {
		t.Fatal(err)
	}
	if ok, _ := w.s.CanSeeBank(ctx, w.bob, w.bank.ID); !ok {
		t.Error("bob lost a bank that his other class still gives him")
	}
}

func TestAssigningAgainUpdatesTheAssignment(t *testing.T) {
	w := newClassWorld(t)
	ctx := context.Background()
	due := t0.Add(10 * 24 * time.Hour)
	a := Assignment{ClassID: w.class.ID, BankID: w.bank.ID, DueAt: &due, TargetMastered: 4,
		Policy: assign.Policy{NewPerDay: ptr(5), DesiredRetention: ptr(0.85), Locked: true}}
	created, err := w.s.SetAssignment(ctx, a, t0.Add(time.Hour))
	if err != nil || created {
		t.Fatalf("assigning again: created %v, %v", created, err)
	}
	got, err := w.s.AssignmentsOf(ctx, w.class.ID)
	if err != nil || len(got) != 1 {
		t.Fatalf("assignments %+v %v", got, err)
	}
	g := got[0]
	if !g.AssignedAt.Equal(t0) || g.DueAt == nil || !g.DueAt.Equal(due) || g.TargetMastered != 4 ||
		*g.Policy.NewPerDay != 5 || *g.Policy.DesiredRetention != 0.85 || !g.Policy.Locked {
		t.Errorf("after assigning again: %+v", g)
	}
	// Back to no due date and no policy.
	w.s.SetAssignment(ctx, Assignment{ClassID: w.class.ID, BankID: w.bank.ID}, t0)
	got, _ = w.s.AssignmentsOf(ctx, w.class.ID)
	if got[0].DueAt != nil || got[0].Policy.NewPerDay != nil || got[0].Policy.Locked {
		t.Errorf("after clearing: %+v", got[0])
	}
	if _, err := w.s.SetAssignment(ctx, Assignment{ClassID: w.class.ID, BankID: 9999}, t0); !errors.Is(err, ErrNotFound) && err == nil {
		t.Errorf("assigning no bank: %v", err)
	}
}

func TestUnassignedBankClosesAndProgressStays(t *testing.T) {
	w := newClassWorld(t)
	ctx := context.Background()
	answer(t, w.s, w.ada, w.bank, "q1", srs.Good, t0)
	if err := w.s.UnassignBank(ctx, w.class.ID, w.bank.ID); err != nil {
		t.Fatal(err)
	}
	if ok, _ := w.s.CanSeeBank(ctx, w.ada, w.bank.ID); ok {
		t.Error("the unassigned bank is still open to the student")
	}
	if err := w.s.UnassignBank(ctx, w.class.ID, w.bank.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("unassigning again: %v, want ErrNotFound", err)
	}
	w.s.SetAssignment(ctx, Assignment{ClassID: w.class.ID, BankID: w.bank.ID}, t0)
	if p, _ := w.s.progressIn(ctx, w.ada.ID, w.bank.ID); p.Seen != 1 {
		t.Errorf("progress after assigning again: %+v", p)
	}
}

func TestAssignmentsForAStudent(t *testing.T) {
	w := newClassWorld(t)
	ctx := context.Background()
	due := t0.Add(5 * 24 * time.Hour)
	w.s.SetAssignment(ctx, Assignment{ClassID: w.class.ID, BankID: w.bank.ID, DueAt: &due}, t0)
	answer(t, w.s, w.ada, w.bank, "q1", srs.Good, t0)
	answer(t, w.s, w.ada, w.bank, "q2", srs.Good, t0)
	got, err := w.s.AssignmentsFor(ctx, w.ada.ID)
	if err != nil || len(got) != 1 {
		t.Fatalf("assignments %+v %v", got, err)
	}
	if g := got[0]; g.ClassName != "Period 1" || g.BankTitle != "Bank assigned" || g.Progress != (assign.Progress{Total: 10, Seen: 2}) || !g.DueAt.Equal(due) {
		t.Errorf("assignment %+v", g)
	}
	// An archived class sets no more work.
	w.s.UpdateClass(ctx, w.class.ID, ClassChange{Archived: ptr(true)}, t0)
	if got, _ := w.s.AssignmentsFor(ctx, w.ada.ID); len(got) != 0 {
		t.Errorf("an archived class's assignments: %+v", got)
	}
	if p, _ := w.s.PaceOf(ctx, w.ada.ID, w.bank.ID); len(p.Deadlines) != 0 {
		t.Errorf("an archived class's deadline: %+v", p)
	}
}

// A deadline raises the day's new cards to what is needed, and the limit
// holds through the day as cards are seen.
func TestDeadlineRaisesTheNewCardLimit(t *testing.T) {
	w := newClassWorld(t)
	ctx := context.Background()
	due := DayStart(t0, time.UTC).Add(2 * 24 * time.Hour) // the end of tomorrow
	w.s.SetAssignment(ctx, Assignment{ClassID: w.class.ID, BankID: w.bank.ID, DueAt: &due}, t0)
	pace, err := w.s.PaceOf(ctx, w.ada.ID, w.bank.ID)
	if err != nil || len(pace.Deadlines) != 1 {
		t.Fatalf("pace %+v %v", pace, err)
	}
	q := NextQuery{UserID: w.ada.ID, BankID: w.bank.ID, Now: t0, DayStart: DayStart(t0, time.UTC), NewPerDay: 2, Deadlines: pace.Deadlines}
	n, err := w.s.NextCard(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if n.NewLimit != 5 || !n.Raised || n.NewCount != 5 {
		t.Errorf("10 questions in 2 days with 2 a day: limit %d raised %v new %d, want 5 raised", n.NewLimit, n.Raised, n.NewCount)
	}
	for _, qid := range []string{"q1", "q2", "q3"} {
		answer(t, w.s, w.ada, w.bank, qid, srs.Easy, t0)
	}
	q.Now = t0.Add(time.Minute)
	if n, _ = w.s.NextCard(ctx, q); n.NewLimit != 5 || n.NewCount != 2 {
		t.Errorf("after 3 new cards today: limit %d new %d, want 5 and 2 more", n.NewLimit, n.NewCount)
	}
	q.Deadlines = nil
	if n, _ = w.s.NextCard(ctx, q); n.NewLimit != 2 || n.Raised || n.NewCount != 0 {
		t.Errorf("without the deadline: limit %d new %d", n.NewLimit, n.NewCount)
	}
}

func TestBankChoiceIsSavedAndCleared(t *testing.T) {
	w := newClassWorld(t)
	ctx := context.Background()
	if err := w.s.SetBankChoice(ctx, w.ada.ID, w.bank.ID, assign.Choice{NewPerDay: ptr(7)}, t0); err != nil {
		t.Fatal(err)
	}
	p, _ := w.s.PaceOf(ctx, w.ada.ID, w.bank.ID)
	if p.Choice.NewPerDay == nil || *p.Choice.NewPerDay != 7 || p.Choice.DesiredRetention != nil || len(p.Policies) != 1 {
		t.Errorf("pace %+v", p)
	}
	w.s.SetBankChoice(ctx, w.ada.ID, w.bank.ID, assign.Choice{}, t0)
	if p, _ = w.s.PaceOf(ctx, w.ada.ID, w.bank.ID); p.Choice.NewPerDay != nil {
		t.Errorf("after clearing: %+v", p.Choice)
	}
}

// A database from before 0016 keeps its classes and assignments, which
// get no due date and no policy; the step rolls back too.
func TestMigrateClassAssignments(t *testing.T) {
	w := newClassWorld(t)
	ctx := context.Background()
	if err := w.s.migrator(ctx).RollbackTo("0015_question_versions_flags"); err != nil {
		t.Fatalf("roll back 0016: %v", err)
	}
	if v, _ := w.s.SchemaVersion(ctx); v != "0015_question_versions_flags" {
		t.Fatalf("rolled back to %q", v)
	}
	if err := w.s.migrate(ctx, ""); err != nil {
		t.Fatal(err)
	}
	got, err := w.s.AssignmentsOf(ctx, w.class.ID)
	if err != nil || len(got) != 1 || got[0].DueAt != nil || got[0].TargetMastered != 0 || got[0].Policy.Locked {
		t.Errorf("after the upgrade: %+v %v", got, err)
	}
	cl, err := w.s.ClassByID(ctx, w.class.ID)
	if err != nil || cl.ArchivedAt != nil || cl.Students != 2 {
		t.Errorf("class after the upgrade: %+v %v", cl, err)
	}
}
