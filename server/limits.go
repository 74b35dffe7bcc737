package server

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Sign-in limits count failed password checks only, in the database (see
// storage.SignInPolicy), so that they hold across every quizd process
// sharing it. A class signing in from one school address is never
// refused; guessing one account's password from one address, many
// accounts' from one address, or one account's from many addresses is
// slowed down. A password change checks the current password under the
// same limits.

// limitError is a password check refused for a while.
type limitError struct {
	Wait time.Duration
}

func (e *limitError) minutes() string { return minutes(e.Wait) }

// minutes says a wait in whole minutes, rounded up: "1 minute", "14 minutes".
func minutes(d time.Duration) string {
	m := max(1, int(math.Ceil(d.Minutes())))
	if m == 1 {
		return "1 minute"
	}
	return fmt.Sprintf("%d minutes", m)
}

func (e *limitError) Error() string {
	return "too many failed sign-ins: try again in " + e.minutes()
}

// page is the message for a person at the sign-in or password form.
func (e *limitError) page() string {
	return "Too many failed sign-ins. Try again in " + e.minutes() + "."
}

// signInAllowed refuses a password check for the account named name from
// this request's address while the limits say it must wait, and then sets
// Retry-After.
func (a *app) signInAllowed(c *fiber.Ctx, name string) error {
	wait, err := a.store.SignInWait(c.UserContext(), name, a.clientIP(c), a.cfg.Now(), a.cfg.SignInPolicy)
	if err != nil {
		return err
	}
	if wait <= 0 {
		return nil
	}
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(wait.Seconds()))))
	le := &limitError{Wait: wait}
	return &Error{Status: fiber.StatusTooManyRequests, Msg: le.Error(), Cause: le}
}

// limitedPage is the sentence to show on a form for err, when err is a
// sign-in limit.
func limitedPage(err error) (string, bool) {
	var le *limitError
	if errors.As(err, &le) {
		return le.page(), true
	}
	return "", false
}
