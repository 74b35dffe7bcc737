package storage

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Limit allows Max failures in a window of Period, counted from the first
// failure of the window.
type Limit struct {
	Max    int
	Period time.Duration
}

// ThrottleState is the failures counted for one key, and when their
// window ends.
type ThrottleState struct {
	Failures int
	ResetAt  time.Time
}

// Wait is how long a key in state st must wait at now before it may try
// again: zero while its window has failures to spare, or once it is over.
func (l Limit) Wait(st ThrottleState, now time.Time) time.Duration {
	if !now.Before(st.ResetAt) || st.Failures < l.Max {
		return 0
	}
	return st.ResetAt.Sub(now)
}

// After is the state once one more failure is counted at now: the first
// of a new window when the old one is over.
func (l Limit) After(st ThrottleState, now time.Time) ThrottleState {
	if !now.Before(st.ResetAt) {
		return ThrottleState{Failures: 1, ResetAt: now.Add(l.Period)}
	}
	return ThrottleState{Failures: st.Failures + 1, ResetAt: st.ResetAt}
}

// Throttle is one key (a user, an address) whose failures count against a
// limit.
type Throttle struct {
	Key   string
	Limit Limit
}

// ThrottledError means a throttle refused the attempt before it was made.
type ThrottledError struct {
	// RetryAfter is how long until every throttle allows an attempt again.
	RetryAfter time.Duration
}

func (e *ThrottledError) Error() string {
	return fmt.Sprintf("too many failures: try again in %s", e.RetryAfter.Round(time.Second))
}

// Throttles keep their counts in the rate_limits table (limit.go): hits
// are the failures, and the window's end is when they are forgotten.

// checkThrottles refuses, with a ThrottledError, an attempt that one of
// ts has no failures to spare for. It runs in the write transaction of the
// attempt, so that processes sharing the database count as one: no two
// attempts pass the check on the same spare failure.
func checkThrottles(tx *gorm.DB, ts []Throttle, now time.Time) error {
	var wait time.Duration
	for _, t := range ts {
		var row rateLimitRow
		err := tx.Where("key = ?", t.Key).Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		wait = max(wait, t.Limit.Wait(ThrottleState{Failures: row.Hits, ResetAt: row.WindowEnd}, now))
	}
	if wait > 0 {
		return &ThrottledError{RetryAfter: wait}
	}
	return nil
}

// countFailure counts one failure against each of ts (windows that are
// over are forgotten by the hourly sweep, DeleteExpiredLimits).
func countFailure(tx *gorm.DB, ts []Throttle, now time.Time) error {
	for _, t := range ts {
		var row rateLimitRow
		err := tx.Where("key = ?", t.Key).Take(&row).Error
		if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		st := t.Limit.After(ThrottleState{Failures: row.Hits, ResetAt: row.WindowEnd}, now)
		row = rateLimitRow{Key: t.Key, Hits: st.Failures, WindowEnd: st.ResetAt.UTC()}
		if err := tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&row).Error; err != nil {
			return err
		}
	}
	return nil
}
