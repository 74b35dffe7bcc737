package facts

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"quizd/questions"
)

const validSheet = `title: The Northern Rivers Compact
source:
  title: The Northern Rivers Compact
  author: A. Writer
membership:
  organisation: Northern Rivers Compact
  abbreviation: NRC
  founded: 2003-05
  members:
    - name: Avalon
    - name: Brenland
  departed:
    - name: Brenland
      status: frozen
  non_members:
    - name: Corvia
      reason: left the talks in 2001
dates:
  - event: The compact was signed
    date: 2003-05-14
  - event: The first summit took place
    date: 4 June 2004
charter:
  articles:
    - number: 5
      subject: water sharing
      provides: shares the rivers' water by season
      points: ["Water is shared by [[season]]."]
reactions:
  - who: Corvia
    to: the compact
    stance: Condemn
    gist: called the compact unfair
people:
  - name: Ada Lind
    role: Secretary-General of the NRC
notes:
  - topic: membership
    question: Where is the secretariat?
    answer: Avalon City
    distractors: [Brenford]
`

func TestParseValidSheet(t *testing.T) {
	s, err := Parse([]byte(validSheet))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if s.Slug != "the-northern-rivers-compact" {
		t.Errorf("slug = %q, want one derived from the title", s.Slug)
	}
	if f := s.Membership.Founded; f == nil || f.Precision != questions.Month || f.Year != 2003 || f.Month != time.May {
		t.Errorf("founded = %+v, want May 2003", f)
	}
	if d := s.Dates[1].Date; d.Precision != questions.Day || d.String() != "4 June 2004" {
		t.Errorf("date in words = %v (%v)", d, d.Precision)
	}
	if s.Reactions[0].Stance != Condemn {
		t.Errorf("stance = %q, want condemn (case folded)", s.Reactions[0].Stance)
	}
	want := map[string]int{"membership": 6, "dates": 2, "charter": 1, "reactions": 2}
	for topic, n := range want {
		if got := s.Count()[topic]; got != n {
			t.Errorf("Count()[%s] = %d, want %d", topic, got, n)
		}
	}
}

func TestParseBundledSheetExample(t *testing.T) {
	data, err := os.ReadFile("testdata/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(data); err != nil {
		t.Fatalf("Parse(testdata/minimal.yaml): %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		sheet    string
		wantLine int
		wantMsg  string
	}{
		{"empty", "", 0, "the fact sheet is empty"},
		{"not a mapping", "- a\n- b\n", 1, "a fact sheet is a mapping"},
		{"unknown topic", "title: T\nweather:\n  - rain\n", 2, `unknown topic "weather"`},
		{"unknown field", "title: T\ndates:\n  - event: E\n    date: 2020\n    when: now\n", 5, `unknown field "when" in datefact`},
		{"malformed date", "title: T\ndates:\n  - event: E\n    date: 2024-13-01\n", 4, "month 13 is out of range"},
		{"impossible day", "title: T\ndates:\n  - event: E\n    date: 2023-02-29\n", 4, "February 2023 has no day 29"},
		{"date in no known form", "title: T\ndates:\n  - event: E\n    date: last spring\n", 4, "write it as YYYY-MM-DD"},
		{"missing date", "title: T\ndates:\n  - event: E\n", 3, `date of "E" is missing`},
		{"unknown stance", "title: T\nreactions:\n  - who: X\n    to: Y\n    gist: Z\n    stance: angry\n", 6, `unknown stance "angry"`},
		{"stance not among the sheet's", "title: T\nstances:\n  - {key: for, label: backed it}\n  - {key: against, label: opposed it}\nreactions:\n  - who: X\n    to: Y\n    gist: Z\n    stance: support\n", 9, `unknown stance "support" (known: for, against)`},
		{"stance that is no key", "title: T\nreactions:\n  - who: X\n    gist: Z\n    stance: Very Angry\n", 5, `unknown stance "Very Angry"`},
		{"one stance of its own", "title: T\nstances:\n  - {key: for, label: backed it}\nreactions:\n  - {who: X, gist: Z, stance: for}\n", 3, "at least two categories"},
		{"stance without a label", "title: T\nstances:\n  - {key: for}\n  - {key: against, label: opposed it}\nreactions:\n  - {who: X, gist: Z, stance: for}\n", 3, "label is missing"},
		{"claim without an answer", "title: T\nclaims:\n  - topic: reactions\n    question: Why?\n", 3, "claim: answer is missing"},
		{"claim without a topic", "title: T\nclaims:\n  - question: Why?\n    answer: Because.\n", 3, "claim: topic is missing"},
		{"negative weight", "title: T\nnotes:\n  - topic: dates\n    question: Q\n    answer: A\n    weight: -1\n", 6, "weight -1"},
		{"office not in the role", "title: T\npeople:\n  - name: A\n    role: President of X\n    office: King\n", 5, `office "King" is not part of the role`},
		{"unknown note topic", "title: T\nnotes:\n  - topic: weather\n    question: Q\n    answer: A\n", 3, `unknown topic "weather"`},
		{"distractor is the answer", "title: T\nnotes:\n  - topic: dates\n    question: Q\n    answer: Six\n    distractors: [6, 7]\n", 6, `distractor "6" is also a right answer`},
		{"no title", "dates:\n  - event: E\n    date: 2020\n", 1, "title is missing"},
		{"no facts", "title: T\n", 1, "the sheet has no facts"},
		{"duplicate member", "title: T\nmembership:\n  organisation: O\n  members:\n    - name: A\n    - name: a\n", 6, "a is listed twice"},
		{"left member still listed", "title: T\nmembership:\n  organisation: O\n  members:\n    - name: A\n  departed:\n    - name: A\n      status: left\n", 7, "A is listed twice"},
		{"member without organisation", "title: T\nmembership:\n  members:\n    - name: A\n", 3, "organisation is missing"},
		{"duplicate article", "title: T\ncharter:\n  articles:\n    - {number: 3, subject: s, provides: p}\n    - {number: 3, subject: s, provides: p}\n", 5, "article 3 is listed twice"},
		{"unclosed term", "title: T\ncharter:\n  articles:\n    - number: 3\n      subject: s\n      provides: p\n      points: [\"a [[b\"]\n", 7, "marker is not closed"},
		{"wrong type", "title: T\ndates: 5\n", 2, "cannot unmarshal"},
		{"syntax error", "title: T\ndates:\n  - event: [\n", 3, "did not find expected"},
		{"bad slug", "slug: Not A Slug\ntitle: T\ndates:\n  - {event: E, date: 2020}\n", 1, "use lower-case letters"},
		{"not UTF-8", "title: T\nsource:\n  title: \xff\xfe\n", 3, "not UTF-8"},
		{"binary", "title: T\x00\n", 1, "binary"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse([]byte(tc.sheet))
			if err == nil {
				t.Fatalf("Parse = %+v, want an error", s)
			}
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %v is not facts.Errors", err)
			}
			for _, e := range es {
				if e.Line == tc.wantLine && strings.Contains(e.Msg, tc.wantMsg) {
					return
				}
			}
			t.Errorf("errors = %q, want line %d: %q", es.Error(), tc.wantLine, tc.wantMsg)
		})
	}
}

func TestParseReportsEveryError(t *testing.T) {
	sheet := "title: T\ndates:\n  - event: A\n    date: 2024-13\n  - event: B\n    date: 2024-02-30\nmembership:\n  organisation: O\n  departed:\n    - {name: X, status: vanished}\n"
	_, err := Parse([]byte(sheet))
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("error = %v", err)
	}
	lines := []int{}
	for _, e := range es {
		lines = append(lines, e.Line)
	}
	if len(es) != 3 || lines[0] != 4 || lines[1] != 6 || lines[2] != 10 {
		t.Errorf("errors at lines %v, want 4, 6, 10: %v", lines, es)
	}
}

func TestReactionWithoutStanceIsFine(t *testing.T) {
	s, err := Parse([]byte("title: T\nreactions:\n  - who: X\n    to: Y\n    gist: said nothing\n"))
	if err != nil {
		t.Fatal(err)
	}
	if s.Reactions[0].Stance != "" {
		t.Errorf("stance = %q, want none", s.Reactions[0].Stance)
	}
}

func TestBuiltInCategoriesJoinNeutralAndEvasive(t *testing.T) {
	s := &Sheet{}
	if s.Category(Evasive) != s.Category(Neutral) {
		t.Errorf("evasive and neutral are categories %q and %q, want one", s.Category(Evasive), s.Category(Neutral))
	}
	if len(s.Categories()) != 3 {
		t.Errorf("%d built-in categories, want 3", len(s.Categories()))
	}
	own := &Sheet{Stances: []StanceDef{{Key: "for", Label: "backed it"}, {Key: "against", Label: "opposed it"}}}
	if own.Category("for") != "for" || len(own.Categories()) != 2 {
		t.Errorf("a sheet's own stances are not its categories: %v", own.Categories())
	}
}

func TestTermAlternatives(t *testing.T) {
	text := "Members prefer [[political]] means and collective [[defence|defense| ]] too."
	terms, plain := Terms(text)
	if len(terms) != 2 || terms[1] != "defence" || plain != "Members prefer political means and collective defence too." {
		t.Errorf("Terms = %q, %q", terms, plain)
	}
	if alt := TermAlternatives(text, 1); len(alt) != 1 || alt[0] != "defense" {
		t.Errorf("TermAlternatives(1) = %q, want [defense]", alt)
	}
	if alt := TermAlternatives(text, 0); alt != nil {
		t.Errorf("TermAlternatives(0) = %q, want none", alt)
	}
}

func TestTerms(t *testing.T) {
	terms, plain := Terms("Members prefer [[political]] means and [[joint]] action.")
	if len(terms) != 2 || terms[0] != "political" || terms[1] != "joint" || plain != "Members prefer political means and joint action." {
		t.Errorf("Terms = %q, %q", terms, plain)
	}
}

func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Parse(data)
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("Parse error %v is not a list of facts.Errors", err)
			}
			return
		}
		if s.Title == "" || s.Slug == "" {
			t.Errorf("a parsed sheet has no title or slug: %+v", s)
		}
	})
}
