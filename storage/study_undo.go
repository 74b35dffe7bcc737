package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"quizd/questions/srs"
)

// Undone is what undoing an answer restored.
type Undone struct {
	ReviewID   uint
	QuestionID string
	// Card is the card as it was before the answer; for an answer to a
	// new card, a new card again (Seen is false: the student has no card).
	Card srs.Card
	Seen bool
}

// LatestReview returns the id of a student's latest answer in a bank, the
// one Undo would take back, or ErrNotFound when there is none.
func (s *Store) LatestReview(ctx context.Context, userID, bankID uint) (uint, error) {
	var rv reviewRow
	err := s.read(ctx).Select("id").Where("user_id = ? AND bank_id = ?", userID, bankID).Order("id DESC").Take(&rv).Error
	if err != nil {
		return 0, fmt.Errorf("storage: latest review in bank %d: %w", bankID, notFound(err))
	}
	return rv.ID, nil
}

// Undo takes back a student's answer: the card returns to its state before
// it (an answer to a new card leaves no card at all) and the review row is
// deleted, so that no report or count of the day sees it. Only the
// student's latest answer in its bank can be undone, and only while the
// card is as that answer left it: otherwise ErrConflict. Another
// student's answer is ErrNotFound.
func (s *Store) Undo(ctx context.Context, userID, reviewID uint, now time.Time) (*Undone, error) {
	out := &Undone{ReviewID: reviewID}
	_, err := s.writeStudy(ctx, userID, func(tx *gorm.DB) error {
		var rv reviewRow
		if err := tx.Where("id = ? AND user_id = ?", reviewID, userID).Take(&rv).Error; err != nil {
			return notFound(err)
		}
		var latest reviewRow
		if err := tx.Select("id").Where("user_id = ? AND bank_id = ?", userID, rv.BankID).Order("id DESC").Take(&latest).Error; err != nil {
			return err
		}
		if latest.ID != rv.ID {
			return ErrConflict
		}
		var card cardRow
		if err := tx.Take(&card, rv.CardID).Error; err != nil {
			return notFound(err)
		}
		if card.St.Reps != rv.After.Reps {
			return ErrConflict
		}
		var qr questionRow
		if err := tx.Select("id, qid").Take(&qr, rv.QuestionID).Error; err != nil {
			return err
		}
		out.QuestionID = qr.QID
		if err := tx.Delete(&reviewRow{}, rv.ID).Error; err != nil {
			return err
		}
		var prev reviewRow
		err := tx.Select("id, rating").Where("card_id = ?", card.ID).Order("id DESC").Take(&prev).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
			// The answer made the card: without it the student never saw it.
			out.Card = srs.NewCard(now.UTC())
			return tx.Delete(&cardRow{}, card.ID).Error
		case err != nil:
			return err
		}
		res := tx.Model(&cardRow{}).Where("id = ? AND reps = ?", card.ID, card.St.Reps).Select("*").
			Updates(&cardRow{ID: card.ID, UserID: card.UserID, BankID: card.BankID, QuestionID: card.QuestionID,
				St: rv.Before, LastRating: prev.Rating, Leech: srs.IsLeech(rv.Before.card()), UpdatedAt: now.UTC()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrConflict
		}
		out.Card, out.Seen = rv.Before.card(), true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: undo review %d: %w", reviewID, err)
	}
	return out, nil
}
