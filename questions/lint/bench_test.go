package lint

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"quizd/questions"
)

// bigBank makes a bank of n questions from a few templates, the way a
// generator would: many prompts share most of their words, which is the
// hard case for the near-duplicate search.
func bigBank(n int) *questions.Bank {
	r := rand.New(rand.NewPCG(1, 2))
	countries := []string{"Russia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Armenia", "China", "Syria", "Ukraine", "Georgia"}
	pick := func() string { return countries[r.IntN(len(countries))] }
	qs := make([]questions.Question, n)
	for i := range qs {
		id := fmt.Sprintf("q%d", i)
		switch i % 4 {
		case 0:
			qs[i] = mc(id, fmt.Sprintf("Which of these countries signed agreement number %d on the %s border?", i, pick()), "Russia", "Russia", "Belarus", "Georgia", "Ukraine")
		case 1:
			qs[i] = tf(id, fmt.Sprintf("%s signed agreement number %d with %s in %d.", pick(), i, pick(), 1990+r.IntN(35)), "true")
		case 2:
			qs[i] = cloze(id, fmt.Sprintf("Agreement number %d was signed in _____ by %s.", i, pick()), "1992")
		default:
			qs[i] = explained(short(id, fmt.Sprintf("Who signed agreement number %d on the %s border?", i, pick()), pick()), "The agreement settled the border.")
		}
	}
	return &questions.Bank{Slug: "big", Title: "Big", Questions: qs}
}

func BenchmarkBank10k(b *testing.B) {
	bank := bigBank(10_000)
	var n int
	for b.Loop() {
		n = len(Bank(bank))
	}
	b.ReportMetric(float64(n), "findings")
}

// BenchmarkBankSameTemplate is the worst case the bounds are for: 10,000
// prompts of one template, a number apart.
func BenchmarkBankSameTemplate(b *testing.B) {
	qs := make([]questions.Question, 10_000)
	for i := range qs {
		qs[i] = short(fmt.Sprintf("q%d", i), fmt.Sprintf("What did the article say in paragraph %d about the collective security treaty?", i), "x")
	}
	bank := &questions.Bank{Slug: "same", Title: "Same", Questions: qs}
	for b.Loop() {
		Bank(bank)
	}
}
