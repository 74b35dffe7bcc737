package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/questions/srs"
	"quizd/storage"
	"quizd/views"
)

func studyMode(s string) string {
	if s == storage.ModeFlashcard {
		return storage.ModeFlashcard
	}
	return storage.ModeQuiz
}

// studyShow shows the next card, or the end of the session.
func (a *app) studyShow(c *fiber.Ctx) error {
	u := currentUser(c)
	bank, err := a.bankParam(c)
	if err != nil {
		return err
	}
	mode := studyMode(c.Query("mode"))
	n, now, err := a.next(c, u, bank.ID)
	if err != nil {
		return err
	}
	ref := views.BankRef{ID: bank.ID, Title: bank.Title}
	if n.Question == nil {
		return a.renderDone(c, u, ref, mode, n, now)
	}
	shown, msg, err := a.serve(c, u, n, mode, now)
	if err != nil {
		return err
	}
	// Only a flashcard has an answer to reveal: a card shown as a quiz
	// question has none on its page until it is answered. The reveal
	// names its card, so that a stale link does not show the next one's
	// back; it is recorded, so that a rating given unseen is refused.
	reveal := c.Query("reveal") == n.Question.ID && shown == storage.ModeFlashcard
	if reveal {
		if err := a.store.RevealCard(c.UserContext(), u.ID, n.Question.BankID, n.Question.RowID, n.Card.Reps); err != nil {
			return err
		}
	}
	return a.renderStudy(c, u, bank, mode, shown, n, now, reveal, fiber.StatusOK, msg)
}

// serve records how the card n holds is shown, asked for in mode, and
// says so when that is not mode: a card keeps the mode it was first shown
// in until it is answered (storage.ShownAs).
func (a *app) serve(c *fiber.Ctx, u *storage.User, n *storage.Next, mode string, now time.Time) (shown, msg string, err error) {
	asked := mode
	if n.Question.Type == questions.Flashcard {
		asked = storage.ModeFlashcard // a flashcard question has no quiz form
	}
	shown, err = a.store.ServeCard(c.UserContext(), u.ID, n.Question.BankID, n.Question.RowID, n.Card.Reps, asked, now)
	if err != nil {
		return "", "", err
	}
	switch {
	case shown == asked:
	case shown == storage.ModeQuiz:
		msg = "This card was shown as a quiz question, so answer it here first: the cards after it are flashcards."
	default:
		msg = "This card was shown as a flashcard, so rate it here first: the cards after it are quiz questions."
	}
	return shown, msg, nil
}

// renderStudy shows the card n holds in mode shown, with a message when
// the last answer did not fit its question or the card keeps another mode
// than the session's.
// keep changes the card's view, to put a refused answer back in it.
func (a *app) renderStudy(c *fiber.Ctx, u *storage.User, bank *storage.Bank, mode, shown string, n *storage.Next, now time.Time, reveal bool, status int, msg string, keep ...func(*views.QuestionView)) error {
	sched, err := a.bankScheduler(c, u, bank.ID)
	if err != nil {
		return err
	}
	buttons, err := ratingButtons(sched, n.Card, now, 0)
	if err != nil {
		return err
	}
	q := questionView(n.Question, n.Card.Reps, n.IsNew)
	for _, k := range keep {
		k(&q)
	}
	return c.Status(status).Render("study", views.StudyPage{
		Layout:   a.layout(c, bank.Title, "study"),
		Bank:     views.BankRef{ID: bank.ID, Title: bank.Title},
		Mode:     mode,
		Shown:    shown,
		Progress: progressOf(n),
		Q:        q,
		Reveal:   reveal,
		Buttons:  buttons,
		ShownAt:  now.UnixMilli(),
		Reps:     n.Card.Reps,
		Error:    msg,
		Notice:   studyNotices[c.Query("done")],
		Undo:     a.undoable(c, u, bank.ID),
	})
}

// studyNotices are what the study page says the form before it did, by
// the name its address gives: never words from the address itself.
var studyNotices = map[string]string{
	"suspended": "The card is suspended: it is not shown until you put it back from your stats page.",
	"buried":    "The card is buried until tomorrow.",
	"back":      "The card is back among the cards you study.",
	"undone":    "Your last answer was undone: the card is as it was before it.",
}

func (a *app) renderDone(c *fiber.Ctx, u *storage.User, ref views.BankRef, mode string, n *storage.Next, now time.Time) error {
	st, err := a.store.TodaySummary(c.UserContext(), u.ID, ref.ID, storage.DayStart(now, a.cfg.Location))
	if err != nil {
		return err
	}
	page := views.DonePage{Layout: a.layout(c, "Done for now", "study"), Bank: ref, Mode: mode,
		DoneToday: st.Answers, Correct: st.Correct, Graded: st.Graded, SetAside: n.SetAside}
	if n.NextDue != nil {
		page.HasNextDue = true
		page.NextDue = n.NextDue.In(a.cfg.Location).Format("Mon 2 Jan 15:04")
		page.NextDueIn = "in " + srs.FormatInterval(n.NextDue.Sub(now))
		if n.NextDue.Sub(now) < time.Minute {
			page.NextDueIn = "in less than a minute"
		}
	}
	if err := a.doneExtras(c, u, &page); err != nil {
		return err
	}
	return c.Render("done", page)
}
