package questions

import "testing"

func TestParseNumberRange(t *testing.T) {
	cases := []struct {
		in   string
		want NumberRange
		ok   bool
	}{
		{"4.5..5.5", NumberRange{4.5, 5.5}, true},
		{" 1968 .. 1970 ", NumberRange{1968, 1970}, true},
		{"42", NumberRange{42, 42}, true},
		{"-3..-1", NumberRange{-3, -1}, true},
		{"5..4", NumberRange{5, 4}, true}, // order is the caller's to judge
		{"four", NumberRange{}, false},
		{"1..", NumberRange{}, false},
		{"..2", NumberRange{}, false},
		{"", NumberRange{}, false},
	}
	for _, c := range cases {
		got, ok := ParseNumberRange(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("ParseNumberRange(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestNumberRangeStringReadsBack(t *testing.T) {
	for _, r := range []NumberRange{{4.5, 5.5}, {1968, 1968}, {-0.25, 1e21}} {
		got, ok := ParseNumberRange(r.String())
		if !ok || got != r {
			t.Errorf("%v written as %q reads back as %v, %v", r, r.String(), got, ok)
		}
	}
	if s := (NumberRange{4.5, 5.5}).String(); s != "4.5..5.5" {
		t.Errorf("String() = %q, want 4.5..5.5", s)
	}
}
