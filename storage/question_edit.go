package storage

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"quizd/questions"
)

// Why a version of a question was written.
const (
	ReasonCreated = "created" // first version: generation, upload or the editor
	ReasonUpload  = "upload"  // a new version of the bank changed it
	ReasonEdit    = "edit"    // someone saved it in the editor
	ReasonRestore = "restore" // an earlier version was brought back
	ReasonAppeal  = "appeal"  // an accepted appeal added an accepted answer
)

// QuestionVersion is one version of a question.
type QuestionVersion struct {
	Version   int
	Question  questions.Question
	AuthorID  *uint
	Author    string // the author's username, "" for none
	Reason    string
	CreatedAt time.Time
	// Answers counts the answers given on this version, Right those of
	// them graded right (self-rated answers are neither right nor wrong).
	Answers, Right int
}

// StaleError is returned by EditQuestion when the question changed since
// the version the edit was based on; Current is the question as it is now.
type StaleError struct{ Current *StoredQuestion }

func (e *StaleError) Error() string {
	return fmt.Sprintf("question %s changed since it was read: it is at version %d now", e.Current.ID, e.Current.Version)
}

// Is makes a StaleError an ErrConflict.
func (e *StaleError) Is(target error) bool { return target == ErrConflict }

// QuestionEdit is one change to a stored question.
type QuestionEdit struct {
	BankID uint
	QID    string
	// BaseVersion is the version the change was made on: when the
	// question is at another version now, nothing is saved and a
	// *StaleError is returned. 0 skips the check (for changes computed
	// inside the transaction, such as an accepted appeal).
	BaseVersion int
	AuthorID    *uint
	Reason      string
	// Change edits a copy of the question in place. Its ID is kept
	// whatever Change does to it. An error from Change is returned as is
	// and nothing is saved.
	Change func(q *questions.Question) error
}

// EditQuestion changes one question, retired or not, and writes the
// change as a new version by e.AuthorID. The question is validated as an
// upload would be: an invalid result saves nothing and returns the
// validation error (questions.Problem values joined). An edit that changes
// nothing writes no version and returns the question as it is.
func (s *Store) EditQuestion(ctx context.Context, e QuestionEdit) (*StoredQuestion, error) {
	var out *StoredQuestion
	err := s.write(ctx, func(tx *gorm.DB) error {
		var err error
		out, err = editQuestion(tx, e, time.Now().UTC())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("storage: edit question %s of bank %d: %w", e.QID, e.BankID, err)
	}
	return out, nil
}

// editQuestion is EditQuestion inside a transaction, for the callers that
// change more than the question in one (an accepted appeal).
func editQuestion(tx *gorm.DB, e QuestionEdit, now time.Time) (*StoredQuestion, error) {
	var row questionRow
	if err := tx.Where("bank_id = ? AND qid = ?", e.BankID, e.QID).Take(&row).Error; err != nil {
		return nil, notFound(err)
	}
	cur, err := row.question()
	if err != nil {
		return nil, err
	}
	if e.BaseVersion != 0 && e.BaseVersion != row.Version {
		return nil, &StaleError{Current: cur}
	}
	q := cur.Question
	q.Accept = append([]string(nil), q.Accept...)
	q.Choices = append([]string(nil), q.Choices...)
	q.Answers = append([]string(nil), q.Answers...)
	q.Items = append([]string(nil), q.Items...)
	q.Pairs = append([]questions.Pair(nil), q.Pairs...)
	q.Numbers = append([]questions.NumberRange(nil), q.Numbers...)
	if err := e.Change(&q); err != nil {
		return nil, err
	}
	q.ID = cur.ID
	if err := q.Validate(); err != nil {
		return nil, err
	}
	if q.Equal(cur.Question) {
		return cur, nil
	}
	data, err := json.Marshal(q)
	if err != nil {
		return nil, err
	}
	next := row.Version + 1
	res := tx.Model(&questionRow{}).Where("id = ? AND version = ?", row.ID, row.Version).Updates(map[string]any{
		"topic": q.Topic, "type": string(q.Type), "prompt": q.Prompt, "data": string(data),
		"version": next, "edited_by": e.AuthorID, "edited_at": now, "updated_at": now,
	})
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected != 1 {
		// Another process saved first (a database without immediate
		// transactions): the caller reads the question again.
		return nil, ErrConflict
	}
	reason := e.Reason
	if reason == "" {
		reason = ReasonEdit
	}
	if err := tx.Create(&questionVersionRow{QuestionID: row.ID, Version: next, Data: string(data),
		AuthorID: e.AuthorID, Reason: reason, CreatedAt: now}).Error; err != nil {
		return nil, err
	}
	row.Data, row.Version, row.EditedBy, row.EditedAt = string(data), next, e.AuthorID, &now
	return row.question()
}

// NewQuestionID returns an ID for a question made in the editor: random,
// so that it never depends on text that may be edited later.
func NewQuestionID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Sprintf("storage: no randomness: %v", err))
	}
	return "q" + hex.EncodeToString(b[:])
}

// AddQuestion adds a question at the end of a bank, as version 1 by
// authorID. An empty q.ID gets NewQuestionID; an ID the bank already has
// is ErrExists. An invalid question saves nothing and returns the
// validation error.
func (s *Store) AddQuestion(ctx context.Context, bankID uint, q questions.Question, authorID *uint) (*StoredQuestion, error) {
	if q.ID == "" {
		q.ID = NewQuestionID()
	}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	data, err := json.Marshal(q)
	if err != nil {
		return nil, err
	}
	var out *StoredQuestion
	err = s.write(ctx, func(tx *gorm.DB) error {
		if err := tx.Select("id").Take(&bankRow{}, bankID).Error; err != nil {
			return notFound(err)
		}
		var n int64
		if err := tx.Model(&questionRow{}).Where("bank_id = ? AND qid = ?", bankID, q.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return ErrExists
		}
		var last struct{ P int }
		if err := tx.Model(&questionRow{}).Select("COALESCE(MAX(position), 0) AS p").Where("bank_id = ?", bankID).Scan(&last).Error; err != nil {
			return err
		}
		now := time.Now().UTC()
		row := questionRow{BankID: bankID, QID: q.ID, Position: last.P + 1, NewOrder: newOrder(q.ID), Topic: q.Topic,
			Type: string(q.Type), Prompt: q.Prompt, Data: string(data), Version: 1, EditedBy: authorID, EditedAt: &now}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		if err := tx.Create(&questionVersionRow{QuestionID: row.ID, Version: 1, Data: string(data),
			AuthorID: authorID, Reason: ReasonCreated, CreatedAt: now}).Error; err != nil {
			return err
		}
		out, err = row.question()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("storage: add question %s to bank %d: %w", q.ID, bankID, err)
	}
	return out, nil
}

// SetRetired retires a question (students no longer study it; its cards,
// reviews and reports stay) or brings it back.
func (s *Store) SetRetired(ctx context.Context, bankID uint, qid string, retired bool) (*StoredQuestion, error) {
	var out *StoredQuestion
	err := s.write(ctx, func(tx *gorm.DB) error {
		var row questionRow
		if err := tx.Where("bank_id = ? AND qid = ?", bankID, qid).Take(&row).Error; err != nil {
			return notFound(err)
		}
		if row.Retired != retired {
			if err := tx.Model(&questionRow{}).Where("id = ?", row.ID).Updates(map[string]any{
				"retired": retired, "updated_at": time.Now().UTC(),
			}).Error; err != nil {
				return err
			}
			row.Retired = retired
		}
		var err error
		out, err = row.question()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("storage: retire question %s of bank %d: %w", qid, bankID, err)
	}
	return out, nil
}

// StoredQuestionOf returns one question of a bank by its ID, retired or not.
func (s *Store) StoredQuestionOf(ctx context.Context, bankID uint, qid string) (*StoredQuestion, error) {
	var row questionRow
	if err := s.read(ctx).Where("bank_id = ? AND qid = ?", bankID, qid).Take(&row).Error; err != nil {
		return nil, fmt.Errorf("storage: question %s of bank %d: %w", qid, bankID, notFound(err))
	}
	return row.question()
}

// QuestionVersions returns every version of a question, newest first.
func (s *Store) QuestionVersions(ctx context.Context, bankID uint, qid string) ([]QuestionVersion, error) {
	db := s.read(ctx)
	var row questionRow
	if err := db.Select("id").Where("bank_id = ? AND qid = ?", bankID, qid).Take(&row).Error; err != nil {
		return nil, fmt.Errorf("storage: versions of question %s: %w", qid, notFound(err))
	}
	type versionWithAuthor struct {
		Version   int
		Data      string
		AuthorID  *uint
		Reason    string
		CreatedAt time.Time
		Username  *string
	}
	var rows []versionWithAuthor
	err := db.Table("question_versions AS v").Select("v.version, v.data, v.author_id, v.reason, v.created_at, u.username").
		Joins("LEFT JOIN users u ON u.id = v.author_id").
		Where("v.question_id = ?", row.ID).Order("v.version DESC").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: versions of question %s: %w", qid, err)
	}
	type tally struct {
		QuestionVersion int
		Answers         int
		CorrectCount    int
	}
	var tallies []tally
	err = db.Model(&reviewRow{}).Select("question_version, COUNT(*) AS answers, SUM(CASE WHEN correct THEN 1 ELSE 0 END) AS correct_count").
		Where("question_id = ?", row.ID).Group("question_version").Scan(&tallies).Error
	if err != nil {
		return nil, fmt.Errorf("storage: answers to the versions of question %s: %w", qid, err)
	}
	byVersion := make(map[int]tally, len(tallies))
	for _, t := range tallies {
		byVersion[t.QuestionVersion] = t
	}
	out := make([]QuestionVersion, len(rows))
	for i, r := range rows {
		t := byVersion[r.Version]
		v := QuestionVersion{Version: r.Version, AuthorID: r.AuthorID, Reason: r.Reason, CreatedAt: r.CreatedAt, Answers: t.Answers, Right: t.CorrectCount}
		if r.Username != nil {
			v.Author = *r.Username
		}
		if err := json.Unmarshal([]byte(r.Data), &v.Question); err != nil {
			return nil, fmt.Errorf("storage: version %d of question %s: %w", r.Version, qid, err)
		}
		out[i] = v
	}
	return out, nil
}

// RestoreVersion makes an earlier version of a question the current one,
// as a new version by authorID. baseVersion is checked as by EditQuestion.
func (s *Store) RestoreVersion(ctx context.Context, bankID uint, qid string, version, baseVersion int, authorID *uint) (*StoredQuestion, error) {
	vs, err := s.QuestionVersions(ctx, bankID, qid)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		if v.Version == version {
			old := v.Question
			return s.EditQuestion(ctx, QuestionEdit{BankID: bankID, QID: qid, BaseVersion: baseVersion, AuthorID: authorID,
				Reason: ReasonRestore, Change: func(q *questions.Question) error { *q = old; return nil }})
		}
	}
	return nil, fmt.Errorf("storage: version %d of question %s: %w", version, qid, ErrNotFound)
}

// firstVersions are the version-1 rows of questions just inserted.
func firstVersions(rows []questionRow, author *uint) []questionVersionRow {
	now := time.Now().UTC()
	out := make([]questionVersionRow, len(rows))
	for i, r := range rows {
		out[i] = questionVersionRow{QuestionID: r.ID, Version: 1, Data: r.Data, AuthorID: author, Reason: ReasonCreated, CreatedAt: now}
	}
	return out
}
