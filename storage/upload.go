package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// PendingUpload is an uploaded file waiting for its instructor to publish
// it after the preview.
type PendingUpload struct {
	Token     string `gorm:"primaryKey"`
	UserID    uint
	Filename  string
	Format    string
	Title     string
	Public    bool
	Data      []byte
	CreatedAt time.Time
}

// TableName is the table of pending uploads.
func (PendingUpload) TableName() string { return "pending_uploads" }

// PendingUploadTTL is how long a previewed file waits to be published.
const PendingUploadTTL = time.Hour

// SavePendingUpload keeps a previewed file, and drops those expired.
func (s *Store) SavePendingUpload(ctx context.Context, p *PendingUpload) error {
	err := s.writeUncached(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("created_at < ?", time.Now().UTC().Add(-PendingUploadTTL)).Delete(&PendingUpload{}).Error; err != nil {
			return err
		}
		return tx.Create(p).Error
	})
	if err != nil {
		return fmt.Errorf("storage: keep upload %q: %w", p.Filename, err)
	}
	return nil
}

// PendingUploadByToken returns a user's previewed file that has not
// expired.
func (s *Store) PendingUploadByToken(ctx context.Context, userID uint, token string) (*PendingUpload, error) {
	var p PendingUpload
	err := s.read(ctx).Where("token = ? AND user_id = ? AND created_at >= ?", token, userID, time.Now().UTC().Add(-PendingUploadTTL)).Take(&p).Error
	if err != nil {
		return nil, fmt.Errorf("storage: pending upload: %w", notFound(err))
	}
	return &p, nil
}

// DeletePendingUpload drops a previewed file once it is published.
func (s *Store) DeletePendingUpload(ctx context.Context, token string) error {
	err := s.writeUncached(ctx, func(tx *gorm.DB) error { return tx.Where("token = ?", token).Delete(&PendingUpload{}).Error })
	if err != nil {
		return fmt.Errorf("storage: drop pending upload: %w", err)
	}
	return nil
}
