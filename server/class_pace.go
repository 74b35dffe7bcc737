package server

import (
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"

	"quizd/questions/assign"
	"quizd/questions/srs"
	"quizd/storage"
)

// A student's pace in a bank: their settings, their own choice for the
// bank, and what the classes that assign it say (assign.Effective); the
// due dates of those classes raise the day's new cards (assign.NewLimit).

// bankPace is what applies to one student in one bank.
type bankPace struct {
	assign.Pace
	Choice    assign.Choice
	Deadlines []assign.Deadline
}

// paceFor reads u's pace in a bank, once per request.
func (a *app) paceFor(c *fiber.Ctx, u *storage.User, bankID uint) (bankPace, error) {
	key := fmt.Sprintf("pace:%d:%d", u.ID, bankID)
	if p, ok := c.Locals(key).(bankPace); ok {
		return p, nil
	}
	bp, err := a.store.PaceOf(c.UserContext(), u.ID, bankID)
	if err != nil {
		return bankPace{}, err
	}
	p := bankPace{Pace: assign.Effective(u.Settings, bp.Choice, bp.Policies), Choice: bp.Choice, Deadlines: bp.Deadlines}
	c.Locals(key, p)
	return p, nil
}

// bankScheduler is the scheduler for u's answers in a bank, at the
// retention their pace there asks for.
func (a *app) bankScheduler(c *fiber.Ctx, u *storage.User, bankID uint) (*srs.Scheduler, error) {
	p, err := a.paceFor(c, u, bankID)
	if err != nil {
		return nil, err
	}
	return a.schedulerAt(p.DesiredRetention), nil
}

// paceSave saves a student's own pace for a bank from the home page: a
// blank field goes back to the class's default or their own settings. A
// setting a class locks can't be changed.
func (a *app) paceSave(c *fiber.Ctx) error {
	u := currentUser(c)
	b, err := a.bankParam(c)
	if err != nil {
		return err
	}
	p, err := a.paceFor(c, u, b.ID)
	if err != nil {
		return err
	}
	var ch assign.Choice
	ch.NewPerDay, ch.DesiredRetention, err = paceFields(strings.TrimSpace(c.FormValue("new_per_day")), strings.TrimSpace(c.FormValue("desired_retention")))
	if err == nil {
		err = invalid((assign.Policy{NewPerDay: ch.NewPerDay, DesiredRetention: ch.DesiredRetention}).Validate())
	}
	if err != nil {
		e := classify(err)
		return &Error{Status: e.Status, Field: e.Field, Msg: fieldWords(e.Msg), Cause: err}
	}
	if p.NewPerDayLocked && ch.NewPerDay != nil && *ch.NewPerDay != p.NewPerDay ||
		p.RetentionLocked && ch.DesiredRetention != nil && *ch.DesiredRetention != p.DesiredRetention {
		return errForbidden("your class sets this bank's pace: ask your instructor to change it")
	}
	if err := a.store.SetBankChoice(c.UserContext(), u.ID, b.ID, ch, a.cfg.Now()); err != nil {
		return err
	}
	return c.Redirect(fmt.Sprintf("/?paced=%d#assignment-%d", b.ID, b.ID), fiber.StatusSeeOther)
}
