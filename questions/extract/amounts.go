package extract

import (
	"regexp"
	"strings"

	"quizd/questions"
	"quizd/questions/facts"
)

// amountRE is an amount of money, a share or a duration: "$18,000",
// "€2.5 million", "70 percent", "90 days", "nineteen days".
var amountRE = regexp.MustCompile(`(?:US\$|\$|€|£)\s?\d[\d,]*(?:\.\d+)?(?:\s(?:million|billion|thousand))?\b|\b\d[\d,]*(?:\.\d+)?\s(?:million\s|billion\s)?(?:euros|dollars|pounds|francs|percent|per\scent)\b|\b\d[\d,]*(?:\.\d+)?%|\b(?:\d{1,4}|` + numberWordPattern + `)\s(?:days|weeks|months|years|hours)\b`)

// numberWordPattern is a number in words up to ninety-nine.
const numberWordPattern = `(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)`

// amountTopicRE sorts an amount's sentence into a topic.
var (
	amountCharterRE = regexp.MustCompile(`\b(?:[Aa]rticle|[Aa]rt\.)\s`)
	amountDatesRE   = regexp.MustCompile(`(?i)\b(?:lasted|took|ran\s+for|within|after|for|over)\b`)
)

// pronounStartRE is a sentence that opens with a pronoun: read alone, as
// a question is, it would point to nothing.
var pronounStartRE = regexp.MustCompile(`^(?:It|They|This|That|These|Those|He|She|We|Its|Their)\b`)

// maxAmounts bounds the amount notes of one article: each is a cloze of its
// sentence, and a few of them are what a teacher would ask.
const maxAmounts = 6

// amounts notes each sentence that states one amount or duration, as a
// question that blanks it: "$18,000", "90 days", "lasted 19 days" are
// facts in their own right.
func (x *extractor) amounts() {
	org := x.sheet.Membership.Organisation
	for _, st := range x.doc.Sentences {
		if len(x.sheet.Notes) >= maxAmounts {
			return
		}
		locs := amountRE.FindAllStringIndex(st.Text, -1)
		if len(locs) != 1 || len(strings.Fields(st.Text)) > 30 || strings.ContainsAny(st.Text, "?\"“”") || pronounStartRE.MatchString(st.Text) {
			continue
		}
		amount := st.Text[locs[0][0]:locs[0][1]]
		topic := facts.Topic(questions.TopicMembership)
		switch {
		case amountCharterRE.MatchString(st.Text):
			topic = facts.Topic(questions.TopicCharter)
		case amountDatesRE.MatchString(st.Text[:locs[0][0]]) && strings.Contains("days weeks months years hours", lastField(amount)):
			topic = facts.Topic(questions.TopicDates)
		case len(x.sheet.Reactions) > 0 && org == "":
			topic = facts.Topic(questions.TopicReactions)
		}
		sentence := strings.TrimRight(strings.TrimSpace(st.Text), ".!")
		blanked := sentence[:locs[0][0]] + "____" + sentence[locs[0][1]:]
		x.sheet.Notes = append(x.sheet.Notes, facts.Note{
			Topic:     topic,
			Question:  "What figure does the source give in this sentence: “" + blanked + ".”?",
			Answer:    amount,
			Accept:    amountForms(amount),
			Statement: sentence[:locs[0][0]] + "[[" + amount + "]]" + sentence[locs[0][1]:] + ".",
			Source:    ref(st),
		})
	}
}

func lastField(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// amountForms are other ways to type an amount: without the thousands
// separator, "%" for "percent".
func amountForms(a string) []string {
	var out []string
	add := func(s string) {
		if s != a && s != "" && !strings.Contains(strings.Join(out, "\x00"), s) {
			out = append(out, s)
		}
	}
	add(strings.ReplaceAll(a, ",", ""))
	add(strings.Replace(strings.Replace(a, " percent", "%", 1), " per cent", "%", 1))
	return out
}
