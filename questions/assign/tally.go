package assign

import "time"

// Tally counts a class's students by where they stand in an assignment.
type Tally struct {
	Complete, OnTrack, Behind, Overdue, NoDueDate int
}

// TallyOf counts where each student stands (StatusOf) in an assignment.
func TallyOf(a Assignment, ps []Progress, now time.Time) Tally {
	var t Tally
	for _, p := range ps {
		switch StatusOf(a, p, now) {
		case Complete:
			t.Complete++
		case OnTrack:
			t.OnTrack++
		case Behind:
			t.Behind++
		case Overdue:
			t.Overdue++
		case NoDueDate:
			t.NoDueDate++
		}
	}
	return t
}
