package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// The modes a card is shown in.
const (
	// ModeQuiz asks for a response and grades it: the answer is shown
	// only once the card is answered.
	ModeQuiz = "quiz"
	// ModeFlashcard shows the prompt, then the answer on request, and the
	// student rates how well they recalled it.
	ModeFlashcard = "flashcard"
)

type servedCardRow struct {
	UserID     uint `gorm:"primaryKey"`
	BankID     uint `gorm:"primaryKey"`
	QuestionID uint `gorm:"primaryKey"`
	Reps       uint64
	Mode       string
	ServedAt   time.Time
	// Revealed: the back of the card, shown as a flashcard, was shown at
	// these reps. A new serve at other reps clears it.
	Revealed bool
}

func (servedCardRow) TableName() string { return "served_cards" }

// Served is how a card was last shown: in which mode, at how many reviews.
// The zero Served is a card never shown.
type Served struct {
	Mode string
	Reps uint64
	// Revealed: shown as a flashcard, its back was shown too.
	Revealed bool
}

// ShownAs is the mode a card is shown in when asked for in mode asked, at
// reps reviews. A card already shown at these reps keeps its mode until it
// is answered (which adds a review): a quiz question turned into a
// flashcard would show its answer without recording anything, and a
// flashcard whose back was shown can't become a quiz question to grade.
// A flashcard whose back was not shown has given nothing away: it may
// become a quiz question.
func ShownAs(prev Served, reps uint64, asked string) string {
	if prev.Mode == "" || prev.Reps != reps {
		return asked
	}
	if prev.Mode == ModeFlashcard && !prev.Revealed {
		return asked
	}
	return prev.Mode
}

// ServeCard records that a student's card is shown, at reps reviews, and
// returns the mode to show it in (ShownAs). Every process sees the same
// record, so a second browser or server changes nothing.
func (s *Store) ServeCard(ctx context.Context, userID, bankID, questionRowID uint, reps uint64, asked string, now time.Time) (string, error) {
	if asked != ModeQuiz && asked != ModeFlashcard {
		return "", fmt.Errorf("storage: serve card: no mode %q", asked)
	}
	var shown string
	err := s.writeUncached(ctx, func(tx *gorm.DB) error {
		var row servedCardRow
		err := tx.Where("user_id = ? AND bank_id = ? AND question_id = ?", userID, bankID, questionRowID).Take(&row).Error
		prev := Served{}
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
		case err != nil:
			return err
		default:
			prev = Served{Mode: row.Mode, Reps: row.Reps, Revealed: row.Revealed}
		}
		shown = ShownAs(prev, reps, asked)
		if prev.Mode == shown && prev.Reps == reps {
			return nil // as it was, revealed or not
		}
		row = servedCardRow{UserID: userID, BankID: bankID, QuestionID: questionRowID, Reps: reps, Mode: shown, ServedAt: now.UTC()}
		return tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error
	})
	if err != nil {
		return "", fmt.Errorf("storage: serve card %d to user %d: %w", questionRowID, userID, err)
	}
	return shown, nil
}

// ErrNotRevealed is returned for a self-rating of a card whose back was
// never shown at its current reps.
var ErrNotRevealed = errors.New("the card's answer was not shown")

// RevealCard records that the back of a student's card, shown as a
// flashcard at reps reviews, is shown. A card served otherwise (as a quiz
// question, or at other reps) gives ErrConflict: its answer stays hidden.
func (s *Store) RevealCard(ctx context.Context, userID, bankID, questionRowID uint, reps uint64) error {
	err := s.writeUncached(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&servedCardRow{}).
			Where("user_id = ? AND bank_id = ? AND question_id = ? AND reps = ? AND mode = ?", userID, bankID, questionRowID, reps, ModeFlashcard).
			Update("revealed", true)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrConflict
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("storage: reveal card %d to user %d: %w", questionRowID, userID, err)
	}
	return nil
}

// revealed reports whether the back of a card was shown at reps.
func revealed(tx *gorm.DB, userID, bankID, questionRowID uint, reps uint64) (bool, error) {
	var n int64
	err := tx.Model(&servedCardRow{}).
		Where("user_id = ? AND bank_id = ? AND question_id = ? AND reps = ? AND mode = ? AND revealed = ?", userID, bankID, questionRowID, reps, ModeFlashcard, true).
		Count(&n).Error
	return n > 0, err
}
