package storage

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"quizd/questions"
)

// ErrForbidden means the user may not do this to this class or bank.
var ErrForbidden = errors.New("not allowed")

type classRow struct {
	ID        uint `gorm:"primaryKey"`
	Name      string
	OwnerID   uint
	JoinCode  string
	CreatedAt time.Time
	// ArchivedAt, when set, closes the class to joining; its reports stay.
	ArchivedAt *time.Time
}

func (classRow) TableName() string { return "classes" }

type classMemberRow struct {
	ClassID  uint `gorm:"primaryKey"`
	UserID   uint `gorm:"primaryKey"`
	JoinedAt time.Time
}

func (classMemberRow) TableName() string { return "class_members" }

type classBankRow struct {
	ClassID    uint `gorm:"primaryKey"`
	BankID     uint `gorm:"primaryKey"`
	AssignedAt time.Time
	// The assignment (class_manage.go): due date, target, class pace.
	DueAt            *time.Time
	TargetMastered   int
	NewPerDay        *int
	DesiredRetention *float64
	Locked           bool
}

func (classBankRow) TableName() string { return "class_banks" }

// Class is a group of students an instructor assigns banks to.
type Class struct {
	ID        uint
	Name      string
	OwnerID   uint
	JoinCode  string
	CreatedAt time.Time
	// ArchivedAt is when the class was archived; nil while it is open.
	ArchivedAt *time.Time
	Students   int
	// BankIDs are the banks assigned to the class that its students
	// study; ArchivedBankIDs those assigned and archived since, which only
	// reports still show (see ArchiveBank).
	BankIDs         []uint
	ArchivedBankIDs []uint
}

// The rules of who manages what. A rule here is a pure function, so that
// it is tested on its own and the same in every handler.

// CanManageClass reports whether u may change class c: its owner, or an admin.
func CanManageClass(u *User, c *Class) bool {
	return u != nil && c != nil && (u.Role == Admin || u.Role == Instructor && c.OwnerID == u.ID)
}

// CanManageBank reports whether u may replace, assign or export bank b as
// its owner: the instructor who uploaded it, or an admin. The bundled bank
// belongs to admins alone.
func CanManageBank(u *User, b *Bank) bool {
	if u == nil || b == nil {
		return false
	}
	if u.Role == Admin {
		return true
	}
	return u.Role == Instructor && b.OwnerID != nil && *b.OwnerID == u.ID
}

// CanUpload reports whether u may upload banks and create classes.
func CanUpload(u *User) bool { return u != nil && (u.Role == Instructor || u.Role == Admin) }

// joinAlphabet has no letters or digits that are read for one another.
const joinAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

func newJoinCode() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	for i := range b {
		b[i] = joinAlphabet[int(b[i])%len(joinAlphabet)]
	}
	return string(b), nil
}

// NormalizeJoinCode reads a join code as students type it: any case, with
// spaces or dashes.
func NormalizeJoinCode(code string) string {
	return strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(code)))
}

// CreateClass creates a class owned by an instructor, with a new join code.
func (s *Store) CreateClass(ctx context.Context, ownerID uint, name string) (*Class, error) {
	var row classRow
	err := s.write(ctx, func(tx *gorm.DB) error {
		code, err := freeJoinCode(tx)
		if err != nil {
			return err
		}
		row = classRow{Name: name, OwnerID: ownerID, JoinCode: code}
		return tx.Create(&row).Error
	})
	if err != nil {
		return nil, fmt.Errorf("storage: create class %q: %w", name, err)
	}
	return &Class{ID: row.ID, Name: row.Name, OwnerID: row.OwnerID, JoinCode: row.JoinCode, CreatedAt: row.CreatedAt}, nil
}

// ClassByID returns a class with its student count and banks.
func (s *Store) ClassByID(ctx context.Context, id uint) (*Class, error) {
	var row classRow
	if err := s.read(ctx).Take(&row, id).Error; err != nil {
		return nil, fmt.Errorf("storage: class %d: %w", id, notFound(err))
	}
	cs, err := s.fillClasses(ctx, []classRow{row})
	if err != nil {
		return nil, err
	}
	return cs[0], nil
}

func (s *Store) fillClasses(ctx context.Context, rows []classRow) ([]*Class, error) {
	out := make([]*Class, len(rows))
	for i, r := range rows {
		c := &Class{ID: r.ID, Name: r.Name, OwnerID: r.OwnerID, JoinCode: r.JoinCode, CreatedAt: r.CreatedAt, ArchivedAt: r.ArchivedAt}
		var n int64
		if err := s.read(ctx).Model(&classMemberRow{}).Where("class_id = ?", r.ID).Count(&n).Error; err != nil {
			return nil, fmt.Errorf("storage: class %d: %w", r.ID, err)
		}
		c.Students = int(n)
		var assigned []struct {
			BankID   uint
			Archived bool
		}
		if err := s.read(ctx).Table("class_banks").Select("class_banks.bank_id, banks.archived_at IS NOT NULL AS archived").
			Joins("JOIN banks ON banks.id = class_banks.bank_id").Where("class_banks.class_id = ?", r.ID).
			Order("class_banks.bank_id").Scan(&assigned).Error; err != nil {
			return nil, fmt.Errorf("storage: class %d: %w", r.ID, err)
		}
		for _, a := range assigned {
			if a.Archived {
				c.ArchivedBankIDs = append(c.ArchivedBankIDs, a.BankID)
			} else {
				c.BankIDs = append(c.BankIDs, a.BankID)
			}
		}
		out[i] = c
	}
	return out, nil
}

// ClassesOf lists a user's classes: those an instructor owns, those a
// student belongs to, every class for an admin.
func (s *Store) ClassesOf(ctx context.Context, u *User) ([]*Class, error) {
	db := s.read(ctx).Model(&classRow{}).Order("classes.name, classes.id")
	switch u.Role {
	case Admin:
	case Instructor:
		db = db.Where("classes.owner_id = ? OR classes.id IN (?)", u.ID,
			s.read(ctx).Model(&classMemberRow{}).Select("class_id").Where("user_id = ?", u.ID))
	default:
		db = db.Where("classes.id IN (?)", s.read(ctx).Model(&classMemberRow{}).Select("class_id").Where("user_id = ?", u.ID))
	}
	var rows []classRow
	if err := db.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: classes of user %d: %w", u.ID, err)
	}
	return s.fillClasses(ctx, rows)
}

// JoinClass adds a student to the class with this join code; joining twice
// changes nothing. An unknown code gives ErrNotFound, an archived class
// ErrArchived.
func (s *Store) JoinClass(ctx context.Context, userID uint, code string) (*Class, error) {
	return s.JoinClassThrottled(ctx, userID, code, nil, time.Now())
}

// JoinClassThrottled is JoinClass with a limit on wrong codes, so that
// codes can't be guessed: when one of ts has no failures to spare at now
// it refuses with a ThrottledError without looking the code up, and a
// wrong code counts against each of ts.
func (s *Store) JoinClassThrottled(ctx context.Context, userID uint, code string, ts []Throttle, now time.Time) (*Class, error) {
	// A refusal first on the read pool, so that a flood of throttled
	// attempts does not queue for the write lock; the check that counts is
	// the one in the transaction.
	if err := checkThrottles(s.read(ctx), ts, now); err != nil {
		return nil, fmt.Errorf("storage: join class: %w", err)
	}
	var row classRow
	wrong := false
	err := s.write(ctx, func(tx *gorm.DB) error {
		if err := checkThrottles(tx, ts, now); err != nil {
			return err
		}
		err := tx.Where("join_code = ?", NormalizeJoinCode(code)).Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			// Counted in this transaction, which commits.
			wrong = true
			return countFailure(tx, ts, now)
		}
		if err != nil {
			return err
		}
		if row.ArchivedAt != nil {
			return ErrArchived
		}
		return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&classMemberRow{ClassID: row.ID, UserID: userID, JoinedAt: now.UTC()}).Error
	})
	if err == nil && wrong {
		err = ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("storage: join class: %w", err)
	}
	return s.ClassByID(ctx, row.ID)
}

// AssignBank makes a bank part of a class; assigning twice changes nothing.
func (s *Store) AssignBank(ctx context.Context, classID, bankID uint) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&classBankRow{ClassID: classID, BankID: bankID, AssignedAt: time.Now().UTC()}).Error
	})
	if err != nil {
		return fmt.Errorf("storage: assign bank %d to class %d: %w", bankID, classID, notFound(err))
	}
	return nil
}

// visibleBanks selects the banks a user may study: built-in and public
// ones, those assigned to their classes, their own uploads; every bank for
// an admin. An archived bank is left out, but for the instructor who owns
// it and the admins (CanManageBank).
func (s *Store) visibleBanks(ctx context.Context, u *User) *gorm.DB {
	db := s.read(ctx).Model(&bankRow{})
	if u.Role == Admin {
		return db
	}
	mine := s.read(ctx).Model(&classMemberRow{}).Select("class_id").Where("user_id = ?", u.ID)
	owned := s.read(ctx).Model(&classRow{}).Select("id").Where("owner_id = ?", u.ID)
	assigned := s.read(ctx).Model(&classBankRow{}).Select("bank_id").Where("class_id IN (?) OR class_id IN (?)", mine, owned)
	db = db.Where("(banks.builtin = ? OR banks.public = ? OR banks.owner_id = ? OR banks.id IN (?))", true, true, u.ID, assigned)
	if u.Role == Instructor {
		return db.Where("(banks.archived_at IS NULL OR banks.owner_id = ?)", u.ID)
	}
	return db.Where("banks.archived_at IS NULL")
}

// VisibleBanks lists the banks a user may study, built-in first.
func (s *Store) VisibleBanks(ctx context.Context, u *User) ([]*Bank, error) {
	var rows []bankRow
	if err := s.visibleBanks(ctx, u).Order("builtin DESC, title, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: banks of user %d: %w", u.ID, err)
	}
	ids := make([]uint, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	counts, err := s.countActive(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("storage: banks of user %d: %w", u.ID, err)
	}
	out := make([]*Bank, len(rows))
	for i := range rows {
		out[i] = rows[i].bank(counts[rows[i].ID])
	}
	return out, nil
}

// CanSeeBank reports whether a user may study a bank.
func (s *Store) CanSeeBank(ctx context.Context, u *User, bankID uint) (bool, error) {
	ok, err := cached(s, ctx, func(c *cache) map[[2]uint]bool { return c.seen }, [2]uint{u.ID, bankID}, func() (bool, error) {
		var n int64
		err := s.visibleBanks(ctx, u).Where("banks.id = ?", bankID).Count(&n).Error
		return n > 0, err
	})
	if err != nil {
		return false, fmt.Errorf("storage: bank %d for user %d: %w", bankID, u.ID, err)
	}
	return ok, nil
}

// BankQuestions returns the studied questions of a bank in bank order.
func (s *Store) BankQuestions(ctx context.Context, bankID uint) ([]questions.Question, error) {
	var rows []questionRow
	if err := s.read(ctx).Where("bank_id = ? AND retired = ?", bankID, false).Order("position, id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: questions of bank %d: %w", bankID, err)
	}
	out := make([]questions.Question, len(rows))
	for i := range rows {
		q, err := rows[i].question()
		if err != nil {
			return nil, fmt.Errorf("storage: %w", err)
		}
		out[i] = q.Question
	}
	return out, nil
}

// BankExport is a stored bank as a questions.Bank, ready to write.
func (s *Store) BankExport(ctx context.Context, bankID uint) (*questions.Bank, error) {
	b, err := s.BankByID(ctx, bankID)
	if err != nil {
		return nil, err
	}
	qs, err := s.BankQuestions(ctx, bankID)
	if err != nil {
		return nil, err
	}
	out := &questions.Bank{Slug: b.Slug, Title: b.Title, Version: b.Version, Source: b.Source, Questions: qs}
	return out, nil
}
