package lint

import (
	"hash/fnv"
	"strings"

	"quizd/questions"
)

// copyRun is how many words in a row an explanation may share with the
// article before it counts as copied: shorter runs are set phrases ("part
// of the Union State with Russia"), longer ones a lifted sentence.
const copyRun = 10

// sourceRuns holds a hash of every run of copyRun words of the source, so
// that an explanation is checked in time linear in its length.
type sourceRuns map[uint64]struct{}

func newSourceRuns(text string) sourceRuns {
	ws := words(text)
	runs := make(sourceRuns, max(0, len(ws)-copyRun+1))
	for i := 0; i+copyRun <= len(ws); i++ {
		runs[runHash(ws[i:i+copyRun])] = struct{}{}
	}
	return runs
}

func runHash(ws []string) uint64 {
	h := fnv.New64a()
	for _, w := range ws {
		h.Write([]byte(w))
		h.Write([]byte{' '})
	}
	return h.Sum64()
}

// copied returns the first run of copyRun words of s found in the source,
// as s writes it in folded form, or "".
func (r sourceRuns) copied(s string) string {
	if len(r) == 0 {
		return ""
	}
	ws := words(s)
	for i := 0; i+copyRun <= len(ws); i++ {
		if _, ok := r[runHash(ws[i:i+copyRun])]; ok {
			return strings.Join(ws[i:i+copyRun], " ")
		}
	}
	return ""
}

// checkCopiedExplanation reports an explanation that lifts a sentence of
// the source word for word: explanations are to make the source's point
// in the bank's own words.
func checkCopiedExplanation(i int, q *questions.Question, src sourceRuns, add func(int, Code, string, ...any)) {
	if run := src.copied(q.Explanation); run != "" {
		add(i, ExplanationCopiesSource, "Its explanation copies the source word for word (%s): make the point in your own words.", quote(run+" …"))
	}
}
