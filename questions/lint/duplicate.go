package lint

import (
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"quizd/questions"
)

// Bounds of the near-duplicate search. Prompts are compared on their first
// maxCompared letters; each prompt is compared with at most maxCandidates
// earlier ones, found through at most maxPostings entries of each of its
// rarest words. That keeps a 10,000-question bank to a few million steps
// whatever its prompts look like.
const (
	maxCompared   = 300
	maxCandidates = 32
	maxPostings   = 64
	// nearShare is the share of a prompt's length that may differ, in
	// edits, for it to count as a near duplicate.
	nearShare = 10
	// minNearLength is the shortest prompt compared for near duplicates:
	// two short prompts a few letters apart are often different questions.
	minNearLength = 24
	// jaccard is the least word overlap (in tenths) the candidate index
	// finds; prompts a tenth apart in letters share far more words.
	jaccard = 5
)

// promptKey is what makes two questions ask the same: the normalised
// prompt, and for orderings and matchings the items, in any order, since
// their prompts are generic instructions.
func promptKey(q *questions.Question) string {
	key := questions.Normalize(q.Prompt)
	if m := marks(q.Prompt); m != "" && key != "" {
		key += " \x1f" + m
	}
	var extra []string
	switch q.Type {
	case questions.Ordering:
		for _, it := range q.Items {
			extra = append(extra, questions.Normalize(it))
		}
	case questions.Matching:
		for _, p := range q.Pairs {
			extra = append(extra, questions.Normalize(p.Left)+" "+questions.Normalize(p.Right))
		}
	}
	if len(extra) > 0 {
		sort.Strings(extra)
		key += " | " + strings.Join(extra, " | ")
	}
	return key
}

// sentenceMarks are the punctuation a reader does not take to change a
// question ("CSTO?" and "CSTO ?" ask the same).
const sentenceMarks = ".,;:!?\"“”„«»()[]-–—…¿¡"

// marks are the signs of a prompt that Normalize drops but a reader sees
// as part of what it says: a geresh makes another Hebrew letter (גת and
// ג'ת), and C, C++ and C# are different languages. Each mark is written
// after the number of letters before it, since where it stands counts too
// (גג' and ג'ג differ).
func marks(s string) string {
	var b strings.Builder
	letters := 0
	for _, r := range s {
		if r == '’' || r == 'ʼ' {
			r = '\''
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			letters++
			continue
		}
		if unicode.IsSpace(r) || strings.ContainsRune(sentenceMarks, r) {
			continue
		}
		b.WriteString(strconv.Itoa(letters))
		b.WriteRune(r)
	}
	return b.String()
}

// duplicates finds prompts equal to an earlier one, then prompts a few
// edits from an earlier one, then clozes that blank the same sentence.
func duplicates(qs []questions.Question, st *stemmer, add func(int, Code, string, ...any)) {
	first := make(map[string]int, len(qs))
	keys := make([]string, len(qs))
	unique := make([]int, 0, len(qs))
	for i := range qs {
		keys[i] = promptKey(&qs[i])
		if keys[i] == "" {
			continue
		}
		if j, ok := first[keys[i]]; ok {
			add(i, DuplicatePrompt, "It asks the same as question %s (%s): ask something else, or remove one of them.", qs[j].ID, quote(qs[j].Prompt))
			continue
		}
		first[keys[i]] = i
		unique = append(unique, i)
	}
	reported := nearDuplicates(qs, keys, unique, st, add)
	sameSentences(qs, reported, add)
	orderingSubsets(qs, first, keys, add)
}

// orderingSubsets reports an ordering whose items another ordering has
// too: it asks part of an order the student puts together elsewhere. Each
// ordering is compared with at most maxPostings others that share its
// rarest item.
func orderingSubsets(qs []questions.Question, first map[string]int, keys []string, add func(int, Code, string, ...any)) {
	items := map[int]map[string]bool{}
	byItem := map[string][]int{}
	for i := range qs {
		q := &qs[i]
		if q.Type != questions.Ordering || first[keys[i]] != i {
			continue
		}
		set := map[string]bool{}
		for _, it := range q.Items {
			set[questions.Normalize(it)] = true
		}
		items[i] = set
		for it := range set {
			byItem[it] = append(byItem[it], i)
		}
	}
	for i := range qs {
		set := items[i]
		if set == nil {
			continue
		}
		rarest := ""
		for it := range set {
			if rarest == "" || len(byItem[it]) < len(byItem[rarest]) || len(byItem[it]) == len(byItem[rarest]) && it < rarest {
				rarest = it
			}
		}
		others := byItem[rarest]
		if len(others) > maxPostings {
			others = others[:maxPostings]
		}
		for _, j := range others {
			if j == i || len(items[j]) <= len(set) {
				continue
			}
			if subset(set, items[j]) {
				add(i, OrderingSubset, "Its items are all in the ordering %s, which asks their order already: drop it, or give it events of its own.", qs[j].ID)
				break
			}
		}
	}
}

func subset(a, b map[string]bool) bool {
	for x := range a {
		if !b[x] {
			return false
		}
	}
	return true
}

// sameSentences reports a cloze whose filled sentence another cloze also
// blanks, or that a true statement of a true/false question gives away.
func sameSentences(qs []questions.Question, reported map[[2]int]bool, add func(int, Code, string, ...any)) {
	filled := map[string]int{}
	for i := range qs {
		q := &qs[i]
		var s string
		switch {
		case q.Type == questions.Cloze && strings.Contains(q.Prompt, questions.Blank):
			s = questions.Normalize(strings.Replace(q.Prompt, questions.Blank, q.Answer, 1))
		case q.Type == questions.TrueFalse && q.Answer == "true":
			s = questions.Normalize(q.Prompt)
		default:
			continue
		}
		j, ok := filled[s]
		if !ok {
			filled[s] = i
			continue
		}
		if reported[[2]int{i, j}] {
			continue
		}
		switch {
		case q.Type == questions.Cloze && qs[j].Type == questions.Cloze:
			add(i, NearDuplicatePrompt, "It blanks another word of the same sentence as question %s (%s): keep the blank on the word that matters most and drop the other.", qs[j].ID, quote(qs[j].Prompt))
		case q.Type == questions.Cloze:
			add(i, NearDuplicatePrompt, "Its sentence is the statement of the true/false question %s, which gives the blank away: keep one of the two.", qs[j].ID)
		case qs[j].Type == questions.Cloze:
			add(i, NearDuplicatePrompt, "Its statement is the sentence of the cloze %s, filled in, which gives that blank away: keep one of the two.", qs[j].ID)
		}
		// Two true statements alike are duplicate prompts, reported above.
	}
}

// nearDuplicates compares each prompt with the earlier prompts that share
// one of its rarest words (prefix filtering: two sets with a Jaccard
// overlap of at least t share a word among the first |x|-⌈t|x|⌉+1 of each,
// in a common order), and reports those a few edits away.
func nearDuplicates(qs []questions.Question, keys []string, unique []int, st *stemmer, add func(int, Code, string, ...any)) map[[2]int]bool {
	reported := map[[2]int]bool{}
	type entry struct {
		runes   []rune
		toks    []string
		stems   []string
		negated bool
	}
	entries := make(map[int]*entry, len(unique))
	df := map[string]int{}
	for _, i := range unique {
		r := []rune(keys[i])
		if len(r) > maxCompared {
			r = r[:maxCompared]
		}
		toks := uniqueWords(string(r))
		entries[i] = &entry{runes: r, toks: toks, stems: st.sorted(keys[i]), negated: negated(keys[i])}
		for _, t := range toks {
			df[t]++
		}
	}
	postings := map[string][]int{}
	for _, i := range unique {
		e := entries[i]
		if len(e.runes) < minNearLength || len(e.toks) == 0 {
			continue
		}
		slices.SortFunc(e.toks, func(a, b string) int {
			if df[a] != df[b] {
				return df[a] - df[b]
			}
			return strings.Compare(a, b)
		})
		prefix := len(e.toks) - (len(e.toks)*jaccard+9)/10 + 1
		cands := make([]int, 0, maxCandidates)
	collect:
		for _, t := range e.toks[:prefix] {
			ps := postings[t]
			if len(ps) > maxPostings {
				ps = ps[len(ps)-maxPostings:]
			}
			for _, j := range ps {
				if !slices.Contains(cands, j) {
					cands = append(cands, j)
					if len(cands) == maxCandidates {
						break collect
					}
				}
			}
		}
		sort.Ints(cands)
		for _, j := range cands {
			o := entries[j]
			limit := max(len(e.runes), len(o.runes)) / nearShare
			if limit == 0 || kind(&qs[i]) != kind(&qs[j]) || trueFalseTwins(&qs[i], &qs[j]) || e.negated != o.negated ||
				!sameContent(e.stems, o.stems) || !near(e.runes, o.runes, limit) {
				continue
			}
			add(i, NearDuplicatePrompt, "It differs by only a few letters from question %s (%s): ask something else, or remove one of them.", qs[j].ID, quote(qs[j].Prompt))
			reported[[2]int{i, j}] = true
			break
		}
		for _, t := range e.toks[:prefix] {
			postings[t] = append(postings[t], i)
		}
	}
	return reported
}

func uniqueWords(s string) []string {
	ws := strings.Fields(s)
	slices.Sort(ws)
	return slices.Compact(ws)
}

// kind tells prompts that state (true/false, cloze) from prompts that ask
// and from the instructions of orderings and matchings: a statement and a
// question a few letters apart ask different things.
func kind(q *questions.Question) int {
	switch q.Type {
	case questions.TrueFalse, questions.Cloze:
		return 1
	case questions.Ordering:
		return 2
	case questions.Matching:
		return 3
	}
	return 0
}

// sameContent reports whether two prompts have the same content words, but
// for typos: prompts a few letters apart that name different things
// ("Russia's place", "Armenia's place"; "Article 3", "Article 7") are
// different questions, and so are a prompt and its negation.
func sameContent(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	var onlyA, onlyB []string
	for i, j := 0, 0; i < len(a) || j < len(b); {
		switch {
		case j == len(b) || i < len(a) && a[i] < b[j]:
			onlyA = append(onlyA, a[i])
			i++
		case i == len(a) || b[j] < a[i]:
			onlyB = append(onlyB, b[j])
			j++
		default:
			i++
			j++
		}
		if len(onlyA) > 3 || len(onlyB) > 3 {
			return false
		}
	}
	if len(onlyA) != len(onlyB) {
		return false
	}
	for j := range onlyA {
		x, y := []rune(onlyA[j]), []rune(onlyB[j])
		if isDigits(onlyA[j]) || isDigits(onlyB[j]) || min(len(x), len(y)) < 5 || !near(x, y, 2) {
			return false
		}
	}
	return true
}

// sorted is the set of content stems of s, sorted.
func (st *stemmer) sorted(s string) []string {
	stems := st.content(s)
	slices.Sort(stems)
	return slices.Compact(stems)
}

// negated reports a negation in a normalised prompt: "is a member" and "is
// not a member" ask opposite things.
func negated(s string) bool {
	for _, w := range strings.Fields(s) {
		switch w {
		case "not", "no", "never", "none", "nt", "neither", "nor", "non":
			return true
		}
	}
	return false
}

// trueFalseTwins reports a true statement and its false counterpart: they
// are meant to differ in one detail.
func trueFalseTwins(a, b *questions.Question) bool {
	return a.Type == questions.TrueFalse && b.Type == questions.TrueFalse && a.Answer != b.Answer
}

// near reports whether the edit distance of a and b is at most k, in time
// proportional to k times their length (only the band of width 2k+1 around
// the diagonal can hold a distance of k or less).
func near(a, b []rune, k int) bool {
	if len(a) < len(b) {
		a, b = b, a
	}
	if len(a)-len(b) > k || !histogramNear(a, b, k) {
		return false
	}
	const inf = 1 << 30
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j], cur[j] = inf, inf
		if j <= k {
			prev[j] = j
		}
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(len(b), i+k)
		// Only the cell left of the band can hold a value from two rows
		// back; every other cell read is in the last row's band or was
		// never written.
		if i <= k {
			cur[0] = i
		} else {
			cur[0], cur[lo-1] = inf, inf
		}
		best := cur[0]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			best = min(best, cur[j])
		}
		if best > k {
			return false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)] <= k
}

// histogramNear is a quick lower bound: an edit changes the count of at
// most two letters by one each, so k edits change the letter counts by at
// most 2k in all.
func histogramNear(a, b []rune, k int) bool {
	var h [64]int
	bucket := func(r rune) int { return int(r) & 63 }
	for _, r := range a {
		h[bucket(r)]++
	}
	for _, r := range b {
		h[bucket(r)]--
	}
	d := 0
	for _, v := range h {
		d += max(v, -v)
	}
	return d <= 2*k
}
