package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions/srs"
	"quizd/storage"
	"quizd/views"
)

func studyMode(s string) string {
	if s == "flashcard" {
		return "flashcard"
	}
	return "quiz"
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
	return a.renderStudy(c, u, bank, mode, n, now, c.Query("reveal") == "1", fiber.StatusOK, "")
}

// renderStudy shows the card n holds, with a message when the last answer
// did not fit its question.
func (a *app) renderStudy(c *fiber.Ctx, u *storage.User, bank *storage.Bank, mode string, n *storage.Next, now time.Time, reveal bool, status int, msg string) error {
	buttons, err := ratingButtons(srs.NewScheduler(u.Settings.DesiredRetention), n.Card, now, 0)
	if err != nil {
		return err
	}
	return c.Status(status).Render("study", views.StudyPage{
		Layout:   a.layout(c, bank.Title, "study"),
		Bank:     views.BankRef{ID: bank.ID, Title: bank.Title},
		Mode:     mode,
		Progress: progressOf(n),
		Q:        questionView(n.Question, n.Card.Reps, n.IsNew),
		Reveal:   reveal,
		Buttons:  buttons,
		ShownAt:  now.UnixMilli(),
		Reps:     n.Card.Reps,
		Error:    msg,
	})
}

func (a *app) renderDone(c *fiber.Ctx, u *storage.User, ref views.BankRef, mode string, n *storage.Next, now time.Time) error {
	st, err := a.store.TodaySummary(c.UserContext(), u.ID, ref.ID, storage.DayStart(now, a.cfg.Location))
	if err != nil {
		return err
	}
	page := views.DonePage{Layout: a.layout(c, "Done for now", "study"), Bank: ref, Mode: mode,
		DoneToday: st.Answers, Correct: st.Correct, Graded: st.Graded}
	if n.NextDue != nil {
		page.HasNextDue = true
		page.NextDue = n.NextDue.In(a.cfg.Location).Format("Mon 2 Jan 15:04")
		page.NextDueIn = "in " + srs.FormatInterval(n.NextDue.Sub(now))
		if n.NextDue.Sub(now) < time.Minute {
			page.NextDueIn = "in less than a minute"
		}
	}
	return c.Render("done", page)
}
