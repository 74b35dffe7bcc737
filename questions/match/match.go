// Package match finds, for each question of a bank uploaded again, the
// stored question it is: by id, else by the same text, else by nearly the
// same text. A question matched keeps the stored id, and with it every
// student's card and history, when its text was corrected in the file.
//
// It is pure: storage gives it the stored questions and the upload's, and
// applies what it finds.
package match

import (
	"cmp"
	"slices"
	"unicode/utf8"

	"github.com/agnivade/levenshtein"

	"quizd/questions"
)

// Kind is how an uploaded question was matched to a stored one.
type Kind int

// The kinds of match, from the surest.
const (
	None  Kind = iota // no stored question: it is new
	ByID              // the file gives the stored question's id
	Exact             // the same type and the same normalised prompt
	Near              // the same type and a prompt a few letters apart
)

// Stored is what matching needs of a stored question.
type Stored struct {
	ID      string
	Type    questions.Type
	Prompt  string
	Retired bool
}

// Result says, for each uploaded question, which stored question it is.
type Result struct {
	// To[i] is the index among the stored questions of the match of the
	// i-th uploaded question, or -1 when it has none.
	To []int
	// Kind[i] is how the i-th uploaded question was matched.
	Kind []Kind
	// Truncated says that near matching stopped at MaxCells: some
	// questions that nearly match were left unmatched.
	Truncated bool
}

// MaxCells bounds the work of near matching: the letters compared, summed
// over every pair of prompts measured (a pair of 60-letter prompts is
// 3,600). It is reached only when thousands of questions of an upload
// match nothing by id or text, which is another bank rather than a
// corrected one; then what is left is new, and the result says so.
const MaxCells = 40_000_000

// Questions matches each uploaded question to at most one stored question,
// and each stored question to at most one uploaded question. A stored
// question whose id an uploaded question has is that question. The rest
// are matched by exact text first (active stored questions before retired
// ones, then in stored order), then by near text, closest pairs first.
func Questions(stored []Stored, incoming []questions.Question) Result {
	res := Result{To: make([]int, len(incoming)), Kind: make([]Kind, len(incoming))}
	taken := make([]bool, len(stored))
	byID := make(map[string]int, len(stored))
	for i, s := range stored {
		byID[s.ID] = i
	}
	for i, q := range incoming {
		res.To[i] = -1
		if j, ok := byID[q.ID]; ok && !taken[j] {
			res.To[i], res.Kind[i] = j, ByID
			taken[j] = true
		}
	}
	// The normalised prompts of the stored questions still free, and of
	// the uploaded ones still unmatched.
	norm := make(map[int]string)
	byText := map[string][]int{}
	for j, s := range stored {
		if !taken[j] {
			norm[j] = questions.Normalize(s.Prompt)
			k := key(s.Type, norm[j])
			byText[k] = append(byText[k], j)
		}
	}
	for _, js := range byText {
		slices.SortStableFunc(js, func(a, b int) int { return cmp.Compare(btoi(stored[a].Retired), btoi(stored[b].Retired)) })
	}
	inNorm := make(map[int]string)
	for i, q := range incoming {
		if res.To[i] >= 0 {
			continue
		}
		inNorm[i] = questions.Normalize(q.Prompt)
		k := key(q.Type, inNorm[i])
		for n, j := range byText[k] {
			if !taken[j] {
				res.To[i], res.Kind[i] = j, Exact
				taken[j] = true
				byText[k] = byText[k][n+1:]
				break
			}
		}
	}
	res.Truncated = near(stored, incoming, norm, inNorm, taken, &res)
	return res
}

func key(t questions.Type, prompt string) string { return string(t) + "\x1f" + prompt }

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// candidate is a pair of prompts nearly the same.
type candidate struct{ in, st, dist int }

// near matches what is left by near text. The stored prompts of each
// type are sorted by length, so that each uploaded prompt is measured
// only against those whose length could be near enough; the distance is
// the Levenshtein distance of agnivade/levenshtein. It reports whether it
// stopped at MaxCells.
func near(stored []Stored, incoming []questions.Question, norm, inNorm map[int]string, taken []bool, res *Result) bool {
	type entry struct{ j, n int }
	byType := map[questions.Type][]entry{}
	for j := range stored {
		if !taken[j] {
			byType[stored[j].Type] = append(byType[stored[j].Type], entry{j, utf8.RuneCountInString(norm[j])})
		}
	}
	if len(byType) == 0 {
		return false
	}
	for _, es := range byType {
		slices.SortFunc(es, func(a, b entry) int { return cmp.Compare(a.n, b.n) })
	}
	var cands []candidate
	cells, truncated := 0, false
	for i := range incoming {
		if res.To[i] >= 0 || truncated {
			continue
		}
		p := inNorm[i]
		n := utf8.RuneCountInString(p)
		es := byType[incoming[i].Type]
		// The shortest stored prompt that could be near: a prompt m
		// letters long is at least |n-m| edits away.
		lo, _ := slices.BinarySearchFunc(es, n-Limit(n), func(e entry, t int) int { return cmp.Compare(e.n, t) })
		for _, e := range es[lo:] {
			if e.n-n > Limit(e.n) {
				break
			}
			if abs(e.n-n) > Limit(max(n, e.n)) {
				continue
			}
			if cells += max(1, n*e.n); cells > MaxCells {
				truncated = true
				break
			}
			if d, ok := Nearly(p, norm[e.j]); ok {
				cands = append(cands, candidate{i, e.j, d})
			}
		}
	}
	slices.SortStableFunc(cands, func(a, b candidate) int {
		return cmp.Or(cmp.Compare(a.dist, b.dist), cmp.Compare(btoi(stored[a.st].Retired), btoi(stored[b.st].Retired)),
			cmp.Compare(a.in, b.in), cmp.Compare(a.st, b.st))
	})
	for _, c := range cands {
		if res.To[c.in] < 0 && !taken[c.st] {
			res.To[c.in], res.Kind[c.in] = c.st, Near
			taken[c.st] = true
		}
	}
	return truncated
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Limit is the most edits that leave a prompt of n letters (normalised)
// nearly the same: 2, or a tenth of its length when that is more.
func Limit(n int) int { return max(2, n/10) }

// Nearly reports whether two normalised prompts are nearly the same, and
// their edit distance: at most Limit of the longer one's length, and less
// than half of that length, so that "5 5" and "6 6" are not one question
// mistyped.
func Nearly(a, b string) (int, bool) {
	n := max(utf8.RuneCountInString(a), utf8.RuneCountInString(b))
	if n == 0 {
		return 0, false
	}
	d := levenshtein.ComputeDistance(a, b)
	return d, d > 0 && d <= Limit(n) && 2*d < n
}
