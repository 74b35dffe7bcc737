package server

import (
	"fmt"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"quizd/storage"
	"quizd/views"
)

// classesShow lists the user's classes, with the instructor's forms, and
// says what the form before did.
func (a *app) classesShow(c *fiber.Ctx) error {
	return a.renderClasses(c, fiber.StatusOK, "", "", c.Query("done"))
}

// classNotice is what a form of the classes page did, told on the page it
// redirects to. The address names what happened and the class, never the
// words: a link can't put a message of its own on the page.
func classNotice(done string, classID uint, classes []*storage.Class, u *storage.User) string {
	for _, cl := range classes {
		if cl.ID != classID {
			continue
		}
		switch done {
		case "created":
			if storage.CanManageClass(u, cl) {
				return "Class " + cl.Name + " created: its join code is " + cl.JoinCode + "."
			}
		case "joined":
			return "You joined " + cl.Name + "."
		case "assigned":
			return "Bank assigned to " + cl.Name + "."
		}
	}
	if done == "left" {
		return "You left the class. Your progress is kept."
	}
	return ""
}

func (a *app) renderClasses(c *fiber.Ctx, status int, errMsg, field, done string) error {
	u := currentUser(c)
	page := views.ClassesPage{Layout: a.layout(c, "Classes", "classes"), Instructor: storage.CanUpload(u),
		Error: errMsg, Field: field}
	classes, err := a.store.ClassesOf(c.UserContext(), u)
	if err != nil {
		return err
	}
	id, _ := strconv.ParseUint(c.Query("class"), 10, 32)
	if done != "" {
		page.Notice = classNotice(done, uint(id), classes, u)
	}
	// The assign form keeps the class it was working on.
	page.Selected = uint(id)
	banks, err := a.store.VisibleBanks(c.UserContext(), u)
	if err != nil {
		return err
	}
	titles := map[uint]string{}
	for _, b := range banks {
		titles[b.ID] = b.Title
		if page.Instructor && (storage.CanManageBank(u, b) || b.Public || b.Builtin) {
			page.Banks = append(page.Banks, views.BankOption{ID: b.ID, Title: b.Title, Questions: b.QuestionCount, Mine: storage.CanManageBank(u, b) && !b.Builtin,
				Archived: b.Archived, Manage: storage.CanManageBank(u, b)})
		}
	}
	for _, cl := range classes {
		row := views.ClassRow{ID: cl.ID, Name: cl.Name, Students: cl.Students, Archived: cl.ArchivedAt != nil}
		if storage.CanManageClass(u, cl) {
			row.JoinCode, row.Manage = cl.JoinCode, true
		} else {
			row.Member = true
		}
		for _, id := range cl.BankIDs {
			if t, ok := titles[id]; ok {
				row.Banks = append(row.Banks, t)
			}
		}
		page.Classes = append(page.Classes, row)
	}
	return c.Status(status).Render("classes", page)
}

// formFailed shows the classes page again with what was wrong, or fails
// for errors that are not the user's.
func (a *app) formFailed(c *fiber.Ctx, err error) error {
	e := classify(err)
	if e.Status >= 500 {
		return err
	}
	return a.renderClasses(c, e.Status, sentenceOf(e.Msg), e.Field, "")
}

func (a *app) classCreate(c *fiber.Ctx) error {
	cl, err := a.createClass(c, currentUser(c), c.FormValue("name"))
	if err != nil {
		return a.formFailed(c, err)
	}
	return c.Redirect(fmt.Sprintf("/classes?done=created&class=%d", cl.ID), fiber.StatusSeeOther)
}

func (a *app) classJoin(c *fiber.Ctx) error {
	cl, err := a.joinClass(c, currentUser(c), c.FormValue("code"))
	if err != nil {
		return a.formFailed(c, err)
	}
	return c.Redirect(fmt.Sprintf("/classes?done=joined&class=%d", cl.ID), fiber.StatusSeeOther)
}

// classAssign assigns a bank from the classes page or a class page (back
// = class), and goes back to the page it came from, with the class it
// was working on still chosen.
func (a *app) classAssign(c *fiber.Ctx) error {
	classID, err1 := strconv.ParseUint(c.FormValue("class_id"), 10, 32)
	bankID, err2 := strconv.ParseUint(c.FormValue("bank_id"), 10, 32)
	if err1 != nil || err2 != nil {
		return a.formFailed(c, errBadRequest("class_id", "choose a class and a bank"))
	}
	in, form, err := assignFormInput(c, uint(classID), uint(bankID))
	if err == nil {
		// The class page's form sends the whole assignment; the classes
		// page's only the bank, and assigning again keeps the rest.
		if c.FormValue("back") == "class" {
			in = in.allSent()
		}
		_, _, err = a.setAssignment(c, currentUser(c), in)
	}
	if err != nil {
		if c.FormValue("back") == "class" {
			return a.classFormFailed(c, uint(classID), err, &form)
		}
		c.Request().URI().QueryArgs().Set("class", strconv.FormatUint(classID, 10))
		return a.formFailed(c, err)
	}
	if c.FormValue("back") == "class" {
		return c.Redirect(fmt.Sprintf("/classes/%d?done=assigned#assign", classID), fiber.StatusSeeOther)
	}
	return c.Redirect(fmt.Sprintf("/classes?done=assigned&class=%d#assign", classID), fiber.StatusSeeOther)
}
