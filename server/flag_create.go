package server

import (
	"errors"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/storage"
	"quizd/views"
)

// A student flags one of their answers for the bank's owner: "my answer
// should count", "the question is wrong", "typo" or "other", with an
// optional comment. One flag per answer: a second is 409 with the first.

// flagJSON is a flag as the API writes it.
type flagJSON struct {
	ID         uint   `json:"id"`
	ReviewID   uint   `json:"review_id"`
	QuestionID string `json:"question_id"`
	Prompt     string `json:"prompt"`
	Reason     string `json:"reason"`
	Comment    string `json:"comment"`
	// Response is the response as the student gave it, for people to
	// read; ResponseParts its values as they were sent.
	Response      string     `json:"response"`
	ResponseParts []string   `json:"response_parts"`
	Status        string     `json:"status"`
	Student       string     `json:"student"`
	CreatedAt     time.Time  `json:"created_at"`
	DecidedAt     *time.Time `json:"decided_at"`
}

func flagJSONOf(f *storage.Flag) flagJSON {
	parts := f.Response
	if parts == nil {
		parts = []string{}
	}
	return flagJSON{ID: f.ID, ReviewID: f.ReviewID, QuestionID: f.QuestionID, Prompt: f.Prompt, Reason: f.Reason, Comment: f.Comment,
		Response: f.Given, ResponseParts: parts, Status: f.Status, Student: f.Student, CreatedAt: f.CreatedAt, DecidedAt: f.DecidedAt}
}

type flagInput struct {
	Reason  *string `json:"reason"`
	Comment *string `json:"comment"`
}

// flagError maps what CreateFlag refused to the error the student sees.
func flagError(err error, reviewID uint) error {
	var fe *storage.FlagInputError
	switch {
	case errors.As(err, &fe):
		return &Error{Status: fiber.StatusUnprocessableEntity, Field: fe.Field, Msg: sentenceOf(fe.Msg), Cause: err}
	case errors.Is(err, storage.ErrNotFound):
		return &Error{Status: fiber.StatusNotFound, Msg: fmt.Sprintf("You have no answer with id %d: flag one of your own answers.", reviewID), Cause: err}
	}
	return err
}

// apiFlagCreate flags one of the student's answers: 201 with the flag.
func (a *app) apiFlagCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	id, err := parseID("id", "review id", c.Params("id"))
	if err != nil {
		return err
	}
	var in flagInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Reason == nil {
		return &Error{Status: fiber.StatusUnprocessableEntity, Field: "reason", Msg: "The reason is missing: give one of " + reasonList() + "."}
	}
	comment := ""
	if in.Comment != nil {
		comment = *in.Comment
	}
	f, err := a.store.CreateFlag(c.UserContext(), u.ID, id, *in.Reason, comment, a.cfg.Now())
	if errors.Is(err, storage.ErrFlagged) {
		body := fiber.Map{"error": "You have flagged this answer already: your instructor will decide on that flag."}
		if prev, perr := a.store.FlagOfReview(c.UserContext(), u.ID, id); perr == nil {
			body["flag"] = flagJSONOf(prev)
		}
		return c.Status(fiber.StatusConflict).JSON(body)
	}
	if err != nil {
		return flagError(err, id)
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"flag": flagJSONOf(f)})
}

func reasonList() string {
	s := ""
	for i, r := range storage.FlagReasons {
		switch {
		case i == len(storage.FlagReasons)-1:
			s += " or "
		case i > 0:
			s += ", "
		}
		s += r
	}
	return s
}

// feedbackFlag flags an answer from its feedback page and shows the page
// again, saying so; refused input shows the form again with the message.
func (a *app) feedbackFlag(c *fiber.Ctx) error {
	u := currentUser(c)
	bank, rv, err := a.ownReview(c)
	if err != nil {
		return err
	}
	id := rv.ID
	mode := studyMode(c.FormValue("mode"))
	back := fmt.Sprintf("/banks/%d/feedback/%d?mode=%s", bank.ID, id, mode)
	reason, comment := c.FormValue("reason"), c.FormValue("comment")
	_, err = a.store.CreateFlag(c.UserContext(), u.ID, id, reason, comment, a.cfg.Now())
	switch {
	case errors.Is(err, storage.ErrFlagged):
		return c.Redirect(back, fiber.StatusSeeOther)
	case err != nil:
		ferr := flagError(err, id)
		var e *Error
		if !errors.As(ferr, &e) || e.Status != fiber.StatusUnprocessableEntity {
			return ferr
		}
		if reason == "" {
			e.Msg = "Choose what is wrong, then send the flag."
		}
		page, err := a.feedbackPage(c, u, bank, rv)
		if err != nil {
			return err
		}
		page.Mode = mode
		page.Flag = views.FlagForm{Reasons: flagReasons(rv, reason), Comment: comment, Max: storage.MaxFlagComment, Error: e.Msg, Open: true}
		return c.Status(fiber.StatusUnprocessableEntity).Render("feedback", page)
	}
	return c.Redirect(back, fiber.StatusSeeOther)
}

// reasonLabels are the reasons as the flag form and the queue say them.
var reasonLabels = map[string]string{
	storage.FlagShouldCount:   "My answer should count",
	storage.FlagQuestionWrong: "The question or its answer is wrong",
	storage.FlagTypo:          "There is a typo",
	storage.FlagOther:         "Something else",
}

// flagReasons are the reasons the form offers for an answer: "should
// count" only for a graded answer marked wrong.
func flagReasons(rv *storage.Review, checked string) []views.FlagReason {
	var out []views.FlagReason
	for _, r := range storage.FlagReasons {
		if r == storage.FlagShouldCount && (rv.Correct == nil || *rv.Correct) {
			continue
		}
		out = append(out, views.FlagReason{Value: r, Label: reasonLabels[r], Checked: r == checked})
	}
	return out
}

// flagForm is the flag form of an answer's feedback page, or its flag.
func (a *app) flagForm(c *fiber.Ctx, u *storage.User, rv *storage.Review) (views.FlagForm, error) {
	f, err := a.store.FlagOfReview(c.UserContext(), u.ID, rv.ID)
	switch {
	case err == nil:
		n := flagNote(f)
		return views.FlagForm{Sent: &n}, nil
	case !errors.Is(err, storage.ErrNotFound):
		return views.FlagForm{}, err
	}
	return views.FlagForm{Reasons: flagReasons(rv, ""), Max: storage.MaxFlagComment}, nil
}

// flagNote says what became of a student's flag.
func flagNote(f *storage.Flag) views.FlagNote {
	n := views.FlagNote{Prompt: f.Prompt, Reason: reasonLabels[f.Reason], Status: f.Status}
	what := "report on"
	if f.Reason == storage.FlagShouldCount {
		what = "appeal of"
	}
	switch {
	case f.Status == storage.FlagOpen:
		n.Text = fmt.Sprintf("Your %s “%s” is waiting for your instructor's decision.", what, f.Prompt)
	case f.Status == storage.FlagRejected && f.Reason == storage.FlagShouldCount:
		n.Text = fmt.Sprintf("Your appeal of “%s” was not accepted: the expected answer stands, so review it when the card comes back.", f.Prompt)
	case f.Status == storage.FlagRejected:
		n.Text = fmt.Sprintf("Your report on “%s” was not accepted: your instructor keeps the question as it is.", f.Prompt)
	case f.Reason == storage.FlagShouldCount:
		n.Text = fmt.Sprintf("Your appeal of “%s” was accepted: the answer now counts, and the card was rescheduled from it.", f.Prompt)
	default:
		n.Text = fmt.Sprintf("Your report on “%s” was accepted: thank you, your instructor will correct the question.", f.Prompt)
	}
	return n
}
