package generate_test

import (
	"testing"

	"quizd/questions"
	"quizd/questions/generate"
	"quizd/questions/seed"
)

func BenchmarkBundledBank(b *testing.B) {
	s, err := seed.Sheet()
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		bank, err := generate.Bank(s)
		if err != nil {
			b.Fatal(err)
		}
		n = len(bank.Questions)
	}
	b.ReportMetric(float64(n), "questions")
}

func BenchmarkGradeEveryQuestion(b *testing.B) {
	bank, err := seed.Bank()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for i := range bank.Questions {
			q := &bank.Questions[i]
			resp := []string{q.Answer}
			switch q.Type {
			case questions.MultipleChoice:
				resp = q.CorrectChoices()
			case questions.Ordering:
				resp = q.Items
			case questions.Matching:
				resp = resp[:0]
				for _, p := range q.Pairs {
					resp = append(resp, p.Right)
				}
			}
			if _, err := questions.Grade(q, resp); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(bank.Questions)), "questions/op")
}
