package server

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"quizd/questions/srs"
	"quizd/views"
)

func (a *app) settingsShow(c *fiber.Ctx) error {
	u := currentUser(c)
	tokens, err := a.tokenLines(c)
	if err != nil {
		return err
	}
	return c.Render("settings", views.SettingsPage{
		Layout:    a.layout(c, "Settings", "settings"),
		Retention: strconv.FormatFloat(u.Settings.DesiredRetention, 'f', 2, 64),
		NewPerDay: strconv.Itoa(u.Settings.NewPerDay),
		Saved:     c.Query("saved") == "1",
		Tokens:    tokens,
	})
}

// settingsSave checks and saves the settings form; a bad value is shown
// again with what is wrong, and nothing is saved.
func (a *app) settingsSave(c *fiber.Ctx) error {
	u := currentUser(c)
	page := views.SettingsPage{Layout: a.layout(c, "Settings", "settings"),
		Retention: c.FormValue("desired_retention"), NewPerDay: c.FormValue("new_per_day")}
	set, err := parseSettings(page.Retention, page.NewPerDay)
	if err == nil {
		err = set.Validate()
	}
	if err != nil {
		e := classify(err)
		if e.Status >= 500 {
			return err
		}
		page.Error, page.Field = sentenceOf(strings.ReplaceAll(e.Msg, "_", " ")), e.Field
		return c.Status(fiber.StatusBadRequest).Render("settings", page)
	}
	if err := a.store.UpdateSettings(c.UserContext(), u.ID, set); err != nil {
		return err
	}
	return c.Redirect("/settings?saved=1", fiber.StatusSeeOther)
}

func parseSettings(retention, newPerDay string) (srs.Settings, error) {
	r, err := strconv.ParseFloat(strings.TrimSpace(retention), 64)
	if err != nil {
		return srs.Settings{}, &srs.SettingsError{Field: "desired_retention", Msg: fmt.Sprintf("%q is not a number: write it like 0.90", retention)}
	}
	n, err := strconv.Atoi(strings.TrimSpace(newPerDay))
	if err != nil {
		return srs.Settings{}, &srs.SettingsError{Field: "new_per_day", Msg: fmt.Sprintf("%q is not a whole number", newPerDay)}
	}
	return srs.Settings{DesiredRetention: r, NewPerDay: n}, nil
}
