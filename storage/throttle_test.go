package storage

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestLimitWindow(t *testing.T) {
	l := Limit{Max: 3, Period: 10 * time.Minute}
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	var st ThrottleState
	for i := 1; i <= 3; i++ {
		if w := l.Wait(st, t0); w != 0 {
			t.Fatalf("before failure %d: wait %s, want none", i, w)
		}
		st = l.After(st, t0.Add(time.Duration(i)*time.Minute))
	}
	if st.Failures != 3 || !st.ResetAt.Equal(t0.Add(11*time.Minute)) {
		t.Errorf("after three failures: %+v, want 3 ending 10 minutes after the first", st)
	}
	if w := l.Wait(st, t0.Add(5*time.Minute)); w != 6*time.Minute {
		t.Errorf("a full window: wait %s, want 6m0s", w)
	}
	if w := l.Wait(st, t0.Add(11*time.Minute)); w != 0 {
		t.Errorf("once the window is over: wait %s, want none", w)
	}
	if st := l.After(st, t0.Add(12*time.Minute)); st.Failures != 1 || !st.ResetAt.Equal(t0.Add(22*time.Minute)) {
		t.Errorf("a failure after the window: %+v, want the first of a new one", st)
	}
}

// Wrong codes count per key, in the database: two processes on one file
// share the count, and a refused attempt does not look the code up.
func TestJoinClassThrottled(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	teacher := mustUser(t, s, "teacher")
	ada := mustUser(t, s, "ada")
	bob := mustUser(t, s, "bob")
	c, _ := s.CreateClass(ctx, teacher.ID, "C")
	other, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	limit := Limit{Max: 4, Period: 15 * time.Minute}
	keys := func(u *User) []Throttle {
		return []Throttle{{Key: "user:" + u.Username, Limit: limit}, {Key: "addr:1", Limit: Limit{Max: 6, Period: time.Hour}}}
	}
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for i, st := range []*Store{s, other, s, other} {
		if _, err := st.JoinClassThrottled(ctx, ada.ID, "WRONG", keys(ada), t0); !errors.Is(err, ErrNotFound) {
			t.Fatalf("wrong code %d: %v, want ErrNotFound", i+1, err)
		}
	}
	var te *ThrottledError
	if _, err := other.JoinClassThrottled(ctx, ada.ID, c.JoinCode, keys(ada), t0.Add(time.Minute)); !errors.As(err, &te) || te.RetryAfter != 14*time.Minute {
		t.Fatalf("the right code after four wrong ones: %v, want throttled for 14m", err)
	}
	// Bob, from the same address, has two failures left there.
	for range 2 {
		if _, err := s.JoinClassThrottled(ctx, bob.ID, "WRONG", keys(bob), t0); !errors.Is(err, ErrNotFound) {
			t.Fatalf("bob's wrong code: %v", err)
		}
	}
	if _, err := s.JoinClassThrottled(ctx, bob.ID, c.JoinCode, keys(bob), t0); !errors.As(err, &te) || te.RetryAfter != time.Hour {
		t.Errorf("bob once the address has six failures: %v, want throttled for 1h", err)
	}
	// The right code joins once every window is over; joining counts nothing.
	later := t0.Add(time.Hour)
	if _, err := s.JoinClassThrottled(ctx, ada.ID, c.JoinCode, keys(ada), later); err != nil {
		t.Fatalf("after the windows: %v", err)
	}
	if ok, _ := s.IsMember(ctx, c.ID, ada.ID); !ok {
		t.Error("ada did not join")
	}
	for range 5 {
		if _, err := s.JoinClassThrottled(ctx, ada.ID, c.JoinCode, keys(ada), later); err != nil {
			t.Fatalf("joining again: %v", err)
		}
	}
}
