package storage

import (
	"context"
	"testing"
	"time"
)

var testPolicy = SignInPolicy{PerPair: 3, PerAddress: 5, Window: 15 * time.Minute, PerAccount: 4, AccountWindow: time.Hour, KnownFor: 24 * time.Hour}

func wait(t *testing.T, s *Store, name, addr string, now time.Time) time.Duration {
	t.Helper()
	w, err := s.SignInWait(context.Background(), name, addr, now, testPolicy)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func fail(t *testing.T, s *Store, name, addr string, now time.Time) {
	t.Helper()
	if err := s.RecordSignInFailure(context.Background(), name, addr, now, testPolicy); err != nil {
		t.Fatal(err)
	}
}

func TestSignInLimitPerAccountAndAddress(t *testing.T) {
	s, _ := openTest(t)
	for i := range testPolicy.PerPair {
		if w := wait(t, s, "ada", "10.0.0.9", t0); w != 0 {
			t.Fatalf("attempt %d must wait %v", i+1, w)
		}
		fail(t, s, "ada", "10.0.0.9", t0.Add(time.Duration(i)*time.Minute))
	}
	now := t0.Add(3 * time.Minute)
	// The attacker's address waits until the first failure leaves the
	// window; the name counts in any letter case.
	if w := wait(t, s, "ADA", "10.0.0.9", now); w != 12*time.Minute {
		t.Errorf("after %d failures: wait %v, want 12m", testPolicy.PerPair, w)
	}
	// The owner, elsewhere, is not locked out.
	if w := wait(t, s, "ada", "192.0.2.1", now); w != 0 {
		t.Errorf("the owner's address must wait %v", w)
	}
	if w := wait(t, s, "ada", "10.0.0.9", t0.Add(15*time.Minute+time.Second)); w != 0 {
		t.Errorf("after the window: wait %v", w)
	}
}

func TestSignInLimitPerAddress(t *testing.T) {
	s, _ := openTest(t)
	for i := range testPolicy.PerAddress {
		fail(t, s, "user"+string(rune('a'+i)), "10.0.0.9", t0)
	}
	if w := wait(t, s, "somebody", "10.0.0.9", t0.Add(time.Minute)); w != 14*time.Minute {
		t.Errorf("an address past its limit: wait %v, want 14m", w)
	}
	if w := wait(t, s, "somebody", "10.0.0.10", t0.Add(time.Minute)); w != 0 {
		t.Errorf("another address: wait %v", w)
	}
}

func TestSignInLimitPerAccountSparesKnownAddresses(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	if err := s.RecordSignIn(ctx, "ada", "192.0.2.1", t0.Add(-time.Hour), testPolicy); err != nil {
		t.Fatal(err)
	}
	// Guesses spread over addresses, each within its own pair limit.
	for i := range testPolicy.PerAccount {
		fail(t, s, "ada", "10.0.0."+string(rune('1'+i)), t0)
	}
	now := t0.Add(time.Minute)
	if w := wait(t, s, "ada", "10.0.0.100", now); w != 59*time.Minute {
		t.Errorf("a new address past the account's limit: wait %v, want 59m", w)
	}
	if w := wait(t, s, "ada", "192.0.2.1", now); w != 0 {
		t.Errorf("the owner's known address must wait %v", w)
	}
	if w := wait(t, s, "bob", "10.0.0.100", now); w != 0 {
		t.Errorf("another account: wait %v", w)
	}
}

func TestSignInFailuresArePruned(t *testing.T) {
	s, _ := openTest(t)
	fail(t, s, "ada", "10.0.0.9", t0)
	fail(t, s, "bob", "10.0.0.9", t0.Add(2*time.Hour))
	var n int64
	if err := s.read(context.Background()).Model(&signInFailureRow{}).Count(&n).Error; err != nil || n != 1 {
		t.Errorf("%d failures kept (%v), want only the recent one", n, err)
	}
}

func TestSignInAccountOfAnyName(t *testing.T) {
	long := string(make([]byte, 10000))
	for _, name := range []string{"", "bad name", long} {
		if k := signInAccount(name); len(k) > 128 || k == "" {
			t.Errorf("signInAccount(%.20q) = %q", name, k)
		}
	}
	if signInAccount("Émile") != signInAccount("ÉMILE") {
		t.Error("one name in two cases counts as two accounts")
	}
}
