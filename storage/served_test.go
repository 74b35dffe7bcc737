package storage

import (
	"context"
	"testing"
	"time"
)

func TestShownAs(t *testing.T) {
	tests := []struct {
		name  string
		prev  Served
		reps  uint64
		asked string
		want  string
	}{
		{"a card never shown, as a quiz question", Served{}, 0, ModeQuiz, ModeQuiz},
		{"a card never shown, as a flashcard", Served{}, 0, ModeFlashcard, ModeFlashcard},
		{"a quiz question stays one until answered", Served{ModeQuiz, 3, false}, 3, ModeFlashcard, ModeQuiz},
		{"a revealed flashcard stays one until answered", Served{ModeFlashcard, 3, true}, 3, ModeQuiz, ModeFlashcard},
		{"a flashcard not yet revealed may become a quiz question", Served{ModeFlashcard, 3, false}, 3, ModeQuiz, ModeQuiz},
		{"the same mode again", Served{ModeQuiz, 3, false}, 3, ModeQuiz, ModeQuiz},
		{"once answered it is shown as asked", Served{ModeQuiz, 3, false}, 4, ModeFlashcard, ModeFlashcard},
		{"a new card shown as a quiz question stays one", Served{ModeQuiz, 0, false}, 0, ModeFlashcard, ModeQuiz},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ShownAs(tc.prev, tc.reps, tc.asked); got != tc.want {
				t.Errorf("ShownAs(%+v, %d, %s) = %s, want %s", tc.prev, tc.reps, tc.asked, got, tc.want)
			}
		})
	}
}

// A card's mode is in the database: another process on the same file, a
// second browser of the student, sees it.
func TestServeCardHoldsAcrossProcesses(t *testing.T) {
	s, path := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, "ada")
	b := mustBank(t, s, smallBank("b", 2))
	q, err := s.Question(ctx, b.ID, "q1")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	if got, err := s.ServeCard(ctx, u.ID, b.ID, q.RowID, 0, ModeQuiz, now); err != nil || got != ModeQuiz {
		t.Fatalf("first serving: %q, %v", got, err)
	}
	other, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if got, err := other.ServeCard(ctx, u.ID, b.ID, q.RowID, 0, ModeFlashcard, now); err != nil || got != ModeQuiz {
		t.Errorf("the same card as a flashcard from another process: %q, %v; want quiz", got, err)
	}
	if got, err := other.ServeCard(ctx, u.ID, b.ID, q.RowID, 1, ModeFlashcard, now); err != nil || got != ModeFlashcard {
		t.Errorf("once answered: %q, %v; want flashcard", got, err)
	}
	if err := s.RevealCard(ctx, u.ID, b.ID, q.RowID, 1); err != nil {
		t.Fatal(err)
	}
	if got, err := s.ServeCard(ctx, u.ID, b.ID, q.RowID, 1, ModeQuiz, now); err != nil || got != ModeFlashcard {
		t.Errorf("the revealed flashcard as a quiz question: %q, %v; want flashcard", got, err)
	}
	if _, err := s.ServeCard(ctx, u.ID, b.ID, q.RowID, 1, "exam", now); err == nil {
		t.Error("an unknown mode was accepted")
	}
}
