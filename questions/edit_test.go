package questions

import (
	"fmt"
	"testing"
)

func TestPatchChangesOnlyTheFieldsGiven(t *testing.T) {
	q := Question{ID: "q1", Topic: "t", Type: MultipleChoice, Prompt: "Pick", Answer: "A", Choices: []string{"A", "B"}, Explanation: "keep"}
	prompt, choices := "Pick one", []string{"A", "B", "C"}
	Patch{Prompt: &prompt, Choices: &choices}.Apply(&q)
	if q.Prompt != "Pick one" || len(q.Choices) != 3 || q.Explanation != "keep" || q.Answer != "A" || q.ID != "q1" {
		t.Errorf("after the patch: %+v", q)
	}
	choices[0] = "changed"
	if q.Choices[0] != "A" {
		t.Error("the patched question shares its list with the patch")
	}
	empty := []string{}
	Patch{Accept: &empty}.Apply(&q)
	if len(q.Accept) != 0 {
		t.Errorf("an empty list does not clear accept: %v", q.Accept)
	}
	if !(Patch{}).Empty() || (Patch{Prompt: &prompt}).Empty() {
		t.Error("Empty is wrong")
	}
}

func TestProblemsOfFindsEveryJoinedProblem(t *testing.T) {
	q := Question{ID: "q1", Type: MultipleChoice, Prompt: "", Answer: "Z", Choices: []string{"A"}}
	err := fmt.Errorf("storage: edit: %w", q.Validate())
	ps := ProblemsOf(err)
	fields := map[string]bool{}
	for _, p := range ps {
		fields[p.Field] = true
	}
	for _, f := range []string{"topic", "prompt", "choices", "answer"} {
		if !fields[f] {
			t.Errorf("no problem with %s among %v", f, ps)
		}
	}
	if ProblemsOf(fmt.Errorf("other")) != nil {
		t.Error("an error without problems has some")
	}
}

func TestCheckNewID(t *testing.T) {
	for _, tc := range []struct {
		id string
		ok bool
	}{{"q-1.a", true}, {"new", false}, {"a b", false}, {"a/b", false}, {string(make([]byte, 65)), false}} {
		if err := CheckNewID(tc.id); (err == nil) != tc.ok {
			t.Errorf("CheckNewID(%q) = %v", tc.id, err)
		}
	}
}

func TestMergeCarriesMyChangesOverTheirs(t *testing.T) {
	base := Question{ID: "q", Topic: "t", Type: ShortAnswer, Prompt: "Whne?", Answer: "1992", Explanation: "old"}
	theirs := base
	theirs.Prompt = "When?" // they fixed the typo
	mine := base
	mine.Explanation = "new"      // I changed the explanation
	mine.Accept = []string{"'92"} // and added an answer
	got := Merge(base, mine, theirs)
	if got.Prompt != "When?" || got.Explanation != "new" || len(got.Accept) != 1 || got.Answer != "1992" {
		t.Errorf("merged: %+v", got)
	}
	// Where both changed a field, mine wins: the editor shows it to check.
	mine.Prompt = "When, then?"
	if got := Merge(base, mine, theirs); got.Prompt != "When, then?" {
		t.Errorf("both changed the prompt: %q", got.Prompt)
	}
}
