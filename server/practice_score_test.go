package server

import "testing"

func TestPracticeScoresRoundToTheNearestPercent(t *testing.T) {
	for _, tc := range []struct{ n, total, want int }{{2, 3, 67}, {1, 3, 33}, {1, 8, 13}, {0, 5, 0}, {5, 5, 100}, {1, 0, 0}} {
		if got := roundedPercent(tc.n, tc.total); got != tc.want {
			t.Errorf("roundedPercent(%d, %d) = %d, want %d", tc.n, tc.total, got, tc.want)
		}
	}
}
