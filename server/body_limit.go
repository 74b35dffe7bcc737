package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions/facts"
	"quizd/server/auth"
	"quizd/storage"
)

// Every request body is bounded before anything parses it. Fiber streams
// bodies (StreamRequestBody), so nothing is read or reserved before
// limitBody has looked at the request: a form or JSON body is read into
// memory up to Config.BodyLimit, and an upload is streamed to temporary
// files up to Config.UploadLimit, by a signed-in uploader, a few at a time.
const (
	// maxFormFields bounds the fields of a form or the members counted in
	// an ordinary body: the largest form has a dozen.
	maxFormFields = 100
	// maxUploadParts bounds the parts of an upload form (file, format,
	// title, public, dry run, CSRF token).
	maxUploadParts = 16
	// uploadOverhead is what an upload form may hold besides its file.
	uploadOverhead = 64 << 10
	// busyRetry is the Retry-After, in seconds, of a 503 for a busy server.
	busyRetry = 30
)

var (
	errEncoding = &Error{Status: fiber.StatusUnsupportedMediaType,
		Msg: "compressed request bodies are not accepted: send the body without Content-Encoding"}
	errTooManyFields = &Error{Status: fiber.StatusRequestEntityTooLarge,
		Msg: fmt.Sprintf("the form has more than %d fields: send only the form's own fields", maxFormFields)}
	errTooManyParts = &Error{Status: fiber.StatusRequestEntityTooLarge,
		Msg: fmt.Sprintf("the upload has more than %d parts: send one file and the form's fields", maxUploadParts)}
	errSlowBody = &Error{Status: fiber.StatusRequestTimeout,
		Msg: "the request body arrived too slowly: send it again over a faster connection"}
	errUploadsBusy = &Error{Status: fiber.StatusServiceUnavailable, RetryAfter: busyRetry,
		Msg: "too many uploads are being received right now: try again in a minute"}
	errShuttingDown = &Error{Status: fiber.StatusServiceUnavailable, RetryAfter: busyRetry,
		Msg: "the server is restarting: try again in a minute"}
)

func errBodyTooLarge(limit int) *Error {
	return &Error{Status: fiber.StatusRequestEntityTooLarge, Msg: fmt.Sprintf("the body is larger than %s: send less", sizeText(limit))}
}

func sizeText(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", max(1, n>>10))
}

// isUploadRoute tells the three routes that take a file (POST /upload,
// POST /api/v1/banks, PUT /api/v1/banks/:id), matched as loosely as
// Fiber's router matches them (any case, a trailing slash).
func isUploadRoute(c *fiber.Ctx) bool {
	p := strings.TrimSuffix(strings.ToLower(c.Path()), "/")
	switch c.Method() {
	case fiber.MethodPost:
		return p == "/upload" || p == "/api/v1/banks"
	case fiber.MethodPut:
		id, ok := strings.CutPrefix(p, "/api/v1/banks/")
		return ok && id != "" && !strings.Contains(id, "/")
	}
	return false
}

// limitBody bounds the request's body before any middleware or handler
// reads it.
func (a *app) limitBody(c *fiber.Ctx) error {
	if ce := strings.TrimSpace(c.Get(fiber.HeaderContentEncoding)); ce != "" && !strings.EqualFold(ce, "identity") {
		c.Context().SetConnectionClose()
		return errEncoding
	}
	if isUploadRoute(c) {
		return a.receiveUpload(c)
	}
	if isReviewRoute(c) {
		return a.receiveReview(c)
	}
	if err := a.readSmallBody(c, a.cfg.BodyLimit); err != nil {
		c.Context().SetConnectionClose()
		return err
	}
	if err := checkFieldCount(c, c.Body(), maxFormFields); err != nil {
		return err
	}
	return c.Next()
}

// readSmallBody reads a body of at most limit bytes into memory, refusing
// a larger declared length at once.
func (a *app) readSmallBody(c *fiber.Ctx, limit int) error {
	req := c.Request()
	if req.Header.ContentLength() > limit {
		return errBodyTooLarge(limit)
	}
	stream := req.BodyStream()
	if stream == nil {
		if len(req.Body()) > limit {
			return errBodyTooLarge(limit)
		}
		return nil
	}
	body, err := io.ReadAll(io.LimitReader(stream, int64(limit)+1))
	if err != nil {
		return a.bodyReadError(err)
	}
	if len(body) > limit {
		return errBodyTooLarge(limit)
	}
	req.SetBody(body)
	return nil
}

// bodyReadError says why a body could not be read.
func (a *app) bodyReadError(err error) error {
	var ne net.Error
	switch {
	case a.cfg.BaseContext.Err() != nil:
		return errShuttingDown
	case errors.As(err, &ne) && ne.Timeout():
		return errSlowBody
	}
	return &Error{Status: fiber.StatusBadRequest, Msg: "the request body was cut short: send it again", Cause: err}
}

// checkFieldCount refuses a form with more than max fields, counted
// without parsing: the separators of a urlencoded form, the delimiters of
// a multipart one.
func checkFieldCount(c *fiber.Ctx, body []byte, max int) error {
	ct := strings.ToLower(c.Get(fiber.HeaderContentType))
	switch {
	case strings.HasPrefix(ct, fiber.MIMEApplicationForm):
		if bytes.Count(body, []byte("&"))+1 > max {
			return errTooManyFields
		}
	case strings.HasPrefix(ct, fiber.MIMEMultipartForm):
		if b := c.Request().Header.MultipartFormBoundary(); len(b) > 0 && bytes.Count(body, append([]byte("\r\n--"), b...)) > max {
			return errTooManyFields
		}
	}
	return nil
}

// The review of an article's facts is a form of up to facts.MaxFormFacts
// facts of a few fields each: larger than any other form, so it is taken
// only from those who may upload.
const (
	reviewBodyLimit = 4 << 20
	maxReviewFields = facts.MaxFormFacts*8 + 32
)

// isReviewRoute tells POST /upload/review, matched as Fiber matches it.
func isReviewRoute(c *fiber.Ctx) bool {
	return c.Method() == fiber.MethodPost && strings.TrimSuffix(strings.ToLower(c.Path()), "/") == "/upload/review"
}

// receiveReview admits the review form of a signed-in instructor, within
// its own limits.
func (a *app) receiveReview(c *fiber.Ctx) error {
	u, err := a.uploader(c)
	if err != nil {
		c.Context().SetConnectionClose()
		return err
	}
	if !storage.CanUpload(u) {
		c.Context().SetConnectionClose()
		return errForbidden("only instructors may upload question sets")
	}
	if err := a.readSmallBody(c, reviewBodyLimit); err != nil {
		c.Context().SetConnectionClose()
		return err
	}
	if err := checkFieldCount(c, c.Body(), maxReviewFields); err != nil {
		return &Error{Status: fiber.StatusRequestEntityTooLarge,
			Msg: fmt.Sprintf("the review form has more than %d fields: a sheet holds at most %d facts, so delete some or split the article", maxReviewFields, facts.MaxFormFacts)}
	}
	return c.Next()
}

// receiveUpload admits an upload from a signed-in instructor, when fewer
// than Config.UploadsInFlight are being received, and streams its file to
// a temporary file that is removed when the request ends.
func (a *app) receiveUpload(c *fiber.Ctx) error {
	req := c.Request()
	limit := a.cfg.UploadLimit + uploadOverhead
	if n := req.Header.ContentLength(); n > limit {
		c.Context().SetConnectionClose()
		return errBodyTooLarge(limit)
	}
	// Nobody may hold an upload slot or disk space without the right to upload.
	u, err := a.uploader(c)
	if err != nil {
		c.Context().SetConnectionClose()
		return err
	}
	if !storage.CanUpload(u) {
		c.Context().SetConnectionClose()
		return errForbidden("only instructors may upload question sets")
	}
	select {
	case a.uploads <- struct{}{}:
		defer func() { <-a.uploads }()
	default:
		c.Context().SetConnectionClose()
		return errUploadsBusy
	}
	boundary := req.Header.MultipartFormBoundary()
	if len(boundary) == 0 {
		// Not a file upload: the handler says what is missing.
		if err := a.readSmallBody(c, a.cfg.BodyLimit); err != nil {
			c.Context().SetConnectionClose()
			return err
		}
		return c.Next()
	}
	defer req.RemoveMultipartFormFiles()
	if err := a.streamUpload(c, limit, boundary); err != nil {
		c.Context().SetConnectionClose()
		return err
	}
	return c.Next()
}

// streamUpload reads the multipart form, its files to disk, within the
// upload's time and size and until the server's requests are cancelled.
func (a *app) streamUpload(c *fiber.Ctx, limit int, boundary []byte) error {
	req := c.Request()
	stream := req.BodyStream()
	if stream == nil {
		// The whole body is in memory already (app.Test sends it so).
		if len(req.Body()) > limit {
			return errBodyTooLarge(limit)
		}
		if bytes.Count(req.Body(), append([]byte("\r\n--"), boundary...)) > maxUploadParts {
			return errTooManyParts
		}
		if _, err := req.MultipartForm(); err != nil {
			return errBadRequest("file", "the upload is not a valid multipart form: send the file again")
		}
		return nil
	}
	if err := c.Context().SetReadDeadline(time.Now().Add(a.cfg.UploadTimeout)); err != nil {
		return err
	}
	// At the end of the shutdown grace the body stops arriving at once.
	var mu sync.Mutex
	done := false
	stop := context.AfterFunc(a.cfg.BaseContext, func() {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			_ = c.Context().SetReadDeadline(time.Now())
		}
	})
	defer func() {
		stop()
		mu.Lock()
		done = true
		mu.Unlock()
	}()
	body := &boundedBody{r: stream, left: int64(limit), delim: append([]byte("\r\n--"), boundary...), maxDelims: maxUploadParts}
	req.SetBodyStream(body, req.Header.ContentLength())
	if _, err := req.MultipartForm(); err != nil {
		switch {
		case errors.Is(body.err, errBoundedTooLarge):
			return errBodyTooLarge(limit)
		case errors.Is(body.err, errBoundedParts):
			return errTooManyParts
		case body.err != nil:
			return a.bodyReadError(body.err)
		}
		return &Error{Status: fiber.StatusBadRequest, Field: "file", Msg: "the upload is not a valid multipart form: send the file again", Cause: err}
	}
	return nil
}

// uploader is the user an upload is from, found before its body is read:
// by the bearer token for the API, by the session for the page. The
// middleware after it checks the session fully.
func (a *app) uploader(c *fiber.Ctx) (*storage.User, error) {
	ctx := c.UserContext()
	if isAPI(c) {
		token, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), bearerPrefix)
		if token = strings.TrimSpace(token); !ok || token == "" {
			return nil, errUnauthorized
		}
		u, err := a.store.UserByToken(ctx, auth.TokenHash(token), a.cfg.Now())
		if errors.Is(err, storage.ErrNotFound) {
			return nil, errUnauthorized
		}
		return u, err
	}
	sess, err := a.sessions.Get(c)
	if err != nil {
		return nil, err
	}
	id, ok := sess.Get(sessionUID).(uint)
	if !ok {
		return nil, errUnauthorized
	}
	u, err := a.store.UserByID(ctx, id)
	if errors.Is(err, storage.ErrNotFound) || err == nil && u.Disabled() {
		return nil, errUnauthorized
	}
	return u, err
}

var (
	errBoundedTooLarge = errors.New("server: body over its limit")
	errBoundedParts    = errors.New("server: too many multipart parts")
)

// boundedBody passes a streamed body on while it stays within left bytes
// and maxDelims multipart delimiters, and keeps the first error it met.
type boundedBody struct {
	r         io.Reader
	left      int64
	delim     []byte
	maxDelims int
	delims    int
	// tail is the end of what was read, for a delimiter split across reads.
	tail []byte
	err  error
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	if b.left < 0 {
		b.err = errBoundedTooLarge
		return 0, b.err
	}
	seen := append(b.tail, p[:n]...)
	b.delims += bytes.Count(seen, b.delim)
	if b.delims > b.maxDelims {
		b.err = errBoundedParts
		return 0, b.err
	}
	keep := min(len(seen), len(b.delim)-1)
	b.tail = append(b.tail[:0], seen[len(seen)-keep:]...)
	if err != nil && !errors.Is(err, io.EOF) {
		b.err = err
	}
	return n, err
}
