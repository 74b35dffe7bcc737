package report

import (
	"math"
	"testing"
	"time"

	"quizd/questions/srs"
)

var now = time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)

func yes() *bool { b := true; return &b }
func no() *bool  { b := false; return &b }

func TestSummarizeByHand(t *testing.T) {
	topics := []Topic{{"dates", 4}, {"charter", 2}}
	cards := []Card{
		{QuestionID: "a", Topic: "dates", State: srs.Review, Stability: 30, Reps: 4, Due: now.Add(24 * time.Hour)},
		{QuestionID: "b", Topic: "dates", State: srs.Review, Stability: 21, Reps: 3, Due: now.Add(-time.Hour)},
		{QuestionID: "c", Topic: "dates", State: srs.Review, Stability: 20.9, Reps: 3, Due: now.Add(time.Hour)},
		{QuestionID: "d", Topic: "charter", State: srs.Relearning, Stability: 40, Reps: 5, Due: now},
	}
	answers := []Answer{
		// Old: outside the 30-day window, but counted for retention and time.
		{QuestionID: "a", At: now.AddDate(0, 0, -40), Rating: srs.Good, Correct: yes(), BeforeState: srs.Review, ResponseMS: 4000},
		{QuestionID: "a", At: now.AddDate(0, 0, -2), Rating: srs.Good, Correct: yes(), BeforeState: srs.Review, ResponseMS: 6000},
		{QuestionID: "b", At: now.AddDate(0, 0, -1), Rating: srs.Again, Correct: no(), BeforeState: srs.Review, ResponseMS: 20 * 60 * 1000},
		{QuestionID: "c", At: now.AddDate(0, 0, -1), Rating: srs.Hard, BeforeState: srs.Learning, ResponseMS: 1000}, // self-rated Hard: right
		{QuestionID: "d", At: now.Add(-time.Hour), Rating: srs.Again, BeforeState: srs.Review, ResponseMS: 2000},
	}
	s := Summarize(cards, answers, topics, now)
	// Mastered: a (30) and b (21) in review; c is under 21; d relearns.
	if s.Seen != 4 || s.Mastered != 2 || s.DueNow != 2 {
		t.Errorf("seen %d mastered %d due %d, want 4 2 2", s.Seen, s.Mastered, s.DueNow)
	}
	// Last 30 days: a right, b wrong, c right (Hard), d wrong → 2/4.
	if s.Answers30 != 4 || s.Accuracy != 0.5 {
		t.Errorf("accuracy %v over %d, want 0.5 over 4", s.Accuracy, s.Answers30)
	}
	// Retention over answers to cards in review: a, a kept; b, d lost → 2/4.
	if s.RetentionCount != 4 || s.Retention != 0.5 {
		t.Errorf("retention %v over %d, want 0.5 over 4", s.Retention, s.RetentionCount)
	}
	// Time: 4 + 6 + 300 (20 minutes capped at 5) + 1 + 2 seconds.
	if s.TimeSpent != 313*time.Second {
		t.Errorf("time spent %v, want 5m13s", s.TimeSpent)
	}
	if !s.LastActive.Equal(now.Add(-time.Hour)) {
		t.Errorf("last active %v", s.LastActive)
	}
	// Mastery: dates 2 of 4, charter 0 of 2.
	if s.Mastery[0] != 0.5 || s.Mastery[1] != 0 {
		t.Errorf("mastery %v, want [0.5 0]", s.Mastery)
	}
}

func TestSummarizeNothing(t *testing.T) {
	s := Summarize(nil, nil, []Topic{{"x", 3}}, now)
	if !math.IsNaN(s.Accuracy) || !math.IsNaN(s.Retention) || s.Seen != 0 || !s.LastActive.IsZero() || s.Mastery[0] != 0 {
		t.Errorf("%+v", s)
	}
}

func TestItemsByHand(t *testing.T) {
	// Five students; q1 separates the strong from the weak, q2 is answered
	// right by the weak only, q3 by everyone.
	st := func(first map[string]bool) ItemInput {
		in := ItemInput{First: first, Attempts: map[string]int{}, Lapses: map[string]uint64{}}
		for q := range first {
			in.Attempts[q] = 2
			if !first[q] {
				in.Lapses[q] = 1
			}
		}
		return in
	}
	students := []ItemInput{
		st(map[string]bool{"q1": true, "q2": false, "q3": true}),  // 2/3
		st(map[string]bool{"q1": true, "q2": true, "q3": true}),   // 3/3, strongest
		st(map[string]bool{"q1": false, "q2": true, "q3": true}),  // 2/3
		st(map[string]bool{"q1": false, "q2": true, "q3": false}), // 1/3, weakest... tie below
		st(map[string]bool{"q1": true, "q3": true}),               // 2/2 = 1, strong
		{First: map[string]bool{}},                                // never answered
	}
	items := Items([]string{"q1", "q2", "q3", "q4"}, students)
	// 5 ranked students: groups of ceil(0.27*5) = 2. Upper: the 3/3 and 2/2
	// students; lower: the 1/3 student and, of the three 2/3 ones, the last
	// in input order (stable sort): student 3 (q1 wrong).
	q1 := items[0]
	if q1.Students != 5 || q1.Attempts != 10 || q1.FirstTryRight != 0.6 || q1.AvgLapses != 0.4 {
		t.Errorf("q1 %+v", q1)
	}
	if q1.Discrimination != 1 {
		t.Errorf("q1 discrimination %v, want 1 (upper 2/2 right, lower 0/2)", q1.Discrimination)
	}
	// q2: upper has only the 3/3 student who answered it (right): 1; lower
	// both right: 1 → 0.
	if d := items[1].Discrimination; d != 0 {
		t.Errorf("q2 discrimination %v, want 0", d)
	}
	// q3: upper 2/2, lower 1/2 → 0.5.
	if d := items[2].Discrimination; d != 0.5 {
		t.Errorf("q3 discrimination %v, want 0.5", d)
	}
	if q4 := items[3]; q4.Students != 0 || !math.IsNaN(q4.FirstTryRight) || !math.IsNaN(q4.Discrimination) {
		t.Errorf("an unanswered question: %+v", q4)
	}
	if one := Items([]string{"q1"}, students[:1]); !math.IsNaN(one[0].Discrimination) {
		t.Errorf("one student gives a discrimination %v", one[0].Discrimination)
	}
}

func TestRetrievability(t *testing.T) {
	c := Card{State: srs.Review, Stability: 10, Reps: 2, LastReview: now.AddDate(0, 0, -10)}
	r := Retrievability(c, now)
	// At an elapsed time equal to the stability, recall is 90% by FSRS's
	// definition of stability.
	if math.Abs(r-0.9) > 0.005 {
		t.Errorf("retrievability after S days = %v, want 0.9", r)
	}
	if Retrievability(Card{}, now) != 0 {
		t.Error("a new card has a retrievability")
	}
}
