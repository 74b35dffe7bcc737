package assign

import (
	"errors"
	"testing"
	"time"

	"quizd/questions/srs"
)

var (
	monday = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	day    = 24 * time.Hour
)

func at(d time.Duration) time.Time { return monday.Add(d) }

func ptr[T any](v T) *T { return &v }

func TestStatusOf(t *testing.T) {
	due := at(10 * day)
	cases := []struct {
		name string
		a    Assignment
		p    Progress
		now  time.Time
		want Status
	}{
		{"nothing_seen_at_the_start_is_on_track", Assignment{AssignedAt: monday, DueAt: &due}, Progress{Total: 10}, monday, OnTrack},
		{"half_the_time_half_seen_is_on_track", Assignment{AssignedAt: monday, DueAt: &due}, Progress{Total: 10, Seen: 5}, at(5 * day), OnTrack},
		{"half_the_time_four_of_ten_is_behind", Assignment{AssignedAt: monday, DueAt: &due}, Progress{Total: 10, Seen: 4}, at(5 * day), Behind},
		{"an_hour_in_nothing_is_asked_yet", Assignment{AssignedAt: monday, DueAt: &due}, Progress{Total: 10}, at(time.Hour), OnTrack},
		{"a_tenth_of_the_time_asks_for_a_tenth", Assignment{AssignedAt: monday, DueAt: &due}, Progress{Total: 10}, at(day), Behind},
		{"every_question_seen_is_complete_before_the_due_date", Assignment{AssignedAt: monday, DueAt: &due}, Progress{Total: 10, Seen: 10}, at(day), Complete},
		{"complete_after_the_due_date_stays_complete", Assignment{AssignedAt: monday, DueAt: &due}, Progress{Total: 10, Seen: 10}, at(20 * day), Complete},
		{"short_of_the_goal_at_the_due_date_is_overdue", Assignment{AssignedAt: monday, DueAt: &due}, Progress{Total: 10, Seen: 9}, due, Overdue},
		{"no_due_date", Assignment{AssignedAt: monday}, Progress{Total: 10, Seen: 3}, at(5 * day), NoDueDate},
		{"mastered_target_counts_mastered_not_seen", Assignment{AssignedAt: monday, DueAt: &due, TargetMastered: 4}, Progress{Total: 10, Seen: 10, Mastered: 1}, at(5 * day), Behind},
		{"mastered_target_half_way", Assignment{AssignedAt: monday, DueAt: &due, TargetMastered: 4}, Progress{Total: 10, Seen: 3, Mastered: 2}, at(5 * day), OnTrack},
		{"mastered_target_reached", Assignment{AssignedAt: monday, DueAt: &due, TargetMastered: 4}, Progress{Total: 10, Mastered: 4}, at(5 * day), Complete},
		{"target_above_the_bank_asks_for_the_bank", Assignment{AssignedAt: monday, DueAt: &due, TargetMastered: 50}, Progress{Total: 3, Mastered: 3}, at(day), Complete},
		{"due_before_assigned_asks_for_all_at_once", Assignment{AssignedAt: due, DueAt: &monday}, Progress{Total: 10, Seen: 2}, at(-day), Behind},
		{"an_empty_bank_is_complete", Assignment{AssignedAt: monday, DueAt: &due}, Progress{}, at(day), Complete},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := StatusOf(tc.a, tc.p, tc.now); got != tc.want {
				t.Errorf("StatusOf = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestDaysLeft(t *testing.T) {
	cases := []struct {
		name string
		due  time.Time
		want int
	}{
		{"due_at_the_end_of_today", at(day), 1},
		{"due_this_afternoon", at(15 * time.Hour), 1},
		{"due_at_the_end_of_tomorrow", at(2 * day), 2},
		{"due_tomorrow_morning", at(day + time.Hour), 2},
		{"due_at_the_day_start_is_past", monday, 0},
		{"due_yesterday", at(-day), 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := DaysLeft(monday, tc.due); got != tc.want {
				t.Errorf("DaysLeft = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestNewLimit(t *testing.T) {
	cases := []struct {
		name         string
		setting      int
		deadlines    []Deadline
		unseen, seen int
		want         int
		raised       bool
	}{
		{"no_deadline_keeps_the_setting", 20, nil, 300, 0, 20, false},
		{"a_far_deadline_keeps_the_setting", 20, []Deadline{{DueAt: at(30 * day)}}, 300, 0, 20, false},
		{"a_near_deadline_spreads_the_rest_over_the_days_left", 20, []Deadline{{DueAt: at(5 * day)}}, 300, 0, 60, true},
		{"rounds_up", 20, []Deadline{{DueAt: at(3 * day)}}, 100, 0, 34, true},
		{"capped_at_max", 20, []Deadline{{DueAt: at(day)}}, 300, 0, MaxNewPerDay, true},
		{"a_setting_above_the_cap_stays", 150, []Deadline{{DueAt: at(day)}}, 300, 0, 150, false},
		{"a_past_deadline_raises_nothing", 20, []Deadline{{DueAt: at(-day)}}, 300, 0, 20, false},
		{"a_mastered_target_needs_only_its_number_seen", 5, []Deadline{{DueAt: at(2 * day), TargetMastered: 50}}, 100, 20, 15, true},
		{"a_mastered_target_already_seen_needs_nothing", 5, []Deadline{{DueAt: at(2 * day), TargetMastered: 10}}, 100, 20, 5, false},
		{"the_most_demanding_deadline_wins", 10, []Deadline{{DueAt: at(10 * day)}, {DueAt: at(2 * day)}}, 60, 0, 30, true},
		{"a_setting_of_zero_is_raised_too", 0, []Deadline{{DueAt: at(4 * day)}}, 8, 0, 2, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, raised := NewLimit(tc.setting, tc.deadlines, tc.unseen, tc.seen, monday)
			if got != tc.want || raised != tc.raised {
				t.Errorf("NewLimit = %d, %v; want %d, %v", got, raised, tc.want, tc.raised)
			}
		})
	}
}

func TestEffective(t *testing.T) {
	own := srs.Settings{DesiredRetention: 0.9, NewPerDay: 20}
	cases := []struct {
		name    string
		mine    Choice
		classes []Policy
		want    Pace
	}{
		{"nothing_said_keeps_the_students_settings", Choice{}, nil, Pace{Settings: own}},
		{"a_class_default_replaces_the_settings", Choice{}, []Policy{{NewPerDay: ptr(5)}}, Pace{Settings: srs.Settings{DesiredRetention: 0.9, NewPerDay: 5}}},
		{"the_students_choice_beats_a_default", Choice{NewPerDay: ptr(30)}, []Policy{{NewPerDay: ptr(5), DesiredRetention: ptr(0.8)}},
			Pace{Settings: srs.Settings{DesiredRetention: 0.8, NewPerDay: 30}}},
		{"a_lock_beats_the_students_choice", Choice{NewPerDay: ptr(30), DesiredRetention: ptr(0.75)}, []Policy{{NewPerDay: ptr(5), Locked: true}},
			Pace{Settings: srs.Settings{DesiredRetention: 0.75, NewPerDay: 5}, NewPerDayLocked: true}},
		{"several_locks_take_the_highest", Choice{}, []Policy{{NewPerDay: ptr(5), DesiredRetention: ptr(0.95), Locked: true}, {NewPerDay: ptr(15), DesiredRetention: ptr(0.85), Locked: true}},
			Pace{Settings: srs.Settings{DesiredRetention: 0.95, NewPerDay: 15}, NewPerDayLocked: true, RetentionLocked: true}},
		{"several_defaults_take_the_highest", Choice{}, []Policy{{NewPerDay: ptr(5)}, {NewPerDay: ptr(8)}}, Pace{Settings: srs.Settings{DesiredRetention: 0.9, NewPerDay: 8}}},
		{"a_lock_beats_a_higher_default", Choice{}, []Policy{{NewPerDay: ptr(50)}, {NewPerDay: ptr(8), Locked: true}}, Pace{Settings: srs.Settings{DesiredRetention: 0.9, NewPerDay: 8}, NewPerDayLocked: true}},
		{"a_lock_of_one_setting_leaves_the_other", Choice{DesiredRetention: ptr(0.8)}, []Policy{{NewPerDay: ptr(8), Locked: true}},
			Pace{Settings: srs.Settings{DesiredRetention: 0.8, NewPerDay: 8}, NewPerDayLocked: true}},
		{"zero_new_cards_is_a_value", Choice{}, []Policy{{NewPerDay: ptr(0)}}, Pace{Settings: srs.Settings{DesiredRetention: 0.9, NewPerDay: 0}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := Effective(own, tc.mine, tc.classes); got != tc.want {
				t.Errorf("Effective = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestPolicyValidate(t *testing.T) {
	cases := []struct {
		name  string
		p     Policy
		field string
	}{
		{"empty_is_fine", Policy{}, ""},
		{"in_range", Policy{NewPerDay: ptr(0), DesiredRetention: ptr(0.7), Locked: true}, ""},
		{"negative_new_cards", Policy{NewPerDay: ptr(-1)}, "new_per_day"},
		{"too_many_new_cards", Policy{NewPerDay: ptr(10000)}, "new_per_day"},
		{"retention_too_low", Policy{DesiredRetention: ptr(0.5)}, "desired_retention"},
		{"retention_too_high", Policy{DesiredRetention: ptr(1.0)}, "desired_retention"},
		{"lock_of_nothing", Policy{Locked: true}, "locked"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.Validate()
			var fe *FieldError
			switch {
			case tc.field == "" && err != nil:
				t.Errorf("Validate = %v, want nil", err)
			case tc.field != "" && (!errors.As(err, &fe) || fe.Field != tc.field):
				t.Errorf("Validate = %v, want an error on %s", err, tc.field)
			}
		})
	}
}

func TestParseDue(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		in   string
		want time.Time
		bad  bool
	}{
		{"a_day_is_due_at_its_end_in_the_servers_zone", "2026-03-20", time.Date(2026, 3, 20, 23, 0, 0, 0, time.UTC), false},
		{"an_rfc3339_time_is_exact", "2026-03-20T17:00:00+02:00", time.Date(2026, 3, 20, 15, 0, 0, 0, time.UTC), false},
		{"not_a_date", "next friday", time.Time{}, true},
		{"no_such_day", "2026-02-30", time.Time{}, true},
		{"empty", "", time.Time{}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseDue(tc.in, paris)
			var fe *FieldError
			if tc.bad {
				if !errors.As(err, &fe) || fe.Field != "due_at" {
					t.Errorf("ParseDue(%q) = %v, %v; want an error on due_at", tc.in, got, err)
				}
				return
			}
			if err != nil || !got.Equal(tc.want) {
				t.Errorf("ParseDue(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
}
