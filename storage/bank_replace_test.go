package storage

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"quizd/questions"
	"quizd/questions/csvbank"
	"quizd/questions/srs"
)

// csvBank reads a CSV file as an upload does: without an id column, each
// question's id comes from its prompt.
func csvBank(t *testing.T, slug, data string) *questions.Bank {
	t.Helper()
	im, err := csvbank.Parse([]byte(data), csvbank.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return im.Bank("Week 1", slug)
}

const weekOne = "question,answer\nWhich member froze its participaton in 2023?,Armenia\nWhen was the CSTO founded?,1992\nWho leads the CSTO?,Russia\n"

func TestTypoFixedInAFileWithoutIDsKeepsTheQuestion(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	owner := mustUser(t, s, "teacher")
	ada := mustUser(t, s, "ada")
	v1 := csvBank(t, "week1", weekOne)
	r, err := s.CreateBank(ctx, v1, BankOptions{OwnerID: &owner.ID, Public: true})
	if err != nil {
		t.Fatal(err)
	}
	typo := v1.Questions[0].ID
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	answer(t, s, ada, r.Bank, typo, srs.Good, now)

	fixed := csvBank(t, "week1", "question,answer\nWhich member froze its participation in 2023?,Armenia\nWhen was the CSTO founded?,1992\nWho leads the CSTO?,Russia\n")
	if fixed.Questions[0].ID == typo {
		t.Fatal("the fixed file gives the question the same id: the test proves nothing")
	}
	preview, err := s.ReplaceBank(ctx, r.Bank.ID, fixed, BankOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	want := Match{ID: typo, Old: "Which member froze its participaton in 2023?", New: "Which member froze its participation in 2023?"}
	if len(preview.Matches) != 1 || preview.Matches[0] != want || preview.Updated != 1 || preview.Unchanged != 2 || preview.Created+preview.Retired != 0 {
		t.Fatalf("preview: %+v, want one change proposed as %+v", preview, want)
	}
	res, err := s.ReplaceBank(ctx, r.Bank.ID, fixed, BankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Bank.ID != r.Bank.ID || res.Bank.Slug != "week1" || res.Updated != 1 {
		t.Fatalf("replace: %+v", res)
	}
	q, err := s.Question(ctx, r.Bank.ID, typo)
	if err != nil || q.Prompt != want.New || q.Version != 2 {
		t.Fatalf("the question after the fix: %+v, %v", q, err)
	}
	rec := answer(t, s, ada, r.Bank, typo, srs.Good, now.Add(72*time.Hour))
	if rec.Before.Reps != 1 {
		t.Errorf("Ada's card has %d reps before her second answer: her progress was lost", rec.Before.Reps)
	}
}

func TestRejectedMatchIsANewQuestion(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	v1 := csvBank(t, "week1", weekOne)
	r := mustBank(t, s, v1)
	old := v1.Questions[0].ID
	fixed := csvBank(t, "week1", "question,answer\nWhich member froze its participation in 2023?,Armenia\nWhen was the CSTO founded?,1992\nWho leads the CSTO?,Russia\n")
	if _, err := s.ReplaceBank(ctx, r.ID, fixed, BankOptions{Reject: []string{"nope", old, "nope"}}); !errors.As(err, new(*UnknownMatchError)) ||
		!strings.Contains(err.Error(), `nope is not a proposed match`) {
		t.Fatalf("an unknown id to reject: %v", err)
	}
	res, err := s.ReplaceBank(ctx, r.ID, fixed, BankOptions{Reject: []string{old}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Created != 1 || res.Retired != 1 || res.Unchanged != 2 || !slices.Equal(res.Rejected, []string{old}) {
		t.Fatalf("a rejected match: %+v", res)
	}
	if _, err := s.Question(ctx, r.ID, old); !errors.Is(err, ErrNotFound) {
		t.Errorf("the rejected stored question is still studied: %v", err)
	}
	if _, err := s.Question(ctx, r.ID, fixed.Questions[0].ID); err != nil {
		t.Errorf("the uploaded question was not created: %v", err)
	}
}

func TestExactTextKeepsTheIDSilently(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	b := smallBank("ids", 2)
	r := mustBank(t, s, b)
	again := smallBank("ids", 2)
	again.Questions[0].ID, again.Questions[1].ID = "other-1", "other-2"
	again.Questions[1].Answer = "a better answer"
	res, err := s.ReplaceBank(ctx, r.ID, again, BankOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Matches) != 0 || res.Unchanged != 1 || res.Updated != 1 || res.Created+res.Retired != 0 {
		t.Fatalf("exact matches: %+v", res)
	}
	if q, err := s.Question(ctx, r.ID, "q2"); err != nil || q.Answer != "a better answer" {
		t.Errorf("q2 after the upload: %+v %v", q, err)
	}
}

func TestCreateBankNeverReplaces(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	var slugs []string
	for range 3 {
		r, err := s.CreateBank(ctx, smallBank("week1", 2), BankOptions{Public: true})
		if err != nil {
			t.Fatal(err)
		}
		slugs = append(slugs, r.Bank.Slug)
	}
	if !slices.Equal(slugs, []string{"week1", "week1-2", "week1-3"}) {
		t.Errorf("slugs %v", slugs)
	}
	dry, err := s.CreateBank(ctx, smallBank("week1", 2), BankOptions{DryRun: true})
	if err != nil || !dry.BankCreated || dry.Bank.Slug != "week1-4" {
		t.Errorf("dry run: %+v %v", dry, err)
	}
}

func TestReplaceBankChecksTheBankAndItsOwner(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	owner := mustUser(t, s, "teacher")
	other := mustUser(t, s, "other")
	other.Role = Instructor
	owner.Role = Instructor
	r, err := s.CreateBank(ctx, smallBank("mine", 2), BankOptions{OwnerID: &owner.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplaceBank(ctx, r.Bank.ID+100, smallBank("mine", 2), BankOptions{Actor: owner}); !errors.Is(err, ErrNotFound) {
		t.Errorf("a missing bank: %v", err)
	}
	if _, err := s.ReplaceBank(ctx, r.Bank.ID, smallBank("mine", 1), BankOptions{Actor: other}); !errors.Is(err, ErrForbidden) {
		t.Errorf("another instructor: %v", err)
	}
	if res, err := s.ReplaceBank(ctx, r.Bank.ID, smallBank("renamed", 1), BankOptions{Actor: owner}); err != nil || res.Retired != 1 || res.Bank.Slug != "mine" {
		t.Errorf("the owner: %+v %v", res, err)
	}
}

func TestBundledVersionKeepsAdminEdits(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	admin := mustUser(t, s, "root")
	bundled := func(n int, answer string) *questions.Bank {
		b := smallBank("bundled", n)
		for i := range b.Questions {
			b.Questions[i].Answer = answer
		}
		b.Stamp()
		return b
	}
	r, err := s.UpsertBank(ctx, bundled(3, "v1"), BankOptions{Public: true, Builtin: true, KeepEdited: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.EditQuestion(ctx, QuestionEdit{BankID: r.Bank.ID, QID: "q1", AuthorID: &admin.ID,
		Change: func(q *questions.Question) error { q.Answer = "fixed by an admin"; return nil }}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EditQuestion(ctx, QuestionEdit{BankID: r.Bank.ID, QID: "q3", AuthorID: &admin.ID,
		Change: func(q *questions.Question) error { q.Explanation = "an admin's note"; return nil }}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RenameBank(ctx, r.Bank.ID, "Renamed by an admin"); err != nil {
		t.Fatal(err)
	}
	// The next bundled version changes every answer and drops q3.
	res, err := s.UpsertBank(ctx, bundled(2, "v2"), BankOptions{Public: true, Builtin: true, KeepEdited: true})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(res.Kept, []string{"q1", "q3"}) || res.Updated != 1 || res.Retired != 0 {
		t.Fatalf("the new bundled version: %+v, want q1 and q3 kept", res)
	}
	if b, _ := s.BankByID(ctx, r.Bank.ID); b == nil || b.Title != "Renamed by an admin" {
		t.Errorf("the admin's title was not kept: %+v", b)
	}
	if q, _ := s.Question(ctx, r.Bank.ID, "q1"); q == nil || q.Answer != "fixed by an admin" {
		t.Errorf("q1 was overwritten: %+v", q)
	}
	if q, _ := s.Question(ctx, r.Bank.ID, "q2"); q == nil || q.Answer != "v2" {
		t.Errorf("q2 was not updated: %+v", q)
	}
	if q, _ := s.Question(ctx, r.Bank.ID, "q3"); q == nil || q.Explanation != "an admin's note" {
		t.Errorf("q3 was retired or overwritten: %+v", q)
	}
	kept, err := s.KeptEdits(ctx, r.Bank.ID)
	if err != nil || len(kept) != 2 || kept[0].ID != "q1" || kept[0].EditedBy != "root" || kept[1].ID != "q3" || kept[0].EditedAt.IsZero() {
		t.Errorf("KeptEdits: %+v %v", kept, err)
	}
}
