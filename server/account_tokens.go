package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/views"
)

type tokenJSON struct {
	ID         uint      `json:"id"`
	CreatedAt  time.Time `json:"created_at"`
	LastUsedAt time.Time `json:"last_used_at"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// apiTokens lists the caller's API tokens that have not expired: when each
// was made and last used (to the hour) and when it ends unless used.
func (a *app) apiTokens(c *fiber.Ctx) error {
	list, err := a.store.Tokens(c.UserContext(), currentUser(c).ID, a.cfg.Now())
	if err != nil {
		return err
	}
	out := make([]tokenJSON, len(list))
	for i, t := range list {
		out[i] = tokenJSON{ID: t.ID, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt, ExpiresAt: t.ExpiresAt}
	}
	return c.JSON(fiber.Map{"tokens": out})
}

// tokenLines are the settings page's lines about the user's API tokens.
func (a *app) tokenLines(c *fiber.Ctx) ([]views.TokenLine, error) {
	list, err := a.store.Tokens(c.UserContext(), currentUser(c).ID, a.cfg.Now())
	if err != nil {
		return nil, err
	}
	day := func(t time.Time) string { return t.In(a.cfg.Location).Format("2 January 2006") }
	lines := make([]views.TokenLine, len(list))
	for i, t := range list {
		lines[i] = views.TokenLine{Created: day(t.CreatedAt), LastUsed: day(t.LastUsedAt), Expires: day(t.ExpiresAt)}
	}
	return lines, nil
}
