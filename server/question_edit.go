package server

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/storage"
)

// What the question browser and editor (API and pages) share: who may
// use them, and how their input and their failures are read.

// editableBank is the bank of :id when the user may browse and edit its
// questions (storage.CanManageBank: its owner, or an admin; the bundled
// bank an admin only). A bank the user cannot see at all is not found, so
// that its existence is not told; one they study is forbidden.
func (a *app) editableBank(c *fiber.Ctx) (*storage.Bank, *storage.User, error) {
	u := currentUser(c)
	id, err := parseID("id", "bank id", c.Params("id"))
	if err != nil {
		return nil, nil, err
	}
	b, err := a.store.BankByID(c.UserContext(), id)
	if err != nil {
		return nil, nil, classifyNotFound(err, "There is no bank with this id: open one from your classes page.")
	}
	// 403 for everyone else, as the bank's other management routes answer.
	if !storage.CanManageBank(u, b) {
		return nil, nil, errForbidden("Only the bank's owner and admins may browse and edit its questions: ask its owner to change a question.")
	}
	return b, u, nil
}

// editableQuestion is editableBank with the :qid of the route.
func (a *app) editableQuestion(c *fiber.Ctx) (*storage.Bank, *storage.User, string, error) {
	b, u, err := a.editableBank(c)
	if err != nil {
		return nil, nil, "", err
	}
	qid, err := questionParam(c)
	if err != nil {
		return nil, nil, "", err
	}
	return b, u, qid, nil
}

// questionParam reads :qid, bounded.
func questionParam(c *fiber.Ctx) (string, error) {
	qid := c.Params("qid")
	if qid == "" || len(qid) > questions.MaxIDLength {
		return "", errBadRequest("qid", fmt.Sprintf("question id %q is not one of this bank's: an id has 1 to %d characters", qid, questions.MaxIDLength))
	}
	return qid, nil
}

// versionParam reads :version, a version number.
func versionParam(c *fiber.Ctx) (int, error) {
	v, err := strconv.Atoi(c.Params("version"))
	if err != nil || v < 1 || v > 1_000_000 {
		return 0, errBadRequest("version", fmt.Sprintf("version %q is not a version number: use one that GET of the question lists", c.Params("version")))
	}
	return v, nil
}

// noQuestion is the error of a :qid the bank does not have.
func noQuestion(err error, qid string) error {
	return classifyNotFound(err, fmt.Sprintf("This bank has no question %q: find it in the bank's question browser.", qid))
}

// fieldProblem is one thing wrong with a question sent to the editor.
type fieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// fieldProblems are the problems a save failed with, by field: the
// validation's (questions.Problem), or a field of the body that could not
// be read. Nil for any other error.
func fieldProblems(err error) []fieldProblem {
	var out []fieldProblem
	for _, p := range questions.ProblemsOf(err) {
		out = append(out, fieldProblem{Field: p.Field, Message: p.Message})
	}
	var e *Error
	if out == nil && errors.As(err, &e) && e.Field != "" && e.Status == fiber.StatusBadRequest {
		out = append(out, fieldProblem{Field: e.Field, Message: e.Msg})
	}
	return out
}

// staleMessage says that someone saved the question first.
func staleMessage(current *storage.StoredQuestion) string {
	return fmt.Sprintf("Someone saved this question since you opened it: it is at version %d now. Look at their change, apply yours to it, and send version %d.",
		current.Version, current.Version)
}

// tooManyQuestions refuses a question past the bank's limit.
func (a *app) tooManyQuestions(b *storage.Bank) error {
	if b.QuestionCount < a.cfg.MaxQuestions {
		return nil
	}
	return &Error{Status: fiber.StatusUnprocessableEntity, Field: "bank",
		Msg: fmt.Sprintf("The bank holds %d questions, the most a bank may: retire one before you add another.", b.QuestionCount)}
}
