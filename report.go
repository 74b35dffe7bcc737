package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"time"

	"quizd/questions/report"
	"quizd/storage"
)

func cmdReport(args []string, stdout, stderr io.Writer) error {
	views := []string{storage.ViewProgress, storage.ViewSummary, storage.ViewItems}
	if len(args) == 0 || !slices.Contains(views, args[0]) {
		return usageError{"the report command is: quizd report progress|summary|items --bank ID [--class ID] [--student ID] --format csv|json|xlsx [--out FILE]"}
	}
	view := args[0]
	fs := newFlags("report "+view, stderr)
	bank := fs.Uint("bank", 0, "the bank's id (required)")
	class := fs.Uint("class", 0, "the class's id")
	student := fs.Uint("student", 0, "one student's id")
	format := fs.String("format", "csv", "csv, json or xlsx")
	out := fs.String("out", "", "write to this file instead of standard output")
	db := dbFlag(fs)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	if *bank == 0 {
		return usageError{"--bank is required"}
	}
	if !slices.Contains(report.Formats, *format) {
		return usageError{fmt.Sprintf("--format must be csv, json or xlsx, not %q", *format)}
	}
	if view != storage.ViewProgress && *class == 0 {
		return usageError{"--class is required for the " + view + " report"}
	}
	ctx := context.Background()
	st, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if _, err := st.BankByID(ctx, *bank); err != nil {
		return fmt.Errorf("--bank %d: no such bank", *bank)
	}
	if *class != 0 {
		if _, err := st.ClassByID(ctx, *class); err != nil {
			return fmt.Errorf("--class %d: no such class", *class)
		}
	}
	cols, err := st.ReportColumns(ctx, view, *bank)
	if err != nil {
		return err
	}
	var dst io.Writer = stdout
	var file *os.File
	if *out != "" {
		if file, err = os.Create(*out); err != nil {
			return fmt.Errorf("write %s: %w", *out, err)
		}
		defer file.Close()
		dst = file
	}
	bw := bufio.NewWriterSize(dst, 256<<10)
	w, err := report.NewWriter(*format, bw, view, cols)
	if err != nil {
		return err
	}
	n, err := st.WriteReport(ctx, view, storage.ReportScope{BankID: *bank, ClassID: *class, StudentID: *student}, w, time.Now())
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		if file != nil {
			os.Remove(*out)
		}
		return err
	}
	fmt.Fprintf(stderr, "%d rows\n", n)
	return nil
}
