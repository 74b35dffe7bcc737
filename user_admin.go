package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"quizd/server/auth"
	"quizd/storage"
)

// The verbs of quizd user that run accounts from the command line, as the
// admin page does: list, set-role, disable, enable, reset-password.

// baseURLFlag declares --base-url, which serve and reset-password share.
func baseURLFlag(fs *flag.FlagSet) *string {
	return fs.String("base-url", env("QUIZD_BASE_URL", ""),
		"the server's address as people reach it, e.g. https://quiz.example.org, for the links quizd hands out (QUIZD_BASE_URL); without it a link takes the request's host")
}

// checkBaseURL refuses a --base-url that is not an http or https address
// without a query.
func checkBaseURL(s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return usageError{fmt.Sprintf("--base-url must be an http or https address such as https://quiz.example.org, not %q", s)}
	}
	return nil
}

// parseArgsFlags parses a command's flags and its n positional arguments,
// which may come before the flags or after them.
func parseArgsFlags(fs *flag.FlagSet, args []string, names ...string) ([]string, error) {
	var pos []string
	for len(args) > 0 && len(pos) < len(names) && !strings.HasPrefix(args[0], "-") {
		pos, args = append(pos, args[0]), args[1:]
	}
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	pos = append(pos, fs.Args()...)
	if len(pos) != len(names) {
		return nil, usageError{fmt.Sprintf("give %s", strings.Join(names, " and "))}
	}
	return pos, nil
}

// withUser opens the database and finds the account named name.
func withUser(db, name string, fn func(ctx context.Context, st *storage.Store, u *storage.User) error) error {
	ctx := context.Background()
	st, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer st.Close()
	u, _, err := st.UserByName(ctx, name)
	if errors.Is(err, storage.ErrNotFound) {
		return fmt.Errorf("there is no account named %q: quizd user list shows them", name)
	}
	if err != nil {
		return err
	}
	return fn(ctx, st, u)
}

func cmdUserList(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user list", stderr)
	q := fs.String("q", "", "list only the accounts whose username or name holds this text")
	db := dbFlag(fs)
	if _, err := parseArgsFlags(fs, args); err != nil {
		return err
	}
	ctx := context.Background()
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tUSERNAME\tROLE\tSTATUS\tNAME")
	for offset := 0; ; offset += storage.MaxUserPage {
		us, total, err := st.ListUsers(ctx, storage.UserFilter{Query: *q, Offset: offset, Limit: storage.MaxUserPage})
		if err != nil {
			return err
		}
		for _, u := range us {
			status := "active"
			if u.Disabled() {
				status = "disabled since " + u.DisabledAt.Format(time.DateOnly)
			}
			fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Username, u.Role, status, u.DisplayName)
		}
		if len(us) == 0 || int64(offset+len(us)) >= total {
			break
		}
	}
	return w.Flush()
}

// changeUser applies one change to the account named name, saying so
// when it would leave no enabled admin.
func changeUser(db, name string, ch storage.AccountChange, done func(*storage.User) string, stdout io.Writer) error {
	return withUser(db, name, func(ctx context.Context, st *storage.Store, u *storage.User) error {
		u, err := st.ChangeAccount(ctx, u.ID, ch, time.Now())
		if errors.Is(err, storage.ErrLastAdmin) {
			return fmt.Errorf("%s is the last enabled admin: make another account admin first (quizd user set-role NAME admin)", name)
		}
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, done(u))
		return nil
	})
}

func cmdUserSetRole(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user set-role", stderr)
	db := dbFlag(fs)
	pos, err := parseArgsFlags(fs, args, "NAME", "ROLE")
	if err != nil {
		return err
	}
	r := storage.Role(pos[1])
	if !r.Valid() {
		return usageError{fmt.Sprintf("ROLE must be student, instructor or admin, not %q", pos[1])}
	}
	return changeUser(*db, pos[0], storage.AccountChange{Role: &r},
		func(u *storage.User) string { return fmt.Sprintf("%s is now %s", u.Username, u.Role) }, stdout)
}

// cmdUserDisable is quizd user disable and quizd user enable.
func cmdUserDisable(verb string, args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user "+verb, stderr)
	db := dbFlag(fs)
	pos, err := parseArgsFlags(fs, args, "NAME")
	if err != nil {
		return err
	}
	disabled := verb == "disable"
	return changeUser(*db, pos[0], storage.AccountChange{Disabled: &disabled}, func(u *storage.User) string {
		if disabled {
			return u.Username + " is disabled: their sessions and tokens have ended"
		}
		return u.Username + " is enabled: they can sign in again"
	}, stdout)
}

func cmdUserResetPassword(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("user reset-password", stderr)
	db := dbFlag(fs)
	base := baseURLFlag(fs)
	pos, err := parseArgsFlags(fs, args, "NAME")
	if err != nil {
		return err
	}
	if err := checkBaseURL(*base); err != nil {
		return err
	}
	return withUser(*db, pos[0], func(ctx context.Context, st *storage.Store, u *storage.User) error {
		token, hash, err := auth.NewToken()
		if err != nil {
			return err
		}
		expires, err := st.CreatePasswordReset(ctx, u.ID, nil, hash, time.Now())
		if errors.Is(err, storage.ErrDisabled) {
			return fmt.Errorf("%s is disabled: enable the account first (quizd user enable %s)", u.Username, u.Username)
		}
		if err != nil {
			return err
		}
		link := "/reset/" + token
		if *base != "" {
			link = strings.TrimRight(*base, "/") + link
		}
		fmt.Fprintln(stdout, link)
		if *base == "" {
			fmt.Fprintln(stderr, "This is a path: put the server's address before it (or give --base-url).")
		}
		fmt.Fprintf(stderr, "Give it to %s: it sets a new password once, until %s.\n", u.Username, expires.Local().Format("2 January 2006 15:04 MST"))
		return nil
	})
}
