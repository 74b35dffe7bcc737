package server

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/storage"
)

// The owner of a bank (or an admin) accepts or rejects a flag: see
// storage.DecideFlag for what accepting "my answer should count" does.

// flagToDecide reads the :flag (or :id) of a route and checks the user
// may decide it: the owner of its bank or an admin.
func (a *app) flagToDecide(c *fiber.Ctx, param string) (*storage.Flag, *storage.Bank, error) {
	id, err := parseID(param, "flag id", c.Params(param))
	if err != nil {
		return nil, nil, err
	}
	f, err := a.store.FlagByID(c.UserContext(), id)
	if err != nil {
		return nil, nil, classifyNotFound(err, fmt.Sprintf("There is no flag with id %d: take the id from the bank's flags.", id))
	}
	b, err := a.store.BankByID(c.UserContext(), f.BankID)
	if err != nil {
		return nil, nil, err
	}
	if !storage.CanManageBank(currentUser(c), b) {
		return nil, nil, errForbidden("Only the bank's owner and admins decide on its flags: ask the owner to decide.")
	}
	return f, b, nil
}

// decide records a decision on a flag.
func (a *app) decide(c *fiber.Ctx, f *storage.Flag, accept bool) (*storage.Decided, error) {
	d, err := a.store.DecideFlag(c.UserContext(), storage.FlagDecision{FlagID: f.ID, DeciderID: currentUser(c).ID, Accept: accept,
		Now: a.cfg.Now(), Scheduler: a.schedulerAt})
	var ps questions.Problem
	switch {
	case errors.Is(err, storage.ErrDecided):
		return nil, &Error{Status: fiber.StatusConflict, Msg: fmt.Sprintf("This flag was %s already: a flag is decided once.", f.Status), Cause: err}
	case errors.As(err, &ps):
		return nil, &Error{Status: fiber.StatusUnprocessableEntity, Field: ps.Field,
			Msg: fmt.Sprintf("The response cannot become an accepted answer (%s): edit the question instead, then reject the flag.", ps.Message), Cause: err}
	case err != nil:
		return nil, classifyNotFound(err, "This flag is gone: its answer was undone.")
	}
	return d, nil
}

// apiFlagDecide accepts or rejects a flag.
func (a *app) apiFlagDecide(accept bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		f, _, err := a.flagToDecide(c, "id")
		if err != nil {
			return err
		}
		d, err := a.decide(c, f, accept)
		if err != nil {
			var e *Error
			if errors.As(err, &e) && e.Status == fiber.StatusConflict {
				return c.Status(fiber.StatusConflict).JSON(fiber.Map{"error": e.Msg, "flag": flagJSONOf(f)})
			}
			return err
		}
		regraded := d.Regraded
		if regraded == nil {
			regraded = []uint{}
		}
		body := fiber.Map{"flag": flagJSONOf(d.Flag), "regraded": regraded, "cards": d.Cards, "also_accepted": d.AlsoAccepted, "question": nil}
		if d.Question != nil {
			body["question"] = fiber.Map{"id": d.Question.ID, "version": d.Question.Version, "answer": d.Question.Answer, "accept": d.Question.Accept}
		}
		return c.JSON(body)
	}
}

// flagDecideForm accepts or rejects a flag from the queue page, and goes
// back to the queue saying what it did.
func (a *app) flagDecideForm(c *fiber.Ctx) error {
	f, b, err := a.flagToDecide(c, "flag")
	if err != nil {
		return err
	}
	if pathBank, err := parseID("id", "bank id", c.Params("id")); err != nil || pathBank != b.ID {
		return errNotFound("This flag is not one of this bank's: open the bank's own flags.")
	}
	var accept bool
	switch c.FormValue("decision") {
	case "accept":
		accept = true
	case "reject":
	default:
		return errBadRequest("decision", "Choose Accept or Reject for the flag.")
	}
	if _, err := a.decide(c, f, accept); err != nil {
		return err
	}
	q := url.Values{"status": {cmpOr(c.FormValue("status"), storage.FlagOpen)}, "done": {fmt.Sprint(f.ID)}}
	return c.Redirect(fmt.Sprintf("/banks/%d/flags?%s", b.ID, q.Encode()), fiber.StatusSeeOther)
}

// decisionNotice says what the decision on a flag did, as the queue
// tells it after the form.
func decisionNotice(f *storage.Flag) string {
	switch {
	case f.Status == storage.FlagRejected:
		return fmt.Sprintf("Rejected %s's flag of “%s”: nothing changed.", f.Student, clip(f.Prompt))
	case f.Reason != storage.FlagShouldCount:
		return fmt.Sprintf("Accepted %s's flag of “%s”: edit the question to correct it.", f.Student, clip(f.Prompt))
	case questions.AcceptsText(f.Type):
		return fmt.Sprintf("Accepted: “%s” is now an accepted answer of “%s”, and every answer with it was re-graded and its card rescheduled.", f.Given, clip(f.Prompt))
	}
	return fmt.Sprintf("Accepted: “%s” now counts as right for “%s” (the question is unchanged), and every answer with it was re-graded and its card rescheduled.", f.Given, clip(f.Prompt))
}
