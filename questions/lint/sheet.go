package lint

import "quizd/questions/facts"

// FromSheet is what a fact sheet tells the linter: the organisation's
// members under each of its names, and the other names of the members,
// non-members, people and actors it lists. A bank generated from the sheet
// is linted with it, so that a group check does not depend on the bank
// happening to state who belongs.
func FromSheet(s *facts.Sheet) Options {
	o := Options{Groups: map[string][]string{}, Aliases: map[string][]string{}}
	m := s.Membership
	var members []string
	for _, c := range m.Members {
		members = append(members, c.Name)
	}
	// A member that froze its participation is still one on paper: a
	// student may count it either way.
	for _, d := range m.Departed {
		members = append(members, d.Name)
	}
	for _, name := range append([]string{m.Organisation, m.Abbreviation}, m.Aliases...) {
		if name != "" && len(members) > 0 {
			o.Groups[name] = members
		}
	}
	alias := func(name string, as []string) {
		if name != "" && len(as) > 0 {
			o.Aliases[name] = append(o.Aliases[name], as...)
		}
	}
	for _, c := range append(append(m.Members, m.Observers...), m.NonMembers...) {
		alias(c.Name, c.Aliases)
	}
	for _, d := range m.Departed {
		alias(d.Name, d.Aliases)
	}
	for _, p := range s.People {
		alias(p.Name, p.Aliases)
	}
	for _, r := range s.Reactions {
		alias(r.Who, r.Aliases)
	}
	alias(m.Abbreviation, append([]string{m.Organisation}, m.Aliases...))
	return o
}
