package match

import (
	"fmt"
	"testing"

	"quizd/questions"
)

func q(id string, t questions.Type, prompt string) questions.Question {
	return questions.Question{ID: id, Type: t, Prompt: prompt}
}

func TestQuestions(t *testing.T) {
	sa, fc := questions.ShortAnswer, questions.Flashcard
	stored := []Stored{
		{ID: "a", Type: sa, Prompt: "Which member froze its participation?"},
		{ID: "b", Type: sa, Prompt: "When was the CSTO founded?"},
		{ID: "c", Type: sa, Prompt: "Wich city hosts the secretariat?"},
		{ID: "d", Type: fc, Prompt: "5+5"},
		{ID: "e", Type: sa, Prompt: "Who leads it?"},
		{ID: "f", Type: sa, Prompt: "An old retired question", Retired: true},
	}
	tests := []struct {
		name     string
		incoming []questions.Question
		wantTo   []int
		wantKind []Kind
	}{
		{"an id in the file is the stored question, whatever its text",
			[]questions.Question{q("b", sa, "Something else entirely")}, []int{1}, []Kind{ByID}},
		{"the same text, differently spaced and cased, is the same question",
			[]questions.Question{q("x", sa, "  when WAS the csto founded ")}, []int{1}, []Kind{Exact}},
		{"a one-letter typo fixed is a near match",
			[]questions.Question{q("x", sa, "Which city hosts the secretariat?")}, []int{2}, []Kind{Near}},
		{"the same text of another type is not the question",
			[]questions.Question{q("x", fc, "When was the CSTO founded?")}, []int{-1}, []Kind{None}},
		{"short prompts two letters apart are different questions",
			[]questions.Question{q("x", fc, "6+6")}, []int{-1}, []Kind{None}},
		{"a new question matches nothing",
			[]questions.Question{q("x", sa, "What is the capital of Armenia?")}, []int{-1}, []Kind{None}},
		{"a retired question comes back by its text",
			[]questions.Question{q("x", sa, "An old retired question")}, []int{5}, []Kind{Exact}},
		{"each stored question matches once, the closest first",
			[]questions.Question{q("x", sa, "Which citys host the secretariat?"), q("y", sa, "Which city hosts the secretariat?")},
			[]int{-1, 2}, []Kind{None, Near}},
		{"an id match takes the question before any text match",
			[]questions.Question{q("z", sa, "Who leads it?"), q("e", sa, "Who leads it now?")}, []int{-1, 4}, []Kind{None, ByID}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Questions(stored, tc.incoming)
			for i := range tc.incoming {
				if r.To[i] != tc.wantTo[i] || r.Kind[i] != tc.wantKind[i] {
					t.Errorf("question %d: matched %d (kind %d), want %d (kind %d)", i, r.To[i], r.Kind[i], tc.wantTo[i], tc.wantKind[i])
				}
			}
		})
	}
}

func TestNearly(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"which member froze its participation", "wich member froze its participation", true},
		{"cat", "bat", true},
		{"5 5", "6 6", false},
		{"who leads it", "who led it", true},
		{"when was the csto founded", "when was nato founded", false},
		{"", "", false},
	}
	for _, tc := range tests {
		if _, got := Nearly(tc.a, tc.b); got != tc.want {
			t.Errorf("Nearly(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// TestQuestionsBounded matches a bank of 10,000 questions against an
// upload of 10,000 others of the same lengths that share no text: near
// matching stops at MaxCells rather than measuring 10^8 pairs.
func TestQuestionsBounded(t *testing.T) {
	var stored []Stored
	var incoming []questions.Question
	for i := range 10_000 {
		stored = append(stored, Stored{ID: fmt.Sprint("s", i), Type: questions.ShortAnswer, Prompt: fmt.Sprintf("stored fact %05d alpha beta", i)})
		incoming = append(incoming, q(fmt.Sprint("n", i), questions.ShortAnswer, fmt.Sprintf("uploaded q %05d gamma delt", i)))
	}
	r := Questions(stored, incoming)
	if !r.Truncated {
		t.Error("near matching measured every pair: it is not bounded")
	}
	for i, to := range r.To {
		if to >= 0 && r.Kind[i] != Near {
			t.Fatalf("question %d matched %d as %d", i, to, r.Kind[i])
		}
	}
}

func BenchmarkQuestionsTypos(b *testing.B) {
	var stored []Stored
	var incoming []questions.Question
	for i := range 10_000 {
		p := fmt.Sprintf("What does the %dth article of the charter say about members?", i)
		stored = append(stored, Stored{ID: fmt.Sprint("s", i), Type: questions.ShortAnswer, Prompt: p})
		incoming = append(incoming, q(fmt.Sprint("n", i), questions.ShortAnswer, p+" Now"))
	}
	for b.Loop() {
		Questions(stored, incoming)
	}
}
