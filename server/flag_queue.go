package server

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/storage"
	"quizd/views"
)

// The queue of a bank's flags, for its owner and admins: the open ones by
// default, the oldest first.

// flagBank reads the :id of a queue route and checks the user may see its
// flags: the owner of the bank or an admin.
func (a *app) flagBank(c *fiber.Ctx) (*storage.Bank, error) {
	id, err := parseID("id", "bank id", c.Params("id"))
	if err != nil {
		return nil, err
	}
	b, err := a.store.BankByID(c.UserContext(), id)
	if err != nil {
		return nil, classifyNotFound(err, fmt.Sprintf("There is no bank with id %d.", id))
	}
	if !storage.CanManageBank(currentUser(c), b) {
		return nil, errForbidden("The flags of this bank are for its owner and admins: ask its owner about them.")
	}
	return b, nil
}

// flagFilter reads the status and page of a queue request: status "" is
// every status.
func flagFilter(c *fiber.Ctx) (status string, page int, err error) {
	status = c.Query("status", storage.FlagOpen)
	switch {
	case status == "all":
		status = ""
	case !slices.Contains(storage.FlagStatuses, status):
		return "", 0, errBadRequest("status", fmt.Sprintf("The status %q is not one of open, accepted, rejected or all: use one of those.", clip(status)))
	}
	page = 1
	if p := c.Query("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 1_000_000 {
			return "", 0, errBadRequest("page", fmt.Sprintf("The page %q is not a whole number from 1: give page=1 or more.", clip(p)))
		}
		page = n
	}
	return status, page, nil
}

// flagQueue is one page of a bank's queue, as a request asks for it.
type flagQueue struct {
	Bank *storage.Bank
	// Status is the status asked for, "all" for every status.
	Status      string
	Page, Total int
	Flags       []storage.Flag
}

// readQueue checks and reads the queue a request asks for.
func (a *app) readQueue(c *fiber.Ctx) (*flagQueue, error) {
	b, err := a.flagBank(c)
	if err != nil {
		return nil, err
	}
	status, page, err := flagFilter(c)
	if err != nil {
		return nil, err
	}
	flags, total, err := a.store.BankFlags(c.UserContext(), b.ID, status, page)
	if err != nil {
		return nil, err
	}
	return &flagQueue{Bank: b, Status: cmpOr(status, "all"), Page: page, Total: total, Flags: flags}, nil
}

// apiFlagQueue lists a bank's flags.
func (a *app) apiFlagQueue(c *fiber.Ctx) error {
	q, err := a.readQueue(c)
	if err != nil {
		return err
	}
	out := make([]flagJSON, len(q.Flags))
	for i := range q.Flags {
		out[i] = flagJSONOf(&q.Flags[i])
	}
	return c.JSON(fiber.Map{"flags": out, "total": q.Total, "page": q.Page, "per_page": storage.FlagPage, "status": q.Status})
}

// flagQueueShow is the queue page.
func (a *app) flagQueueShow(c *fiber.Ctx) error {
	q, err := a.readQueue(c)
	if err != nil {
		return err
	}
	b, flags, page, total := q.Bank, q.Flags, q.Page, q.Total
	shown := q.Status
	p := views.FlagQueuePage{Layout: a.layout(c, "Flags · "+b.Title, "reports"), Bank: views.BankRef{ID: b.ID, Title: b.Title},
		Status: shown, Total: total}
	for _, s := range []string{storage.FlagOpen, storage.FlagAccepted, storage.FlagRejected, "all"} {
		p.Tabs = append(p.Tabs, views.FlagTab{Label: queueLabel(s), URL: fmt.Sprintf("/banks/%d/flags?status=%s", b.ID, s), Current: s == shown})
	}
	if done := c.Query("done"); done != "" {
		if id, err := strconv.ParseUint(done, 10, 32); err == nil {
			f, err := a.store.FlagByID(c.UserContext(), uint(id))
			switch {
			case err == nil && f.BankID == b.ID && f.Status != storage.FlagOpen:
				p.Notice = decisionNotice(f)
			case err != nil && !errors.Is(err, storage.ErrNotFound):
				return err
			}
		}
	}
	for i := range flags {
		p.Flags = append(p.Flags, flagLine(b.ID, &flags[i], a))
	}
	pageURL := func(n int) string {
		return fmt.Sprintf("/banks/%d/flags?%s", b.ID, url.Values{"status": {shown}, "page": {strconv.Itoa(n)}}.Encode())
	}
	if page > 1 {
		p.Prev = pageURL(page - 1)
	}
	if page*storage.FlagPage < total {
		p.Next = pageURL(page + 1)
	}
	return c.Render("flags", p)
}

func queueLabel(status string) string {
	switch status {
	case storage.FlagOpen:
		return "Open"
	case storage.FlagAccepted:
		return "Accepted"
	case storage.FlagRejected:
		return "Rejected"
	}
	return "All"
}

func flagLine(bankID uint, f *storage.Flag, a *app) views.FlagLine {
	l := views.FlagLine{ID: f.ID, QuestionID: f.QuestionID, Prompt: f.Prompt, EditURL: editorURL(bankID, f.QuestionID),
		Student: f.Student, Reason: reasonLabels[f.Reason], Comment: f.Comment, Given: f.Given, Expected: expectedText(&f.Question),
		CreatedAt: f.CreatedAt.In(a.cfg.Location).Format("2 Jan 2006 15:04"), Status: f.Status, Open: f.Status == storage.FlagOpen}
	switch {
	case f.Reason != storage.FlagShouldCount:
		l.Effect = "Accepting records that the student was right; correct the question in its editor."
	case questions.AcceptsText(f.Type):
		l.Effect = fmt.Sprintf("Accepting adds “%s” to the accepted answers (a new version) and re-grades every answer with it.", f.Given)
	default:
		l.Effect = "Accepting counts every answer with this response as right; the question stays as it is."
	}
	return l
}
