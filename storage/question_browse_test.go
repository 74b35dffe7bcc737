package storage

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"quizd/questions"
	"quizd/questions/srs"
)

// browseWorld is a bank of six questions answered by three students:
// A is right on q1, q2, q3 and wrong on q4; B right on q1 and wrong on q2;
// C wrong on q1..q3 and right on q4. A answers q1 twice. q5 is a
// multiple-choice question about a café, q6 is retired; q2 has two flags,
// one open; q3 is a leech for one student.
func browseWorld(t *testing.T) (*Store, *Bank) {
	t.Helper()
	ctx := context.Background()
	s, _ := openTest(t)
	bank := smallBank("browse", 4)
	bank.Questions[1].Topic = "other"
	bank.Questions = append(bank.Questions,
		questions.Question{ID: "q5", Topic: "t", Type: questions.MultipleChoice, Prompt: "Where is the coffee?", Answer: "Café Central", Choices: []string{"Café Central", "Tea room"}},
		questions.Question{ID: "q6", Topic: "gone", Type: questions.ShortAnswer, Prompt: "Retired question?", Answer: "yes"})
	b := mustBank(t, s, bank)
	if _, err := s.SetRetired(ctx, b.ID, "q6", true); err != nil {
		t.Fatal(err)
	}
	at := t0
	say := func(u *User, qid string, right bool) *Recorded {
		r := srs.Good
		if !right {
			r = srs.Again
		}
		at = at.Add(time.Minute)
		return answer(t, s, u, b, qid, r, at)
	}
	a, bb, c := mustUser(t, s, "a"), mustUser(t, s, "b"), mustUser(t, s, "c")
	say(a, "q1", true)
	say(a, "q2", true)
	say(a, "q3", true)
	say(a, "q4", false)
	say(bb, "q1", true)
	rev := say(bb, "q2", false)
	say(c, "q1", false)
	say(c, "q2", false)
	say(c, "q3", false)
	say(c, "q4", true)
	at = at.Add(72 * time.Hour)
	say(a, "q1", true)
	err := s.write(ctx, func(tx *gorm.DB) error {
		q2 := rev.Question.RowID
		for _, st := range []string{"open", "rejected"} {
			if err := tx.Create(&flagRow{ReviewID: rev.ReviewID, UserID: bb.ID, BankID: b.ID, QuestionID: q2, Reason: "typo", Status: st, CreatedAt: at}).Error; err != nil {
				return err
			}
		}
		var q3 questionRow
		if err := tx.Where("bank_id = ? AND qid = ?", b.ID, "q3").Take(&q3).Error; err != nil {
			return err
		}
		return tx.Model(&cardRow{}).Where("question_id = ? AND user_id = ?", q3.ID, c.ID).Update("leech", true).Error
	})
	if err != nil {
		t.Fatal(err)
	}
	return s, b
}

func ids(qs []BrowsedQuestion) string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = q.ID
	}
	return strings.Join(out, " ")
}

func TestBrowseFiltersAndSearches(t *testing.T) {
	ctx := context.Background()
	s, b := browseWorld(t)
	for _, tc := range []struct {
		name string
		q    BrowseQuery
		want string
	}{
		{"active by default", BrowseQuery{}, "q1 q2 q3 q4 q5"},
		{"retired", BrowseQuery{Status: BrowseRetired}, "q6"},
		{"all", BrowseQuery{Status: BrowseAll}, "q1 q2 q3 q4 q5 q6"},
		{"topic", BrowseQuery{Topic: "other"}, "q2"},
		{"type", BrowseQuery{Type: questions.MultipleChoice}, "q5"},
		{"search the prompt, in any case", BrowseQuery{Text: "QUESTION 3"}, "q3"},
		{"search the answer", BrowseQuery{Text: "answer 4"}, "q4"},
		{"search the choices, without accents", BrowseQuery{Text: "tea ROOM"}, "q5"},
		{"search with accents", BrowseQuery{Text: "cafe"}, "q5"},
		{"search finds nothing", BrowseQuery{Text: "zebra"}, ""},
		{"flagged: open flags only", BrowseQuery{Flagged: true}, "q2"},
		{"leech", BrowseQuery{Leech: true}, "q3"},
		{"filters together", BrowseQuery{Status: BrowseAll, Topic: "gone", Text: "retired"}, "q6"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.q.BankID = b.ID
			res, err := s.BrowseQuestions(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(res.Questions); got != tc.want || res.Total != len(res.Questions) {
				t.Errorf("found %q (total %d), want %q", got, res.Total, tc.want)
			}
		})
	}
}

func TestBrowseFiguresAreTheItemReports(t *testing.T) {
	s, b := browseWorld(t)
	res, err := s.BrowseQuestions(context.Background(), BrowseQuery{BankID: b.ID})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]QuestionStats{}
	for _, q := range res.Questions {
		got[q.ID] = q.QuestionStats
	}
	third := func(x float64) float64 { return math.Round(x*1000) / 1000 }
	for _, tc := range []struct {
		id                 string
		attempts, students int
		facility, disc     float64
		appeals, open      int
		leeches            int
	}{
		{"q1", 4, 3, 0.667, 1, 0, 0, 0},
		{"q2", 3, 3, 0.333, 1, 2, 1, 0},
		{"q3", 2, 2, 0.5, 1, 0, 0, 1},
		{"q4", 2, 2, 0.5, -1, 0, 0, 0},
	} {
		g := got[tc.id]
		if g.Attempts != tc.attempts || g.Students != tc.students || third(g.Facility) != tc.facility || g.Discrimination != tc.disc ||
			g.Appeals != tc.appeals || g.OpenAppeals != tc.open || g.Leeches != tc.leeches {
			t.Errorf("%s: %+v, want %+v", tc.id, g, tc)
		}
	}
	if q5 := got["q5"]; q5.Attempts != 0 || !math.IsNaN(q5.Facility) || !math.IsNaN(q5.Discrimination) {
		t.Errorf("q5, never answered: %+v, want no figures", q5)
	}
	if strings.Join(res.Topics, " ") != "t other gone" {
		t.Errorf("topics %v, want every topic in bank order, the retired question's too", res.Topics)
	}
}

func TestBrowseSorts(t *testing.T) {
	ctx := context.Background()
	s, b := browseWorld(t)
	for _, tc := range []struct {
		sort string
		desc bool
		want string
	}{
		{"", false, "q1 q2 q3 q4 q5"},
		{SortPosition, true, "q5 q4 q3 q2 q1"},
		{SortFacility, false, "q2 q3 q4 q1 q5"}, // never answered: last
		{SortFacility, true, "q1 q3 q4 q2 q5"},  // still last
		{SortDiscrimination, false, "q4 q1 q2 q3 q5"},
		{SortAttempts, true, "q1 q2 q3 q4 q5"},
		{SortAttempts, false, "q5 q3 q4 q2 q1"},
		{SortAppeals, true, "q2 q1 q3 q4 q5"},
	} {
		t.Run(fmt.Sprintf("%s desc=%v", tc.sort, tc.desc), func(t *testing.T) {
			res, err := s.BrowseQuestions(ctx, BrowseQuery{BankID: b.ID, Sort: tc.sort, Desc: tc.desc})
			if err != nil {
				t.Fatal(err)
			}
			if got := ids(res.Questions); got != tc.want {
				t.Errorf("order %q, want %q", got, tc.want)
			}
		})
	}
}

func TestBrowsePages(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	b := mustBank(t, s, smallBank("big", 2*BrowsePageSize+7))
	for _, tc := range []struct {
		page, n     int
		first, last string
	}{{0, BrowsePageSize, "q1", "q50"}, {2, BrowsePageSize, "q51", "q100"}, {3, 7, "q101", "q107"}, {4, 0, "", ""}} {
		res, err := s.BrowseQuestions(ctx, BrowseQuery{BankID: b.ID, Page: tc.page})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 2*BrowsePageSize+7 || len(res.Questions) != tc.n {
			t.Errorf("page %d: %d of %d questions, want %d", tc.page, len(res.Questions), res.Total, tc.n)
			continue
		}
		if tc.n > 0 && (res.Questions[0].ID != tc.first || res.Questions[tc.n-1].ID != tc.last) {
			t.Errorf("page %d runs %s..%s, want %s..%s", tc.page, res.Questions[0].ID, res.Questions[tc.n-1].ID, tc.first, tc.last)
		}
	}
}

func TestBrowseRefusesBadQueries(t *testing.T) {
	s, b := browseWorld(t)
	for _, tc := range []struct {
		q     BrowseQuery
		param string
	}{
		{BrowseQuery{Status: "gone"}, "status"},
		{BrowseQuery{Sort: "prompt"}, "sort"},
		{BrowseQuery{Type: "essay"}, "type"},
		{BrowseQuery{Page: MaxBrowsePage + 1}, "page"},
		{BrowseQuery{Page: -1}, "page"},
		{BrowseQuery{Text: strings.Repeat("x", MaxBrowseText+1)}, "q"},
	} {
		tc.q.BankID = b.ID
		_, err := s.BrowseQuestions(context.Background(), tc.q)
		var be *BrowseError
		if !errors.As(err, &be) || be.Param != tc.param {
			t.Errorf("%+v: %v, want an error about %s", tc.q, err, tc.param)
		}
	}
}

// BenchmarkBrowse browses a bank of questions.DefaultMaxQuestions with
// 20 students' answers (200,000), sorted by facility (the costliest: every
// question's figures).
func BenchmarkBrowse(b *testing.B) {
	ctx := context.Background()
	s, err := Open(ctx, Config{Path: b.TempDir() + "/browse.db"})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	owner, _ := s.CreateUser(ctx, "owner", "-", Instructor)
	res, err := s.UpsertBank(ctx, smallBank("bench", questions.DefaultMaxQuestions), BankOptions{OwnerID: &owner.ID})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.SeedReport(ctx, res.Bank.ID, owner.ID, 20, time.Now().UTC()); err != nil {
		b.Fatal(err)
	}
	// One answer to every card, right when its last rating was not Again.
	err = s.write(ctx, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO reviews (user_id, bank_id, question_id, card_id, rating, reviewed_at)
			SELECT user_id, bank_id, question_id, id, last_rating, updated_at FROM cards WHERE bank_id = ?`, res.Bank.ID).Error
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := s.BrowseQuestions(ctx, BrowseQuery{BankID: res.Bank.ID, Sort: SortFacility, Text: "question"}); err != nil {
			b.Fatal(err)
		}
	}
}
