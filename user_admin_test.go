package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"quizd/server/auth"
	"quizd/storage"
	"quizd/storage/testdb"
)

func TestUserAdminCommands(t *testing.T) {
	db := testdb.Path(t)
	for _, u := range [][]string{{"root", "admin"}, {"ann", "student"}} {
		if r := quizd(t, "user", "add", "--username", u[0], "--password", "correct horse", "--role", u[1], "--db", db); r.code != 0 {
			t.Fatalf("user add %s: %d %s", u[0], r.code, r.stderr)
		}
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"list", []string{"list", "--db", db}, 0, "ann       student  active", ""},
		{"list with a search", []string{"list", "--q", "ROO", "--db", db}, 0, "root", ""},
		{"set a role", []string{"set-role", "ann", "instructor", "--db", db}, 0, "ann is now instructor", ""},
		{"set a role, flags first", []string{"set-role", "--db", db, "ann", "student"}, 0, "ann is now student", ""},
		{"an unknown role", []string{"set-role", "ann", "owner", "--db", db}, 2, "", "ROLE must be student, instructor or admin"},
		{"a role without a name", []string{"set-role", "--db", db}, 2, "", "give NAME and ROLE"},
		{"demote the last admin", []string{"set-role", "root", "student", "--db", db}, 1, "", "root is the last enabled admin: make another account admin first"},
		{"disable the last admin", []string{"disable", "root", "--db", db}, 1, "", "last enabled admin"},
		{"disable", []string{"disable", "ann", "--db", db}, 0, "ann is disabled: their sessions and tokens have ended", ""},
		{"the list shows it", []string{"list", "--db", db}, 0, "ann       student  disabled since", ""},
		{"no link for a disabled account", []string{"reset-password", "ann", "--db", db}, 1, "", "enable the account first (quizd user enable ann)"},
		{"enable", []string{"enable", "ann", "--db", db}, 0, "ann is enabled: they can sign in again", ""},
		{"a missing account", []string{"disable", "nobody", "--db", db}, 1, "", `there is no account named "nobody": quizd user list shows them`},
		{"a link as a path", []string{"reset-password", "ann", "--db", db}, 0, "/reset/", "This is a path: put the server's address before it (or give --base-url)."},
		{"a link under --base-url", []string{"reset-password", "ann", "--base-url", "https://quiz.example.org/", "--db", db}, 0, "https://quiz.example.org/reset/", "it sets a new password once"},
		{"a bad --base-url", []string{"reset-password", "ann", "--base-url", "quiz.example.org", "--db", db}, 2, "", "--base-url must be an http or https address"},
		{"an unknown verb", []string{"remove", "ann"}, 2, "", "quizd user reset-password NAME"},
		{"help", []string{"disable", "--help"}, 0, "", "SQLite database file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := quizd(t, append([]string{"user"}, tc.args...)...)
			if r.code != tc.wantCode || !strings.Contains(r.stdout, tc.wantOut) || !strings.Contains(r.stderr, tc.wantErr) {
				t.Errorf("exit %d\nstdout %q\nstderr %q\nwant %d, %q, %q", r.code, r.stdout, r.stderr, tc.wantCode, tc.wantOut, tc.wantErr)
			}
		})
	}
	// The link printed works, once, and the one before it no longer does.
	first := strings.TrimSpace(quizd(t, "user", "reset-password", "ann", "--db", db).stdout)
	link := strings.TrimSpace(quizd(t, "user", "reset-password", "ann", "--db", db).stdout)
	ctx := context.Background()
	st, err := storage.Open(ctx, storage.Config{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hash := func(l string) string { return auth.TokenHash(strings.TrimPrefix(l, "/reset/")) }
	if _, err := st.PasswordResetUser(ctx, hash(first), time.Now()); err == nil {
		t.Error("the link replaced by a newer one still works")
	}
	if u, err := st.PasswordResetUser(ctx, hash(link), time.Now()); err != nil || u.Username != "ann" {
		t.Errorf("the printed link: %+v, %v", u, err)
	}
	if _, err := st.UsePasswordReset(ctx, hash(link), "h", time.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := st.UsePasswordReset(ctx, hash(link), "h", time.Now()); err == nil {
		t.Error("the link worked twice")
	}
}

func TestServeRefusesABadBaseURL(t *testing.T) {
	r := quizd(t, "serve", "--base-url", "ftp://quiz.example.org", "--db", filepath.Join(t.TempDir(), "q.db"))
	if r.code != 2 || !strings.Contains(r.stderr, "--base-url must be an http or https address") {
		t.Errorf("exit %d %q", r.code, r.stderr)
	}
}
