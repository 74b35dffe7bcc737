package storage

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// rateLimitRow counts the hits of one key in a fixed window.
type rateLimitRow struct {
	Key       string `gorm:"primaryKey"`
	Hits      int
	WindowEnd time.Time
}

func (rateLimitRow) TableName() string { return "rate_limits" }

// Hit counts one hit of key in a window of the given length that starts
// with the key's first hit, and returns the hits so far in the window and
// when it ends. One statement counts the hit, so that several processes
// sharing the database never lose one.
func (s *Store) Hit(ctx context.Context, key string, window time.Duration, now time.Time) (hits int, windowEnd time.Time, err error) {
	now = now.UTC()
	end := now.Add(window)
	var row rateLimitRow
	err = s.writeUncached(ctx, func(tx *gorm.DB) error {
		err := tx.Clauses(clause.OnConflict{
			Columns: []clause.Column{{Name: "key"}},
			DoUpdates: clause.Assignments(map[string]any{
				"hits":       gorm.Expr("CASE WHEN rate_limits.window_end <= ? THEN 1 ELSE rate_limits.hits + 1 END", now),
				"window_end": gorm.Expr("CASE WHEN rate_limits.window_end <= ? THEN ? ELSE rate_limits.window_end END", now, end),
			}),
		}).Create(&rateLimitRow{Key: key, Hits: 1, WindowEnd: end}).Error
		if err != nil {
			return err
		}
		return tx.Where("key = ?", key).Take(&row).Error
	})
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("storage: count a hit of %q: %w", key, err)
	}
	return row.Hits, row.WindowEnd, nil
}

// DeleteExpiredLimits removes the counters whose window has ended.
func (s *Store) DeleteExpiredLimits(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := s.writeUncached(ctx, func(tx *gorm.DB) error {
		res := tx.Where("window_end <= ?", now.UTC()).Delete(&rateLimitRow{})
		n = res.RowsAffected
		return res.Error
	})
	if err != nil {
		return 0, fmt.Errorf("storage: delete expired rate limits: %w", err)
	}
	return n, nil
}
