package main

import (
	"context"
	"fmt"
	"io"
)

func cmdBackup(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", stderr)
	out := fs.String("out", "", "the backup file to write (must not exist)")
	db := dbFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() > 0 {
		return usageError{"give the file to write: quizd backup --out FILE"}
	}
	ctx := context.Background()
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := st.Backup(ctx, *out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backed up %s to %s\n", *db, *out)
	return nil
}
