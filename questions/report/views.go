package report

import (
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

// ProgressRow is one student's progress on one question; c is nil for a
// question they have not studied.
func ProgressRow(student string, q Question, c *Card, now time.Time) []any {
	if c == nil {
		return []any{student, q.ID, q.Topic, q.Prompt, "new", 0, 0, "", nil, nil, nil, nil}
	}
	rating := ""
	if c.LastRating >= srs.Again {
		rating = strings.ToLower(srs.RatingName(c.LastRating))
	}
	return []any{student, q.ID, q.Topic, q.Prompt, srs.StateName(c.State), c.Reps, c.Lapses, rating,
		c.LastReview, c.Due, round(c.Stability, 3), round(Retrievability(*c, now), 4)}
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

// SummaryRow is one student's summary.
func SummaryRow(student string, s Summary) []any {
	row := []any{student, s.Seen, s.Mastered, s.DueNow, round(s.Accuracy, 4), s.Answers30, round(s.Retention, 4),
		s.RetentionCount, round(s.TimeSpent.Minutes(), 2), s.LastActive}
	for _, m := range s.Mastery {
		row = append(row, round(m, 4))
	}
	return row
}

// ItemColumns are the columns of the item analysis.
var ItemColumns = []Column{
	{"question_id", TextKind}, {"topic", TextKind}, {"prompt", TextKind}, {"students", IntKind}, {"attempts", IntKind},
	{"first_try_right", FloatKind}, {"avg_lapses", FloatKind}, {"discrimination", FloatKind}, {"leeches", IntKind},
	{"common_wrong", ListKind}, {"status", TextKind},
}

// ItemRow is one question's analysis.
func ItemRow(q Question, it Item) []any {
	wrong := it.CommonWrong
	if wrong == nil {
		wrong = Responses{}
	}
	status := "active"
	if q.Retired {
		status = "retired"
	}
	return []any{q.ID, q.Topic, q.Prompt, it.Students, it.Attempts, round(it.FirstTryRight, 4), round(it.AvgLapses, 3), round(it.Discrimination, 4), it.Leeches, wrong, status}
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
