package server

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions/assign"
	"quizd/storage"
	"quizd/views"
)

// The class page: its roster, its assignments and the forms that run it;
// and the join link's page. The API's functions (class_manage.go) do the
// work; a refused form shows the page again with what was wrong.

// classNotices are what a form of the class page did, told on the page
// it redirects to: the address names what happened, never the words.
var classNotices = map[string]string{
	"renamed":    "The class is renamed.",
	"archived":   "The class is archived: no one can join it, and its reports are kept.",
	"opened":     "The class is open again: students can join with its code.",
	"code":       "The class has a new join code: the old code and link no longer work.",
	"removed":    "The student is removed from the class. Their progress is kept.",
	"unassigned": "The bank is unassigned. Students keep their progress in it.",
	"assigned":   "The bank is assigned.",
}

func (a *app) classShow(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	return a.renderClass(c, id, fiber.StatusOK, nil, nil)
}

// renderClass shows the class page; form, when set, is the assign form
// refused, and failed what was wrong with it (or with another form).
func (a *app) renderClass(c *fiber.Ctx, id uint, status int, failed error, form *views.AssignForm) error {
	u := currentUser(c)
	ctx := c.UserContext()
	cl, err := a.managedClass(c, u, id)
	if err != nil {
		return err
	}
	page := views.ClassPage{Layout: a.layout(c, cl.Name, "classes"), ID: cl.ID, Name: cl.Name, Archived: cl.ArchivedAt != nil,
		JoinCode: cl.JoinCode, JoinURL: c.BaseURL() + "/join/" + cl.JoinCode, Notice: classNotices[c.Query("done")]}
	if cl.ArchivedAt != nil {
		page.ArchivedOn = cl.ArchivedAt.In(a.cfg.Location).Format("2 January 2006")
	}
	if failed != nil {
		e := classify(failed)
		if e.Status >= 500 {
			return failed
		}
		page.Error, page.Field, page.Notice = sentenceOf(fieldWords(e.Msg)), e.Field, ""
	}
	roster, err := a.store.Roster(ctx, cl.ID)
	if err != nil {
		return err
	}
	for _, s := range roster {
		line := views.RosterLine{ID: s.ID, Username: s.Username, Joined: s.JoinedAt.In(a.cfg.Location).Format("2 Jan 2006"), LastActive: "never", Answers: s.Answers}
		if s.LastActive != nil {
			line.LastActive = s.LastActive.In(a.cfg.Location).Format("2 Jan 15:04")
		}
		page.Students = append(page.Students, line)
	}
	banks, err := a.store.VisibleBanks(ctx, u)
	if err != nil {
		return err
	}
	titles := map[uint]string{}
	for _, b := range banks {
		titles[b.ID] = b.Title
		if storage.CanManageBank(u, b) || b.Public || b.Builtin {
			page.Banks = append(page.Banks, views.BankOption{ID: b.ID, Title: b.Title, Questions: b.QuestionCount})
		}
	}
	as, err := a.store.AssignmentsOf(ctx, cl.ID)
	if err != nil {
		return err
	}
	editing, _ := strconv.ParseUint(c.Query("bank"), 10, 32)
	for _, x := range as {
		title, ok := titles[x.BankID]
		if !ok {
			title = fmt.Sprintf("Bank %d", x.BankID)
		}
		page.Assignments = append(page.Assignments, views.AssignmentLine{BankID: x.BankID, Title: title,
			Due: a.dueLine(x.DueAt), Target: targetText(x.TargetMastered), Pace: paceText(x.Policy)})
		if uint(editing) == x.BankID && form == nil {
			f := assignFormOf(x, a.cfg.Location)
			form = &f
		}
	}
	if form != nil {
		page.Form = *form
	}
	return c.Status(status).Render("class", page)
}

// dueLine says when an assignment is due, as the class page writes it.
func (a *app) dueLine(due *time.Time) string {
	if due == nil {
		return "No due date"
	}
	return "Due " + dueText(*due, a.cfg.Location)
}

// dueText writes a due date: a day's end is that day ("Friday 20 March
// 2026"), another time has its hour.
func dueText(due time.Time, loc *time.Location) string {
	t := due.In(loc)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.AddDate(0, 0, -1).Format("Monday 2 January 2006")
	}
	return t.Format("Monday 2 January 2006, 15:04")
}

// dueDay is a due date as the form's date field takes it.
func dueDay(due time.Time, loc *time.Location) string {
	t := due.In(loc)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		t = t.AddDate(0, 0, -1)
	}
	return t.Format(time.DateOnly)
}

func targetText(mastered int) string {
	if mastered == 0 {
		return "see every question"
	}
	if mastered == 1 {
		return "master 1 question"
	}
	return fmt.Sprintf("master %d questions", mastered)
}

// paceText says a class's pace for a bank in a sentence.
func paceText(p assign.Policy) string {
	var parts []string
	if p.NewPerDay != nil {
		parts = append(parts, fmt.Sprintf("%d new cards a day", *p.NewPerDay))
	}
	if p.DesiredRetention != nil {
		parts = append(parts, fmt.Sprintf("retention %.2f", *p.DesiredRetention))
	}
	switch {
	case len(parts) == 0:
		return "Each student's own pace."
	case p.Locked:
		return "Pace locked: " + strings.Join(parts, ", ") + "."
	}
	return "Default pace, which students may change: " + strings.Join(parts, ", ") + "."
}

func assignFormOf(x storage.Assignment, loc *time.Location) views.AssignForm {
	f := views.AssignForm{BankID: x.BankID, Locked: x.Policy.Locked}
	if x.DueAt != nil {
		f.DueAt = dueDay(*x.DueAt, loc)
	}
	if x.TargetMastered > 0 {
		f.Mastered = strconv.Itoa(x.TargetMastered)
	}
	if x.Policy.NewPerDay != nil {
		f.NewPerDay = strconv.Itoa(*x.Policy.NewPerDay)
	}
	if x.Policy.DesiredRetention != nil {
		f.Retention = strconv.FormatFloat(*x.Policy.DesiredRetention, 'f', 2, 64)
	}
	return f
}

// assignFormInput reads the assign form, the class page's or the classes
// page's: blank fields are "not set".
func assignFormInput(c *fiber.Ctx, classID, bankID uint) (assignInput, views.AssignForm, error) {
	f := views.AssignForm{BankID: bankID, DueAt: strings.TrimSpace(c.FormValue("due_at")), Mastered: strings.TrimSpace(c.FormValue("mastered")),
		NewPerDay: strings.TrimSpace(c.FormValue("new_per_day")), Retention: strings.TrimSpace(c.FormValue("desired_retention")),
		Locked: c.FormValue("locked") != ""}
	in := assignInput{ClassID: classID, BankID: bankID, DueAt: f.DueAt, Locked: f.Locked}
	if f.Mastered != "" {
		n, err := strconv.Atoi(f.Mastered)
		if err != nil || n < 1 {
			return in, f, errInvalid("target", fmt.Sprintf("target: must be a number of questions of 1 or more, not %q: leave it blank to ask for every question", clip(f.Mastered)))
		}
		in.TargetMastered = n
	}
	var err error
	if in.NewPerDay, in.DesiredRetention, err = paceFields(f.NewPerDay, f.Retention); err != nil {
		return in, f, err
	}
	return in, f, nil
}

// paceFields reads new cards a day and a desired retention from a form:
// blank is not set.
func paceFields(newPerDay, retention string) (*int, *float64, error) {
	var n *int
	var r *float64
	if newPerDay != "" {
		v, err := strconv.Atoi(newPerDay)
		if err != nil {
			return nil, nil, errInvalid("new_per_day", fmt.Sprintf("new_per_day: must be a whole number, not %q: write one like 20, or leave it blank", clip(newPerDay)))
		}
		n = &v
	}
	if retention != "" {
		v, err := strconv.ParseFloat(retention, 64)
		if err != nil {
			return nil, nil, errInvalid("desired_retention", fmt.Sprintf("desired_retention: must be a number, not %q: write one like 0.90, or leave it blank", clip(retention)))
		}
		r = &v
	}
	return n, r, nil
}

// fieldWords puts the API's field names in a message into the words a
// page's form uses: a leading field, the subject of the sentence, in at
// most two words (sentenceOf's label), the others in full.
func fieldWords(msg string) string {
	for _, f := range [][3]string{
		{"due_at", "due date", "due date"},
		{"new_per_day", "new cards", "new cards a day"},
		{"desired_retention", "desired retention", "desired retention"},
	} {
		if rest, ok := strings.CutPrefix(msg, f[0]+": "); ok {
			msg = f[1] + ": " + rest
		}
		msg = strings.ReplaceAll(msg, f[0], f[2])
	}
	return msg
}

// classFormFailed shows the class page again with what was wrong, or
// fails for errors that are not the user's (and for a class not theirs).
func (a *app) classFormFailed(c *fiber.Ctx, id uint, err error, form *views.AssignForm) error {
	e := classify(err)
	if e.Status >= 500 || e.Status == fiber.StatusForbidden || e.Status == fiber.StatusNotFound && e.Field == "" {
		return err
	}
	return a.renderClass(c, id, e.Status, err, form)
}

// classUpdate renames the class (a name field) or archives it or opens it
// again (an archived field of 1 or 0).
func (a *app) classUpdate(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var ch storage.ClassChange
	done := ""
	if name := c.FormValue("name"); name != "" || c.FormValue("archived") == "" {
		ch.Name, done = &name, "renamed"
	}
	switch c.FormValue("archived") {
	case "1":
		ch.Archived, done = new(bool), "archived"
		*ch.Archived = true
	case "0":
		ch.Archived, done = new(bool), "opened"
	}
	if _, err := a.updateClass(c, currentUser(c), id, ch); err != nil {
		return a.classFormFailed(c, id, err, nil)
	}
	return c.Redirect(fmt.Sprintf("/classes/%d?done=%s", id, done), fiber.StatusSeeOther)
}

func (a *app) classCode(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := a.managedClass(c, currentUser(c), id); err != nil {
		return err
	}
	if _, err := a.store.NewClassCode(c.UserContext(), id); err != nil {
		return err
	}
	return c.Redirect(fmt.Sprintf("/classes/%d?done=code", id), fiber.StatusSeeOther)
}

// joinShow is the join link's page: a student signed in is asked "Join
// class X?"; one signed out is sent to sign in (or sign up) and back. A
// wrong code counts against the same limits as the join form's.
func (a *app) joinShow(c *fiber.Ctx) error {
	u := currentUser(c)
	code := strings.Clone(c.Params("code"))
	if u == nil {
		return c.Redirect("/login?next="+url.QueryEscape("/join/"+code), fiber.StatusSeeOther)
	}
	page := views.JoinPage{Layout: a.layout(c, "Join a class", "classes"), Code: storage.NormalizeJoinCode(code)}
	cl, err := a.store.ClassByCodeThrottled(c.UserContext(), code, joinThrottles(u, a.clientIP(c)), a.cfg.Now())
	if err != nil {
		return a.joinRefused(c, joinError(c, err))
	}
	page.ClassName = cl.Name
	if cl.ArchivedAt != nil {
		return a.joinRefused(c, joinError(c, storage.ErrArchived))
	}
	if page.Member, err = a.store.IsMember(c.UserContext(), cl.ID, u.ID); err != nil {
		return err
	}
	return c.Render("join", page)
}

// joinRefused shows the join page with why the code joins nothing.
func (a *app) joinRefused(c *fiber.Ctx, err error) error {
	e := classify(err)
	if e.Status >= 500 {
		return err
	}
	page := views.JoinPage{Layout: a.layout(c, "Join a class", "classes"), Problem: sentenceOf(e.Msg)}
	return c.Status(e.Status).Render("join", page)
}

func (a *app) joinSubmit(c *fiber.Ctx) error {
	cl, err := a.joinClass(c, currentUser(c), strings.Clone(c.Params("code")))
	if err != nil {
		return a.joinRefused(c, err)
	}
	return c.Redirect(fmt.Sprintf("/classes?done=joined&class=%d", cl.ID), fiber.StatusSeeOther)
}
