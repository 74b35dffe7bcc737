package server

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"quizd/storage"
	"quizd/views"
)

// bankNotices are what a form of a bank's page did, told on the page it
// redirects to: the address names what happened, never the words.
var bankNotices = map[string]string{
	"renamed":  "Renamed.",
	"archived": "Archived.",
	"restored": "Restored: the set is open to its students and classes again.",
	"copied":   "This is your copy: change it as you like; the original stays as it was.",
}

// bankShow is GET /banks/:id, a bank's page: for its owner and the admins
// with rename, archive or restore, copy and download; for an instructor
// who may copy it (the bundled and public banks) with "make my own copy".
func (a *app) bankShow(c *fiber.Ctx) error {
	u := currentUser(c)
	page, err := a.bankPage(c, u)
	if err != nil {
		return err
	}
	page.Notice = bankNotices[c.Query("done")]
	page.ConfirmArchive = page.Manage && !page.Archived && c.Query("confirm") == "archive"
	return c.Render("bank", page)
}

// bankPage fills a bank's page for u, who must be allowed to copy it.
func (a *app) bankPage(c *fiber.Ctx, u *storage.User) (views.BankPage, error) {
	b, err := a.bankParam(c)
	if err != nil {
		return views.BankPage{}, err
	}
	acc, err := a.store.AccessToBank(c.UserContext(), u, b)
	if err != nil {
		return views.BankPage{}, err
	}
	if acc < storage.CopyAccess {
		return views.BankPage{}, errForbidden("this page is for the question set's owner and the instructors who may copy it: study the set from the home page")
	}
	n, err := a.store.CountBank(c.UserContext(), b.ID)
	if err != nil {
		return views.BankPage{}, err
	}
	page := views.BankPage{Layout: a.layout(c, b.Title, ""), Bank: views.BankRef{ID: b.ID, Title: b.Title}, Slug: b.Slug,
		Manage: storage.CanManageBank(u, b), Builtin: b.Builtin, Public: b.Public, Archived: b.Archived,
		Studied: n.Active, Retired: n.Retired, Students: n.Students, CopyTitle: storage.CopyTitle(b.Title), TitleValue: b.Title}
	if b.ArchivedAt != nil {
		page.ArchivedOn = b.ArchivedAt.In(a.cfg.Location).Format("2 January 2006")
	}
	if b.Builtin && page.Manage {
		k, err := a.keptEdits(c.UserContext(), b)
		if err != nil {
			return views.BankPage{}, err
		}
		page.Kept = &k
	}
	return page, nil
}

// bankFormFailed shows a bank's page again with what was wrong with a
// form, or fails for errors that are not the user's.
func (a *app) bankFormFailed(c *fiber.Ctx, err error, fill func(*views.BankPage, *Error)) error {
	e := classify(err)
	if e.Status >= 500 || e.Status == fiber.StatusForbidden || e.Status == fiber.StatusNotFound {
		return err
	}
	page, perr := a.bankPage(c, currentUser(c))
	if perr != nil {
		return perr
	}
	fill(&page, e)
	return c.Status(e.Status).Render("bank", page)
}

func (a *app) bankRenameSubmit(c *fiber.Ctx) error {
	u := currentUser(c)
	b, err := a.managedBank(c, u)
	if err != nil {
		return err
	}
	title := c.FormValue("title")
	if _, err := a.store.RenameBank(c.UserContext(), b.ID, title); err != nil {
		return a.bankFormFailed(c, titleError(err), func(p *views.BankPage, e *Error) {
			p.Error, p.Field, p.TitleValue = sentenceOf(e.Msg), e.Field, title
		})
	}
	return c.Redirect(fmt.Sprintf("/banks/%d?done=renamed", b.ID), fiber.StatusSeeOther)
}

// bankArchiveSubmit archives a bank (archive set) once the confirmation
// was given (confirm=yes, the button of the question "Archive it?";
// without it, it asks), or restores it.
func (a *app) bankArchiveSubmit(archive bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		b, err := a.managedBank(c, currentUser(c))
		if err != nil {
			return err
		}
		if archive && c.FormValue("confirm") != "yes" {
			return c.Redirect(fmt.Sprintf("/banks/%d?confirm=archive#archive", b.ID), fiber.StatusSeeOther)
		}
		if _, err := a.setArchived(c, b.ID, archive); err != nil {
			return err
		}
		done := "restored"
		if archive {
			done = "archived"
		}
		return c.Redirect(fmt.Sprintf("/banks/%d?done=%s", b.ID, done), fiber.StatusSeeOther)
	}
}

// bankDuplicateSubmit copies the bank into one of the user's own and goes
// to the copy's page; an empty title gives storage.CopyTitle.
func (a *app) bankDuplicateSubmit(c *fiber.Ctx) error {
	u := currentUser(c)
	b, err := a.copyableBank(c, u)
	if err != nil {
		return err
	}
	cp, err := a.store.DuplicateBank(c.UserContext(), b.ID, u.ID, strings.TrimSpace(c.FormValue("title")))
	if err != nil {
		return a.bankFormFailed(c, titleError(err), func(p *views.BankPage, e *Error) { p.CopyError = sentenceOf(e.Msg) })
	}
	return c.Redirect(fmt.Sprintf("/banks/%d?done=copied", cp.ID), fiber.StatusSeeOther)
}
