package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"quizd/questions/report"
	"quizd/questions/srs"
)

// The facts of a page of students are read through database/sql into
// reused variables, not through GORM's reflection: a class report of
// thousands of students reads millions of cards and answers.

// inList is "(?,?,…)" with n placeholders.
func inList(n int) string {
	return "(?" + strings.Repeat(",?", n-1) + ")"
}

// bankAndIDs are a query's arguments: a bank, then the ids of its IN list.
func bankAndIDs(bankID uint, ids []uint) []any {
	args := make([]any, 0, len(ids)+2)
	args = append(args, bankID)
	for _, id := range ids {
		args = append(args, id)
	}
	return args
}

// reportQuery runs a query of the read pool for a report, written for
// SQLite and rewritten for the store's database (rawSQL).
func (s *Store) reportQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	db, err := s.r.DB()
	if err != nil {
		return nil, err
	}
	return db.QueryContext(ctx, s.rawSQL(query), args...)
}

// studentCards reads the cards of a page of students in a bank into their
// facts, by question id; retired questions' cards are left out.
func (s *Store) studentCards(ctx context.Context, bankID uint, ids []uint, facts map[uint]*StudentFacts) error {
	args := append(bankAndIDs(bankID, ids), false)
	rs, err := s.reportQuery(ctx, "SELECT cards.user_id, questions.qid, questions.topic, cards.state, cards.stability, cards.reps, cards.lapses, "+
		"likely(cards.due), likely(cards.last_review), cards.last_rating FROM cards JOIN questions ON questions.id = cards.question_id "+
		"WHERE cards.bank_id = ? AND cards.user_id IN "+inList(len(ids))+" AND questions.retired = ?", args...)
	if err != nil {
		return fmt.Errorf("storage: report cards: %w", err)
	}
	defer rs.Close()
	var qid, topic string
	var userID, state, stability, reps, lapses, due, last, rating any
	for rs.Next() {
		if err := rs.Scan(&userID, &qid, &topic, &state, &stability, &reps, &lapses, &due, &last, &rating); err != nil {
			return fmt.Errorf("storage: report cards: %w", err)
		}
		f := facts[uint(intOf(userID))]
		if f == nil {
			continue
		}
		c := &report.Card{QuestionID: qid, Topic: topic, State: srs.State(intOf(state)), Stability: floatOf(stability),
			Reps: uint64(intOf(reps)), Lapses: uint64(intOf(lapses)), LastRating: srs.Rating(intOf(rating))}
		if c.Due, err = sqliteTime(due); err != nil {
			return fmt.Errorf("storage: report cards: due: %w", err)
		}
		if c.LastReview, err = sqliteTime(last); err != nil {
			return fmt.Errorf("storage: report cards: last review: %w", err)
		}
		f.Cards[qid] = c
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("storage: report cards: %w", err)
	}
	return nil
}

// studentAnswers reads the answers of a page of students in a bank into
// their facts, oldest first.
func (s *Store) studentAnswers(ctx context.Context, bankID uint, ids []uint, facts map[uint]*StudentFacts) error {
	args := bankAndIDs(bankID, ids)
	rs, err := s.reportQuery(ctx, "SELECT reviews.user_id, questions.qid, likely(reviews.reviewed_at), reviews.rating, reviews.correct, "+
		"reviews.before_state, reviews.response_ms, reviews.response FROM reviews JOIN questions ON questions.id = reviews.question_id "+
		"WHERE reviews.bank_id = ? AND reviews.user_id IN "+inList(len(ids))+" ORDER BY reviews.user_id, reviews.id", args...)
	if err != nil {
		return fmt.Errorf("storage: report answers: %w", err)
	}
	defer rs.Close()
	var qid string
	var userID, at, rating, correct, before, ms, response any
	for rs.Next() {
		if err := rs.Scan(&userID, &qid, &at, &rating, &correct, &before, &ms, &response); err != nil {
			return fmt.Errorf("storage: report answers: %w", err)
		}
		f := facts[uint(intOf(userID))]
		if f == nil {
			continue
		}
		a := report.Answer{QuestionID: qid, Rating: srs.Rating(intOf(rating)), BeforeState: srs.State(intOf(before)), ResponseMS: intOf(ms)}
		if a.At, err = sqliteTime(at); err != nil {
			return fmt.Errorf("storage: report answers: reviewed at: %w", err)
		}
		if a.Correct, err = boolOf(correct); err != nil {
			return fmt.Errorf("storage: report answers: correct: %w", err)
		}
		a.Response, _ = response.(string)
		f.Answers = append(f.Answers, a)
	}
	if err := rs.Err(); err != nil {
		return fmt.Errorf("storage: report answers: %w", err)
	}
	return nil
}

// boolOf is a nullable boolean column as database/sql would scan it into
// a *bool: NULL is nil, 1 and 0 are true and false.
func boolOf(v any) (*bool, error) {
	var b bool
	switch x := v.(type) {
	case nil:
		return nil, nil
	case bool:
		b = x
	case int64:
		if x != 0 && x != 1 {
			return nil, fmt.Errorf("%d is not a boolean", x)
		}
		b = x == 1
	default:
		return nil, fmt.Errorf("a %T is not a boolean", v)
	}
	return &b, nil
}
