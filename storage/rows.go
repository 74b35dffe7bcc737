package storage

import (
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v4"

	"quizd/questions/srs"
)

// The rows of the current schema. They are separate from the domain types
// and declare their own keys and times; migrations.go says how the tables
// came to be.

type userRow struct {
	ID       uint `gorm:"primaryKey"`
	Username string
	// UsernameKey is UsernameKey(Username), unique.
	UsernameKey      string
	PasswordHash     string
	Role             string
	DesiredRetention float64
	NewPerDay        int
	// SessionsValidAfter ends every session begun before it.
	SessionsValidAfter *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
	// DisabledAt, when set, refuses the account's sign-ins and tokens.
	DisabledAt  *time.Time
	DisplayName string
}

func (userRow) TableName() string { return "users" }

type passwordResetRow struct {
	ID        uint `gorm:"primaryKey"`
	Hash      string
	UserID    uint
	ExpiresAt time.Time
	UsedAt    *time.Time
	CreatedBy *uint
	CreatedAt time.Time
}

func (passwordResetRow) TableName() string { return "password_resets" }

type apiTokenRow struct {
	ID         uint `gorm:"primaryKey"`
	UserID     uint
	Hash       string
	CreatedAt  time.Time
	LastUsedAt time.Time
}

func (apiTokenRow) TableName() string { return "api_tokens" }

type sessionRow struct {
	Key       string `gorm:"primaryKey"`
	Data      []byte
	ExpiresAt time.Time
}

func (sessionRow) TableName() string { return "sessions" }

type signInFailureRow struct {
	ID      uint `gorm:"primaryKey"`
	Account string
	Address string
	At      time.Time
}

func (signInFailureRow) TableName() string { return "sign_in_failures" }

type signInAddressRow struct {
	Account string `gorm:"primaryKey"`
	Address string `gorm:"primaryKey"`
	At      time.Time
}

func (signInAddressRow) TableName() string { return "sign_in_addresses" }

type secretRow struct {
	Name      string `gorm:"primaryKey"`
	Value     []byte
	CreatedAt time.Time
}

func (secretRow) TableName() string { return "secrets" }

type bankRow struct {
	ID             uint `gorm:"primaryKey"`
	Slug           string
	Title          string
	Version        string
	SourceTitle    string
	SourceAuthor   string
	SourceLocation string
	OwnerID        *uint
	Public         bool
	Builtin        bool
	// ArchivedAt, when set, hides the bank from students; its reports stay.
	ArchivedAt *time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (bankRow) TableName() string { return "banks" }

type questionRow struct {
	ID       uint `gorm:"primaryKey"`
	BankID   uint
	QID      string `gorm:"column:qid"`
	Position int
	NewOrder int64
	Topic    string
	Type     string
	Prompt   string
	Data     string
	Retired  bool
	// Version counts the question's versions: 1 when it was created, one
	// more at each change of its content (question_versions keeps them).
	Version int
	// EditedBy is who last changed the question by hand (the editor, a
	// restore, an accepted appeal); nil when only uploads wrote it.
	EditedBy  *uint
	EditedAt  *time.Time
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (questionRow) TableName() string { return "questions" }

type questionVersionRow struct {
	ID         uint `gorm:"primaryKey"`
	QuestionID uint
	Version    int
	Data       string
	AuthorID   *uint
	Reason     string
	CreatedAt  time.Time
}

func (questionVersionRow) TableName() string { return "question_versions" }

type flagRow struct {
	ID         uint `gorm:"primaryKey"`
	ReviewID   uint
	UserID     uint
	BankID     uint
	QuestionID uint
	Reason     string
	Comment    string
	Response   string
	Status     string
	DecidedBy  *uint
	DecidedAt  *time.Time
	CreatedAt  time.Time
}

func (flagRow) TableName() string { return "flags" }

// cardState is the FSRS state of a card as columns.
type cardState struct {
	State          int8
	Due            time.Time
	Stability      float64
	Difficulty     float64
	ElapsedDays    float64
	ScheduledDays  uint64
	Reps           uint64
	Lapses         uint64
	LastReview     *time.Time
	RemainingSteps int
}

func stateOf(c srs.Card) cardState {
	st := cardState{
		State: int8(c.State), Due: c.Due.UTC(), Stability: c.Stability, Difficulty: c.Difficulty,
		ElapsedDays: c.ElapsedDays, ScheduledDays: c.ScheduledDays, Reps: c.Reps, Lapses: c.Lapses,
		RemainingSteps: c.RemainingSteps,
	}
	if !c.LastReview.IsZero() {
		t := c.LastReview.UTC()
		st.LastReview = &t
	}
	return st
}

func (st cardState) card() srs.Card {
	c := srs.Card{Card: fsrs.Card{
		Due: st.Due.UTC(), Stability: st.Stability, Difficulty: st.Difficulty, ScheduledDays: st.ScheduledDays,
		Reps: st.Reps, Lapses: st.Lapses, State: fsrs.State(st.State), RemainingSteps: st.RemainingSteps,
	}, ElapsedDays: st.ElapsedDays}
	if st.LastReview != nil {
		c.LastReview = st.LastReview.UTC()
	}
	return c
}

type cardRow struct {
	ID         uint `gorm:"primaryKey"`
	UserID     uint
	BankID     uint
	QuestionID uint
	St         cardState `gorm:"embedded"`
	LastRating int8
	Leech      bool
	UpdatedAt  time.Time
}

func (cardRow) TableName() string { return "cards" }

type reviewRow struct {
	ID         uint `gorm:"primaryKey"`
	UserID     uint
	BankID     uint
	QuestionID uint
	CardID     uint
	Rating     int8
	Correct    *bool
	Response   string
	ResponseMS int64
	ReviewedAt time.Time
	// QuestionVersion is the version of the question the answer was
	// given to (0 for answers recorded before versions were kept).
	QuestionVersion int
	Before          cardState `gorm:"embedded;embeddedPrefix:before_"`
	After           cardState `gorm:"embedded;embeddedPrefix:after_"`
}

func (reviewRow) TableName() string { return "reviews" }

// cardWith is a card with only the fields mastery looks at.
func cardWith(state int8, stability float64) fsrs.Card {
	return fsrs.Card{State: fsrs.State(state), Stability: stability}
}
