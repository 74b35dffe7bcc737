package storage

import (
	"context"
	"fmt"
	"testing"
)

func TestAccessTo(t *testing.T) {
	owner := uint(1)
	student := &User{ID: 2, Role: Student}
	teacher := &User{ID: 1, Role: Instructor}
	other := &User{ID: 3, Role: Instructor}
	admin := &User{ID: 4, Role: Admin}
	demoted := &User{ID: 1, Role: Student}
	private := &Bank{ID: 10, OwnerID: &owner}
	public := &Bank{ID: 11, OwnerID: &owner, Public: true}
	builtin := &Bank{ID: 12, Builtin: true, Public: true}
	none, joined, teaches := BankLinks{}, BankLinks{Joined: true}, BankLinks{Teaches: true}
	tests := []struct {
		name  string
		u     *User
		b     *Bank
		links BankLinks
		want  BankAccess
	}{
		{"nobody signed in", nil, builtin, none, NoAccess},
		{"no bank", student, nil, joined, NoAccess},
		{"a student and a private bank of no class of theirs", student, private, none, NoAccess},
		{"a student studies a bank of a class they joined", student, private, joined, StudyAccess},
		{"a student studies a public bank", student, public, none, StudyAccess},
		{"a student studies the built-in bank", student, builtin, none, StudyAccess},
		{"the owning instructor manages their bank", teacher, private, none, ManageAccess},
		{"an admin manages any bank", admin, private, none, ManageAccess},
		{"an admin manages the built-in bank", admin, builtin, none, ManageAccess},
		{"another instructor gets nothing of a private bank", other, private, none, NoAccess},
		{"an instructor who joined another's class only studies its bank", other, private, joined, StudyAccess},
		{"an instructor teaching a class the bank was given to sees reports", other, private, teaches, TeachAccess},
		{"teaching and joined is still no copy", other, private, BankLinks{Teaches: true, Joined: true}, TeachAccess},
		{"an instructor copies a public bank", other, public, none, CopyAccess},
		{"an instructor copies the built-in bank", other, builtin, joined, CopyAccess},
		{"the owner, now a student, still studies it", demoted, private, none, StudyAccess},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := AccessTo(tc.u, tc.b, tc.links); got != tc.want {
				t.Errorf("AccessTo = %d, want %d", got, tc.want)
			}
		})
	}
}

// The list of banks a user studies (a query) and the rule agree, for every
// user and bank of a world with every kind of link.
func TestVisibleBanksAgreeWithAccessTo(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	users := map[string]*User{}
	for _, n := range []string{"teacher", "other", "joiner", "ada", "bob", "root"} {
		users[n] = mustUser(t, s, n)
	}
	for n, r := range map[string]Role{"teacher": Instructor, "other": Instructor, "joiner": Instructor, "root": Admin} {
		if err := s.SetRole(ctx, users[n].ID, r); err != nil {
			t.Fatal(err)
		}
		users[n].Role = r
	}
	bank := func(slug string, opt BankOptions) *Bank {
		r, err := s.UpsertBank(ctx, smallBank(slug, 1), opt)
		if err != nil {
			t.Fatal(err)
		}
		return r.Bank
	}
	banks := []*Bank{
		bank("private", BankOptions{OwnerID: &users["teacher"].ID}),
		bank("theirs", BankOptions{OwnerID: &users["other"].ID}),
		bank("shared", BankOptions{OwnerID: &users["other"].ID, Public: true}),
		bank("builtin", BankOptions{Builtin: true, Public: true}),
	}
	c, _ := s.CreateClass(ctx, users["teacher"].ID, "C")
	d, _ := s.CreateClass(ctx, users["other"].ID, "D")
	for _, n := range []string{"ada", "joiner"} {
		if _, err := s.JoinClass(ctx, users[n].ID, c.JoinCode); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.JoinClass(ctx, users["bob"].ID, d.JoinCode); err != nil {
		t.Fatal(err)
	}
	// The teacher's private bank in C; by an admin's hand, in D too.
	for _, cl := range []uint{c.ID, d.ID} {
		if err := s.AssignBank(ctx, cl, banks[0].ID); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string]BankAccess{
		"teacher/private": ManageAccess, "other/private": TeachAccess, "joiner/private": StudyAccess, "ada/private": StudyAccess, "bob/private": StudyAccess,
		"teacher/theirs": NoAccess, "other/theirs": ManageAccess, "joiner/theirs": NoAccess, "ada/theirs": NoAccess, "bob/theirs": NoAccess,
		"joiner/shared": CopyAccess, "ada/shared": StudyAccess, "joiner/builtin": CopyAccess, "bob/builtin": StudyAccess,
		"root/private": ManageAccess, "root/theirs": ManageAccess,
	}
	for name, u := range users {
		listed := map[uint]bool{}
		vis, err := s.VisibleBanks(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range vis {
			listed[b.ID] = true
		}
		for _, b := range banks {
			acc, err := s.AccessToBank(ctx, u, b)
			if err != nil {
				t.Fatal(err)
			}
			key := fmt.Sprintf("%s/%s", name, b.Slug)
			if w, ok := want[key]; ok && acc != w {
				t.Errorf("%s: access %d, want %d", key, acc, w)
			}
			seen, err := s.CanSeeBank(ctx, u, b.ID)
			if err != nil {
				t.Fatal(err)
			}
			if studies := acc >= StudyAccess; seen != studies || listed[b.ID] != studies {
				t.Errorf("%s: CanSeeBank %v, listed %v, but the rule gives access %d", key, seen, listed[b.ID], acc)
			}
		}
	}
}
