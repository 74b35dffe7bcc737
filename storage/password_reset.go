package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ResetValid is how long a password-reset link works.
const ResetValid = 24 * time.Hour

// Why a reset link no longer works: it was used, or it expired. A link
// never issued (or replaced by a newer one) is ErrNotFound.
var (
	ErrResetUsed    = errors.New("the link was used already")
	ErrResetExpired = errors.New("the link has expired")
)

// CreatePasswordReset stores the hash of a new one-time link to set the
// user's password, valid for ResetValid from now, and ends the user's
// earlier links that were not used. createdBy is who asked for it (nil for
// the command line). A disabled account gives ErrDisabled.
func (s *Store) CreatePasswordReset(ctx context.Context, userID uint, createdBy *uint, hash string, now time.Time) (time.Time, error) {
	now = now.UTC()
	expires := now.Add(ResetValid)
	err := s.writeUncached(ctx, func(tx *gorm.DB) error {
		return createReset(tx, userID, createdBy, hash, now)
	})
	if err != nil {
		return time.Time{}, fmt.Errorf("storage: reset link for user %d: %w", userID, err)
	}
	return expires, nil
}

// createReset is CreatePasswordReset within a transaction.
func createReset(tx *gorm.DB, userID uint, createdBy *uint, hash string, now time.Time) error {
	var u userRow
	if err := tx.Select("id", "disabled_at").Take(&u, userID).Error; err != nil {
		return notFound(err)
	}
	if u.DisabledAt != nil {
		return ErrDisabled
	}
	if err := tx.Where("user_id = ? AND used_at IS NULL", userID).Delete(&passwordResetRow{}).Error; err != nil {
		return err
	}
	return tx.Create(&passwordResetRow{Hash: hash, UserID: userID, ExpiresAt: now.Add(ResetValid), CreatedBy: createdBy, CreatedAt: now}).Error
}

// checkReset finds the link with this hash and says whether it still works.
func checkReset(db *gorm.DB, hash string, now time.Time) (*passwordResetRow, *userRow, error) {
	var r passwordResetRow
	if err := db.Where("hash = ?", hash).Take(&r).Error; err != nil {
		return nil, nil, notFound(err)
	}
	switch {
	case r.UsedAt != nil:
		return nil, nil, ErrResetUsed
	case !now.Before(r.ExpiresAt):
		return nil, nil, ErrResetExpired
	}
	var u userRow
	if err := db.Take(&u, r.UserID).Error; err != nil {
		return nil, nil, notFound(err)
	}
	if u.DisabledAt != nil {
		return nil, nil, ErrDisabled
	}
	return &r, &u, nil
}

// PasswordResetUser is the user whose password the link with this hash
// sets, while it works: else ErrResetUsed, ErrResetExpired, ErrDisabled or
// ErrNotFound.
func (s *Store) PasswordResetUser(ctx context.Context, hash string, now time.Time) (*User, error) {
	_, u, err := checkReset(s.read(ctx), hash, now.UTC())
	if err != nil {
		return nil, fmt.Errorf("storage: reset link: %w", err)
	}
	return u.user(), nil
}

// UsePasswordReset sets the password of the link's user to passwordHash
// and uses the link up, in one transaction, so that a link works once
// however many requests race with it. Like ChangePassword it ends the
// user's sessions and tokens. A link that no longer works gives the errors
// of PasswordResetUser.
func (s *Store) UsePasswordReset(ctx context.Context, hash, passwordHash string, now time.Time) (*User, error) {
	now = now.UTC()
	var user *User
	err := s.write(ctx, func(tx *gorm.DB) error {
		r, u, err := checkReset(tx, hash, now)
		if err != nil {
			return err
		}
		res := tx.Model(&passwordResetRow{}).Where("id = ? AND used_at IS NULL", r.ID).Update("used_at", now)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrResetUsed
		}
		if err := tx.Model(&userRow{}).Where("id = ?", u.ID).
			Updates(map[string]any{"password_hash": passwordHash, "sessions_valid_after": now, "updated_at": now}).Error; err != nil {
			return err
		}
		if err := tx.Where("user_id = ?", u.ID).Delete(&apiTokenRow{}).Error; err != nil {
			return err
		}
		u.SessionsValidAfter = &now
		user = u.user()
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: use reset link: %w", err)
	}
	return user, nil
}
