package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
)

// ItemSortKeys are the columns the item analysis sorts by, in the order
// of its table.
var ItemSortKeys = []string{"topic", "question", "students", "attempts", "first_try", "lapses", "discrimination", "wrong", "note"}

// ItemPageSize is how many questions a page of the item analysis shows.
const ItemPageSize = 50

// MaxFilter is the longest filter text a report accepts, in characters.
const MaxFilter = 200

// ItemNote names what an item's figures suggest to look at, or "".
func ItemNote(it Item) string {
	if it.Leeches > 0 {
		s := "s"
		if it.Leeches == 1 {
			s = ""
		}
		return fmt.Sprintf("leech for %d student%s", it.Leeches, s)
	}
	switch {
	case it.Students < 5:
		return ""
	case it.FirstTryRight >= 0.95:
		return "too easy?"
	case it.FirstTryRight <= 0.2:
		return "too hard?"
	case !math.IsNaN(it.Discrimination) && it.Discrimination < 0:
		return "misleading?"
	}
	return ""
}

// MatchesItem reports whether a question matches a filter: its id, topic
// or prompt contains the text, ignoring case. An empty filter matches all.
func MatchesItem(q Question, filter string) bool {
	f := strings.ToLower(strings.TrimSpace(filter))
	return f == "" || strings.Contains(strings.ToLower(q.ID), f) || strings.Contains(strings.ToLower(q.Topic), f) ||
		strings.Contains(strings.ToLower(q.Prompt), f)
}

// OrderItems is the order of the indexes of qs (and items, alike) by a
// column of ItemSortKeys, descending when desc: numbers as numbers, with
// no figure (NaN) last either way, and bank order among equals. An
// unknown or empty key keeps bank order.
func OrderItems(qs []Question, items []Item, idx []int, key string, desc bool) {
	num := func(i int) float64 {
		it := items[i]
		switch key {
		case "students":
			return float64(it.Students)
		case "attempts":
			return float64(it.Attempts)
		case "first_try":
			return it.FirstTryRight
		case "lapses":
			return it.AvgLapses
		case "discrimination":
			return it.Discrimination
		case "wrong":
			n := 0
			for _, w := range it.CommonWrong {
				n += w.Count
			}
			return float64(n)
		}
		return math.NaN()
	}
	text := func(i int) string {
		switch key {
		case "topic":
			return strings.ToLower(qs[i].Topic)
		case "question":
			return strings.ToLower(qs[i].Prompt)
		case "note":
			return ItemNote(items[i])
		}
		return ""
	}
	if !slices.Contains(ItemSortKeys, key) {
		return
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		var c int
		switch key {
		case "topic", "question", "note":
			x, y := text(a), text(b)
			// An empty note, like no figure, goes last.
			if (x == "") != (y == "") {
				if x == "" {
					return 1
				}
				return -1
			}
			c = cmp.Compare(x, y)
		default:
			x, y := num(a), num(b)
			if math.IsNaN(x) != math.IsNaN(y) {
				if math.IsNaN(x) {
					return 1
				}
				return -1
			}
			c = cmp.Compare(x, y)
		}
		if desc {
			c = -c
		}
		return c
	})
}

// Pages is how many pages of size n hold count lines: at least one.
func Pages(count, n int) int {
	return max(1, (count+n-1)/n)
}
