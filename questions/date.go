package questions

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a Date is known.
type Precision int

// Date precisions, from the coarsest.
const (
	Year Precision = iota + 1
	Month
	Day
)

func (p Precision) String() string {
	switch p {
	case Year:
		return "year"
	case Month:
		return "month"
	case Day:
		return "day"
	}
	return "unknown"
}

// Date is a calendar date known to a precision: "1992", "January 2022" or
// "6 August 2024". Year is 0 where a text named a day without its year.
type Date struct {
	Year      int
	Month     time.Month
	Day       int
	Precision Precision
}

// String gives the date as people write it: "6 August 2024".
func (d Date) String() string {
	switch d.Precision {
	case Year:
		return strconv.Itoa(d.Year)
	case Month:
		return fmt.Sprintf("%s %d", d.Month, d.Year)
	}
	if d.Year == 0 {
		return fmt.Sprintf("%d %s", d.Day, d.Month)
	}
	return fmt.Sprintf("%d %s %d", d.Day, d.Month, d.Year)
}

// ISO gives the date as "2024-08-06", "2022-01" or "1992".
func (d Date) ISO() string {
	switch d.Precision {
	case Year:
		return fmt.Sprintf("%04d", d.Year)
	case Month:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Forms lists other common ways to write the date, for accepted answers.
func (d Date) Forms() []string {
	m := d.Month.String()
	switch d.Precision {
	case Year:
		return nil
	case Month:
		return []string{d.ISO(), fmt.Sprintf("%s %d", m[:3], d.Year)}
	}
	return []string{
		fmt.Sprintf("%s %d, %d", m, d.Day, d.Year),
		fmt.Sprintf("%d %s %d", d.Day, m[:3], d.Year),
		d.ISO(),
	}
}

// Before reports whether d certainly comes before e: at the precision of the
// coarser of the two, d is earlier.
func (d Date) Before(e Date) bool {
	p := min(d.Precision, e.Precision)
	return d.key(p) < e.key(p)
}

// Equal reports whether d and e name the same date at the same precision.
func (d Date) Equal(e Date) bool {
	return d.Precision == e.Precision && d.key(d.Precision) == e.key(e.Precision)
}

func (d Date) key(p Precision) int {
	k := d.Year * 10000
	if p >= Month {
		k += int(d.Month) * 100
	}
	if p >= Day {
		k += d.Day
	}
	return k
}

// Time returns the first instant of the date in UTC.
func (d Date) Time() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = time.January
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, m, day, 0, 0, 0, 0, time.UTC)
}

var monthNames = map[string]time.Month{}

func init() {
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		monthNames[name] = m
		monthNames[name[:3]] = m
	}
	monthNames["sept"] = time.September
}

// MonthNamed returns the month a (folded) word names, or 0.
func MonthNamed(word string) time.Month { return monthNames[strings.ToLower(word)] }

var (
	dateTokenRE  = regexp.MustCompile(`[a-z]+|\d+`)
	numericDate  = regexp.MustCompile(`^\s*(\d{1,4})\s*([-/.])\s*(\d{1,2})(?:\s*([-/.])\s*(\d{1,4}))?\s*$`)
	dateFillers  = map[string]bool{"the": true, "of": true, "on": true, "in": true, "early": true, "mid": true, "late": true, "st": true, "nd": true, "rd": true, "th": true}
	errNotADate  = fmt.Errorf("not a date")
	minYear      = 1000 // four digits: "in 800" is not read as a date
	maxYear      = 9999
	twoDigitBase = 2000
)

// ParseDate reads a date written in any common form: "2024-08-06",
// "6 August 2024", "August 6th, 2024", "6 Aug 2024", "06/08/2024", "January
// 2022", "1992". A numeric day/month order that could be read both ways
// gives both readings, day first.
func ParseDate(s string) ([]Date, error) {
	if m := numericDate.FindStringSubmatch(s); m != nil {
		return parseNumericDate(m)
	}
	toks := dateTokenRE.FindAllString(Fold(s), -1)
	var words []string
	var nums []int
	shape := ""
	for _, t := range toks {
		if dateFillers[t] {
			continue
		}
		if t[0] >= '0' && t[0] <= '9' {
			n, err := strconv.Atoi(t)
			if err != nil || len(t) > 4 {
				return nil, errNotADate
			}
			nums = append(nums, n)
			if len(t) == 4 {
				shape += "Y"
			} else {
				shape += "n"
			}
			continue
		}
		t = strings.TrimRight(t, ".")
		if MonthNamed(t) == 0 {
			return nil, errNotADate
		}
		words = append(words, t)
		shape += "M"
	}
	month := time.Month(0)
	if len(words) == 1 {
		month = MonthNamed(words[0])
	}
	var d Date
	switch shape {
	case "Y":
		d = Date{Year: nums[0], Precision: Year}
	case "MY":
		d = Date{Year: nums[0], Month: month, Precision: Month}
	case "nMY":
		d = Date{Year: nums[1], Month: month, Day: nums[0], Precision: Day}
	case "MnY":
		d = Date{Year: nums[1], Month: month, Day: nums[0], Precision: Day}
	case "YMn":
		d = Date{Year: nums[0], Month: month, Day: nums[1], Precision: Day}
	case "nM", "Mn":
		d = Date{Month: month, Day: nums[0], Precision: Day}
	default:
		return nil, errNotADate
	}
	if !d.valid() {
		return nil, errNotADate
	}
	return []Date{d}, nil
}

// parseMonth reads a month named alone, without a year ("January", "in
// Jan."): the answer to "In which month…?". ParseDate does not take it, so
// that a month word in running text is not read as a date.
func parseMonth(s string) (Date, bool) {
	var month time.Month
	for _, t := range dateTokenRE.FindAllString(Fold(s), -1) {
		if dateFillers[t] {
			continue
		}
		if month != 0 || MonthNamed(t) == 0 {
			return Date{}, false
		}
		month = MonthNamed(t)
	}
	return Date{Month: month, Precision: Month}, month != 0
}

func parseNumericDate(m []string) ([]Date, error) {
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[3])
	if m[5] == "" {
		// "2024-08" is a month; "6/8" has no year and is too ambiguous.
		if len(m[1]) != 4 {
			return nil, errNotADate
		}
		d := Date{Year: a, Month: time.Month(b), Precision: Month}
		if !d.valid() {
			return nil, errNotADate
		}
		return []Date{d}, nil
	}
	if m[2] != m[4] {
		return nil, errNotADate
	}
	c, _ := strconv.Atoi(m[5])
	if len(m[1]) == 4 {
		d := Date{Year: a, Month: time.Month(b), Day: c, Precision: Day}
		if !d.valid() {
			return nil, errNotADate
		}
		return []Date{d}, nil
	}
	year := c
	switch len(m[5]) {
	case 2:
		year += twoDigitBase
	case 4:
	default:
		return nil, errNotADate
	}
	var out []Date
	for _, d := range []Date{
		{Year: year, Month: time.Month(b), Day: a, Precision: Day}, // day first
		{Year: year, Month: time.Month(a), Day: b, Precision: Day}, // month first
	} {
		if d.valid() && (len(out) == 0 || !out[0].Equal(d)) {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		return nil, errNotADate
	}
	return out, nil
}

func (d Date) valid() bool {
	if d.Year != 0 && (d.Year < minYear || d.Year > maxYear) {
		return false
	}
	if d.Precision >= Month && (d.Month < time.January || d.Month > time.December) {
		return false
	}
	if d.Precision == Day {
		y := d.Year
		if y == 0 {
			y = 2024 // a leap year, so that 29 February without a year is a date
		}
		last := time.Date(y, d.Month+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if d.Day < 1 || d.Day > last {
			return false
		}
	}
	return true
}
