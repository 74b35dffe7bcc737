package lint

import (
	"regexp"
	"strings"

	"quizd/questions"
)

var (
	// Words and phrases that hedge a claim, so that it is neither plainly
	// true nor plainly false. Lower-case "may" only: "May" is a month.
	hedgeRE = regexp.MustCompile(`\b(?:may|might|could|perhaps|possibly|probably|arguably|reportedly|allegedly|supposedly|apparently|seemingly|presumably|sometimes|often|usually|generally|likely|unlikely)\b|(?i:\b(?:some|many|critics|observers|experts)\s+(?:say|said|believe|argue|think|claim|suggest)\b|\bit\s+is\s+(?:said|believed|thought|claimed|argued)\b|\bis\s+(?:thought|believed|said)\s+to\b|\baccording\s+to\s+some\b|\bin\s+some\s+(?:ways|sense|respects)\b)`)
	// A statement that reports what someone said may quote their hedge: the
	// report itself can be judged ("The press service said help could
	// come only on request").
	reportRE = regexp.MustCompile(`(?i)\b(?:said|says|stated|states|announced|warned|argued|argues|claimed|claims|wrote|writes|insisted|insists|added|noted|suggested|declared|replied|stressed|told|called)\b`)
)

// checkTrueFalse reports a statement a student cannot judge: it hedges, or
// the question gives nothing to judge it by.
func checkTrueFalse(i int, q *questions.Question, add func(int, Code, string, ...any)) {
	s := q.Prompt
	if loc := hedgeRE.FindStringIndex(s); loc != nil {
		if r := reportRE.FindStringIndex(s); r == nil || r[0] > loc[0] {
			add(i, TrueFalseHedged, "Its statement hedges with %s, so it is neither plainly true nor plainly false: state the claim outright, or say whose claim it is.", quote(s[loc[0]:loc[1]]))
		}
	}
	if strings.TrimSpace(q.SourceRef) == "" && strings.TrimSpace(q.Explanation) == "" {
		add(i, TrueFalseNoSource, "It gives neither a source nor an explanation, so nobody can check the statement: say where in the source it stands (the source column of a CSV file, or a quizd: source= comment in GIFT) or add an explanation.")
	}
}
