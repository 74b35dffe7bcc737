// Package assign holds the rules of a bank assigned to a class: when a
// student is on track for its due date, how far a deadline raises the
// day's new-card limit, and which pace applies when the student, and
// several classes, each say something about the same bank. Every rule is a
// pure function of its inputs, now included.
package assign

import (
	"fmt"
	"math"
	"time"

	"quizd/questions/srs"
)

// MaxNewPerDay caps the new-card limit a deadline raises: past it a
// student is told they are behind rather than given more than a day's
// work.
const MaxNewPerDay = 100

// Limits of a class's pace for a bank, the same as a student's settings.
const (
	MinRetention = 0.70
	MaxRetention = 0.99
	MaxNewCards  = 9999
)

// Assignment is a bank assigned to a class, as the rules see it.
type Assignment struct {
	AssignedAt time.Time
	// DueAt is when the target is due; nil for no due date.
	DueAt *time.Time
	// TargetMastered is how many questions to master; 0 means see every
	// question.
	TargetMastered int
}

// Progress is one student's work in an assigned bank.
type Progress struct {
	// Total is the bank's questions in study; Seen those the student has
	// studied at least once; Mastered those srs.Mastered counts.
	Total, Seen, Mastered int
}

// Goal is how many questions the target asks for: every question, or N
// mastered (never more than the bank has).
func (a Assignment) Goal(total int) int {
	if a.TargetMastered == 0 || a.TargetMastered > total {
		return total
	}
	return a.TargetMastered
}

// Done is how far the student is towards the goal: questions seen when
// the target is every question, mastered ones otherwise.
func (a Assignment) Done(p Progress) int {
	if a.TargetMastered == 0 {
		return p.Seen
	}
	return p.Mastered
}

// Status is where a student stands in an assignment.
type Status string

// The statuses, as a page shows them.
const (
	// Complete: the goal is reached.
	Complete Status = "complete"
	// OnTrack: done at least the share of the goal that the share of the
	// time elapsed asks for.
	OnTrack Status = "on track"
	// Behind: less done than the time elapsed asks for.
	Behind Status = "behind"
	// Overdue: the due date passed before the goal was reached.
	Overdue Status = "overdue"
	// NoDueDate: nothing to be on track for.
	NoDueDate Status = "no due date"
)

// StatusOf says whether a student is on track. On track means: the work
// done is at least the goal times the share of the time from assigning to
// the due date that has passed, rounded down (half the time gone, half the
// questions seen, or mastered; an hour in, nothing yet). An assignment whose due date came before
// it was assigned asks for everything at once.
func StatusOf(a Assignment, p Progress, now time.Time) Status {
	goal, done := a.Goal(p.Total), a.Done(p)
	switch {
	case done >= goal:
		return Complete
	case a.DueAt == nil:
		return NoDueDate
	case !now.Before(*a.DueAt):
		return Overdue
	}
	if done >= Expected(a, goal, now) {
		return OnTrack
	}
	return Behind
}

// Expected is how much of goal should be done by now: the goal times the
// share of the assignment's time that has passed, rounded down.
func Expected(a Assignment, goal int, now time.Time) int {
	if a.DueAt == nil {
		return 0
	}
	span := a.DueAt.Sub(a.AssignedAt)
	if span <= 0 || !now.Before(*a.DueAt) {
		return goal
	}
	share := float64(now.Sub(a.AssignedAt)) / float64(span)
	share = math.Max(0, math.Min(1, share))
	// A whisker above, so that 0.3 of 10 is 3, not 2.
	return int(math.Floor(float64(goal)*share + 1e-9))
}

// Deadline is a due date by which a number of questions must have been
// seen at least once.
type Deadline struct {
	DueAt time.Time
	// TargetMastered as in Assignment: 0 asks to see every question, N to
	// see at least N (a question is mastered only once seen).
	TargetMastered int
}

// DaysLeft counts the study days from the one that began at dayStart to
// the due date, today included: 1 when it is due before tomorrow, 0 when it
// is past.
func DaysLeft(dayStart, due time.Time) int {
	if !due.After(dayStart) {
		return 0
	}
	return int(math.Ceil(float64(due.Sub(dayStart)) / float64(24*time.Hour)))
}

// ToSee is how many questions a deadline still asks to be seen, counting
// from the day's start: unseen is the questions not seen before today,
// seen those seen before today.
func (d Deadline) ToSee(unseen, seen int) int {
	if d.TargetMastered == 0 {
		return unseen
	}
	return max(0, min(unseen, d.TargetMastered-seen))
}

// NewLimit is the day's new-card limit: the setting, raised to what the
// deadlines need to see their questions in time (the questions still to
// see spread evenly over the days left), but never past MaxNewPerDay. A
// deadline already past raises nothing. raised says whether a deadline
// raised it.
func NewLimit(setting int, deadlines []Deadline, unseen, seen int, dayStart time.Time) (limit int, raised bool) {
	limit = setting
	for _, d := range deadlines {
		days := DaysLeft(dayStart, d.DueAt)
		if days == 0 {
			continue
		}
		toSee := d.ToSee(unseen, seen)
		need := min((toSee+days-1)/days, MaxNewPerDay)
		if need > limit {
			limit, raised = need, true
		}
	}
	return limit, raised
}

// Policy is a class's pace for a bank. A nil field leaves it to the
// student; Locked makes the set fields binding.
type Policy struct {
	NewPerDay        *int
	DesiredRetention *float64
	Locked           bool
}

// Validate checks a policy's values against the limits of a student's
// settings, naming the field that is wrong.
func (p Policy) Validate() error {
	if p.NewPerDay != nil && (*p.NewPerDay < 0 || *p.NewPerDay > MaxNewCards) {
		return &FieldError{Field: "new_per_day", Msg: fmt.Sprintf("must be a whole number from 0 to %d, not %d", MaxNewCards, *p.NewPerDay)}
	}
	if r := p.DesiredRetention; r != nil && (math.IsNaN(*r) || *r < MinRetention || *r > MaxRetention) {
		return &FieldError{Field: "desired_retention", Msg: fmt.Sprintf("must be from %.2f to %.2f, not %v", MinRetention, MaxRetention, *r)}
	}
	if p.Locked && p.NewPerDay == nil && p.DesiredRetention == nil {
		return &FieldError{Field: "locked", Msg: "there is nothing to lock: give new_per_day or desired_retention with it"}
	}
	return nil
}

// Choice is a student's own pace for one bank; a nil field is not chosen.
type Choice struct {
	NewPerDay        *int
	DesiredRetention *float64
}

// Pace is the settings that apply to one student in one bank, and which
// of them a class locks.
type Pace struct {
	srs.Settings
	NewPerDayLocked, RetentionLocked bool
}

// Effective is the pace for one student in one bank. Each setting on its
// own: a value some class locks wins (the highest, when several lock it:
// more new cards meets every class's pace, higher retention every class's
// standard); else the student's choice for this bank; else a class's
// default (the highest again); else the student's own settings.
func Effective(own srs.Settings, mine Choice, classes []Policy) Pace {
	out := Pace{Settings: own}
	var lockedN, defaultN *int
	var lockedR, defaultR *float64
	for _, p := range classes {
		if p.Locked {
			lockedN, lockedR = maxPtr(lockedN, p.NewPerDay), maxPtr(lockedR, p.DesiredRetention)
		} else {
			defaultN, defaultR = maxPtr(defaultN, p.NewPerDay), maxPtr(defaultR, p.DesiredRetention)
		}
	}
	out.NewPerDay, out.NewPerDayLocked = pick(own.NewPerDay, lockedN, mine.NewPerDay, defaultN)
	out.DesiredRetention, out.RetentionLocked = pick(own.DesiredRetention, lockedR, mine.DesiredRetention, defaultR)
	return out
}

// pick is the first value set of locked, chosen and default, else own.
func pick[T any](own T, locked, chosen, def *T) (T, bool) {
	switch {
	case locked != nil:
		return *locked, true
	case chosen != nil:
		return *chosen, false
	case def != nil:
		return *def, false
	}
	return own, false
}

func maxPtr[T int | float64](a, b *T) *T {
	if a == nil || b != nil && *b > *a {
		return b
	}
	return a
}

// FieldError is a value out of its range, with the field it is in.
type FieldError struct {
	Field, Msg string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Msg }

// ParseDue reads a due date: an RFC 3339 time, or a day as YYYY-MM-DD,
// due at the end of that day in loc (the start of the next one).
func ParseDue(s string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, &FieldError{Field: "due_at", Msg: fmt.Sprintf("must be a date, not %q: write it as YYYY-MM-DD or as an RFC 3339 time like 2026-05-01T17:00:00Z", clip(s))}
	}
	return d.AddDate(0, 0, 1).UTC(), nil
}

// clip shortens a value quoted back in a message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
