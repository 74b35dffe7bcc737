package server

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"quizd/server/auth"
	"quizd/storage"
	"quizd/views"
)

// changePassword checks the current password (under the sign-in limits)
// and the new one, stores it, and so ends every other session and API
// token of the user.
func (a *app) changePassword(c *fiber.Ctx, u *storage.User, current, next string) error {
	if _, err := a.authenticate(c, u.Username, current); err != nil {
		if errors.Is(err, errBadCredentials) {
			return errBadRequest("current", "current password: is wrong")
		}
		return err
	}
	if err := auth.CheckPolicy(u.Username, next); err != nil {
		var pe *auth.PolicyError
		if errors.As(err, &pe) {
			return errBadRequest("new", "new password: "+pe.Msg)
		}
		return err
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		return err
	}
	return a.store.ChangePassword(c.UserContext(), u.ID, hash, a.cfg.Now())
}

func (a *app) passwordShow(c *fiber.Ctx) error {
	return c.Render("password", views.PasswordPage{Layout: a.layout(c, "Change password", "settings"), Saved: c.Query("saved") == "1"})
}

func (a *app) passwordSave(c *fiber.Ctx) error {
	u := currentUser(c)
	err := a.changePassword(c, u, postValue(c, "current"), postValue(c, "new"))
	if err != nil {
		e := classify(err)
		if e.Status >= 500 {
			return err
		}
		msg, limited := limitedPage(err)
		if !limited {
			msg = sentenceOf(e.Msg)
		}
		return c.Status(e.Status).Render("password", views.PasswordPage{Layout: a.layout(c, "Change password", "settings"), Error: msg, Field: e.Field})
	}
	// This browser goes on in a new session; every other one is over.
	if err := a.startSession(c, u); err != nil {
		return err
	}
	return c.Redirect("/password?saved=1", fiber.StatusSeeOther)
}

func (a *app) apiPassword(c *fiber.Ctx) error {
	var in struct {
		Current *string `json:"current"`
		New     *string `json:"new"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Current == nil || in.New == nil {
		return errBadRequest("new", "give current and new")
	}
	if err := a.changePassword(c, currentUser(c), *in.Current, *in.New); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"status": "changed: every session and token is ended, sign in again"})
}

// apiTokenRevoke ends the token the call was made with.
func (a *app) apiTokenRevoke(c *fiber.Ctx) error {
	tok, _ := c.Locals(tokenKey).(string)
	if err := a.store.RevokeToken(c.UserContext(), auth.TokenHash(tok)); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
