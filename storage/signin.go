package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// SignInPolicy says how many failed password checks are allowed before a
// sign-in (or a password change) must wait. The counts live in the
// database, so every quizd process sharing it enforces the same limits.
type SignInPolicy struct {
	// PerPair is the failures allowed for one account from one address in
	// Window: guessing from one place is slowed without locking the owner
	// out everywhere else.
	PerPair int
	// PerAddress is the failures allowed from one address, for any
	// accounts, in Window.
	PerAddress int
	Window     time.Duration
	// PerAccount is the failures allowed for one account from every
	// address together in AccountWindow, against guesses spread over many
	// addresses. An address the account signed in from within KnownFor is
	// spared it, so that the owner is not locked out by strangers.
	PerAccount    int
	AccountWindow time.Duration
	KnownFor      time.Duration
}

// DefaultSignInPolicy is quizd's: 5 failures per account and address and
// 100 per address in 15 minutes, and 100 per account in a day from
// addresses it has not signed in from in the last 30 days.
var DefaultSignInPolicy = SignInPolicy{
	PerPair: 5, PerAddress: 100, Window: 15 * time.Minute,
	PerAccount: 100, AccountWindow: 24 * time.Hour, KnownFor: 30 * 24 * time.Hour,
}

// signInAccount is the account a sign-in is counted against: the name's
// key, or for a name no account could have, a digest of it (holding a
// space, so it is never a real key) that stays short.
func signInAccount(name string) string {
	if k, err := UsernameKey(name); err == nil && len(k) <= 128 {
		return k
	}
	sum := sha256.Sum256([]byte(strings.TrimSpace(name)))
	return "not a name " + hex.EncodeToString(sum[:16])
}

// SignInWait says how long a sign-in for the account named name from
// address must wait under p: zero when it may check a password now.
func (s *Store) SignInWait(ctx context.Context, name, address string, now time.Time, p SignInPolicy) (time.Duration, error) {
	account, now := signInAccount(name), now.UTC()
	db := s.read(ctx)
	limits := []struct {
		where  string
		args   []any
		max    int
		window time.Duration
	}{
		{"account = ? AND address = ?", []any{account, address}, p.PerPair, p.Window},
		{"address = ?", []any{address}, p.PerAddress, p.Window},
		{"account = ?", []any{account}, p.PerAccount, p.AccountWindow},
	}
	var wait time.Duration
	for i, l := range limits {
		since := now.Add(-l.window)
		q := func() *gorm.DB {
			return db.Model(&signInFailureRow{}).Where(l.where, l.args...).Where("at > ?", since)
		}
		var n int64
		if err := q().Count(&n).Error; err != nil {
			return 0, fmt.Errorf("storage: count failed sign-ins: %w", err)
		}
		if n < int64(l.max) {
			continue
		}
		if i == 2 {
			known, err := s.knownAddress(ctx, account, address, now.Add(-p.KnownFor))
			if err != nil {
				return 0, err
			}
			if known {
				continue
			}
		}
		// The wait ends when enough failures have left the window to let
		// one more through.
		var at []time.Time
		if err := q().Order("at").Offset(int(n)-l.max).Limit(1).Pluck("at", &at).Error; err != nil {
			return 0, fmt.Errorf("storage: count failed sign-ins: %w", err)
		}
		if len(at) == 1 {
			wait = max(wait, at[0].Add(l.window).Sub(now), time.Second)
		}
	}
	return wait, nil
}

func (s *Store) knownAddress(ctx context.Context, account, address string, since time.Time) (bool, error) {
	var n int64
	err := s.read(ctx).Model(&signInAddressRow{}).Where("account = ? AND address = ? AND at > ?", account, address, since).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("storage: known sign-in address: %w", err)
	}
	return n > 0, nil
}

// RecordSignInFailure counts a wrong password for the account named name
// from address, and forgets failures too old for p to count.
func (s *Store) RecordSignInFailure(ctx context.Context, name, address string, now time.Time, p SignInPolicy) error {
	now = now.UTC()
	err := s.writeUncached(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("at <= ?", now.Add(-max(p.Window, p.AccountWindow))).Delete(&signInFailureRow{}).Error; err != nil {
			return err
		}
		return tx.Create(&signInFailureRow{Account: signInAccount(name), Address: address, At: now}).Error
	})
	if err != nil {
		return fmt.Errorf("storage: record failed sign-in: %w", err)
	}
	return nil
}

// RecordSignIn notes that the account named name signed in from address,
// which p then spares its per-account limit.
func (s *Store) RecordSignIn(ctx context.Context, name, address string, now time.Time, p SignInPolicy) error {
	now = now.UTC()
	err := s.writeUncached(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("at <= ?", now.Add(-p.KnownFor)).Delete(&signInAddressRow{}).Error; err != nil {
			return err
		}
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "account"}, {Name: "address"}},
			DoUpdates: clause.AssignmentColumns([]string{"at"}),
		}).Create(&signInAddressRow{Account: signInAccount(name), Address: address, At: now}).Error
	})
	if err != nil {
		return fmt.Errorf("storage: record sign-in: %w", err)
	}
	return nil
}
