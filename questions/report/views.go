package report

import (
	"math"
	"strings"
	"time"

	"quizd/questions"
	"quizd/questions/srs"
)

// Question is what a report shows of a question.
type Question struct {
	ID, Topic, Prompt string
	// Retired questions are no longer studied; the item analysis keeps
	// those that were answered, so that their history stays in reports.
	Retired bool
}

// ProgressColumns are the columns of the per-student, per-question report.
var ProgressColumns = []Column{
	{"student", TextKind}, {"question_id", TextKind}, {"topic", TextKind}, {"prompt", TextKind},
	{"state", TextKind}, {"reps", IntKind}, {"lapses", IntKind}, {"last_rating", TextKind},
	{"last_review", TimeKind}, {"due", TimeKind}, {"stability", FloatKind}, {"retrievability", FloatKind},
}

// ProgressCells is one student's progress on one question, written over
// dst; c is nil for a question they have not studied.
func ProgressCells(dst []Cell, student string, q Question, c *Card, now time.Time) []Cell {
	dst = append(dst[:0], TextCell(student), TextCell(q.ID), TextCell(q.Topic), TextCell(q.Prompt))
	if c == nil {
		return append(dst, TextCell("new"), IntCell(0), IntCell(0), TextCell(""), TimeCell(time.Time{}), TimeCell(time.Time{}),
			FloatCell(math.NaN()), FloatCell(math.NaN()))
	}
	return append(dst, TextCell(srs.StateName(c.State)), IntCell(int64(c.Reps)), IntCell(int64(c.Lapses)), TextCell(ratingName(c.LastRating)),
		TimeCell(c.LastReview), TimeCell(c.Due), FloatCell(round(c.Stability, 3)), FloatCell(round(Retrievability(*c, now), 4)))
}

// ratingNames are the ratings' names as the progress report writes them,
// made once rather than on each of a million rows.
var ratingNames = func() map[srs.Rating]string {
	m := map[srs.Rating]string{}
	for _, r := range []srs.Rating{srs.Again, srs.Hard, srs.Good, srs.Easy} {
		m[r] = strings.ToLower(srs.RatingName(r))
	}
	return m
}()

// ratingName is a card's last rating in lower case; empty for none.
func ratingName(r srs.Rating) string {
	if r < srs.Again {
		return ""
	}
	if name, ok := ratingNames[r]; ok {
		return name
	}
	return strings.ToLower(srs.RatingName(r))
}

// SummaryColumns are the columns of the per-student summary of a class,
// with one mastery column per topic.
func SummaryColumns(topics []Topic) []Column {
	cols := []Column{
		{"student", TextKind}, {"questions_seen", IntKind}, {"mastered", IntKind}, {"due_now", IntKind},
		{"accuracy_30d", FloatKind}, {"answers_30d", IntKind}, {"true_retention", FloatKind}, {"retention_reviews", IntKind},
		{"time_spent_minutes", FloatKind}, {"last_active", TimeKind},
	}
	for _, t := range topics {
		cols = append(cols, Column{"mastery_" + strings.ReplaceAll(questions.Slugify(t.Name), "-", "_"), FloatKind})
	}
	return cols
}

// SummaryCells is one student's summary, written over dst.
func SummaryCells(dst []Cell, student string, s Summary) []Cell {
	dst = append(dst[:0], TextCell(student), IntCell(int64(s.Seen)), IntCell(int64(s.Mastered)), IntCell(int64(s.DueNow)),
		FloatCell(round(s.Accuracy, 4)), IntCell(int64(s.Answers30)), FloatCell(round(s.Retention, 4)), IntCell(int64(s.RetentionCount)),
		FloatCell(round(s.TimeSpent.Minutes(), 2)), TimeCell(s.LastActive))
	for _, m := range s.Mastery {
		dst = append(dst, FloatCell(round(m, 4)))
	}
	return dst
}

// ItemColumns are the columns of the item analysis.
var ItemColumns = []Column{
	{"question_id", TextKind}, {"topic", TextKind}, {"prompt", TextKind}, {"students", IntKind}, {"attempts", IntKind},
	{"first_try_right", FloatKind}, {"avg_lapses", FloatKind}, {"discrimination", FloatKind}, {"leeches", IntKind},
	{"common_wrong", ListKind}, {"status", TextKind},
}

// ItemCells is one question's analysis, written over dst.
func ItemCells(dst []Cell, q Question, it Item) []Cell {
	wrong := it.CommonWrong
	if wrong == nil {
		wrong = Responses{}
	}
	status := "active"
	if q.Retired {
		status = "retired"
	}
	return append(dst[:0], TextCell(q.ID), TextCell(q.Topic), TextCell(q.Prompt), IntCell(int64(it.Students)), IntCell(int64(it.Attempts)),
		FloatCell(round(it.FirstTryRight, 4)), FloatCell(round(it.AvgLapses, 3)), FloatCell(round(it.Discrimination, 4)), IntCell(int64(it.Leeches)),
		ListCell(wrong), TextCell(status))
}

// round keeps a figure readable; NaN stays NaN (an empty cell).
func round(x float64, digits int) float64 {
	if x != x {
		return x
	}
	p := 1.0
	for range digits {
		p *= 10
	}
	r := float64(int64(x*p+0.5*sign(x))) / p
	return r
}

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}
