package storage

import (
	"context"
	"errors"
	"testing"
	"time"
	"unsafe"

	"quizd/questions"
)

// TestCacheSeesChangesMadeByAnotherServer runs two stores on one database,
// as two quizd processes would: what one caches, a change made through the
// other undoes on the next request.
func TestCacheSeesChangesMadeByAnotherServer(t *testing.T) {
	ctx := context.Background()
	a, path := openTest(t)
	b := openTestStore(t, path)
	u := mustUser(t, a, "student")
	bank := mustBank(t, a, smallBank("b1", 3))
	now := time.Now()
	if err := a.CreateToken(ctx, u.ID, "tokenhash", now); err != nil {
		t.Fatal(err)
	}
	request := func(s *Store) context.Context {
		t.Helper()
		c, err := s.Fresh(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	// Fill b's cache with the token, the account, the bank and a question.
	for range 2 {
		c := request(b)
		got, err := b.UserByToken(c, "tokenhash", now)
		if err != nil || got.ID != u.ID || got.Role != Student {
			t.Fatalf("token: %+v, %v", got, err)
		}
		if bk, err := b.BankByID(c, bank.ID); err != nil || bk.Title != "Bank b1" {
			t.Fatalf("bank: %+v, %v", bk, err)
		}
		if q, err := b.Question(c, bank.ID, "q1"); err != nil || q.Prompt != "Question 1?" {
			t.Fatalf("question: %+v, %v", q, err)
		}
	}

	// A role change through a.
	if err := a.SetRole(ctx, u.ID, Instructor); err != nil {
		t.Fatal(err)
	}
	if got, err := b.UserByToken(request(b), "tokenhash", now); err != nil || got.Role != Instructor {
		t.Errorf("after the role change elsewhere: %+v, %v; want the instructor role", got, err)
	}
	// A bank renamed through a.
	if _, err := a.RenameBank(ctx, bank.ID, "Renamed"); err != nil {
		t.Fatal(err)
	}
	if bk, err := b.BankByID(request(b), bank.ID); err != nil || bk.Title != "Renamed" {
		t.Errorf("after the rename elsewhere: %+v, %v", bk, err)
	}
	// A question edited through a.
	_, err := a.EditQuestion(ctx, QuestionEdit{BankID: bank.ID, QID: "q1", AuthorID: &u.ID,
		Change: func(q *questions.Question) error { q.Prompt = "Question one?"; return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if q, err := b.Question(request(b), bank.ID, "q1"); err != nil || q.Prompt != "Question one?" {
		t.Errorf("after the edit elsewhere: %+v, %v", q, err)
	}
	// The account disabled through a.
	disabled := true
	if _, err := a.ChangeAccount(ctx, u.ID, AccountChange{Disabled: &disabled}, now); err != nil {
		t.Fatal(err)
	}
	if _, err := b.UserByToken(request(b), "tokenhash", now); err == nil {
		t.Error("a token of an account disabled elsewhere is still accepted")
	}
}

// TestCacheRevokedTokenIsRefusedAtOnce: a token revoked through one store
// is refused by another that had it cached.
func TestCacheRevokedTokenIsRefusedAtOnce(t *testing.T) {
	ctx := context.Background()
	a, path := openTest(t)
	b := openTestStore(t, path)
	u := mustUser(t, a, "student")
	now := time.Now()
	if err := a.CreateToken(ctx, u.ID, "tokenhash", now); err != nil {
		t.Fatal(err)
	}
	c, _ := b.Fresh(ctx)
	if _, err := b.UserByToken(c, "tokenhash", now); err != nil {
		t.Fatal(err)
	}
	if err := a.RevokeToken(ctx, "tokenhash"); err != nil {
		t.Fatal(err)
	}
	c, _ = b.Fresh(ctx)
	if _, err := b.UserByToken(c, "tokenhash", now); !errors.Is(err, ErrNotFound) {
		t.Errorf("revoked elsewhere: %v, want ErrNotFound", err)
	}
	// The same store's own writes are seen too, even by a request that read
	// the epoch before them.
	if err := a.CreateToken(ctx, u.ID, "second", now); err != nil {
		t.Fatal(err)
	}
	early, _ := a.Fresh(ctx)
	if _, err := a.UserByToken(early, "second", now); err != nil {
		t.Fatal(err)
	}
	if err := a.RevokeToken(ctx, "second"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.UserByToken(early, "second", now); !errors.Is(err, ErrNotFound) {
		t.Errorf("revoked by this store, looked up in the same request: %v, want ErrNotFound", err)
	}
}

// TestCacheAnswersDoNotEmptyIt: an answer is not a change to anything
// cached, so it leaves the epoch where it was.
func TestCacheAnswersDoNotEmptyIt(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	u := mustUser(t, s, "student")
	bank := mustBank(t, s, smallBank("b1", 3))
	c1, _ := s.Fresh(ctx)
	answer(t, s, u, bank, "q1", 3, t0)
	c2, _ := s.Fresh(ctx)
	if c1.Value(epochKey{}) != c2.Value(epochKey{}) {
		t.Errorf("an answer moved the epoch from %v to %v", c1.Value(epochKey{}), c2.Value(epochKey{}))
	}
	if err := s.UpdateSettings(ctx, u.ID, u.Settings); err != nil {
		t.Fatal(err)
	}
	c3, _ := s.Fresh(ctx)
	if c3.Value(epochKey{}) == c2.Value(epochKey{}) {
		t.Error("a settings change left the epoch where it was")
	}
}

// TestCacheKeepsItsOwnKeys: the web server hands out strings that are
// views of buffers it reuses; a key kept from one must not change when the
// buffer does.
func TestCacheKeepsItsOwnKeys(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	bank := mustBank(t, s, smallBank("b1", 3))
	c, err := s.Fresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	buf := []byte("q1")
	view := unsafe.String(&buf[0], len(buf))
	if q, err := s.Question(c, bank.ID, view); err != nil || q.ID != "q1" {
		t.Fatalf("q1: %+v, %v", q, err)
	}
	copy(buf, "q2") // the next request's question id, in the same buffer
	s.cache.mu.Lock()
	var keys []string
	for k := range s.cache.qids {
		keys = append(keys, k.qid)
	}
	s.cache.mu.Unlock()
	if len(keys) != 1 || keys[0] != "q1" {
		t.Errorf("the cache's keys became %q when the request's buffer was reused, want [q1]", keys)
	}
	if q, err := s.Question(c, bank.ID, "q2"); err != nil || q.ID != "q2" {
		t.Errorf("q2 after the buffer was reused: %+v, %v", q, err)
	}
	if q, err := s.Question(c, bank.ID, "q1"); err != nil || q.ID != "q1" {
		t.Errorf("q1 after the buffer was reused: %+v, %v", q, err)
	}
}
