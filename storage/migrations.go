package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// The schema, one numbered step at a time. A step is never changed once
// released: each declares the tables as they were at that step, so that a
// database made by any older release upgrades in place.
var migrations = []*gormigrate.Migration{
	{
		ID: "0001_accounts",
		Migrate: func(tx *gorm.DB) error {
			type User struct {
				ID               uint   `gorm:"primaryKey"`
				Username         string `gorm:"size:64;not null;uniqueIndex"`
				PasswordHash     string `gorm:"size:255;not null"`
				Role             string `gorm:"size:16;not null"`
				DesiredRetention float64
				NewPerDay        int
				CreatedAt        time.Time
				UpdatedAt        time.Time
			}
			type APIToken struct {
				ID         uint   `gorm:"primaryKey"`
				UserID     uint   `gorm:"not null;index"`
				User       User   `gorm:"constraint:OnDelete:CASCADE"`
				Hash       string `gorm:"size:64;not null;uniqueIndex"`
				CreatedAt  time.Time
				LastUsedAt time.Time
			}
			type Session struct {
				Key       string `gorm:"primaryKey;size:128"`
				Data      []byte
				ExpiresAt time.Time `gorm:"index"`
			}
			return tx.Migrator().CreateTable(&User{}, &APIToken{}, &Session{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("sessions", "api_tokens", "users")
		},
	},
	{
		ID: "0002_banks",
		Migrate: func(tx *gorm.DB) error {
			type User struct{ ID uint }
			type Bank struct {
				ID             uint   `gorm:"primaryKey"`
				Slug           string `gorm:"size:100;not null;uniqueIndex"`
				Title          string `gorm:"size:300;not null"`
				Version        string `gorm:"size:32"`
				SourceTitle    string `gorm:"size:300"`
				SourceAuthor   string `gorm:"size:300"`
				SourceLocation string `gorm:"size:1000"`
				OwnerID        *uint  `gorm:"index"`
				Owner          *User  `gorm:"constraint:OnDelete:SET NULL"`
				Public         bool
				Builtin        bool
				CreatedAt      time.Time
				UpdatedAt      time.Time
			}
			type Question struct {
				ID       uint   `gorm:"primaryKey"`
				BankID   uint   `gorm:"not null;uniqueIndex:idx_questions_bank_qid,priority:1;index:idx_questions_bank_new_order,priority:1"`
				Bank     Bank   `gorm:"constraint:OnDelete:CASCADE"`
				QID      string `gorm:"column:qid;size:64;not null;uniqueIndex:idx_questions_bank_qid,priority:2"`
				Position int    `gorm:"not null"`
				// NewOrder spreads a bank's new cards: questions about one fact
				// are not introduced one after the other.
				NewOrder  int64  `gorm:"not null;index:idx_questions_bank_new_order,priority:2"`
				Topic     string `gorm:"size:100;not null"`
				Type      string `gorm:"size:32;not null"`
				Prompt    string `gorm:"not null"`
				Data      string `gorm:"not null"`
				Retired   bool   `gorm:"not null"`
				CreatedAt time.Time
				UpdatedAt time.Time
			}
			return tx.Migrator().CreateTable(&Bank{}, &Question{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("questions", "banks")
		},
	},
	{
		ID: "0003_study",
		Migrate: func(tx *gorm.DB) error {
			type User struct{ ID uint }
			type Bank struct{ ID uint }
			type Question struct{ ID uint }
			type CardState struct {
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
			type Card struct {
				ID         uint     `gorm:"primaryKey"`
				UserID     uint     `gorm:"not null;uniqueIndex:idx_cards_user_question,priority:1"`
				User       User     `gorm:"constraint:OnDelete:CASCADE"`
				BankID     uint     `gorm:"not null"`
				Bank       Bank     `gorm:"constraint:OnDelete:CASCADE"`
				QuestionID uint     `gorm:"not null;uniqueIndex:idx_cards_user_question,priority:2;index"`
				Question   Question `gorm:"constraint:OnDelete:CASCADE"`
				CardState  `gorm:"embedded"`
				// The due column of the embedded state is the third key of
				// idx_cards_user_bank_due, declared below.
				UpdatedAt time.Time
			}
			type Review struct {
				ID         uint     `gorm:"primaryKey"`
				UserID     uint     `gorm:"not null;index:idx_reviews_user_bank_time,priority:1"`
				User       User     `gorm:"constraint:OnDelete:CASCADE"`
				BankID     uint     `gorm:"not null;index:idx_reviews_user_bank_time,priority:2"`
				Bank       Bank     `gorm:"constraint:OnDelete:CASCADE"`
				QuestionID uint     `gorm:"not null;index"`
				Question   Question `gorm:"constraint:OnDelete:CASCADE"`
				CardID     uint     `gorm:"not null;index"`
				Rating     int8     `gorm:"not null"`
				Correct    *bool
				Response   string
				ResponseMS int64
				ReviewedAt time.Time `gorm:"not null;index:idx_reviews_user_bank_time,priority:3"`
				Before     CardState `gorm:"embedded;embeddedPrefix:before_"`
				After      CardState `gorm:"embedded;embeddedPrefix:after_"`
			}
			if err := tx.Migrator().CreateTable(&Card{}, &Review{}); err != nil {
				return err
			}
			// The next-card query reads one student's cards of one bank in
			// due order: this index answers it without touching anyone else's.
			return tx.Exec("CREATE INDEX idx_cards_user_bank_due ON cards (user_id, bank_id, due)").Error
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("reviews", "cards")
		},
	},
	{
		ID: "0004_classes",
		Migrate: func(tx *gorm.DB) error {
			type User struct{ ID uint }
			type Bank struct{ ID uint }
			type Class struct {
				ID        uint   `gorm:"primaryKey"`
				Name      string `gorm:"size:200;not null"`
				OwnerID   uint   `gorm:"not null;index"`
				Owner     User   `gorm:"constraint:OnDelete:CASCADE"`
				JoinCode  string `gorm:"size:16;not null;uniqueIndex"`
				CreatedAt time.Time
			}
			type ClassMember struct {
				ClassID  uint  `gorm:"primaryKey"`
				Class    Class `gorm:"constraint:OnDelete:CASCADE"`
				UserID   uint  `gorm:"primaryKey;index"`
				User     User  `gorm:"constraint:OnDelete:CASCADE"`
				JoinedAt time.Time
			}
			type ClassBank struct {
				ClassID    uint  `gorm:"primaryKey"`
				Class      Class `gorm:"constraint:OnDelete:CASCADE"`
				BankID     uint  `gorm:"primaryKey;index"`
				Bank       Bank  `gorm:"constraint:OnDelete:CASCADE"`
				AssignedAt time.Time
			}
			return tx.Migrator().CreateTable(&Class{}, &ClassMember{}, &ClassBank{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("class_banks", "class_members", "classes")
		},
	},
	{
		ID: "0005_pending_uploads",
		Migrate: func(tx *gorm.DB) error {
			type User struct{ ID uint }
			// PendingUpload is a file shown as a preview, kept until the
			// instructor publishes it or it expires.
			type PendingUpload struct {
				Token     string `gorm:"primaryKey;size:64"`
				UserID    uint   `gorm:"not null;index"`
				User      User   `gorm:"constraint:OnDelete:CASCADE"`
				Filename  string `gorm:"size:300"`
				Format    string `gorm:"size:16"`
				Title     string `gorm:"size:300"`
				Public    bool
				Data      []byte
				CreatedAt time.Time `gorm:"index"`
			}
			return tx.Migrator().CreateTable(&PendingUpload{})
		},
		Rollback: func(tx *gorm.DB) error { return tx.Migrator().DropTable("pending_uploads") },
	},
	{
		ID: "0006_card_last_rating",
		Migrate: func(tx *gorm.DB) error {
			// The rating of a card's latest answer, for reports that list
			// millions of cards without reading the review log.
			type Card struct {
				LastRating int8 `gorm:"not null;default:0"`
			}
			if err := tx.Migrator().AddColumn(&Card{}, "LastRating"); err != nil {
				return err
			}
			return tx.Exec("UPDATE cards SET last_rating = (SELECT reviews.rating FROM reviews WHERE reviews.card_id = cards.id ORDER BY reviews.id DESC LIMIT 1) WHERE EXISTS (SELECT 1 FROM reviews WHERE reviews.card_id = cards.id)").Error
		},
		Rollback: func(tx *gorm.DB) error {
			type Card struct{ LastRating int8 }
			return tx.Migrator().DropColumn(&Card{}, "LastRating")
		},
	},
	{
		ID: "0007_sessions_valid_after",
		Migrate: func(tx *gorm.DB) error {
			// Sessions that began before this time are ended: a password
			// change sets it.
			type User struct {
				SessionsValidAfter *time.Time
			}
			return tx.Migrator().AddColumn(&User{}, "SessionsValidAfter")
		},
		Rollback: func(tx *gorm.DB) error {
			type User struct{ SessionsValidAfter *time.Time }
			return tx.Migrator().DropColumn(&User{}, "SessionsValidAfter")
		},
	},
	{
		ID: "0008_username_key",
		Migrate: func(tx *gorm.DB) error {
			// The folded form of each name (UsernameKey), unique: lookups
			// and uniqueness no longer rest on SQLite's ASCII-only LOWER().
			type User struct {
				ID          uint
				Username    string
				UsernameKey *string `gorm:"size:128;uniqueIndex"`
			}
			m := tx.Migrator()
			if err := m.AddColumn(&User{}, "UsernameKey"); err != nil {
				return err
			}
			var users []User
			if err := tx.Select("id", "username").Order("id").Find(&users).Error; err != nil {
				return err
			}
			taken := map[string]bool{}
			for _, u := range users {
				k, err := UsernameKey(u.Username)
				if err != nil || taken[k] {
					// Two old names that fold alike ("Émile", "émile"), or
					// one the profile refuses: the older keeps the name and
					// this one gets a key no typed name folds to (it holds a
					// space), so it signs in only once it is renamed.
					k = fmt.Sprintf("unreachable %d", u.ID)
				}
				taken[k] = true
				if err := tx.Model(&User{}).Where("id = ?", u.ID).Update("username_key", k).Error; err != nil {
					return err
				}
			}
			return m.CreateIndex(&User{}, "UsernameKey")
		},
		Rollback: func(tx *gorm.DB) error {
			type User struct {
				UsernameKey *string `gorm:"size:128;uniqueIndex"`
			}
			if err := tx.Migrator().DropIndex(&User{}, "UsernameKey"); err != nil {
				return err
			}
			return tx.Migrator().DropColumn(&User{}, "UsernameKey")
		},
	},
	{
		ID: "0009_sign_in_limits",
		Migrate: func(tx *gorm.DB) error {
			// Failed sign-ins, counted in the database so that every quizd
			// process sharing it sees the same counts.
			type SignInFailure struct {
				ID      uint      `gorm:"primaryKey"`
				Account string    `gorm:"size:128;not null;index:idx_sign_in_failures_account,priority:1"`
				Address string    `gorm:"size:64;not null;index:idx_sign_in_failures_address,priority:1"`
				At      time.Time `gorm:"not null;index;index:idx_sign_in_failures_account,priority:2;index:idx_sign_in_failures_address,priority:2"`
			}
			// Where each account last signed in: an address the owner used
			// is spared the per-account limit that guesses from elsewhere
			// reach.
			type SignInAddress struct {
				Account string    `gorm:"primaryKey;size:128"`
				Address string    `gorm:"primaryKey;size:64"`
				At      time.Time `gorm:"not null;index"`
			}
			return tx.Migrator().CreateTable(&SignInFailure{}, &SignInAddress{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("sign_in_addresses", "sign_in_failures")
		},
	},
	{
		ID: "0010_secrets",
		Migrate: func(tx *gorm.DB) error {
			// Random keys made once and shared by every server using the
			// database: the key that signs the forms of visitors not
			// signed in, for one.
			type Secret struct {
				Name      string `gorm:"primaryKey;size:64"`
				Value     []byte `gorm:"not null"`
				CreatedAt time.Time
			}
			return tx.Migrator().CreateTable(&Secret{})
		},
		Rollback: func(tx *gorm.DB) error { return tx.Migrator().DropTable("secrets") },
	},
	{
		ID: "0011_served_cards_health",
		Migrate: func(tx *gorm.DB) error {
			type User struct{ ID uint }
			type Bank struct{ ID uint }
			type Question struct{ ID uint }
			// ServedCard is how a student's card was last shown, quiz or
			// flashcard, and at how many reviews: until it is answered it is
			// shown the same way (storage.ShownAs).
			type ServedCard struct {
				UserID     uint     `gorm:"primaryKey"`
				User       User     `gorm:"constraint:OnDelete:CASCADE"`
				BankID     uint     `gorm:"primaryKey"`
				Bank       Bank     `gorm:"constraint:OnDelete:CASCADE"`
				QuestionID uint     `gorm:"primaryKey;index"`
				Question   Question `gorm:"constraint:OnDelete:CASCADE"`
				Reps       uint64   `gorm:"not null"`
				Mode       string   `gorm:"size:16;not null"`
				ServedAt   time.Time
			}
			// HealthProbe is the one row the health check writes.
			type HealthProbe struct {
				ID        uint `gorm:"primaryKey"`
				CheckedAt time.Time
			}
			return tx.Migrator().CreateTable(&ServedCard{}, &HealthProbe{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("health_probes", "served_cards")
		},
	},
	{
		ID: "0012_rate_limits",
		Migrate: func(tx *gorm.DB) error {
			// Counters of rate limits and throttles (sign-ups, wrong join
			// codes), kept in the database so that every quizd process
			// sharing it counts against the same limit.
			type RateLimit struct {
				Key       string    `gorm:"primaryKey;size:200"`
				Hits      int       `gorm:"not null"`
				WindowEnd time.Time `gorm:"not null;index"`
			}
			return tx.Migrator().CreateTable(&RateLimit{})
		},
		Rollback: func(tx *gorm.DB) error { return tx.Migrator().DropTable("rate_limits") },
	},
	{
		ID: "0013_revealed_and_leeches",
		Migrate: func(tx *gorm.DB) error {
			// Revealed: the back of a card shown as a flashcard was shown
			// at these reps, so that a rating given unseen is refused.
			type ServedCard struct {
				Revealed bool `gorm:"not null;default:false"`
			}
			// Leech: the card lapsed srs.LeechLapses (8) times and is no longer
			// shown to its student.
			type Card struct {
				Leech bool `gorm:"not null;default:false"`
			}
			if err := tx.Migrator().AddColumn(&ServedCard{}, "Revealed"); err != nil {
				return err
			}
			if err := tx.Migrator().AddColumn(&Card{}, "Leech"); err != nil {
				return err
			}
			return tx.Exec("UPDATE cards SET leech = ? WHERE lapses >= ?", true, 8).Error
		},
		Rollback: func(tx *gorm.DB) error {
			type ServedCard struct{ Revealed bool }
			type Card struct{ Leech bool }
			if err := tx.Migrator().DropColumn(&ServedCard{}, "Revealed"); err != nil {
				return err
			}
			return tx.Migrator().DropColumn(&Card{}, "Leech")
		},
	},
	{
		ID: "0014_holds_practice",
		Migrate: func(tx *gorm.DB) error {
			type User struct{ ID uint }
			type Bank struct{ ID uint }
			type Question struct{ ID uint }
			// CardHold sets a student's card aside: suspended until lifted,
			// or buried until a time (the start of the next day). A question
			// never studied can be held too, so it keys on the question.
			type CardHold struct {
				UserID      uint     `gorm:"primaryKey"`
				User        User     `gorm:"constraint:OnDelete:CASCADE"`
				QuestionID  uint     `gorm:"primaryKey;index"`
				Question    Question `gorm:"constraint:OnDelete:CASCADE"`
				BankID      uint     `gorm:"not null;index"`
				Bank        Bank     `gorm:"constraint:OnDelete:CASCADE"`
				Suspended   bool     `gorm:"not null"`
				BuriedUntil *time.Time
				UpdatedAt   time.Time
			}
			// PracticeTest is a practice test: the questions chosen for it,
			// as a JSON list of question row ids, in the order asked.
			type PracticeTest struct {
				ID        uint   `gorm:"primaryKey"`
				UserID    uint   `gorm:"not null;index"`
				User      User   `gorm:"constraint:OnDelete:CASCADE"`
				BankID    uint   `gorm:"not null"`
				Bank      Bank   `gorm:"constraint:OnDelete:CASCADE"`
				Topic     string `gorm:"size:100;not null"`
				Filter    string `gorm:"size:16;not null"`
				Questions string `gorm:"not null"`
				CreatedAt time.Time
			}
			// PracticeAnswer is an answer given in practice: graded and
			// kept, but outside the review log, so that no schedule, count
			// of the day or fit of FSRS parameters ever reads it.
			type PracticeAnswer struct {
				ID         uint          `gorm:"primaryKey"`
				UserID     uint          `gorm:"not null;index:idx_practice_user_bank_time,priority:1"`
				User       User          `gorm:"constraint:OnDelete:CASCADE"`
				BankID     uint          `gorm:"not null;index:idx_practice_user_bank_time,priority:2"`
				Bank       Bank          `gorm:"constraint:OnDelete:CASCADE"`
				QuestionID uint          `gorm:"not null;index"`
				Question   Question      `gorm:"constraint:OnDelete:CASCADE"`
				TestID     *uint         `gorm:"index"`
				Test       *PracticeTest `gorm:"foreignKey:TestID;constraint:OnDelete:CASCADE"`
				Rating     int8          `gorm:"not null"`
				Correct    *bool
				Response   string
				ResponseMS int64
				AnsweredAt time.Time `gorm:"not null;index:idx_practice_user_bank_time,priority:3"`
			}
			return tx.Migrator().CreateTable(&CardHold{}, &PracticeTest{}, &PracticeAnswer{})
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("practice_answers", "practice_tests", "card_holds")
		},
	},
	{
		// 0015: instructors own their questions. A question keeps its row
		// (and every card) through edits; each edit is a version with who
		// made it; a review remembers the version it answered; a bank can
		// be archived; a student can flag a review for the instructor.
		ID: "0015_question_versions_flags",
		Migrate: func(tx *gorm.DB) error {
			type User struct{ ID uint }
			type Bank struct {
				ID         uint
				ArchivedAt *time.Time
			}
			type Review struct {
				ID              uint
				QuestionVersion int `gorm:"not null;default:0"`
			}
			type Question struct {
				ID      uint
				Version int `gorm:"not null;default:1"`
				// EditedBy is the person who last changed the question by
				// hand (editor, restore, accepted appeal); nil when only
				// uploads and generation have written it.
				EditedBy *uint
				EditedAt *time.Time
			}
			m := tx.Migrator()
			if err := m.AddColumn(&Bank{}, "ArchivedAt"); err != nil {
				return err
			}
			if err := m.AddColumn(&Review{}, "QuestionVersion"); err != nil {
				return err
			}
			for _, col := range []string{"Version", "EditedBy", "EditedAt"} {
				if err := m.AddColumn(&Question{}, col); err != nil {
					return err
				}
			}
			// QuestionVersion is one version of a question: its whole
			// content as the bank format's JSON, who made it and why.
			type QuestionVersion struct {
				ID         uint     `gorm:"primaryKey"`
				QuestionID uint     `gorm:"not null;uniqueIndex:idx_question_versions_q_v,priority:1"`
				Question   Question `gorm:"constraint:OnDelete:CASCADE"`
				Version    int      `gorm:"not null;uniqueIndex:idx_question_versions_q_v,priority:2"`
				Data       string   `gorm:"not null"`
				AuthorID   *uint
				Author     *User  `gorm:"foreignKey:AuthorID;constraint:OnDelete:SET NULL"`
				Reason     string `gorm:"size:32;not null"`
				CreatedAt  time.Time
			}
			// Flag is a student's appeal of one review, and the
			// instructor's decision on it.
			type Flag struct {
				ID         uint     `gorm:"primaryKey"`
				ReviewID   uint     `gorm:"not null;index"`
				Review     Review   `gorm:"constraint:OnDelete:CASCADE"`
				UserID     uint     `gorm:"not null;index"`
				User       User     `gorm:"constraint:OnDelete:CASCADE"`
				BankID     uint     `gorm:"not null;index:idx_flags_bank_status,priority:1"`
				Bank       Bank     `gorm:"constraint:OnDelete:CASCADE"`
				QuestionID uint     `gorm:"not null;index"`
				Question   Question `gorm:"constraint:OnDelete:CASCADE"`
				Reason     string   `gorm:"size:20;not null"`
				Comment    string   `gorm:"size:1000;not null;default:''"`
				Response   string   `gorm:"not null;default:''"`
				Status     string   `gorm:"size:10;not null;default:'open';index:idx_flags_bank_status,priority:2"`
				DecidedBy  *uint
				Decider    *User `gorm:"foreignKey:DecidedBy;constraint:OnDelete:SET NULL"`
				DecidedAt  *time.Time
				CreatedAt  time.Time
			}
			if err := m.CreateTable(&QuestionVersion{}, &Flag{}); err != nil {
				return err
			}
			if err := tx.Exec(`INSERT INTO question_versions (question_id, version, data, reason, created_at)
				SELECT id, 1, data, 'created', created_at FROM questions`).Error; err != nil {
				return err
			}
			return tx.Exec("UPDATE reviews SET question_version = 1").Error
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Migrator().DropTable("flags", "question_versions"); err != nil {
				return err
			}
			// ALTER TABLE, as 0016 explains: the SQLite migrator's
			// DropColumn copies the table, and dropping banks or questions
			// would cascade to every card and review.
			for _, stmt := range []string{
				"ALTER TABLE questions DROP COLUMN version", "ALTER TABLE questions DROP COLUMN edited_by",
				"ALTER TABLE questions DROP COLUMN edited_at", "ALTER TABLE reviews DROP COLUMN question_version",
				"ALTER TABLE banks DROP COLUMN archived_at",
			} {
				if err := tx.Exec(stmt).Error; err != nil {
					return err
				}
			}
			return nil
		},
	},
	{
		// 0016: classes are run from the browser. A class can be archived
		// (no one joins it, its reports stay); an assignment of a bank to
		// a class has a due date, a target and the class's pace for the
		// bank; a student may choose their own pace for a bank where the
		// class does not lock it.
		ID: "0016_class_assignments",
		Migrate: func(tx *gorm.DB) error {
			type User struct{ ID uint }
			type Bank struct{ ID uint }
			type Class struct {
				ID         uint
				ArchivedAt *time.Time
			}
			type ClassBank struct {
				ClassID uint
				BankID  uint
				DueAt   *time.Time
				// TargetMastered is how many questions to master; 0: see
				// every question.
				TargetMastered   int `gorm:"not null;default:0"`
				NewPerDay        *int
				DesiredRetention *float64
				Locked           bool `gorm:"not null;default:false"`
			}
			// BankSetting is a student's own pace for one bank.
			type BankSetting struct {
				UserID           uint `gorm:"primaryKey"`
				User             User `gorm:"constraint:OnDelete:CASCADE"`
				BankID           uint `gorm:"primaryKey;index"`
				Bank             Bank `gorm:"constraint:OnDelete:CASCADE"`
				NewPerDay        *int
				DesiredRetention *float64
				UpdatedAt        time.Time
			}
			m := tx.Migrator()
			if err := m.AddColumn(&Class{}, "ArchivedAt"); err != nil {
				return err
			}
			for _, col := range []string{"DueAt", "TargetMastered", "NewPerDay", "DesiredRetention", "Locked"} {
				if err := m.AddColumn(&ClassBank{}, col); err != nil {
					return err
				}
			}
			return m.CreateTable(&BankSetting{})
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Migrator().DropTable("bank_settings"); err != nil {
				return err
			}
			// ALTER TABLE, the same in SQLite and PostgreSQL: the SQLite
			// migrator's DropColumn copies the table and drops the old one,
			// and dropping classes would cascade to its members.
			for _, col := range []string{"due_at", "target_mastered", "new_per_day", "desired_retention", "locked"} {
				if err := tx.Exec("ALTER TABLE class_banks DROP COLUMN " + col).Error; err != nil {
					return err
				}
			}
			return tx.Exec("ALTER TABLE classes DROP COLUMN archived_at").Error
		},
	},
	{
		// 0017: accounts are run from the browser: an admin disables an
		// account, names it, and issues one-time links to set a password.
		ID: "0017_accounts",
		Migrate: func(tx *gorm.DB) error {
			type User struct {
				ID          uint
				DisabledAt  *time.Time
				DisplayName string `gorm:"size:200;not null;default:''"`
			}
			m := tx.Migrator()
			for _, col := range []string{"DisabledAt", "DisplayName"} {
				if err := m.AddColumn(&User{}, col); err != nil {
					return err
				}
			}
			// PasswordReset is a one-time link to set a password: only the
			// hash of its token is kept.
			type PasswordReset struct {
				ID        uint      `gorm:"primaryKey"`
				Hash      string    `gorm:"size:64;not null;uniqueIndex"`
				UserID    uint      `gorm:"not null;index"`
				User      User      `gorm:"constraint:OnDelete:CASCADE"`
				ExpiresAt time.Time `gorm:"not null"`
				UsedAt    *time.Time
				CreatedBy *uint
				Creator   *User `gorm:"foreignKey:CreatedBy;constraint:OnDelete:SET NULL"`
				CreatedAt time.Time
			}
			return m.CreateTable(&PasswordReset{})
		},
		Rollback: func(tx *gorm.DB) error {
			if err := tx.Migrator().DropTable("password_resets"); err != nil {
				return err
			}
			// ALTER TABLE, as 0016 explains: copying users would cascade to
			// every table that refers to them.
			for _, col := range []string{"disabled_at", "display_name"} {
				if err := tx.Exec("ALTER TABLE users DROP COLUMN " + col).Error; err != nil {
					return err
				}
			}
			return nil
		},
	},
	{
		// 0018: the next card without walking the bank. A bank's studied
		// questions in their new-card order: the active count is a count
		// of this index alone, and the capped unseen count and the pick
		// of a new card read it in order and stop early.
		ID: "0018_hot_path_indexes",
		Migrate: func(tx *gorm.DB) error {
			return tx.Exec("CREATE INDEX idx_questions_bank_retired_order ON questions (bank_id, retired, new_order, id)").Error
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Exec("DROP INDEX idx_questions_bank_retired_order").Error
		},
	},
	{
		// 0019: one counter that every write to what a server caches
		// (accounts, tokens, banks, questions, classes, paces) moves on, so
		// that each server, reading it once a request, knows whether its
		// cache still holds (cache.go).
		ID: "0019_cache_epochs",
		Migrate: func(tx *gorm.DB) error {
			if err := tx.Exec("CREATE TABLE cache_epochs (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)").Error; err != nil {
				return err
			}
			if err := tx.Exec("INSERT INTO cache_epochs (id, n) VALUES (1, 1)").Error; err != nil {
				return err
			}
			// The lean next card's counts (study_lean.go): a student's new
			// cards and Again answers of the day, one index entry each,
			// however many answers the day holds. 0 is srs.New, 1 srs.Again.
			if err := tx.Exec("CREATE INDEX idx_reviews_user_bank_new ON reviews (user_id, bank_id, reviewed_at) WHERE before_state = 0").Error; err != nil {
				return err
			}
			return tx.Exec("CREATE INDEX idx_reviews_user_bank_again ON reviews (user_id, bank_id, reviewed_at, card_id) WHERE rating = 1").Error
		},
		Rollback: func(tx *gorm.DB) error {
			for _, ix := range []string{"idx_reviews_user_bank_again", "idx_reviews_user_bank_new"} {
				if err := tx.Exec("DROP INDEX " + ix).Error; err != nil {
					return err
				}
			}
			return tx.Migrator().DropTable("cache_epochs")
		},
	},
	{
		// 0020: a counter per student that every write to the student's
		// cards, reviews and holds moves on, so that a server may keep a
		// student's schedule in memory between requests and know, with one
		// read, whether it still holds (study_cache.go).
		ID: "0020_study_marks",
		Migrate: func(tx *gorm.DB) error {
			return tx.Exec("CREATE TABLE study_marks (user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE, n BIGINT NOT NULL)").Error
		},
		Rollback: func(tx *gorm.DB) error {
			return tx.Migrator().DropTable("study_marks")
		},
	},
}

func (s *Store) migrator(ctx context.Context) *gormigrate.Gormigrate {
	opts := *gormigrate.DefaultOptions
	opts.TableName = "schema_migrations"
	opts.UseTransaction = true
	return gormigrate.New(s.w.WithContext(ctx), &opts, migrations)
}

// migrate brings the schema up to the step with the given ID, or to the
// latest when to is empty.
func (s *Store) migrate(ctx context.Context, to string) (err error) {
	// gormigrate reads whether its table exists without checking the
	// error, and dereferences a nil row when the database did not answer
	// (locked past the busy timeout): that is an error to report.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("storage: migrate %s: the database did not answer (%v): is another program holding it locked?", s.path, p)
		}
	}()
	m := s.migrator(ctx)
	if to == "" {
		err = m.Migrate()
	} else {
		err = m.MigrateTo(to)
	}
	if err != nil {
		return fmt.Errorf("storage: migrate %s: %w", s.path, err)
	}
	return nil
}

// SchemaVersion returns the ID of the newest migration applied.
func (s *Store) SchemaVersion(ctx context.Context) (string, error) {
	var id string
	err := s.read(ctx).Table("schema_migrations").Select("id").Order("id DESC").Limit(1).Scan(&id).Error
	if err != nil {
		return "", fmt.Errorf("storage: schema version: %w", err)
	}
	return id, nil
}
