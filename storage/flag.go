package storage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"quizd/questions"
)

// Why a student flags an answer.
const (
	FlagShouldCount   = "should_count"   // "my answer should count"
	FlagQuestionWrong = "question_wrong" // the question or its answer is wrong
	FlagTypo          = "typo"           // a typo in the question
	FlagOther         = "other"
)

// FlagReasons lists the reasons a flag may give, in the order forms show them.
var FlagReasons = []string{FlagShouldCount, FlagQuestionWrong, FlagTypo, FlagOther}

// The states of a flag: open until the bank's owner (or an admin) decides.
const (
	FlagOpen     = "open"
	FlagAccepted = "accepted"
	FlagRejected = "rejected"
)

// FlagStatuses lists the states of a flag.
var FlagStatuses = []string{FlagOpen, FlagAccepted, FlagRejected}

// MaxFlagComment bounds a flag's comment, in characters.
const MaxFlagComment = 1000

// FlagPage is how many flags a page of the queue holds.
const FlagPage = 100

// FlagInputError says what is wrong with a flag: Field is "reason" or
// "comment".
type FlagInputError struct{ Field, Msg string }

func (e *FlagInputError) Error() string { return e.Field + ": " + e.Msg }

// ErrFlagged is returned for a second flag of the same answer.
var ErrFlagged = errors.New("this answer is flagged already")

// ErrDecided is returned for a decision on a flag decided already.
var ErrDecided = errors.New("this flag was decided already")

// CheckFlag checks a flag's reason and comment before anything is read.
func CheckFlag(reason, comment string) error {
	if !slices.Contains(FlagReasons, reason) {
		return &FlagInputError{"reason", fmt.Sprintf("%q is not a reason to flag an answer: use one of %s", clipText(reason), strings.Join(FlagReasons, ", "))}
	}
	if !utf8.ValidString(comment) {
		return &FlagInputError{"comment", "the comment is not valid UTF-8 text: send it as UTF-8"}
	}
	if n := utf8.RuneCountInString(comment); n > MaxFlagComment {
		return &FlagInputError{"comment", fmt.Sprintf("the comment has %d characters, more than the %d allowed: shorten it", n, MaxFlagComment)}
	}
	return nil
}

func clipText(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}

// Flag is a student's flag of one answer, as the queue and the student's
// stats page show it.
type Flag struct {
	ID, ReviewID, UserID, BankID uint
	Student                      string
	// QuestionID is the question's id in its bank; Prompt and Type are
	// the question as it is now.
	QuestionID string
	Prompt     string
	Type       questions.Type
	Question   questions.Question
	Reason     string
	Comment    string
	// Response is the response flagged as stored (a JSON list); Given
	// the same as a person reads it.
	Response  []string
	Given     string
	Status    string
	DecidedBy *uint
	DecidedAt *time.Time
	CreatedAt time.Time
}

// flagWithNames is a flag row with the names the queue shows.
type flagWithNames struct {
	ID, ReviewID, UserID, BankID, QuestionID uint
	Reason, Comment, Response, Status        string
	DecidedBy                                *uint
	DecidedAt                                *time.Time
	CreatedAt                                time.Time
	Username                                 string
	QID                                      string `gorm:"column:qid"`
	Data                                     string
}

const flagSelect = "flags.*, users.username, questions.qid, questions.data"

func (s *Store) flagQuery(db *gorm.DB) *gorm.DB {
	return db.Table("flags").Select(flagSelect).
		Joins("JOIN users ON users.id = flags.user_id").
		Joins("JOIN questions ON questions.id = flags.question_id")
}

func (f *flagWithNames) flag() (*Flag, error) {
	var q questions.Question
	if err := json.Unmarshal([]byte(f.Data), &q); err != nil {
		return nil, fmt.Errorf("question of flag %d: %w", f.ID, err)
	}
	out := &Flag{ID: f.ID, ReviewID: f.ReviewID, UserID: f.UserID, BankID: f.BankID, Student: f.Username,
		QuestionID: f.QID, Prompt: q.Prompt, Type: q.Type, Question: q, Reason: f.Reason, Comment: f.Comment,
		Status: f.Status, DecidedBy: f.DecidedBy, DecidedAt: f.DecidedAt, CreatedAt: f.CreatedAt.UTC()}
	_ = json.Unmarshal([]byte(f.Response), &out.Response)
	out.Given = questions.ResponseText(&q, out.Response)
	if out.DecidedAt != nil {
		t := out.DecidedAt.UTC()
		out.DecidedAt = &t
	}
	return out, nil
}

func flagsOf(rows []flagWithNames) ([]Flag, error) {
	out := make([]Flag, 0, len(rows))
	for i := range rows {
		f, err := rows[i].flag()
		if err != nil {
			return nil, err
		}
		out = append(out, *f)
	}
	return out, nil
}

// CreateFlag flags one of a student's answers. Another student's answer is
// ErrNotFound; an answer flagged already is ErrFlagged (a flag is one
// student's word on one answer: it is not edited once sent). "should_count"
// is for a graded answer that was marked wrong.
func (s *Store) CreateFlag(ctx context.Context, userID, reviewID uint, reason, comment string, now time.Time) (*Flag, error) {
	comment = strings.TrimSpace(comment)
	if err := CheckFlag(reason, comment); err != nil {
		return nil, err
	}
	var id uint
	err := s.write(ctx, func(tx *gorm.DB) error {
		var rv reviewRow
		if err := tx.Where("id = ? AND user_id = ?", reviewID, userID).Take(&rv).Error; err != nil {
			return notFound(err)
		}
		if reason == FlagShouldCount {
			switch {
			case rv.Correct == nil:
				return &FlagInputError{"reason", "you rated this answer yourself, so it was not marked wrong: flag the question as wrong or a typo instead"}
			case *rv.Correct:
				return &FlagInputError{"reason", "this answer already counts as right: flag the question as wrong or a typo instead"}
			}
			var resp []string
			_ = json.Unmarshal([]byte(rv.Response), &resp)
			if strings.TrimSpace(strings.Join(resp, "")) == "" {
				return &FlagInputError{"reason", "an empty answer cannot count: flag the question as wrong or a typo instead"}
			}
		}
		var n int64
		if err := tx.Model(&flagRow{}).Where("review_id = ?", rv.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrFlagged
		}
		row := flagRow{ReviewID: rv.ID, UserID: userID, BankID: rv.BankID, QuestionID: rv.QuestionID, Reason: reason,
			Comment: comment, Response: rv.Response, Status: FlagOpen, CreatedAt: now.UTC()}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		id = row.ID
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: flag review %d: %w", reviewID, err)
	}
	return s.FlagByID(ctx, id)
}

// FlagByID returns one flag.
func (s *Store) FlagByID(ctx context.Context, id uint) (*Flag, error) {
	var row flagWithNames
	if err := s.flagQuery(s.read(ctx)).Where("flags.id = ?", id).Take(&row).Error; err != nil {
		return nil, fmt.Errorf("storage: flag %d: %w", id, notFound(err))
	}
	return row.flag()
}

// FlagOfReview returns a student's flag of one of their answers, or
// ErrNotFound when they have not flagged it.
func (s *Store) FlagOfReview(ctx context.Context, userID, reviewID uint) (*Flag, error) {
	var row flagWithNames
	if err := s.flagQuery(s.read(ctx)).Where("flags.review_id = ? AND flags.user_id = ?", reviewID, userID).Take(&row).Error; err != nil {
		return nil, fmt.Errorf("storage: flag of review %d: %w", reviewID, notFound(err))
	}
	return row.flag()
}

// BankFlags returns a page (from 1) of a bank's flags in one status ("" for
// every status), the oldest first: the queue is worked from its front. It
// also returns how many there are in all.
func (s *Store) BankFlags(ctx context.Context, bankID uint, status string, page int) ([]Flag, int, error) {
	db := s.read(ctx)
	filter := func(q *gorm.DB) *gorm.DB {
		q = q.Where("flags.bank_id = ?", bankID)
		if status != "" {
			q = q.Where("flags.status = ?", status)
		}
		return q
	}
	var total int64
	if err := filter(db.Table("flags")).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: flags of bank %d: %w", bankID, err)
	}
	var rows []flagWithNames
	err := filter(s.flagQuery(db)).Order("flags.created_at, flags.id").
		Offset((max(page, 1) - 1) * FlagPage).Limit(FlagPage).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("storage: flags of bank %d: %w", bankID, err)
	}
	out, err := flagsOf(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("storage: flags of bank %d: %w", bankID, err)
	}
	return out, int(total), nil
}

// CountFlags counts a bank's flags in one status.
func (s *Store) CountFlags(ctx context.Context, bankID uint, status string) (int, error) {
	var n int64
	if err := s.read(ctx).Model(&flagRow{}).Where("bank_id = ? AND status = ?", bankID, status).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("storage: flags of bank %d: %w", bankID, err)
	}
	return int(n), nil
}

// StudentFlags returns a student's latest flags in a bank, newest first,
// at most limit of them: their stats page tells them what became of each.
func (s *Store) StudentFlags(ctx context.Context, userID, bankID uint, limit int) ([]Flag, error) {
	var rows []flagWithNames
	err := s.flagQuery(s.read(ctx)).Where("flags.user_id = ? AND flags.bank_id = ?", userID, bankID).
		Order("flags.id DESC").Limit(limit).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: flags of user %d: %w", userID, err)
	}
	out, err := flagsOf(rows)
	if err != nil {
		return nil, fmt.Errorf("storage: flags of user %d: %w", userID, err)
	}
	return out, nil
}
