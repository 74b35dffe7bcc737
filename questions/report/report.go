// Package report computes the figures of progress reports from plain facts
// about cards and answers: a student's summary (seen, mastered, due,
// accuracy, true retention, time spent, mastery per topic) and the item
// analysis of a class (attempts, first-try success, lapses, discrimination).
// It is pure: storage gathers the facts, the server and the command line
// write the figures out.
package report

import (
	"math"
	"sort"
	"time"

	fsrs "github.com/open-spaced-repetition/go-fsrs/v4"

	"quizd/questions/srs"
)

// Window is how far back accuracy looks.
const Window = 30 * 24 * time.Hour

// MaxCountedAnswer caps the time one answer adds to time spent, so that a
// card left open over lunch does not count as an hour of study.
const MaxCountedAnswer = 5 * time.Minute

// Card is what a report needs of one student's card.
type Card struct {
	QuestionID string
	Topic      string
	State      srs.State
	Stability  float64
	Reps       uint64
	Lapses     uint64
	Due        time.Time
	LastReview time.Time
	LastRating srs.Rating
}

// Answer is what a report needs of one answer.
type Answer struct {
	QuestionID  string
	At          time.Time
	Rating      srs.Rating
	Correct     *bool // nil for a self-rated answer
	BeforeState srs.State
	ResponseMS  int64
	// Response is a graded answer's response as stored (a JSON list);
	// the item analysis counts the wrong ones.
	Response string
}

// Right reports whether an answer counts as right: its grade, or for a
// self-rated answer any rating but Again.
func (a Answer) Right() bool {
	if a.Correct != nil {
		return *a.Correct
	}
	return a.Rating != srs.Again
}

// Topic is a topic of a bank with its number of studied questions.
type Topic struct {
	Name      string
	Questions int
}

// Summary is one student's figures in a bank.
type Summary struct {
	Seen     int
	Mastered int // see srs.Mastered: stability of 21 days or more, in review
	DueNow   int
	// Accuracy is the share of answers in the last 30 days that were right;
	// NaN when there were none.
	Accuracy  float64
	Answers30 int
	// Retention is the share of answers to cards in review that were not
	// Again ("true retention", all time); NaN when there were none.
	Retention      float64
	RetentionCount int
	TimeSpent      time.Duration
	LastActive     time.Time // zero when never
	// Mastery is, per topic in the order given, the share of its questions
	// mastered.
	Mastery []float64
}

// Summarize computes one student's summary from their cards and answers.
func Summarize(cards []Card, answers []Answer, topics []Topic, now time.Time) Summary {
	s := Summary{Accuracy: math.NaN(), Retention: math.NaN(), Mastery: make([]float64, len(topics))}
	index := make(map[string]int, len(topics))
	for i, t := range topics {
		index[t.Name] = i
	}
	mastered := make([]int, len(topics))
	for _, c := range cards {
		s.Seen++
		if !c.Due.After(now) {
			s.DueNow++
		}
		if srs.Mastered(srs.Card{Card: cardOf(c)}) {
			s.Mastered++
			if i, ok := index[c.Topic]; ok {
				mastered[i]++
			}
		}
	}
	for i, t := range topics {
		if t.Questions > 0 {
			s.Mastery[i] = float64(mastered[i]) / float64(t.Questions)
		}
	}
	right, kept := 0, 0
	for _, a := range answers {
		if a.At.After(s.LastActive) {
			s.LastActive = a.At
		}
		s.TimeSpent += min(time.Duration(max(a.ResponseMS, 0))*time.Millisecond, MaxCountedAnswer)
		if now.Sub(a.At) <= Window {
			s.Answers30++
			if a.Right() {
				right++
			}
		}
		if a.BeforeState == srs.Review {
			s.RetentionCount++
			if a.Rating != srs.Again {
				kept++
			}
		}
	}
	if s.Answers30 > 0 {
		s.Accuracy = float64(right) / float64(s.Answers30)
	}
	if s.RetentionCount > 0 {
		s.Retention = float64(kept) / float64(s.RetentionCount)
	}
	return s
}

// Retrievability is FSRS's estimate of recalling a card now; 0 for a card
// never reviewed.
func Retrievability(c Card, now time.Time) float64 {
	if c.Reps == 0 || c.LastReview.IsZero() {
		return 0
	}
	return retrievability.Retrievability(srs.Card{Card: cardOf(c)}, now)
}

// The forgetting curve does not depend on the desired retention.
var retrievability = srs.NewScheduler(0.9)

// ItemInput is what item analysis needs of one student: for each question
// they answered, whether their first answer was right, how many answers
// they gave and the card's lapses.
type ItemInput struct {
	First    map[string]bool
	Attempts map[string]int
	Lapses   map[string]uint64
}

// Item is the analysis of one question across a class.
type Item struct {
	QuestionID string
	Students   int // who answered it
	Attempts   int
	// FirstTryRight is the share of those students whose first answer was
	// right; NaN when nobody answered.
	FirstTryRight float64
	AvgLapses     float64
	// Leeches is how many students' cards of it lapsed srs.LeechLapses
	// times: a question many students cannot keep may be badly asked.
	Leeches int
	// Discrimination is the upper-lower index: the first-try success of the
	// strongest 27% of the class minus that of the weakest 27%, students
	// ranked by their first-try success over all questions. From -1 to 1;
	// near 0 or below, the question does not separate who knows from who
	// does not. NaN when a group has nobody who answered it.
	Discrimination float64
	// CommonWrong are the most common wrong responses (CommonWrong);
	// storage fills them in, from the students' answers.
	CommonWrong Responses
}

// GroupShare is the share of a class in each of the upper and lower groups
// of the discrimination index (Kelley's 27%).
const GroupShare = 0.27

// Items analyses each question over the students of a class.
func Items(questionIDs []string, students []ItemInput) []Item {
	// Rank students by their first-try success over what they answered.
	var rs []rankedStudent
	for _, st := range students {
		if len(st.First) == 0 {
			continue
		}
		right := 0
		for _, ok := range st.First {
			if ok {
				right++
			}
		}
		rs = append(rs, rankedStudent{float64(right) / float64(len(st.First)), st})
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].score > rs[j].score })
	n := int(math.Ceil(GroupShare * float64(len(rs))))
	if len(rs) < 2 {
		n = 0
	}
	upper, lower := rs[:n], rs[len(rs)-n:]

	out := make([]Item, len(questionIDs))
	for i, q := range questionIDs {
		it := Item{QuestionID: q, FirstTryRight: math.NaN(), Discrimination: math.NaN()}
		right := 0
		var lapses uint64
		for _, st := range students {
			first, ok := st.First[q]
			if !ok {
				continue
			}
			it.Students++
			it.Attempts += st.Attempts[q]
			lapses += st.Lapses[q]
			if st.Lapses[q] >= srs.LeechLapses {
				it.Leeches++
			}
			if first {
				right++
			}
		}
		if it.Students > 0 {
			it.FirstTryRight = float64(right) / float64(it.Students)
			it.AvgLapses = float64(lapses) / float64(it.Students)
		}
		pu, okU := share(upper, q)
		pl, okL := share(lower, q)
		if n > 0 && okU && okL {
			it.Discrimination = pu - pl
		}
		out[i] = it
	}
	return out
}

// share is the first-try success on question q of a group's students who
// answered it.
func share(group []rankedStudent, q string) (float64, bool) {
	right, answered := 0, 0
	for _, g := range group {
		if first, ok := g.in.First[q]; ok {
			answered++
			if first {
				right++
			}
		}
	}
	if answered == 0 {
		return 0, false
	}
	return float64(right) / float64(answered), true
}

type rankedStudent struct {
	score float64
	in    ItemInput
}

func cardOf(c Card) fsrs.Card {
	return fsrs.Card{State: c.State, Stability: c.Stability, Reps: c.Reps, Lapses: c.Lapses, Due: c.Due, LastReview: c.LastReview}
}
