package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"quizd/questions/assign"
	"quizd/questions/srs"
)

// NextQuery asks for the card a student should study next in a bank.
type NextQuery struct {
	UserID, BankID uint
	Now            time.Time
	// DayStart is when the student's day began: new cards introduced since
	// then count against NewPerDay.
	DayStart  time.Time
	NewPerDay int
	// Deadlines raise NewPerDay when it is too small to see every
	// question they ask for in time (assign.NewLimit).
	Deadlines []assign.Deadline
	// Lean asks only for what the API's next answers: the card, the due
	// and new counts and, when there is no card, SetAside and NextDue.
	// The day's goal (Goal, Finished, DoneToday) is left at zero, and the
	// card comes from two statements whose cost grows with the student's
	// due cards and the day's new ones, not with the bank or the day's
	// answers.
	Lean bool
}

// Next is the card to study, or none with when the next one is due.
type Next struct {
	Question *StoredQuestion // nil when nothing is to be studied now
	Card     srs.Card
	IsNew    bool
	// DueCount is how many cards are due now; NewCount how many new cards
	// may still be introduced today; DoneToday how many answers were given
	// in this bank today.
	DueCount, NewCount, DoneToday int
	// Goal is today's session: the cards answered today, those due now
	// and not yet answered today, and the new cards still allowed. An
	// answer moves a card from one part to another, so the goal holds
	// still while the student works through it. Finished is how many of
	// it are done for today: answered, and last rated better than Again
	// (or set aside, or a leech).
	Goal, Finished int
	// SetAside is how many cards were answered wrong srs.SetAsideFails
	// times today and rest until tomorrow.
	SetAside int
	NextDue  *time.Time
	// NewLimit is the day's new-card limit: NewPerDay, or what a deadline
	// raised it to (Raised).
	NewLimit int
	Raised   bool
}

// dueCards selects one student's studied cards of one bank; the index on
// (user_id, bank_id, due) serves it whatever other students have.
func (s *Store) dueCards(db *gorm.DB, userID, bankID uint) *gorm.DB {
	return db.Model(&cardRow{}).
		Joins("JOIN questions ON questions.id = cards.question_id").
		Where("cards.user_id = ? AND cards.bank_id = ? AND questions.retired = ?", userID, bankID, false)
}

// setAsideSQL selects the cards of a student in a bank answered Again
// srs.SetAsideFails times or more since the day began: they rest until
// tomorrow.
const setAsideSQL = "SELECT card_id FROM reviews WHERE user_id = ? AND bank_id = ? AND reviewed_at >= ? AND rating = ? GROUP BY card_id HAVING COUNT(*) >= ?"

// studyable selects the cards NextCard may show: not leeches, not set
// aside for the day, not suspended or buried by the student.
func (s *Store) studyable(db *gorm.DB, q NextQuery) *gorm.DB {
	return s.dueCards(db, q.UserID, q.BankID).
		Where("cards.leech = ?", false).
		Where("cards.id NOT IN ("+setAsideSQL+")", q.UserID, q.BankID, q.DayStart.UTC(), int8(srs.Again), srs.SetAsideFails).
		Where(notHeld, q.UserID, true, q.Now.UTC())
}

// unseen selects the studied questions of a bank the student has no card for.
func (s *Store) unseen(db *gorm.DB, userID, bankID uint) *gorm.DB {
	return db.Model(&questionRow{}).
		Where("questions.bank_id = ? AND questions.retired = ?", bankID, false).
		Where("NOT EXISTS (SELECT 1 FROM cards WHERE cards.user_id = ? AND cards.question_id = questions.id)", userID)
}

// NextCard picks what to study: the most overdue due card first, then a
// new card while the day's limit allows (in an order that mixes the bank's
// topics and facts), then a learning card due within
// the learn-ahead window; otherwise nothing, with when the next card is due.
// Leeches and cards set aside for the day are never picked.
func (s *Store) NextCard(ctx context.Context, q NextQuery) (*Next, error) {
	if q.Lean {
		n, err := s.nextLean(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("storage: next card: %w", err)
		}
		return n, nil
	}
	db := s.read(ctx)
	now := q.Now.UTC()
	day := q.DayStart.UTC()
	out := &Next{}
	var due, dueUnanswered, doneToday, newToday, answered, finished int64
	answeredToday := "SELECT card_id FROM reviews WHERE user_id = ? AND bank_id = ? AND reviewed_at >= ?"
	// The student's due cards, and those of them not answered today: one
	// pass over the student's cards in the bank (idx_cards_user_bank_due).
	if err := s.studyable(db, q).Where("cards.due <= ?", now).
		Select("COUNT(*), COALESCE(SUM(CASE WHEN cards.id NOT IN ("+answeredToday+") THEN 1 ELSE 0 END), 0)", q.UserID, q.BankID, day).
		Row().Scan(&due, &dueUnanswered); err != nil {
		return nil, fmt.Errorf("storage: next card: %w", err)
	}
	// Today's answers, the cards they were to, the new cards among them
	// and the cards finished for today (last rated better than Again, a
	// leech or set aside): one pass over today's reviews
	// (idx_reviews_user_bank_time) and their cards.
	if err := db.Table("reviews").Joins("JOIN cards ON cards.id = reviews.card_id").
		Where("reviews.user_id = ? AND reviews.bank_id = ? AND reviews.reviewed_at >= ?", q.UserID, q.BankID, day).
		Select("COUNT(*), COUNT(DISTINCT reviews.card_id), COALESCE(SUM(CASE WHEN reviews.before_state = ? THEN 1 ELSE 0 END), 0), "+
			"COUNT(DISTINCT CASE WHEN cards.last_rating <> ? OR cards.leech = ? OR cards.id IN ("+setAsideSQL+") THEN cards.id END)",
			int8(srs.New), int8(srs.Again), true, q.UserID, q.BankID, day, int8(srs.Again), srs.SetAsideFails).
		Row().Scan(&doneToday, &answered, &newToday, &finished); err != nil {
		return nil, fmt.Errorf("storage: next card: %w", err)
	}
	out.DueCount, out.DoneToday = int(due), int(doneToday)
	out.NewLimit = q.NewPerDay
	if len(q.Deadlines) > 0 {
		unseen, seen, err := s.unseenAndSeen(ctx, db, q)
		if err != nil {
			return nil, fmt.Errorf("storage: next card: %w", err)
		}
		// Counted from the day's start, so that the limit holds all day.
		out.NewLimit, out.Raised = assign.NewLimit(q.NewPerDay, q.Deadlines, unseen+int(newToday), seen-int(newToday), day)
	}
	// The new cards still allowed today: the unseen questions counted up
	// to the day's remaining budget, never the whole bank.
	if budget := out.NewLimit - int(newToday); budget > 0 {
		var unseen int64
		capped := s.unseenStudyable(db, q.UserID, q.BankID, now).Select("1").Limit(budget)
		if err := db.Table("(?) AS u", capped).Count(&unseen).Error; err != nil {
			return nil, fmt.Errorf("storage: next card: %w", err)
		}
		out.NewCount = int(unseen)
	}
	out.Goal, out.Finished = int(answered)+int(dueUnanswered)+out.NewCount, int(finished)

	var card cardRow
	found, err := s.pickCard(db, q, &card, "cards.due <= ?", now)
	if err == nil && !found && out.NewCount == 0 {
		found, err = s.pickLearnAhead(db, q, &card)
	}
	if err != nil {
		return nil, fmt.Errorf("storage: next card: %w", err)
	}
	if found {
		if out.Question, err = questionByRow(db, card.QuestionID); err != nil {
			return nil, fmt.Errorf("storage: next card: %w", err)
		}
		out.Card = card.St.card()
		return out, nil
	}
	if out.NewCount > 0 {
		var qr questionRow
		if err := s.unseenStudyable(db, q.UserID, q.BankID, now).Order("questions.new_order, questions.id").Take(&qr).Error; err != nil {
			return nil, fmt.Errorf("storage: next card: %w", notFound(err))
		}
		if out.Question, err = qr.question(); err != nil {
			return nil, fmt.Errorf("storage: next card: %w", err)
		}
		out.Card, out.IsNew = srs.NewCard(now), true
		return out, nil
	}
	if out, err = s.nextDue(db, q, out); err != nil {
		return nil, fmt.Errorf("storage: next card: %w", err)
	}
	return out, nil
}

// Answer is one answer to record.
type Answer struct {
	UserID, BankID uint
	QuestionID     string
	Rating         srs.Rating
	// Correct is the grade of a graded answer; nil for a self-rated one.
	Correct    *bool
	Response   string // the response as JSON, for reports
	ResponseMS int64
	// ExpectReps, when set, is the number of reviews the card had when it
	// was shown: an answer to a card reviewed since is refused with
	// ErrConflict, so a double submit does not schedule it twice.
	ExpectReps *uint64
	// RequireRevealed refuses a self-rating (ErrNotRevealed) unless the
	// card was served as a flashcard at its current reps and its back was
	// shown (RevealCard).
	RequireRevealed bool
	Now             time.Time
	Scheduler       *srs.Scheduler
	// Question, when set, is the question as it was graded (Store.Question):
	// its version is the one the review records, and it is not read again.
	Question *StoredQuestion
}

// Recorded is what an answer did.
type Recorded struct {
	ReviewID uint
	Question *StoredQuestion
	Before   srs.Card
	Card     srs.Card
	Interval time.Duration
	// Leech: the card has lapsed srs.LeechLapses times and is no longer
	// shown to the student.
	Leech bool
}

// RecordAnswer schedules the card and appends the review: when it
// returns, the answer is on disk.
//
// The transaction is lean: the question, the card and whether it was
// revealed are read, and the card scheduled, before the write; the write
// itself only checks that the question is still studied, updates the card
// if its reps are still those read (or inserts it if there was none) and
// appends the review. A card answered in between gives ErrConflict when
// the answer expected its reps (ExpectReps); otherwise the answer is read
// and scheduled again from the newer card.
func (s *Store) RecordAnswer(ctx context.Context, a Answer) (*Recorded, error) {
	if a.Rating < srs.Again || a.Rating > srs.Easy {
		return nil, fmt.Errorf("storage: record answer: %w", srs.ErrRating)
	}
	for attempt := 1; ; attempt++ {
		rec, err := s.recordAnswer(ctx, a)
		if errors.Is(err, ErrConflict) && a.ExpectReps == nil && attempt < answerAttempts {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("storage: record answer to %s for user %d: %w", a.QuestionID, a.UserID, err)
		}
		return rec, nil
	}
}

// answerAttempts is how often an answer that expects no reps is scheduled
// again when its card was answered between the read and the write.
const answerAttempts = 5

// recordAnswer is one attempt of RecordAnswer.
func (s *Store) recordAnswer(ctx context.Context, a Answer) (*Recorded, error) {
	now := a.Now.UTC()
	db := s.read(ctx)
	q := a.Question
	if q == nil || q.BankID != a.BankID || q.ID != a.QuestionID || q.Retired {
		var qr questionRow
		if err := db.Where("bank_id = ? AND qid = ? AND retired = ?", a.BankID, a.QuestionID, false).Take(&qr).Error; err != nil {
			return nil, notFound(err)
		}
		var err error
		if q, err = qr.question(); err != nil {
			return nil, err
		}
	}
	var card cardRow
	found, err := s.readCard(ctx, a.UserID, q.RowID, &card)
	if err != nil {
		return nil, err
	}
	isNew := !found
	before := srs.NewCard(now)
	if !isNew {
		before = card.St.card()
	}
	if a.ExpectReps != nil && before.Reps != *a.ExpectReps {
		return nil, ErrConflict
	}
	if a.RequireRevealed && a.Correct == nil {
		// A reveal at these reps stays until the card is answered, which
		// the reps check of the write sees.
		ok, err := revealed(db, a.UserID, a.BankID, q.RowID, before.Reps)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, ErrNotRevealed
		}
	}
	out, err := a.Scheduler.Apply(before, now, a.Rating)
	if err != nil {
		return nil, err
	}
	card.UserID, card.BankID, card.QuestionID = a.UserID, a.BankID, q.RowID
	card.St, card.LastRating, card.UpdatedAt = stateOf(out.Card), int8(a.Rating), now
	card.Leech = card.Leech || srs.IsLeech(out.Card)
	review := reviewRow{
		UserID: a.UserID, BankID: a.BankID, QuestionID: q.RowID,
		Rating: int8(a.Rating), Correct: a.Correct, Response: a.Response, ResponseMS: a.ResponseMS,
		ReviewedAt: now, QuestionVersion: q.Version, Before: stateOf(before), After: card.St,
	}
	mark, err := s.writeStudy(ctx, a.UserID, func(tx *gorm.DB) error {
		return s.writeAnswer(tx, isNew, &card, before.Reps, &review)
	})
	if err != nil {
		return nil, err
	}
	s.studyAnswered(a.UserID, a.BankID, mark, &card, isNew, a.Rating)
	return &Recorded{ReviewID: review.ID, Question: q, Before: before, Card: out.Card, Interval: out.Interval, Leech: card.Leech}, nil
}

// Rerate changes the rating of a student's latest answer to a card, as
// when a student overrides the rating a graded answer earned. The card is
// rescheduled from its state before that answer; an answer that is no
// longer the card's latest gives ErrConflict.
func (s *Store) Rerate(ctx context.Context, userID, reviewID uint, r srs.Rating, sched *srs.Scheduler) (*Recorded, error) {
	if r < srs.Again || r > srs.Easy {
		return nil, fmt.Errorf("storage: rerate: %w", srs.ErrRating)
	}
	rec := &Recorded{}
	_, err := s.writeStudy(ctx, userID, func(tx *gorm.DB) error {
		var rv reviewRow
		if err := tx.Where("id = ? AND user_id = ?", reviewID, userID).Take(&rv).Error; err != nil {
			return notFound(err)
		}
		var card cardRow
		if err := tx.Take(&card, rv.CardID).Error; err != nil {
			return notFound(err)
		}
		if card.St.Reps != rv.After.Reps {
			return ErrConflict
		}
		before := rv.Before.card()
		out, err := sched.Apply(before, rv.ReviewedAt.UTC(), r)
		if err != nil {
			return err
		}
		st := stateOf(out.Card)
		res := tx.Model(&cardRow{}).Where("id = ? AND reps = ?", card.ID, card.St.Reps).Select("*").
			Updates(&cardRow{ID: card.ID, UserID: card.UserID, BankID: card.BankID, QuestionID: card.QuestionID, St: st, LastRating: int8(r),
				Leech: srs.IsLeech(out.Card), UpdatedAt: time.Now().UTC()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrConflict
		}
		rv.Rating, rv.After = int8(r), st
		if err := tx.Save(&rv).Error; err != nil {
			return err
		}
		q, err := questionByRow(tx, rv.QuestionID)
		if err != nil {
			return err
		}
		rec.ReviewID, rec.Question, rec.Before, rec.Card, rec.Interval = rv.ID, q, before, out.Card, out.Interval
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: rerate review %d: %w", reviewID, err)
	}
	return rec, nil
}

// Review is one recorded answer, as the feedback page shows it.
type Review struct {
	ID         uint
	BankID     uint
	Question   *StoredQuestion
	Rating     srs.Rating
	Correct    *bool
	Response   string
	ResponseMS int64
	ReviewedAt time.Time
	Before     srs.Card
	After      srs.Card
	Latest     bool // no later answer to the same card
}

// ReviewByID returns one of a student's answers.
func (s *Store) ReviewByID(ctx context.Context, userID, reviewID uint) (*Review, error) {
	db := s.read(ctx)
	var rv reviewRow
	if err := db.Where("id = ? AND user_id = ?", reviewID, userID).Take(&rv).Error; err != nil {
		return nil, fmt.Errorf("storage: review %d: %w", reviewID, notFound(err))
	}
	q, err := questionByRow(db, rv.QuestionID)
	if err != nil {
		return nil, fmt.Errorf("storage: review %d: %w", reviewID, err)
	}
	var card cardRow
	if err := db.Take(&card, rv.CardID).Error; err != nil {
		return nil, fmt.Errorf("storage: review %d: %w", reviewID, notFound(err))
	}
	return &Review{
		ID: rv.ID, BankID: rv.BankID, Question: q, Rating: srs.Rating(rv.Rating), Correct: rv.Correct,
		Response: rv.Response, ResponseMS: rv.ResponseMS, ReviewedAt: rv.ReviewedAt.UTC(),
		Before: rv.Before.card(), After: rv.After.card(), Latest: card.St.Reps == rv.After.Reps,
	}, nil
}
