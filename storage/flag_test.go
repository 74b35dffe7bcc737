package storage

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"quizd/questions"
	"quizd/questions/srs"
)

// appealBank has a short answer and a multiple-choice question.
func appealBank() *questions.Bank {
	b := &questions.Bank{Slug: "appeals", Title: "Appeals", Source: questions.Source{Title: "S"}, Questions: []questions.Question{
		{ID: "sa", Topic: "t", Type: questions.ShortAnswer, Prompt: "Say one in Spanish?", Answer: "uno"},
		{ID: "mc", Topic: "t", Type: questions.MultipleChoice, Prompt: "Pick the capital of Italy.", Answer: "Rome", Choices: []string{"Rome", "Milan", "Turin"}},
	}}
	b.Stamp()
	return b
}

// graded records a response to qid graded as the server grades it, rated
// from its grade.
func graded(t *testing.T, s *Store, u *User, b *Bank, qid, response string, at time.Time) *Recorded {
	t.Helper()
	q, err := s.StoredQuestionOf(context.Background(), b.ID, qid)
	if err != nil {
		t.Fatal(err)
	}
	resp := []string{response}
	g, err := questions.Grade(&q.Question, resp)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(resp)
	rec, err := s.RecordAnswer(context.Background(), Answer{UserID: u.ID, BankID: b.ID, QuestionID: qid, Correct: &g.Correct,
		Rating: srs.RatingFromGrade(g.Correct, g.Typo, 0, q.Type), Response: string(data), Now: at, Scheduler: srs.NewScheduler(0.9)})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func exact(r float64) *srs.Scheduler { return srs.NewScheduler(r) }

func mustRole(t *testing.T, s *Store, name string, r Role) *User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), name, "hash", r)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestCreateFlagChecksItsInput(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	ada, cal := mustUser(t, s, "ada"), mustUser(t, s, "cal")
	b := mustBank(t, s, appealBank())
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	wrong := graded(t, s, ada, b, "sa", "Eins", t0)
	right := graded(t, s, ada, b, "mc", "Rome", t0.Add(time.Minute))
	empty := graded(t, s, ada, b, "sa", " ", t0.Add(2*time.Minute))

	var fe *FlagInputError
	for _, tc := range []struct {
		name, reason, comment, field string
		review                       uint
	}{
		{"unknown reason", "because", "", "reason", wrong.ReviewID},
		{"comment too long", FlagOther, strings.Repeat("é", MaxFlagComment+1), "comment", wrong.ReviewID},
		{"a right answer cannot be made to count", FlagShouldCount, "", "reason", right.ReviewID},
		{"an empty answer cannot be made to count", FlagShouldCount, "", "reason", empty.ReviewID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.CreateFlag(ctx, ada.ID, tc.review, tc.reason, tc.comment, t0)
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Errorf("got %v, want an input error about %s", err, tc.field)
			}
		})
	}
	if _, err := s.CreateFlag(ctx, cal.ID, wrong.ReviewID, FlagShouldCount, "", t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("flag of another student's answer: %v, want ErrNotFound", err)
	}
	if n := countFlags(t, s); n != 0 {
		t.Fatalf("refused flags left %d rows", n)
	}
	f, err := s.CreateFlag(ctx, ada.ID, wrong.ReviewID, FlagShouldCount, "  Eins is German, but still one.  ", t0)
	if err != nil {
		t.Fatal(err)
	}
	if f.Status != FlagOpen || f.Comment != "Eins is German, but still one." || f.Given != "Eins" || f.QuestionID != "sa" || f.Student != "ada" || f.ReviewID != wrong.ReviewID {
		t.Errorf("flag %+v", f)
	}
	if _, err := s.CreateFlag(ctx, ada.ID, wrong.ReviewID, FlagTypo, "", t0); !errors.Is(err, ErrFlagged) {
		t.Errorf("a second flag of the answer: %v, want ErrFlagged", err)
	}
	if _, err := s.CreateFlag(ctx, ada.ID, right.ReviewID, FlagTypo, strings.Repeat("é", MaxFlagComment), t0); err != nil {
		t.Errorf("a typo flag with a comment of the longest length: %v", err)
	}
	open, total, err := s.BankFlags(ctx, b.ID, FlagOpen, 1)
	if err != nil || total != 2 || len(open) != 2 || open[0].ID != f.ID {
		t.Errorf("open flags %+v (%d, %v), want both, the first one first", open, total, err)
	}
}

func countFlags(t *testing.T, s *Store) int64 {
	var n int64
	if err := s.read(context.Background()).Model(&flagRow{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAcceptingShouldCountRegradesAndReplays(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	ada, cal := mustUser(t, s, "ada"), mustUser(t, s, "cal")
	teacher := mustRole(t, s, "teacher", Instructor)
	b := mustBank(t, s, appealBank())
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)

	flagged := graded(t, s, ada, b, "sa", "Eins", t0)
	later := graded(t, s, ada, b, "sa", "uno", t0.Add(10*time.Minute))
	same := graded(t, s, cal, b, "sa", " EINS ", t0.Add(time.Minute))
	other := graded(t, s, cal, b, "sa", "dos", t0.Add(2*time.Minute))
	adaBefore, _ := s.CardState(ctx, ada.ID, b.ID, "sa")
	calBefore, _ := s.CardState(ctx, cal.ID, b.ID, "sa")

	f, err := s.CreateFlag(ctx, ada.ID, flagged.ReviewID, FlagShouldCount, "", t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	calFlag, err := s.CreateFlag(ctx, cal.ID, same.ReviewID, FlagShouldCount, "me too", t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.DecideFlag(ctx, FlagDecision{FlagID: f.ID, DeciderID: teacher.ID, Accept: true, Now: t0.Add(2 * time.Hour), Scheduler: exact})
	if err != nil {
		t.Fatal(err)
	}
	if d.Flag.Status != FlagAccepted || d.Flag.DecidedBy == nil || *d.Flag.DecidedBy != teacher.ID {
		t.Errorf("flag after accept: %+v", d.Flag)
	}
	slices.Sort(d.Regraded)
	if !reflect.DeepEqual(d.Regraded, []uint{flagged.ReviewID, same.ReviewID}) || d.Cards != 2 || d.AlsoAccepted != 1 {
		t.Errorf("regraded %v on %d cards, %d other flags accepted; want the flagged answer and cal's same one, 2 cards, 1 flag", d.Regraded, d.Cards, d.AlsoAccepted)
	}

	// The response is an accepted answer now, in a new version by the teacher.
	q, _ := s.StoredQuestionOf(ctx, b.ID, "sa")
	if q.Version != 2 || !slices.Contains(q.Accept, "Eins") || d.Question == nil || d.Question.Version != 2 {
		t.Errorf("question after accept: version %d, accept %v", q.Version, q.Accept)
	}
	vs, _ := s.QuestionVersions(ctx, b.ID, "sa")
	if vs[0].Reason != ReasonAppeal || vs[0].Author != "teacher" {
		t.Errorf("newest version %+v, want an appeal by teacher", vs[0])
	}
	if cf, _ := s.FlagByID(ctx, calFlag.ID); cf.Status != FlagAccepted {
		t.Errorf("cal's flag of the same response is %s, want accepted with it", cf.Status)
	}

	// Each card is as replaying its reviews with the corrected grades gives.
	sc := srs.NewScheduler(0.9)
	replay := func(at []time.Time, rs []srs.Rating) srs.Card {
		c := srs.NewCard(at[0])
		for i := range at {
			o, err := sc.Apply(c, at[i], rs[i])
			if err != nil {
				t.Fatal(err)
			}
			c = o.Card
		}
		return c
	}
	wantAda := replay([]time.Time{t0, t0.Add(10 * time.Minute)}, []srs.Rating{srs.Good, srs.Good})
	adaAfter, _ := s.CardState(ctx, ada.ID, b.ID, "sa")
	if !adaAfter.After.Due.Equal(wantAda.Due) || adaAfter.After.Stability != wantAda.Stability || adaAfter.After.Reps != 2 {
		t.Errorf("ada's card: due %v stability %v, want %v %v", adaAfter.After.Due, adaAfter.After.Stability, wantAda.Due, wantAda.Stability)
	}
	if adaAfter.After.Due.Equal(adaBefore.After.Due) && adaAfter.After.Stability == adaBefore.After.Stability {
		t.Errorf("ada's card did not change: %+v", adaAfter.After)
	}
	wantCal := replay([]time.Time{t0.Add(time.Minute), t0.Add(2 * time.Minute)}, []srs.Rating{srs.Good, srs.Again})
	calAfter, _ := s.CardState(ctx, cal.ID, b.ID, "sa")
	if !calAfter.After.Due.Equal(wantCal.Due) || calAfter.After.Stability != wantCal.Stability || calAfter.After.Stability == calBefore.After.Stability {
		t.Errorf("cal's card: due %v stability %v, want %v %v (before %v)", calAfter.After.Due, calAfter.After.Stability, wantCal.Due, wantCal.Stability, calBefore.After.Stability)
	}
	for _, tc := range []struct {
		name    string
		user    *User
		review  uint
		correct bool
		rating  srs.Rating
	}{
		{"the flagged answer", ada, flagged.ReviewID, true, srs.Good},
		{"a later right answer keeps its grade", ada, later.ReviewID, true, srs.Good},
		{"the same response of another student", cal, same.ReviewID, true, srs.Good},
		{"another response stays wrong", cal, other.ReviewID, false, srs.Again},
	} {
		rv, err := s.ReviewByID(ctx, tc.user.ID, tc.review)
		if err != nil {
			t.Fatal(err)
		}
		if *rv.Correct != tc.correct || rv.Rating != tc.rating {
			t.Errorf("%s: correct %v rated %v, want %v %v", tc.name, *rv.Correct, rv.Rating, tc.correct, tc.rating)
		}
	}
	// The later review's before state follows the corrected first one.
	rv, _ := s.ReviewByID(ctx, ada.ID, later.ReviewID)
	first := replay([]time.Time{t0}, []srs.Rating{srs.Good})
	if rv.Before.Stability != first.Stability || !rv.Before.Due.Equal(first.Due) {
		t.Errorf("the later review starts from %+v, want %+v", rv.Before, first)
	}

	// Undo still works and puts back the replayed state.
	un, err := s.Undo(ctx, ada.ID, later.ReviewID, t0.Add(3*time.Hour))
	if err != nil {
		t.Fatalf("undo after a replay: %v", err)
	}
	if un.Card.Stability != first.Stability || !un.Card.Due.Equal(first.Due) {
		t.Errorf("undo restored %+v, want %+v", un.Card, first)
	}

	if _, err := s.DecideFlag(ctx, FlagDecision{FlagID: f.ID, DeciderID: teacher.ID, Accept: false, Now: t0.Add(4 * time.Hour), Scheduler: exact}); !errors.Is(err, ErrDecided) {
		t.Errorf("deciding twice: %v, want ErrDecided", err)
	}
}

func TestRejectingAFlagKeepsEverything(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	ada, teacher := mustUser(t, s, "ada"), mustRole(t, s, "teacher", Instructor)
	b := mustBank(t, s, appealBank())
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	rec := graded(t, s, ada, b, "sa", "Eins", t0)
	before, _ := s.CardState(ctx, ada.ID, b.ID, "sa")
	f, err := s.CreateFlag(ctx, ada.ID, rec.ReviewID, FlagShouldCount, "", t0)
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.DecideFlag(ctx, FlagDecision{FlagID: f.ID, DeciderID: teacher.ID, Now: t0.Add(time.Hour), Scheduler: exact})
	if err != nil {
		t.Fatal(err)
	}
	after, _ := s.CardState(ctx, ada.ID, b.ID, "sa")
	q, _ := s.StoredQuestionOf(ctx, b.ID, "sa")
	rv, _ := s.ReviewByID(ctx, ada.ID, rec.ReviewID)
	if d.Flag.Status != FlagRejected || len(d.Regraded) != 0 || q.Version != 1 || *rv.Correct || !reflect.DeepEqual(after.After, before.After) {
		t.Errorf("after a rejection: flag %s, regraded %v, question version %d, answer right %v, card changed %v",
			d.Flag.Status, d.Regraded, q.Version, *rv.Correct, !reflect.DeepEqual(after.After, before.After))
	}
	if _, err := s.DecideFlag(ctx, FlagDecision{FlagID: f.ID, DeciderID: teacher.ID, Accept: true, Now: t0, Scheduler: exact}); !errors.Is(err, ErrDecided) {
		t.Errorf("accepting a rejected flag: %v, want ErrDecided", err)
	}
	if _, err := s.DecideFlag(ctx, FlagDecision{FlagID: 999, DeciderID: teacher.ID, Now: t0, Scheduler: exact}); !errors.Is(err, ErrNotFound) {
		t.Errorf("deciding no flag: %v, want ErrNotFound", err)
	}
}

func TestAcceptingAChoiceCreditsTheSameChoiceOnly(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	ada, cal, teacher := mustUser(t, s, "ada"), mustUser(t, s, "cal"), mustRole(t, s, "teacher", Instructor)
	b := mustBank(t, s, appealBank())
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	milan := graded(t, s, ada, b, "mc", "Milan", t0)
	calMilan := graded(t, s, cal, b, "mc", "milan", t0)
	turin := graded(t, s, cal, b, "mc", "Turin", t0.Add(time.Hour))
	f, _ := s.CreateFlag(ctx, ada.ID, milan.ReviewID, FlagShouldCount, "", t0)
	d, err := s.DecideFlag(ctx, FlagDecision{FlagID: f.ID, DeciderID: teacher.ID, Accept: true, Now: t0.Add(2 * time.Hour), Scheduler: exact})
	if err != nil {
		t.Fatal(err)
	}
	q, _ := s.StoredQuestionOf(ctx, b.ID, "mc")
	if d.Question != nil || q.Version != 1 {
		t.Errorf("a multiple-choice question changed on an appeal: version %d", q.Version)
	}
	slices.Sort(d.Regraded)
	if !reflect.DeepEqual(d.Regraded, []uint{milan.ReviewID, calMilan.ReviewID}) {
		t.Errorf("regraded %v, want both answers of Milan", d.Regraded)
	}
	if rv, _ := s.ReviewByID(ctx, cal.ID, turin.ReviewID); *rv.Correct {
		t.Error("Turin was credited too")
	}

	// Accepting another reason only records the decision.
	typo, _ := s.CreateFlag(ctx, cal.ID, turin.ReviewID, FlagTypo, "Italy is spelt wrong", t0)
	before, _ := s.CardState(ctx, cal.ID, b.ID, "mc")
	d, err = s.DecideFlag(ctx, FlagDecision{FlagID: typo.ID, DeciderID: teacher.ID, Accept: true, Now: t0.Add(3 * time.Hour), Scheduler: exact})
	after, _ := s.CardState(ctx, cal.ID, b.ID, "mc")
	if err != nil || d.Flag.Status != FlagAccepted || len(d.Regraded) != 0 || !reflect.DeepEqual(before.After, after.After) {
		t.Errorf("accepting a typo flag: %v, %+v", err, d)
	}
	mine, err := s.StudentFlags(ctx, cal.ID, b.ID, 10)
	if err != nil || len(mine) != 1 || mine[0].ID != typo.ID {
		t.Errorf("cal's flags: %+v, %v", mine, err)
	}
}

func TestTheSameResponseIsWhatGradingTakesForIt(t *testing.T) {
	q := &questions.Question{ID: "d", Type: questions.ShortAnswer, Prompt: "When?", Answer: "7 January 2022"}
	same := sameResponse(q, []string{"8 Jan 2022"}, true)
	for resp, want := range map[string]bool{"8 January 2022": true, "8 jan. 2022": true, " 8 JAN 2022 ": true, "9 Jan 2022": false, "7 January 2022": false} {
		if got := same([]string{resp}); got != want {
			t.Errorf("%q is the same as 8 Jan 2022: %v, want %v", resp, got, want)
		}
	}
	words := &questions.Question{ID: "w", Type: questions.ShortAnswer, Prompt: "Which city?", Answer: "Rome"}
	same = sameResponse(words, []string{"Firenze"}, true)
	for resp, want := range map[string]bool{"firenze": true, "Firenze!": true, "Firenza": false, "Florence": false} {
		if got := same([]string{resp}); got != want {
			t.Errorf("%q is the same as Firenze: %v, want %v", resp, got, want)
		}
	}
	mc := &questions.Question{ID: "m", Type: questions.MultipleChoice, Prompt: "Pick.", Choices: []string{"A", "B", "C"}, Answers: []string{"A", "B"}}
	same = sameResponse(mc, []string{"A", "C"}, false)
	if !same([]string{"c", "a"}) || same([]string{"A", "B"}) || same([]string{"A"}) {
		t.Error("multiple choice: the same picks in another order are the same response, other picks are not")
	}
}
