package assign

import "testing"

func TestTallyOf(t *testing.T) {
	due := at(10 * day)
	a := Assignment{AssignedAt: monday, DueAt: &due}
	ps := []Progress{{Total: 10, Seen: 10}, {Total: 10, Seen: 5}, {Total: 10, Seen: 6}, {Total: 10, Seen: 4}, {Total: 10}}
	if got, want := TallyOf(a, ps, at(5*day)), (Tally{Complete: 1, OnTrack: 2, Behind: 2}); got != want {
		t.Errorf("half way: %+v, want %+v", got, want)
	}
	if got, want := TallyOf(a, ps, due), (Tally{Complete: 1, Overdue: 4}); got != want {
		t.Errorf("at the due date: %+v, want %+v", got, want)
	}
	if got, want := TallyOf(Assignment{AssignedAt: monday}, ps, at(day)), (Tally{Complete: 1, NoDueDate: 4}); got != want {
		t.Errorf("no due date: %+v, want %+v", got, want)
	}
}
