package storage

import (
	"context"
	"errors"
	"testing"
)

func TestClassesAndVisibility(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	teacher := mustUser(t, s, "teacher")
	teacher.Role = Instructor
	other := mustUser(t, s, "other")
	other.Role = Instructor
	ada := mustUser(t, s, "ada")
	bob := mustUser(t, s, "bob")
	admin := &User{ID: 999, Role: Admin}

	_, _ = s.UpsertBank(ctx, smallBank("builtin", 2), BankOptions{Builtin: true, Public: true})
	mine, _ := s.UpsertBank(ctx, smallBank("mine", 2), BankOptions{OwnerID: &teacher.ID})
	theirs, _ := s.UpsertBank(ctx, smallBank("theirs", 2), BankOptions{OwnerID: &other.ID})

	c, err := s.CreateClass(ctx, teacher.ID, "Period 1")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.JoinCode) != 8 {
		t.Errorf("join code %q", c.JoinCode)
	}
	if _, err := s.JoinClass(ctx, ada.ID, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("bad code: %v", err)
	}
	// Codes are read as students type them.
	code := c.JoinCode[:4] + "-" + c.JoinCode[4:]
	for range 2 {
		if _, err := s.JoinClass(ctx, ada.ID, " "+code+" "); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AssignBank(ctx, c.ID, mine.Bank.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.AssignBank(ctx, c.ID, mine.Bank.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := s.ClassByID(ctx, c.ID)
	if got.Students != 1 || len(got.BankIDs) != 1 {
		t.Errorf("class %+v, want one student (joined twice) and one bank", got)
	}
	visible := func(u *User) map[string]bool {
		bs, err := s.VisibleBanks(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]bool{}
		for _, b := range bs {
			m[b.Slug] = true
		}
		return m
	}
	if v := visible(ada); !v["builtin"] || !v["mine"] || v["theirs"] {
		t.Errorf("ada sees %v, want builtin and mine", v)
	}
	if v := visible(bob); !v["builtin"] || v["mine"] || v["theirs"] {
		t.Errorf("bob, in no class, sees %v", v)
	}
	if v := visible(teacher); !v["mine"] || v["theirs"] {
		t.Errorf("the teacher sees %v", v)
	}
	if v := visible(admin); len(v) != 3 {
		t.Errorf("the admin sees %v", v)
	}
	if ok, _ := s.CanSeeBank(ctx, bob, theirs.Bank.ID); ok {
		t.Error("bob can see another instructor's private bank")
	}
	if cs, _ := s.ClassesOf(ctx, ada); len(cs) != 1 {
		t.Errorf("ada's classes %v", cs)
	}
	if cs, _ := s.ClassesOf(ctx, other); len(cs) != 0 {
		t.Errorf("another instructor's classes %v", cs)
	}
}

func TestUpsertRespectsOwnership(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	teacher := &User{ID: mustUser(t, s, "teacher").ID, Role: Instructor}
	other := &User{ID: mustUser(t, s, "other").ID, Role: Instructor}
	if _, err := s.UpsertBank(ctx, smallBank("b", 2), BankOptions{OwnerID: &teacher.ID, Actor: teacher}); err != nil {
		t.Fatal(err)
	}
	v2 := smallBank("b", 3)
	if _, err := s.UpsertBank(ctx, v2, BankOptions{OwnerID: &other.ID, Actor: other}); !errors.Is(err, ErrForbidden) {
		t.Errorf("another instructor replaced the bank: %v", err)
	}
	res, err := s.UpsertBank(ctx, v2, BankOptions{Actor: teacher, DryRun: true})
	if err != nil || res.Created != 1 || res.Unchanged != 2 {
		t.Fatalf("dry run: %+v %v", res, err)
	}
	b, _ := s.BankBySlug(ctx, "b")
	if b.QuestionCount != 2 {
		t.Errorf("the dry run stored something: %d questions", b.QuestionCount)
	}
}

func TestPermissionRules(t *testing.T) {
	owner := uint(1)
	bank := &Bank{OwnerID: &owner}
	builtin := &Bank{Builtin: true}
	class := &Class{OwnerID: 1}
	tests := []struct {
		u                       *User
		manageBank, manageBuilt bool
		manageClass, mayUpload  bool
	}{
		{&User{ID: 1, Role: Instructor}, true, false, true, true},
		{&User{ID: 2, Role: Instructor}, false, false, false, true},
		{&User{ID: 1, Role: Student}, false, false, false, false},
		{&User{ID: 3, Role: Admin}, true, true, true, true},
		{nil, false, false, false, false},
	}
	for _, tc := range tests {
		if CanManageBank(tc.u, bank) != tc.manageBank || CanManageBank(tc.u, builtin) != tc.manageBuilt ||
			CanManageClass(tc.u, class) != tc.manageClass || CanUpload(tc.u) != tc.mayUpload {
			t.Errorf("rules for %+v", tc.u)
		}
	}
}
