package server

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/server/auth"
	"quizd/storage"
	"quizd/views"
)

// A roster is a CSV file of students an instructor uploads to a class:
// quizd creates the students who have no account, each with a one-time
// link to set a password, and enrols them all. The file comes within the
// ordinary body limit (64 KiB), and holds at most storage.MaxRosterRows.

// rosterClass is the class of the route, when u manages it.
func (a *app) rosterClass(c *fiber.Ctx, u *storage.User) (*storage.Class, error) {
	id, err := idParam(c, "id")
	if err != nil {
		return nil, err
	}
	if !storage.CanUpload(u) {
		return nil, errForbidden("only instructors may add students to classes")
	}
	return a.managedClass(c, u, id)
}

// rosterLine is what the upload did for one student, links made absolute.
type rosterLine struct {
	Username    string  `json:"username"`
	DisplayName string  `json:"display_name"`
	Status      string  `json:"status"`
	ResetURL    *string `json:"reset_url"`
	ExpiresAt   *string `json:"expires_at"`
}

// enrolRoster reads the uploaded file and enrols its students.
func (a *app) enrolRoster(c *fiber.Ctx, u *storage.User, cl *storage.Class) ([]rosterLine, error) {
	fh, err := c.FormFile("file")
	if err != nil {
		return nil, errBadRequest("file", "choose a roster file to upload (the form field is \"file\")")
	}
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The body limit has bounded the file already; this bounds it again
	// should the limit ever be raised.
	data, err := io.ReadAll(io.LimitReader(f, 1<<20))
	if err != nil {
		return nil, err
	}
	entries, err := storage.ParseRoster(data, auth.CheckUsername)
	if err != nil {
		return nil, err
	}
	res, err := a.store.EnrolRoster(c.UserContext(), cl.ID, entries, &u.ID, auth.NewToken, a.cfg.Now())
	if err != nil {
		return nil, err
	}
	out := make([]rosterLine, len(res))
	for i, r := range res {
		out[i] = rosterLine{Username: r.Username, DisplayName: r.DisplayName, Status: "existing"}
		if r.Created {
			link, exp := a.resetURL(c, r.Token), r.ExpiresAt.Format(time.RFC3339)
			out[i].Status, out[i].ResetURL, out[i].ExpiresAt = "created", &link, &exp
		}
	}
	return out, nil
}

// rosterProblems is the message and the problems of a refused file.
func rosterProblems(err error) (string, storage.RosterErrors, bool) {
	var re storage.RosterErrors
	if !errors.As(err, &re) {
		return "", nil, false
	}
	return fmt.Sprintf("the roster has %s: nothing was created: fix the file and upload it again", problems(len(re))), re, true
}

// apiClassRoster is POST /api/v1/classes/:id/roster.
func (a *app) apiClassRoster(c *fiber.Ctx) error {
	u := currentUser(c)
	cl, err := a.rosterClass(c, u)
	if err != nil {
		return err
	}
	lines, err := a.enrolRoster(c, u, cl)
	if msg, re, ok := rosterProblems(err); ok {
		return c.Status(fiber.StatusUnprocessableEntity).JSON(fiber.Map{"error": msg, "field": "file", "errors": re})
	}
	if err != nil {
		return err
	}
	created := 0
	for _, l := range lines {
		if l.Status == "created" {
			created++
		}
	}
	return c.JSON(fiber.Map{"class_id": cl.ID, "students": lines, "created": created, "existing": len(lines) - created})
}

func (a *app) rosterPage(c *fiber.Ctx, cl *storage.Class) views.RosterPage {
	return views.RosterPage{Layout: a.layout(c, "Add students to "+cl.Name, "classes"), ClassID: cl.ID, ClassName: cl.Name}
}

// rosterShow is the page to upload a roster to a class.
func (a *app) rosterShow(c *fiber.Ctx) error {
	cl, err := a.rosterClass(c, currentUser(c))
	if err != nil {
		return err
	}
	return c.Render("roster", a.rosterPage(c, cl))
}

// rosterUpload enrols the file's students and lists them, with their
// links, once: on the page and as a CSV file to download.
func (a *app) rosterUpload(c *fiber.Ctx) error {
	u := currentUser(c)
	cl, err := a.rosterClass(c, u)
	if err != nil {
		return err
	}
	page := a.rosterPage(c, cl)
	lines, err := a.enrolRoster(c, u, cl)
	if msg, re, ok := rosterProblems(err); ok {
		page.Error = sentenceOf(msg)
		for _, p := range re {
			page.Problems = append(page.Problems, views.RosterProblem{Line: p.Line, Column: p.Column, Message: p.Msg})
		}
		return c.Status(fiber.StatusUnprocessableEntity).Render("roster", page)
	}
	if err != nil {
		e := classify(err)
		if e.Status >= 500 {
			return err
		}
		page.Error = sentenceOf(e.Msg)
		return c.Status(e.Status).Render("roster", page)
	}
	rows := [][]string{{"username", "display_name", "status", "reset_url", "expires_at"}}
	for _, l := range lines {
		row := views.RosterRow{Username: l.Username, DisplayName: l.DisplayName, Created: l.Status == "created"}
		link, exp := "", ""
		if l.ResetURL != nil {
			link, exp = *l.ResetURL, *l.ExpiresAt
			row.Link, row.Expires = link, exp
			page.Created++
		} else {
			page.Existing++
		}
		page.Results = append(page.Results, row)
		rows = append(rows, []string{l.Username, l.DisplayName, l.Status, link, exp})
	}
	page.CSV = views.CSVDataURL(rows)
	return c.Render("roster", page)
}
