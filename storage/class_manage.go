package storage

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"quizd/questions/assign"
	"quizd/questions/srs"
)

// Running a class: renaming and archiving it, a new join code, its roster
// and its assignments. Who may do it is CanManageClass, checked by the
// caller.

// ErrArchived means the class is archived: no one may join it.
var ErrArchived = errors.New("class is archived")

// freeJoinCode finds a join code no class has.
func freeJoinCode(tx *gorm.DB) (string, error) {
	for range 10 {
		code, err := newJoinCode()
		if err != nil {
			return "", err
		}
		var n int64
		if err := tx.Model(&classRow{}).Where("join_code = ?", code).Count(&n).Error; err != nil {
			return "", err
		}
		if n == 0 {
			return code, nil
		}
	}
	return "", errors.New("no free join code")
}

// ClassChange is what UpdateClass changes; a nil field stays as it is.
type ClassChange struct {
	Name     *string
	Archived *bool
}

// UpdateClass renames a class or archives it (or opens it again). An
// archived class keeps its members, banks and reports; no one joins it.
func (s *Store) UpdateClass(ctx context.Context, id uint, ch ClassChange, now time.Time) (*Class, error) {
	err := s.write(ctx, func(tx *gorm.DB) error {
		var row classRow
		if err := tx.Take(&row, id).Error; err != nil {
			return notFound(err)
		}
		set := map[string]any{}
		if ch.Name != nil {
			set["name"] = *ch.Name
		}
		if ch.Archived != nil {
			switch {
			case *ch.Archived && row.ArchivedAt == nil:
				set["archived_at"] = now.UTC()
			case !*ch.Archived:
				set["archived_at"] = nil
			}
		}
		if len(set) == 0 {
			return nil
		}
		return tx.Model(&classRow{}).Where("id = ?", id).Updates(set).Error
	})
	if err != nil {
		return nil, fmt.Errorf("storage: update class %d: %w", id, err)
	}
	return s.ClassByID(ctx, id)
}

// NewClassCode gives a class a new join code: the old one joins no more.
func (s *Store) NewClassCode(ctx context.Context, id uint) (*Class, error) {
	err := s.write(ctx, func(tx *gorm.DB) error {
		code, err := freeJoinCode(tx)
		if err != nil {
			return err
		}
		res := tx.Model(&classRow{}).Where("id = ?", id).Update("join_code", code)
		if res.Error == nil && res.RowsAffected == 0 {
			return ErrNotFound
		}
		return res.Error
	})
	if err != nil {
		return nil, fmt.Errorf("storage: new join code for class %d: %w", id, err)
	}
	return s.ClassByID(ctx, id)
}

// RosterEntry is one member of a class on its roster.
type RosterEntry struct {
	ID       uint
	Username string
	JoinedAt time.Time
	// LastActive is the student's latest answer in one of the class's
	// banks; nil when they have answered none.
	LastActive *time.Time
	// Answers counts their answers in the class's banks.
	Answers int
}

// Roster lists a class's members by name, with their last activity in
// the class's banks.
func (s *Store) Roster(ctx context.Context, classID uint) ([]RosterEntry, error) {
	var rows []struct {
		ID         uint
		Username   string
		JoinedAt   time.Time
		LastActive *string
		Answers    int
	}
	banks := s.read(ctx).Model(&classBankRow{}).Select("bank_id").Where("class_id = ?", classID)
	err := s.read(ctx).Table("class_members").
		Select("users.id, users.username, class_members.joined_at, MAX(reviews.reviewed_at) AS last_active, COUNT(reviews.id) AS answers").
		Joins("JOIN users ON users.id = class_members.user_id").
		Joins("LEFT JOIN reviews ON reviews.user_id = class_members.user_id AND reviews.bank_id IN (?)", banks).
		Where("class_members.class_id = ?", classID).
		Group("users.id, users.username, class_members.joined_at").
		Order("users.username_key, users.id").
		Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: roster of class %d: %w", classID, err)
	}
	out := make([]RosterEntry, len(rows))
	for i, r := range rows {
		out[i] = RosterEntry{ID: r.ID, Username: r.Username, JoinedAt: r.JoinedAt.UTC(), Answers: r.Answers}
		if r.LastActive != nil {
			t, err := parseSQLiteTime(*r.LastActive)
			if err != nil {
				return nil, fmt.Errorf("storage: roster of class %d: %w", classID, err)
			}
			out[i].LastActive = &t
		}
	}
	return out, nil
}

// parseSQLiteTime reads a time as an aggregate gives it back: the text
// the driver wrote, which MAX() does not turn back into a time.
func parseSQLiteTime(v string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05.999999999"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q is in no known layout", v)
}

// RemoveMember takes a student out of a class: an instructor removing
// them, or the student leaving. Their cards and answers stay; the
// class's banks close to them unless another class or the bank's being
// public opens them. ErrNotFound when they are not in the class.
func (s *Store) RemoveMember(ctx context.Context, classID, userID uint) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Where("class_id = ? AND user_id = ?", classID, userID).Delete(&classMemberRow{})
		if res.Error == nil && res.RowsAffected == 0 {
			return ErrNotFound
		}
		return res.Error
	})
	if err != nil {
		return fmt.Errorf("storage: remove user %d from class %d: %w", userID, classID, err)
	}
	return nil
}

// Assignment is a bank assigned to a class: when it is due, what it asks
// for, and the class's pace for it.
type Assignment struct {
	ClassID, BankID uint
	AssignedAt      time.Time
	// DueAt is nil for no due date.
	DueAt *time.Time
	// TargetMastered: 0 asks to see every question, N to master N.
	TargetMastered int
	Policy         assign.Policy
}

// Rule is the assignment as the pure rules of package assign take it.
func (a Assignment) Rule() assign.Assignment {
	return assign.Assignment{AssignedAt: a.AssignedAt, DueAt: a.DueAt, TargetMastered: a.TargetMastered}
}

func (r classBankRow) assignment() Assignment {
	return Assignment{ClassID: r.ClassID, BankID: r.BankID, AssignedAt: r.AssignedAt.UTC(), DueAt: utcPtr(r.DueAt),
		TargetMastered: r.TargetMastered,
		Policy:         assign.Policy{NewPerDay: r.NewPerDay, DesiredRetention: r.DesiredRetention, Locked: r.Locked}}
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// SetAssignment assigns a bank to a class, or changes the assignment when
// it is assigned already: its due date, target and pace become a's (when
// it was first assigned stays). created says whether it is new.
func (s *Store) SetAssignment(ctx context.Context, a Assignment, now time.Time) (created bool, err error) {
	err = s.write(ctx, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&classBankRow{}).Where("class_id = ? AND bank_id = ?", a.ClassID, a.BankID).Count(&n).Error; err != nil {
			return err
		}
		row := classBankRow{ClassID: a.ClassID, BankID: a.BankID, AssignedAt: now.UTC(), DueAt: utcPtr(a.DueAt), TargetMastered: a.TargetMastered,
			NewPerDay: a.Policy.NewPerDay, DesiredRetention: a.Policy.DesiredRetention, Locked: a.Policy.Locked}
		if n == 0 {
			created = true
			return tx.Create(&row).Error
		}
		return tx.Model(&classBankRow{}).Where("class_id = ? AND bank_id = ?", a.ClassID, a.BankID).Updates(map[string]any{
			"due_at": row.DueAt, "target_mastered": row.TargetMastered, "new_per_day": row.NewPerDay,
			"desired_retention": row.DesiredRetention, "locked": row.Locked,
		}).Error
	})
	if err != nil {
		return false, fmt.Errorf("storage: assign bank %d to class %d: %w", a.BankID, a.ClassID, notFound(err))
	}
	return created, nil
}

// UnassignBank takes a bank out of a class. The students' progress in it
// stays; the bank closes to them unless something else opens it.
// ErrNotFound when it was not assigned.
func (s *Store) UnassignBank(ctx context.Context, classID, bankID uint) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Where("class_id = ? AND bank_id = ?", classID, bankID).Delete(&classBankRow{})
		if res.Error == nil && res.RowsAffected == 0 {
			return ErrNotFound
		}
		return res.Error
	})
	if err != nil {
		return fmt.Errorf("storage: unassign bank %d from class %d: %w", bankID, classID, err)
	}
	return nil
}

// AssignmentsOf lists a class's assignments in the order banks were
// assigned.
func (s *Store) AssignmentsOf(ctx context.Context, classID uint) ([]Assignment, error) {
	var rows []classBankRow
	if err := s.read(ctx).Where("class_id = ?", classID).Order("assigned_at, bank_id").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("storage: assignments of class %d: %w", classID, err)
	}
	out := make([]Assignment, len(rows))
	for i, r := range rows {
		out[i] = r.assignment()
	}
	return out, nil
}

// StudentAssignment is one assignment on a student's home page, with how
// far they are in it.
type StudentAssignment struct {
	Assignment
	ClassName, BankTitle string
	Progress             assign.Progress
}

// AssignmentsFor lists the assignments of a student's open classes,
// soonest due first (those without a due date last), with their progress
// in each bank. Archived classes set no more work.
func (s *Store) AssignmentsFor(ctx context.Context, userID uint) ([]StudentAssignment, error) {
	var rows []struct {
		ClassID, BankID  uint
		AssignedAt       time.Time
		DueAt            *time.Time
		TargetMastered   int
		NewPerDay        *int
		DesiredRetention *float64
		Locked           bool
		ClassName        string
		BankTitle        string
	}
	err := s.read(ctx).Table("class_banks").
		Select("class_banks.*, classes.name AS class_name, banks.title AS bank_title").
		Joins("JOIN classes ON classes.id = class_banks.class_id").
		Joins("JOIN banks ON banks.id = class_banks.bank_id").
		Joins("JOIN class_members ON class_members.class_id = classes.id AND class_members.user_id = ?", userID).
		Where("classes.archived_at IS NULL AND banks.archived_at IS NULL").
		Order("class_banks.due_at IS NULL, class_banks.due_at, classes.name, banks.title").
		Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("storage: assignments of user %d: %w", userID, err)
	}
	out := make([]StudentAssignment, len(rows))
	progress := map[uint]assign.Progress{}
	for i, r := range rows {
		p, ok := progress[r.BankID]
		if !ok {
			if p, err = s.progressIn(ctx, userID, r.BankID); err != nil {
				return nil, err
			}
			progress[r.BankID] = p
		}
		row := classBankRow{ClassID: r.ClassID, BankID: r.BankID, AssignedAt: r.AssignedAt, DueAt: r.DueAt, TargetMastered: r.TargetMastered,
			NewPerDay: r.NewPerDay, DesiredRetention: r.DesiredRetention, Locked: r.Locked}
		out[i] = StudentAssignment{Assignment: row.assignment(), ClassName: r.ClassName, BankTitle: r.BankTitle, Progress: p}
	}
	return out, nil
}

// progressIn counts a student's questions seen and mastered in a bank.
func (s *Store) progressIn(ctx context.Context, userID, bankID uint) (assign.Progress, error) {
	var p assign.Progress
	var total int64
	if err := s.read(ctx).Model(&questionRow{}).Where("bank_id = ? AND retired = ?", bankID, false).Count(&total).Error; err != nil {
		return p, fmt.Errorf("storage: progress of user %d in bank %d: %w", userID, bankID, err)
	}
	var cards []struct {
		State     int8
		Stability float64
	}
	if err := s.dueCards(s.read(ctx), userID, bankID).Select("cards.state, cards.stability").Scan(&cards).Error; err != nil {
		return p, fmt.Errorf("storage: progress of user %d in bank %d: %w", userID, bankID, err)
	}
	p.Total, p.Seen = int(total), len(cards)
	for _, c := range cards {
		if srs.Mastered(srs.Card{Card: cardWith(c.State, c.Stability)}) {
			p.Mastered++
		}
	}
	return p, nil
}

// BankPace is what decides a student's pace in a bank: their own choice
// for it, the policies of their open classes that assign it, and those
// classes' due dates.
type BankPace struct {
	Choice    assign.Choice
	Policies  []assign.Policy
	Deadlines []assign.Deadline
}

// PaceOf reads what decides a student's pace in a bank.
//
// The pace may come from the cache: treat its slices as read-only.
func (s *Store) PaceOf(ctx context.Context, userID, bankID uint) (BankPace, error) {
	return cached(s, ctx, func(c *cache) map[[2]uint]BankPace { return c.paces }, [2]uint{userID, bankID}, func() (BankPace, error) {
		return s.paceOf(ctx, userID, bankID)
	})
}

func (s *Store) paceOf(ctx context.Context, userID, bankID uint) (BankPace, error) {
	var out BankPace
	var choice bankSettingRow
	err := s.read(ctx).Where("user_id = ? AND bank_id = ?", userID, bankID).Take(&choice).Error
	switch {
	case err == nil:
		out.Choice = assign.Choice{NewPerDay: choice.NewPerDay, DesiredRetention: choice.DesiredRetention}
	case !errors.Is(err, gorm.ErrRecordNotFound):
		return out, fmt.Errorf("storage: pace of user %d in bank %d: %w", userID, bankID, err)
	}
	var rows []classBankRow
	err = s.read(ctx).Model(&classBankRow{}).Select("class_banks.*").
		Joins("JOIN classes ON classes.id = class_banks.class_id").
		Joins("JOIN class_members ON class_members.class_id = classes.id AND class_members.user_id = ?", userID).
		Where("class_banks.bank_id = ? AND classes.archived_at IS NULL", bankID).Find(&rows).Error
	if err != nil {
		return out, fmt.Errorf("storage: pace of user %d in bank %d: %w", userID, bankID, err)
	}
	for _, r := range rows {
		a := r.assignment()
		out.Policies = append(out.Policies, a.Policy)
		if a.DueAt != nil {
			out.Deadlines = append(out.Deadlines, assign.Deadline{DueAt: *a.DueAt, TargetMastered: a.TargetMastered})
		}
	}
	return out, nil
}

type bankSettingRow struct {
	UserID           uint `gorm:"primaryKey"`
	BankID           uint `gorm:"primaryKey"`
	NewPerDay        *int
	DesiredRetention *float64
	UpdatedAt        time.Time
}

func (bankSettingRow) TableName() string { return "bank_settings" }

// SetBankChoice saves a student's own pace for a bank; a choice of
// nothing removes it, and the class's or their own settings apply again.
func (s *Store) SetBankChoice(ctx context.Context, userID, bankID uint, ch assign.Choice, now time.Time) error {
	err := s.write(ctx, func(tx *gorm.DB) error {
		if err := tx.Where("user_id = ? AND bank_id = ?", userID, bankID).Delete(&bankSettingRow{}).Error; err != nil {
			return err
		}
		if ch.NewPerDay == nil && ch.DesiredRetention == nil {
			return nil
		}
		return tx.Create(&bankSettingRow{UserID: userID, BankID: bankID, NewPerDay: ch.NewPerDay, DesiredRetention: ch.DesiredRetention, UpdatedAt: now.UTC()}).Error
	})
	if err != nil {
		return fmt.Errorf("storage: pace of user %d in bank %d: %w", userID, bankID, notFound(err))
	}
	return nil
}

// ClassByCodeThrottled finds the class of a join code without joining
// it, for the join link's page, under the same limits as
// JoinClassThrottled: a wrong code counts against each of ts, and when
// one has no failures to spare it refuses with a ThrottledError.
func (s *Store) ClassByCodeThrottled(ctx context.Context, code string, ts []Throttle, now time.Time) (*Class, error) {
	if err := checkThrottles(s.read(ctx), ts, now); err != nil {
		return nil, fmt.Errorf("storage: class by code: %w", err)
	}
	var row classRow
	err := s.read(ctx).Where("join_code = ?", NormalizeJoinCode(code)).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		err = s.write(ctx, func(tx *gorm.DB) error {
			if err := checkThrottles(tx, ts, now); err != nil {
				return err
			}
			return countFailure(tx, ts, now)
		})
		if err == nil {
			err = ErrNotFound
		}
	}
	if err != nil {
		return nil, fmt.Errorf("storage: class by code: %w", err)
	}
	cs, err := s.fillClasses(ctx, []classRow{row})
	if err != nil {
		return nil, err
	}
	return cs[0], nil
}
