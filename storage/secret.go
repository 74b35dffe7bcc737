package storage

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Secret returns the 256-bit random key named name, made on first use and
// the same for every server sharing the database (whichever makes it
// first, the others read it).
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	var row secretRow
	err := s.read(ctx).Where("name = ?", name).Take(&row).Error
	if err == nil {
		return row.Value, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("storage: secret %q: %w", name, err)
	}
	v := make([]byte, 32)
	if _, err := rand.Read(v); err != nil {
		return nil, fmt.Errorf("storage: secret %q: %w", name, err)
	}
	err = s.write(ctx, func(tx *gorm.DB) error {
		err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&secretRow{Name: name, Value: v, CreatedAt: time.Now().UTC()}).Error
		if err != nil {
			return err
		}
		return tx.Where("name = ?", name).Take(&row).Error
	})
	if err != nil {
		return nil, fmt.Errorf("storage: make secret %q: %w", name, err)
	}
	return row.Value, nil
}
