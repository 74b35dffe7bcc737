// Package seed holds the bundled course: the fact sheet written for the
// article on the CSTO, embedded in the binary, and the bank generated from it.
package seed

import (
	_ "embed"
	"fmt"

	"quizd/questions"
	"quizd/questions/facts"
	"quizd/questions/generate"
)

//go:embed csto.yaml
var cstoSheet []byte

// SheetYAML returns the bundled fact sheet as written.
func SheetYAML() []byte { return cstoSheet }

// Sheet parses the bundled fact sheet.
func Sheet() (*facts.Sheet, error) {
	s, err := facts.Parse(cstoSheet)
	if err != nil {
		return nil, fmt.Errorf("seed: the bundled fact sheet: %w", err)
	}
	return s, nil
}

// Bank generates the bundled default bank.
func Bank() (*questions.Bank, error) {
	s, err := Sheet()
	if err != nil {
		return nil, err
	}
	return generate.Bank(s)
}
