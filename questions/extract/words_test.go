package extract

import (
	"strings"
	"testing"
)

// The bounded readers of first and last words must give what reading the
// whole text gave: the extractor's output does not change, only its cost.

func TestWordReadersMatchReadingEverything(t *testing.T) {
	texts := []string{"", " ", "one", "  one  two\tthree\n", "a b c d e f g h i j k l", "trailing, words: here ",
		"über straße  café —  ok", strings.Repeat("word ", 40), "x  "}
	for _, s := range texts {
		all := strings.Fields(s)
		for n := range 12 {
			head, more := wordsPrefix(s, n)
			want := all[:min(n, len(all))]
			if got := strings.Fields(head); strings.Join(got, "|") != strings.Join(want, "|") || more != (len(all) > n) {
				t.Errorf("wordsPrefix(%q, %d) = %q, %v; want words %q, more %v", s, n, head, more, want, len(all) > n)
			}
			if got, want := lastWords(s, n), all[max(0, len(all)-n):]; strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("lastWords(%q, %d) = %q, want %q", s, n, got, want)
			}
			w := all
			wantLimit := strings.Join(w, " ")
			if len(w) > n {
				wantLimit = strings.TrimRight(strings.Join(w[:n], " "), ",;:") + " …"
			}
			if got := limitWords(s, n); got != wantLimit {
				t.Errorf("limitWords(%q, %d) = %q, want %q", s, n, got, wantLimit)
			}
		}
	}
}

func TestLastWordReadsBackToTheWord(t *testing.T) {
	for s, want := range map[string]string{"said Mr": "Mr", "(e.g": "e.g", "a b  ": "b", "": "", "one": "one", "x (St": "St"} {
		if got := lastWord([]rune(s)); got != want {
			t.Errorf("lastWord(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestLongSentenceGivesTheFactsOfItsParts(t *testing.T) {
	// One sentence repeating the same clauses states the same facts as
	// one copy of them: the work per date, acronym and name no longer
	// grows with the sentence.
	unit := "the Collective Security Treaty Organization (CSTO) met on 5 May 2020 and Armenia condemned the move, " +
		"while President Nikol Pashinyan said that Mr. Smith backed Article 4 of its charter, which states that members shall act; "
	one, err := Article(unit+"end.", Options{})
	if err != nil {
		t.Fatal(err)
	}
	many, err := Article(strings.Repeat(unit, 400)+"end.", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if many.Membership.Abbreviation != "CSTO" || one.Membership.Abbreviation != "CSTO" {
		t.Errorf("organisation %q / %q, want CSTO", one.Membership.Abbreviation, many.Membership.Abbreviation)
	}
	if len(many.Dates) != len(one.Dates) || len(many.People) != len(one.People) || len(many.Charter.Articles) != len(one.Charter.Articles) {
		t.Errorf("the long sentence gives %d dates, %d people, %d articles; one copy %d, %d, %d",
			len(many.Dates), len(many.People), len(many.Charter.Articles), len(one.Dates), len(one.People), len(one.Charter.Articles))
	}
}
