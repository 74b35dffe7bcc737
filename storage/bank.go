package storage

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"quizd/questions"
)

// Bank is a stored bank, without its questions.
type Bank struct {
	ID            uint
	Slug          string
	Title         string
	Version       string
	Source        questions.Source
	OwnerID       *uint
	Public        bool
	Builtin       bool
	QuestionCount int
	UpdatedAt     time.Time
}

func (r *bankRow) bank(count int) *Bank {
	return &Bank{
		ID: r.ID, Slug: r.Slug, Title: r.Title, Version: r.Version,
		Source:  questions.Source{Title: r.SourceTitle, Author: r.SourceAuthor, Location: r.SourceLocation},
		OwnerID: r.OwnerID, Public: r.Public, Builtin: r.Builtin, QuestionCount: count, UpdatedAt: r.UpdatedAt,
	}
}

// BankOptions say who owns a bank and who sees it.
type BankOptions struct {
	OwnerID *uint
	Public  bool
	Builtin bool
	// Actor, when set, must be allowed to manage an existing bank of the
	// same slug (CanManageBank), or nothing is saved and ErrForbidden is
	// returned.
	Actor *User
	// DryRun computes what saving would do and saves nothing.
	DryRun bool
}

// errDryRun rolls back a dry run's transaction.
var errDryRun = errors.New("dry run")

// UpsertResult counts what saving a bank did to its questions.
type UpsertResult struct {
	Bank                                 *Bank
	Created, Updated, Retired, Unchanged int
	BankCreated, BankChanged             bool
}

// UpsertBank stores a bank, or a new version of the bank with the same
// slug, in one transaction. Questions are matched by ID: an unchanged one
// keeps every student's progress, a changed one is updated in place (and
// keeps it too), one that is gone is retired (kept for reports, no longer
// studied), one that comes back is studied again.
func (s *Store) UpsertBank(ctx context.Context, b *questions.Bank, opt BankOptions) (*UpsertResult, error) {
	if err := b.Validate(); err != nil {
		return nil, fmt.Errorf("storage: save bank %q: %w", b.Slug, err)
	}
	res := &UpsertResult{}
	err := s.write(ctx, func(tx *gorm.DB) error {
		var row bankRow
		err := tx.Where("slug = ?", b.Slug).Take(&row).Error
		switch {
		case err == gorm.ErrRecordNotFound:
			row = bankRow{Slug: b.Slug, OwnerID: opt.OwnerID, Public: opt.Public, Builtin: opt.Builtin}
			res.BankCreated = true
		case err != nil:
			return err
		default:
			if opt.Actor != nil && !CanManageBank(opt.Actor, row.bank(0)) {
				return ErrForbidden
			}
		}
		res.BankChanged = res.BankCreated || row.Version != b.Version || row.Title != b.Title
		row.Title, row.Version = b.Title, b.Version
		row.SourceTitle, row.SourceAuthor, row.SourceLocation = b.Source.Title, b.Source.Author, b.Source.Location
		if err := tx.Save(&row).Error; err != nil {
			return err
		}
		var existing []questionRow
		if err := tx.Where("bank_id = ?", row.ID).Find(&existing).Error; err != nil {
			return err
		}
		byQID := make(map[string]*questionRow, len(existing))
		for i := range existing {
			byQID[existing[i].QID] = &existing[i]
		}
		seen := make(map[string]bool, len(b.Questions))
		var fresh []questionRow
		for i, q := range b.Questions {
			seen[q.ID] = true
			data, err := json.Marshal(q)
			if err != nil {
				return err
			}
			old := byQID[q.ID]
			if old == nil {
				fresh = append(fresh, questionRow{BankID: row.ID, QID: q.ID, Position: i + 1, NewOrder: newOrder(q.ID), Topic: q.Topic,
					Type: string(q.Type), Prompt: q.Prompt, Data: string(data)})
				res.Created++
				continue
			}
			if old.Data == string(data) && old.Position == i+1 && !old.Retired {
				res.Unchanged++
				continue
			}
			res.Updated++
			err = tx.Model(&questionRow{}).Where("id = ?", old.ID).Updates(map[string]any{
				"position": i + 1, "topic": q.Topic, "type": string(q.Type), "prompt": q.Prompt,
				"data": string(data), "retired": false, "updated_at": time.Now().UTC(),
			}).Error
			if err != nil {
				return err
			}
		}
		if len(fresh) > 0 {
			if err := tx.CreateInBatches(fresh, 200).Error; err != nil {
				return err
			}
		}
		for _, old := range existing {
			if !seen[old.QID] && !old.Retired {
				res.Retired++
				if err := tx.Model(&questionRow{}).Where("id = ?", old.ID).Updates(map[string]any{
					"retired": true, "updated_at": time.Now().UTC(),
				}).Error; err != nil {
					return err
				}
			}
		}
		res.Bank = row.bank(len(b.Questions))
		if opt.DryRun {
			return errDryRun
		}
		return nil
	})
	if errors.Is(err, errDryRun) {
		return res, nil
	}
	if err != nil {
		return nil, fmt.Errorf("storage: save bank %q: %w", b.Slug, err)
	}
	return res, nil
}

// newOrder is the place of a question among a bank's new cards: a hash of
// its ID, so that the order is fixed but mixes topics and facts.
func newOrder(qid string) int64 {
	h := sha256.Sum256([]byte(qid))
	return int64(binary.BigEndian.Uint64(h[:8]) >> 1)
}

// countActive returns, per bank, how many questions are studied.
func (s *Store) countActive(ctx context.Context, bankIDs []uint) (map[uint]int, error) {
	type count struct {
		BankID uint
		N      int
	}
	var counts []count
	err := s.read(ctx).Model(&questionRow{}).Select("bank_id, COUNT(*) AS n").
		Where("bank_id IN ? AND retired = ?", bankIDs, false).Group("bank_id").Scan(&counts).Error
	if err != nil {
		return nil, err
	}
	out := make(map[uint]int, len(counts))
	for _, c := range counts {
		out[c.BankID] = c.N
	}
	return out, nil
}

// Banks lists every bank, the built-in ones first, then by title.
func (s *Store) Banks(ctx context.Context) ([]*Bank, error) {
	var rows []bankRow
	if err := s.read(ctx).Order("builtin DESC, title, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: list banks: %w", err)
	}
	ids := make([]uint, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	counts, err := s.countActive(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("storage: list banks: %w", err)
	}
	out := make([]*Bank, len(rows))
	for i := range rows {
		out[i] = rows[i].bank(counts[rows[i].ID])
	}
	return out, nil
}

// BankByID returns a bank.
func (s *Store) BankByID(ctx context.Context, id uint) (*Bank, error) {
	var row bankRow
	if err := s.read(ctx).Take(&row, id).Error; err != nil {
		return nil, fmt.Errorf("storage: bank %d: %w", id, notFound(err))
	}
	counts, err := s.countActive(ctx, []uint{id})
	if err != nil {
		return nil, fmt.Errorf("storage: bank %d: %w", id, err)
	}
	return row.bank(counts[id]), nil
}

// BankBySlug returns a bank.
func (s *Store) BankBySlug(ctx context.Context, slug string) (*Bank, error) {
	var row bankRow
	if err := s.read(ctx).Where("slug = ?", slug).Take(&row).Error; err != nil {
		return nil, fmt.Errorf("storage: bank %q: %w", slug, notFound(err))
	}
	return s.BankByID(ctx, row.ID)
}

// StoredQuestion is a question with its row, as study needs it.
type StoredQuestion struct {
	RowID   uint
	BankID  uint
	Retired bool
	questions.Question
}

func (r *questionRow) question() (*StoredQuestion, error) {
	sq := &StoredQuestion{RowID: r.ID, BankID: r.BankID, Retired: r.Retired}
	if err := json.Unmarshal([]byte(r.Data), &sq.Question); err != nil {
		return nil, fmt.Errorf("question %d: %w", r.ID, err)
	}
	return sq, nil
}

// Question returns one question of a bank by its ID; a retired question is
// not found.
func (s *Store) Question(ctx context.Context, bankID uint, qid string) (*StoredQuestion, error) {
	var row questionRow
	err := s.read(ctx).Where("bank_id = ? AND qid = ? AND retired = ?", bankID, qid, false).Take(&row).Error
	if err != nil {
		return nil, fmt.Errorf("storage: question %s of bank %d: %w", qid, bankID, notFound(err))
	}
	q, err := row.question()
	if err != nil {
		return nil, fmt.Errorf("storage: %w", err)
	}
	return q, nil
}

// Topics returns the topics of a bank's studied questions with their
// counts, in the order they first appear.
func (s *Store) Topics(ctx context.Context, bankID uint) ([]TopicCount, error) {
	var rows []questionRow
	err := s.read(ctx).Select("topic").Where("bank_id = ? AND retired = ?", bankID, false).Order("position").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: topics of bank %d: %w", bankID, err)
	}
	var out []TopicCount
	index := map[string]int{}
	for _, r := range rows {
		i, ok := index[r.Topic]
		if !ok {
			i = len(out)
			index[r.Topic] = i
			out = append(out, TopicCount{Topic: r.Topic})
		}
		out[i].Questions++
	}
	return out, nil
}

// TopicCount is how many questions a topic has.
type TopicCount struct {
	Topic     string
	Questions int
}
