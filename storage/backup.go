package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the live database to path with
// SQLite's VACUUM INTO: one read transaction, so writers go on meanwhile
// and the copy is the database as it was at one instant. The file must
// not exist yet.
func (s *Store) Backup(ctx context.Context, path string) error {
	if s.kind == Postgres {
		return errors.New("storage: backup: the database is PostgreSQL: back it up with pg_dump, not quizd backup")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("storage: backup: %s exists already: give a new file", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("storage: backup: %w", err)
	}
	if err := s.r.WithContext(ctx).Exec("VACUUM INTO ?", path).Error; err != nil {
		os.Remove(path)
		return fmt.Errorf("storage: backup to %s: %w", path, err)
	}
	return nil
}

// IntegrityCheck runs SQLite's integrity check and returns its verdict:
// "ok" for a sound database.
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	var out string
	if err := s.r.WithContext(ctx).Raw("PRAGMA integrity_check").Scan(&out).Error; err != nil {
		return "", fmt.Errorf("storage: integrity check: %w", err)
	}
	return out, nil
}

// CardState returns a student's card of a question, for checks.
func (s *Store) CardState(ctx context.Context, userID, bankID uint, qid string) (*Review, error) {
	var row cardRow
	err := s.read(ctx).Joins("JOIN questions ON questions.id = cards.question_id").
		Where("cards.user_id = ? AND cards.bank_id = ? AND questions.qid = ?", userID, bankID, qid).Take(&row).Error
	if err != nil {
		return nil, fmt.Errorf("storage: card of %s: %w", qid, notFound(err))
	}
	return &Review{After: row.St.card()}, nil
}
