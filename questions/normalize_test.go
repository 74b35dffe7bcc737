package questions

import (
	"strings"
	"testing"
	"time"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Armenia", "armenia"},
		{"  The   United States ", "united states"},
		{"Putin's little non-NATO", "putins little non nato"},
		{"Şahin Cəfərli", "sahin cafarli"},
		{"Kassym-Jomart Tokayev", "kassym jomart tokayev"},
		{"six", "6"},
		{"twenty-one days", "21 days"},
		{"one two", "1 2"},
		{"one hundred and two", "102"},
		{"the 102nd base", "102 base"},
		{"two thousand and twenty-four", "2024"},
		{"1,000 troops", "1000 troops"},
		{"0.9", "0.9"},
		{"0,9", "0.9"},
		{"a", "a"},
		{"", ""},
		{"«Article 7»", "article 7"},
		// Signs alone are the answer: they must not become no answer.
		{"△", "△"},
		{" △  ○ ", "△ ○"},
		{"C++", "c"},
		{"  ", ""},
		{` \\ `, `\\`},
		{"{  }", "{ }"},
		{"~", "~"},
	}
	for _, tc := range tests {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	day := func(y int, m time.Month, d int) Date { return Date{Year: y, Month: m, Day: d, Precision: Day} }
	tests := []struct {
		in   string
		want []Date
	}{
		{"6 August 2024", []Date{day(2024, time.August, 6)}},
		{"6th of August, 2024", []Date{day(2024, time.August, 6)}},
		{"August 6, 2024", []Date{day(2024, time.August, 6)}},
		{"Aug. 6th 2024", []Date{day(2024, time.August, 6)}},
		{"2024-08-06", []Date{day(2024, time.August, 6)}},
		{"2024/8/6", []Date{day(2024, time.August, 6)}},
		{"06/08/2024", []Date{day(2024, time.August, 6), day(2024, time.June, 8)}},
		{"13/01/2022", []Date{day(2022, time.January, 13)}},
		{"07.01.22", []Date{day(2022, time.January, 7), day(2022, time.July, 1)}},
		{"5/5/2020", []Date{day(2020, time.May, 5)}},
		{"January 2022", []Date{{Year: 2022, Month: time.January, Precision: Month}}},
		{"early January 2022", []Date{{Year: 2022, Month: time.January, Precision: Month}}},
		{"2022-01", []Date{{Year: 2022, Month: time.January, Precision: Month}}},
		{"1992", []Date{{Year: 1992, Precision: Year}}},
		{"12 January", []Date{{Month: time.January, Day: 12, Precision: Day}}},
		{"29 February", []Date{{Month: time.February, Day: 29, Precision: Day}}},
	}
	for _, tc := range tests {
		got, err := ParseDate(tc.in)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tc.in, err)
			continue
		}
		if len(got) != len(tc.want) {
			t.Errorf("ParseDate(%q) = %v, want %v", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("ParseDate(%q)[%d] = %+v, want %+v", tc.in, i, got[i], tc.want[i])
			}
		}
	}
	for _, bad := range []string{"", "Armenia", "32 January 2022", "29 February 2023", "2022-13", "6/8", "1 2 3", "August 6 7 2024", "12345", "2024-01/05"} {
		if got, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) = %v, want an error", bad, got)
		}
	}
}

func TestDateOrderAndForms(t *testing.T) {
	jan7 := Date{Year: 2022, Month: time.January, Day: 7, Precision: Day}
	jan := Date{Year: 2022, Month: time.January, Precision: Month}
	y1992 := Date{Year: 1992, Precision: Year}
	if !y1992.Before(jan7) || jan7.Before(y1992) {
		t.Error("1992 should come before 7 January 2022")
	}
	if jan.Before(jan7) || jan7.Before(jan) {
		t.Error("January 2022 and 7 January 2022 cannot be ordered")
	}
	if jan7.String() != "7 January 2022" || jan.String() != "January 2022" || y1992.String() != "1992" {
		t.Errorf("String: %q %q %q", jan7, jan, y1992)
	}
	for _, f := range jan7.Forms() {
		got, err := ParseDate(f)
		if err != nil || !got[0].Equal(jan7) {
			t.Errorf("form %q does not parse back to %v: %v %v", f, jan7, got, err)
		}
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"The Demise of CSTO: Why is Russia Left Without Allies?", "the-demise-of-csto-why-is-russia-left-without-allies"},
		{"  Şahin's   notes  ", "sahins-notes"},
		{"!!!", ""},
	}
	for _, tc := range tests {
		if got := Slugify(tc.in); got != tc.want {
			t.Errorf("Slugify(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if strings.Contains(n, "  ") || strings.TrimSpace(n) != n {
			t.Errorf("Normalize(%q) = %q: stray white space", s, n)
		}
		if Fold(n) != n {
			t.Errorf("Normalize(%q) = %q is not folded", s, n)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		ds, err := ParseDate(s)
		if err != nil {
			return
		}
		for _, d := range ds {
			if !d.valid() {
				t.Errorf("ParseDate(%q) gave an invalid date %+v", s, d)
			}
			if d.Year == 0 {
				continue
			}
			// A date written in any of its forms reads back as itself.
			for _, form := range append(d.Forms(), d.String()) {
				back, err := ParseDate(form)
				if err != nil || !back[0].Equal(d) {
					t.Errorf("%+v written as %q reads back as %v, %v", d, form, back, err)
				}
			}
		}
	})
}
