package server

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/server/auth"
	"quizd/storage"
	"quizd/views"
)

// A password-reset link is /reset/TOKEN: one-time, valid for
// storage.ResetValid, and only the token's hash is kept.
const resetPath = "/reset/"

var errAccountDisabled = &Error{Status: fiber.StatusForbidden,
	Msg: "this account is disabled: ask your instructor or an admin to enable it"}

// errTokenDisabled is the answer to a token of a disabled account.
func errTokenDisabled(cause error) *Error {
	return &Error{Status: fiber.StatusUnauthorized, Cause: cause,
		Msg: "this account is disabled: ask your instructor or an admin to enable it"}
}

// logPath is a request's path as the log keeps it: without a reset
// link's token, which is as good as a password.
func logPath(p string) string {
	if strings.HasPrefix(strings.ToLower(p), resetPath) {
		return resetPath + "…"
	}
	return p
}

// resetURL is the absolute address of a reset link: under Config.BaseURL,
// or else the request's own scheme and host.
func (a *app) resetURL(c *fiber.Ctx, token string) string {
	base := strings.TrimRight(a.cfg.BaseURL, "/")
	if base == "" {
		base = c.BaseURL()
	}
	return base + resetPath + token
}

// mayReset reports whether u may issue a reset link for target: an admin
// for anyone, an instructor for the students of their own classes.
func (a *app) mayReset(ctx context.Context, u, target *storage.User) (bool, error) {
	switch {
	case u.Role == storage.Admin:
		return true, nil
	case u.Role == storage.Instructor && target.Role == storage.Student:
		return a.store.InstructorOf(ctx, u.ID, target.ID)
	}
	return false, nil
}

// issuedLink is a reset link just made: shown once.
type issuedLink struct {
	User      *storage.User
	URL       string
	ExpiresAt time.Time
}

// issueReset makes a one-time link for the user with this id, when u may.
func (a *app) issueReset(c *fiber.Ctx, u *storage.User, targetID uint) (*issuedLink, error) {
	ctx := c.UserContext()
	target, err := a.store.UserByID(ctx, targetID)
	if errors.Is(err, storage.ErrNotFound) && u.Role != storage.Admin {
		return nil, errForbidden("you may issue links for the students of your own classes only")
	}
	if err != nil {
		return nil, classifyNotFound(err, "no user with this id")
	}
	ok, err := a.mayReset(ctx, u, target)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errForbidden("you may issue links for the students of your own classes only")
	}
	return a.newResetLink(c, u, target)
}

// newResetLink stores a new link for target, issued by u.
func (a *app) newResetLink(c *fiber.Ctx, u, target *storage.User) (*issuedLink, error) {
	token, hash, err := auth.NewToken()
	if err != nil {
		return nil, err
	}
	expires, err := a.store.CreatePasswordReset(c.UserContext(), target.ID, &u.ID, hash, a.cfg.Now())
	if errors.Is(err, storage.ErrDisabled) {
		return nil, &Error{Status: fiber.StatusConflict, Cause: err,
			Msg: "the account " + target.Username + " is disabled: enable it first, then issue the link"}
	}
	if err != nil {
		return nil, err
	}
	return &issuedLink{User: target, URL: a.resetURL(c, token), ExpiresAt: expires}, nil
}

// apiResetLink is POST /api/v1/users/:id/reset.
func (a *app) apiResetLink(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	if u.Role != storage.Admin && u.Role != storage.Instructor {
		return errForbidden("only instructors and admins may issue password links")
	}
	l, err := a.issueReset(c, u, id)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"reset_url": l.URL, "expires_at": l.ExpiresAt.Format(time.RFC3339)})
}

// resetLinkCreate is the form that issues a link for a username, from the
// admin page or a class's accounts page: the link is shown once.
func (a *app) resetLinkCreate(c *fiber.Ctx) error {
	u := currentUser(c)
	if u.Role != storage.Admin && u.Role != storage.Instructor {
		return errForbidden("Only instructors and admins may issue password links.")
	}
	name := strings.TrimSpace(c.FormValue("username"))
	if name == "" {
		return errBadRequest("username", "username: give the name of the account")
	}
	target, _, err := a.store.UserByName(c.UserContext(), name)
	if errors.Is(err, storage.ErrNotFound) {
		if u.Role != storage.Admin {
			return errForbidden("You may issue links for the students of your own classes only.")
		}
		return errNotFound("There is no account named " + name + ": check the name on the accounts page.")
	}
	if err != nil {
		return err
	}
	l, err := a.issueReset(c, u, target.ID)
	if err != nil {
		return err
	}
	return a.renderLink(c, fiber.StatusOK, "", l)
}

// renderLink shows a link just issued, once.
func (a *app) renderLink(c *fiber.Ctx, status int, created string, l *issuedLink) error {
	page := views.ResetLinkPage{Layout: a.layout(c, "Password link", ""), Created: created, Username: l.User.Username,
		URL: l.URL, ExpiresAt: l.ExpiresAt.In(a.cfg.Location).Format("2 January 2006, 15:04 MST"),
		Back: c.Get(fiber.HeaderReferer)}
	if !strings.HasPrefix(page.Back, c.BaseURL()+"/") {
		page.Back = "/"
	}
	return c.Status(status).Render("reset_link", page)
}

// resetError is what the reset page says of a link that no longer works.
func resetError(err error) (int, string) {
	const ask = " Ask your instructor or an admin for a new link."
	switch {
	case errors.Is(err, storage.ErrResetUsed):
		return fiber.StatusGone, "This link was used already: each link sets a password once." + ask
	case errors.Is(err, storage.ErrResetExpired):
		return fiber.StatusGone, "This link has expired: a link works for 24 hours." + ask
	case errors.Is(err, storage.ErrDisabled):
		return fiber.StatusForbidden, "This account is disabled. Ask your instructor or an admin to enable it."
	}
	return fiber.StatusNotFound, "This link is not valid: it may have been mistyped, or replaced by a newer link." + ask
}

// resetToken is the route's token, when it has a token's shape.
func resetToken(c *fiber.Ctx) string {
	t := c.Params("token")
	if len(t) < 20 || len(t) > 100 {
		return ""
	}
	return strings.Clone(t)
}

// resetShow is the page of a reset link: a form for the new password, or
// why the link no longer works.
func (a *app) resetShow(c *fiber.Ctx) error {
	page := views.ResetPage{Layout: a.layout(c, "Set a password", "")}
	u, err := a.store.PasswordResetUser(c.UserContext(), auth.TokenHash(resetToken(c)), a.cfg.Now())
	if err != nil && !isResetError(err) {
		return err
	}
	if err != nil {
		status, msg := resetError(err)
		page.Gone = msg
		return c.Status(status).Render("reset", page)
	}
	page.Username = u.Username
	return c.Render("reset", page)
}

func isResetError(err error) bool {
	return errors.Is(err, storage.ErrNotFound) || errors.Is(err, storage.ErrResetUsed) ||
		errors.Is(err, storage.ErrResetExpired) || errors.Is(err, storage.ErrDisabled)
}

// resetSave sets the new password under the sign-up policy, uses the
// link up, and signs its owner in.
func (a *app) resetSave(c *fiber.Ctx) error {
	ctx, now := c.UserContext(), a.cfg.Now()
	hash := auth.TokenHash(resetToken(c))
	page := views.ResetPage{Layout: a.layout(c, "Set a password", "")}
	u, err := a.store.PasswordResetUser(ctx, hash, now)
	if err == nil {
		page.Username = u.Username
		password := postValue(c, "password")
		if err = auth.CheckPolicy(u.Username, password); err == nil {
			var pwHash string
			if pwHash, err = auth.HashPassword(password); err == nil {
				u, err = a.store.UsePasswordReset(ctx, hash, pwHash, now)
			}
		}
	}
	if err == nil {
		if err := a.startSession(c, u); err != nil {
			return err
		}
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	if isResetError(err) {
		status, msg := resetError(err)
		page.Username, page.Gone = "", msg
		return c.Status(status).Render("reset", page)
	}
	e := classify(err)
	if e.Status >= 500 {
		return err
	}
	page.Error = sentenceOf(e.Msg)
	return c.Status(e.Status).Render("reset", page)
}
