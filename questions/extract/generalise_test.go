package extract

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"quizd/questions/facts"
	"quizd/questions/generate"
)

func sortedNames(cs []facts.Country) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	slices.Sort(out)
	return out
}

func departedStatuses(ds []facts.Departure) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Name+":"+string(d.Status))
	}
	slices.Sort(out)
	return out
}

// TestMembershipPhrasings reads members, departures and non-members in the
// phrasings issue 15 lists as missed: founders after a colon, "signed by",
// a list before the verb, a bulleted list, a list that runs on into the
// next sentence, later members, suspensions and several non-members in
// one sentence.
func TestMembershipPhrasings(t *testing.T) {
	const org = "The Andean Water Compact (AWC) manages shared rivers. "
	for _, tc := range []struct {
		name, text                 string
		members, departed, outside []string
	}{
		{"established by N states:", org + "The AWC was established by five states: Chile, Peru, Bolivia, Ecuador and Colombia.",
			[]string{"Bolivia", "Chile", "Colombia", "Ecuador", "Peru"}, nil, nil},
		{"signed by", org + "Its charter was signed by Chile, Peru and Bolivia in 2004.",
			[]string{"Bolivia", "Chile", "Peru"}, nil, nil},
		{"list before the verb", org + "Chile, Peru and Bolivia signed the founding treaty of the AWC in 2004.",
			[]string{"Bolivia", "Chile", "Peru"}, nil, nil},
		{"bulleted list", "# Andean Water Compact\n\nThe Andean Water Compact (AWC) manages shared rivers.\n\nMembers:\n\n- Chile\n- Peru\n- Bolivia\n",
			[]string{"Bolivia", "Chile", "Peru"}, nil, nil},
		{"later members", org + "Its members are Chile, Peru and Bolivia. Ecuador and Colombia joined the AWC in 2011.",
			[]string{"Bolivia", "Chile", "Colombia", "Ecuador", "Peru"}, nil, nil},
		{"was suspended", org + "Its members are Chile, Peru and Bolivia. Bolivia was suspended from the AWC in 2019.",
			[]string{"Bolivia", "Chile", "Peru"}, []string{"Bolivia:frozen"}, nil},
		{"suspended its contributions", org + "Its members are Chile, Peru and Bolivia. Peru suspended its contributions to the AWC in 2020.",
			[]string{"Bolivia", "Chile", "Peru"}, []string{"Peru:frozen"}, nil},
		{"withdrew", org + "Its members are Chile, Peru and Bolivia. Bolivia withdrew from the AWC in 2018.",
			[]string{"Chile", "Peru"}, []string{"Bolivia:left"}, nil},
		{"is not a party", org + "Its members are Chile, Peru and Bolivia. Argentina is not a party to the compact.",
			[]string{"Bolivia", "Chile", "Peru"}, nil, []string{"Argentina"}},
		{"stayed outside", org + "Its members are Chile, Peru and Bolivia. Brazil stayed outside the compact.",
			[]string{"Bolivia", "Chile", "Peru"}, nil, []string{"Brazil"}},
		{"neither of which belongs", org + "Its members are Chile, Peru and Bolivia. The rivers also cross Argentina and Brazil, neither of which belongs to the AWC.",
			[]string{"Bolivia", "Chile", "Peru"}, nil, []string{"Argentina", "Brazil"}},
		{"several non-members", org + "Its members are Chile, Peru and Bolivia. Argentina, Brazil and Paraguay are not members.",
			[]string{"Bolivia", "Chile", "Peru"}, nil, []string{"Argentina", "Brazil", "Paraguay"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Article(tc.text, Options{Title: "Test"})
			if err != nil {
				t.Fatal(err)
			}
			m := s.Membership
			if got := sortedNames(m.Members); strings.Join(got, ",") != strings.Join(tc.members, ",") {
				t.Errorf("members %v, want %v", got, tc.members)
			}
			if got := departedStatuses(m.Departed); strings.Join(got, ",") != strings.Join(tc.departed, ",") {
				t.Errorf("departed %v, want %v", got, tc.departed)
			}
			if got := sortedNames(m.NonMembers); strings.Join(got, ",") != strings.Join(tc.outside, ",") {
				t.Errorf("non-members %v, want %v", got, tc.outside)
			}
		})
	}
}

// TestCharterPhrasings reads charter articles named as "Art. 5", in Roman
// numerals and in words, introduced by a colon, and with verbs that are
// the provision itself.
func TestCharterPhrasings(t *testing.T) {
	const org = "The Andean Water Compact (AWC) manages shared rivers. Its members are Chile, Peru and Bolivia. "
	for _, tc := range []struct {
		name, text string
		number     int
		provides   string
	}{
		{"Art. N", org + "Art. 5 of the charter states that disputes go to a panel of three judges.", 5, "disputes go to a panel of three judges"},
		{"Roman", org + "Article IX of the charter requires members to report their water use every year.", 9, "members to report their water use every year"},
		{"words", org + "Article Twenty-One of the charter guarantees every member a seat on the council.", 21, "guarantees every member a seat on the council"},
		{"colon", org + "Article 6: each member pays an equal share of the budget.", 6, "each member pays an equal share of the budget"},
		{"allows", org + "Article 8 allows a member to leave after a year's notice.", 8, "allows a member to leave after a year's notice"},
		{"lets", org + "Article 10 lets the council fine a member that pollutes a river.", 10, "lets the council fine a member that pollutes a river"},
		{"divides", org + "Article 4 divides the basin into three zones.", 4, "divides the basin into three zones"},
		{"adds", org + "Article 12 adds that the council meets twice a year.", 12, "the council meets twice a year"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Article(tc.text, Options{Title: "Test"})
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Charter.Articles) != 1 {
				t.Fatalf("articles %+v, want one", s.Charter.Articles)
			}
			a := s.Charter.Articles[0]
			if a.Number != tc.number || a.Provides != tc.provides {
				t.Errorf("article %d provides %q, want %d providing %q", a.Number, a.Provides, tc.number, tc.provides)
			}
		})
	}
	for in, want := range map[string]int{"7": 7, "IX": 9, "XIV": 14, "IIII": 0, "Twenty-One": 21, "twelve": 12, "Forty": 40, "Fortyish": 0} {
		if got := articleNumber(in); got != want {
			t.Errorf("articleNumber(%q) = %d, want %d", in, got, want)
		}
	}
}

// TestReactionPhrasings reads reactions with reporting verbs beyond the
// first list, in the passive, by the same actor twice, and refuses a
// charter article as an actor.
func TestReactionPhrasings(t *testing.T) {
	const org = "The Andean Water Compact (AWC) manages shared rivers. Its members are Chile, Peru and Bolivia. "
	for _, tc := range []struct {
		name, text string
		want       []string // who:stance
	}{
		{"defended", org + "Chile defended the new quotas.", []string{"Chile:support"}},
		{"voted against", org + "Peru voted against the budget.", []string{"Peru:condemn"}},
		{"voiced concern", org + "Bolivia voiced concern about the dams.", []string{"Bolivia:neutral"}},
		{"abstained", org + "Ecuador abstained in the vote on the dams.", []string{"Ecuador:evasive"}},
		{"shrugged off", org + "Brazil shrugged off the criticism.", []string{"Brazil:evasive"}},
		{"passive", org + "The plan was welcomed by Thailand and Vietnam.", []string{"Thailand:support", "Vietnam:support"}},
		{"twice", org + "Chile praised the quotas. Chile later denounced the fines.", []string{"Chile:condemn", "Chile:support"}},
		{"not an actor", org + "Article 7 condemned nobody in particular.", nil},
		{"hailing", org + "Peru issued a statement hailing the decision.", []string{"Peru:support"}},
		{"called it a mistake", org + "Bolivia called the vote a mistake.", []string{"Bolivia:condemn"}},
		{"remained silent", org + "Chile, for its part, remained silent.", []string{"Chile:evasive"}},
		{"both objected", org + "Chile and Peru both objected.", []string{"Chile:condemn", "Peru:condemn"}},
		{"quick to praise", org + "Peru was quick to praise the new quotas.", []string{"Peru:support"}},
		{"voted no", org + "Bolivia voted no.", []string{"Bolivia:condemn"}},
		{"reacted angrily", org + "Chile reacted angrily to the fines.", []string{"Chile:condemn"}},
		{"not a first person", org + "Twelve months ago I warned that the compact would shrink.", nil},
		{"cautious welcome", org + "Peru gave the plan a cautious welcome.", []string{"Peru:support"}},
		{"was critical of", org + "Bolivia was critical of the fines.", []string{"Bolivia:condemn"}},
		{"expressed disappointment", org + "Chile expressed disappointment at the vote.", []string{"Chile:condemn"}},
		{"drew criticism from", org + "The plan drew criticism from Chile and Peru.", []string{"Chile:condemn", "Peru:condemn"}},
		{"has yet to respond", org + "Bolivia has yet to respond.", []string{"Bolivia:evasive"}},
		{"sided with", org + "Peru sided with Chile.", []string{"Peru:support"}},
		{"complained", org + "Peru complained about the fines.", []string{"Peru:condemn"}},
		{"thanked", org + "Bolivia thanked the council for its help.", []string{"Bolivia:support"}},
		{"regretted by", org + "The decision was regretted by Laos.", []string{"Laos:condemn"}},
		{"received with satisfaction by", org + "The first bulletins were received with satisfaction by Afghanistan.", []string{"Afghanistan:support"}},
		{"by X it was", org + "Kazakhstan asked for time, while by Uzbekistan it was recalled that the dues are obligatory.", []string{"Uzbekistan:neutral"}},
		{"By X concern was expressed", org + "By China concern was expressed that its reservoirs would be affected.", []string{"China:neutral"}},
		{"then, a second verb", org + "France voiced concern about its ports, then, in the same afternoon, abstained.", []string{"France:evasive", "France:neutral"}},
		{"said X's minister", org + "\"This is what we built it for,\" said Jamaica's finance minister, Andre Campbell, at a news conference.", []string{"Jamaica:neutral"}},
		{"a person found by title", org + "The union's president, Matthias Egger, expressed regret that the proposal fell short.", []string{"Matthias Egger:condemn"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Article(tc.text, Options{Title: "Test"})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range s.Reactions {
				got = append(got, r.Who+":"+string(r.Stance))
			}
			slices.Sort(got)
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("reactions %v, want %v (%+v)", got, tc.want, s.Reactions)
			}
		})
	}
}

// TestPeoplePhrasings reads people named after a lowercase title and on
// an infobox line.
func TestPeoplePhrasings(t *testing.T) {
	const org = "The Andean Water Compact (AWC) manages shared rivers. Its members are Chile, Peru and Bolivia. "
	for _, tc := range []struct {
		name, text, person, role string
	}{
		{"its title", org + "Its defence minister, Kari Solberg, said the rivers were safe.", "Kari Solberg", "Defence Minister of the Andean Water Compact"},
		{"the organisation's", org + "The organisation's secretary-general, Tomas Berg, visited Lima.", "Tomas Berg", "Secretary-General of the Andean Water Compact"},
		{"a country's", org + "\"We are ready,\" said Chile's finance minister, Ana Rojas, at a news conference.", "Ana Rojas", "Finance Minister of Chile"},
		{"name first", org + "Tomas Berg, the compact's secretary-general, said the rivers were safe.", "Tomas Berg", "Secretary-General of the Andean Water Compact"},
		{"name first, a country's", org + "Ana Rojas, Chile's finance minister, visited Lima.", "Ana Rojas", "Finance Minister of Chile"},
		{"founding director", org + "The compact is led by its founding director, Omar Haddad, who lives in Lima.", "Omar Haddad", "Director of the Andean Water Compact"},
		{"president since", org + "The body's president since 2019, Lena Park, opened the session.", "Lena Park", "President of the Andean Water Compact"},
		{"Dr. name first", org + "Dr. Ines Costa, the chief negotiator, left early.", "Ines Costa", "Chief Negotiator of the Andean Water Compact"},
		{"who chairs", org + "Ana Ruiz, who chairs the council, called for calm.", "Ana Ruiz", "Chair of the council"},
		{"infobox", "# Andean Water Compact\n\nThe Andean Water Compact (AWC) manages shared rivers. Its members are Chile, Peru and Bolivia.\n\n- Founded: 2004\n\n- Secretary-General: Lucia Mendez\n", "Lucia Mendez", "Secretary-General of the Andean Water Compact"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Article(tc.text, Options{Title: "Test"})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range s.People {
				if p.Name == tc.person {
					if p.Role != tc.role {
						t.Errorf("%s is %q, want %q", p.Name, p.Role, tc.role)
					}
					return
				}
			}
			t.Errorf("people %+v, want %s", s.People, tc.person)
		})
	}
}

// TestMembershipPhrasingsInContext reads founders named after a date and
// place ("signed in Niamey on 9 November 2004 by ..."), before a second
// founding verb, later members in an elliptical clause, and a members
// list under a heading.
func TestMembershipPhrasingsInContext(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		members    []string
	}{
		{"signed ... by", "The Sahel Seed Alliance (SSA) keeps seed. Its founding convention was signed in Niamey on 9 November 2004 by Niger, Mali and Chad.",
			[]string{"Chad", "Mali", "Niger"}},
		{"formed, when ... signed", "The Storm Pool (TSP) insures islands. The fund was formed in 2007, when Jamaica, Barbados and Trinidad and Tobago signed a charter in Bridgetown.",
			[]string{"Barbados", "Jamaica", "Trinidad and Tobago"}},
		{"founded it, and ... joined", "The Cyclone Authority (ICA) helps. India, Sri Lanka and Bangladesh founded it, and Kenya and Mozambique joined in 2020. Senegal followed in 2008 and Mauritania in March 2011.",
			[]string{"Bangladesh", "India", "Kenya", "Mauritania", "Mozambique", "Senegal", "Sri Lanka"}},
		{"heading", "# Seed Alliance\n\nThe Sahel Seed Alliance (SSA) keeps seed.\n\n## Members\n\n- Niger\n- Mali\n- Chad\n",
			[]string{"Chad", "Mali", "Niger"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Article(tc.text, Options{Title: "Test"})
			if err != nil {
				t.Fatal(err)
			}
			if got := sortedNames(s.Membership.Members); strings.Join(got, ",") != strings.Join(tc.members, ",") {
				t.Errorf("members %v, want %v", got, tc.members)
			}
		})
	}
}

// TestDatesInWordsAndRanges reads days written in words and both ends of
// a range of days.
func TestDatesInWordsAndRanges(t *testing.T) {
	for in, want := range map[string][]string{
		"It was founded on the twenty-third of May 2019 in Port Louis.":     {"2019-05-23"},
		"Three states joined on the first of January 2020.":                 {"2020-01-01"},
		"The council met on May the fourteenth, 2021.":                      {"2021-05-14"},
		"The first joint exercise ran from 4 to 9 June 2021 off the coast.": {"2021-06-04", "2021-06-09"},
		"Talks were held June 4 to 9, 2021 in Lima.":                        {"2021-06-04", "2021-06-09"},
		"It lasted 19 days.":                                                   nil,
		"Work began in mid-2017 and ended in late 2021.":                       {"2017", "2021"},
		"The outbreak was fought from 11 May to 30 June 2022.":                 {"2022-05-11", "2022-06-30"},
		"The council meets from the eleventh to the thirteenth of March 2024.": {"2024-03-11", "2024-03-13"},
		"The poor harvests of 2001 were the reason.":                           nil,
	} {
		var got []string
		for _, d := range findDates(in) {
			got = append(got, d.Date.ISO())
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%q: dates %v, want %v", in, got, want)
		}
	}
}

// TestTranslatedPhrasings reads the passive prose of translated reports:
// charter articles "it is provided that" and "are given", and people after
// "the chairman of the council, Mr.".
func TestTranslatedPhrasings(t *testing.T) {
	text := "The Mekong Sediment Commission (MSC) measures silt. Its members are Vietnam, Laos, Cambodia and Thailand. " +
		"By Article 3 of the Agreement it is provided that every member shall measure the sediment at ten stations. " +
		"In Article 11 it is stated that a new dam may be built only after six months of talks. " +
		"By Article 7 the rights of voting are given to each member state in equal measure. " +
		"The Commission is directed by the chairman of the council, Mr. Nguyen Van Hoa, who was elected in 2021. " +
		"The report was presented by the agriculture minister of Cambodia, Mrs. Sok Pheap."
	s, err := Article(text, Options{Title: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	var arts []string
	for _, a := range s.Charter.Articles {
		arts = append(arts, fmt.Sprintf("%d: %s", a.Number, a.Provides))
	}
	want := []string{"3: every member shall measure the sediment at ten stations", "11: a new dam may be built only after six months of talks",
		"7: the rights of voting are given to each member state in equal measure"}
	if strings.Join(arts, "|") != strings.Join(want, "|") {
		t.Errorf("articles\n%v\nwant\n%v", arts, want)
	}
	roles := map[string]string{}
	for _, p := range s.People {
		roles[p.Name] = p.Role
	}
	if roles["Nguyen Van Hoa"] != "Chairman of the council" || roles["Sok Pheap"] != "Agriculture Minister of Cambodia" {
		t.Errorf("people %v", roles)
	}
}

// TestSeveralCuesInOneSentence reads each departure and non-member cue of
// a sentence, "neither is X" and "neither X nor Y has joined", and a
// member that withdrew without the organisation named again.
func TestSeveralCuesInOneSentence(t *testing.T) {
	const org = "The Storm Pool (TSP) insures islands. Its members are Jamaica, Barbados, Haiti, Nigeria and the Dominican Republic. "
	s, err := Article(org+"The Dominican Republic withdrew in 2019 after a row over premiums, and Haiti suspended its contributions in July 2021. "+
		"Cuba is not a party to the charter, and neither Guyana nor Suriname has joined. "+
		"Norway is not a party to the treaty, and Germany stayed outside because its grid is tied to the continent. "+
		"Liechtenstein is not a party to the agreement, and neither is Hungary. "+
		"Nigeria withdrew in 2020, saying it had grown large enough.", Options{Title: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	m := s.Membership
	if got, want := departedStatuses(m.Departed), []string{"Dominican Republic:left", "Haiti:frozen", "Nigeria:left"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("departed %v, want %v", got, want)
	}
	if got, want := sortedNames(m.NonMembers), []string{"Cuba", "Germany", "Guyana", "Hungary", "Liechtenstein", "Norway", "Suriname"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("non-members %v, want %v", got, want)
	}
	if got, want := sortedNames(m.Members), []string{"Barbados", "Haiti", "Jamaica"}; strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("members %v, want %v", got, want)
	}
}

// TestLaterMembers reads members that came in later: by accession, in
// verbless clauses after talk of enlargement, and "became the newest
// member".
func TestLaterMembers(t *testing.T) {
	const org = "The Alpine Freight Union (AFU) moves goods. Switzerland, Austria and Italy signed the agreement in 1999. "
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"accession", org + "The accession of France was approved by the council on 3 October 2016.", []string{"Austria", "France", "Italy", "Switzerland"}},
		{"verbless after a colon", org + "Then came the slow enlargement: Slovenia in 2018, Croatia in October 2019.", []string{"Austria", "Croatia", "Italy", "Slovenia", "Switzerland"}},
		{"verbless sentence", org + "Germany joined in 2010. Poland in May 2014.", []string{"Austria", "Germany", "Italy", "Poland", "Switzerland"}},
		{"newest member", org + "Poland became the newest member of the union on Tuesday.", []string{"Austria", "Italy", "Poland", "Switzerland"}},
		{"came in later", org + "France came in a year later, in 2000.", []string{"Austria", "France", "Italy", "Switzerland"}},
		{"no context", org + "Hungary in 2004 was a different story.", []string{"Austria", "Italy", "Switzerland"}},
		{"so did", org + "Germany joined two years later. So did Belgium and the Netherlands, which came in together.", []string{"Austria", "Belgium", "Germany", "Italy", "Netherlands", "Switzerland"}},
		{"completed the membership", org + "Belgium and Spain completed the present membership in 2021.", []string{"Austria", "Belgium", "Italy", "Spain", "Switzerland"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Article(tc.text, Options{Title: "Test"})
			if err != nil {
				t.Fatal(err)
			}
			if got := sortedNames(s.Membership.Members); strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("members %v, want %v", got, tc.want)
			}
		})
	}
}

// TestStatedMemberCount keeps the number of members an article states
// when it is at least the members it names.
func TestStatedMemberCount(t *testing.T) {
	const org = "The Cyclone Authority (ICA) helps. India, Sri Lanka and Bangladesh founded it. "
	for _, tc := range []struct {
		text string
		want int
	}{
		{org + "It has eleven member states.", 11},
		{org + "With Kenya's entry the membership rose to seven.", 7},
		{org + "The 12-member authority met in Dhaka.", 12},
		{org + "It was founded by two states.", 0},
		{org + "It trains staff from more than twenty aid organisations.", 0},
	} {
		s, err := Article(tc.text, Options{Title: "Test"})
		if err != nil {
			t.Fatal(err)
		}
		if s.Membership.Count != tc.want {
			t.Errorf("%q: count %d, want %d", tc.text, s.Membership.Count, tc.want)
		}
	}
}

// TestAmounts notes amounts and durations, each as a question that
// blanks it, and leaves alone a sentence with several.
func TestAmounts(t *testing.T) {
	text := "The Cyclone Authority (ICA) helps. India, Sri Lanka and Bangladesh founded it. " +
		"Article 8 allows the director-general to release up to $18,000 from the common fund. " +
		"The first exercise lasted 19 days. " +
		"Reinsurers carry about 70 percent of its risk. " +
		"It spent $5 million in 2020 and $7 million in 2021."
	s, err := Article(text, Options{Title: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range s.Notes {
		got = append(got, string(n.Topic)+":"+n.Answer)
		if !strings.Contains(n.Question, "____") || !strings.Contains(n.Statement, "[["+n.Answer+"]]") {
			t.Errorf("note %+v: no blank for %q", n, n.Answer)
		}
	}
	want := []string{"charter:$18,000", "dates:19 days", "membership:70 percent"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("notes %v, want %v", got, want)
	}
	if _, err := generate.Bank(s); err != nil {
		t.Errorf("the notes give no bank: %v", err)
	}
}

// TestInvertedAndEllipticalDates names events told with their verb first,
// as a cleft, inverted after "Only", and with the verb left out.
func TestInvertedAndEllipticalDates(t *testing.T) {
	text := "The Andean Water Compact (AWC) manages shared rivers. Its members are Chile, Peru and Bolivia. " +
		"In June 2016 came the first fine. " +
		"Only in 2018 did Bolivia pay its dues. " +
		"It was in March 2019 that the dams were inspected. " +
		"The compact was amended twice: in 2010 and in 2014. " +
		"Ecuador joined in 2017, Colombia in October 2019."
	s, err := Article(text, Options{Title: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range s.Dates {
		got = append(got, d.Date.ISO()+" "+d.Event)
	}
	want := []string{"2016-06 The first fine came", "2018 Bolivia did pay its dues", "2019-03 The dams were inspected",
		"2010 The AWC was amended twice", "2017 Ecuador joined", "2019-10 Colombia joined"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("dates\n%v\nwant\n%v", got, want)
	}
	if !slices.Contains(sortedNames(s.Membership.Members), "Colombia") {
		t.Errorf("members %v, want Colombia among them", sortedNames(s.Membership.Members))
	}
}

// TestMoreMembershipForms reads members said to be members, lists after
// "member states (" and "membership includes", later members "joined by",
// and departures by withdrawal, expulsion and a frozen participation.
func TestMoreMembershipForms(t *testing.T) {
	const org = "The Andean Water Compact (AWC) manages shared rivers. "
	for _, tc := range []struct {
		name, text        string
		members, departed []string
	}{
		{"are members", org + "Chile, Peru and Bolivia are members of the compact.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"is also a member", org + "Its members are Chile and Peru. Bolivia is also a member.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"has been a member since", org + "Its members are Chile and Peru. Bolivia has been a member since 2005.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"member states (", org + "The three member states (Chile, Peru and Bolivia) meet every year.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"membership includes", org + "Its membership includes Chile, Peru and Bolivia.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"make up", org + "Chile, Peru and Bolivia make up the compact.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"announced its withdrawal", org + "Its members are Chile, Peru and Bolivia. Bolivia announced its withdrawal from the compact in 2019.", []string{"Chile", "Peru"}, []string{"Bolivia:left"}},
		{"was expelled", org + "Its members are Chile, Peru and Bolivia. Bolivia was expelled from the compact in 2019.", []string{"Chile", "Peru"}, []string{"Bolivia:left"}},
		{"participation was frozen", org + "Its members are Chile, Peru and Bolivia. Bolivia's participation was frozen in 2020.", []string{"Bolivia", "Chile", "Peru"}, []string{"Bolivia:frozen"}},
		{"not a member", org + "Its members are Chile, Peru and Bolivia. Argentina is not a member.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"walked out", org + "Its members are Chile, Peru and Bolivia. Bolivia walked out of the compact in 2014.", []string{"Chile", "Peru"}, []string{"Bolivia:left"}},
		{"walked out and rejoined", org + "Its members are Chile, Peru and Bolivia. Bolivia walked out of the compact in 2014. It rejoined in 2016, and Bolivia rejoined the board too.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"denounced the treaty", org + "Its members are Chile, Peru and Bolivia. Bolivia denounced the treaty in 2014.", []string{"Chile", "Peru"}, []string{"Bolivia:left"}},
		{"ceased to be a member", org + "Its members are Chile, Peru and Bolivia. Bolivia ceased to be a member in 2014.", []string{"Chile", "Peru"}, []string{"Bolivia:left"}},
		{"voting rights suspended", org + "Its members are Chile, Peru and Bolivia. Bolivia's voting rights were suspended in 2014.", []string{"Bolivia", "Chile", "Peru"}, []string{"Bolivia:frozen"}},
		{"quit", org + "Its members are Chile, Peru and Bolivia. Bolivia quit in 2016.", []string{"Chile", "Peru"}, []string{"Bolivia:left"}},
		{"departure of", org + "Its members are Chile, Peru and Bolivia. Bolivia's departure in 2019 left two members.", []string{"Chile", "Peru"}, []string{"Bolivia:left"}},
		{"the exit of", org + "Its members are Chile, Peru and Bolivia. The exit of Bolivia in 2019 hurt the compact.", []string{"Chile", "Peru"}, []string{"Bolivia:left"}},
		{"broke with", org + "Its members are Chile, Peru and Bolivia. Bolivia broke with the bloc in 2019.", []string{"Chile", "Peru"}, []string{"Bolivia:left"}},
		{"thrown out", org + "Its members are Chile, Peru and Bolivia. Bolivia was thrown out in 2019.", []string{"Chile", "Peru"}, []string{"Bolivia:left"}},
		{"out since", org + "Its members are Chile, Peru and Bolivia. Bolivia has been out since 2020.", []string{"Chile", "Peru"}, []string{"Bolivia:left"}},
		{"membership of X suspended", org + "Its members are Chile, Peru and Bolivia. The membership of Bolivia was suspended pending an audit.", []string{"Bolivia", "Chile", "Peru"}, []string{"Bolivia:frozen"}},
		{"suspension", org + "Its members are Chile, Peru and Bolivia. Bolivia's seat has been empty since Bolivia's suspension in 2022.", []string{"Bolivia", "Chile", "Peru"}, []string{"Bolivia:frozen"}},
		{"withdrawal of troops", org + "Its members are Chile, Peru and Bolivia. Peru asked for the withdrawal of Chile's troops from the border.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"walked out of a meeting", org + "Its members are Chile, Peru and Bolivia. Bolivia's envoy walked out of the meeting in 2022.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"were joined by", org + "Chile and Peru were joined in 2008 by Bolivia.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"the largest member", org + "Its members are Peru and Bolivia. Chile, the largest member, pays most.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"one of the members", org + "Its members are Peru and Bolivia. Chile is one of the three members.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"signed on, came in in, followed on", org + "Its members are Chile and Peru. It was not until 2014 that Bolivia signed on. Ecuador came in in the spring of 2015, and Colombia followed on the eve of the 2017 summit.", []string{"Bolivia", "Chile", "Colombia", "Ecuador", "Peru"}, nil},
		{"gave notice", org + "Its members are Chile, Peru and Bolivia. Bolivia gave notice of withdrawal in 2020 and left a year later.", []string{"Chile", "Peru"}, []string{"Bolivia:left"}},
		{"members such as", org + "It has members such as Chile, Peru and Bolivia.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"belong to", org + "Chile, Peru and Bolivia belong to the compact.", []string{"Bolivia", "Chile", "Peru"}, nil},
		{"member states X", org + "The member states Chile, Peru and Bolivia share data.", []string{"Bolivia", "Chile", "Peru"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Article(tc.text, Options{Title: "Test"})
			if err != nil {
				t.Fatal(err)
			}
			if got := sortedNames(s.Membership.Members); strings.Join(got, ",") != strings.Join(tc.members, ",") {
				t.Errorf("members %v, want %v", got, tc.members)
			}
			if got := departedStatuses(s.Membership.Departed); strings.Join(got, ",") != strings.Join(tc.departed, ",") {
				t.Errorf("departed %v, want %v", got, tc.departed)
			}
		})
	}
}

// TestEventsNameTheBody names the organisation where an event, a
// reaction or a provision calls it "its" or by its head noun: a question
// is read on its own.
func TestEventsNameTheBody(t *testing.T) {
	text := "The Sahel Seed Bank Alliance (SSBA) keeps seed. Its members are Niger, Mali and Chad. " +
		"Its founding convention was signed in Niamey on 9 November 2004 by Niger, Mali and Chad. " +
		"The alliance opened its second vault in March 2010. " +
		"Chad praised the alliance for restocking farms."
	s, err := Article(text, Options{Title: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, d := range s.Dates {
		events = append(events, d.Event)
	}
	if got := strings.Join(events, "|"); strings.Contains(strings.ToLower(got), "the alliance") || strings.HasPrefix(got, "Its ") || !strings.Contains(got, "The SSBA opened its second vault") {
		t.Errorf("events %q", events)
	}
	for _, r := range s.Reactions {
		if strings.Contains(r.Gist, "the alliance") {
			t.Errorf("reaction %q", r.Gist)
		}
	}
}

// TestMembershipInOtherWords reads founding members, lists after "it
// counts" and "The members –", rejoining, a lapsed membership, applying
// to join, declining to sign, and observers.
func TestMembershipInOtherWords(t *testing.T) {
	const org = "The Andean Water Compact (AWC) manages shared rivers. "
	for _, tc := range []struct {
		name, text                            string
		members, departed, outside, observers []string
	}{
		{"founding members", org + "Chile, Peru and Bolivia are the founding members of the compact.", []string{"Bolivia", "Chile", "Peru"}, nil, nil, nil},
		{"it counts", org + "Membership is open to any riverside state; at present it counts Chile, Peru and Bolivia.", []string{"Bolivia", "Chile", "Peru"}, nil, nil, nil},
		{"the members –", org + "The members – Chile, Peru and Bolivia – meet twice a year.", []string{"Bolivia", "Chile", "Peru"}, nil, nil, nil},
		{"rejoined", org + "Its members are Chile and Peru. Bolivia rejoined the compact in 2015.", []string{"Bolivia", "Chile", "Peru"}, nil, nil, nil},
		{"lapsed", org + "Its members are Chile, Peru and Bolivia. Bolivia's membership lapsed in 2019.", []string{"Chile", "Peru"}, []string{"Bolivia:left"}, nil, nil},
		{"applied to join", org + "Its members are Chile, Peru and Bolivia. Ecuador has applied to join.", []string{"Bolivia", "Chile", "Peru"}, nil, []string{"Ecuador"}, nil},
		{"declined to sign", org + "Its members are Chile, Peru and Bolivia. Argentina declined to sign the compact.", []string{"Bolivia", "Chile", "Peru"}, nil, []string{"Argentina"}, nil},
		{"observer status", org + "Its members are Chile, Peru and Bolivia. Brazil holds observer status.", []string{"Bolivia", "Chile", "Peru"}, nil, nil, []string{"Brazil"}},
		{"granted to", org + "Its members are Chile, Peru and Bolivia. Observer status was granted to Brazil in 2012 and to Paraguay in 2016.", []string{"Bolivia", "Chile", "Peru"}, nil, nil, []string{"Brazil", "Paraguay"}},
		{"sat as an observer", org + "Its members are Chile, Peru and Bolivia. Argentina, which uses the rivers, has sat in the room as an observer for years.", []string{"Bolivia", "Chile", "Peru"}, nil, nil, []string{"Argentina"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Article(tc.text, Options{Title: "Test"})
			if err != nil {
				t.Fatal(err)
			}
			m := s.Membership
			for _, c := range []struct {
				what      string
				got, want []string
			}{{"members", sortedNames(m.Members), tc.members}, {"departed", departedStatuses(m.Departed), tc.departed},
				{"non-members", sortedNames(m.NonMembers), tc.outside}, {"observers", sortedNames(m.Observers), tc.observers}} {
				if strings.Join(c.got, ",") != strings.Join(c.want, ",") {
					t.Errorf("%s %v, want %v", c.what, c.got, c.want)
				}
			}
		})
	}
}

// TestUnderArticle reads "Under Article 4 of the charter, each member
// must ..." as article 4 providing the clause after the comma.
func TestUnderArticle(t *testing.T) {
	s, err := Article("The Andean Water Compact (AWC) manages rivers. Its members are Chile, Peru and Bolivia. "+
		"Under Article 4 of the charter, each member must report its water use every year.", Options{Title: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Charter.Articles) != 1 || s.Charter.Articles[0].Number != 4 || s.Charter.Articles[0].Provides != "each member must report its water use every year" {
		t.Errorf("articles %+v", s.Charter.Articles)
	}
}

// TestSecondCorpusForms reads the forms of the second training batch: a
// founding dated by the signing of its statute, a lapsed membership of an
// unlisted member, "came aboard ... and Sri Lanka a year after that",
// articles by place and with "splits" or "was amended to", and people
// "president since 2019" and "who led it".
func TestSecondCorpusForms(t *testing.T) {
	text := "The Monsoon Data Exchange (MDX) shares radar data. Its members are India, Nepal and Bangladesh. " +
		"The statute was signed in Kathmandu on 22 September 2007. " +
		"Bhutan came aboard in 2008 and Sri Lanka a year after that. " +
		"Pakistan's membership lapsed at the end of 2013. " +
		"The treaty's second article makes each member keep one radar open around the clock. " +
		"Article 7 splits the cost of any new radar between the members. " +
		"Article 12 was amended in 2020 to let observers read the data. " +
		"We met Aigerim Seitkali, the body's president since 2019, in her office. " +
		"The rules came from Farid Mammadov, who led it from 2005 until 2019."
	s, err := Article(text, Options{Title: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	m := s.Membership
	if m.Founded == nil || m.Founded.ISO() != "2007-09-22" {
		t.Errorf("founded %v, want 2007-09-22", m.Founded)
	}
	if got := sortedNames(m.Members); strings.Join(got, ",") != "Bangladesh,Bhutan,India,Nepal,Sri Lanka" {
		t.Errorf("members %v", got)
	}
	if got := departedStatuses(m.Departed); strings.Join(got, ",") != "Pakistan:left" {
		t.Errorf("departed %v", got)
	}
	var arts []string
	for _, a := range s.Charter.Articles {
		arts = append(arts, fmt.Sprintf("%d: %s", a.Number, a.Provides))
	}
	slices.Sort(arts)
	if want := []string{"12: amended in 2020 to let observers read the data", "2: makes each member keep one radar open around the clock", "7: splits the cost of any new radar between the members"}; strings.Join(arts, "|") != strings.Join(want, "|") {
		t.Errorf("articles\n%v\nwant\n%v", arts, want)
	}
	roles := map[string]string{}
	for _, p := range s.People {
		roles[p.Name] = p.Role
	}
	if roles["Aigerim Seitkali"] != "President of the Monsoon Data Exchange" || roles["Farid Mammadov"] != "Former Leader of the Monsoon Data Exchange" {
		t.Errorf("people %v", roles)
	}
}

// TestInterviewsAndPronouns leaves out an interview's "Q:" and "A:", the
// word before an organisation's name, questions as events, and puts for
// "It" the country the sentence before opened with.
func TestInterviewsAndPronouns(t *testing.T) {
	text := "When the Alpine Rail Freight Union met in 1999, its members were Switzerland, Austria and Italy.\n\n" +
		"Q: What changed in 2020?\n\nA: Timor-Leste first took part in 2010. It rejoined the union in 2015.\n\n" +
		"The union's next meeting is scheduled for 14 September 2024 in Bern."
	s, err := Article(text, Options{Title: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Membership.Organisation != "Alpine Rail Freight Union" {
		t.Errorf("organisation %q", s.Membership.Organisation)
	}
	var events []string
	for _, d := range s.Dates {
		events = append(events, d.Date.ISO()+" "+d.Event)
	}
	got := strings.Join(events, "|")
	for _, bad := range []string{"Q:", "What changed", "A: ", "for in Bern"} {
		if strings.Contains(got, bad) {
			t.Errorf("events %q hold %q", events, bad)
		}
	}
	if !strings.Contains(got, "2015 Timor-Leste rejoined") {
		t.Errorf("events %q: want Timor-Leste to have rejoined in 2015", events)
	}
}

// TestMembersTable reads a Markdown table of members and the years they
// joined.
func TestMembersTable(t *testing.T) {
	text := "# Reef Compact\n\nThe Reef Restoration Compact (RRC) restores reefs.\n\n## Members\n\n| Country | Joined |\n| --- | --- |\n| Indonesia | 2009 |\n| Philippines | 2009 |\n| Papua New Guinea | 2012 |\n\nThe compact meets every year."
	s, err := Article(text, Options{Title: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	if got := sortedNames(s.Membership.Members); strings.Join(got, ",") != "Indonesia,Papua New Guinea,Philippines" {
		t.Errorf("members %v", got)
	}
	var events []string
	for _, d := range s.Dates {
		events = append(events, d.Date.ISO()+" "+d.Event)
	}
	if !slices.Contains(events, "2012 Papua New Guinea joined") {
		t.Errorf("events %q", events)
	}
}

// TestDatelineYear gives a day named without its year the year of a news
// report's dateline, and a speaker named after "said" the statement.
func TestDatelineYear(t *testing.T) {
	text := "SALTA, Argentina, Feb. 7, 2023 — The High Andes Lithium Council (HALC) set a floor price on Monday. Its members are Argentina, Bolivia and Chile. " +
		"In late 2020 the council first met. The council's next meeting is scheduled for Sept. 14 in Antofagasta. " +
		"\"Nobody enjoys this,\" said Ana Ruiz, who chairs the council."
	s, err := Article(text, Options{Title: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, d := range s.Dates {
		events = append(events, d.Date.ISO()+" "+d.Event)
	}
	if !slices.ContainsFunc(events, func(e string) bool { return strings.HasPrefix(e, "2023-09-14 ") }) {
		t.Errorf("events %q: want the meeting on 2023-09-14", events)
	}
	var who []string
	for _, r := range s.Reactions {
		who = append(who, r.Who)
	}
	if !slices.Contains(who, "Ana Ruiz") {
		t.Errorf("reactions by %v, want Ana Ruiz", who)
	}
}

// TestMoreDateForms reads "It was not until 2014 that", a sentence that
// opens with "By 2018", a range of years, and a year that names an event
// ("the 2017 summit").
func TestMoreDateForms(t *testing.T) {
	text := "The Andean Water Compact (AWC) manages shared rivers. Its members are Chile, Peru and Bolivia. " +
		"It was not until 2014 that the first fine was paid. " +
		"By 2018 the fund had paid out twelve claims. " +
		"Between 2010 and 2013 the dams were surveyed. " +
		"On the eve of the 2017 summit, Peru signed a deal. Bolivia hosted the 2019 summit in La Paz."
	s, err := Article(text, Options{Title: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range s.Dates {
		got = append(got, d.Date.ISO()+" "+d.Event)
	}
	want := []string{"2014 The first fine was paid", "2018 The fund had paid out twelve claims", "2010 The dams were surveyed",
		"2017 Peru signed a deal", "2019 Bolivia hosted the summit in La Paz"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("dates\n%q\nwant\n%q", got, want)
	}
}

// TestThirdCorpusForms reads people "who has run", after an apposition
// ("..., a marine biologist from Chile, has chaired the council"), after
// a title without "the" ("secretary to the Board") and right after a
// lowercase title ("our correspondent"), and reactions "was the first to
// welcome" and "did not speak".
func TestThirdCorpusForms(t *testing.T) {
	text := "The Kelp Council (KC) manages kelp. Its members are Chile, Peru and Ecuador. " +
		"Rasa Jones, who has run the laboratory since 2012, rebuilt it. " +
		"Ana Luisa Cerda, a marine biologist from Chile, has chaired the council since 2021. " +
		"Minutes taken by Ondrej Balaz, secretary to the Board. " +
		"Our correspondent Tomás Riquelme has been following the meeting. " +
		"Peru was the first to welcome the plan. Ecuador did not speak on the item."
	s, err := Article(text, Options{Title: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	roles := map[string]string{}
	for _, p := range s.People {
		roles[p.Name] = p.Role
	}
	for name, role := range map[string]string{"Rasa Jones": "Head of the laboratory", "Ana Luisa Cerda": "Chair of the council",
		"Ondrej Balaz": "Secretary of the Board", "Tomás Riquelme": "Correspondent"} {
		if roles[name] != role {
			t.Errorf("%s: role %q, want %q (people %v)", name, roles[name], role, roles)
		}
	}
	var got []string
	for _, r := range s.Reactions {
		got = append(got, r.Who+":"+string(r.Stance))
	}
	slices.Sort(got)
	if strings.Join(got, ",") != "Ecuador:evasive,Peru:support" {
		t.Errorf("reactions %v", got)
	}
}
