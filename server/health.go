package server

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// health answers 200 while the server and its database are usable.
func (a *app) health(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := a.store.Ping(ctx); err != nil {
		a.log.Error("health check", "error", err)
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "database unavailable"})
	}
	return c.JSON(fiber.Map{"status": "ok"})
}

// static serves the embedded static files under their hashed names, to be
// cached for a year.
func (a *app) static(c *fiber.Ctx) error {
	data, ct, ok := a.views.Asset(c.Params("file"))
	if !ok {
		return errNotFound("no such file")
	}
	c.Set(fiber.HeaderContentType, ct)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	return c.Send(data)
}
