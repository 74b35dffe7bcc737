package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// cardHoldRow sets one student's card aside (migration 0013).
type cardHoldRow struct {
	UserID      uint `gorm:"primaryKey"`
	QuestionID  uint `gorm:"primaryKey"`
	BankID      uint
	Suspended   bool
	BuriedUntil *time.Time
	UpdatedAt   time.Time
}

func (cardHoldRow) TableName() string { return "card_holds" }

// Hold is how a student's card is set aside.
type Hold struct {
	QuestionID string
	Prompt     string
	Suspended  bool
	// BuriedUntil is set while the card is buried.
	BuriedUntil *time.Time
}

// notHeld keeps the questions (joined as "questions") that the student has
// neither suspended nor buried past now.
const notHeld = "NOT EXISTS (SELECT 1 FROM card_holds WHERE card_holds.user_id = ? AND card_holds.question_id = questions.id" +
	" AND (card_holds.suspended = ? OR card_holds.buried_until > ?))"

// unseenStudyable is unseen without the questions the student has set aside.
func (s *Store) unseenStudyable(db *gorm.DB, userID, bankID uint, now time.Time) *gorm.DB {
	return s.unseen(db, userID, bankID).Where(notHeld, userID, true, now.UTC())
}

// hold changes a student's hold on a question of a bank with change, in
// one transaction, and returns the hold as it is after.
func (s *Store) hold(ctx context.Context, userID, bankID uint, qid string, now time.Time, change func(*cardHoldRow)) (*Hold, error) {
	out := &Hold{QuestionID: qid}
	_, err := s.writeStudy(ctx, userID, func(tx *gorm.DB) error {
		var qr questionRow
		if err := tx.Select("id, prompt").Where("bank_id = ? AND qid = ? AND retired = ?", bankID, qid, false).Take(&qr).Error; err != nil {
			return notFound(err)
		}
		h := cardHoldRow{UserID: userID, QuestionID: qr.ID, BankID: bankID}
		if err := tx.Where("user_id = ? AND question_id = ?", userID, qr.ID).Limit(1).Find(&h).Error; err != nil {
			return err
		}
		change(&h)
		h.UpdatedAt = now.UTC()
		if h.BuriedUntil != nil && !h.BuriedUntil.After(now) {
			h.BuriedUntil = nil
		}
		out.Prompt, out.Suspended, out.BuriedUntil = qr.Prompt, h.Suspended, h.BuriedUntil
		if !h.Suspended && h.BuriedUntil == nil {
			return tx.Where("user_id = ? AND question_id = ?", userID, qr.ID).Delete(&cardHoldRow{}).Error
		}
		return tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&h).Error
	})
	if err != nil {
		return nil, fmt.Errorf("storage: set aside %s for user %d: %w", qid, userID, err)
	}
	return out, nil
}

// Suspend sets a student's card aside until Unsuspend: it is not studied
// or practised (but for leech practice) and counts as neither due nor new.
func (s *Store) Suspend(ctx context.Context, userID, bankID uint, qid string, now time.Time) (*Hold, error) {
	return s.hold(ctx, userID, bankID, qid, now, func(h *cardHoldRow) { h.Suspended = true })
}

// Bury sets a student's card aside until the given time, the start of
// their next day.
func (s *Store) Bury(ctx context.Context, userID, bankID uint, qid string, until, now time.Time) (*Hold, error) {
	return s.hold(ctx, userID, bankID, qid, now, func(h *cardHoldRow) {
		t := until.UTC()
		h.BuriedUntil = &t
	})
}

// Unsuspend puts a suspended or buried card back into study, a leech too:
// the student chose to try it again.
func (s *Store) Unsuspend(ctx context.Context, userID, bankID uint, qid string, now time.Time) (*Hold, error) {
	h, err := s.hold(ctx, userID, bankID, qid, now, func(h *cardHoldRow) { h.Suspended, h.BuriedUntil = false, nil })
	if err != nil {
		return nil, err
	}
	_, err = s.writeStudy(ctx, userID, func(tx *gorm.DB) error {
		return tx.Model(&cardRow{}).Where("user_id = ? AND bank_id = ? AND question_id = (SELECT id FROM questions WHERE bank_id = ? AND qid = ?)", userID, bankID, bankID, qid).
			Update("leech", false).Error
	})
	if err != nil {
		return nil, fmt.Errorf("storage: put card %s back: %w", qid, err)
	}
	return h, nil
}

// Holds lists the cards of a bank a student has set aside now, in the
// bank's order.
func (s *Store) Holds(ctx context.Context, userID, bankID uint, now time.Time) ([]Hold, error) {
	var rows []struct {
		QID         string `gorm:"column:qid"`
		Prompt      string
		Suspended   bool
		BuriedUntil *time.Time
	}
	err := s.read(ctx).Table("card_holds").
		Select("questions.qid, questions.prompt, card_holds.suspended, card_holds.buried_until").
		Joins("JOIN questions ON questions.id = card_holds.question_id").
		Where("card_holds.user_id = ? AND card_holds.bank_id = ? AND questions.retired = ?", userID, bankID, false).
		Where("card_holds.suspended = ? OR card_holds.buried_until > ?", true, now.UTC()).
		Order("questions.position").Limit(500).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: cards set aside in bank %d: %w", bankID, err)
	}
	out := make([]Hold, len(rows))
	for i, r := range rows {
		out[i] = Hold{QuestionID: r.QID, Prompt: r.Prompt, Suspended: r.Suspended, BuriedUntil: r.BuriedUntil}
		if r.BuriedUntil != nil {
			t := r.BuriedUntil.UTC()
			out[i].BuriedUntil = &t
		}
	}
	return out, nil
}

// Forgotten lists the studied cards of a bank a student has forgotten
// most (lapses, at least one), most first, up to limit, but for those set
// aside: the stats page offers to set them aside.
func (s *Store) Forgotten(ctx context.Context, userID, bankID uint, limit int, now time.Time) ([]Hold, error) {
	var rows []struct {
		QID    string `gorm:"column:qid"`
		Prompt string
	}
	err := s.dueCards(s.read(ctx), userID, bankID).Where(notHeld, userID, true, now.UTC()).Select("questions.qid, questions.prompt").
		Where("cards.lapses > 0").Order("cards.lapses DESC, questions.position").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: forgotten cards in bank %d: %w", bankID, err)
	}
	out := make([]Hold, len(rows))
	for i, r := range rows {
		out[i] = Hold{QuestionID: r.QID, Prompt: r.Prompt}
	}
	return out, nil
}

// unseenAndSeen counts the questions of a bank the student may still be
// shown for the first time and those they have a card for, as class pace
// deadlines need them, without walking the bank: its active questions
// (counted on idx_questions_bank_retired) less the student's cards and
// the unseen questions they set aside.
func (s *Store) unseenAndSeen(ctx context.Context, db *gorm.DB, q NextQuery) (unseen, seen int, err error) {
	active, err := s.countActive(ctx, []uint{q.BankID})
	if err != nil {
		return 0, 0, err
	}
	var cards, held int64
	if err := s.dueCards(db, q.UserID, q.BankID).Count(&cards).Error; err != nil {
		return 0, 0, err
	}
	err = db.Model(&cardHoldRow{}).Joins("JOIN questions ON questions.id = card_holds.question_id").
		Where("card_holds.user_id = ? AND card_holds.bank_id = ? AND questions.retired = ?", q.UserID, q.BankID, false).
		Where("card_holds.suspended = ? OR card_holds.buried_until > ?", true, q.Now.UTC()).
		Where("NOT EXISTS (SELECT 1 FROM cards WHERE cards.user_id = ? AND cards.question_id = card_holds.question_id)", q.UserID).
		Count(&held).Error
	if err != nil {
		return 0, 0, err
	}
	return max(0, active[q.BankID]-int(cards)-int(held)), int(cards), nil
}
