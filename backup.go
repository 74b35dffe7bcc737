package main

import (
	"context"
	"fmt"
	"io"

	"quizd/storage"
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
	if storage.IsPostgresURL(*db) {
		return pgBackupAdvice(redactedURL(*db), *out)
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

// pgBackupAdvice is the answer of quizd backup on a PostgreSQL database:
// a copy of a live PostgreSQL database is pg_dump's job.
func pgBackupAdvice(db, out string) error {
	return fmt.Errorf("--db is a PostgreSQL database, which quizd backup does not copy: back it up with PostgreSQL's pg_dump, for example pg_dump --format=custom --file=%s '%s' (restore it with pg_restore)", out, db)
}
