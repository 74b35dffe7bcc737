package report

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"quizd/questions"
)

// MaxCommonWrong is how many of a question's most common wrong responses
// the item analysis shows.
const MaxCommonWrong = 5

// Response is one wrong response to a question, as the student gave it,
// with how many times it was given.
type Response struct {
	Response string `json:"response"`
	Count    int    `json:"count"`
}

// Responses are a question's most common wrong responses, the most common
// first. A CSV or XLSX cell writes them as `Paris (3); Lyon (1)`; JSON as
// a list of {"response", "count"}.
type Responses []Response

// String writes the responses as one cell.
func (rs Responses) String() string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.Response + " (" + strconv.Itoa(r.Count) + ")"
	}
	return strings.Join(parts, "; ")
}

// CommonWrong merges the responses that are the same once normalised as
// grading normalises them ("Paris", "paris "), each group shown in its
// most common spelling, and keeps the n most common: by count, then in
// alphabetical order. It never returns nil.
func CommonWrong(given []Response, n int) Responses {
	type group struct {
		total    int
		best     string
		bestSeen int
	}
	groups := map[string]*group{}
	for _, g := range given {
		if g.Count <= 0 {
			continue
		}
		key := questions.Normalize(g.Response)
		gr := groups[key]
		if gr == nil {
			gr = &group{}
			groups[key] = gr
		}
		gr.total += g.Count
		if g.Count > gr.bestSeen || g.Count == gr.bestSeen && g.Response < gr.best {
			gr.best, gr.bestSeen = g.Response, g.Count
		}
	}
	out := Responses{}
	for _, gr := range groups {
		out = append(out, Response{Response: gr.best, Count: gr.total})
	}
	slices.SortFunc(out, func(a, b Response) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Response, b.Response))
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}
