package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/gofiber/fiber/v2"

	"quizd/questions/assign"
	"quizd/storage"
)

// Running a class through the API: rename and archive, a new join code,
// the roster, leaving, and assignments with due dates and a pace. The
// pages (class_page.go) call the same functions.

// errInvalid is a value that is well formed but not allowed: 422, naming
// the field.
func errInvalid(field, msg string) *Error {
	return &Error{Status: fiber.StatusUnprocessableEntity, Field: field, Msg: msg}
}

// invalid turns a rule's FieldError into a 422; other errors pass.
func invalid(err error) error {
	var fe *assign.FieldError
	if errors.As(err, &fe) {
		return &Error{Status: fiber.StatusUnprocessableEntity, Field: fe.Field, Msg: fe.Error(), Cause: err}
	}
	return err
}

// managedClass reads the class of a route and checks that u runs it.
func (a *app) managedClass(c *fiber.Ctx, u *storage.User, id uint) (*storage.Class, error) {
	cl, err := a.store.ClassByID(c.UserContext(), id)
	if err != nil {
		return nil, classifyNotFound(err, "no class with this id")
	}
	if !storage.CanManageClass(u, cl) {
		return nil, errForbidden("this class is another instructor's")
	}
	return cl, nil
}

// className checks a class's name: 1 to 200 characters once trimmed.
func className(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len([]rune(name)) > 200 {
		return "", errInvalid("name", "name: give the class a name of 1 to 200 characters")
	}
	return name, nil
}

// updateClass renames or archives a class u runs.
func (a *app) updateClass(c *fiber.Ctx, u *storage.User, id uint, ch storage.ClassChange) (*storage.Class, error) {
	if _, err := a.managedClass(c, u, id); err != nil {
		return nil, err
	}
	if ch.Name == nil && ch.Archived == nil {
		return nil, errInvalid("", "give name or archived: there is nothing to change")
	}
	if ch.Name != nil {
		name, err := className(*ch.Name)
		if err != nil {
			return nil, err
		}
		ch.Name = &name
	}
	return a.store.UpdateClass(c.UserContext(), id, ch, a.cfg.Now())
}

// removeStudent takes a student out of a class u runs.
func (a *app) removeStudent(c *fiber.Ctx, u *storage.User, classID, userID uint) error {
	if _, err := a.managedClass(c, u, classID); err != nil {
		return err
	}
	return classifyNotFound(a.store.RemoveMember(c.UserContext(), classID, userID), "this user is not a student of the class")
}

// leaveClass takes u out of a class they joined.
func (a *app) leaveClass(c *fiber.Ctx, u *storage.User, classID uint) error {
	return classifyNotFound(a.store.RemoveMember(c.UserContext(), classID, u.ID), "you are not in this class")
}

// unassignBank takes a bank out of a class u runs.
func (a *app) unassignBank(c *fiber.Ctx, u *storage.User, classID, bankID uint) error {
	if _, err := a.managedClass(c, u, classID); err != nil {
		return err
	}
	return classifyNotFound(a.store.UnassignBank(c.UserContext(), classID, bankID), "this bank is not assigned to the class")
}

// assignInput is an assignment as a form or the API sends it. A value
// whose Has flag is false was not sent: a new assignment has none of it,
// and one assigned again keeps what it had.
type assignInput struct {
	ClassID, BankID uint
	DueAt           string // "" for no due date
	TargetMastered  int    // 0 for every question
	NewPerDay       *int
	// DesiredRetention and NewPerDay nil: left to the student.
	DesiredRetention                                   *float64
	Locked                                             bool
	HasDue, HasTarget, HasNew, HasRetention, HasLocked bool
}

// allSent marks every value of a form as sent: the class page's assign
// form sends the whole assignment.
func (in assignInput) allSent() assignInput {
	in.HasDue, in.HasTarget, in.HasNew, in.HasRetention, in.HasLocked = true, true, true, true, true
	return in
}

// setAssignment checks an assignment and stores it: the class must be
// u's, the bank theirs, public or built in, and every value in range.
// Nothing is stored when one is not.
func (a *app) setAssignment(c *fiber.Ctx, u *storage.User, in assignInput) (*storage.Class, storage.Assignment, error) {
	out := storage.Assignment{ClassID: in.ClassID, BankID: in.BankID}
	cl, err := a.managedClass(c, u, in.ClassID)
	if err != nil {
		return nil, out, err
	}
	b, err := a.store.BankByID(c.UserContext(), in.BankID)
	if err != nil {
		return nil, out, classifyNotFound(err, "bank_id: no bank with this id")
	}
	if !storage.CanManageBank(u, b) && !b.Public && !b.Builtin {
		return nil, out, errForbidden("this bank is another instructor's")
	}
	if b.Archived {
		return nil, out, &Error{Status: fiber.StatusConflict, Field: "bank_id",
			Msg: "bank_id: this bank is archived: restore it on its page (/banks/ID) before you assign it"}
	}
	if x, ok, err := a.assignmentOf(c, cl.ID, b.ID); err != nil {
		return nil, out, err
	} else if ok {
		out = x
	}
	if in.HasDue {
		out.DueAt = nil
		if in.DueAt != "" {
			due, err := assign.ParseDue(in.DueAt, a.cfg.Location)
			if err != nil {
				return nil, out, invalid(err)
			}
			out.DueAt = &due
		}
	}
	if in.HasTarget {
		if in.TargetMastered < 0 || in.TargetMastered > b.QuestionCount {
			return nil, out, errInvalid("target", fmt.Sprintf("target: is %d questions mastered, more than the bank's %d questions: ask for %d at most", in.TargetMastered, b.QuestionCount, b.QuestionCount))
		}
		out.TargetMastered = in.TargetMastered
	}
	if in.HasNew {
		out.Policy.NewPerDay = in.NewPerDay
	}
	if in.HasRetention {
		out.Policy.DesiredRetention = in.DesiredRetention
	}
	if in.HasLocked {
		out.Policy.Locked = in.Locked
	}
	if err := out.Policy.Validate(); err != nil {
		return nil, out, invalid(err)
	}
	if _, err := a.store.SetAssignment(c.UserContext(), out, a.cfg.Now()); err != nil {
		return nil, out, err
	}
	x, _, err := a.assignmentOf(c, cl.ID, b.ID)
	if err != nil {
		return nil, out, err
	}
	cl, err = a.store.ClassByID(c.UserContext(), cl.ID)
	return cl, x, err
}

// assignmentOf finds a bank's assignment in a class; ok is false when the
// bank is not assigned to it.
func (a *app) assignmentOf(c *fiber.Ctx, classID, bankID uint) (storage.Assignment, bool, error) {
	as, err := a.store.AssignmentsOf(c.UserContext(), classID)
	if err != nil {
		return storage.Assignment{}, false, err
	}
	for _, x := range as {
		if x.BankID == bankID {
			return x, true, nil
		}
	}
	return storage.Assignment{}, false, nil
}

// targetMastered reads an assignment's target: "all", or {"mastered": N}
// with N at least 1; absent or null is "all".
func targetMastered(v jsontext.Value) (int, error) {
	bad := errInvalid("target", `target: must be "all" or {"mastered": N} with N a whole number of 1 or more`)
	if len(v) == 0 || string(v) == "null" {
		return 0, nil
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		if s == "all" {
			return 0, nil
		}
		return 0, bad
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(v, &m) != nil || len(m) != 1 {
		return 0, bad
	}
	var n int
	if raw, ok := m["mastered"]; !ok || json.Unmarshal(raw, &n) != nil || n < 1 {
		return 0, bad
	}
	return n, nil
}

// assignmentJSON is an assignment as the API gives it.
type assignmentJSON struct {
	BankID           uint       `json:"bank_id"`
	AssignedAt       time.Time  `json:"assigned_at"`
	DueAt            *time.Time `json:"due_at"`
	Target           any        `json:"target"`
	NewPerDay        *int       `json:"new_per_day"`
	DesiredRetention *float64   `json:"desired_retention"`
	Locked           bool       `json:"locked"`
}

func assignmentView(x storage.Assignment) assignmentJSON {
	out := assignmentJSON{BankID: x.BankID, AssignedAt: x.AssignedAt, DueAt: x.DueAt, Target: "all",
		NewPerDay: x.Policy.NewPerDay, DesiredRetention: x.Policy.DesiredRetention, Locked: x.Policy.Locked}
	if x.TargetMastered > 0 {
		out.Target = map[string]int{"mastered": x.TargetMastered}
	}
	return out
}

func (a *app) apiClassUpdate(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Name     *string `json:"name"`
		Archived *bool   `json:"archived"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	u := currentUser(c)
	cl, err := a.updateClass(c, u, id, storage.ClassChange{Name: in.Name, Archived: in.Archived})
	if err != nil {
		return err
	}
	return c.JSON(classView(u, cl))
}

func (a *app) apiClassCode(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	if _, err := a.managedClass(c, u, id); err != nil {
		return err
	}
	cl, err := a.store.NewClassCode(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(classView(u, cl))
}

// studentJSON is one student of a roster.
type studentJSON struct {
	ID         uint       `json:"id"`
	Username   string     `json:"username"`
	JoinedAt   time.Time  `json:"joined_at"`
	LastActive *time.Time `json:"last_active_at"`
	Answers    int        `json:"answers"`
}

func (a *app) apiClassStudents(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := a.managedClass(c, currentUser(c), id); err != nil {
		return err
	}
	roster, err := a.store.Roster(c.UserContext(), id)
	if err != nil {
		return err
	}
	out := make([]studentJSON, len(roster))
	for i, s := range roster {
		out[i] = studentJSON{ID: s.ID, Username: s.Username, JoinedAt: s.JoinedAt, LastActive: s.LastActive, Answers: s.Answers}
	}
	return c.JSON(fiber.Map{"students": out})
}

// classAction is one change to a class that takes its route's ids, made
// the same from the API (204) and from a page (a redirect).
type classAction struct {
	params []string
	do     func(a *app, c *fiber.Ctx, u *storage.User, ids []uint) error
	// done is where the page goes after, given the ids.
	done func(ids []uint) string
}

// The class actions of the API and the pages.
var (
	removeStudentAction = classAction{params: []string{"id", "uid"},
		do: func(a *app, c *fiber.Ctx, u *storage.User, ids []uint) error {
			return a.removeStudent(c, u, ids[0], ids[1])
		},
		done: func(ids []uint) string { return fmt.Sprintf("/classes/%d?done=removed#roster", ids[0]) }}
	leaveAction = classAction{params: []string{"id"},
		do: func(a *app, c *fiber.Ctx, u *storage.User, ids []uint) error {
			return a.leaveClass(c, u, ids[0])
		},
		done: func([]uint) string { return "/classes?done=left" }}
	unassignAction = classAction{params: []string{"id", "bank_id"},
		do: func(a *app, c *fiber.Ctx, u *storage.User, ids []uint) error {
			return a.unassignBank(c, u, ids[0], ids[1])
		},
		done: func(ids []uint) string { return fmt.Sprintf("/classes/%d?done=unassigned", ids[0]) }}
)

// run reads the action's ids and makes the change.
func (act classAction) run(a *app, c *fiber.Ctx) ([]uint, error) {
	ids := make([]uint, len(act.params))
	for i, p := range act.params {
		id, err := idParam(c, p)
		if err != nil {
			return nil, err
		}
		ids[i] = id
	}
	return ids, act.do(a, c, currentUser(c), ids)
}

// apiClassAction makes a class action an API route: 204 once done.
func (a *app) apiClassAction(act classAction) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if _, err := act.run(a, c); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
}

// pageClassAction makes a class action a form's route: to the page that
// says it is done.
func (a *app) pageClassAction(act classAction) fiber.Handler {
	return func(c *fiber.Ctx) error {
		ids, err := act.run(a, c)
		if err != nil {
			return err
		}
		return c.Redirect(act.done(ids), fiber.StatusSeeOther)
	}
}

func (a *app) apiClassAssign(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		BankID           *uint          `json:"bank_id"`
		DueAt            *string        `json:"due_at"`
		Target           jsontext.Value `json:"target"`
		NewPerDay        *int           `json:"new_per_day"`
		DesiredRetention *float64       `json:"desired_retention"`
		Locked           *bool          `json:"locked"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.BankID == nil || *in.BankID == 0 {
		return errBadRequest("bank_id", "bank_id is missing")
	}
	// Which fields were sent, null included: an absent one is kept.
	var sent map[string]json.RawMessage
	if err := json.Unmarshal(c.Body(), &sent); err != nil {
		return errBadRequest("", "the body must be a JSON object")
	}
	has := func(k string) bool { _, ok := sent[k]; return ok }
	target, err := targetMastered(in.Target)
	if err != nil {
		return err
	}
	ai := assignInput{ClassID: id, BankID: *in.BankID, TargetMastered: target, NewPerDay: in.NewPerDay,
		DesiredRetention: in.DesiredRetention, Locked: in.Locked != nil && *in.Locked,
		HasDue: has("due_at"), HasTarget: has("target"), HasNew: has("new_per_day"), HasRetention: has("desired_retention"), HasLocked: has("locked")}
	if in.DueAt != nil {
		if ai.DueAt = strings.TrimSpace(*in.DueAt); ai.DueAt == "" {
			return errInvalid("due_at", "due_at: is empty: give a date as YYYY-MM-DD, or null for no due date")
		}
	}
	u := currentUser(c)
	cl, x, err := a.setAssignment(c, u, ai)
	if err != nil {
		return err
	}
	return c.JSON(struct {
		classJSON
		Assignment assignmentJSON `json:"assignment"`
	}{classView(u, cl), assignmentView(x)})
}
