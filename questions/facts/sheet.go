// Package facts is the fact sheet: what an article says, sorted into the
// four topics that banks are generated from (membership, dates, charter
// articles, reactions), plus named people and free-form notes.
//
// A fact sheet is written by hand in YAML (see docs/fact-sheet.md) or
// proposed by the article extractor; the generator turns it into a bank.
package facts

import (
	"fmt"

	"go.yaml.in/yaml/v3"

	"quizd/questions"
)

// Sheet is every fact taken from one source.
type Sheet struct {
	Slug       string           `yaml:"slug,omitempty"`
	Title      string           `yaml:"title"`
	Source     questions.Source `yaml:"source"`
	Membership Membership       `yaml:"membership,omitempty"`
	Dates      []DateFact       `yaml:"dates,omitempty"`
	Charter    Charter          `yaml:"charter,omitempty"`
	Reactions  []Reaction       `yaml:"reactions,omitempty"`
	People     []Person         `yaml:"people,omitempty"`
	Notes      []Note           `yaml:"notes,omitempty"`
	// Stances are the sheet's own stance categories for reactions; without
	// them a reaction's stance is one of the built-in four.
	Stances []StanceDef `yaml:"stances,omitempty"`
	// Claims are the author's argument: what the source claims and why.
	Claims []Claim `yaml:"claims,omitempty"`
}

// DefaultWeight is how many questions one fact gives at most unless its
// weight says otherwise: more would pad the bank with the same fact.
const DefaultWeight = 3

// StanceDef is one stance category: reactions to one matter are sorted into
// categories that exclude each other, so that "which stance" has one key.
type StanceDef struct {
	Key Stance `yaml:"key"`
	// Label reads after the one who reacted: "openly took Russia's side".
	Label string `yaml:"label"`
}

// Claim is one step of the author's argument, written as a question and
// its answer ("Why, according to the author, ...?" "Because ...").
type Claim struct {
	Key   string `yaml:"key,omitempty"`
	Topic Topic  `yaml:"topic"`
	// Group joins claims about the same thing: their answers are never
	// each other's distractors.
	Group    string   `yaml:"group,omitempty"`
	Question string   `yaml:"question"`
	Answer   string   `yaml:"answer"`
	Accept   []string `yaml:"accept,omitempty"`
	// Distractors are wrong answers on the question's own subject; other
	// claims' answers make up the rest.
	Distractors []string `yaml:"distractors,omitempty"`
	// Statement is the claim as a true sentence, and False the same made
	// false, for statements to judge.
	Statement   string `yaml:"statement,omitempty"`
	False       string `yaml:"false,omitempty"`
	Explanation string `yaml:"explanation,omitempty"`
	Weight      int    `yaml:"weight,omitempty"`
	Source      string `yaml:"source,omitempty"`
}

// Membership is who belongs to an organisation and who does not.
type Membership struct {
	Organisation string   `yaml:"organisation"`
	Abbreviation string   `yaml:"abbreviation,omitempty"`
	Aliases      []string `yaml:"aliases,omitempty"`
	// Kind says what sort of body it is: "a collective security alliance".
	Kind    string `yaml:"kind,omitempty"`
	Founded *Date  `yaml:"founded,omitempty"`
	// Region is what the members have in common: "post-Soviet".
	Region  string    `yaml:"region,omitempty"`
	Members []Country `yaml:"members,omitempty"`
	// Count is how many members the source says there are ("eleven member
	// states"), when it says so: the questions ask for that number, and
	// for the list of members only when the sheet names every one.
	Count      int         `yaml:"count,omitempty"`
	Observers  []Country   `yaml:"observers,omitempty"`
	Departed   []Departure `yaml:"departed,omitempty"`
	NonMembers []Country   `yaml:"non_members,omitempty"`
	Source     string      `yaml:"source,omitempty"`
}

// Country is a member, an observer or a non-member, with what the source
// says of it.
type Country struct {
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases,omitempty"`
	// Note is a fact about the country's place in the organisation, written
	// so that it reads after the name: "forms the Union State with Russia".
	Note string `yaml:"note,omitempty"`
	// Reason says why a non-member is not a member.
	Reason string `yaml:"reason,omitempty"`
	Source string `yaml:"source,omitempty"`
}

// Departure is a member that froze its participation or left.
type Departure struct {
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases,omitempty"`
	Status  Status   `yaml:"status"`
	When    *Date    `yaml:"when,omitempty"`
	Note    string   `yaml:"note,omitempty"`
	Source  string   `yaml:"source,omitempty"`
}

// DateFact is an event and when it happened.
type DateFact struct {
	// Key names the event for question IDs; the event text's slug when empty.
	Key   string `yaml:"key,omitempty"`
	Event string `yaml:"event"`
	// Question asks for the date in the sheet's own words: "When did the
	// peacekeepers deploy?". The generator phrases one from Event when empty.
	Question string `yaml:"question,omitempty"`
	Date     Date   `yaml:"date"`
	// YearImplied says the source gives the date without its year ("on
	// August 8"), so that an answer without the year is right too.
	YearImplied bool `yaml:"year_implied,omitempty"`
	// Accept holds other right answers in the source's own words ("early
	// January 2022").
	Accept []string `yaml:"accept,omitempty"`
	// PerSource says the date is the source's own, where others date the
	// event otherwise (a treaty signed one year, an organisation set up in
	// another): questions say "according to the source".
	PerSource   bool   `yaml:"per_source,omitempty"`
	Explanation string `yaml:"explanation,omitempty"`
	Weight      int    `yaml:"weight,omitempty"`
	Source      string `yaml:"source,omitempty"`
}

// Charter is the founding document's articles.
type Charter struct {
	Document string    `yaml:"document,omitempty"`
	Articles []Article `yaml:"articles,omitempty"`
}

// Article is one numbered article and what it provides.
type Article struct {
	Number int `yaml:"number"`
	// Subject is a short name for what it is about: "the goals of the organisation".
	Subject  string `yaml:"subject"`
	Provides string `yaml:"provides"`
	// Points are single provisions of the article; a [[term]] in a point
	// marks the word a cloze question blanks out.
	Points      []string `yaml:"points,omitempty"`
	Explanation string   `yaml:"explanation,omitempty"`
	Weight      int      `yaml:"weight,omitempty"`
	Source      string   `yaml:"source,omitempty"`
}

// Reaction is what someone said or did about an event.
type Reaction struct {
	// Key names the reaction for question IDs; who and to when empty.
	Key     string   `yaml:"key,omitempty"`
	Who     string   `yaml:"who"`
	Aliases []string `yaml:"aliases,omitempty"`
	// Members are the countries a group ("the other members") stands for:
	// none of them is ever a distractor against the group, nor it against them.
	Members []string `yaml:"members,omitempty"`
	// Question asks what they said or did, in the sheet's own words.
	Question string `yaml:"question,omitempty"`
	// WhoQuestion asks who said or did it, where "Who <gist>?" could be
	// answered by someone else too ("Which member other than Russia ...?").
	WhoQuestion string `yaml:"who_question,omitempty"`
	// To is the matter reacted to; without it, questions ask for the
	// stance alone.
	To string `yaml:"to,omitempty"`
	// Stance sorts reactions to one matter; without it no question asks
	// for the stance.
	Stance Stance `yaml:"stance,omitempty"`
	// Gist is what they said or did, written to follow the name:
	// "condemned Ukraine's operation".
	Gist string `yaml:"gist"`
	// Quote is a short phrase of the statement, where the source gives one.
	Quote       string `yaml:"quote,omitempty"`
	Explanation string `yaml:"explanation,omitempty"`
	Weight      int    `yaml:"weight,omitempty"`
	Source      string `yaml:"source,omitempty"`
}

// Person is a named person and their role.
type Person struct {
	Name    string   `yaml:"name"`
	Aliases []string `yaml:"aliases,omitempty"`
	Role    string   `yaml:"role"`
	// Office is the role without its country ("Prime Minister"): a false
	// statement gives the person another office of the same country.
	Office  string `yaml:"office,omitempty"`
	Country string `yaml:"country,omitempty"`
	// Note is what the source says they did: "asked the CSTO for help".
	Note   string `yaml:"note,omitempty"`
	Topic  Topic  `yaml:"topic,omitempty"`
	Source string `yaml:"source,omitempty"`
}

// Note is any other fact a teacher would ask about, written as a question
// and its answer.
type Note struct {
	Key      string   `yaml:"key,omitempty"`
	Topic    Topic    `yaml:"topic"`
	Question string   `yaml:"question"`
	Answer   string   `yaml:"answer"`
	Accept   []string `yaml:"accept,omitempty"`
	// Statement is the fact as a true sentence; with it the generator makes
	// true/false questions, and with a [[term]] in it, a cloze question.
	Statement string `yaml:"statement,omitempty"`
	// False is the fact made false, for a false statement to judge.
	False string `yaml:"false,omitempty"`
	// Distractors are wrong answers for a multiple-choice question.
	Distractors []string `yaml:"distractors,omitempty"`
	Explanation string   `yaml:"explanation,omitempty"`
	Weight      int      `yaml:"weight,omitempty"`
	Source      string   `yaml:"source,omitempty"`
}

// Stance is how a reaction stands toward the event.
type Stance string

// The stances of a reaction.
const (
	Support Stance = "support"
	Condemn Stance = "condemn"
	Neutral Stance = "neutral"
	Evasive Stance = "evasive"
)

// Stances lists every built-in stance.
var Stances = []Stance{Support, Condemn, Neutral, Evasive}

// Categories returns the sheet's stance categories: its own, or the
// built-in ones, where neutral and evasive are one category ("took no
// clear position"), since the two can't be told apart by a student.
func (s *Sheet) Categories() []StanceDef {
	if len(s.Stances) > 0 {
		return s.Stances
	}
	return []StanceDef{{Key: Support, Label: "supported"}, {Key: Condemn, Label: "spoke out against"}, {Key: Neutral, Label: "took no clear position on"}}
}

// Category returns the key of the category a stance belongs to.
func (s *Sheet) Category(st Stance) Stance {
	if len(s.Stances) == 0 && st == Evasive {
		return Neutral
	}
	return st
}

// Status is what became of a departed member.
type Status string

// The statuses of a departed member.
const (
	Frozen Status = "frozen"
	Left   Status = "left"
)

// Topic is one of the four topics of an article bank.
type Topic string

// Date is a questions.Date read from a fact sheet.
type Date struct{ questions.Date }

// Count returns how many facts the sheet holds, by topic.
func (s *Sheet) Count() map[string]int {
	m := s.Membership
	n := map[string]int{
		questions.TopicMembership: len(m.Members) + len(m.Observers) + len(m.Departed) + len(m.NonMembers),
		questions.TopicDates:      len(s.Dates),
		questions.TopicCharter:    len(s.Charter.Articles),
		questions.TopicReactions:  len(s.Reactions),
	}
	if m.Founded != nil {
		n[questions.TopicMembership]++
	}
	for _, p := range s.People {
		n[p.Topic.Or(questions.TopicReactions)]++
	}
	for _, note := range s.Notes {
		n[string(note.Topic)]++
	}
	for _, c := range s.Claims {
		n[string(c.Topic)]++
	}
	return n
}

// Or returns the topic, or def when it is empty.
func (t Topic) Or(def string) string {
	if t == "" {
		return def
	}
	return string(t)
}

// Plain returns the sheet as plain maps and lists under the fact sheet's
// own keys (membership, dates, charter …), as its YAML has them: for an
// encoder such as encoding/json that does not read YAML tags.
func (s *Sheet) Plain() (map[string]any, error) {
	data, err := yaml.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("facts: encode sheet: %w", err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("facts: decode sheet: %w", err)
	}
	return m, nil
}
