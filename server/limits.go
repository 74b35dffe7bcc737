package server

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"

	"quizd/views"
)

// Sign-in limits count failed attempts only: a class of students signing
// in from one school address is never refused, while guessing a password,
// or many accounts' passwords from one address, is slowed down.
const (
	failedPerAccount = 5
	failedPerAddress = 100
	failureWindow    = 15 * time.Minute
)

// signInLimits are the middleware of the sign-in routes: a limit per
// account and one per address, then errors settled into responses so
// that the limiters see their status.
func (a *app) signInLimits() []fiber.Handler {
	reached := func(c *fiber.Ctx) error {
		msg := fmt.Sprintf("too many failed sign-ins: try again in %s minutes", retryMinutes(c.GetRespHeader(fiber.HeaderRetryAfter)))
		if isAPI(c) {
			return c.Status(fiber.StatusTooManyRequests).JSON(fiber.Map{"error": msg})
		}
		return c.Status(fiber.StatusTooManyRequests).Render("auth", views.AuthPage{Layout: a.layout(c, "Sign in", "login"),
			SignupOpen: a.cfg.SignupOpen, Username: c.FormValue("username"), Error: sentenceOf(msg), Field: "password"})
	}
	return []fiber.Handler{
		limiter.New(limiter.Config{
			Max: failedPerAddress, Expiration: failureWindow, SkipSuccessfulRequests: true,
			KeyGenerator: func(c *fiber.Ctx) string { return "ip:" + c.IP() },
			LimitReached: reached,
		}),
		limiter.New(limiter.Config{
			Max: failedPerAccount, Expiration: failureWindow, SkipSuccessfulRequests: true,
			KeyGenerator: func(c *fiber.Ctx) string { return "user:" + signInName(c) },
			LimitReached: reached,
		}),
		a.settleErrors,
	}
}

// signInName is the account a sign-in is for, from the form or the JSON body.
func signInName(c *fiber.Ctx) string {
	name := c.FormValue("username")
	if name == "" && strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEApplicationJSON) {
		var in struct {
			Username string `json:"username"`
		}
		_ = json.Unmarshal(c.Body(), &in)
		name = in.Username
	}
	return strings.ToLower(strings.TrimSpace(name))
}

func retryMinutes(seconds string) string {
	var s int
	fmt.Sscan(seconds, &s)
	return fmt.Sprint(max(1, (s+59)/60))
}

// settleErrors turns a handler's error into its response at once, so that
// middleware before it sees the final status.
func (a *app) settleErrors(c *fiber.Ctx) error {
	if err := c.Next(); err != nil {
		return a.handleError(c, err)
	}
	return nil
}
