// Package srs holds the spaced-repetition rules: FSRS-6 scheduling of one
// card from its state, the time and a rating, the rating a graded answer
// earns, and the student's settings. Everything here is a pure function of
// its arguments: the time is always passed in.
package srs

import (
	"errors"
	"fmt"
	"math"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v4"

	"quizd/questions"
)

// Rating is how well a card was recalled: Again, Hard, Good or Easy.
type Rating = fsrs.Rating

// The ratings.
const (
	Again = fsrs.Again
	Hard  = fsrs.Hard
	Good  = fsrs.Good
	Easy  = fsrs.Easy
)

// Ratings lists the four ratings in button order.
var Ratings = []Rating{Again, Hard, Good, Easy}

// State is where a card is in its life: new, learning, review, relearning.
type State = fsrs.State

// The card states.
const (
	New        = fsrs.New
	Learning   = fsrs.Learning
	Review     = fsrs.Review
	Relearning = fsrs.Relearning
)

// StateName names a state in lower case, as reports and the API write it.
func StateName(s State) string {
	switch s {
	case New:
		return "new"
	case Learning:
		return "learning"
	case Review:
		return "review"
	case Relearning:
		return "relearning"
	}
	return "unknown"
}

// RatingName names a rating as its button does.
func RatingName(r Rating) string { return r.String() }

// Card is the full FSRS state of one question for one student, with the
// days elapsed between its last two reviews.
type Card struct {
	fsrs.Card
	ElapsedDays float64
}

// NewCard is the state of a question never studied.
func NewCard(now time.Time) Card { return Card{Card: fsrs.NewCard(now)} }

// Settings are a student's choices for their schedule.
type Settings struct {
	DesiredRetention float64 `json:"desired_retention"`
	NewPerDay        int     `json:"new_per_day"`
}

// DefaultSettings are the settings of a new student.
var DefaultSettings = Settings{DesiredRetention: 0.9, NewPerDay: 20}

// SettingsError names the setting that is out of range.
type SettingsError struct{ Field, Msg string }

func (e *SettingsError) Error() string { return e.Field + ": " + e.Msg }

// Validate checks the settings are in their ranges: desired retention from
// 0.70 to 0.99, new cards per day from 0 to 9999.
func (s Settings) Validate() error {
	if math.IsNaN(s.DesiredRetention) || s.DesiredRetention < 0.70 || s.DesiredRetention > 0.99 {
		return &SettingsError{"desired_retention", fmt.Sprintf("must be from 0.70 to 0.99, not %v", s.DesiredRetention)}
	}
	if s.NewPerDay < 0 || s.NewPerDay > 9999 {
		return &SettingsError{"new_per_day", fmt.Sprintf("must be from 0 to 9999, not %d", s.NewPerDay)}
	}
	return nil
}

// Scheduler applies FSRS-6 with one student's desired retention.
type Scheduler struct {
	f *fsrs.FSRS
	p fsrs.Parameters
}

// NewScheduler makes a scheduler for a desired retention, without fuzz:
// its intervals are exact, as tests assert them.
func NewScheduler(retention float64) *Scheduler {
	p := fsrs.DefaultParam()
	p.RequestRetention = retention
	return &Scheduler{f: fsrs.NewFSRS(p), p: p}
}

// Fuzzed is the same scheduler with interval fuzz on, as a server runs
// it: intervals of 2.5 days or more move by a few percent, so that a class
// that starts together does not get its reviews on the same days. The
// fuzz is seeded by the time, the reps and the card's memory state, so it
// stays a pure function of its arguments.
func (s *Scheduler) Fuzzed() *Scheduler {
	p := s.p
	p.EnableFuzz = true
	return &Scheduler{f: fsrs.NewFSRS(p), p: p}
}

// ErrRating is returned for a rating that is not 1 to 4.
var ErrRating = errors.New("rating must be 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")

// Outcome is what a rating does to a card.
type Outcome struct {
	Card     Card
	Interval time.Duration // from now until the card is due again
}

// Apply returns the card's state after a review with rating at now.
func (s *Scheduler) Apply(c Card, now time.Time, r Rating) (Outcome, error) {
	if r < Again || r > Easy {
		return Outcome{}, ErrRating
	}
	// A clock that went back must not make the library refuse the card.
	if c.LastReview.After(now) {
		now = c.LastReview
	}
	info, err := s.f.Next(c.Card, now, r)
	if err != nil {
		return Outcome{}, fmt.Errorf("srs: schedule: %w", err)
	}
	next := Card{Card: info.Card}
	if !c.LastReview.IsZero() {
		next.ElapsedDays = now.Sub(c.LastReview).Hours() / 24
	}
	return Outcome{Card: next, Interval: info.Card.Due.Sub(now)}, nil
}

// Preview returns the outcome of each rating, for the buttons that show
// the interval they would give.
func (s *Scheduler) Preview(c Card, now time.Time) (map[Rating]Outcome, error) {
	out := make(map[Rating]Outcome, 4)
	for _, r := range Ratings {
		o, err := s.Apply(c, now, r)
		if err != nil {
			return nil, err
		}
		out[r] = o
	}
	return out, nil
}

// Retrievability is the estimated chance of recalling the card at now.
func (s *Scheduler) Retrievability(c Card, now time.Time) float64 {
	r, err := s.f.Retrievability(c.Card, now)
	if err != nil {
		return 0
	}
	return r
}

// RatingFromGrade turns a graded answer into a rating: a wrong answer is
// Again; a right one Good, or Easy when it came quickly for a type that
// asks the student to recall the answer. A right answer to a type that
// only asks to recognise it (true/false, multiple choice) is never Easy:
// a lucky guess is as quick as knowing; nor is one accepted with a typo,
// which is not yet known for sure.
func RatingFromGrade(correct, typo bool, took time.Duration, t questions.Type) Rating {
	r, _ := RatingWhy(correct, typo, took, t)
	return r
}

// Why a graded answer earned its rating.
const (
	WhyWrong       = "wrong"       // Again
	WhyRecognition = "recognition" // Good: a recognition type is never Easy
	WhyQuick       = "quick"       // Easy: a recall type answered quickly
	WhySlow        = "slow"        // Good: a recall type not answered quickly
	WhyTypo        = "typo"        // Good: right but for a typo, never Easy
)

// RatingWhy is RatingFromGrade with the reason for the rating (one of the
// Why constants).
func RatingWhy(correct, typo bool, took time.Duration, t questions.Type) (Rating, string) {
	switch {
	case !correct:
		return Again, WhyWrong
	case Recognition(t):
		return Good, WhyRecognition
	case typo:
		return Good, WhyTypo
	case took > 0 && took <= QuickFor(t):
		return Easy, WhyQuick
	}
	return Good, WhySlow
}

// Recognition reports whether a type only asks to recognise the answer
// among those shown, so that a guess can be right.
func Recognition(t questions.Type) bool {
	return t == questions.TrueFalse || t == questions.MultipleChoice
}

// QuickFor is how fast a right answer to a recall type must come to count
// as easy: typing is quicker than ordering or matching.
func QuickFor(t questions.Type) time.Duration {
	switch t {
	case questions.ShortAnswer, questions.Cloze, questions.Flashcard:
		return 8 * time.Second
	}
	return 15 * time.Second
}

// LeechLapses is how many lapses make a card a leech: it is set aside
// (suspended) for its student, who is better served by rewriting or
// asking about it than by seeing it again.
const LeechLapses = 8

// IsLeech reports whether a card has lapsed often enough to be a leech.
func IsLeech(c Card) bool { return c.Lapses >= LeechLapses }

// SetAsideFails is how many Again answers to one card in one day set it
// aside until the next day: seeing it an eleventh time in a sitting does
// not help.
const SetAsideFails = 3

// FormatInterval writes an interval as a button label: "1m", "10m", "3h",
// "4d", "2mo", "1.5y".
func FormatInterval(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "<1m"
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(math.Round(d.Minutes())))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh", int(math.Round(d.Hours())))
	}
	days := d.Hours() / 24
	switch {
	case days < 30:
		return fmt.Sprintf("%dd", int(math.Round(days)))
	case days < 365:
		return fmt.Sprintf("%dmo", int(math.Round(days/30)))
	}
	y := math.Round(days/365*10) / 10
	if y == math.Trunc(y) {
		return fmt.Sprintf("%dy", int(y))
	}
	return fmt.Sprintf("%.1fy", y)
}

// Mastered reports whether a card counts as mastered: stability of 21
// days or more, so that it would be recalled three weeks on at the
// desired retention.
func Mastered(c Card) bool { return c.State == Review && c.Stability >= 21 }

// LearnAhead is how far ahead a learning card may be shown early when
// nothing else is due, so that a session does not stall on a one-minute
// step.
const LearnAhead = 20 * time.Minute
