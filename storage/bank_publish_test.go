package storage

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"quizd/questions/srs"
	"quizd/storage/testdb"
)

func TestDryRunWritesNothing(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	mustBank(t, s, smallBank("kept", 3))
	// Another process holds the write lock for the whole dry run: a dry
	// run that wrote (even to roll back) would wait for it.
	unlock := testdb.LockWrites(t, path)
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	for _, b := range []*bankCase{{"kept", 5}, {"fresh", 4}} {
		res, err := s.UpsertBank(dctx, smallBank(b.slug, b.n), BankOptions{Public: true, DryRun: true})
		if err != nil {
			t.Fatalf("dry run of %s: %v", b.slug, err)
		}
		if b.slug == "kept" && (res.Created != 2 || res.Unchanged != 3 || res.BankCreated) {
			t.Errorf("dry run of kept: %+v, want 2 created and 3 unchanged", res)
		}
		if b.slug == "fresh" && (res.Created != 4 || !res.BankCreated) {
			t.Errorf("dry run of fresh: %+v, want a new bank of 4", res)
		}
	}
	unlock()
	if _, err := s.BankBySlug(ctx, "fresh"); err == nil {
		t.Error("the dry run stored a bank")
	}
	kept, _ := s.BankBySlug(ctx, "kept")
	if kept.QuestionCount != 3 {
		t.Errorf("kept has %d questions after a dry run, want 3", kept.QuestionCount)
	}
}

type bankCase struct {
	slug string
	n    int
}

func TestAnswersCommitWhileALargeBankIsPublished(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, "student")
	small := mustBank(t, s, smallBank("small", 1))
	const n = 10000
	big := smallBank("big", n)
	var done atomic.Bool
	published := make(chan error, 1)
	go func() {
		_, err := s.UpsertBank(ctx, big, BankOptions{Public: true})
		done.Store(true)
		published <- err
	}()
	// Answer the small bank's card again and again while the big bank is
	// stored: an answer that completes while the big bank is partly
	// there committed between two of the publish's transactions.
	interleaved, answers := 0, 0
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for !done.Load() {
		at = at.Add(time.Hour)
		if _, err := s.RecordAnswer(ctx, Answer{UserID: u.ID, BankID: small.ID, QuestionID: "q1", Rating: srs.Good, Now: at, Scheduler: srs.NewScheduler(0.9)}); err != nil {
			t.Fatal(err)
		}
		answers++
		var stored int64
		if err := s.read(ctx).Raw("SELECT count(*) FROM questions q JOIN banks b ON b.id = q.bank_id WHERE b.slug = 'big'").Scan(&stored).Error; err != nil {
			t.Fatal(err)
		}
		if stored > 0 && stored < n {
			interleaved++
		}
	}
	if err := <-published; err != nil {
		t.Fatal(err)
	}
	if interleaved == 0 {
		t.Errorf("none of %d answers completed while the bank was half stored: the publish held the writer throughout", answers)
	}
	b, err := s.BankBySlug(ctx, "big")
	if err != nil || b.QuestionCount != n {
		t.Fatalf("big bank %+v, %v; want %d questions", b, err, n)
	}
	// Publishing it again changed nothing; a new version updates and
	// retires in chunks too, and ends complete.
	again, err := s.UpsertBank(ctx, big, BankOptions{Public: true})
	if err != nil || again.Unchanged != n {
		t.Fatalf("republish: %+v, %v", again, err)
	}
	next := smallBank("big", n/2)
	for i := range next.Questions {
		next.Questions[i].Prompt = fmt.Sprintf("Changed %d?", i)
	}
	next.Stamp()
	res, err := s.UpsertBank(ctx, next, BankOptions{Public: true})
	if err != nil || res.Updated != n/2 || res.Retired != n/2 {
		t.Fatalf("new version: %+v, %v; want %d updated and %d retired", res, err, n/2, n/2)
	}
	if b, _ := s.BankBySlug(ctx, "big"); b.QuestionCount != n/2 {
		t.Errorf("after the new version %d questions are studied, want %d", b.QuestionCount, n/2)
	}
}
