package server

import (
	"context"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"quizd/server/auth"
	"quizd/storage"
	"quizd/views"
)

var errSignupClosed = &Error{Status: fiber.StatusForbidden, Msg: "sign-up is closed on this server: ask an instructor for an account"}

// signup creates a student account after checking the name and password.
func (a *app) signup(ctx context.Context, username, password string) (*storage.User, error) {
	if !a.cfg.SignupOpen {
		return nil, errSignupClosed
	}
	username = strings.TrimSpace(username)
	if err := auth.CheckUsername(username); err != nil {
		return nil, err
	}
	if err := auth.CheckPolicy(username, password); err != nil {
		return nil, err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return nil, err
	}
	u, err := a.store.CreateUser(ctx, username, hash, storage.Student)
	if errors.Is(err, storage.ErrExists) {
		return nil, &Error{Status: fiber.StatusConflict, Field: "username", Msg: "username: is taken: choose another", Cause: err}
	}
	return u, err
}

func (a *app) signupShow(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	return c.Render("auth", views.AuthPage{Layout: a.layout(c, "Sign up", "signup"), Signup: true, SignupOpen: a.cfg.SignupOpen, Next: c.Query("next")})
}

func (a *app) signupSubmit(c *fiber.Ctx) error {
	username := c.FormValue("username")
	page := views.AuthPage{Layout: a.layout(c, "Sign up", "signup"), Signup: true, SignupOpen: a.cfg.SignupOpen, Username: username, Next: c.FormValue("next")}
	u, err := a.signup(c.UserContext(), username, c.FormValue("password"))
	if errors.Is(err, auth.ErrBusy) {
		return busyForm(c, err, page)
	}
	if err != nil {
		e := classify(err)
		if e.Status >= 500 {
			return err
		}
		page.Error, page.Field = sentenceOf(e.Msg), e.Field
		return c.Status(e.Status).Render("auth", page)
	}
	if err := a.startSession(c, u); err != nil {
		return err
	}
	// A join link sent them to sign up: back to it.
	return c.Redirect(safeNext(page.Next), fiber.StatusSeeOther)
}

// sentenceOf turns an error message, in the API's lowercase form with its
// parts joined by colons, into sentences a person reads on a page:
// "password: is too short: use at least 10 characters" becomes "Password
// is too short. Use at least 10 characters." A leading field label is the
// subject of a part that starts with a verb ("password: is too short"),
// and is dropped before one that makes its own sentence ("code: no class
// has this join code" is "No class has this join code.").
func sentenceOf(msg string) string {
	parts := strings.Split(strings.TrimSpace(msg), ": ")
	if len(parts) > 1 && isLabel(parts[0]) {
		if startsWithVerb(parts[1]) {
			parts[1] = parts[0] + " " + parts[1]
		}
		parts = parts[1:]
	}
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		p = strings.ToUpper(p[:1]) + p[1:]
		if !strings.HasSuffix(p, ".") && !strings.HasSuffix(p, "?") && !strings.HasSuffix(p, "!") {
			p += "."
		}
		out = append(out, p)
	}
	return strings.Join(out, " ")
}

// isLabel reports whether s is a field's name, as an error message's
// first part gives it: one or two lowercase words ("code", "new password").
func isLabel(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 2 {
		return false
	}
	for _, r := range s {
		if (r < 'a' || r > 'z') && r != ' ' && r != '_' {
			return false
		}
	}
	return true
}

// startsWithVerb reports whether a message part goes on from a field's
// name as its subject: "is too short", "must be 3 to 32 characters long".
func startsWithVerb(s string) bool {
	first, _, _ := strings.Cut(s, " ")
	switch first {
	case "is", "are", "must", "may", "has", "have", "was", "were", "needs", "cannot":
		return true
	}
	return false
}
