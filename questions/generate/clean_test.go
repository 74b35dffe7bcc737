package generate_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"quizd/questions"
	"quizd/questions/facts"
	"quizd/questions/generate"
)

// reefSheet is a small sheet of a made-up forum, with the part under test
// put in its place.
func reefSheet(t *testing.T, membership, more string) *facts.Sheet {
	t.Helper()
	s, err := facts.Parse([]byte(`title: The Reef Forum
source:
  title: The Reef Forum
membership:
  organisation: Reef Forum
  abbreviation: RF
` + membership + `
dates:
  - event: The forum was founded in Suva
    date: 1998-09-12
  - event: The first joint patrol took place
    date: 2005-06
  - event: The forum closed its northern waters to tuna fishing
    date: 2020-02-02
reactions:
  - who: Australia
    to: the ban on tuna fishing
    stance: support
    gist: supported the ban
  - who: New Zealand
    to: the ban on tuna fishing
    stance: neutral
    gist: expressed concern about the ban's cost
` + more))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// asked lists the questions whose prompt, answer, choices or pairs contain
// any of the texts.
func asked(b *questions.Bank, texts ...string) []string {
	var out []string
	for _, q := range b.Questions {
		all := []string{q.Prompt, q.Answer}
		all = append(all, q.Choices...)
		all = append(all, q.Items...)
		for _, p := range q.Pairs {
			all = append(all, p.Left, p.Right)
		}
		whole := strings.ToLower(strings.Join(all, " | "))
		for _, t := range texts {
			if strings.Contains(whole, strings.ToLower(t)) {
				out = append(out, q.Prompt)
				break
			}
		}
	}
	return out
}

func bankWithNotes(t *testing.T, s *facts.Sheet) (*questions.Bank, string) {
	t.Helper()
	b, notes, err := generate.BankWithNotes(s)
	if err != nil {
		t.Fatal(err)
	}
	return b, strings.Join(notes, "\n")
}

func TestMemberCountIsAskedOnlyWhereItCanBeTrusted(t *testing.T) {
	countWords := []string{"how many member", "member countries", "the two member", "the four member"}
	for _, tc := range []struct {
		name, membership string
		asked            bool
		note             string
	}{
		{"three members", "  members: [{name: Fiji}, {name: Samoa}, {name: Tonga}]", true, ""},
		{"two members", "  members: [{name: Fiji}, {name: Samoa}]", false, "lists only two of the members of the RF (Fiji and Samoa)"},
		{"two members, one of them twice", "  members: [{name: Fiji}, {name: Samoa}]", false, "Fiji is listed twice among the members"},
		{"one member", "  members: [{name: Fiji}]", false, "lists only one of the members"},
		{"a member of a group not in the list", "  members: [{name: Fiji}, {name: Samoa}, {name: Tonga}, {name: Nauru}]",
			false, "calls Kiribati a member elsewhere"},
		{"a departed member that left", "  members: [{name: Fiji}, {name: Samoa}, {name: Tonga}]\n  departed: [{name: Kiribati, status: left}]", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := reefSheet(t, tc.membership, "")
			switch tc.name {
			case "two members, one of them twice":
				s.Membership.Members = append(s.Membership.Members, s.Membership.Members[0])
			case "a member of a group not in the list":
				s.Reactions = append(s.Reactions, facts.Reaction{Who: "the other members", Members: []string{"Tonga", "Kiribati"}, Gist: "kept quiet"})
			}
			b, notes := bankWithNotes(t, s)
			got := asked(b, countWords...)
			if tc.asked && len(got) == 0 {
				t.Errorf("the member count is not asked; notes:\n%s", notes)
			}
			if !tc.asked && len(got) > 0 {
				t.Errorf("the member count is asked: %q", got)
			}
			if !strings.Contains(notes, tc.note) {
				t.Errorf("notes\n%s\nwant one with %q", notes, tc.note)
			}
		})
	}
}

func TestReactionsOfNoOneAreNotAsked(t *testing.T) {
	junk := []string{"Article 7", "12 March 2021", "They", "Their government", "In May 2020", "Section IV of the treaty", "2019"}
	more := ""
	for _, who := range junk {
		more += "  - who: " + who + "\n    to: the ban on tuna fishing\n    stance: condemn\n    gist: called the ban unlawful\n"
	}
	s := reefSheet(t, "  members: [{name: Fiji}, {name: Samoa}, {name: Tonga}]", "")
	s2 := reefSheet(t, "  members: [{name: Fiji}, {name: Samoa}, {name: Tonga}]", more)
	b, notes := bankWithNotes(t, s2)
	if got := asked(b, junk...); len(got) > 0 {
		t.Errorf("questions on reactions of no one: %q", got)
	}
	for _, who := range junk {
		if !strings.Contains(notes, "The reaction of \""+who+"\" is left out") {
			t.Errorf("no note on %q:\n%s", who, notes)
		}
	}
	if got := asked(b, "Australia"); len(got) == 0 {
		t.Error("the reaction of Australia, who can react, is not asked")
	}
	// Without them, the bank is the bank of the sheet that never had them.
	want := mustBank(t, s)
	if len(b.Questions) != len(want.Questions) {
		t.Errorf("%d questions with the junk reactions, %d without", len(b.Questions), len(want.Questions))
	}
}

func TestEventsWordedAsQuestionsAreNotAsked(t *testing.T) {
	s := reefSheet(t, "  members: [{name: Fiji}, {name: Samoa}, {name: Tonga}]", "")
	s.Dates = append(s.Dates,
		facts.DateFact{Event: "Which which countries joined the forum", Date: s.Dates[0].Date},
		facts.DateFact{Event: "How the ban was lifted", Date: s.Dates[1].Date},
		facts.DateFact{Event: "Did the ban work?", Date: s.Dates[2].Date},
	)
	b, notes := bankWithNotes(t, s)
	if got := asked(b, "which which", "how the ban", "did the ban work"); len(got) > 0 {
		t.Errorf("questions on events worded as questions: %q", got)
	}
	for _, e := range []string{"Which which countries joined the forum", "How the ban was lifted", "Did the ban work?"} {
		if !strings.Contains(notes, "The event \""+e+"\" is worded as a question") {
			t.Errorf("no note on %q:\n%s", e, notes)
		}
	}
	if got := asked(b, "first joint patrol"); len(got) == 0 {
		t.Error("the events that happened are not asked")
	}
}

// TestAnEventAtTwoDatesGivesAValidBank: an event the sheet dates twice
// (an article that corrects itself) is never two items of one ordering
// nor the left side of two pairs of one matching.
func TestAnEventAtTwoDatesGivesAValidBank(t *testing.T) {
	s := reefSheet(t, "  members: [{name: Fiji}, {name: Samoa}, {name: Tonga}]", "")
	again := s.Dates[0]
	again.Date.Year += 3
	s.Dates = append(s.Dates, again)
	b := mustBank(t, s)
	for _, q := range b.Questions {
		if q.Type == questions.Ordering || q.Type == questions.Matching {
			if n := strings.Count(q.Answer, "The forum was founded in Suva"); n > 1 {
				t.Errorf("%s %q has the event %d times: %s", q.Type, q.Prompt, n, q.Answer)
			}
		}
	}
	if got := asked(b, "founded in Suva"); len(got) < 2 {
		t.Errorf("the event is asked only in %q", got)
	}
}

// TestPeopleOfOneRoleGiveAValidBank: two people the sheet gives one role
// (as FuzzArticleBank found, an article that names a second prime
// minister) never share a matching question.
func TestPeopleOfOneRoleGiveAValidBank(t *testing.T) {
	s := reefSheet(t, "  members: [{name: Fiji}, {name: Samoa}, {name: Tonga}]", `people:
  - {name: Ion Vasile, role: Prime Minister of Romania}
  - {name: Ion Russia Left, role: Prime Minister of Romania}
  - {name: Eva Gruber, role: Environment Minister of Austria}
  - {name: Mele Tupou, role: Secretary-General of the forum}
`)
	b := mustBank(t, s)
	for _, q := range b.Questions {
		if q.Type == questions.Matching && strings.Count(q.Answer, "Prime Minister of Romania") > 1 {
			t.Errorf("%q matches two people to one role: %s", q.Prompt, q.Answer)
		}
	}
}

func TestASheetOfJunkGivesAClearError(t *testing.T) {
	s := &facts.Sheet{Title: "Junk", Reactions: []facts.Reaction{{Who: "Article 7 of the charter", Gist: "condemned the ban"}}}
	_, notes, err := generate.BankWithNotes(s)
	if !errors.Is(err, generate.ErrNoQuestions) || !strings.Contains(err.Error(), `The reaction of "Article 7 of the charter" is left out`) || len(notes) != 1 {
		t.Errorf("error %v, notes %q: want ErrNoQuestions that says what was left out", err, notes)
	}
}

// FuzzMixedSheetBank: a sheet made of the facts of several sheets, some
// repeated and some given another's name, role, event or date, gives a
// valid bank or ErrNoQuestions. The fuzzer's bytes pick, three at a time,
// what to do, to which fact and with which other fact.
func FuzzMixedSheetBank(f *testing.F) {
	var pool []*facts.Sheet
	for _, s := range sheets(f) {
		pool = append(pool, s)
	}
	slices.SortFunc(pool, func(a, b *facts.Sheet) int { return strings.Compare(a.Title, b.Title) })
	f.Add([]byte{0, 0, 0})
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	f.Add([]byte{6, 1, 2, 7, 0, 1, 8, 2, 0, 9, 1, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 90 {
			return
		}
		s := mixSheet(pool, data)
		if _, err := generate.Bank(s); err != nil && !errors.Is(err, generate.ErrNoQuestions) {
			t.Fatalf("%v\nfrom %v", err, data)
		}
	})
}

// mixSheet starts from the first sheet of the pool and changes it as the
// bytes say.
func mixSheet(pool []*facts.Sheet, data []byte) *facts.Sheet {
	base := *pool[0]
	s := &base
	m := &s.Membership
	m.Members, m.NonMembers, m.Departed = slices.Clone(m.Members), slices.Clone(m.NonMembers), slices.Clone(m.Departed)
	s.Dates, s.Reactions, s.People = slices.Clone(s.Dates), slices.Clone(s.Reactions), slices.Clone(s.People)
	s.Charter.Articles = slices.Clone(s.Charter.Articles)
	for i := 0; i+2 < len(data); i += 3 {
		op, a, b := data[i]%12, int(data[i+1]), int(data[i+2])
		o := pool[b%len(pool)]
		switch {
		case op == 0 && len(o.Membership.Members) > 0: // another sheet's member
			m.Members = append(m.Members, o.Membership.Members[a%len(o.Membership.Members)])
		case op == 1 && len(o.Dates) > 0:
			s.Dates = append(s.Dates, o.Dates[a%len(o.Dates)])
		case op == 2 && len(o.Reactions) > 0:
			s.Reactions = append(s.Reactions, o.Reactions[a%len(o.Reactions)])
		case op == 3 && len(o.People) > 0:
			s.People = append(s.People, o.People[a%len(o.People)])
		case op == 4 && len(o.Charter.Articles) > 0:
			s.Charter.Articles = append(s.Charter.Articles, o.Charter.Articles[a%len(o.Charter.Articles)])
		case op == 5 && len(m.Members) > 1: // a member gone
			m.Members = slices.Delete(m.Members, a%len(m.Members), a%len(m.Members)+1)
		case op == 6 && len(s.Reactions) > 1: // one reacts as another does
			s.Reactions[a%len(s.Reactions)].Who = s.Reactions[b%len(s.Reactions)].Who
		case op == 7 && len(s.People) > 1: // two of one role
			s.People[a%len(s.People)].Role = s.People[b%len(s.People)].Role
		case op == 8 && len(s.Dates) > 1: // one event at another's date
			s.Dates[a%len(s.Dates)].Date = s.Dates[b%len(s.Dates)].Date
		case op == 9 && len(s.Dates) > 1: // another event in the words of one
			s.Dates[a%len(s.Dates)].Event = s.Dates[b%len(s.Dates)].Event
		case op == 10 && len(s.Reactions) > 0 && len(m.Members) > 0: // a member reacts
			s.Reactions[a%len(s.Reactions)].Who = m.Members[b%len(m.Members)].Name
		case op == 11 && len(s.Charter.Articles) > 1: // two articles on one subject
			s.Charter.Articles[a%len(s.Charter.Articles)].Subject = s.Charter.Articles[b%len(s.Charter.Articles)].Subject
		}
	}
	return s
}
