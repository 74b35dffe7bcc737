package generate

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"quizd/questions"
	"quizd/questions/facts"
)

// clean returns a copy of the sheet without the facts no question should
// be made of: a fact stated twice (an article that repeats itself), a
// reaction whose actor is no one who can act ("Article 7", a date, a
// pronoun), an event worded as a question. Each left-out fact gets a note
// that says why. The sheet itself is not changed.
func clean(s *facts.Sheet) (*facts.Sheet, []string) {
	c := *s
	var notes []string
	note := func(format string, args ...any) { notes = append(notes, fmt.Sprintf(format, args...)) }
	m := &c.Membership
	m.Members = uniqueCountries(m.Members, "members", note)
	m.NonMembers = uniqueCountries(m.NonMembers, "non-members", note)
	m.Observers = uniqueCountries(m.Observers, "observers", note)
	m.Departed = unique(m.Departed, func(d facts.Departure) string { return questions.Normalize(d.Name) }, func(d facts.Departure) {
		note("%s is listed twice among the countries that left or froze their participation: it is asked of once.", d.Name)
	})
	c.Dates = slices.DeleteFunc(slices.Clone(c.Dates), func(d facts.DateFact) bool {
		if questionWorded(d.Event) {
			note("The event %q is worded as a question, not as something that happened: it is left out.", d.Event)
			return true
		}
		return false
	})
	c.Dates = unique(c.Dates, func(d facts.DateFact) string { return questions.Normalize(d.Event) + "|" + d.Date.ISO() }, func(d facts.DateFact) {
		note("The event %q on %s is listed twice: it is asked of once.", d.Event, d.Date.String())
	})
	c.Charter.Articles = unique(c.Charter.Articles, func(a facts.Article) string { return fmt.Sprint(a.Number) }, func(a facts.Article) {
		note("Article %d is listed twice: the first is asked of.", a.Number)
	})
	c.Reactions = slices.DeleteFunc(slices.Clone(c.Reactions), func(r facts.Reaction) bool {
		if why := implausibleActor(r.Who); why != "" {
			note("The reaction of %q is left out: %s, not someone who reacts.", r.Who, why)
			return true
		}
		return false
	})
	c.Reactions = unique(c.Reactions, func(r facts.Reaction) string { return questions.Normalize(r.Who) + "|" + questions.Normalize(r.Gist) }, func(r facts.Reaction) {
		note("The reaction of %s (%s) is listed twice: it is asked of once.", r.Who, r.Gist)
	})
	c.People = unique(c.People, func(p facts.Person) string { return questions.Normalize(p.Name) }, func(p facts.Person) {
		note("%s is listed twice among the people: the first role is asked of.", p.Name)
	})
	c.Notes = unique(c.Notes, func(n facts.Note) string { return questions.Normalize(n.Question) }, func(n facts.Note) {
		note("The note %q is listed twice: it is asked once.", n.Question)
	})
	c.Claims = unique(c.Claims, func(n facts.Claim) string { return questions.Normalize(n.Question) }, func(n facts.Claim) {
		note("The claim %q is listed twice: it is asked once.", n.Question)
	})
	return &c, notes
}

// unique keeps the first of the facts with one key, calling dropped with
// each later one.
func unique[T any](xs []T, key func(T) string, dropped func(T)) []T {
	seen := map[string]bool{}
	var out []T
	for _, x := range xs {
		k := key(x)
		if seen[k] {
			dropped(x)
			continue
		}
		seen[k] = true
		out = append(out, x)
	}
	return out
}

// uniqueCountries keeps each country once, by any of its names; what a
// later mention adds (a note, a reason, other names) goes to the first.
func uniqueCountries(cs []facts.Country, list string, note func(string, ...any)) []facts.Country {
	var out []facts.Country
	for _, c := range cs {
		i := slices.IndexFunc(out, func(o facts.Country) bool { return sameCountry(o, c) })
		if i < 0 {
			out = append(out, c)
			continue
		}
		note("%s is listed twice among the %s: it is asked of once.", c.Name, list)
		first := &out[i]
		if first.Note == "" {
			first.Note = c.Note
		}
		if first.Reason == "" {
			first.Reason = c.Reason
		}
		if first.Source == "" {
			first.Source = c.Source
		}
		for _, a := range append([]string{c.Name}, c.Aliases...) {
			if !containsName(append([]string{first.Name}, first.Aliases...), a) {
				first.Aliases = append(first.Aliases, a)
			}
		}
	}
	return out
}

func sameCountry(a, b facts.Country) bool {
	an := append([]string{a.Name}, a.Aliases...)
	return slices.ContainsFunc(append([]string{b.Name}, b.Aliases...), func(n string) bool { return containsName(an, n) })
}

var questionWords = map[string]bool{"which": true, "what": true, "when": true, "who": true, "whom": true, "whose": true,
	"why": true, "how": true, "where": true, "whether": true}

// questionWorded reports whether an event reads as a question ("Which
// countries joined", "When the treaty was signed?"): a question made of
// it would ask "When did which countries join?".
func questionWorded(event string) bool {
	e := strings.TrimSpace(event)
	if strings.HasSuffix(e, "?") {
		return true
	}
	first, _, _ := strings.Cut(e, " ")
	return questionWords[strings.ToLower(strings.Trim(first, `"'“‘(`))]
}

var (
	// pronouns stand for someone named before, whom the extractor did not
	// find; possessives make a phrase of them ("their government").
	pronouns = map[string]bool{"he": true, "she": true, "it": true, "they": true, "we": true, "i": true, "you": true,
		"this": true, "that": true, "these": true, "those": true, "who": true, "which": true, "someone": true,
		"somebody": true, "one": true, "others": true, "both": true, "each": true, "all": true, "none": true,
		"him": true, "them": true, "us": true, "there": true}
	possessives = map[string]bool{"his": true, "her": true, "its": true, "their": true, "our": true, "my": true, "your": true}
	clauseRE    = regexp.MustCompile(`(?i)^(?:the\s+)?(?:(?:article|section|chapter|paragraph|clause|part|annex|protocol)\s+|(?:art\.|sec\.|para\.|§)\s*)(?:\d+|[ivxlc]+)\b`)
	// quantifiers make a phrase of no one in particular ("not every
	// government", "some members").
	quantifiers = map[string]bool{"not": true, "no": true, "every": true, "some": true, "many": true, "several": true,
		"few": true, "most": true, "any": true}
	// groupNouns, alone, are people the article does not name.
	groupNouns = map[string]bool{"officials": true, "experts": true, "analysts": true, "critics": true, "observers": true,
		"residents": true, "diplomats": true, "sources": true, "authorities": true, "leaders": true, "ministers": true,
		"members": true, "delegates": true, "participants": true, "scientists": true, "researchers": true, "people": true,
		"citizens": true, "protesters": true, "activists": true, "commentators": true, "locals": true, "farmers": true}
	// auxiliaries end a piece of a passive sentence taken for an actor ("the
	// accession was"), prepositions start one ("In Article 11 it is").
	auxiliaries = map[string]bool{"is": true, "was": true, "are": true, "were": true, "be": true, "been": true, "being": true,
		"has": true, "have": true, "had": true, "will": true, "would": true, "can": true, "could": true, "may": true,
		"might": true, "should": true, "must": true, "shall": true, "did": true, "does": true, "do": true}
	prepositions = map[string]bool{"in": true, "on": true, "at": true, "by": true, "for": true, "from": true, "with": true,
		"after": true, "before": true, "during": true, "under": true, "since": true, "to": true, "of": true, "as": true, "if": true}
	monthsRE  = regexp.MustCompile(`(?i)^(?:(?:on|in|by|since|early|late|mid)\s+)?(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?,?(?:\s+\d{4})?$`)
	numeralRE = regexp.MustCompile(`^[\d\s.,/:-]+$`)
	weekdays  = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true,
		"yesterday": true, "today": true, "tomorrow": true, "week": true, "month": true, "year": true}
)

// implausibleActor says why who cannot be the one who reacted, or "" when
// it can: a clause of a document, a date, a pronoun (whose one it stands
// for the extractor did not know), a quantified phrase, a group of people
// the article does not name, a piece of a sentence.
func implausibleActor(who string) string {
	w := strings.TrimSpace(who)
	words := strings.Fields(strings.ToLower(w))
	switch {
	case len(words) == 0:
		return "it names no one"
	case clauseRE.MatchString(w):
		return "it is a part of a text"
	case numeralRE.MatchString(w) || monthsRE.MatchString(w):
		return "it is a date"
	case len(words) <= 2 && weekdays[strings.Trim(words[len(words)-1], ".,")]:
		return "it is a date"
	case len(words) == 1 && pronouns[strings.Trim(words[0], ".,")], possessives[words[0]]:
		return "it is a pronoun"
	case quantifiers[words[0]], len(words) == 1 && groupNouns[words[0]]:
		return "it names no one in particular"
	case auxiliaries[lastWord(w)], prepositions[words[0]]:
		return "it is a piece of a sentence"
	}
	return ""
}

// lastWord is the last word of s as written: "May" ends "Theresa May", not
// an auxiliary.
func lastWord(s string) string {
	f := strings.Fields(s)
	return strings.Trim(f[len(f)-1], ".,")
}
