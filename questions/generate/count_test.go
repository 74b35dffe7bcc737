package generate_test

import (
	"strings"
	"testing"

	"quizd/questions"
	"quizd/questions/facts"
	"quizd/questions/generate"
)

// TestStatedCountWinsOverTheList asks for the number of members the source
// states, and not for the list of all members when the sheet names fewer.
func TestStatedCountWinsOverTheList(t *testing.T) {
	sheet := func(count int) *facts.Sheet {
		return &facts.Sheet{Title: "Cyclone Authority", Membership: facts.Membership{
			Organisation: "Indian Ocean Cyclone Authority", Abbreviation: "ICA", Count: count,
			Members: []facts.Country{{Name: "India"}, {Name: "Sri Lanka"}, {Name: "Bangladesh"}},
		}}
	}
	for _, tc := range []struct {
		count     int
		want      string
		listAsked bool
	}{{0, "3", true}, {3, "3", true}, {11, "11", false}} {
		b, err := generate.Bank(sheet(tc.count))
		if err != nil {
			t.Fatal(err)
		}
		var answer string
		list := false
		for _, q := range b.Questions {
			if strings.HasPrefix(q.Prompt, "How many member countries") {
				answer = q.Answer
			}
			if q.Type == questions.Flashcard && strings.HasPrefix(q.Prompt, "Name the") {
				list = true
			}
		}
		if answer != tc.want || list != tc.listAsked {
			t.Errorf("count %d: the count question answers %q and the list is asked %v; want %q and %v", tc.count, answer, list, tc.want, tc.listAsked)
		}
	}
	if _, err := facts.Parse([]byte("title: T\nmembership:\n  organisation: O\n  count: 2\n  members: [{name: India}, {name: Nepal}, {name: Bhutan}]\n")); err == nil || !strings.Contains(err.Error(), "fewer than the 3 members") {
		t.Errorf("a count below the members listed: err %v", err)
	}
}
