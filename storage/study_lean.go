package storage

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"quizd/questions/assign"
	"quizd/questions/srs"
)

// leanCountsSQL is the first statement of the lean next card: the
// student's studyable due cards (idx_cards_user_bank_due, a join per due
// card), the new cards introduced today (idx_reviews_user_bank_new, one
// entry per new card), the student's cards in the bank (a count of
// idx_cards_user_bank_due alone), those of them of retired questions (the
// bank's retired questions, from idx_questions_bank_retired_order), and
// the questions set aside before they were ever answered (the student's
// holds). The state and rating are written into the text, not bound, so
// that SQLite uses the partial indexes whose conditions they are.
//
// Arguments: user, bank, now, then user, bank, day start, user, now (the
// cards set aside today, the holds); user, bank, day start; user, bank;
// user, bank; user, bank, now.
var leanCountsSQL = fmt.Sprintf(`SELECT
 (SELECT COUNT(*) FROM cards JOIN questions ON questions.id = cards.question_id
   WHERE cards.user_id = ? AND cards.bank_id = ? AND cards.due <= ? AND questions.retired = FALSE AND cards.leech = FALSE
   AND cards.id NOT IN (%s)
   AND NOT EXISTS (SELECT 1 FROM card_holds WHERE card_holds.user_id = ? AND card_holds.question_id = questions.id
     AND (card_holds.suspended = TRUE OR card_holds.buried_until > ?))),
 (SELECT COUNT(*) FROM reviews WHERE user_id = ? AND bank_id = ? AND reviewed_at >= ? AND before_state = %d),
 (SELECT COUNT(*) FROM cards WHERE user_id = ? AND bank_id = ?),
 (SELECT COUNT(*) FROM questions JOIN cards ON cards.user_id = ? AND cards.question_id = questions.id
   WHERE questions.bank_id = ? AND questions.retired = TRUE),
 (SELECT COUNT(*) FROM card_holds JOIN questions ON questions.id = card_holds.question_id
   WHERE card_holds.user_id = ? AND card_holds.bank_id = ? AND questions.retired = FALSE
   AND (card_holds.suspended = TRUE OR card_holds.buried_until > ?)
   AND NOT EXISTS (SELECT 1 FROM cards WHERE cards.user_id = card_holds.user_id AND cards.question_id = card_holds.question_id))`,
	setAsideLeanSQL, int8(srs.New))

// setAsideLeanSQL is setAsideSQL with the rating written in, for
// idx_reviews_user_bank_again (arguments: user, bank, day start).
var setAsideLeanSQL = fmt.Sprintf("SELECT card_id FROM reviews WHERE user_id = ? AND bank_id = ? AND reviewed_at >= ? AND rating = %d GROUP BY card_id HAVING COUNT(*) >= %d",
	int8(srs.Again), srs.SetAsideFails)

// nextLean is NextCard for q.Lean: from the student's schedule in the
// study cache (study_cache.go), or when the request has no cache epoch
// from the database (nextLeanSQL).
func (s *Store) nextLean(ctx context.Context, q NextQuery) (*Next, error) {
	entry, order, ok, err := s.studyState(ctx, q)
	if err != nil {
		return nil, err
	}
	if ok {
		return s.nextFromState(ctx, q, entry, order)
	}
	return s.nextLeanSQL(ctx, q)
}

// nextLeanSQL is the lean next card in SQL: one statement of counts, then
// one that picks the card (the question comes from the cache).
func (s *Store) nextLeanSQL(ctx context.Context, q NextQuery) (*Next, error) {
	db := s.read(ctx)
	now := q.Now.UTC()
	day := q.DayStart.UTC()
	bank, err := s.BankByID(ctx, q.BankID)
	if err != nil {
		return nil, err
	}
	var due, newToday, cards, retiredCards, heldUnseen int64
	err = db.Raw(leanCountsSQL,
		q.UserID, q.BankID, now, q.UserID, q.BankID, day, q.UserID, now,
		q.UserID, q.BankID, day,
		q.UserID, q.BankID,
		q.UserID, q.BankID,
		q.UserID, q.BankID, now,
	).Row().Scan(&due, &newToday, &cards, &retiredCards, &heldUnseen)
	if err != nil {
		return nil, err
	}
	seen := int(cards - retiredCards)
	unseen := max(0, bank.QuestionCount-seen-int(heldUnseen))
	out := &Next{DueCount: int(due), NewLimit: q.NewPerDay}
	if len(q.Deadlines) > 0 {
		out.NewLimit, out.Raised = assign.NewLimit(q.NewPerDay, q.Deadlines, unseen+int(newToday), seen-int(newToday), day)
	}
	out.NewCount = max(0, min(unseen, out.NewLimit-int(newToday)))

	var card cardRow
	var found bool
	switch {
	case due > 0:
		found, err = s.pickCard(db, q, &card, "cards.due <= ?", now)
	case out.NewCount > 0:
		var qr questionRow
		if err := s.unseenStudyable(db, q.UserID, q.BankID, now).Select("questions.id").Order("questions.new_order, questions.id").Take(&qr).Error; err != nil {
			return nil, notFound(err)
		}
		if out.Question, err = s.questionByID(ctx, qr.ID); err != nil {
			return nil, err
		}
		out.Card, out.IsNew = srs.NewCard(now), true
		return out, nil
	default:
		found, err = s.pickLearnAhead(db, q, &card)
	}
	if err != nil {
		return nil, err
	}
	if found {
		if out.Question, err = s.questionByID(ctx, card.QuestionID); err != nil {
			return nil, err
		}
		out.Card = card.St.card()
		return out, nil
	}
	return s.nextDue(db, q, out)
}

// pickCard reads into card the studyable card that where selects and is
// due first; false when there is none.
func (s *Store) pickCard(db *gorm.DB, q NextQuery, card *cardRow, where string, args ...any) (bool, error) {
	err := s.studyable(db, q).Select("cards.*").Where(where, args...).Order("cards.due, cards.id").Take(card).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return false, nil
	}
	return err == nil, err
}

// pickLearnAhead is pickCard for a learning card due within the
// learn-ahead window.
func (s *Store) pickLearnAhead(db *gorm.DB, q NextQuery, card *cardRow) (bool, error) {
	return s.pickCard(db, q, card, "cards.due <= ? AND cards.state IN ?", q.Now.UTC().Add(srs.LearnAhead), []int8{int8(srs.Learning), int8(srs.Relearning)})
}

// nextDue fills in, for a next card that found none to show now, how many
// cards are set aside for the day and when the next card is due.
func (s *Store) nextDue(db *gorm.DB, q NextQuery, out *Next) (*Next, error) {
	var aside int64
	if err := s.dueCards(db, q.UserID, q.BankID).Where("cards.leech = ?", false).
		Where("cards.id IN ("+setAsideSQL+")", q.UserID, q.BankID, q.DayStart.UTC(), int8(srs.Again), srs.SetAsideFails).Count(&aside).Error; err != nil {
		return nil, err
	}
	out.SetAside = int(aside)
	var next cardRow
	err := s.studyable(db, q).Select("cards.*").Order("cards.due").Take(&next).Error
	switch {
	case err == nil:
		t := next.St.Due.UTC()
		out.NextDue = &t
	case !errors.Is(err, gorm.ErrRecordNotFound):
		return nil, err
	case aside > 0:
		// Only cards set aside for the day (or leeches) are left: the
		// set-aside ones come back tomorrow.
		t := q.DayStart.AddDate(0, 0, 1).UTC()
		out.NextDue = &t
	}
	return out, nil
}
