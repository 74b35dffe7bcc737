package server

import (
	"math"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/views"
)

// signupWindow is the window of the sign-up limit per address: every
// attempt counts, since each costs a password hash and may add an account.
const signupWindow = time.Hour

// limitSignups refuses sign-ups from an address past Config.SignupsPerHour
// in the hour since its first. The count is kept in the database, so that
// it holds across the quizd processes sharing it.
func (a *app) limitSignups(c *fiber.Ctx) error {
	if !a.cfg.SignupOpen {
		return c.Next()
	}
	now := a.cfg.Now()
	hits, end, err := a.store.Hit(c.UserContext(), "signup:ip:"+a.clientIP(c), signupWindow, now)
	if err != nil {
		return err
	}
	if hits <= a.cfg.SignupsPerHour {
		return c.Next()
	}
	wait := max(1, int(math.Ceil(end.Sub(now).Seconds())))
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(wait))
	left := minutes(end.Sub(now))
	if isAPI(c) {
		return c.Status(fiber.StatusTooManyRequests).JSON(fiber.Map{"error": "too many sign-ups from your address: try again in " + left})
	}
	return c.Status(fiber.StatusTooManyRequests).Render("auth", views.AuthPage{Layout: a.layout(c, "Sign up", "signup"),
		Signup: true, SignupOpen: true, Username: c.FormValue("username"),
		Error: "Too many sign-ups came from your address. Try again in " + left + ", or ask your instructor to create your account."})
}
