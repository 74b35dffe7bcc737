// Package questions is quizd's domain: the question bank and its question
// types, grading of responses, and (in sub-packages) fact sheets, the article
// extractor, the generator and the import and export formats.
//
// It knows nothing of HTTP or the database: the server and storage packages
// build on it, never the other way round.
package questions

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Type is the kind of a question: how it is shown and how it is answered.
type Type string

// The question types. Every bank may use any of them.
const (
	Flashcard      Type = "flashcard"       // front and back; the student rates their own recall
	MultipleChoice Type = "multiple_choice" // pick the one (or every) correct choice
	TrueFalse      Type = "true_false"      // a statement to judge
	Cloze          Type = "cloze"           // a sentence with one blank to fill
	ShortAnswer    Type = "short_answer"    // a typed answer, graded leniently
	Ordering       Type = "ordering"        // put items in time order
	Matching       Type = "matching"        // pair each left item with its right item
)

// Types lists every question type in a fixed order, for summaries and forms.
var Types = []Type{Flashcard, MultipleChoice, TrueFalse, Cloze, ShortAnswer, Ordering, Matching}

// Valid reports whether t is one of the known types.
func (t Type) Valid() bool { return slices.Contains(Types, t) }

// The topics of banks generated from an article. Uploaded banks may bring
// topics of their own.
const (
	TopicMembership = "membership"
	TopicDates      = "dates"
	TopicCharter    = "charter"
	TopicReactions  = "reactions"
)

// ArticleTopics lists the generator's topics in the order they are taught.
var ArticleTopics = []string{TopicMembership, TopicDates, TopicCharter, TopicReactions}

// Blank marks the gap in the prompt of a cloze question.
const Blank = "_____"

// Bank is a named, versioned set of questions about one source.
type Bank struct {
	// Slug is the bank's stable name, unique among banks: an upload as a
	// new bank gets one of its own (week1-2), and updating a bank keeps
	// its slug (storage.ReplaceBank).
	Slug  string `json:"slug"`
	Title string `json:"title"`
	// Version changes whenever any question changes; see Bank.Stamp.
	Version   string     `json:"version,omitempty"`
	Source    Source     `json:"source"`
	Questions []Question `json:"questions"`
}

// Source says where the material of a bank comes from.
type Source struct {
	Title    string `json:"title"`
	Author   string `json:"author,omitempty"`
	Location string `json:"location,omitempty"` // a URL, a file name or a citation
}

// Question is one question of a bank. Which fields are used depends on Type:
//
//   - flashcard, short_answer, cloze: Answer, and Accept for other accepted
//     answers; YearOptional when the answer is a date asked without its year;
//   - multiple_choice: Choices, and Answer naming the correct choice, or
//     Answers naming every correct choice when more than one is;
//   - true_false: Answer is "true" or "false";
//   - ordering: Items in their correct order (Answer is derived for display);
//   - matching: Pairs (Answer is derived for display).
type Question struct {
	// ID is the question's identity, assigned once: every format carries
	// it (JSON id, a CSV id column, a GIFT ::name::, an Anki note's guid),
	// and one made from text when a file has none is provisional: updating
	// a bank matches such questions to the stored ones (questions/match),
	// which keep their ids, so progress survives corrections, re-generation
	// and re-upload.
	ID     string   `json:"id"`
	Topic  string   `json:"topic"`
	Type   Type     `json:"type"`
	Prompt string   `json:"prompt"`
	Answer string   `json:"answer"`
	Accept []string `json:"accept,omitempty"`
	// Choices are the options of a multiple-choice question, in display order.
	Choices []string `json:"choices,omitempty"`
	// Answers lists the correct choices of a multiple-answer question.
	Answers []string `json:"answers,omitempty"`
	Items   []string `json:"items,omitempty"`
	Pairs   []Pair   `json:"pairs,omitempty"`
	// Numbers are the accepted ranges of a numerical short answer: a
	// response is right when it is a number inside one of them.
	Numbers []NumberRange `json:"numbers,omitempty"`
	// YearOptional says that the question asks for less than its date
	// answer gives: the month of "January 2022" ("In which month…?"), or
	// the day and month of a date the source writes without its year. A
	// typed response that leaves the year out is right when the rest is; one
	// that gives a year must give the right one.
	YearOptional bool `json:"year_optional,omitempty"`
	// Explanation is shown after answering.
	Explanation string `json:"explanation,omitempty"`
	// SourceRef is the sentence of the article the question was made from,
	// or the fact it came from.
	SourceRef string `json:"source_ref,omitempty"`
}

// NumberRange is an accepted range of numbers, both ends included.
type NumberRange struct {
	Min float64 `json:"min"`
	Max float64 `json:"max"`
}

// String writes the range as min..max, the form the CSV and GIFT formats
// share.
func (r NumberRange) String() string {
	return strconv.FormatFloat(r.Min, 'g', -1, 64) + ".." + strconv.FormatFloat(r.Max, 'g', -1, 64)
}

// ParseNumberRange reads a range written min..max, or a single number as
// the range of that number alone. It reports false when either end is not
// a number; whether the ends are in order is for the caller to judge.
func ParseNumberRange(s string) (NumberRange, bool) {
	lo, hi, ok := strings.Cut(s, "..")
	if !ok {
		hi = lo
	}
	a, err1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
	b, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
	return NumberRange{Min: a, Max: b}, err1 == nil && err2 == nil
}

// Pair is one row of a matching question.
type Pair struct {
	Left  string `json:"left"`
	Right string `json:"right"`
}

// MakeID returns a stable question ID from the parts that identify a
// question: the same parts always give the same ID.
func MakeID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x1f")))
	return "q" + hex.EncodeToString(h[:8])
}

// Stamp sets the bank's Version from its content, so that two banks with the
// same questions have the same version and any change gives a new one.
func (b *Bank) Stamp() {
	b.Version = ""
	data, err := json.Marshal(b)
	if err != nil {
		// A Bank holds only strings and slices of them: Marshal cannot fail.
		panic(fmt.Sprintf("questions: marshal bank: %v", err))
	}
	h := sha256.Sum256(data)
	b.Version = hex.EncodeToString(h[:6])
}

// MultipleAnswers reports whether more than one choice must be picked.
func (q *Question) MultipleAnswers() bool { return len(q.Answers) > 1 }

// CorrectChoices returns the choices that must be picked.
func (q *Question) CorrectChoices() []string {
	if len(q.Answers) > 0 {
		return q.Answers
	}
	return []string{q.Answer}
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// Slugify turns a title into a slug: lower case ASCII words joined by dashes.
func Slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range Fold(title) {
		switch {
		case r == '\'' || r == '’':
			continue
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// ListText writes a list as prose does: "A", "A and B", "A, B and C". It
// is the answer text of a question with several right choices.
func ListText(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// PairsText is the answer text of a matching question: "L: R; L2: R2".
func PairsText(pairs []Pair) string {
	parts := make([]string, len(pairs))
	for i, p := range pairs {
		parts[i] = p.Left + ": " + p.Right
	}
	return strings.Join(parts, "; ")
}

// ItemsText is the answer text of an ordering question: "A → B → C".
func ItemsText(items []string) string { return strings.Join(items, " → ") }

// Equal reports whether two questions are the same, counting a missing
// list and an empty one as the same (as files that carry them do).
func (q Question) Equal(o Question) bool {
	return reflect.DeepEqual(q.normalLists(), o.normalLists())
}

func (q Question) normalLists() Question {
	for _, l := range []*[]string{&q.Accept, &q.Choices, &q.Answers, &q.Items} {
		if len(*l) == 0 {
			*l = nil
		}
	}
	if len(q.Pairs) == 0 {
		q.Pairs = nil
	}
	if len(q.Numbers) == 0 {
		q.Numbers = nil
	}
	return q
}
