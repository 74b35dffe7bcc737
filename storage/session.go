package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SessionStore keeps web sessions in the database, so that they survive a
// restart and can be shared by several servers. Its methods are those of
// Fiber's storage interface; it does not import Fiber.
type SessionStore struct {
	s *Store
	// timeout bounds each call, which the interface gives no context for.
	timeout time.Duration
}

// Sessions returns the session store.
func (s *Store) Sessions() *SessionStore { return &SessionStore{s: s, timeout: 10 * time.Second} }

func (ss *SessionStore) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), ss.timeout)
}

// Get returns a session's data, or nil when there is none or it expired.
func (ss *SessionStore) Get(key string) ([]byte, error) {
	ctx, cancel := ss.ctx()
	defer cancel()
	var row sessionRow
	err := ss.s.read(ctx).Where("key = ? AND expires_at > ?", key, time.Now().UTC()).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("storage: get session: %w", err)
	}
	return row.Data, nil
}

// Set stores a session's data until it expires.
func (ss *SessionStore) Set(key string, val []byte, exp time.Duration) error {
	if key == "" || len(val) == 0 {
		return nil
	}
	if exp <= 0 {
		exp = 24 * time.Hour
	}
	ctx, cancel := ss.ctx()
	defer cancel()
	row := sessionRow{Key: key, Data: val, ExpiresAt: time.Now().UTC().Add(exp)}
	err := ss.s.writeUncached(ctx, func(tx *gorm.DB) error {
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "key"}},
			DoUpdates: clause.AssignmentColumns([]string{"data", "expires_at"}),
		}).Create(&row).Error
	})
	if err != nil {
		return fmt.Errorf("storage: set session: %w", err)
	}
	return nil
}

// Delete removes a session.
func (ss *SessionStore) Delete(key string) error {
	ctx, cancel := ss.ctx()
	defer cancel()
	err := ss.s.writeUncached(ctx, func(tx *gorm.DB) error {
		return tx.Where("key = ?", key).Delete(&sessionRow{}).Error
	})
	if err != nil {
		return fmt.Errorf("storage: delete session: %w", err)
	}
	return nil
}

// Reset removes every session.
func (ss *SessionStore) Reset() error {
	ctx, cancel := ss.ctx()
	defer cancel()
	err := ss.s.writeUncached(ctx, func(tx *gorm.DB) error {
		return tx.Where("1 = 1").Delete(&sessionRow{}).Error
	})
	if err != nil {
		return fmt.Errorf("storage: reset sessions: %w", err)
	}
	return nil
}

// Close does nothing: the store is closed by its owner.
func (ss *SessionStore) Close() error { return nil }

// DeleteExpiredSessions removes sessions past their expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := s.writeUncached(ctx, func(tx *gorm.DB) error {
		res := tx.Where("expires_at <= ?", now.UTC()).Delete(&sessionRow{})
		n = res.RowsAffected
		return res.Error
	})
	if err != nil {
		return 0, fmt.Errorf("storage: delete expired sessions: %w", err)
	}
	return n, nil
}
