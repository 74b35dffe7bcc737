package server

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions/assign"
	"quizd/storage"
	"quizd/views"
)

// homeShow lists the banks with what is due in each, and the
// assignments of the student's classes.
func (a *app) homeShow(c *fiber.Ctx) error {
	u := currentUser(c)
	if u == nil {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	banks, err := a.store.VisibleBanks(c.UserContext(), u)
	if err != nil {
		return err
	}
	page := views.HomePage{Layout: a.layout(c, "Study", "study")}
	nexts := map[uint]*storage.Next{}
	for _, b := range banks {
		n, _, err := a.next(c, u, b.ID)
		if err != nil {
			return err
		}
		nexts[b.ID] = n
		card := views.BankCard{ID: b.ID, Title: b.Title, Questions: b.QuestionCount, Due: n.DueCount, New: n.NewCount,
			Manage: storage.CanManageBank(u, b), Archived: b.Archived}
		if b.Source.Author != "" {
			card.Source = "After " + b.Source.Author
		}
		page.Banks = append(page.Banks, card)
	}
	if page.Assignments, err = a.assignmentCards(c, u, nexts); err != nil {
		return err
	}
	return c.Render("home", page)
}

// assignmentCards are the student's assignments for the home page, with
// where they stand (assign.StatusOf) and what a due date did to today's
// new cards.
func (a *app) assignmentCards(c *fiber.Ctx, u *storage.User, nexts map[uint]*storage.Next) ([]views.AssignmentCard, error) {
	as, err := a.store.AssignmentsFor(c.UserContext(), u.ID)
	if err != nil {
		return nil, err
	}
	now := a.cfg.Now()
	dayStart := storage.DayStart(now, a.cfg.Location)
	var out []views.AssignmentCard
	for _, x := range as {
		rule := x.Rule()
		status := assign.StatusOf(rule, x.Progress, now)
		goal := rule.Goal(x.Progress.Total)
		card := views.AssignmentCard{BankID: x.BankID, Bank: x.BankTitle, Class: x.ClassName, Target: targetText(x.TargetMastered),
			Done: min(rule.Done(x.Progress), goal), Goal: goal, Status: string(status), StatusClass: strings.ReplaceAll(string(status), " ", "-")}
		if x.DueAt != nil {
			card.Due = dueText(*x.DueAt, a.cfg.Location)
			card.DueIn = dueIn(assign.DaysLeft(dayStart, *x.DueAt), *x.DueAt, now)
			card.Expected = assign.Expected(rule, goal, now)
		}
		p, err := a.paceFor(c, u, x.BankID)
		if err != nil {
			return nil, err
		}
		if n := nexts[x.BankID]; n != nil && n.Raised {
			card.Raised = fmt.Sprintf("To see every question by the due date, today's new cards are raised from %d to %d.", p.NewPerDay, n.NewLimit)
			if n.NewLimit == assign.MaxNewPerDay {
				card.Raised = fmt.Sprintf("To catch up, today's new cards are raised from %d to %d, the most quizd gives in a day: even so you may not see every question in time, so start now and talk to your instructor.", p.NewPerDay, n.NewLimit)
			}
		}
		card.NewPerDay = strconv.Itoa(p.NewPerDay)
		card.Retention = strconv.FormatFloat(p.DesiredRetention, 'f', 2, 64)
		card.NewPerDayLocked, card.RetentionLocked = p.NewPerDayLocked, p.RetentionLocked
		card.Chosen = p.Choice.NewPerDay != nil || p.Choice.DesiredRetention != nil
		out = append(out, card)
	}
	return out, nil
}

// dueIn says how far off a due date is, in days.
func dueIn(daysLeft int, due, now time.Time) string {
	switch {
	case !due.After(now):
		return "passed"
	case daysLeft <= 1:
		return "today"
	case daysLeft == 2:
		return "tomorrow"
	}
	return fmt.Sprintf("in %d days", daysLeft-1)
}
