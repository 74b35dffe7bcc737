package server

import (
	"errors"
	"fmt"
	"strconv"
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
	// A rating from the page counts only for a card whose back was shown.
	in.RequireRevealed = in.Response == nil
	res, err := a.answer(c, u, bank, in)
	if practice != nil {
		return a.practiceAnswered(c, bank, practice, res, err)
	}
	var re *questions.ResponseError
	switch {
	case errors.Is(err, storage.ErrNotRevealed):
		return a.studyUnrevealed(c, bank, mode)
	case errors.Is(err, storage.ErrConflict):
		// A second submit of an answer already taken: go on to the next card.
		return c.Redirect(fmt.Sprintf("/banks/%d/study?mode=%s", bank.ID, mode), fiber.StatusSeeOther)
	case errors.Is(err, questions.ErrResponseTooLong):
		return a.studyAgain(c, bank, mode, in.QuestionID, fmt.Sprintf("Your answer is longer than %d KiB: shorten it and answer again.", questions.MaxResponseBytes>>10))
	case errors.As(err, &re):
		msg := sentenceOf(re.Msg) + " Answer each part once, then check again."
		if re.At > 0 {
			msg = "Change the choice marked below, then check again: each one is used once."
		}
		return a.studyAgain(c, bank, mode, in.QuestionID, msg, func(v *views.QuestionView) { keepPicks(v, in.Response, re) })
	case err != nil:
		return err
	}
	if !res.Graded {
		return c.Redirect(fmt.Sprintf("/banks/%d/study?mode=%s", bank.ID, mode), fiber.StatusSeeOther)
	}
	return c.Redirect(fmt.Sprintf("/banks/%d/feedback/%d?mode=%s", bank.ID, res.Rec.ReviewID, mode), fiber.StatusSeeOther)
}

// studyUnrevealed refuses a rating given before the card's answer was
// shown, and shows the card again with only its Show answer button.
func (a *app) studyUnrevealed(c *fiber.Ctx, bank *storage.Bank, mode string) error {
	u := currentUser(c)
	n, now, err := a.next(c, u, bank.ID)
	if err != nil {
		return err
	}
	if n.Question == nil {
		return c.Redirect(fmt.Sprintf("/banks/%d/study?mode=%s", bank.ID, mode), fiber.StatusSeeOther)
	}
	shown, _, err := a.serve(c, u, n, mode, now)
	if err != nil {
		return err
	}
	return a.renderStudy(c, u, bank, mode, shown, n, now, false, fiber.StatusConflict,
		"Show the answer first, then rate how well you recalled it.")
}

// studyAgain shows the answered card again with a message, for an answer
// that did not fit its question (an ordering with a position left out).
func (a *app) studyAgain(c *fiber.Ctx, bank *storage.Bank, mode, qid, msg string, keep ...func(*views.QuestionView)) error {
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
	return a.renderStudy(c, u, bank, mode, shown, n, now, false, fiber.StatusUnprocessableEntity, msg, keep...)
}

// feedbackShow shows the verdict on a graded answer.
func (a *app) feedbackShow(c *fiber.Ctx) error {
	u := currentUser(c)
	bank, rv, err := a.ownReview(c)
	if err != nil {
		return err
	}
	page, err := a.feedbackPage(c, u, bank, rv)
	if err != nil {
		return err
	}
	return c.Render("feedback", page)
}

// ownReview reads the :id bank and the :review answer of a feedback
// route: one of the student's own answers in that bank.
func (a *app) ownReview(c *fiber.Ctx) (*storage.Bank, *storage.Review, error) {
	bank, err := a.bankParam(c)
	if err != nil {
		return nil, nil, err
	}
	id, err := parseID("review", "the answer id", c.Params("review"))
	if err != nil {
		return nil, nil, err
	}
	rv, err := a.store.ReviewByID(c.UserContext(), currentUser(c).ID, id)
	if err != nil || rv.BankID != bank.ID {
		return nil, nil, classifyNotFound(orNotFound(err), "There is no such answer of yours.")
	}
	return bank, rv, nil
}

// feedbackPage is the feedback page of an answer, with its flag form.
func (a *app) feedbackPage(c *fiber.Ctx, u *storage.User, bank *storage.Bank, rv *storage.Review) (*views.FeedbackPage, error) {
	n, _, err := a.next(c, u, bank.ID)
	if err != nil {
		return nil, err
	}
	page := &views.FeedbackPage{
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
		resp := parseResponse(rv.Response)
		r, err := questions.Grade(&rv.Question.Question, resp)
		if err == nil {
			page.Typo = page.Correct && r.Typo
			page.Parts = feedbackParts(&rv.Question.Question, resp, r)
		}
		page.Why = ratingWhy(rv, rv.Question.Type, page.Typo)
	}
	if rv.Latest {
		sched, err := a.bankScheduler(c, u, bank.ID)
		if err != nil {
			return nil, err
		}
		if page.Buttons, err = ratingButtons(sched, rv.Before, rv.ReviewedAt, rv.Rating); err != nil {
			return nil, err
		}
	}
	if page.Flag, err = a.flagForm(c, u, rv); err != nil {
		return nil, err
	}
	return page, nil
}

// feedbackParts marks each item of an ordering, or pair of a matching,
// right or wrong; other types have none.
func feedbackParts(q *questions.Question, resp []string, r questions.Result) []views.FeedbackPart {
	if q.Type != questions.Ordering && q.Type != questions.Matching {
		return nil
	}
	var out []views.FeedbackPart
	for i := range r.Expected {
		p := views.FeedbackPart{Right: i < len(r.Given) && r.Given[i] == r.Expected[i]}
		if i < len(resp) {
			p.Given = resp[i]
		}
		if q.Type == questions.Ordering {
			p.Label, p.Expected = fmt.Sprintf("%d.", i+1), q.Items[i]
		} else {
			p.Label, p.Expected = q.Pairs[i].Left, q.Pairs[i].Right
		}
		out = append(out, p)
	}
	return out
}

// ratingWhy says why a graded answer got its rating: the rule that gave
// it (srs.RatingWhy), or that the student changed it.
func ratingWhy(rv *storage.Review, t questions.Type, typo bool) string {
	took := time.Duration(rv.ResponseMS) * time.Millisecond
	auto, why := srs.RatingWhy(*rv.Correct, typo, took, t)
	if auto != rv.Rating {
		return fmt.Sprintf("You changed the rating from %s to %s.", srs.RatingName(auto), srs.RatingName(rv.Rating))
	}
	switch why {
	case srs.WhyWrong:
		return "The answer was wrong, so the card comes back soon."
	case srs.WhyRecognition:
		return "Good, not Easy: the answer was picked from those shown, where a guess can be right. If you knew it for sure, choose Easy."
	case srs.WhyTypo:
		return "Good, not Easy: the answer had a letter wrong. If it was only a slip of the keys, choose Easy."
	case srs.WhyQuick:
		return fmt.Sprintf("Easy, because the right answer came within %d seconds.", int(srs.QuickFor(t).Seconds()))
	}
	if took <= 0 {
		return "Good, because the answer was right."
	}
	return fmt.Sprintf("Good, because the answer was right; within %d seconds it would have been Easy.", int(srs.QuickFor(t).Seconds()))
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
func givenText(q *questions.Question, resp []string) string { return questions.ResponseText(q, resp) }

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
	sched, err := a.bankScheduler(c, u, bank.ID)
	if err != nil {
		return err
	}
	_, err = a.store.Rerate(c.UserContext(), u.ID, id, srs.Rating(r), sched)
	if errors.Is(err, storage.ErrConflict) {
		return &Error{Status: fiber.StatusConflict, Msg: "This card has been answered again since: its rating can no longer change.", Cause: err}
	}
	if err != nil {
		return classifyNotFound(err, "There is no such answer of yours.")
	}
	return c.Redirect(fmt.Sprintf("/banks/%d/feedback/%d?mode=quiz", bank.ID, id), fiber.StatusSeeOther)
}
