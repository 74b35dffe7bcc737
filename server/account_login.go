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

// errBadCredentials is the one answer to a wrong name or password, so that
// it does not tell which was wrong.
var errBadCredentials = &Error{Status: fiber.StatusUnauthorized, Msg: "wrong username or password"}

// authenticate checks a name and password.
func (a *app) authenticate(ctx context.Context, username, password string) (*storage.User, error) {
	u, hash, err := a.store.UserByName(ctx, strings.TrimSpace(username))
	if errors.Is(err, storage.ErrNotFound) {
		if err := auth.CheckMissing(password); err != nil {
			return nil, err
		}
		return nil, errBadCredentials
	}
	if err != nil {
		return nil, err
	}
	ok, err := auth.CheckPassword(hash, password)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errBadCredentials
	}
	return u, nil
}

// startSession signs a user in with a new session id, so that an id known
// before sign-in is worth nothing after it.
func (a *app) startSession(c *fiber.Ctx, u *storage.User) error {
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Regenerate(); err != nil {
		return err
	}
	sess.Set(sessionUID, u.ID)
	sess.Set(sessionAuthAt, a.cfg.Now().Unix())
	return sess.Save()
}

func (a *app) loginShow(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
	}
	return c.Render("auth", views.AuthPage{Layout: a.layout(c, "Sign in", "login"), SignupOpen: a.cfg.SignupOpen, Next: c.Query("next")})
}

func (a *app) loginSubmit(c *fiber.Ctx) error {
	username, password := c.FormValue("username"), c.FormValue("password")
	page := views.AuthPage{Layout: a.layout(c, "Sign in", "login"), SignupOpen: a.cfg.SignupOpen, Username: username, Next: c.FormValue("next")}
	u, err := a.authenticate(c.UserContext(), username, password)
	if errors.Is(err, errBadCredentials) {
		page.Error, page.Field = "Wrong username or password.", "password"
		return c.Status(fiber.StatusUnauthorized).Render("auth", page)
	}
	if err != nil {
		return err
	}
	if err := a.startSession(c, u); err != nil {
		return err
	}
	return c.Redirect(safeNext(page.Next), fiber.StatusSeeOther)
}

func (a *app) logout(c *fiber.Ctx) error {
	sess, err := a.sessions.Get(c)
	if err != nil {
		return err
	}
	if err := sess.Destroy(); err != nil {
		return err
	}
	return c.Redirect("/login", fiber.StatusSeeOther)
}
