package questions

import (
	"slices"
	"strings"
	"testing"
)

func TestSplitList(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Belarus and Kazakhstan", []string{"Belarus", "Kazakhstan"}},
		{"Belarus, Kazakhstan", []string{"Belarus", "Kazakhstan"}},
		{"Belarus & Kazakhstan; Armenia", []string{"Belarus", "Kazakhstan", "Armenia"}},
		{"Armenia, Belarus, and Kazakhstan", []string{"Armenia", "Belarus", "Kazakhstan"}},
		{"ANDORRA AND Belarus", []string{"ANDORRA", "Belarus"}},
		{"Sandwich and Candy", []string{"Sandwich", "Candy"}},
		{"Andorra", []string{"Andorra"}},
		{"1,000 troops", []string{"1,000 troops"}},
		{"Trinidad and Tobago", []string{"Trinidad and Tobago"}},
		{"Saint Vincent and the Grenadines, Armenia", []string{"Saint Vincent and the Grenadines", "Armenia"}},
		{"and", []string{"and"}},
		{", Belarus ,", []string{", Belarus ,"}},
		{"Şahin and Cəfərli", []string{"Şahin", "Cəfərli"}},
		{"Cəfərliand", []string{"Cəfərliand"}},
	}
	for _, tc := range tests {
		got := splitList(tc.in)
		for i := range got {
			got[i] = strings.TrimSpace(got[i])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("splitList(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNumerals(t *testing.T) {
	tests := []struct{ in, want string }{
		{"World War II", "world war 2"},
		{"WWII", "world war 2"},
		{"ww 1", "world war 1"},
		{"the Second World War", "world war 2"},
		{"Article XIV", "article 14"},
		{"Article IIII", "article iiii"},
		{"I think so", "i think so"},
		{"civil mix", "civil mix"},
		{"2 world war 3", "2 world war 3"},
	}
	for _, tc := range tests {
		if got := strings.Join(numerals(normalTokens(tc.in)), " "); got != tc.want {
			t.Errorf("numerals(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAliasTable(t *testing.T) {
	for name, others := range aliasNames {
		canon := aliases[strings.Join(numerals(normalTokens(others[0])), " ")]
		if canon != strings.Join(numerals(normalTokens(name)), " ") {
			t.Errorf("%q does not stand for %q", others[0], name)
		}
		for _, o := range others {
			if n := len(normalTokens(o)); n > maxAliasWords {
				t.Errorf("%q has %d words, more than maxAliasWords %d: it would never be looked up", o, n, maxAliasWords)
			}
			if _, clash := aliasNames[o]; clash {
				t.Errorf("%q is both a name and another name", o)
			}
		}
	}
}

func TestWordList(t *testing.T) {
	for _, w := range []string{"place", "peace", "point", "joint", "prussia", "russia", "kursk", "moscow", "defence", "defense", "border", "boarder", "gambia", "zambia"} {
		if !IsWord(w) {
			t.Errorf("IsWord(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"kyrgystan", "caucasis", "tokayev", "pashinyan", "azerbajan", "peacce", "", "x"} {
		if IsWord(w) {
			t.Errorf("IsWord(%q) = true, want false", w)
		}
	}
}

func TestSpellingVariants(t *testing.T) {
	for _, p := range [][2]string{{"defence", "defense"}, {"organisation", "organization"}, {"organised", "organized"}, {"analyse", "analyze"}, {"colour", "color"}, {"centre", "center"}, {"travelled", "traveled"}, {"programme", "program"}, {"catalogue", "catalog"}} {
		if !spellingVariant(p[0], p[1]) || !spellingVariant(p[1], p[0]) {
			t.Errorf("%q and %q are not one word spelled two ways", p[0], p[1])
		}
	}
	for _, p := range [][2]string{{"filled", "filed"}, {"peace", "place"}, {"four", "for"}, {"defence", "defence"}, {"russia", "prussia"}} {
		if spellingVariant(p[0], p[1]) {
			t.Errorf("%q and %q are taken for one word spelled two ways", p[0], p[1])
		}
	}
}

func FuzzSplitList(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		parts := splitList(s)
		if len(parts) == 0 {
			t.Fatalf("splitList(%q) gave no part", s)
		}
		if len(parts) == 1 {
			return
		}
		for _, p := range parts {
			if !hasWord(p) {
				t.Errorf("splitList(%q) gave a member %q with no word", s, p)
			}
			if !strings.Contains(s, strings.TrimSpace(p)) && !strings.Contains(p, " and ") {
				t.Errorf("splitList(%q) gave %q, which is not in it", s, p)
			}
		}
		// A list of members written again with "and" reads as the same list.
		again := splitList(strings.Join(parts, " and "))
		if len(again) != len(parts) {
			t.Errorf("splitList(%q) = %q, but joined again with and: %q", s, parts, again)
		}
	})
}

func TestGradeAnswersWithoutWords(t *testing.T) {
	// Members and accepted answers that normalise to nothing are read as
	// nothing: they neither break grading nor match a word.
	for _, tc := range []struct {
		answer   string
		accept   []string
		response string
		want     bool
	}{
		{"Belarus and «»", nil, "Belarus and x", false},
		{"Armenia", []string{"?!", "«»"}, "Armenia!", true},
		{"Armenia", []string{"?!", "«»"}, "Belarus", false},
		{"«» and »«", nil, "x and y", false},
	} {
		q := &Question{Type: ShortAnswer, Answer: tc.answer, Accept: tc.accept}
		r, err := Grade(q, []string{tc.response})
		if err != nil || r.Correct != tc.want {
			t.Errorf("Grade(%q) for %q = %v, %v, want %v", tc.response, tc.answer, r.Correct, err, tc.want)
		}
	}
}

func TestLongListsAreComparedWhole(t *testing.T) {
	var members []string
	for i := range maxListMembers + 1 {
		members = append(members, "member"+romanOf(i%39+1))
	}
	key := strings.Join(members, ", ")
	q := &Question{Type: ShortAnswer, Answer: key}
	slices.Reverse(members)
	if r, _ := Grade(q, []string{strings.Join(members, ", ")}); r.Correct {
		t.Errorf("a list of %d members, more than maxListMembers, was read member by member", len(members))
	}
	short := &Question{Type: ShortAnswer, Answer: strings.Join(members[:maxListMembers], ", ")}
	slices.Reverse(members)
	if r, _ := Grade(short, []string{strings.Join(members[1:], ", ")}); !r.Correct {
		t.Errorf("a list of maxListMembers members in another order was refused")
	}
}
