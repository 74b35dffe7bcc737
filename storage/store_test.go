package storage

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"quizd/questions"
	"quizd/questions/srs"
	"quizd/storage/testdb"
)

var t0 = time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

func openTest(t *testing.T) (*Store, string) {
	t.Helper()
	path := testdb.Path(t)
	s, err := Open(context.Background(), Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// smallBank has n short-answer questions q1..qn in topic "t".
func smallBank(slug string, n int) *questions.Bank {
	b := &questions.Bank{Slug: slug, Title: "Bank " + slug, Source: questions.Source{Title: "S"}}
	for i := 1; i <= n; i++ {
		b.Questions = append(b.Questions, questions.Question{
			ID: fmt.Sprintf("q%d", i), Topic: "t", Type: questions.ShortAnswer,
			Prompt: fmt.Sprintf("Question %d?", i), Answer: fmt.Sprintf("answer %d", i),
		})
	}
	b.Stamp()
	return b
}

func mustUser(t *testing.T, s *Store, name string) *User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), name, "hash", Student)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func mustBank(t *testing.T, s *Store, b *questions.Bank) *Bank {
	t.Helper()
	r, err := s.UpsertBank(context.Background(), b, BankOptions{Public: true})
	if err != nil {
		t.Fatal(err)
	}
	return r.Bank
}

func answer(t *testing.T, s *Store, u *User, b *Bank, qid string, r srs.Rating, at time.Time) *Recorded {
	t.Helper()
	rec, err := s.RecordAnswer(context.Background(), Answer{UserID: u.ID, BankID: b.ID, QuestionID: qid, Rating: r, Now: at, Scheduler: srs.NewScheduler(0.9)})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func next(t *testing.T, s *Store, u *User, b *Bank, at time.Time, newPerDay int) *Next {
	t.Helper()
	n, err := s.NextCard(context.Background(), NextQuery{UserID: u.ID, BankID: b.ID, Now: at, DayStart: DayStart(at, time.UTC), NewPerDay: newPerDay})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// firstNew is the question introduced first among qids.
func firstNew(qids ...string) string {
	best := qids[0]
	for _, q := range qids[1:] {
		if newOrder(q) < newOrder(best) {
			best = q
		}
	}
	return best
}

func TestNewCardsMixTheBank(t *testing.T) {
	s, _ := openTest(t)
	u := mustUser(t, s, "ada")
	b := mustBank(t, s, smallBank("b", 20))
	var got []string
	for i := 0; i < 20; i++ {
		n := next(t, s, u, b, t0, 100)
		got = append(got, n.Question.ID)
		answer(t, s, u, b, n.Question.ID, srs.Easy, t0)
	}
	inOrder := 0
	for i := 1; i < len(got); i++ {
		if got[i] == fmt.Sprintf("q%d", i+1) {
			inOrder++
		}
	}
	if inOrder > 10 {
		t.Errorf("new cards came mostly in bank order: %v", got)
	}
	seen := map[string]bool{}
	for _, q := range got {
		seen[q] = true
	}
	if len(seen) != 20 {
		t.Errorf("%d distinct cards of 20: %v", len(seen), got)
	}
}

func TestMigrateEmptyDatabase(t *testing.T) {
	s, _ := openTest(t)
	v, err := s.SchemaVersion(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if v != migrations[len(migrations)-1].ID {
		t.Errorf("schema version %q, want %q", v, migrations[len(migrations)-1].ID)
	}
}

func TestMigrateOldDatabase(t *testing.T) {
	ctx := context.Background()
	path := testdb.Path(t)
	// A database as the first release left it: accounts only.
	s, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	old := testdb.Open(t, path)
	for _, stmt := range []string{
		"DROP TABLE study_marks",
		"DROP TABLE cache_epochs",
		"DROP TABLE bank_settings",
		"DROP TABLE password_resets",
		"ALTER TABLE users DROP COLUMN disabled_at",
		"ALTER TABLE users DROP COLUMN display_name",
		"DROP TABLE flags",
		"DROP TABLE question_versions",
		"DROP TABLE practice_answers",
		"DROP TABLE practice_tests",
		"DROP TABLE card_holds",
		"DROP TABLE served_cards",
		"DROP TABLE health_probes",
		"DROP TABLE rate_limits",
		"DROP TABLE pending_uploads",
		"DROP TABLE class_banks",
		"DROP TABLE class_members",
		"DROP TABLE classes",
		"DROP TABLE reviews",
		"DROP TABLE cards",
		"DROP TABLE questions",
		"DROP TABLE banks",
		"DELETE FROM schema_migrations WHERE id <> '0001_accounts'",
		"DROP TABLE secrets",
		"DROP TABLE sign_in_failures",
		"DROP TABLE sign_in_addresses",
		"ALTER TABLE users DROP COLUMN sessions_valid_after",
		"DROP INDEX idx_users_username_key",
		"ALTER TABLE users DROP COLUMN username_key",
	} {
		if _, err := old.Exec(stmt); err != nil {
			t.Fatalf("make the old schema: %s: %v", stmt, err)
		}
	}
	for _, name := range []string{"olduser", "Émile", "émile"} {
		if _, err := old.Exec("INSERT INTO users (username, password_hash, role, desired_retention, new_per_day, created_at, updated_at) VALUES ($1, 'h', 'student', 0.85, 7, $2, $3)", name, t0, t0); err != nil {
			t.Fatal(err)
		}
	}
	old.Close()
	s, err = Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatalf("open the old database: %v", err)
	}
	defer s.Close()
	u, _, err := s.UserByName(ctx, "olduser")
	if err != nil {
		t.Fatalf("the old user is gone: %v", err)
	}
	if u.Settings.NewPerDay != 7 || u.Settings.DesiredRetention != 0.85 {
		t.Errorf("old settings not kept: %+v", u.Settings)
	}
	// Two old names that fold alike: the older one keeps the name.
	if e, _, err := s.UserByName(ctx, "ÉMILE"); err != nil || e.Username != "Émile" {
		t.Errorf("ÉMILE after the upgrade = %+v, %v, want the older Émile", e, err)
	}
	if _, err := s.CreateUser(ctx, "EMILE", "h", Student); err != nil {
		t.Errorf("a name that differs by an accent is another name: %v", err)
	}
	b := mustBank(t, s, smallBank("after-upgrade", 2))
	answer(t, s, u, b, "q1", srs.Good, t0)
}

func TestCreateUser(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, "Ada")
	if u.Settings != srs.DefaultSettings || u.Role != Student {
		t.Errorf("new user %+v", u)
	}
	if _, err := s.CreateUser(ctx, "ada", "h", Student); !errors.Is(err, ErrExists) {
		t.Errorf("same name in other case: error %v, want ErrExists", err)
	}
	if _, err := s.CreateUser(ctx, "bob", "h", Role("root")); err == nil {
		t.Error("unknown role accepted")
	}
	got, hash, err := s.UserByName(ctx, "ADA")
	if err != nil || got.ID != u.ID || hash != "hash" {
		t.Errorf("UserByName = %+v %q %v", got, hash, err)
	}
	if _, _, err := s.UserByName(ctx, "nobody"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing user: %v, want ErrNotFound", err)
	}
	if err := s.UpdateSettings(ctx, u.ID, srs.Settings{DesiredRetention: 0.8, NewPerDay: 5}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.UserByID(ctx, u.ID); got.Settings.NewPerDay != 5 || got.Settings.DesiredRetention != 0.8 {
		t.Errorf("settings not saved: %+v", got.Settings)
	}
	if err := s.CreateToken(ctx, u.ID, "tokenhash", t0); err != nil {
		t.Fatal(err)
	}
	if got, err := s.UserByToken(ctx, "tokenhash", t0); err != nil || got.ID != u.ID {
		t.Errorf("UserByToken = %+v, %v", got, err)
	}
	if _, err := s.UserByToken(ctx, "other", t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown token: %v", err)
	}
}

func TestUsernamesCompareInUnicode(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	emile := mustUser(t, s, "Émile")
	for _, name := range []string{"émile", "ÉMILE", "E\u0301mile", " Émile "} {
		got, _, err := s.UserByName(ctx, name)
		if err != nil || got.ID != emile.ID {
			t.Errorf("UserByName(%q) = %+v, %v, want Émile", name, got, err)
		}
		if _, err := s.CreateUser(ctx, name, "h", Student); !errors.Is(err, ErrExists) {
			t.Errorf("CreateUser(%q) beside Émile: %v, want ErrExists", name, err)
		}
	}
	// A decomposed name is kept composed.
	if u := mustUser(t, s, "Zoe\u0308"); u.Username != "Zoë" {
		t.Errorf("a decomposed name is kept as %q", u.Username)
	}
	if _, _, err := s.UserByName(ctx, "bad name"); !errors.Is(err, ErrNotFound) {
		t.Errorf("a name no account could have: %v, want ErrNotFound", err)
	}
}

func TestTokensExpireUnusedAndNoteUseHourly(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, "ada")
	if err := s.CreateToken(ctx, u.ID, "old", t0); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateToken(ctx, u.ID, "new", t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	lastUsed := func(hash string) time.Time {
		var row apiTokenRow
		if err := s.read(ctx).Where("hash = ?", hash).Take(&row).Error; err != nil {
			t.Fatal(err)
		}
		return row.LastUsedAt.UTC()
	}
	// Used within the hour: no write; after it: the time moves.
	if _, err := s.UserByToken(ctx, "old", t0.Add(59*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if got := lastUsed("old"); !got.Equal(t0) {
		t.Errorf("last use written within the hour: %v", got)
	}
	used := t0.Add(2 * time.Hour)
	if _, err := s.UserByToken(ctx, "old", used); err != nil {
		t.Fatal(err)
	}
	if got := lastUsed("old"); !got.Equal(used) {
		t.Errorf("last use = %v, want %v", got, used)
	}
	list, err := s.Tokens(ctx, u.ID, used)
	if err != nil || len(list) != 2 || !list[0].CreatedAt.Equal(t0.Add(time.Hour)) || !list[1].ExpiresAt.Equal(used.Add(TokenIdle)) {
		t.Errorf("Tokens = %+v, %v", list, err)
	}
	// 90 days unused: "new" has expired, "old" (used later) has not.
	later := t0.Add(time.Hour + TokenIdle)
	if _, err := s.UserByToken(ctx, "new", later); !errors.Is(err, ErrNotFound) {
		t.Errorf("a token unused for 90 days: %v, want ErrNotFound", err)
	}
	if _, err := s.UserByToken(ctx, "old", later); err != nil {
		t.Errorf("a token used since: %v", err)
	}
	if list, _ := s.Tokens(ctx, u.ID, later); len(list) != 1 {
		t.Errorf("Tokens after expiry = %+v, want only the one used", list)
	}
}

func TestUpsertBankKeepsProgress(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, "ada")
	v1 := smallBank("b", 3)
	b := mustBank(t, s, v1)
	answer(t, s, u, b, "q1", srs.Easy, t0)
	answer(t, s, u, b, "q2", srs.Easy, t0)

	v2 := smallBank("b", 3)
	v2.Questions[1].Prompt = "Question two, reworded?" // q2 changes
	v2.Questions = append(v2.Questions[:2], questions.Question{ID: "q4", Topic: "t", Type: questions.ShortAnswer, Prompt: "New?", Answer: "x"})
	v2.Stamp()
	res, err := s.UpsertBank(ctx, v2, BankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Updated != 1 || res.Retired != 1 || res.Unchanged != 1 || res.BankCreated {
		t.Errorf("upsert result %+v, want 1 created (q4), 1 updated (q2), 1 retired (q3), 1 unchanged (q1)", res)
	}
	if res.Bank.ID != b.ID {
		t.Errorf("the new version got another bank id")
	}
	// Progress on q1 and q2 is kept: both are scheduled days ahead, so the
	// next card is a new one.
	n := next(t, s, u, b, t0.Add(time.Hour), 20)
	if !n.IsNew || n.Question.ID != "q4" {
		t.Errorf("next = %+v, want new q4 (q3 is retired)", n.Question)
	}
	if _, err := s.Question(ctx, b.ID, "q3"); !errors.Is(err, ErrNotFound) {
		t.Errorf("retired q3 is still served: %v", err)
	}
	if q, _ := s.Question(ctx, b.ID, "q2"); q == nil || q.Prompt != "Question two, reworded?" {
		t.Errorf("q2 was not updated: %+v", q)
	}
	// The same version again changes nothing.
	res, _ = s.UpsertBank(ctx, v2, BankOptions{})
	if res.Unchanged != 3 || res.Created+res.Updated+res.Retired != 0 || res.BankChanged {
		t.Errorf("re-upsert of the same version: %+v", res)
	}
	// The retired question comes back when a later version has it again.
	res, _ = s.UpsertBank(ctx, v1, BankOptions{})
	if res.Updated < 1 {
		t.Errorf("restoring q3: %+v", res)
	}
	if _, err := s.Question(ctx, b.ID, "q3"); err != nil {
		t.Errorf("q3 was not restored: %v", err)
	}
}

func TestUpsertRefusesAnInvalidBank(t *testing.T) {
	s, _ := openTest(t)
	b := smallBank("bad", 2)
	b.Questions[1].ID = "q1"
	if _, err := s.UpsertBank(context.Background(), b, BankOptions{}); err == nil {
		t.Fatal("a bank with duplicate ids was stored")
	}
	banks, _ := s.Banks(context.Background())
	if len(banks) != 0 {
		t.Errorf("something was stored: %+v", banks)
	}
}

func TestDueOrderAndNewLimit(t *testing.T) {
	s, _ := openTest(t)
	u := mustUser(t, s, "ada")
	b := mustBank(t, s, smallBank("b", 6))
	// New cards come in their mixed order, up to the daily limit.
	n := next(t, s, u, b, t0, 2)
	if first := firstNew("q1", "q2", "q3", "q4", "q5", "q6"); !n.IsNew || n.Question.ID != first || n.NewCount != 2 || n.DueCount != 0 {
		t.Fatalf("first card %+v, want new %s", n, first)
	}
	answer(t, s, u, b, "q1", srs.Easy, t0)
	answer(t, s, u, b, "q2", srs.Easy, t0)
	n = next(t, s, u, b, t0.Add(time.Minute), 2)
	if n.Question != nil || n.NewCount != 0 || n.NextDue == nil || n.DoneToday != 2 {
		t.Fatalf("after the daily limit: %+v, want nothing with a next due date", n)
	}
	// Tomorrow the limit starts again.
	tomorrow := t0.Add(24 * time.Hour)
	if n := next(t, s, u, b, tomorrow, 2); n.NewCount != 2 {
		t.Errorf("a new day: %d new cards, want 2", n.NewCount)
	}
	// The most overdue card comes first: q2 made due before q1.
	answer(t, s, u, b, "q3", srs.Easy, t0.Add(2*time.Minute))
	later := t0.Add(60 * 24 * time.Hour)
	n = next(t, s, u, b, later, 2)
	if n.IsNew || n.Question.ID != "q1" || n.DueCount != 3 {
		t.Errorf("due order: %+v (due %d), want q1 of 3 due", n.Question.ID, n.DueCount)
	}
	// A learning card one minute out is shown when nothing else is left.
	answer(t, s, u, b, "q1", srs.Again, later)
	answer(t, s, u, b, "q2", srs.Good, later)
	answer(t, s, u, b, "q3", srs.Good, later)
	n = next(t, s, u, b, later.Add(10*time.Second), 0)
	if n.Question == nil || n.Question.ID != "q1" {
		t.Errorf("learn ahead: %+v, want q1 in relearning", n)
	}
}

func TestStateAfterEachRating(t *testing.T) {
	s, _ := openTest(t)
	u := mustUser(t, s, "ada")
	b := mustBank(t, s, smallBank("b", 4))
	want := map[string]srs.State{"q1": srs.Learning, "q2": srs.Learning, "q3": srs.Learning, "q4": srs.Review}
	for i, r := range srs.Ratings {
		qid := fmt.Sprintf("q%d", i+1)
		rec := answer(t, s, u, b, qid, r, t0)
		if rec.Card.State != want[qid] || rec.Card.Reps != 1 {
			t.Errorf("%v: state %v reps %d, want %v", r, rec.Card.State, rec.Card.Reps, want[qid])
		}
		rv, err := s.ReviewByID(context.Background(), u.ID, rec.ReviewID)
		if err != nil {
			t.Fatal(err)
		}
		if rv.Before.State != srs.New || rv.After.State != want[qid] || rv.Rating != r || !rv.Latest {
			t.Errorf("review log %+v", rv)
		}
		if !rv.After.Due.Equal(rec.Card.Due) {
			t.Errorf("logged due %v, card due %v", rv.After.Due, rec.Card.Due)
		}
	}
}

func TestStaleAnswerIsRefused(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, "ada")
	b := mustBank(t, s, smallBank("b", 1))
	zero := uint64(0)
	a := Answer{UserID: u.ID, BankID: b.ID, QuestionID: "q1", Rating: srs.Good, Now: t0, ExpectReps: &zero, Scheduler: srs.NewScheduler(0.9)}
	if _, err := s.RecordAnswer(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordAnswer(ctx, a); !errors.Is(err, ErrConflict) {
		t.Errorf("double submit: %v, want ErrConflict", err)
	}
	a.QuestionID = "nope"
	if _, err := s.RecordAnswer(ctx, a); !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown question: %v, want ErrNotFound", err)
	}
}

func TestRerate(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, "ada")
	other := mustUser(t, s, "bob")
	b := mustBank(t, s, smallBank("b", 1))
	rec := answer(t, s, u, b, "q1", srs.Again, t0)
	sched := srs.NewScheduler(0.9)
	if _, err := s.Rerate(ctx, other.ID, rec.ReviewID, srs.Easy, sched); !errors.Is(err, ErrNotFound) {
		t.Errorf("another student's review: %v, want ErrNotFound", err)
	}
	re, err := s.Rerate(ctx, u.ID, rec.ReviewID, srs.Easy, sched)
	if err != nil {
		t.Fatal(err)
	}
	if re.Card.State != srs.Review || re.Card.Reps != 1 {
		t.Errorf("after rerating Easy: %v reps %d, want review with one rep", re.Card.State, re.Card.Reps)
	}
	answer(t, s, u, b, "q1", srs.Good, t0.Add(30*24*time.Hour))
	if _, err := s.Rerate(ctx, u.ID, rec.ReviewID, srs.Hard, sched); !errors.Is(err, ErrConflict) {
		t.Errorf("rerating an answer that is no longer the latest: %v, want ErrConflict", err)
	}
}

func TestRestartKeepsEverything(t *testing.T) {
	ctx := context.Background()
	s, path := openTest(t)
	u := mustUser(t, s, "ada")
	b := mustBank(t, s, smallBank("b", 3))
	rec := answer(t, s, u, b, "q1", srs.Good, t0)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	rv, err := s2.ReviewByID(ctx, u.ID, rec.ReviewID)
	if err != nil {
		t.Fatal(err)
	}
	if !rv.After.Due.Equal(rec.Card.Due) || rv.After.State != rec.Card.State || rv.After.Stability != rec.Card.Stability {
		t.Errorf("after restart: %+v, want %+v", rv.After, rec.Card)
	}
	n := next(t, s2, u, b, t0.Add(time.Minute), 20)
	if want := firstNew("q2", "q3"); n.Question == nil || n.Question.ID != want {
		t.Errorf("after restart the next card is %+v, want %s", n.Question, want)
	}
}

func TestConcurrentAnswersLoseNothing(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	b := mustBank(t, s, smallBank("b", 10))
	const students, perStudent = 100, 10
	users := make([]*User, students)
	for i := range users {
		users[i] = mustUser(t, s, fmt.Sprintf("s%03d", i))
	}
	var wg sync.WaitGroup
	errs := make(chan error, students*perStudent)
	for _, u := range users {
		wg.Add(1)
		go func(u *User) {
			defer wg.Done()
			sched := srs.NewScheduler(0.9)
			for j := 1; j <= perStudent; j++ {
				// Read the next card and answer it, as a client does.
				n, err := s.NextCard(ctx, NextQuery{UserID: u.ID, BankID: b.ID, Now: t0, DayStart: t0.Add(-time.Hour), NewPerDay: 100})
				if err != nil {
					errs <- err
					return
				}
				reps := n.Card.Reps
				_, err = s.RecordAnswer(ctx, Answer{UserID: u.ID, BankID: b.ID, QuestionID: n.Question.ID, Rating: srs.Easy, Now: t0, ExpectReps: &reps, Scheduler: sched})
				if err != nil {
					errs <- err
				}
			}
		}(u)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent answer: %v", err)
	}
	var reviews, cards int64
	s.r.Model(&reviewRow{}).Count(&reviews)
	s.r.Model(&cardRow{}).Count(&cards)
	if reviews != students*perStudent || cards != students*perStudent {
		t.Errorf("%d reviews and %d cards, want %d of each", reviews, cards, students*perStudent)
	}
}

func TestStudentStats(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, "ada")
	b := mustBank(t, s, smallBank("b", 4))
	answer(t, s, u, b, "q1", srs.Easy, t0)
	answer(t, s, u, b, "q2", srs.Easy, t0)
	answer(t, s, u, b, "q3", srs.Again, t0.Add(24*time.Hour))
	// Review q1 and q2 once they are due: one kept, one forgotten.
	later := t0.Add(40 * 24 * time.Hour)
	answer(t, s, u, b, "q1", srs.Good, later)
	answer(t, s, u, b, "q2", srs.Again, later)
	st, err := s.StudentStats(ctx, u.ID, b.ID, later, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if st.RetentionCount != 2 || st.Retention != 0.5 {
		t.Errorf("retention %v over %d, want 0.5 over 2", st.Retention, st.RetentionCount)
	}
	if st.Reviews != 2 || st.ReviewsPerDay[StatsDays-1].Count != 2 {
		t.Errorf("reviews in the window %d, today %d, want 2 and 2", st.Reviews, st.ReviewsPerDay[StatsDays-1].Count)
	}
	total := 0
	for _, d := range st.DueForecast {
		total += d.Count
	}
	if total < 2 || st.DueForecast[0].Count < 2 {
		t.Errorf("due forecast %v: the two relearning cards are due today", st.DueForecast[:3])
	}
	if len(st.Topics) != 1 || st.Topics[0].Seen != 3 || st.Topics[0].Questions != 4 {
		t.Errorf("topics %+v", st.Topics)
	}
}

func TestSessions(t *testing.T) {
	s, _ := openTest(t)
	ss := s.Sessions()
	if v, err := ss.Get("k"); v != nil || err != nil {
		t.Errorf("missing session: %q %v", v, err)
	}
	if err := ss.Set("k", []byte("v1"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if err := ss.Set("k", []byte("v2"), time.Hour); err != nil {
		t.Fatal(err)
	}
	if v, _ := ss.Get("k"); string(v) != "v2" {
		t.Errorf("Get = %q, want v2", v)
	}
	if err := ss.Set("old", []byte("x"), time.Nanosecond); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	if v, _ := ss.Get("old"); v != nil {
		t.Errorf("expired session returned %q", v)
	}
	if n, err := s.DeleteExpiredSessions(context.Background(), time.Now()); err != nil || n != 1 {
		t.Errorf("DeleteExpiredSessions = %d, %v, want 1", n, err)
	}
	if err := ss.Delete("k"); err != nil {
		t.Fatal(err)
	}
	if v, _ := ss.Get("k"); v != nil {
		t.Errorf("deleted session returned %q", v)
	}
}

func TestMain(m *testing.M) {
	os.Exit(testdb.Main(m, func(url string) error {
		s, err := Open(context.Background(), Config{Path: url})
		if err != nil {
			return err
		}
		return s.Close()
	}))
}
