package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestListUsersSearchesNamesAndPages(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	for i := range 7 {
		mustUser(t, s, fmt.Sprintf("pupil%d", i))
	}
	if _, err := s.CreateAccount(ctx, NewAccount{Username: "Émile", DisplayName: "Émile Zola", PasswordHash: NoPassword, Role: Instructor}); err != nil {
		t.Fatal(err)
	}
	mustUser(t, s, "under_score")
	tests := []struct {
		name      string
		f         UserFilter
		want      []string
		wantTotal int64
	}{
		{"all, first page", UserFilter{Limit: 3}, []string{"pupil0", "pupil1", "pupil2"}, 9},
		{"second page", UserFilter{Limit: 3, Offset: 3}, []string{"pupil3", "pupil4", "pupil5"}, 9},
		{"by name in any case", UserFilter{Query: "PUPIL6"}, []string{"pupil6"}, 1},
		{"by display name", UserFilter{Query: "zola"}, []string{"Émile"}, 1},
		{"an accented name by its key", UserFilter{Query: "émile"}, []string{"Émile"}, 1},
		{"a LIKE wildcard is a letter", UserFilter{Query: "_"}, []string{"under_score"}, 1},
		{"percent matches nothing", UserFilter{Query: "%"}, nil, 0},
		{"a limit too large is the default", UserFilter{Limit: 10000, Query: "pupil"}, []string{"pupil0", "pupil1", "pupil2", "pupil3", "pupil4", "pupil5", "pupil6"}, 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			us, total, err := s.ListUsers(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, u := range us {
				got = append(got, u.Username)
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") || total != tc.wantTotal {
				t.Errorf("got %v (total %d), want %v (total %d)", got, total, tc.want, tc.wantTotal)
			}
		})
	}
}

func TestCreateAccountChecksTheDisplayName(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if _, err := s.CreateAccount(ctx, NewAccount{Username: "ada", DisplayName: "Ada\nLovelace", PasswordHash: NoPassword, Role: Student}); err == nil {
		t.Error("a display name with a line break was taken")
	}
	if _, err := s.CreateAccount(ctx, NewAccount{Username: "ada", DisplayName: strings.Repeat("a", MaxDisplayName+1), PasswordHash: NoPassword, Role: Student}); err == nil {
		t.Error("a display name too long was taken")
	}
	u, err := s.CreateAccount(ctx, NewAccount{Username: "ada", DisplayName: "  Ada Lovelace ", PasswordHash: NoPassword, Role: Student})
	if err != nil || u.DisplayName != "Ada Lovelace" {
		t.Fatalf("%+v, %v", u, err)
	}
	if _, err := s.CreateAccount(ctx, NewAccount{Username: "ADA", PasswordHash: NoPassword, Role: Student}); !errors.Is(err, ErrExists) {
		t.Errorf("a taken name: %v, want ErrExists", err)
	}
}

func TestTheLastEnabledAdminStays(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	root := mustUser(t, s, "root")
	admin, student := Admin, Student
	yes, no := true, false
	if _, err := s.ChangeAccount(ctx, root.ID, AccountChange{Role: &admin}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ChangeAccount(ctx, root.ID, AccountChange{Role: &student}, t0); !errors.Is(err, ErrLastAdmin) {
		t.Errorf("demoting the only admin: %v, want ErrLastAdmin", err)
	}
	if _, err := s.ChangeAccount(ctx, root.ID, AccountChange{Disabled: &yes}, t0); !errors.Is(err, ErrLastAdmin) {
		t.Errorf("disabling the only admin: %v, want ErrLastAdmin", err)
	}
	if u, _ := s.UserByID(ctx, root.ID); u.Role != Admin || u.Disabled() {
		t.Errorf("a refused change changed the admin: %+v", u)
	}
	// A second admin who is disabled does not count.
	other := mustUser(t, s, "other")
	if _, err := s.ChangeAccount(ctx, other.ID, AccountChange{Role: &admin}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ChangeAccount(ctx, other.ID, AccountChange{Disabled: &yes}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ChangeAccount(ctx, root.ID, AccountChange{Role: &student}, t0); !errors.Is(err, ErrLastAdmin) {
		t.Errorf("demoting the only enabled admin: %v, want ErrLastAdmin", err)
	}
	if _, err := s.ChangeAccount(ctx, other.ID, AccountChange{Disabled: &no}, t0); err != nil {
		t.Fatal(err)
	}
	u, err := s.ChangeAccount(ctx, root.ID, AccountChange{Role: &student}, t0)
	if err != nil || u.Role != Student {
		t.Errorf("demoting one of two admins: %+v, %v", u, err)
	}
	bad := Role("owner")
	if _, err := s.ChangeAccount(ctx, root.ID, AccountChange{Role: &bad}, t0); err == nil {
		t.Error("an unknown role was taken")
	}
	if _, err := s.ChangeAccount(ctx, 999, AccountChange{Role: &student}, t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("a missing user: %v, want ErrNotFound", err)
	}
}

func TestDisablingEndsTokensSessionsAndLinks(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	ada := mustUser(t, s, "ada")
	if err := s.CreateToken(ctx, ada.ID, "tokenhash", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreatePasswordReset(ctx, ada.ID, nil, "resethash", t0); err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	u, err := s.ChangeAccount(ctx, ada.ID, AccountChange{Disabled: &yes}, t0.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if !u.Disabled() || !u.SessionsValidAfter.Equal(t0.Add(time.Minute)) {
		t.Errorf("disabled user %+v: want DisabledAt and SessionsValidAfter at the change", u)
	}
	if _, err := s.UserByToken(ctx, "tokenhash", t0.Add(2*time.Minute)); !errors.Is(err, ErrNotFound) {
		t.Errorf("the token of a disabled user: %v, want it gone", err)
	}
	if _, err := s.PasswordResetUser(ctx, "resethash", t0.Add(2*time.Minute)); !errors.Is(err, ErrNotFound) {
		t.Errorf("the reset link of a disabled user: %v, want it gone", err)
	}
	if _, err := s.CreatePasswordReset(ctx, ada.ID, nil, "another", t0); !errors.Is(err, ErrDisabled) {
		t.Errorf("a link for a disabled user: %v, want ErrDisabled", err)
	}
	// A token made while disabled (by a race with sign-in) is refused.
	if err := s.CreateToken(ctx, ada.ID, "late", t0.Add(2*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UserByToken(ctx, "late", t0.Add(3*time.Minute)); !errors.Is(err, ErrDisabled) {
		t.Errorf("a token of a disabled user: %v, want ErrDisabled", err)
	}
	// Enabled again, the account works; disabling twice moves nothing.
	if u, err = s.ChangeAccount(ctx, ada.ID, AccountChange{Disabled: &no}, t0.Add(4*time.Minute)); err != nil || u.Disabled() {
		t.Fatalf("enable: %+v, %v", u, err)
	}
	if _, err := s.UserByToken(ctx, "late", t0.Add(5*time.Minute)); err != nil {
		t.Errorf("the token after enabling: %v", err)
	}
}

func TestAResetLinkWorksOnce(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	ada := mustUser(t, s, "ada")
	by := ada.ID
	if err := s.CreateToken(ctx, ada.ID, "tok", t0); err != nil {
		t.Fatal(err)
	}
	expires, err := s.CreatePasswordReset(ctx, ada.ID, &by, "first", t0)
	if err != nil || !expires.Equal(t0.Add(ResetValid)) {
		t.Fatalf("expires %v, %v", expires, err)
	}
	// A newer link replaces the one not used.
	if _, err := s.CreatePasswordReset(ctx, ada.ID, &by, "second", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PasswordResetUser(ctx, "first", t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("the replaced link: %v, want ErrNotFound", err)
	}
	if u, err := s.PasswordResetUser(ctx, "second", t0); err != nil || u.ID != ada.ID {
		t.Fatalf("the link's user: %+v, %v", u, err)
	}
	u, err := s.UsePasswordReset(ctx, "second", "newhash", t0.Add(time.Hour))
	if err != nil || !u.SessionsValidAfter.Equal(t0.Add(time.Hour)) {
		t.Fatalf("use: %+v, %v", u, err)
	}
	if _, hash, _ := s.UserByName(ctx, "ada"); hash != "newhash" {
		t.Errorf("the password hash is %q", hash)
	}
	if _, err := s.UserByToken(ctx, "tok", t0.Add(time.Hour)); !errors.Is(err, ErrNotFound) {
		t.Errorf("a token after a reset: %v, want it revoked", err)
	}
	if _, err := s.UsePasswordReset(ctx, "second", "again", t0.Add(time.Hour)); !errors.Is(err, ErrResetUsed) {
		t.Errorf("a second use: %v, want ErrResetUsed", err)
	}
	if _, hash, _ := s.UserByName(ctx, "ada"); hash != "newhash" {
		t.Errorf("a refused second use changed the password to %q", hash)
	}
	if _, err := s.CreatePasswordReset(ctx, ada.ID, nil, "third", t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.UsePasswordReset(ctx, "third", "late", t0.Add(ResetValid)); !errors.Is(err, ErrResetExpired) {
		t.Errorf("a link 24 hours old: %v, want ErrResetExpired", err)
	}
	if _, err := s.CreatePasswordReset(ctx, 999, nil, "nobody", t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("a link for a missing user: %v, want ErrNotFound", err)
	}
}

func checkName(n string) error {
	if len(n) < 3 {
		return errors.New("username: must be 3 to 32 characters long")
	}
	return nil
}

func TestParseRoster(t *testing.T) {
	tests := []struct {
		name, file string
		want       string // the entries as line:name:display, or the problems
	}{
		{"names and display names", "username,display_name\nada,Ada Lovelace\nbob,\n", "2:ada:Ada Lovelace 3:bob:"},
		{"columns in another order, a BOM, CRLF, blank lines, extra columns", "\uFEFFemail,Display_Name,Username\r\nx@y,Ada,ada\r\n\r\n,,\r\nz@y,,bob\r\n", "2:ada:Ada 5:bob:"},
		{"a quoted name with a comma", "username,display_name\nada,\"Lovelace, Ada\"\n", "2:ada:Lovelace, Ada"},
		{"no username column", "name\nada\n", "line 1, column username: the header row has no column username: make the first line username,display_name"},
		{"empty file", "", "line 1: the file is empty: give a header row (username,display_name) and one student a line"},
		{"a header only", "username\n", "line 2: the roster lists no student: add one a line under the header row"},
		{"bad rows, each named", "username,display_name\nada,Ada\nx,\n,Nobody\nADA,Again\ncal,\"a\tb\"\n",
			`line 3, column username: "x" must be 3 to 32 characters long; line 4, column username: is empty: give each student a username; line 5, column username: "ADA" is on line 2 already: list each student once; line 6, column display_name: holds a control character (a tab or line break): write it on one line`},
		{"a stray quote", "username\nada\"x\n", "line 2, column at character 4: has a quote mark out of place: put a field with quotes or commas in double quotes, each quote doubled"},
		{"not UTF-8", "username\nada\n\xff\xfe\n", "line 3: is not UTF-8 text: save the file as CSV UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			es, err := ParseRoster([]byte(tc.file), checkName)
			var got string
			var re RosterErrors
			switch {
			case errors.As(err, &re):
				got = strings.TrimPrefix(re.Error(), "roster: ")
			case err != nil:
				t.Fatalf("an error that is not RosterErrors: %v", err)
			default:
				var parts []string
				for _, e := range es {
					parts = append(parts, fmt.Sprintf("%d:%s:%s", e.Line, e.Username, e.DisplayName))
				}
				got = strings.Join(parts, " ")
			}
			if got != tc.want {
				t.Errorf("got\n  %s\nwant\n  %s", got, tc.want)
			}
		})
	}
	var big strings.Builder
	big.WriteString("username\n")
	for i := range MaxRosterRows + 1 {
		fmt.Fprintf(&big, "pupil%d\n", i)
	}
	if _, err := ParseRoster([]byte(big.String()), checkName); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("line %d: the roster lists more than %d", MaxRosterRows+2, MaxRosterRows)) {
		t.Errorf("a roster too long: %v", err)
	}
}

func TestEnrolRosterCreatesTheMissingAndEnrolsEveryone(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	teacher := mustUser(t, s, "teacher")
	ada := mustUser(t, s, "ada")
	cl, err := s.CreateClass(ctx, teacher.ID, "P1")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	newToken := func() (string, string, error) { n++; return fmt.Sprintf("tok%d", n), fmt.Sprintf("hash%d", n), nil }
	entries := []RosterRow{{Line: 2, Username: "ADA"}, {Line: 3, Username: "bob", DisplayName: "Bob B"}}
	res, err := s.EnrolRoster(ctx, cl.ID, entries, &teacher.ID, newToken, t0)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || res[0].Created || res[0].Username != "ada" || res[0].Token != "" ||
		!res[1].Created || res[1].Token != "tok1" || res[1].DisplayName != "Bob B" || !res[1].ExpiresAt.Equal(t0.Add(ResetValid)) {
		t.Fatalf("results %+v", res)
	}
	for _, id := range []uint{ada.ID, res[1].UserID} {
		if ok, _ := s.IsMember(ctx, cl.ID, id); !ok {
			t.Errorf("user %d is not in the class", id)
		}
	}
	if u, err := s.PasswordResetUser(ctx, "hash1", t0); err != nil || u.Username != "bob" {
		t.Errorf("bob's link: %+v, %v", u, err)
	}
	if _, hash, _ := s.UserByName(ctx, "bob"); hash != NoPassword {
		t.Errorf("bob's password hash is %q, want none", hash)
	}
	// Again: nobody is created twice, nobody enrolled twice.
	res, err = s.EnrolRoster(ctx, cl.ID, entries, &teacher.ID, newToken, t0)
	if err != nil || res[1].Created {
		t.Fatalf("again: %+v, %v", res, err)
	}
	if got, _ := s.ClassByID(ctx, cl.ID); got.Students != 2 {
		t.Errorf("the class has %d students, want 2", got.Students)
	}
	// A failure part way stores nothing.
	fail := func() (string, string, error) { return "", "", errors.New("no randomness") }
	if _, err := s.EnrolRoster(ctx, cl.ID, []RosterRow{{Line: 2, Username: "cal"}}, nil, fail, t0); err == nil {
		t.Fatal("a failing token maker did not fail")
	}
	if _, _, err := s.UserByName(ctx, "cal"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a failed roster left cal behind: %v", err)
	}
	if _, err := s.EnrolRoster(ctx, 999, entries, nil, newToken, t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("a missing class: %v, want ErrNotFound", err)
	}
}
