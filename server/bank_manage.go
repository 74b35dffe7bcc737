package server

import (
	"bytes"
	"errors"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/storage"
)

// The management of a bank: rename, archive, restore (its owner and the
// admins) and duplicate (any instructor who may copy its answers). The
// API handlers are here; the page and its forms are in bank_show.go.

// bankView is a bank as the API gives it.
func bankView(b *storage.Bank) bankJSON {
	return bankJSON{ID: b.ID, Slug: b.Slug, Title: b.Title, QuestionCount: b.QuestionCount, Archived: b.Archived}
}

// managedBank is the bank of the route's :id, which u must manage
// (storage.CanManageBank): its owner or an admin; the bundled bank is the
// admins'.
func (a *app) managedBank(c *fiber.Ctx, u *storage.User) (*storage.Bank, error) {
	b, err := a.bankParam(c)
	if err != nil {
		return nil, err
	}
	if storage.CanManageBank(u, b) {
		return b, nil
	}
	switch {
	case !storage.CanUpload(u):
		return nil, errForbidden("only the question set's owner or an admin may change it")
	case b.Builtin:
		return nil, errForbidden("the bundled question set is changed by admins only: make your own copy of it to change it")
	}
	return nil, errForbidden("this question set is another instructor's: make your own copy of it to change it")
}

// copyableBank is the bank of the route's :id, which u may duplicate: an
// instructor or admin who may copy its answers (storage.CopyAccess).
func (a *app) copyableBank(c *fiber.Ctx, u *storage.User) (*storage.Bank, error) {
	if !storage.CanUpload(u) {
		return nil, errForbidden("only instructors may copy question sets")
	}
	b, err := a.bankParam(c)
	if err != nil {
		return nil, err
	}
	acc, err := a.store.AccessToBank(c.UserContext(), u, b)
	if err != nil {
		return nil, err
	}
	if acc < storage.CopyAccess {
		return nil, errForbidden("you may not copy this question set: its answers are for its owner, admins and, for shared sets, instructors")
	}
	return b, nil
}

// titleError is a bad title as the client sees it: 422 naming the field.
func titleError(err error) error {
	var p questions.Problem
	if errors.As(err, &p) {
		return &Error{Status: fiber.StatusUnprocessableEntity, Field: p.Field, Msg: p.Field + ": " + p.Message, Cause: err}
	}
	return err
}

// decodeOptionalJSON is decodeJSON for a body that may be left out: an
// empty body decodes to nothing and is no error.
func decodeOptionalJSON(c *fiber.Ctx, v any) error {
	if len(bytes.TrimSpace(c.Body())) == 0 {
		return nil
	}
	return decodeJSON(c, v)
}

// apiBankRename is PATCH /api/v1/banks/:id {"title"}.
func (a *app) apiBankRename(c *fiber.Ctx) error {
	u := currentUser(c)
	b, err := a.managedBank(c, u)
	if err != nil {
		return err
	}
	var in struct {
		Title *string `json:"title"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Title == nil {
		return errBadRequest("title", "title is missing: send the new title")
	}
	b, err = a.store.RenameBank(c.UserContext(), b.ID, *in.Title)
	if err != nil {
		return titleError(err)
	}
	return c.JSON(fiber.Map{"bank": bankView(b)})
}

// apiBankArchive is POST /api/v1/banks/:id/archive (archive set) and
// POST /api/v1/banks/:id/restore, each with no body or {}.
func (a *app) apiBankArchive(archive bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		b, err := a.managedBank(c, currentUser(c))
		if err != nil {
			return err
		}
		if err := decodeOptionalJSON(c, &struct{}{}); err != nil {
			return err
		}
		if b, err = a.setArchived(c, b.ID, archive); err != nil {
			return err
		}
		return c.JSON(fiber.Map{"bank": bankView(b)})
	}
}

// setArchived archives a bank or restores it.
func (a *app) setArchived(c *fiber.Ctx, bankID uint, archive bool) (*storage.Bank, error) {
	if archive {
		return a.store.ArchiveBank(c.UserContext(), bankID, a.cfg.Now())
	}
	return a.store.RestoreBank(c.UserContext(), bankID)
}

// apiBankDuplicate is POST /api/v1/banks/:id/duplicate {"title"?}.
func (a *app) apiBankDuplicate(c *fiber.Ctx) error {
	u := currentUser(c)
	b, err := a.copyableBank(c, u)
	if err != nil {
		return err
	}
	var in struct {
		Title *string `json:"title"`
	}
	if err := decodeOptionalJSON(c, &in); err != nil {
		return err
	}
	title := ""
	if in.Title != nil {
		if title = *in.Title; title == "" {
			return &Error{Status: fiber.StatusUnprocessableEntity, Field: "title", Msg: "title: is empty: leave it out for the original's title with (copy), or give one"}
		}
	}
	cp, err := a.store.DuplicateBank(c.UserContext(), b.ID, u.ID, title)
	if err != nil {
		return titleError(err)
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"bank": bankView(cp)})
}
