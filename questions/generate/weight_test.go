package generate

import (
	"os"
	"testing"

	"quizd/questions/facts"
)

func TestNoFactGivesMoreQuestionsThanItsWeight(t *testing.T) {
	// The bundled sheet, read from its file: the seed package imports this one.
	data, err := os.ReadFile("../seed/csto.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, err := facts.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	s.Notes[0].Weight = 1
	g := build(s)
	if len(g.perFact) < 40 {
		t.Fatalf("only %d facts gave questions", len(g.perFact))
	}
	for key, n := range g.perFact {
		if n > g.weights[key] {
			t.Errorf("fact %s gave %d questions, its weight is %d", key, n, g.weights[key])
		}
		if n > facts.DefaultWeight {
			t.Errorf("fact %s gave %d questions, more than the default cap %d", key, n, facts.DefaultWeight)
		}
	}
	if n := g.perFact["note/"+s.Notes[0].Key]; n != 1 {
		t.Errorf("a note of weight 1 gave %d questions", n)
	}
}
