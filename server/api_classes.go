package server

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/storage"
)

type classJSON struct {
	ID         uint       `json:"id"`
	Name       string     `json:"name"`
	JoinCode   string     `json:"join_code,omitempty"`
	Students   int        `json:"students"`
	BankIDs    []uint     `json:"bank_ids"`
	Archived   bool       `json:"archived"`
	ArchivedAt *time.Time `json:"archived_at,omitempty"`
	// ArchivedBankIDs are banks assigned and archived since: for those
	// who manage the class only.
	ArchivedBankIDs []uint `json:"archived_bank_ids,omitempty"`
}

// classView shows the join code, and the archived banks, to those who
// manage the class only.
func classView(u *storage.User, c *storage.Class) classJSON {
	out := classJSON{ID: c.ID, Name: c.Name, Students: c.Students, BankIDs: c.BankIDs, Archived: c.ArchivedAt != nil, ArchivedAt: c.ArchivedAt}
	if out.BankIDs == nil {
		out.BankIDs = []uint{}
	}
	if storage.CanManageClass(u, c) {
		out.JoinCode = c.JoinCode
		out.ArchivedBankIDs = c.ArchivedBankIDs
	}
	return out
}

// createClass checks the name and creates a class.
func (a *app) createClass(c *fiber.Ctx, u *storage.User, name string) (*storage.Class, error) {
	if !storage.CanUpload(u) {
		return nil, errForbidden("only instructors may create classes")
	}
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 200 {
		return nil, errBadRequest("name", "name: give the class a name of 1 to 200 characters")
	}
	return a.store.CreateClass(c.UserContext(), u.ID, name)
}

func (a *app) joinClass(c *fiber.Ctx, u *storage.User, code string) (*storage.Class, error) {
	if strings.TrimSpace(code) == "" {
		return nil, errBadRequest("code", "code: give the join code your instructor gave you")
	}
	cl, err := a.store.JoinClassThrottled(c.UserContext(), u.ID, code, joinThrottles(u, a.clientIP(c)), a.cfg.Now())
	if err != nil {
		return nil, joinError(c, err)
	}
	return cl, nil
}

// joinError says why a join code joins nothing: too many wrong codes
// (with when to try again), an archived class, or no class with the code.
func joinError(c *fiber.Ctx, err error) error {
	var te *storage.ThrottledError
	switch {
	case errors.As(err, &te):
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(te.RetryAfter.Seconds()))))
		return &Error{Status: fiber.StatusTooManyRequests, Field: "code", Cause: err,
			Msg: fmt.Sprintf("Too many wrong join codes were tried from this account or address. Try again in %s, and check the code with your instructor.", minutes(te.RetryAfter))}
	case errors.Is(err, storage.ErrArchived):
		return &Error{Status: fiber.StatusConflict, Field: "code", Cause: err, Msg: "code: this class is archived and takes no new students: ask your instructor for the code of the current one"}
	}
	return classifyNotFound(err, "code: no class has this join code: check it with your instructor")
}

// Wrong join codes allowed per window: a student who mistypes a few times
// and a school behind one address are never refused; guessing is slowed
// from hundreds of codes a second to a few an hour.
var (
	joinFailuresPerUser    = storage.Limit{Max: 10, Period: 15 * time.Minute}
	joinFailuresPerAddress = storage.Limit{Max: 100, Period: 15 * time.Minute}
)

// joinThrottles are the keys a join attempt counts against: the account
// and the address it comes from.
func joinThrottles(u *storage.User, addr string) []storage.Throttle {
	return []storage.Throttle{
		{Key: fmt.Sprintf("join:user:%d", u.ID), Limit: joinFailuresPerUser},
		{Key: "join:addr:" + addr, Limit: joinFailuresPerAddress},
	}
}

func idParam(c *fiber.Ctx, name string) (uint, error) {
	return parseID(name, name, c.Params(name))
}

func (a *app) apiClassCreate(c *fiber.Ctx) error {
	var in struct {
		Name *string `json:"name"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Name == nil {
		return errBadRequest("name", "name is missing")
	}
	u := currentUser(c)
	cl, err := a.createClass(c, u, *in.Name)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(classView(u, cl))
}

func (a *app) apiClassJoin(c *fiber.Ctx) error {
	var in struct {
		Code *string `json:"code"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Code == nil {
		return errBadRequest("code", "code is missing")
	}
	u := currentUser(c)
	cl, err := a.joinClass(c, u, *in.Code)
	if err != nil {
		return err
	}
	return c.JSON(classView(u, cl))
}

func (a *app) apiClasses(c *fiber.Ctx) error {
	u := currentUser(c)
	cs, err := a.store.ClassesOf(c.UserContext(), u)
	if err != nil {
		return err
	}
	out := make([]classJSON, len(cs))
	for i, cl := range cs {
		out[i] = classView(u, cl)
	}
	return c.JSON(fiber.Map{"classes": out})
}
