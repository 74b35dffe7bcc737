package server

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/storage"
)

// The question browser and editor's API: GET, POST, PATCH and DELETE of
// /api/v1/banks/:id/questions[/:qid], and the restores.

// editedJSON is a question in the bank format, with its version and
// whether it is retired.
type editedJSON struct {
	questions.Question
	Version int  `json:"version"`
	Retired bool `json:"retired"`
}

func editedView(q *storage.StoredQuestion) editedJSON {
	return editedJSON{Question: q.Question, Version: q.Version, Retired: q.Retired}
}

// browsedJSON is a question of the browser, with its figures.
type browsedJSON struct {
	editedJSON
	Attempts int `json:"attempts"`
	Students int `json:"students"`
	// Facility and Discrimination are null when there is too little to
	// say.
	Facility       *float64 `json:"facility"`
	Discrimination *float64 `json:"discrimination"`
	Appeals        int      `json:"appeals"`
	OpenAppeals    int      `json:"open_appeals"`
	Leech          int      `json:"leech"`
}

// figure is a figure rounded to 4 places, or nil for NaN.
func figure(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	r := math.Round(x*10000) / 10000
	return &r
}

type versionJSON struct {
	Version   int                `json:"version"`
	Author    string             `json:"author"`
	Reason    string             `json:"reason"`
	CreatedAt time.Time          `json:"created_at"`
	Question  questions.Question `json:"question"`
	// Answers were given on this version, Right of them graded right.
	Answers int `json:"answers"`
	Right   int `json:"right"`
}

// browseQuery reads the browser's query string, each value bounded and
// checked; a bad one is a bad request naming the parameter.
func browseQuery(c *fiber.Ctx, bankID uint) (storage.BrowseQuery, error) {
	q := storage.BrowseQuery{BankID: bankID, Text: c.Query("q"), Topic: c.Query("topic"), Type: questions.Type(c.Query("type")), Status: c.Query("status")}
	flag := func(name string) (bool, error) {
		switch v := c.Query(name); v {
		case "", "0", "false":
			return false, nil
		case "1", "true", "on":
			return true, nil
		default:
			return false, errBadRequest(name, fmt.Sprintf("%s %q is neither 1 nor 0: send %s=1 to keep only those questions, or leave it out", name, shorten(v, 20), name))
		}
	}
	var err error
	if q.Flagged, err = flag("flagged"); err != nil {
		return q, err
	}
	if q.Leech, err = flag("leech"); err != nil {
		return q, err
	}
	q.Sort, q.Desc = strings.CutPrefix(c.Query("sort"), "-")
	if p := c.Query("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > storage.MaxBrowsePage {
			return q, errBadRequest("page", fmt.Sprintf("page %q is not a whole number from 1 to %d: send one, or leave it out for the first page", shorten(p, 20), storage.MaxBrowsePage))
		}
		q.Page = n
	}
	var be *storage.BrowseError
	if err := storage.CheckBrowse(q); errors.As(err, &be) {
		return q, errBadRequest(be.Param, be.Msg)
	}
	return q, nil
}

// browse runs the search of the browser's query string on the bank of
// :id, for the API and the page alike.
func (a *app) browse(c *fiber.Ctx) (*storage.Bank, storage.BrowseQuery, *storage.BrowseResult, error) {
	b, _, err := a.editableBank(c)
	if err != nil {
		return nil, storage.BrowseQuery{}, nil, err
	}
	q, err := browseQuery(c, b.ID)
	if err != nil {
		return nil, q, nil, err
	}
	res, err := a.store.BrowseQuestions(c.UserContext(), q)
	return b, q, res, err
}

// apiQuestionsBrowse is GET /api/v1/banks/:id/questions.
func (a *app) apiQuestionsBrowse(c *fiber.Ctx) error {
	_, q, res, err := a.browse(c)
	if err != nil {
		return err
	}
	out := make([]browsedJSON, len(res.Questions))
	for i, bq := range res.Questions {
		out[i] = browsedJSON{editedJSON: editedView(&bq.StoredQuestion), Attempts: bq.Attempts, Students: bq.Students,
			Facility: figure(bq.Facility), Discrimination: figure(bq.Discrimination), Appeals: bq.Appeals, OpenAppeals: bq.OpenAppeals, Leech: bq.Leeches}
	}
	return c.JSON(fiber.Map{"questions": out, "total": res.Total, "page": max(q.Page, 1), "page_size": storage.BrowsePageSize})
}

// apiQuestionShow is GET /api/v1/banks/:id/questions/:qid: the question
// and its versions, newest first.
func (a *app) apiQuestionShow(c *fiber.Ctx) error {
	b, _, qid, err := a.editableQuestion(c)
	if err != nil {
		return err
	}
	q, err := a.store.StoredQuestionOf(c.UserContext(), b.ID, qid)
	if err != nil {
		return noQuestion(err, qid)
	}
	vs, err := a.store.QuestionVersions(c.UserContext(), b.ID, qid)
	if err != nil {
		return noQuestion(err, qid)
	}
	out := make([]versionJSON, len(vs))
	for i, v := range vs {
		out[i] = versionJSON{Version: v.Version, Author: v.Author, Reason: v.Reason, CreatedAt: v.CreatedAt.UTC(), Question: v.Question,
			Answers: v.Answers, Right: v.Right}
	}
	return c.JSON(fiber.Map{"question": editedView(q), "versions": out})
}

// invalidQuestion answers 422 with every field's problem, or gives err
// back when it is not about the question's fields.
func invalidQuestion(c *fiber.Ctx, err error) error {
	ps := fieldProblems(err)
	if ps == nil {
		return err
	}
	return c.Status(fiber.StatusUnprocessableEntity).JSON(fiber.Map{
		"error":  fmt.Sprintf("The question has %s: fix them and send it again; nothing was saved.", problems(len(ps))),
		"errors": ps,
	})
}

// staleQuestion answers 409 with the question as it is now.
func (a *app) staleQuestion(c *fiber.Ctx, err error, bankID uint, qid string) error {
	var stale *storage.StaleError
	cur := (*storage.StoredQuestion)(nil)
	if errors.As(err, &stale) {
		cur = stale.Current
	} else if errors.Is(err, storage.ErrConflict) {
		q, rerr := a.store.StoredQuestionOf(c.UserContext(), bankID, qid)
		if rerr != nil {
			return rerr
		}
		cur = q
	} else {
		return err
	}
	return c.Status(fiber.StatusConflict).JSON(fiber.Map{"error": staleMessage(cur), "question": editedView(cur)})
}

// editFailed answers for a failed change of question qid: 404, 409 with
// the current question, 422 with the fields' problems, or err as it is.
func (a *app) editFailed(c *fiber.Ctx, err error, bankID uint, qid string) error {
	if errors.Is(err, storage.ErrNotFound) {
		return noQuestion(err, qid)
	}
	if errors.Is(err, storage.ErrConflict) {
		return a.staleQuestion(c, err, bankID, qid)
	}
	return invalidQuestion(c, err)
}

// apiQuestionCreate is POST /api/v1/banks/:id/questions: a question in the
// bank format; an id left out is given.
func (a *app) apiQuestionCreate(c *fiber.Ctx) error {
	b, u, err := a.editableBank(c)
	if err != nil {
		return err
	}
	var q questions.Question
	if err := decodeJSON(c, &q); err != nil {
		return invalidQuestion(c, err)
	}
	if q.ID != "" {
		if err := questions.CheckNewID(q.ID); err != nil {
			return invalidQuestion(c, err)
		}
	}
	if err := a.tooManyQuestions(b); err != nil {
		return err
	}
	out, err := a.store.AddQuestion(c.UserContext(), b.ID, q, &u.ID)
	if errors.Is(err, storage.ErrExists) {
		return &Error{Status: fiber.StatusConflict, Field: "id", Cause: err,
			Msg: fmt.Sprintf("This bank has a question with id %q already: leave id out to get a new one.", q.ID)}
	}
	if err != nil {
		return invalidQuestion(c, err)
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"question": editedView(out)})
}

// questionPatchBody is the body of a PATCH: the fields to change, and the
// version they were made on.
type questionPatchBody struct {
	questions.Patch
	Version *int `json:"version"`
}

// baseVersion checks the version a change was made on.
func baseVersion(v *int) error {
	if v == nil || *v < 1 {
		return &fieldError{"version", "send the version of the question you changed (GET of the question gives it), so that no one's change is lost"}
	}
	return nil
}

// apiQuestionPatch is PATCH /api/v1/banks/:id/questions/:qid.
func (a *app) apiQuestionPatch(c *fiber.Ctx) error {
	b, u, qid, err := a.editableQuestion(c)
	if err != nil {
		return err
	}
	var body questionPatchBody
	if err := decodeJSON(c, &body); err != nil {
		return invalidQuestion(c, err)
	}
	if err := baseVersion(body.Version); err != nil {
		return invalidQuestion(c, jsonError(err))
	}
	out, err := a.store.EditQuestion(c.UserContext(), storage.QuestionEdit{BankID: b.ID, QID: qid, BaseVersion: *body.Version, AuthorID: &u.ID,
		Reason: storage.ReasonEdit, Change: func(q *questions.Question) error { body.Patch.Apply(q); return nil }})
	if err != nil {
		return a.editFailed(c, err, b.ID, qid)
	}
	return c.JSON(fiber.Map{"question": editedView(out)})
}

// apiQuestionRetire is DELETE /api/v1/banks/:id/questions/:qid: the
// question is retired, its students' cards and reviews kept.
func (a *app) apiQuestionRetire(c *fiber.Ctx) error { return a.apiSetRetired(c, true) }

// apiQuestionRestore is POST /api/v1/banks/:id/questions/:qid/restore.
func (a *app) apiQuestionRestore(c *fiber.Ctx) error { return a.apiSetRetired(c, false) }

func (a *app) apiSetRetired(c *fiber.Ctx, retired bool) error {
	b, _, qid, err := a.editableQuestion(c)
	if err != nil {
		return err
	}
	if !retired {
		if err := a.tooManyQuestions(b); err != nil {
			return err
		}
	}
	out, err := a.store.SetRetired(c.UserContext(), b.ID, qid, retired)
	if err != nil {
		return noQuestion(err, qid)
	}
	return c.JSON(fiber.Map{"question": editedView(out)})
}

// apiVersionRestore is POST
// /api/v1/banks/:id/questions/:qid/versions/:version/restore: the version
// becomes the question's content again, as a new version.
func (a *app) apiVersionRestore(c *fiber.Ctx) error {
	b, u, qid, err := a.editableQuestion(c)
	if err != nil {
		return err
	}
	version, err := versionParam(c)
	if err != nil {
		return err
	}
	var body struct {
		Version *int `json:"version"`
	}
	if err := decodeJSON(c, &body); err != nil {
		return invalidQuestion(c, err)
	}
	if err := baseVersion(body.Version); err != nil {
		return invalidQuestion(c, jsonError(err))
	}
	out, err := a.store.RestoreVersion(c.UserContext(), b.ID, qid, version, *body.Version, &u.ID)
	if errors.Is(err, storage.ErrNotFound) {
		if _, qerr := a.store.StoredQuestionOf(c.UserContext(), b.ID, qid); qerr == nil {
			return errNotFound(fmt.Sprintf("Question %q has no version %d: GET the question to see its versions.", qid, version))
		}
	}
	if err != nil {
		return a.editFailed(c, err, b.ID, qid)
	}
	return c.JSON(fiber.Map{"question": editedView(out)})
}
