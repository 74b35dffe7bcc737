package storage

import (
	"fmt"
	"strings"
	"time"
)

// sqliteTime reads a time column selected without its declared type (as
// likely(col), which SQLite returns as stored), exactly as the driver
// would read it with the type, only faster: the layout the driver writes,
// "2006-01-02 15:04:05.999999999-07:00", is read by hand; any other text
// goes through the driver's own layouts in the driver's order, and an
// integer is Unix seconds, or milliseconds beyond 10¹². NULL is the zero
// time. The result is in UTC.
func sqliteTime(v any) (time.Time, error) {
	switch x := v.(type) {
	case nil:
		return time.Time{}, nil
	case time.Time:
		// PostgreSQL's driver reads a timestamptz as a time, in the
		// local zone.
		return x.UTC(), nil
	case string:
		if t, ok := parseDriverTime(x); ok {
			return t, nil
		}
		s := strings.TrimSuffix(x, "Z")
		for _, layout := range driverTimeFormats {
			if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
				return t.UTC(), nil
			}
		}
		// The driver reads text it cannot parse as the zero time.
		return time.Time{}, nil
	case int64:
		if x > 1e12 || x < -1e12 {
			return time.Unix(0, x*int64(time.Millisecond)).UTC(), nil
		}
		return time.Unix(x, 0).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("a time column holds a %T, not text or an integer: check what wrote it", v)
}

// parseDriverTime reads "2006-01-02 15:04:05.999999999-07:00" with 0 to 9
// digits of fraction, and says false for anything else (including a field
// out of range), for the caller to parse as time.Parse would.
func parseDriverTime(s string) (time.Time, bool) {
	if len(s) < 25 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	sec, ok6 := digits(s[17:19])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 {
		return time.Time{}, false
	}
	i, nsec := 19, 0
	if s[i] == '.' {
		i++
		if s[i] < '0' || s[i] > '9' {
			return time.Time{}, false
		}
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if n == 9 {
				return time.Time{}, false
			}
			nsec = nsec*10 + int(s[i]-'0')
			n++
			i++
		}
		for range 9 - n {
			nsec *= 10
		}
	}
	if len(s) != i+6 || s[i] != '+' && s[i] != '-' || s[i+3] != ':' {
		return time.Time{}, false
	}
	oh, ok7 := digits(s[i+1 : i+3])
	om, ok8 := digits(s[i+4 : i+6])
	if !ok7 || !ok8 || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) || hour > 23 || minute > 59 || sec > 59 || oh > 23 || om > 59 {
		return time.Time{}, false
	}
	offset := time.Duration(oh)*time.Hour + time.Duration(om)*time.Minute
	if s[i] == '-' {
		offset = -offset
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC).Add(-offset), true
}

// digits is a run of decimal digits as a number.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// daysIn is the number of days in a month.
func daysIn(month, year int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
