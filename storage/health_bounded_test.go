package storage

import (
	"context"
	"testing"
)

// TestBoundedCountsACheckThatAnswered: a check that answers at once is
// never taken for one that ran out of time (the check once cancelled its
// own context as it ended, and the race between the two made a healthy
// database fail /healthz now and then).
func TestBoundedCountsACheckThatAnswered(t *testing.T) {
	for i := range 20000 {
		if err := bounded(context.Background(), func(context.Context) error { return nil }); err != nil {
			t.Fatalf("run %d: %v", i, err)
		}
	}
}
