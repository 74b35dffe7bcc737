package server

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/questions/anki"
	"quizd/questions/srs"
	"quizd/server/auth"
	"quizd/storage"
	"quizd/views"
)

// Error is an error with a message that is safe to show: what was wrong
// and, for input, which field. Its cause is logged, never sent.
type Error struct {
	Status int
	Msg    string
	Field  string
	// Lines are the problems of an uploaded file, each at its line.
	Lines questions.LineErrors
	// RetryAfter, in seconds, is sent as Retry-After when set.
	RetryAfter int
	Cause      error
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return e.Msg + ": " + e.Cause.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Cause }

func errBadRequest(field, msg string) *Error {
	return &Error{Status: fiber.StatusBadRequest, Field: field, Msg: msg}
}

// parseID reads a database id from field: a positive whole number, or a
// bad request naming what was given.
func parseID(field, label, v string) (uint, error) {
	id, err := strconv.ParseUint(v, 10, 32)
	if err != nil || id == 0 {
		return 0, errBadRequest(field, fmt.Sprintf("%s %q is not a positive whole number", label, v))
	}
	return uint(id), nil
}

func errNotFound(msg string) *Error { return &Error{Status: fiber.StatusNotFound, Msg: msg} }

func errForbidden(msg string) *Error { return &Error{Status: fiber.StatusForbidden, Msg: msg} }

var errUnauthorized = &Error{Status: fiber.StatusUnauthorized, Msg: "sign in first: send Authorization: Bearer TOKEN (POST /api/v1/login gives one)"}

// classify maps any error to the Error the client sees.
func classify(err error) *Error {
	var e *Error
	var fe *fiber.Error
	var pe *auth.PolicyError
	var se *srs.SettingsError
	var re *questions.ResponseError
	var le questions.LineErrors
	var qfe *questions.FormatError
	var qle *questions.QuestionLimitError
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &pe):
		return &Error{Status: fiber.StatusBadRequest, Field: pe.Field, Msg: pe.Error(), Cause: err}
	case errors.As(err, &se):
		return &Error{Status: fiber.StatusBadRequest, Field: se.Field, Msg: se.Error(), Cause: err}
	case errors.As(err, &le):
		return &Error{Status: fiber.StatusUnprocessableEntity, Msg: fmt.Sprintf("the file has %s: nothing was imported", problems(len(le))), Lines: le, Cause: err}
	case errors.As(err, &qfe):
		return &Error{Status: fiber.StatusBadRequest, Field: "file", Msg: qfe.Msg, Cause: err}
	case errors.As(err, &qle):
		return &Error{Status: fiber.StatusRequestEntityTooLarge, Field: "file", Msg: qle.Error(), Cause: err}
	case errors.Is(err, anki.ErrTooLarge):
		return &Error{Status: fiber.StatusRequestEntityTooLarge, Field: "file", Msg: strings.TrimPrefix(err.Error(), "anki: "), Cause: err}
	case errors.As(err, &re):
		return &Error{Status: fiber.StatusBadRequest, Field: "response", Msg: re.Error(), Cause: err}
	case errors.Is(err, srs.ErrRating):
		return &Error{Status: fiber.StatusBadRequest, Field: "rating", Msg: "rating: " + srs.ErrRating.Error(), Cause: err}
	case errors.Is(err, storage.ErrNotFound):
		return &Error{Status: fiber.StatusNotFound, Msg: "not found", Cause: err}
	case errors.Is(err, storage.ErrNotRevealed):
		return &Error{Status: fiber.StatusConflict, Msg: "show the card's answer before you rate it", Cause: err}
	case errors.Is(err, storage.ErrConflict):
		return &Error{Status: fiber.StatusConflict, Msg: "this card was answered already: fetch the next card", Cause: err}
	case errors.Is(err, storage.ErrForbidden):
		return &Error{Status: fiber.StatusForbidden, Msg: "you may not change this", Cause: err}
	case errors.Is(err, storage.ErrDisabled):
		return errTokenDisabled(err)
	case errors.Is(err, storage.ErrExists):
		return &Error{Status: fiber.StatusConflict, Msg: "already exists", Cause: err}
	case errors.Is(err, auth.ErrBusy):
		return &Error{Status: fiber.StatusServiceUnavailable, RetryAfter: 5, Msg: "the server is busy checking passwords: try again in a few seconds", Cause: err}
	case errors.Is(err, storage.ErrUnavailable):
		return &Error{Status: fiber.StatusServiceUnavailable, RetryAfter: 5, Msg: "the database is not answering: try again in a few seconds", Cause: err}
	case errors.Is(err, context.Canceled):
		return &Error{Status: errShuttingDown.Status, RetryAfter: errShuttingDown.RetryAfter, Msg: errShuttingDown.Msg, Cause: err}
	case errors.As(err, &fe):
		msg := fe.Message
		if fe.Code == fiber.StatusRequestEntityTooLarge {
			msg = "the request is too large"
		}
		return &Error{Status: fe.Code, Msg: msg, Cause: err}
	}
	return &Error{Status: fiber.StatusInternalServerError, Msg: "something went wrong on our side", Cause: err}
}

// handleError is the app's one error handler: JSON for the API, a page or
// a redirect to sign in for the browser. A 500's cause is logged with the
// request id, which the client gets to quote.
func (a *app) handleError(c *fiber.Ctx, err error) error {
	e := classify(err)
	rid := requestID(c)
	if e.RetryAfter > 0 {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(e.RetryAfter))
	}
	if e.Status >= 500 {
		a.log.Error("request failed", "path", logPath(c.Path()), "request_id", rid, "error", err)
	}
	if isAPI(c) {
		body := fiber.Map{"error": e.Msg}
		if e.Field != "" {
			body["field"] = e.Field
		}
		if len(e.Lines) > 0 {
			body["errors"] = e.Lines
		}
		if e.Status >= 500 {
			body["request_id"] = rid
		}
		return c.Status(e.Status).JSON(body)
	}
	if e.Status == fiber.StatusUnauthorized {
		return c.Redirect("/login?next="+url.QueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
	}
	page := views.ErrorPage{Layout: a.layout(c, "Error", ""), Status: e.Status, Message: sentenceOf(e.Msg)}
	if e.Status >= 500 {
		page.RequestID = rid
	}
	c.Status(e.Status)
	if rerr := c.Render("error", page); rerr != nil {
		return c.Status(e.Status).SendString(e.Msg)
	}
	return nil
}

// problems counts a file's problems as a sentence says it.
func problems(n int) string {
	if n == 1 {
		return "1 problem"
	}
	return fmt.Sprintf("%d problems", n)
}
