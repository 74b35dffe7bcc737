package lint_test

import (
	"os"
	"testing"

	"quizd/questions/lint"
	"quizd/questions/seed"
)

// TestBundledBankHasNoFindings: the course every student meets first is
// linted with its fact sheet's knowledge, and with the article where it is
// beside the checkout (in CI it is), for explanations copied from it.
func TestBundledBankHasNoFindings(t *testing.T) {
	s, err := seed.Sheet()
	if err != nil {
		t.Fatal(err)
	}
	b, err := seed.Bank()
	if err != nil {
		t.Fatal(err)
	}
	opts := lint.FromSheet(s)
	if text, err := os.ReadFile("../../../shared/material/csto-article.txt"); err == nil {
		opts.Source = string(text)
	} else {
		t.Log("the article is not beside the checkout: explanations are not checked against it")
	}
	for _, f := range opts.Bank(b) {
		t.Errorf("%s", f)
	}
}
