package storage

import (
	"regexp"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm/schema"
)

// TestAnswerStatementsMatchTheRows checks that the answer's statements in
// plain SQL name the columns of cardRow and reviewRow, all of them but
// the id and in the order of their fields, which is the order their
// arguments are given in (study_hot.go).
func TestAnswerStatementsMatchTheRows(t *testing.T) {
	columns := func(model any) []string {
		s, err := schema.Parse(model, &sync.Map{}, schema.NamingStrategy{})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range s.Fields {
			if f.DBName != "" && f.DBName != "id" {
				out = append(out, f.DBName)
			}
		}
		return out
	}
	listed := func(stmt string) []string {
		m := regexp.MustCompile(`\(([a-z_, ]+)\) VALUES`).FindStringSubmatch(stmt)
		if m == nil {
			t.Fatalf("no column list in %s", stmt)
		}
		return strings.Split(m[1], ", ")
	}
	for _, tc := range []struct {
		name  string
		model any
		stmt  string
	}{{"cards", &cardRow{}, insertCardSQL}, {"reviews", &reviewRow{}, insertReviewSQL}} {
		want, got := columns(tc.model), listed(tc.stmt)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: the statement lists\n%v\nthe row has\n%v", tc.name, got, want)
		}
		if n := strings.Count(tc.stmt, "?"); n != len(want) {
			t.Errorf("%s: %d placeholders for %d columns", tc.name, n, len(want))
		}
	}
	// The update sets every state column, then names the card, its reps
	// and its question.
	set := regexp.MustCompile(`([a-z_]+) = \?`).FindAllStringSubmatch(strings.Split(updateCardSQL, " WHERE ")[0], -1)
	var got []string
	for _, m := range set {
		got = append(got, m[1])
	}
	want := append(strings.Split(cardStateColumns, ", "), "last_rating", "leech", "updated_at")
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("the update sets\n%v\nnot\n%v", got, want)
	}
}
