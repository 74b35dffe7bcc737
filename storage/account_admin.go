package storage

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"gorm.io/gorm"

	"quizd/questions/srs"
)

// Errors of account administration.
var (
	// ErrDisabled means an admin disabled the account.
	ErrDisabled = errors.New("the account is disabled")
	// ErrLastAdmin means a change would leave no enabled admin.
	ErrLastAdmin = errors.New("it would leave no enabled admin")
)

// NoPassword is the password hash of an account made without a password,
// which no password matches: its owner sets one with a reset link.
const NoPassword = "-"

// MaxDisplayName is the longest display name, in characters.
const MaxDisplayName = 200

// CheckDisplayName refuses a display name that is too long or holds
// control characters; "" is no name.
func CheckDisplayName(name string) error {
	if n := len([]rune(name)); n > MaxDisplayName {
		return fmt.Errorf("display name: is %d characters long: use at most %d", n, MaxDisplayName)
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return errors.New("display name: holds a control character (a tab or line break): write it on one line")
		}
	}
	return nil
}

// NewAccount is an account to create.
type NewAccount struct {
	Username    string
	DisplayName string
	// PasswordHash is the password's hash, or NoPassword.
	PasswordHash string
	Role         Role
}

// row checks the account and makes its row, with default settings.
func (a NewAccount) row() (userRow, error) {
	if !a.Role.Valid() {
		return userRow{}, fmt.Errorf("storage: create user %q: unknown role %q", a.Username, a.Role)
	}
	display := strings.TrimSpace(a.DisplayName)
	if err := CheckDisplayName(display); err != nil {
		return userRow{}, fmt.Errorf("storage: create user %q: %w", a.Username, err)
	}
	shown, err := usernameShown(a.Username)
	if err != nil {
		return userRow{}, err
	}
	key, err := UsernameKey(a.Username)
	if err != nil {
		return userRow{}, err
	}
	return userRow{
		Username: shown, UsernameKey: key, PasswordHash: a.PasswordHash, Role: string(a.Role), DisplayName: display,
		DesiredRetention: srs.DefaultSettings.DesiredRetention, NewPerDay: srs.DefaultSettings.NewPerDay,
	}, nil
}

// CreateAccount adds an account. A name taken already, in any letter case
// or Unicode form (see UsernameKey), gives ErrExists.
func (s *Store) CreateAccount(ctx context.Context, a NewAccount) (*User, error) {
	row, err := a.row()
	if err != nil {
		return nil, err
	}
	err = s.write(ctx, func(tx *gorm.DB) error { return tx.Create(&row).Error })
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		err = ErrExists
	}
	if err != nil {
		return nil, fmt.Errorf("storage: create user %q: %w", a.Username, err)
	}
	return row.user(), nil
}

// MaxUserPage is the most users one page of ListUsers holds.
const MaxUserPage = 100

// UserFilter chooses a page of users.
type UserFilter struct {
	// Query, when set, keeps the users whose name or display name holds
	// it, in any letter case.
	Query string
	// Offset users are skipped; at most Limit (1 to MaxUserPage, default
	// 50) are listed.
	Offset, Limit int
}

// likePattern is a LIKE pattern matching s anywhere, its wildcards escaped.
func likePattern(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s) + "%"
}

// ListUsers lists a page of users in name order, and counts all that match.
func (s *Store) ListUsers(ctx context.Context, f UserFilter) ([]*User, int64, error) {
	if f.Limit <= 0 || f.Limit > MaxUserPage {
		f.Limit = 50
	}
	f.Offset = max(f.Offset, 0)
	db := s.read(ctx).Model(&userRow{})
	if q := strings.TrimSpace(f.Query); q != "" {
		key := strings.ToLower(q)
		if k, err := UsernameKey(q); err == nil {
			key = k
		}
		db = db.Where(`username_key LIKE ? ESCAPE '\' OR LOWER(display_name) LIKE ? ESCAPE '\'`, likePattern(key), likePattern(strings.ToLower(q)))
	}
	var total int64
	if err := db.Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: list users: %w", err)
	}
	var rows []userRow
	if err := db.Order("username_key, id").Offset(f.Offset).Limit(f.Limit).Find(&rows).Error; err != nil {
		return nil, 0, fmt.Errorf("storage: list users: %w", err)
	}
	out := make([]*User, len(rows))
	for i := range rows {
		out[i] = rows[i].user()
	}
	return out, total, nil
}

// AccountChange is what an admin changes of an account; nil fields stay.
type AccountChange struct {
	Role     *Role
	Disabled *bool
}

// ChangeAccount changes a user's role or disables or enables the account.
// Disabling ends the account's sessions, tokens and reset links at once.
// A change that would leave no enabled admin gives ErrLastAdmin.
func (s *Store) ChangeAccount(ctx context.Context, userID uint, ch AccountChange, now time.Time) (*User, error) {
	if ch.Role != nil && !ch.Role.Valid() {
		return nil, fmt.Errorf("storage: change user %d: unknown role %q", userID, *ch.Role)
	}
	now = now.UTC()
	var row userRow
	err := s.write(ctx, func(tx *gorm.DB) error {
		if err := tx.Take(&row, userID).Error; err != nil {
			return notFound(err)
		}
		wasAdmin := row.Role == string(Admin) && row.DisabledAt == nil
		updates := map[string]any{"updated_at": now}
		if ch.Role != nil {
			row.Role = string(*ch.Role)
			updates["role"] = row.Role
		}
		disabling := ch.Disabled != nil && *ch.Disabled && row.DisabledAt == nil
		switch {
		case disabling:
			row.DisabledAt, row.SessionsValidAfter = &now, &now
			updates["disabled_at"], updates["sessions_valid_after"] = now, now
		case ch.Disabled != nil && !*ch.Disabled:
			row.DisabledAt = nil
			updates["disabled_at"] = nil
		}
		if wasAdmin && (row.Role != string(Admin) || row.DisabledAt != nil) {
			var others int64
			if err := tx.Model(&userRow{}).Where("role = ? AND disabled_at IS NULL AND id <> ?", string(Admin), userID).Count(&others).Error; err != nil {
				return err
			}
			if others == 0 {
				return ErrLastAdmin
			}
		}
		if err := tx.Model(&userRow{}).Where("id = ?", userID).Updates(updates).Error; err != nil {
			return err
		}
		if !disabling {
			return nil
		}
		if err := tx.Where("user_id = ?", userID).Delete(&apiTokenRow{}).Error; err != nil {
			return err
		}
		return tx.Where("user_id = ? AND used_at IS NULL", userID).Delete(&passwordResetRow{}).Error
	})
	if err != nil {
		return nil, fmt.Errorf("storage: change user %d: %w", userID, err)
	}
	return row.user(), nil
}
