package server

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/questions/srs"
	"quizd/storage"
	"quizd/views"
)

// formResponse reads the response fields of the study form: one "response"
// (or several, for checkboxes), the "order" selects, or the "match" selects.
func formResponse(c *fiber.Ctx) []string {
	args := c.Request().PostArgs()
	for _, field := range []string{"response", "order", "match"} {
		vals := args.PeekMulti(field)
		if len(vals) == 0 {
			continue
		}
		out := make([]string, len(vals))
		for i, v := range vals {
			out[i] = string(v) // copied: fasthttp reuses its buffers
		}
		return out
	}
	return nil
}

// studyAnswer records an answer from the study page: a flashcard's rating,
// or a graded quiz response, which goes on to the feedback page.
func (a *app) studyAnswer(c *fiber.Ctx) error {
	u := currentUser(c)
	bank, err := a.bankParam(c)
	if err != nil {
		return err
	}
	mode := studyMode(c.FormValue("mode"))
	in := answerInput{QuestionID: c.FormValue("question_id")}
	var practice *practiceTarget
	if c.FormValue("practice") == "1" {
		if practice, err = a.practiceTargetOf(c, bank, c.FormValue("topic"), c.FormValue("filter"), c.FormValue("test")); err != nil {
			return err
		}
		in.Practice, in.TestID = true, practice.TestID
	}
	if r := c.FormValue("rating"); r != "" {
		n, err := strconv.Atoi(r)
		if err != nil || n < 1 || n > 4 {
			return errBadRequest("rating", "rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
		}
		in.Rating = srs.Rating(n)
	} else {
		in.Response = formResponse(c)
		if in.Response == nil {
			in.Response = []string{""}
		}
	}
	if reps, err := strconv.ParseUint(c.FormValue("reps"), 10, 64); err == nil {
		in.Reps = &reps
	}
	if shown, err := strconv.ParseInt(c.FormValue("shown_at"), 10, 64); err == nil {
		took := a.cfg.Now().Sub(time.UnixMilli(shown))
		if took > 0 && took < time.Hour {
			in.Took = took
		}
	}
	res, err := a.answer(c, u, bank, in)
	if practice != nil {
		return a.practiceAnswered(c, bank, practice, res, err)
	}
	var re *questions.ResponseError
	switch {
	case errors.Is(err, storage.ErrConflict):
		// A second submit of an answer already taken: go on to the next card.
		return c.Redirect(fmt.Sprintf("/banks/%d/study?mode=%s", bank.ID, mode), fiber.StatusSeeOther)
	case errors.Is(err, questions.ErrResponseTooLong):
		return a.studyAgain(c, bank, mode, in.QuestionID, fmt.Sprintf("Your answer is longer than %d KiB: shorten it and answer again.", questions.MaxResponseBytes>>10))
	case errors.As(err, &re):
		return a.studyAgain(c, bank, mode, in.QuestionID, "Please answer every part: "+strings.TrimPrefix(re.Msg, "response: "))
	case err != nil:
		return err
	}
	if !res.Graded {
		return c.Redirect(fmt.Sprintf("/banks/%d/study?mode=%s", bank.ID, mode), fiber.StatusSeeOther)
	}
	return c.Redirect(fmt.Sprintf("/banks/%d/feedback/%d?mode=%s", bank.ID, res.Rec.ReviewID, mode), fiber.StatusSeeOther)
}

// studyAgain shows the answered card again with a message, for an answer
// that did not fit its question (an ordering with a position left out).
func (a *app) studyAgain(c *fiber.Ctx, bank *storage.Bank, mode, qid, msg string) error {
	u := currentUser(c)
	n, now, err := a.next(c, u, bank.ID)
	if err != nil {
		return err
	}
	q, err := a.store.Question(c.UserContext(), bank.ID, qid)
	if err != nil {
		return classifyNotFound(err, "There is no such question in this bank.")
	}
	n.Question, n.Card, n.IsNew = q, srs.NewCard(now), true
	if cs, err := a.store.CardState(c.UserContext(), u.ID, bank.ID, qid); err == nil {
		n.Card, n.IsNew = cs.After, false
	}
	// The card had a response to grade: it is a quiz question, whatever
	// mode the form said, unless it was shown as a flashcard before.
	shown, _, err := a.serve(c, u, n, storage.ModeQuiz, now)
	if err != nil {
		return err
	}
	return a.renderStudy(c, u, bank, mode, shown, n, now, false, fiber.StatusUnprocessableEntity, msg)
}

// feedbackShow shows the verdict on a graded answer.
func (a *app) feedbackShow(c *fiber.Ctx) error {
	u := currentUser(c)
	bank, err := a.bankParam(c)
	if err != nil {
		return err
	}
	id, err := parseID("review", "the answer id", c.Params("review"))
	if err != nil {
		return err
	}
	rv, err := a.store.ReviewByID(c.UserContext(), u.ID, id)
	if err != nil || rv.BankID != bank.ID {
		return classifyNotFound(orNotFound(err), "There is no such answer of yours.")
	}
	n, _, err := a.next(c, u, bank.ID)
	if err != nil {
		return err
	}
	page := views.FeedbackPage{
		Layout: a.layout(c, bank.Title, "study"), Bank: views.BankRef{ID: bank.ID, Title: bank.Title},
		Mode: studyMode(c.Query("mode")), Progress: progressOf(n), Prompt: rv.Question.Prompt,
		Expected: expectedText(&rv.Question.Question), Explanation: rv.Question.Explanation, Source: rv.Question.SourceRef,
		ReviewID: rv.ID, Rating: srs.RatingName(rv.Rating), Interval: srs.FormatInterval(rv.After.Due.Sub(rv.ReviewedAt)),
		CanRerate: rv.Latest, Given: givenText(&rv.Question.Question, parseResponse(rv.Response)),
	}
	if a.undoable(c, u, bank.ID) == rv.ID {
		page.Undo = rv.ID
	}
	if rv.Correct != nil {
		page.Correct = *rv.Correct
		if page.Correct {
			r, err := questions.Grade(&rv.Question.Question, parseResponse(rv.Response))
			page.Typo = err == nil && r.Typo
		}
	}
	if rv.Latest {
		if page.Buttons, err = ratingButtons(srs.NewScheduler(u.Settings.DesiredRetention), rv.Before, rv.ReviewedAt, rv.Rating); err != nil {
			return err
		}
	}
	return c.Render("feedback", page)
}

func orNotFound(err error) error {
	if err == nil {
		return storage.ErrNotFound
	}
	return err
}

func parseResponse(s string) []string {
	var out []string
	_ = jsonUnmarshal(s, &out)
	return out
}

// givenText is the student's response as the feedback page shows it.
func givenText(q *questions.Question, resp []string) string {
	switch q.Type {
	case questions.Ordering:
		return strings.Join(resp, " → ")
	case questions.Matching:
		parts := make([]string, 0, len(resp))
		for i, r := range resp {
			if i < len(q.Pairs) {
				parts = append(parts, q.Pairs[i].Left+" — "+r)
			}
		}
		return strings.Join(parts, "; ")
	case questions.TrueFalse:
		if len(resp) == 1 {
			return map[string]string{"true": "True", "false": "False"}[strings.ToLower(resp[0])]
		}
	}
	return strings.Join(resp, "; ")
}

// studyRerate changes the rating of the latest answer.
func (a *app) studyRerate(c *fiber.Ctx) error {
	u := currentUser(c)
	bank, err := a.bankParam(c)
	if err != nil {
		return err
	}
	id, err := parseID("review_id", "the answer id", c.FormValue("review_id"))
	if err != nil {
		return err
	}
	r, err := strconv.Atoi(c.FormValue("rating"))
	if err != nil || r < 1 || r > 4 {
		return errBadRequest("rating", "rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
	}
	_, err = a.store.Rerate(c.UserContext(), u.ID, id, srs.Rating(r), srs.NewScheduler(u.Settings.DesiredRetention))
	if errors.Is(err, storage.ErrConflict) {
		return &Error{Status: fiber.StatusConflict, Msg: "This card has been answered again since: its rating can no longer change.", Cause: err}
	}
	if err != nil {
		return classifyNotFound(err, "There is no such answer of yours.")
	}
	return c.Redirect(fmt.Sprintf("/banks/%d/feedback/%d?mode=quiz", bank.ID, id), fiber.StatusSeeOther)
}
