package storage

import (
	"context"
	"errors"
	"testing"

	"quizd/questions"
	"quizd/questions/srs"
)

func TestEditQuestionKeepsIdentityAndProgress(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	u := mustUser(t, s, "ann")
	ed := mustUser(t, s, "teacher")
	b := mustBank(t, s, smallBank("edit", 3))
	first := answer(t, s, u, b, "q1", srs.Good, t0)
	if v := reviewVersion(t, s, first.ReviewID); v != 1 {
		t.Fatalf("an answer to a new question records version %d, want 1", v)
	}

	fix := func(q *questions.Question) error { q.Prompt = "Question one, fixed?"; return nil }
	got, err := s.EditQuestion(ctx, QuestionEdit{BankID: b.ID, QID: "q1", BaseVersion: 1, AuthorID: &ed.ID, Change: fix})
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "q1" || got.Version != 2 || got.Prompt != "Question one, fixed?" || got.EditedBy == nil || *got.EditedBy != ed.ID {
		t.Fatalf("after the edit: %+v", got)
	}
	st, err := s.CardState(ctx, u.ID, b.ID, "q1")
	if err != nil || st == nil || st.After.Reps != 1 {
		t.Fatalf("the student's card after the edit: %+v, %v; want 1 rep kept", st, err)
	}
	second := answer(t, s, u, b, "q1", srs.Good, t0.Add(48*3600e9))
	if v := reviewVersion(t, s, second.ReviewID); v != 2 {
		t.Errorf("an answer after the edit records version %d, want 2", v)
	}

	// An edit made on version 1 now is stale, and saves nothing.
	_, err = s.EditQuestion(ctx, QuestionEdit{BankID: b.ID, QID: "q1", BaseVersion: 1, AuthorID: &ed.ID,
		Change: func(q *questions.Question) error { q.Answer = "lost"; return nil }})
	var stale *StaleError
	if !errors.As(err, &stale) || !errors.Is(err, ErrConflict) || stale.Current.Version != 2 || stale.Current.Answer != "answer 1" {
		t.Fatalf("a stale edit: %v, want a StaleError with version 2", err)
	}

	// An invalid edit saves nothing and says which field is wrong.
	_, err = s.EditQuestion(ctx, QuestionEdit{BankID: b.ID, QID: "q1", BaseVersion: 2,
		Change: func(q *questions.Question) error { q.Prompt = " "; return nil }})
	var p questions.Problem
	if !errors.As(err, &p) || p.Field != "prompt" {
		t.Fatalf("an empty prompt: %v, want a problem with field prompt", err)
	}

	vs, err := s.QuestionVersions(ctx, b.ID, "q1")
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Version != 2 || vs[0].Author != "teacher" || vs[0].Reason != ReasonEdit ||
		vs[1].Version != 1 || vs[1].Question.Prompt != "Question 1?" || vs[1].Reason != ReasonCreated {
		t.Fatalf("versions: %+v", vs)
	}
	// Each answer counts for the version it was given on.
	if vs[0].Answers != 1 || vs[1].Answers != 1 {
		t.Errorf("answers per version: v2 %d, v1 %d; want 1 and 1", vs[0].Answers, vs[1].Answers)
	}
	back, err := s.RestoreVersion(ctx, b.ID, "q1", 1, 2, &ed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if back.Version != 3 || back.Prompt != "Question 1?" {
		t.Errorf("restored: version %d prompt %q, want version 3 with the first prompt", back.Version, back.Prompt)
	}
}

func TestUploadWritesVersionsOnlyForChanges(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	b := smallBank("up", 2)
	bank := mustBank(t, s, b)
	b.Questions[1].Answer = "answer two"
	b.Stamp()
	mustBank(t, s, b)
	for qid, want := range map[string]int{"q1": 1, "q2": 2} {
		vs, err := s.QuestionVersions(ctx, bank.ID, qid)
		if err != nil {
			t.Fatal(err)
		}
		if len(vs) != want || vs[0].Version != want {
			t.Errorf("%s has %d versions (newest %d), want %d", qid, len(vs), vs[0].Version, want)
		}
	}
	if vs, _ := s.QuestionVersions(ctx, bank.ID, "q2"); vs[0].Reason != ReasonUpload {
		t.Errorf("the upload's version has reason %q, want %q", vs[0].Reason, ReasonUpload)
	}
}

func TestAddAndRetireQuestion(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	bank := mustBank(t, s, smallBank("add", 1))
	q := questions.Question{Topic: "t", Type: questions.TrueFalse, Prompt: "Is this new?", Answer: "true"}
	got, err := s.AddQuestion(ctx, bank.ID, q, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID == "" || got.Version != 1 {
		t.Fatalf("added: %+v", got)
	}
	if _, err := s.AddQuestion(ctx, bank.ID, questions.Question{ID: got.ID, Topic: "t", Type: questions.TrueFalse, Prompt: "Other?", Answer: "false"}, nil); !errors.Is(err, ErrExists) {
		t.Errorf("adding an id the bank has: %v, want ErrExists", err)
	}
	if _, err := s.AddQuestion(ctx, bank.ID, questions.Question{Topic: "t", Type: questions.TrueFalse, Prompt: "Bad?", Answer: "maybe"}, nil); err == nil {
		t.Error("an invalid question was added")
	}
	if _, err := s.SetRetired(ctx, bank.ID, got.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Question(ctx, bank.ID, got.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("a retired question is still studied: %v", err)
	}
	if r, err := s.StoredQuestionOf(ctx, bank.ID, got.ID); err != nil || !r.Retired {
		t.Errorf("the retired question: %+v, %v", r, err)
	}
}

func reviewVersion(t *testing.T, s *Store, id uint) int {
	t.Helper()
	var rv reviewRow
	if err := s.read(context.Background()).Take(&rv, id).Error; err != nil {
		t.Fatal(err)
	}
	return rv.QuestionVersion
}

// Rolling back 0015 keeps every bank, question, card and review, and
// migrating up again gives each question its first version.
func TestMigrateQuestionVersions(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	u := mustUser(t, s, "ann")
	b := mustBank(t, s, smallBank("mig", 2))
	answer(t, s, u, b, "q1", srs.Good, t0)
	if err := s.migrator(ctx).RollbackTo("0014_holds_practice"); err != nil {
		t.Fatalf("roll back to 0014: %v", err)
	}
	count := func(table string) int64 {
		var n int64
		s.read(ctx).Table(table).Count(&n)
		return n
	}
	if q, c, r := count("questions"), count("cards"), count("reviews"); q != 2 || c != 1 || r != 1 {
		t.Fatalf("after rolling back: %d questions, %d cards, %d reviews; want 2, 1, 1", q, c, r)
	}
	if err := s.migrate(ctx, ""); err != nil {
		t.Fatal(err)
	}
	vs, err := s.QuestionVersions(ctx, b.ID, "q2")
	if err != nil || len(vs) != 1 || vs[0].Version != 1 || vs[0].Question.Prompt != "Question 2?" {
		t.Errorf("after migrating up again: %+v, %v", vs, err)
	}
}
