package report

import (
	"math"
	"slices"
	"testing"
)

func TestOrderItems(t *testing.T) {
	qs := []Question{{ID: "a", Topic: "b", Prompt: "Zebra?"}, {ID: "b", Topic: "a", Prompt: "apple?"}, {ID: "c", Topic: "c", Prompt: "Mango?"}}
	items := []Item{
		{Students: 10, Attempts: 12, FirstTryRight: 0.5, Discrimination: math.NaN(), CommonWrong: Responses{{"x", 3}}},
		{Students: 2, Attempts: 30, FirstTryRight: math.NaN(), Discrimination: 0.2},
		{Students: 9, Attempts: 9, FirstTryRight: 1, Discrimination: -0.1, Leeches: 1, CommonWrong: Responses{{"y", 1}, {"z", 1}}},
	}
	tests := []struct {
		key  string
		desc bool
		want []int
	}{
		{"", false, []int{0, 1, 2}},
		{"nonsense", true, []int{0, 1, 2}},
		{"students", false, []int{1, 2, 0}},
		{"students", true, []int{0, 2, 1}},
		{"attempts", false, []int{2, 0, 1}},
		// No figure goes last either way.
		{"first_try", false, []int{0, 2, 1}},
		{"first_try", true, []int{2, 0, 1}},
		{"discrimination", true, []int{1, 2, 0}},
		{"topic", false, []int{1, 0, 2}},
		{"question", false, []int{1, 2, 0}},
		{"wrong", true, []int{0, 2, 1}},
		{"note", false, []int{2, 0, 1}},
	}
	for _, tt := range tests {
		idx := []int{0, 1, 2}
		OrderItems(qs, items, idx, tt.key, tt.desc)
		if !slices.Equal(idx, tt.want) {
			t.Errorf("%s desc=%v: %v, want %v", tt.key, tt.desc, idx, tt.want)
		}
	}
}

func TestMatchesItemAndPages(t *testing.T) {
	q := Question{ID: "q17", Topic: "Dates", Prompt: "When was the Treaty signed?"}
	for f, want := range map[string]bool{"": true, " treaty ": true, "DATES": true, "q17": true, "q18": false, "peace": false} {
		if got := MatchesItem(q, f); got != want {
			t.Errorf("filter %q: %v, want %v", f, got, want)
		}
	}
	for _, c := range [][3]int{{0, 50, 1}, {1, 50, 1}, {50, 50, 1}, {51, 50, 2}, {300, 50, 6}} {
		if got := Pages(c[0], c[1]); got != c[2] {
			t.Errorf("Pages(%d, %d) = %d, want %d", c[0], c[1], got, c[2])
		}
	}
}
