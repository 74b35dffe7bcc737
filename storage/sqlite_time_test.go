package storage

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// driverReads is how the driver reads a text column declared as a time.
func driverReads(s string) time.Time {
	s = strings.TrimSuffix(s, "Z")
	for _, layout := range driverTimeFormats {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t
		}
	}
	return time.Time{}
}

func TestSQLiteTimeReadsTextAsTheDriverDoes(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	texts := []string{
		"2026-03-02 10:00:00+00:00", "2026-03-02 10:00:00.5+02:00", "2026-03-02 10:00:00.123456789-09:30", "2026-03-02 10:00:00.+00:00",
		"2026-02-29 10:00:00+00:00", "2028-02-29 10:00:00+00:00", "2026-13-01 10:00:00+00:00", "2026-03-02 24:00:00+00:00",
		"2026-03-02 10:60:00+00:00", "2026-03-02 10:00:60+00:00", "2026-03-02 10:00:00+24:00", "2026-03-02 10:00:00+23:60",
		"2026-03-02 10:00:00.1234567890+00:00", "2026-03-02T10:00:00Z", "2026-03-02T10:00:00+01:00", "2026-03-02 10:00:00",
		"2026-03-02 10:00", "2026-03-02", "2026-03-02 1:00:00+00:00", "2026-03-02 10:00:00+0000", "2026-03-02 10:00:00 +00:00",
		"", "garbage", "0000-01-01 00:00:00+00:00", "2026-03-02 10:00:00.000000001+14:00", "2026-03-02 10:00:00-00:00",
	}
	zones := []*time.Location{time.UTC, time.FixedZone("", 5*3600+45*60), time.FixedZone("", -11*3600), time.Local}
	for range 3000 {
		at := time.Unix(r.Int64N(4e9)-1e9, r.Int64N(1e9)).In(zones[r.IntN(len(zones))])
		texts = append(texts, at.Format(driverTimeFormats[r.IntN(len(driverTimeFormats))]))
		if r.IntN(4) == 0 {
			texts = append(texts, at.Format("2006-01-02 15:04:05-07:00"))
		}
	}
	for _, s := range texts {
		got, err := sqliteTime(s)
		if want := driverReads(s); err != nil || !got.Equal(want) || got.Location() != time.UTC {
			t.Errorf("%q read as %v (%v), the driver reads %v", s, got, err, want)
		}
	}
	for _, n := range []int64{0, 1700000000, -5, 1700000000123, -1700000000123} {
		got, _ := sqliteTime(n)
		want := time.Unix(n, 0)
		if n > 1e12 || n < -1e12 {
			want = time.UnixMilli(n)
		}
		if !got.Equal(want) {
			t.Errorf("%d read as %v, want %v", n, got, want)
		}
	}
	if got, err := sqliteTime(nil); err != nil || !got.IsZero() {
		t.Errorf("NULL read as %v, %v", got, err)
	}
	if _, err := sqliteTime(1.5); err == nil {
		t.Error("a real number was read as a time")
	}
}
