package srs

import (
	"testing"
	"time"

	"quizd/questions"
)

var t0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func TestNewCardLearningSteps(t *testing.T) {
	s := NewScheduler(0.9)
	c := NewCard(t0)
	again, err := s.Apply(c, t0, Again)
	if err != nil {
		t.Fatal(err)
	}
	if again.Card.State != Learning || again.Interval != time.Minute {
		t.Errorf("Again on a new card: state %v in %v, want learning in 1m", again.Card.State, again.Interval)
	}
	good, _ := s.Apply(c, t0, Good)
	if good.Card.State != Learning || good.Interval != 10*time.Minute {
		t.Errorf("Good on a new card: state %v in %v, want learning in 10m", good.Card.State, good.Interval)
	}
	easy, _ := s.Apply(c, t0, Easy)
	if easy.Card.State != Review || easy.Interval < 24*time.Hour {
		t.Errorf("Easy on a new card: state %v in %v, want review in a day or more", easy.Card.State, easy.Interval)
	}
	if easy.Card.Reps != 1 || easy.Card.LastReview != t0 {
		t.Errorf("reps %d, last review %v", easy.Card.Reps, easy.Card.LastReview)
	}
}

func TestIntervalsGrowWithTheRating(t *testing.T) {
	s := NewScheduler(0.9)
	c := NewCard(t0)
	// Graduate the card to review first.
	o, _ := s.Apply(c, t0, Good)
	o, _ = s.Apply(o.Card, t0.Add(10*time.Minute), Good)
	if o.Card.State != Review {
		t.Fatalf("after two Goods: state %v, want review", o.Card.State)
	}
	at := o.Card.Due
	p, err := s.Preview(o.Card, at)
	if err != nil {
		t.Fatal(err)
	}
	if !(p[Hard].Interval < p[Good].Interval && p[Good].Interval < p[Easy].Interval) {
		t.Errorf("intervals Hard %v, Good %v, Easy %v do not grow", p[Hard].Interval, p[Good].Interval, p[Easy].Interval)
	}
	if p[Again].Card.State != Relearning || p[Again].Card.Lapses != 1 {
		t.Errorf("Again on a review card: state %v lapses %d, want relearning with one lapse", p[Again].Card.State, p[Again].Card.Lapses)
	}
	if got := p[Good].Card.ElapsedDays; got < 0.9 {
		t.Errorf("elapsed days %v, want the days since the last review", got)
	}
}

func TestLowerRetentionGivesLongerIntervals(t *testing.T) {
	c := NewCard(t0)
	high, _ := NewScheduler(0.97).Apply(c, t0, Easy)
	low, _ := NewScheduler(0.75).Apply(c, t0, Easy)
	if low.Interval <= high.Interval {
		t.Errorf("retention 0.75 gives %v, 0.97 gives %v: want the lower retention to wait longer", low.Interval, high.Interval)
	}
}

func TestApplyRefusesABadRating(t *testing.T) {
	for _, r := range []Rating{0, 5, -1} {
		if _, err := NewScheduler(0.9).Apply(NewCard(t0), t0, r); err != ErrRating {
			t.Errorf("rating %d: error %v, want ErrRating", r, err)
		}
	}
}

func TestRatingFromGrade(t *testing.T) {
	tests := []struct {
		name    string
		correct bool
		typo    bool
		took    time.Duration
		typ     questions.Type
		want    Rating
	}{
		{"wrong is again", false, false, time.Second, questions.MultipleChoice, Again},
		{"wrong and slow is again", false, false, time.Minute, questions.ShortAnswer, Again},
		{"quick true/false is only good", true, false, time.Second, questions.TrueFalse, Good},
		{"quick multiple choice is only good", true, false, time.Second, questions.MultipleChoice, Good},
		{"wrong multiple choice is again", false, false, time.Second, questions.MultipleChoice, Again},
		{"slow click is good", true, false, 9 * time.Second, questions.TrueFalse, Good},
		{"quick cloze is easy", true, false, 4 * time.Second, questions.Cloze, Easy},
		{"quick matching is easy", true, false, 10 * time.Second, questions.Matching, Easy},
		{"slow matching is good", true, false, 20 * time.Second, questions.Matching, Good},
		{"quick typing is easy", true, false, 7 * time.Second, questions.ShortAnswer, Easy},
		{"ordering gets more time", true, false, 12 * time.Second, questions.Ordering, Easy},
		{"unknown time is good", true, false, 0, questions.Cloze, Good},
		{"a quick answer with a typo is only good", true, true, 3 * time.Second, questions.ShortAnswer, Good},
		{"a wrong answer is again, typo or not", false, true, 3 * time.Second, questions.Cloze, Again},
	}
	for _, tc := range tests {
		if got := RatingFromGrade(tc.correct, tc.typo, tc.took, tc.typ); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestFuzzSpreadsLongIntervalsAndLeavesShortOnes(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	exact, fuzzed := NewScheduler(0.9), NewScheduler(0.9).Fuzzed()
	// A card in review with a long interval: fuzz moves its due date for
	// some of many students who answer it a moment apart.
	c := NewCard(t0)
	for _, r := range []Rating{Good, Good, Good} {
		o, err := exact.Apply(c, c.Due, r)
		if err != nil {
			t.Fatal(err)
		}
		c = o.Card
	}
	moved, days := 0, map[int]bool{}
	for i := range 40 {
		at := c.Due.Add(time.Duration(i) * time.Second)
		e, err := exact.Apply(c, at, Good)
		if err != nil {
			t.Fatal(err)
		}
		f, err := fuzzed.Apply(c, at, Good)
		if err != nil {
			t.Fatal(err)
		}
		if e.Interval < 3*24*time.Hour {
			t.Fatalf("the card's interval is %v: too short to test fuzz", e.Interval)
		}
		if f.Interval != e.Interval {
			moved++
		}
		days[int(f.Interval.Hours()/24)] = true
		if d := f.Interval - e.Interval; d > e.Interval/4 || d < -e.Interval/4 {
			t.Errorf("fuzz moved %v to %v", e.Interval, f.Interval)
		}
	}
	if moved == 0 || len(days) < 2 {
		t.Errorf("fuzz moved %d of 40 intervals onto %d different days", moved, len(days))
	}
	// A new card's first steps are minutes: fuzz leaves them alone.
	for _, r := range Ratings {
		e, _ := exact.Apply(NewCard(t0), t0, r)
		f, _ := fuzzed.Apply(NewCard(t0), t0, r)
		if e.Interval < 2*24*time.Hour && e.Interval != f.Interval {
			t.Errorf("rating %v: fuzz moved a short interval %v to %v", r, e.Interval, f.Interval)
		}
	}
}

func TestLeechAtEightLapses(t *testing.T) {
	c := NewCard(time.Now())
	c.Lapses = 7
	if IsLeech(c) {
		t.Error("7 lapses make a leech")
	}
	c.Lapses = 8
	if !IsLeech(c) {
		t.Error("8 lapses do not make a leech")
	}
}

func TestFormatInterval(t *testing.T) {
	tests := map[time.Duration]string{
		30 * time.Second:      "<1m",
		time.Minute:           "1m",
		10 * time.Minute:      "10m",
		3 * time.Hour:         "3h",
		4 * 24 * time.Hour:    "4d",
		65 * 24 * time.Hour:   "2mo",
		365 * 24 * time.Hour:  "1y",
		548 * 24 * time.Hour:  "1.5y",
		3650 * 24 * time.Hour: "10y",
	}
	for d, want := range tests {
		if got := FormatInterval(d); got != want {
			t.Errorf("FormatInterval(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	for _, ok := range []Settings{DefaultSettings, {0.70, 0}, {0.99, 9999}} {
		if err := ok.Validate(); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
	for _, bad := range []struct {
		s     Settings
		field string
	}{{Settings{0.69, 20}, "desired_retention"}, {Settings{1, 20}, "desired_retention"}, {Settings{0.9, -1}, "new_per_day"}, {Settings{0.9, 10000}, "new_per_day"}} {
		err := bad.s.Validate()
		se, ok := err.(*SettingsError)
		if !ok || se.Field != bad.field {
			t.Errorf("%+v: error %v, want one naming %s", bad.s, err, bad.field)
		}
	}
}

func TestRetrievabilityFalls(t *testing.T) {
	s := NewScheduler(0.9)
	o, _ := s.Apply(NewCard(t0), t0, Easy)
	soon := s.Retrievability(o.Card, t0.Add(24*time.Hour))
	late := s.Retrievability(o.Card, t0.Add(60*24*time.Hour))
	if !(soon > late && late > 0 && soon <= 1) {
		t.Errorf("retrievability after a day %v, after 60 days %v", soon, late)
	}
	if r := s.Retrievability(NewCard(t0), t0); r != 0 {
		t.Errorf("a new card's retrievability is %v, want 0", r)
	}
}
