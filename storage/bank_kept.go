package storage

import (
	"context"
	"fmt"
	"time"
)

// KeptEdit is a question someone changed by hand, which a newer version of
// the bundled bank leaves as it is.
type KeptEdit struct {
	ID       string
	Prompt   string
	Retired  bool
	EditedBy string // the editor's username, "" when the account is gone
	EditedAt time.Time
}

// KeptEdits lists the questions of a bank that were edited by hand
// (questions.edited_by is set), in the bank's order: for the bundled bank,
// those that loading a newer bundled version keeps (BankOptions.KeepEdited).
func (s *Store) KeptEdits(ctx context.Context, bankID uint) ([]KeptEdit, error) {
	var rows []struct {
		QID      string `gorm:"column:qid"`
		Prompt   string
		Retired  bool
		EditedAt *time.Time
		Username *string
	}
	err := s.read(ctx).Table("questions AS q").Select("q.qid, q.prompt, q.retired, q.edited_at, u.username").
		Joins("LEFT JOIN users u ON u.id = q.edited_by").
		Where("q.bank_id = ? AND q.edited_by IS NOT NULL", bankID).Order("q.position, q.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: edited questions of bank %d: %w", bankID, err)
	}
	out := make([]KeptEdit, len(rows))
	for i, r := range rows {
		out[i] = KeptEdit{ID: r.QID, Prompt: r.Prompt, Retired: r.Retired}
		if r.Username != nil {
			out[i].EditedBy = *r.Username
		}
		if r.EditedAt != nil {
			out[i].EditedAt = *r.EditedAt
		}
	}
	return out, nil
}
