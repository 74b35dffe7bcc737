package generate

import "testing"

func TestImplausibleActor(t *testing.T) {
	for _, who := range []string{"Article 7", "article 12 of the charter", "Section IV", "12 March 2021", "March 2021", "In May 2020",
		"2019", "They", "it", "Which", "Their government", "its allies", "Tuesday", "last Tuesday", "", "Art. 9", "§ 4",
		"Not every government", "some members", "Officials", "The accession was", "They were", "In Article 11 it is", "The fund is"} {
		if implausibleActor(who) == "" {
			t.Errorf("%q is taken for someone who reacts", who)
		}
	}
	for _, who := range []string{"Fiji", "North Korea", "the CSTO press service", "Armenia's leadership", "Theresa May", "Kassym-Jomart Tokayev",
		"the G7", "the other members", "the European Union", "the Holy See", "One Nation party", "Norway", "Artemis Group",
		"Partido Popular", "Parti Québécois", "Noel Fielding", "Everton Football Club", "Senior officials of Laos", "Doctors Without Borders", "Theresa May",
		"Isle of Man"} {
		if why := implausibleActor(who); why != "" {
			t.Errorf("%q is taken for no one: %s", who, why)
		}
	}
}

func TestQuestionWorded(t *testing.T) {
	for _, e := range []string{"Which which countries joined", "when the treaty was signed", "Did it work?", "“How the ban ended"} {
		if !questionWorded(e) {
			t.Errorf("%q is taken for an event", e)
		}
	}
	for _, e := range []string{"The treaty was signed", "Whitehall replied", "Howard Lee became chair", "Russia asked what to do"} {
		if questionWorded(e) {
			t.Errorf("%q is taken for a question", e)
		}
	}
}
