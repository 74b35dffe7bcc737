package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"quizd/server/auth"
	"quizd/storage"
)

// userUsage lists the verbs of quizd user.
const userUsage = `the user command is one of:
  quizd user add --username NAME (--password PASS | --password-stdin) --role ROLE
  quizd user list [--q TEXT]
  quizd user set-role NAME ROLE
  quizd user disable NAME
  quizd user enable NAME
  quizd user reset-password NAME [--base-url URL]
each with [--db quizd.db]`

func cmdUser(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{userUsage}
	}
	switch args[0] {
	case "add":
		return cmdUserAdd(args[1:], stdin, stdout, stderr)
	case "list":
		return cmdUserList(args[1:], stdout, stderr)
	case "set-role":
		return cmdUserSetRole(args[1:], stdout, stderr)
	case "disable", "enable":
		return cmdUserDisable(args[0], args[1:], stdout, stderr)
	case "reset-password":
		return cmdUserResetPassword(args[1:], stdout, stderr)
	}
	return usageError{userUsage}
}

func cmdUserAdd(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := newFlags("user add", stderr)
	username := fs.String("username", "", "the account's name")
	password := fs.String("password", "", "the password (or use --password-stdin)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	role := fs.String("role", "student", "student, instructor or admin")
	db := dbFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *fromStdin == (*password != "") {
		return usageError{"give the password with --password or --password-stdin, one of the two"}
	}
	if *fromStdin {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read password: %w", err)
		}
		*password = strings.TrimRight(line, "\r\n")
	}
	r := storage.Role(*role)
	if !r.Valid() {
		return usageError{fmt.Sprintf("--role must be student, instructor or admin, not %q", *role)}
	}
	if err := auth.CheckUsername(*username); err != nil {
		return err
	}
	if err := auth.CheckPolicy(*username, *password); err != nil {
		return err
	}
	hash, err := auth.HashPassword(*password)
	if err != nil {
		return err
	}
	ctx := context.Background()
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := st.CreateUser(ctx, *username, hash, r)
	if errors.Is(err, storage.ErrExists) {
		return fmt.Errorf("a user named %q exists already", *username)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created %s %q (id %d)\n", u.Role, u.Username, u.ID)
	return nil
}
