package extract

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"quizd/questions"
	"quizd/questions/facts"
)

func date(t *testing.T, s string) facts.Date {
	t.Helper()
	ds, err := questions.ParseDate(s)
	if err != nil || len(ds) != 1 {
		t.Fatalf("date %q: %v", s, err)
	}
	return facts.Date{Date: ds[0]}
}

func countryList(names ...string) []facts.Country {
	var out []facts.Country
	for _, n := range names {
		out = append(out, facts.Country{Name: n})
	}
	return out
}

// handSheets are an expected sheet and an extraction of it with some facts
// right, some missed, some wrong and one produced twice.
func handSheets(t *testing.T) (expected, got *facts.Sheet) {
	expected = &facts.Sheet{
		Membership: facts.Membership{Organisation: "Reef League", Members: countryList("Fiji", "Samoa", "Tonga"),
			Departed: []facts.Departure{{Name: "Nauru", Status: facts.Left, When: &facts.Date{Date: date(t, "2010").Date}}}},
		Dates: []facts.DateFact{
			{Event: "The treaty was signed in Suva", Date: date(t, "12 March 2001")},
			{Event: "Tonga hosted the summit", Date: date(t, "2005")},
		},
		Charter:   facts.Charter{Articles: []facts.Article{{Number: 4, Subject: "fisheries"}}},
		Reactions: []facts.Reaction{{Who: "Australia"}},
	}
	got = &facts.Sheet{
		// Samoa right, Tonga by its adjective, Fiji missed; Vanuatu wrong;
		// Samoa again is a second fact about one member, not right.
		Membership: facts.Membership{Organisation: "Reef League", Members: []facts.Country{
			{Name: "Samoa"}, {Name: "Tongan"}, {Name: "Vanuatu"}, {Name: "Samoa"},
		}},
		Dates: []facts.DateFact{
			{Event: "the treaty", Date: date(t, "12 March 2001")},        // right
			{Event: "the summit", Date: date(t, "2006")},                 // wrong date
			{Event: "fishing quotas were agreed", Date: date(t, "2005")}, // no shared word
			{Event: "Nauru left the league", Date: date(t, "2010")},      // a departure's date
		},
		Charter: facts.Charter{Articles: []facts.Article{{Number: 4}, {Number: 4}, {Number: 9}}},
	}
	return expected, got
}

func TestEvaluateCountsRecallAndPrecision(t *testing.T) {
	expected, got := handSheets(t)
	r := Evaluate(expected, got)
	want := map[string][4]int{ // expected, found, produced, right
		"members":   {3, 2, 4, 2},
		"dates":     {2, 1, 4, 2},
		"charter":   {1, 1, 3, 1},
		"reactions": {1, 0, 0, 0},
		"departed":  {1, 0, 0, 0},
		"people":    {0, 0, 0, 0},
	}
	for name, w := range want {
		c := r.Category(name)
		if got := [4]int{c.Expected, c.Found, c.Produced, c.Right}; got != w {
			t.Errorf("%s: expected, found, produced, right = %v, want %v", name, got, w)
		}
	}
	if c := r.Category("members"); c.Precision() != 0.5 || !reflect.DeepEqual(c.Unexpected, []string{"Vanuatu", "Samoa"}) {
		t.Errorf("members: precision %.2f, unexpected %q; want 0.50 and [Vanuatu Samoa]", c.Precision(), c.Unexpected)
	}
	if c := r.Category("reactions"); c.Precision() != 1 || c.Recall() != 0 {
		t.Errorf("reactions: nothing produced should be precision 1 and recall 0, got %.2f and %.2f", c.Precision(), c.Recall())
	}
	// 4 of 8 expected found; 5 of 11 produced right.
	if r.Recall() != 4.0/8 || r.Precision() != 5.0/11 {
		t.Errorf("overall recall %.3f precision %.3f, want %.3f and %.3f", r.Recall(), r.Precision(), 4.0/8, 5.0/11)
	}
	var b strings.Builder
	r.Print(&b)
	for _, line := range []string{
		"members             3      2     67%        4      2       50%",
		"overall             8      4     50%       11      5       45%",
		"missed members: Fiji",
		"unexpected members: Vanuatu",
		"unexpected dates: the summit (2006)",
		"unexpected charter: Article 9 ()",
	} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("the table lacks %q:\n%s", line, b.String())
		}
	}
	if strings.Contains(b.String(), "junk") {
		t.Errorf("a report without a not-list prints a junk count:\n%s", b.String())
	}
}

func TestFindJunk(t *testing.T) {
	_, got := handSheets(t)
	got.Reactions = []facts.Reaction{{Who: "Article 7"}, {Who: "Australia"}}
	got.Charter.Articles[2].Subject = "whaling rights"
	got.Membership.Members = append(got.Membership.Members, facts.Country{Name: "Port Vila"})
	not, err := ParseNotList([]byte("members: [vanuatu, Port Vila, Tuvalu, Nuku'alofa]\nreactions: [article 7]\ndates: [SUMMIT]\ncharter: [Whaling]\npeople: []\n"))
	if err != nil {
		t.Fatal(err)
	}
	var r Report
	r.CheckJunk(not, got)
	want := []Junk{
		{"members", "Vanuatu", "vanuatu"},
		// The capital named as a member is junk, but the country is not
		// junk for its capital's sake, nor Tonga for Nuku'alofa's.
		{"members", "Port Vila", "Port Vila"},
		{"reactions", "Article 7", "article 7"},
		{"dates", "the summit (2006)", "SUMMIT"},
		{"charter", "Article 9 (whaling rights)", "Whaling"},
	}
	if !reflect.DeepEqual(r.Junk, want) {
		t.Errorf("junk\n%+v\nwant\n%+v", r.Junk, want)
	}
	var b strings.Builder
	r.Print(&b)
	if !strings.Contains(b.String(), "junk reactions: Article 7\n") || !strings.Contains(b.String(), "junk: 5\n") {
		t.Errorf("printed junk:\n%s", b.String())
	}
}

func TestParseNotListRefusesMistakes(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"unknown category", "members: [a]\nmembrs: [b]\n", `line 2: unknown category "membrs"`},
		{"not a list", "dates: founded\n", "line 1: dates is a list"},
		{"empty entry", "people:\n  - ''\n", "line 2: each entry of people"},
		{"not a mapping", "- a\n", "line 1: a not-list is a mapping"},
		{"bad yaml", "members: [a\n", "not-list: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseNotList([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one with %q", err, tc.want)
			}
		})
	}
	n, err := ParseNotList(nil)
	if err != nil || len(n) != 0 {
		t.Errorf("an empty not-list gives %v, %v", n, err)
	}
}

func TestCorpusPairsArticlesWithSheets(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"train/a.txt", "train/a.facts.yaml", "train/a.not.yaml", "heldout/b.md", "heldout/b.facts.yaml",
		"c.facts.yaml", "d.txt", "notes.yaml", "fuzz/x.txt", "README.md", "train/readme.txt"} {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases, err := Corpus(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range cases {
		got = append(got, c.Name+"|"+filepath.Base(c.Article)+"|"+filepath.Base(c.Not)+"|"+c.Problem)
	}
	want := []string{
		"c|.|.|" + filepath.Join(dir, "c.facts.yaml") + " has no article beside it (c.txt or c.md)",
		"d|d.txt|.|" + filepath.Join(dir, "d.txt") + " has no fact sheet beside it (d.facts.yaml)",
		"heldout/b|b.md|.|",
		"train/a|a.txt|a.not.yaml|",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("cases\n%q\nwant\n%q", got, want)
	}
	if _, err := Corpus(t.TempDir()); err == nil {
		t.Error("an empty folder is no corpus, and should be refused")
	}
	if NotListBeside(filepath.Join(dir, "train/a.facts.yaml")) != filepath.Join(dir, "train/a.not.yaml") || NotListBeside(filepath.Join(dir, "heldout/b.facts.yaml")) != "" {
		t.Error("NotListBeside finds the wrong not-list")
	}
}

// FuzzParseNotList: any input is a not-list of known categories or an
// error, never a panic.
func FuzzParseNotList(f *testing.F) {
	f.Add([]byte("members: [Vanuatu]\ndates: [summit]\n"))
	f.Add([]byte("people:\n  - ''\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := ParseNotList(data)
		if err != nil {
			return
		}
		for k, v := range n {
			if !strings.Contains(strings.Join(NotCategories, " "), k) || len(v) == 0 {
				t.Errorf("category %q with %q", k, v)
			}
		}
	})
}
