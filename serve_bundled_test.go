package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"quizd/questions"
	"quizd/storage"
	"quizd/storage/testdb"
)

// A question of the bundled bank that an admin edited survives the next
// start-up, which logs it as kept.
func TestBundledBankKeepsAdminEditsAtStartUp(t *testing.T) {
	ctx := context.Background()
	st, err := openStore(ctx, testdb.Path(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var log strings.Builder
	logger := slog.New(slog.NewTextHandler(&log, nil))
	if err := loadBundledBank(ctx, st, logger); err != nil {
		t.Fatal(err)
	}
	bank, _, err := bundledBank()
	if err != nil {
		t.Fatal(err)
	}
	stored, err := st.BankBySlug(ctx, bank.Slug)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := st.CreateUser(ctx, "root", "hash", storage.Admin)
	if err != nil {
		t.Fatal(err)
	}
	qid := bank.Questions[0].ID
	if _, err := st.EditQuestion(ctx, storage.QuestionEdit{BankID: stored.ID, QID: qid, AuthorID: &admin.ID,
		Change: func(q *questions.Question) error { q.Explanation = "An admin's explanation."; return nil }}); err != nil {
		t.Fatal(err)
	}
	log.Reset()
	if err := loadBundledBank(ctx, st, logger); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "questions edited by an admin kept as they are") || !strings.Contains(log.String(), "ids="+qid) {
		t.Errorf("the start-up log: %s", log.String())
	}
	q, err := st.Question(ctx, stored.ID, qid)
	if err != nil || q.Explanation != "An admin's explanation." {
		t.Errorf("the edited question after start-up: %+v %v", q, err)
	}
}
