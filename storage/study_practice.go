package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"quizd/questions/srs"
)

// The sets a student can practise beside a topic.
const (
	PracticeAll      = ""         // the whole bank
	PracticeMistakes = "mistakes" // cards answered wrong (or rated Again) today
	PracticeLeeches  = "leeches"  // cards forgotten LeechLapses times or more
)

// LeechLapses is how many lapses make a card a leech, for leech practice.
const LeechLapses = 8

// MaxPracticeTest is the most questions a practice test may have.
const MaxPracticeTest = 100

// ErrNothingToPractise means the chosen set of cards is empty.
var ErrNothingToPractise = errors.New("nothing to practise in this set")

type practiceTestRow struct {
	ID        uint `gorm:"primaryKey"`
	UserID    uint
	BankID    uint
	Topic     string
	Filter    string
	Questions string // JSON list of question row ids
	CreatedAt time.Time
}

func (practiceTestRow) TableName() string { return "practice_tests" }

type practiceAnswerRow struct {
	ID         uint `gorm:"primaryKey"`
	UserID     uint
	BankID     uint
	QuestionID uint
	TestID     *uint
	Rating     int8
	Correct    *bool
	Response   string
	ResponseMS int64
	AnsweredAt time.Time
}

func (practiceAnswerRow) TableName() string { return "practice_answers" }

// PracticeSet is which cards of a bank to practise: a topic ("" for
// every topic) and a filter (PracticeAll, PracticeMistakes, PracticeLeeches).
type PracticeSet struct {
	Topic, Filter string
}

// PracticeQuery asks for the next question to practise.
type PracticeQuery struct {
	UserID, BankID uint
	Set            PracticeSet
	// TestID, when set, asks for the next question of that practice test
	// (Set is then the test's).
	TestID uint
	Now    time.Time
	// DayStart is when the student's day began, for today's mistakes.
	DayStart time.Time
}

// PracticeNext is the question to practise, or none.
type PracticeNext struct {
	Question *StoredQuestion // nil when the set is empty or the test done
	// Card is the student's card of the question, as it stands (a new
	// card when Seen is false); practice never changes it.
	Card srs.Card
	Seen bool
	// Pool is how many questions the set holds.
	Pool int
	Test *TestScore
}

// TestScore is how a practice test stands.
type TestScore struct {
	ID                      uint
	Set                     PracticeSet
	Size, Answered, Correct int
	Done                    bool
}

// practicePool selects the questions of a set. Cards set aside are left
// out, but for leech practice, which is how a suspended leech is studied.
func (s *Store) practicePool(db *gorm.DB, userID, bankID uint, set PracticeSet, now, dayStart time.Time) *gorm.DB {
	q := db.Model(&questionRow{}).Where("questions.bank_id = ? AND questions.retired = ?", bankID, false)
	if set.Topic != "" {
		q = q.Where("questions.topic = ?", set.Topic)
	}
	switch set.Filter {
	case PracticeMistakes:
		q = q.Where("(EXISTS (SELECT 1 FROM reviews WHERE reviews.user_id = ? AND reviews.question_id = questions.id"+
			" AND reviews.reviewed_at >= ? AND (reviews.rating = 1 OR reviews.correct = ?))"+
			" OR EXISTS (SELECT 1 FROM practice_answers WHERE practice_answers.user_id = ? AND practice_answers.question_id = questions.id"+
			" AND practice_answers.answered_at >= ? AND (practice_answers.rating = 1 OR practice_answers.correct = ?)))",
			userID, dayStart.UTC(), false, userID, dayStart.UTC(), false)
	case PracticeLeeches:
		q = q.Where("EXISTS (SELECT 1 FROM cards WHERE cards.user_id = ? AND cards.question_id = questions.id AND cards.lapses >= ?)", userID, LeechLapses)
	}
	if set.Filter != PracticeLeeches {
		q = q.Where(notHeld, userID, true, now.UTC())
	}
	return q
}

// leastPractised orders questions by when the student last practised
// them, never first, then in the bank's order for new cards: practice goes
// round the whole set before it asks a question again.
func leastPractised(userID uint) clause.OrderBy {
	return clause.OrderBy{Expression: clause.Expr{
		SQL: "COALESCE((SELECT MAX(practice_answers.id) FROM practice_answers WHERE practice_answers.user_id = ?" +
			" AND practice_answers.question_id = questions.id), 0), questions.new_order, questions.id",
		Vars: []any{userID}, WithoutParentheses: true,
	}}
}

// NextPractice picks the next question to practise: of a set, the one
// practised longest ago; of a test, the first not yet answered.
func (s *Store) NextPractice(ctx context.Context, q PracticeQuery) (*PracticeNext, error) {
	db := s.read(ctx)
	out := &PracticeNext{}
	var qr questionRow
	if q.TestID != 0 {
		t, ids, err := s.practiceTest(db, q.UserID, q.BankID, q.TestID)
		if err != nil {
			return nil, fmt.Errorf("storage: next practice question: %w", err)
		}
		if out.Test, err = s.testScore(db, t, ids); err != nil {
			return nil, fmt.Errorf("storage: next practice question: %w", err)
		}
		out.Pool = len(ids)
		var answered []uint
		if err := db.Model(&practiceAnswerRow{}).Where("test_id = ?", t.ID).Pluck("question_id", &answered).Error; err != nil {
			return nil, fmt.Errorf("storage: next practice question: %w", err)
		}
		i := slices.IndexFunc(ids, func(id uint) bool { return !slices.Contains(answered, id) })
		if i < 0 {
			return out, nil
		}
		if err := db.Take(&qr, ids[i]).Error; err != nil {
			return nil, fmt.Errorf("storage: next practice question: %w", notFound(err))
		}
	} else {
		var pool int64
		if err := s.practicePool(db, q.UserID, q.BankID, q.Set, q.Now, q.DayStart).Count(&pool).Error; err != nil {
			return nil, fmt.Errorf("storage: next practice question: %w", err)
		}
		out.Pool = int(pool)
		if pool == 0 {
			return out, nil
		}
		if err := s.practicePool(db, q.UserID, q.BankID, q.Set, q.Now, q.DayStart).Order(leastPractised(q.UserID)).Take(&qr).Error; err != nil {
			return nil, fmt.Errorf("storage: next practice question: %w", notFound(err))
		}
	}
	var err error
	if out.Question, err = qr.question(); err != nil {
		return nil, fmt.Errorf("storage: next practice question: %w", err)
	}
	out.Card = srs.NewCard(q.Now.UTC())
	var card cardRow
	switch err := db.Where("user_id = ? AND question_id = ?", q.UserID, qr.ID).Take(&card).Error; {
	case err == nil:
		out.Card, out.Seen = card.St.card(), true
	case !errors.Is(err, gorm.ErrRecordNotFound):
		return nil, fmt.Errorf("storage: next practice question: %w", err)
	}
	return out, nil
}

// CreatePracticeTest chooses size questions of a set for a practice test,
// those practised longest ago first, and returns the test's id. A set
// smaller than size gives a shorter test; an empty one ErrNothingToPractise.
func (s *Store) CreatePracticeTest(ctx context.Context, userID, bankID uint, set PracticeSet, size int, now, dayStart time.Time) (*TestScore, error) {
	if size < 1 || size > MaxPracticeTest {
		return nil, fmt.Errorf("storage: create practice test: size %d is not between 1 and %d", size, MaxPracticeTest)
	}
	var out *TestScore
	err := s.writeUncached(ctx, func(tx *gorm.DB) error {
		var ids []uint
		if err := s.practicePool(tx, userID, bankID, set, now, dayStart).Order(leastPractised(userID)).Limit(size).Pluck("questions.id", &ids).Error; err != nil {
			return err
		}
		if len(ids) == 0 {
			return ErrNothingToPractise
		}
		data, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		t := practiceTestRow{UserID: userID, BankID: bankID, Topic: set.Topic, Filter: set.Filter, Questions: string(data), CreatedAt: now.UTC()}
		if err := tx.Create(&t).Error; err != nil {
			return err
		}
		out = &TestScore{ID: t.ID, Set: set, Size: len(ids)}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: create practice test: %w", err)
	}
	return out, nil
}

// PracticeTest returns how a student's practice test in a bank stands.
func (s *Store) PracticeTest(ctx context.Context, userID, bankID, testID uint) (*TestScore, error) {
	db := s.read(ctx)
	t, ids, err := s.practiceTest(db, userID, bankID, testID)
	if err != nil {
		return nil, fmt.Errorf("storage: practice test %d: %w", testID, err)
	}
	sc, err := s.testScore(db, t, ids)
	if err != nil {
		return nil, fmt.Errorf("storage: practice test %d: %w", testID, err)
	}
	return sc, nil
}

func (s *Store) practiceTest(db *gorm.DB, userID, bankID, testID uint) (*practiceTestRow, []uint, error) {
	var t practiceTestRow
	if err := db.Where("id = ? AND user_id = ? AND bank_id = ?", testID, userID, bankID).Take(&t).Error; err != nil {
		return nil, nil, notFound(err)
	}
	var ids []uint
	if err := json.Unmarshal([]byte(t.Questions), &ids); err != nil {
		return nil, nil, err
	}
	return &t, ids, nil
}

func (s *Store) testScore(db *gorm.DB, t *practiceTestRow, ids []uint) (*TestScore, error) {
	var rows []practiceAnswerRow
	if err := db.Select("correct, rating").Where("test_id = ?", t.ID).Find(&rows).Error; err != nil {
		return nil, err
	}
	sc := &TestScore{ID: t.ID, Set: PracticeSet{Topic: t.Topic, Filter: t.Filter}, Size: len(ids), Answered: len(rows)}
	for _, r := range rows {
		// A self-rated flashcard counts as right unless rated Again.
		if r.Correct != nil && *r.Correct || r.Correct == nil && r.Rating > int8(srs.Again) {
			sc.Correct++
		}
	}
	sc.Done = sc.Answered >= sc.Size
	return sc, nil
}

// PracticeAnswer is one practice answer to record.
type PracticeAnswer struct {
	UserID, BankID uint
	QuestionID     string
	TestID         uint // 0 outside a practice test
	Rating         srs.Rating
	Correct        *bool // nil for a self-rated answer
	Response       string
	ResponseMS     int64
	Now            time.Time
}

// PracticeRecorded is what a practice answer did: nothing to the card.
type PracticeRecorded struct {
	ID       uint
	Question *StoredQuestion
	// Due is when the student's card of the question is due, unchanged;
	// nil for a question they have not studied.
	Due  *time.Time
	Test *TestScore
}

// RecordPractice keeps a practice answer. It never touches the card: its
// FSRS state and due date stay as they were. An answer to a question of a
// test it is not in gives ErrNotFound; a second answer to one gives
// ErrConflict.
func (s *Store) RecordPractice(ctx context.Context, a PracticeAnswer) (*PracticeRecorded, error) {
	if a.Rating < srs.Again || a.Rating > srs.Easy {
		return nil, fmt.Errorf("storage: record practice: %w", srs.ErrRating)
	}
	out := &PracticeRecorded{}
	err := s.writeUncached(ctx, func(tx *gorm.DB) error {
		var qr questionRow
		if err := tx.Where("bank_id = ? AND qid = ? AND retired = ?", a.BankID, a.QuestionID, false).Take(&qr).Error; err != nil {
			return notFound(err)
		}
		q, err := qr.question()
		if err != nil {
			return err
		}
		out.Question = q
		row := practiceAnswerRow{UserID: a.UserID, BankID: a.BankID, QuestionID: qr.ID, Rating: int8(a.Rating),
			Correct: a.Correct, Response: a.Response, ResponseMS: a.ResponseMS, AnsweredAt: a.Now.UTC()}
		var test *practiceTestRow
		var ids []uint
		if a.TestID != 0 {
			if test, ids, err = s.practiceTest(tx, a.UserID, a.BankID, a.TestID); err != nil {
				return err
			}
			if !slices.Contains(ids, qr.ID) {
				return fmt.Errorf("question %s is not in practice test %d: %w", a.QuestionID, a.TestID, ErrNotFound)
			}
			var n int64
			if err := tx.Model(&practiceAnswerRow{}).Where("test_id = ? AND question_id = ?", test.ID, qr.ID).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return ErrConflict
			}
			row.TestID = &test.ID
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		out.ID = row.ID
		var card cardRow
		switch err := tx.Select("due").Where("user_id = ? AND question_id = ?", a.UserID, qr.ID).Take(&card).Error; {
		case err == nil:
			t := card.St.Due.UTC()
			out.Due = &t
		case !errors.Is(err, gorm.ErrRecordNotFound):
			return err
		}
		if test != nil {
			if out.Test, err = s.testScore(tx, test, ids); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: record practice answer to %s for user %d: %w", a.QuestionID, a.UserID, err)
	}
	return out, nil
}

// Practised is one practice answer, as its feedback page shows it.
type Practised struct {
	ID         uint
	BankID     uint
	TestID     uint
	Question   *StoredQuestion
	Rating     srs.Rating
	Correct    *bool
	Response   string
	AnsweredAt time.Time
}

// PracticeByID returns one of a student's practice answers.
func (s *Store) PracticeByID(ctx context.Context, userID, id uint) (*Practised, error) {
	db := s.read(ctx)
	var row practiceAnswerRow
	if err := db.Where("id = ? AND user_id = ?", id, userID).Take(&row).Error; err != nil {
		return nil, fmt.Errorf("storage: practice answer %d: %w", id, notFound(err))
	}
	q, err := questionByRow(db, row.QuestionID)
	if err != nil {
		return nil, fmt.Errorf("storage: practice answer %d: %w", id, err)
	}
	p := &Practised{ID: row.ID, BankID: row.BankID, Question: q, Rating: srs.Rating(row.Rating), Correct: row.Correct,
		Response: row.Response, AnsweredAt: row.AnsweredAt.UTC()}
	if row.TestID != nil {
		p.TestID = *row.TestID
	}
	return p, nil
}
