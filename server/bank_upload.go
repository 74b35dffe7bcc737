package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/questions/importer"
	"quizd/questions/lint"
	"quizd/storage"
)

// upload is a file an instructor sends, with what they said of it.
type upload struct {
	Data     []byte
	Filename string
	Format   string
	Title    string
	Public   bool
	DryRun   bool
	// Separator is what stands between a card's sides, and RowSeparator
	// between cards when not a line break, when the uploader gives them;
	// Strict refuses the file if any part of it would be left out.
	Separator, RowSeparator string
	Strict                  bool
	// Reject lists the stored ids of near matches the uploader says are
	// not the same question (the form's reject_matches).
	Reject []string
}

// imported is what importing an upload did, or would do, and what the
// linter says of the bank.
type imported struct {
	Result   *importer.Result
	Upsert   *storage.UpsertResult
	Findings []lint.Finding
	// Facts is the fact sheet of a bank generated from one (an article or
	// a fact sheet), under the sheet's own keys; nil for other formats.
	Facts map[string]any
}

// importUpload reads an upload into a bank and stores it: as a new bank
// when into is nil, else as the new content of into, which the uploader
// must manage. On a dry run it only says what storing would do. Rows that
// cannot be questions are left out and listed; nothing is stored when no
// row is a question, or in strict mode when any row would be left out.
func (a *app) importUpload(ctx context.Context, u *storage.User, up upload, into *storage.Bank) (*imported, error) {
	if !storage.CanUpload(u) {
		return nil, errForbidden("only instructors may upload question sets")
	}
	f, err := importer.ParseFormat(up.Format)
	if err != nil {
		return nil, &Error{Status: fiber.StatusBadRequest, Field: "format", Msg: err.Error(), Cause: err}
	}
	sep, err := importer.ParseSeparator(up.Separator)
	if err != nil {
		return nil, &Error{Status: fiber.StatusBadRequest, Field: "separator", Msg: err.Error(), Cause: err}
	}
	rowSep, err := importer.ParseSeparator(up.RowSeparator)
	if err != nil {
		return nil, &Error{Status: fiber.StatusBadRequest, Field: "row_separator", Msg: "row_separator: " + err.Error(), Cause: err}
	}
	res, err := importer.Read(ctx, up.Data, importer.Options{Format: f, Filename: up.Filename, Title: strings.TrimSpace(up.Title),
		Separator: sep, RowSeparator: rowSep, Strict: up.Strict, MaxQuestions: a.cfg.MaxQuestions})
	if err != nil {
		return nil, err
	}
	owner := u.ID
	opt := storage.BankOptions{OwnerID: &owner, Public: up.Public, Actor: u, DryRun: up.DryRun, Reject: up.Reject}
	var ur *storage.UpsertResult
	if into == nil {
		ur, err = a.store.CreateBank(ctx, res.Bank, opt)
	} else {
		if strings.TrimSpace(up.Title) == "" {
			// An update keeps the bank's title unless the uploader gives
			// another: the file's name is no title.
			res.Bank.Title = into.Title
		}
		ur, err = a.store.ReplaceBank(ctx, into.ID, res.Bank, opt)
	}
	var ume *storage.UnknownMatchError
	switch {
	case errors.As(err, &ume):
		return nil, &Error{Status: fiber.StatusUnprocessableEntity, Field: "reject_matches", Msg: ume.Error(), Cause: err}
	case errors.Is(err, storage.ErrForbidden):
		return nil, errForbidden("you may update only the question sets you own: upload the file as a new set instead")
	case err != nil:
		return nil, err
	}
	var lo lint.Options
	if res.Format == importer.Article {
		// The bank was made from this very text: explanations must not
		// copy it.
		lo.Source = string(up.Data)
	}
	out := &imported{Result: res, Upsert: ur, Findings: lo.Bank(res.Bank)}
	if res.Sheet != nil {
		if out.Facts, err = res.Sheet.Plain(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// importRetry is how long, in seconds, a refused upload is told to wait.
const importRetry = 10

// importSlot takes one of the places for an upload being read and stored,
// or refuses the request with 503 and Retry-After when all are taken:
// reading and storing a large file keeps a core and the database busy, and
// a queue would only hold more files in memory. The slots are this
// process's, as the cores they guard are.
func (a *app) importSlot(c *fiber.Ctx) (release func(), err error) {
	select {
	case a.imports <- struct{}{}:
		return func() { <-a.imports }, nil
	default:
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(importRetry))
		return nil, &Error{Status: fiber.StatusServiceUnavailable,
			Msg: fmt.Sprintf("other uploads are being imported right now: try again in %d seconds", importRetry)}
	}
}

// readUpload reads the multipart form of an upload.
func (a *app) readUpload(c *fiber.Ctx) (upload, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return upload{}, errBadRequest("file", "choose a file to upload (the form field is \"file\")")
	}
	f, err := fh.Open()
	if err != nil {
		return upload{}, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(a.cfg.UploadLimit)+1))
	if err != nil {
		return upload{}, err
	}
	if len(data) > a.cfg.UploadLimit {
		return upload{}, &Error{Status: fiber.StatusRequestEntityTooLarge, Field: "file", Msg: fmt.Sprintf("the file is larger than %d MiB", a.cfg.UploadLimit>>20)}
	}
	dry, _ := strconv.ParseBool(c.FormValue("dry_run", "false"))
	public, _ := strconv.ParseBool(c.FormValue("public", "false"))
	strict, _ := strconv.ParseBool(c.FormValue("strict", "false"))
	if c.FormValue("public") == "on" {
		public = true
	}
	if c.FormValue("strict") == "on" {
		strict = true
	}
	up := upload{Data: data, Filename: fh.Filename, Format: c.FormValue("format"), Title: c.FormValue("title"), Public: public, DryRun: dry,
		Separator: c.FormValue("separator"), RowSeparator: c.FormValue("row_separator"), Strict: strict}
	if form, err := c.MultipartForm(); err == nil {
		up.Reject = rejectList(form.Value["reject_matches"])
	}
	return up, nil
}

// rejectList reads the ids of reject_matches: the field repeated, or ids
// separated by commas, or both.
func rejectList(values []string) []string {
	var ids []string
	for _, v := range values {
		for id := range strings.SplitSeq(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				ids = append(ids, strings.Clone(id))
			}
		}
	}
	return ids
}

// apiImport reads the API's upload form and imports it, in an import slot,
// as a new bank or into one (see importUpload).
func (a *app) apiImport(c *fiber.Ctx, u *storage.User, into *storage.Bank) (upload, *imported, error) {
	up, err := a.readUpload(c)
	if err != nil {
		return up, nil, err
	}
	release, err := a.importSlot(c)
	if err != nil {
		return up, nil, err
	}
	defer release()
	out, err := a.importUpload(c.UserContext(), u, up, into)
	return up, out, err
}

// apiBankUpload is POST /api/v1/banks: the file always makes a new bank.
func (a *app) apiBankUpload(c *fiber.Ctx) error {
	u := currentUser(c)
	if !storage.CanUpload(u) {
		return errForbidden("only instructors may upload question sets")
	}
	up, out, err := a.apiImport(c, u, nil)
	if err != nil {
		return err
	}
	status := fiber.StatusCreated
	if up.DryRun {
		status = fiber.StatusOK
	}
	return c.Status(status).JSON(importJSON(out, up.DryRun))
}

// apiBankReplace is PUT /api/v1/banks/:id: the file becomes the bank's
// new content, its questions matched to the stored ones (ids, then text),
// answered with the diff; without dry_run it is applied, less the near
// matches listed in reject_matches.
func (a *app) apiBankReplace(c *fiber.Ctx) error {
	u := currentUser(c)
	if !storage.CanUpload(u) {
		return errForbidden("only instructors may upload question sets")
	}
	bank, err := a.bankParam(c)
	if err != nil {
		return err
	}
	if !storage.CanManageBank(u, bank) {
		return errForbidden("you may update only the question sets you own: upload the file as a new set with POST /api/v1/banks")
	}
	up, out, err := a.apiImport(c, u, bank)
	if err != nil {
		return err
	}
	m := importJSON(out, up.DryRun)
	m["changed"] = out.Upsert.Updated
	m["matches"] = nonNil(out.Upsert.Matches)
	m["rejected"] = nonNil(out.Upsert.Rejected)
	delete(m, "updated")
	return c.JSON(m)
}

func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

func importJSON(out *imported, dry bool) fiber.Map {
	b := out.Upsert.Bank
	id := b.ID
	if dry && out.Upsert.BankCreated {
		id = 0
	}
	skipped := out.Result.Skipped
	if skipped == nil {
		skipped = []questions.Skipped{}
	}
	notes := out.Result.Notes
	if notes == nil {
		notes = []string{}
	}
	warnings := out.Findings
	if warnings == nil {
		warnings = []lint.Finding{}
	}
	m := fiber.Map{
		"bank":    bankJSON{ID: id, Slug: b.Slug, Title: b.Title, QuestionCount: len(out.Result.Bank.Questions)},
		"format":  out.Result.Format,
		"created": out.Upsert.Created, "updated": out.Upsert.Updated, "retired": out.Upsert.Retired,
		"unchanged": out.Upsert.Unchanged, "skipped": skipped, "notes": notes, "warnings": warnings, "dry_run": dry,
	}
	if dry && out.Result.Sheet != nil {
		// A preview of an article shows the facts its questions come
		// from, for the uploader to correct and send back as a fact sheet.
		m["facts"] = out.Facts
	}
	return m
}
