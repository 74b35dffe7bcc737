package server

import (
	"github.com/gofiber/fiber/v2"

	"quizd/server/auth"
)

type credentials struct {
	Username *string `json:"username"`
	Password *string `json:"password"`
}

func (cr credentials) check() error {
	if cr.Username == nil || *cr.Username == "" {
		return errBadRequest("username", "username is missing")
	}
	if cr.Password == nil || *cr.Password == "" {
		return errBadRequest("password", "password is missing")
	}
	return nil
}

// apiLogin exchanges a name and password for a bearer token.
func (a *app) apiLogin(c *fiber.Ctx) error {
	var in credentials
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := in.check(); err != nil {
		return err
	}
	u, err := a.authenticate(c, *in.Username, *in.Password)
	if err != nil {
		return err
	}
	token, hash, err := auth.NewToken()
	if err != nil {
		return err
	}
	if err := a.store.CreateToken(c.UserContext(), u.ID, hash, a.cfg.Now()); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"token": token})
}

// apiSignup creates a student account while sign-up is open.
func (a *app) apiSignup(c *fiber.Ctx) error {
	var in credentials
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := in.check(); err != nil {
		return err
	}
	u, err := a.signup(c.UserContext(), *in.Username, *in.Password)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"id": u.ID, "username": u.Username, "role": u.Role})
}

type settingsJSON struct {
	DesiredRetention *float64 `json:"desired_retention"`
	NewPerDay        *int     `json:"new_per_day"`
}

func (a *app) apiSettingsShow(c *fiber.Ctx) error {
	u := currentUser(c)
	return c.JSON(u.Settings)
}

// apiSettingsSave replaces the settings; both fields are required.
func (a *app) apiSettingsSave(c *fiber.Ctx) error {
	u := currentUser(c)
	var in settingsJSON
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.DesiredRetention == nil {
		return errBadRequest("desired_retention", "desired_retention is missing")
	}
	if in.NewPerDay == nil {
		return errBadRequest("new_per_day", "new_per_day is missing")
	}
	set := u.Settings
	set.DesiredRetention, set.NewPerDay = *in.DesiredRetention, *in.NewPerDay
	if err := set.Validate(); err != nil {
		return err
	}
	if err := a.store.UpdateSettings(c.UserContext(), u.ID, set); err != nil {
		return err
	}
	return c.JSON(set)
}
