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
	return c.Render("auth", views.AuthPage{Layout: a.layout(c, "Sign up", "signup"), Signup: true, SignupOpen: a.cfg.SignupOpen})
}

func (a *app) signupSubmit(c *fiber.Ctx) error {
	username := c.FormValue("username")
	page := views.AuthPage{Layout: a.layout(c, "Sign up", "signup"), Signup: true, SignupOpen: a.cfg.SignupOpen, Username: username}
	u, err := a.signup(c.UserContext(), username, c.FormValue("password"))
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
	return c.Redirect("/", fiber.StatusSeeOther)
}

// sentenceOf turns "password: is too short" into "Password is too short."
func sentenceOf(msg string) string {
	msg = strings.Replace(msg, ": ", " ", 1)
	if msg == "" {
		return msg
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}
