package storage

import (
	"context"
	"fmt"
)

// BankAccess is what a user may do with a bank, each level including the
// ones below it.
type BankAccess int

// The levels of BankAccess.
const (
	// NoAccess: the bank is not open to the user.
	NoAccess BankAccess = iota
	// StudyAccess: study its cards, each answer shown once the card is
	// answered, and see one's own progress in it.
	StudyAccess
	// TeachAccess: reports on it for the classes one teaches.
	TeachAccess
	// CopyAccess: its questions with their answers, as an export or in
	// the question browser.
	CopyAccess
	// ManageAccess: replace it and assign it to one's classes.
	ManageAccess
)

// BankLinks are the classes through which a user reaches a bank.
type BankLinks struct {
	// Teaches: the bank is assigned to a class the user owns.
	Teaches bool
	// Joined: the bank is assigned to a class the user has joined with its
	// join code.
	Joined bool
}

// AccessTo is the rule of who may do what with bank b. Joining a class
// makes its banks open to study, whoever joins: an instructor who joins
// another's class with the students' code is a student there, and gets
// neither the answers nor the reports. Answers follow ownership (and
// admin), and the banks shared with every instructor, the built-in and
// public ones; reports also follow the classes one teaches. An archived
// bank is open to its owner and the admins, and to reports of the classes
// one teaches, and to no one else.
func AccessTo(u *User, b *Bank, l BankLinks) BankAccess {
	switch {
	case u == nil || b == nil:
		return NoAccess
	case CanManageBank(u, b):
		return ManageAccess
	case b.Archived:
		// Hidden from all but its owner and the admins; reports stay for
		// the classes one teaches.
		if u.Role == Instructor && l.Teaches {
			return TeachAccess
		}
		return NoAccess
	case u.Role == Instructor && (b.Builtin || b.Public):
		return CopyAccess
	case u.Role == Instructor && l.Teaches:
		return TeachAccess
	case b.Builtin || b.Public || l.Teaches || l.Joined || b.OwnerID != nil && *b.OwnerID == u.ID:
		// The last: an owner no longer an instructor still studies it.
		return StudyAccess
	}
	return NoAccess
}

// BankLinksOf finds the classes through which a user reaches a bank.
func (s *Store) BankLinksOf(ctx context.Context, u *User, bankID uint) (BankLinks, error) {
	var l BankLinks
	var n int64
	owned := s.read(ctx).Model(&classRow{}).Select("id").Where("owner_id = ?", u.ID)
	if err := s.read(ctx).Model(&classBankRow{}).Where("bank_id = ? AND class_id IN (?)", bankID, owned).Count(&n).Error; err != nil {
		return l, fmt.Errorf("storage: classes of bank %d for user %d: %w", bankID, u.ID, err)
	}
	l.Teaches = n > 0
	joined := s.read(ctx).Model(&classMemberRow{}).Select("class_id").Where("user_id = ?", u.ID)
	if err := s.read(ctx).Model(&classBankRow{}).Where("bank_id = ? AND class_id IN (?)", bankID, joined).Count(&n).Error; err != nil {
		return l, fmt.Errorf("storage: classes of bank %d for user %d: %w", bankID, u.ID, err)
	}
	l.Joined = n > 0
	return l, nil
}

// AccessToBank is AccessTo with the user's links to the bank read from
// the database.
func (s *Store) AccessToBank(ctx context.Context, u *User, b *Bank) (BankAccess, error) {
	if u == nil || b == nil {
		return NoAccess, nil
	}
	l, err := s.BankLinksOf(ctx, u, b.ID)
	if err != nil {
		return NoAccess, err
	}
	return AccessTo(u, b, l), nil
}
