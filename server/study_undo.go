package server

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"quizd/questions/srs"
	"quizd/storage"
)

// errNotLatest is the conflict of undoing an answer that is not the
// student's latest in its bank.
func errNotLatest(err error) *Error {
	return &Error{Status: fiber.StatusConflict, Msg: "only your latest answer in a bank can be undone, and this one has a later answer after it", Cause: err}
}

// apiUndo takes back the student's latest answer in a bank: the card is as
// it was before it.
func (a *app) apiUndo(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := parseID("id", "review id", c.Params("id"))
	if err != nil {
		return err
	}
	un, err := a.store.Undo(c.UserContext(), u.ID, id, a.cfg.Now())
	switch {
	case errors.Is(err, storage.ErrConflict):
		return errNotLatest(err)
	case errors.Is(err, storage.ErrNotFound):
		return &Error{Status: fiber.StatusNotFound, Msg: fmt.Sprintf("you have no answer with id %d", id), Cause: err}
	case err != nil:
		return err
	}
	return c.JSON(fiber.Map{
		"undone":      un.ReviewID,
		"question_id": un.QuestionID,
		"due":         un.Card.Due,
		"state":       srs.StateName(un.Card.State),
		"reps":        un.Card.Reps,
		"is_new":      !un.Seen,
	})
}

// studyUndo takes back the latest answer from a study page and shows the
// card again.
func (a *app) studyUndo(c *fiber.Ctx) error {
	u := currentUser(c)
	bank, err := a.bankParam(c)
	if err != nil {
		return err
	}
	id, err := parseID("review_id", "the answer id", c.FormValue("review_id"))
	if err != nil {
		return err
	}
	// The answer must be of this bank: a form of one bank undoes nothing
	// in another.
	rv, err := a.store.ReviewByID(c.UserContext(), u.ID, id)
	if err != nil || rv.BankID != bank.ID {
		return classifyNotFound(orNotFound(err), "There is no such answer of yours in this bank: it may have been undone already.")
	}
	_, err = a.store.Undo(c.UserContext(), u.ID, id, a.cfg.Now())
	if errors.Is(err, storage.ErrConflict) {
		return &Error{Status: fiber.StatusConflict, Msg: "Only your latest answer in a bank can be undone, and this one has a later answer after it. Go back to the study page to carry on.", Cause: err}
	}
	if err != nil {
		return classifyNotFound(err, "There is no such answer of yours in this bank: it may have been undone already.")
	}
	return c.Redirect(fmt.Sprintf("/banks/%d/study?mode=%s&done=undone", bank.ID, studyMode(c.FormValue("mode"))), fiber.StatusSeeOther)
}
