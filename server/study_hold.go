package server

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"quizd/storage"
)

// holdChange is one way to set a card aside or put it back.
type holdChange func(a *app, c *fiber.Ctx, u *storage.User, bank *storage.Bank, qid string) (*storage.Hold, error)

func suspendCard(a *app, c *fiber.Ctx, u *storage.User, bank *storage.Bank, qid string) (*storage.Hold, error) {
	return a.store.Suspend(c.UserContext(), u.ID, bank.ID, qid, a.cfg.Now())
}

func unsuspendCard(a *app, c *fiber.Ctx, u *storage.User, bank *storage.Bank, qid string) (*storage.Hold, error) {
	return a.store.Unsuspend(c.UserContext(), u.ID, bank.ID, qid, a.cfg.Now())
}

// buryCard sets the card aside until the student's next day begins.
func buryCard(a *app, c *fiber.Ctx, u *storage.User, bank *storage.Bank, qid string) (*storage.Hold, error) {
	now := a.cfg.Now()
	return a.store.Bury(c.UserContext(), u.ID, bank.ID, qid, storage.DayStart(now, a.cfg.Location).AddDate(0, 0, 1), now)
}

// holdQuestion reads the :qid of a hold route, bounded.
func holdQuestion(c *fiber.Ctx) (string, error) {
	qid := c.Params("qid")
	if qid == "" || len(qid) > 64 {
		return "", errBadRequest("qid", fmt.Sprintf("question id %q is not one of this bank's: it has 1 to 64 characters", qid))
	}
	return qid, nil
}

func (a *app) applyHold(c *fiber.Ctx, change holdChange) (*storage.Bank, *storage.Hold, error) {
	u := currentUser(c)
	bank, err := a.bankParam(c)
	if err != nil {
		return nil, nil, err
	}
	qid, err := holdQuestion(c)
	if err != nil {
		return nil, nil, err
	}
	h, err := change(a, c, u, bank, qid)
	if err != nil {
		return nil, nil, classifyNotFound(err, fmt.Sprintf("this bank has no question %q: open the bank again and choose a card from it", qid))
	}
	return bank, h, nil
}

// apiHold sets a card aside, or puts it back, for the API.
func (a *app) apiHold(change holdChange) fiber.Handler {
	return func(c *fiber.Ctx) error {
		_, h, err := a.applyHold(c, change)
		if err != nil {
			return err
		}
		return c.JSON(fiber.Map{"question_id": h.QuestionID, "suspended": h.Suspended, "buried_until": h.BuriedUntil})
	}
}

// pageHold sets a card aside, or puts it back, from the study or stats
// page, and goes back there.
func (a *app) pageHold(change holdChange) fiber.Handler {
	return func(c *fiber.Ctx) error {
		bank, h, err := a.applyHold(c, change)
		if err != nil {
			return err
		}
		if c.FormValue("back") == "stats" {
			return c.Redirect("/stats", fiber.StatusSeeOther)
		}
		done := "back"
		switch {
		case h.Suspended:
			done = "suspended"
		case h.BuriedUntil != nil:
			done = "buried"
		}
		return c.Redirect(fmt.Sprintf("/banks/%d/study?mode=%s&done=%s", bank.ID, studyMode(c.FormValue("mode")), done), fiber.StatusSeeOther)
	}
}
