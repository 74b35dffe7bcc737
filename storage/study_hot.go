package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// The answer's statements, in plain database/sql: on the study loop's hot
// path GORM's reflection (building the statement, converting each field)
// cost more than SQLite's own work, and inside the committer every
// microsecond is taken from every other writer. The columns are those of
// cardRow and reviewRow (rows.go); TestAnswerStatementsMatchTheRows keeps
// them in step.

// cardStateColumns are cardState's columns, in its fields' order.
const cardStateColumns = "state, due, stability, difficulty, elapsed_days, scheduled_days, reps, lapses, last_review, remaining_steps"

// cardStateArgs are st's values, in cardStateColumns' order.
func cardStateArgs(st *cardState) []any {
	return []any{st.State, st.Due, st.Stability, st.Difficulty, st.ElapsedDays, st.ScheduledDays, st.Reps, st.Lapses, st.LastReview, st.RemainingSteps}
}

// cardStateDests are the scan destinations of st, in cardStateColumns' order.
func cardStateDests(st *cardState) []any {
	return []any{&st.State, &st.Due, &st.Stability, &st.Difficulty, &st.ElapsedDays, &st.ScheduledDays, &st.Reps, &st.Lapses, &st.LastReview, &st.RemainingSteps}
}

const (
	// cardColumns are cardRow's columns, in the order of cardRowDests.
	cardColumns   = "id, user_id, bank_id, question_id, " + cardStateColumns + ", last_rating, leech, updated_at"
	readCardSQL   = "SELECT " + cardColumns + " FROM cards WHERE user_id = ? AND question_id = ?"
	insertCardSQL = "INSERT INTO cards (user_id, bank_id, question_id, " + cardStateColumns + ", last_rating, leech, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
	// updateCardSQL changes the card only while its reps are those the
	// answer was scheduled from and its question is still studied.
	updateCardSQL = "UPDATE cards SET state = ?, due = ?, stability = ?, difficulty = ?, elapsed_days = ?, scheduled_days = ?, reps = ?, lapses = ?, last_review = ?, remaining_steps = ?, " +
		"last_rating = ?, leech = ?, updated_at = ? WHERE id = ? AND reps = ? AND EXISTS (SELECT 1 FROM questions WHERE questions.id = ? AND questions.retired = FALSE)"
	insertReviewSQL = "INSERT INTO reviews (user_id, bank_id, question_id, card_id, rating, correct, response, response_ms, reviewed_at, question_version, " +
		"before_state, before_due, before_stability, before_difficulty, before_elapsed_days, before_scheduled_days, before_reps, before_lapses, before_last_review, before_remaining_steps, " +
		"after_state, after_due, after_stability, after_difficulty, after_elapsed_days, after_scheduled_days, after_reps, after_lapses, after_last_review, after_remaining_steps) " +
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"
	questionStudiedSQL = "SELECT COUNT(*) FROM questions WHERE id = ? AND retired = FALSE"
)

// sqlTx is the database/sql transaction a write runs in (the committer's,
// or the one Store.write opens without it).
func sqlTx(tx *gorm.DB) (*sql.Tx, error) {
	if t, ok := tx.Statement.ConnPool.(*sql.Tx); ok {
		return t, nil
	}
	return nil, fmt.Errorf("storage: a write outside a transaction (%T)", tx.Statement.ConnPool)
}

// translate gives a driver's error as GORM's (gorm.ErrDuplicatedKey for a
// unique index), as GORM's own statements give it.
func translate(tx *gorm.DB, err error) error {
	if t, ok := tx.Dialector.(gorm.ErrorTranslator); ok && err != nil {
		return t.Translate(err)
	}
	return err
}

// readCard reads a student's card of a question; ok is false when there
// is none.
func (s *Store) readCard(ctx context.Context, userID, questionID uint, card *cardRow) (ok bool, err error) {
	err = s.rdb.QueryRowContext(ctx, s.rawSQL(readCardSQL), userID, questionID).Scan(cardRowDests(card)...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	card.inUTC()
	return true, nil
}

// cardRowDests are the scan destinations of card, in cardColumns' order.
func cardRowDests(card *cardRow) []any {
	dests := append([]any{&card.ID, &card.UserID, &card.BankID, &card.QuestionID}, cardStateDests(&card.St)...)
	return append(dests, &card.LastRating, &card.Leech, &card.UpdatedAt)
}

// inUTC puts a scanned card's times in UTC, as GORM reads them.
func (card *cardRow) inUTC() {
	card.St.Due, card.UpdatedAt = card.St.Due.UTC(), card.UpdatedAt.UTC()
	if card.St.LastReview != nil {
		t := card.St.LastReview.UTC()
		card.St.LastReview = &t
	}
}

// writeAnswer is the answer's write: the card inserted (isNew) or updated
// from the reps it was scheduled from, then the review appended. It
// gives ErrNotFound when the question is no longer studied, ErrConflict
// when the card was answered in between.
func (s *Store) writeAnswer(tx *gorm.DB, isNew bool, card *cardRow, beforeReps uint64, review *reviewRow) error {
	ctx := tx.Statement.Context
	t, err := sqlTx(tx)
	if err != nil {
		return err
	}
	studied := func() error {
		var n int64
		if err := t.QueryRowContext(ctx, s.rawSQL(questionStudiedSQL), card.QuestionID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		return nil
	}
	if isNew {
		if err := studied(); err != nil {
			return err
		}
		args := append([]any{card.UserID, card.BankID, card.QuestionID}, cardStateArgs(&card.St)...)
		args = append(args, card.LastRating, card.Leech, card.UpdatedAt)
		id, err := s.insertReturningID(ctx, t, insertCardSQL, args)
		if err != nil {
			if errors.Is(translate(tx, err), gorm.ErrDuplicatedKey) {
				return ErrConflict // a first answer came in between
			}
			return err
		}
		card.ID = uint(id)
	} else {
		args := append(cardStateArgs(&card.St), card.LastRating, card.Leech, card.UpdatedAt, card.ID, beforeReps, card.QuestionID)
		res, err := t.ExecContext(ctx, s.rawSQL(updateCardSQL), args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			// Answered in between, or retired: say which.
			if err := studied(); err != nil {
				return err
			}
			return ErrConflict
		}
	}
	review.CardID = card.ID
	args := []any{review.UserID, review.BankID, review.QuestionID, review.CardID, review.Rating, review.Correct, review.Response, review.ResponseMS, review.ReviewedAt, review.QuestionVersion}
	args = append(args, cardStateArgs(&review.Before)...)
	args = append(args, cardStateArgs(&review.After)...)
	id, err := s.insertReturningID(ctx, t, insertReviewSQL, args)
	if err != nil {
		return err
	}
	review.ID = uint(id)
	return nil
}

// insertReturningID runs an INSERT … RETURNING id and gives the id: on
// SQLite as a plain statement and its last rowid, which spares the driver
// the rows of a query.
func (s *Store) insertReturningID(ctx context.Context, t *sql.Tx, stmt string, args []any) (int64, error) {
	if s.kind == SQLite {
		res, err := t.ExecContext(ctx, strings.TrimSuffix(stmt, " RETURNING id"), args...)
		if err != nil {
			return 0, err
		}
		return res.LastInsertId()
	}
	var id int64
	err := t.QueryRowContext(ctx, s.rawSQL(stmt), args...).Scan(&id)
	return id, err
}
