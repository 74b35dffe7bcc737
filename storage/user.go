package storage

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"quizd/questions/srs"
)

// Role is what a user may do.
type Role string

// The roles.
const (
	Student    Role = "student"
	Instructor Role = "instructor"
	Admin      Role = "admin"
)

// Roles lists every role.
var Roles = []Role{Student, Instructor, Admin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == Student || r == Instructor || r == Admin }

// User is an account.
type User struct {
	ID        uint
	Username  string
	Role      Role
	Settings  srs.Settings
	CreatedAt time.Time
	// SessionsValidAfter ends sessions begun before it (zero: none ended).
	SessionsValidAfter time.Time
	// DisplayName is the person's name as an instructor gave it ("" for none).
	DisplayName string
	// DisabledAt is when an admin disabled the account (zero: it is not):
	// a disabled account can't sign in and its tokens are refused.
	DisabledAt time.Time
}

// Disabled reports whether the account is disabled.
func (u *User) Disabled() bool { return !u.DisabledAt.IsZero() }

func (r *userRow) user() *User {
	u := &User{
		ID: r.ID, Username: r.Username, Role: Role(r.Role), CreatedAt: r.CreatedAt,
		Settings: srs.Settings{DesiredRetention: r.DesiredRetention, NewPerDay: r.NewPerDay},
	}
	if r.SessionsValidAfter != nil {
		u.SessionsValidAfter = r.SessionsValidAfter.UTC()
	}
	u.DisplayName = r.DisplayName
	if r.DisabledAt != nil {
		u.DisabledAt = r.DisabledAt.UTC()
	}
	return u
}

// CreateUser adds an account with default settings. A name taken already,
// in any letter case or Unicode form (see UsernameKey), gives ErrExists.
func (s *Store) CreateUser(ctx context.Context, username, passwordHash string, role Role) (*User, error) {
	return s.CreateAccount(ctx, NewAccount{Username: username, PasswordHash: passwordHash, Role: role})
}

// UserByName finds an account by name, in any letter case or Unicode form,
// with its password hash. A name no account could have is not found.
func (s *Store) UserByName(ctx context.Context, username string) (*User, string, error) {
	key, err := UsernameKey(username)
	if err != nil {
		return nil, "", fmt.Errorf("storage: user %q: %w", username, ErrNotFound)
	}
	var row userRow
	if err := s.read(ctx).Where("username_key = ?", key).Take(&row).Error; err != nil {
		return nil, "", fmt.Errorf("storage: user %q: %w", username, notFound(err))
	}
	return row.user(), row.PasswordHash, nil
}

// UserByID finds an account.
func (s *Store) UserByID(ctx context.Context, id uint) (*User, error) {
	u, err := cached(s, ctx, func(c *cache) map[uint]User { return c.users }, id, func() (User, error) {
		var row userRow
		if err := s.read(ctx).Take(&row, id).Error; err != nil {
			return User{}, err
		}
		return *row.user(), nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: user %d: %w", id, notFound(err))
	}
	return &u, nil
}

// UpdateSettings saves a student's settings.
func (s *Store) UpdateSettings(ctx context.Context, userID uint, set srs.Settings) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&userRow{}).Where("id = ?", userID).Updates(map[string]any{
			"desired_retention": set.DesiredRetention, "new_per_day": set.NewPerDay, "updated_at": time.Now().UTC(),
		})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("storage: update settings of user %d: %w", userID, err)
	}
	return nil
}

// An API token ends after TokenIdle without use. Its last use is written
// at most once per tokenTouch, so that a busy client does not turn every
// call into a write.
const (
	TokenIdle  = 90 * 24 * time.Hour
	tokenTouch = time.Hour
)

// Token is what a user may see of one of their API tokens: never the token,
// which is not stored.
type Token struct {
	ID         uint
	CreatedAt  time.Time
	LastUsedAt time.Time
	// ExpiresAt is when the token ends if it is not used before.
	ExpiresAt time.Time
}

// CreateToken stores the hash of a new API token for a user, and drops the
// user's tokens that have expired.
func (s *Store) CreateToken(ctx context.Context, userID uint, hash string, now time.Time) error {
	now = now.UTC()
	// A new token is in no cache, and an expired one is refused by its
	// last use wherever it is cached.
	err := s.writeUncached(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ? AND last_used_at <= ?", userID, now.Add(-TokenIdle)).Delete(&apiTokenRow{}).Error; err != nil {
			return err
		}
		return tx.Create(&apiTokenRow{UserID: userID, Hash: hash, CreatedAt: now, LastUsedAt: now}).Error
	})
	if err != nil {
		return fmt.Errorf("storage: create token for user %d: %w", userID, err)
	}
	return nil
}

// UserByToken finds the owner of the token with this hash, unless the
// token went unused for TokenIdle, and notes that it was used now.
func (s *Store) UserByToken(ctx context.Context, hash string, now time.Time) (*User, error) {
	now = now.UTC()
	idle := now.Add(-TokenIdle)
	load := func() (tokenEntry, error) {
		var tok apiTokenRow
		if err := s.read(ctx).Where("hash = ? AND last_used_at > ?", hash, idle).Take(&tok).Error; err != nil {
			return tokenEntry{}, err
		}
		return tokenEntry{id: tok.ID, userID: tok.UserID, lastUsed: tok.LastUsedAt.UnixNano()}, nil
	}
	tok, err := cached(s, ctx, func(c *cache) map[string]tokenEntry { return c.tokens }, strings.Clone(hash), load)
	if err == nil && !time.Unix(0, tok.lastUsed).After(idle) {
		// Idle in the cache: another server may have noted a later use.
		tok, err = load()
	}
	if err != nil {
		return nil, fmt.Errorf("storage: token: %w", notFound(err))
	}
	u, err := s.UserByID(ctx, tok.userID)
	if err != nil {
		return nil, fmt.Errorf("storage: token: %w", err)
	}
	if u.Disabled() {
		return nil, fmt.Errorf("storage: token of user %d: %w", u.ID, ErrDisabled)
	}
	if now.Sub(time.Unix(0, tok.lastUsed)) >= tokenTouch {
		// The condition makes the write idempotent when several servers
		// see the same token at once.
		err := s.writeUncached(ctx, func(tx *gorm.DB) error {
			return tx.Model(&apiTokenRow{}).Where("id = ? AND last_used_at < ?", tok.id, now.Add(-tokenTouch)).
				Update("last_used_at", now).Error
		})
		if err != nil {
			return nil, fmt.Errorf("storage: note use of token %d: %w", tok.id, err)
		}
		s.cache.touchToken(hash, now)
	}
	return u, nil
}

// Tokens lists a user's API tokens that have not expired, newest first.
func (s *Store) Tokens(ctx context.Context, userID uint, now time.Time) ([]Token, error) {
	var rows []apiTokenRow
	err := s.read(ctx).Where("user_id = ? AND last_used_at > ?", userID, now.UTC().Add(-TokenIdle)).
		Order("created_at DESC, id DESC").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: tokens of user %d: %w", userID, err)
	}
	out := make([]Token, len(rows))
	for i, r := range rows {
		out[i] = Token{ID: r.ID, CreatedAt: r.CreatedAt.UTC(), LastUsedAt: r.LastUsedAt.UTC(), ExpiresAt: r.LastUsedAt.UTC().Add(TokenIdle)}
	}
	return out, nil
}

// SetRole changes a user's role.
func (s *Store) SetRole(ctx context.Context, userID uint, r Role) error {
	if !r.Valid() {
		return fmt.Errorf("storage: set role of user %d: unknown role %q", userID, r)
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&userRow{}).Where("id = ?", userID).Updates(map[string]any{"role": string(r), "updated_at": time.Now().UTC()})
		if res.Error == nil && res.RowsAffected == 0 {
			return ErrNotFound
		}
		return res.Error
	})
	if err != nil {
		return fmt.Errorf("storage: set role of user %d: %w", userID, err)
	}
	return nil
}

// ChangePassword stores a new password hash, ends every session begun
// before now and revokes every API token of the user.
func (s *Store) ChangePassword(ctx context.Context, userID uint, hash string, now time.Time) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		t := now.UTC()
		res := tx.Model(&userRow{}).Where("id = ?", userID).Updates(map[string]any{"password_hash": hash, "sessions_valid_after": t, "updated_at": t})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return tx.Where("user_id = ?", userID).Delete(&apiTokenRow{}).Error
	})
	if err != nil {
		return fmt.Errorf("storage: change password of user %d: %w", userID, err)
	}
	return nil
}

// RevokeToken deletes the token with this hash.
func (s *Store) RevokeToken(ctx context.Context, hash string) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Where("hash = ?", hash).Delete(&apiTokenRow{})
		if res.Error == nil && res.RowsAffected == 0 {
			return ErrNotFound
		}
		return res.Error
	})
	if err != nil {
		return fmt.Errorf("storage: revoke token: %w", err)
	}
	return nil
}
