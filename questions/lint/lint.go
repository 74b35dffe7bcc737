// Package lint reviews a question bank the way a careful teacher would
// before students see it: duplicate questions, a distractor that is also
// right, cues that give the key away, options of mixed kinds, explanations
// that only repeat the question, broken template English and true/false
// statements that cannot be judged.
//
// Its findings are advice, never errors: a bank with findings can still be
// studied. It runs on every generated bank (quizd generate, quizd eval,
// quizd lint) and on every upload, whose preview shows the findings as
// warnings.
//
// The work is bounded for large banks: every check but the near-duplicate
// one looks at one question at a time, and that one compares each prompt
// with a bounded number of candidates drawn from an index of its rarest
// words, never with every other prompt.
package lint

import (
	"cmp"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"

	"quizd/questions"
)

// Code is a finding's stable machine name: tools and tests match on it,
// people read the message.
type Code string

// The codes of the checks, one per kind of problem.
const (
	// DuplicatePrompt: the prompt is the same, once normalised, as an
	// earlier question's (for orderings and matchings, with the same items).
	DuplicatePrompt Code = "duplicate-prompt"
	// NearDuplicatePrompt: the prompt differs from an earlier one by a few
	// letters, or a cloze blanks another word of the same sentence.
	NearDuplicatePrompt Code = "near-duplicate-prompt"
	// OrderingSubset: an ordering's items are all items of another
	// ordering, which already asks their order.
	OrderingSubset Code = "ordering-subset"
	// DistractorIsCorrect: a wrong choice is the key, or another name the
	// bank accepts for it.
	DistractorIsCorrect Code = "distractor-is-correct"
	// DistractorInKeyedGroup: a choice and a group named by another choice
	// overlap ("Kazakhstan" and "the other CSTO members"), so both are right.
	DistractorInKeyedGroup Code = "distractor-in-keyed-group"
	// StanceSynonyms: two choices state near-synonymous stances on the same
	// thing ("stayed neutral on X", "avoided a clear position on X").
	StanceSynonyms Code = "stance-synonyms"
	// KeyCue: the key repeats a word of the stem that no distractor has, or
	// the two sides of a matching pair share a word no other item has.
	KeyCue Code = "key-cue"
	// KeyLongest: the key is much longer than every distractor.
	KeyLongest Code = "key-longest"
	// AnswerInPrompt: the prompt contains its own answer.
	AnswerInPrompt Code = "answer-in-prompt"
	// TooFewChoices: a choice question offers fewer than 3 choices.
	TooFewChoices Code = "too-few-choices"
	// OddOption: one option is of another kind than all the others (a body
	// among countries).
	OddOption Code = "odd-option"
	// ExplanationRestates: the explanation only repeats the prompt and the
	// answer.
	ExplanationRestates Code = "explanation-restates"
	// ExplanationCopiesSource: the explanation lifts ten or more words in a
	// row from the source (known only when Options.Source is given).
	ExplanationCopiesSource Code = "explanation-copies-source"
	// DanglingReference: a prompt refers to something it never names ("It
	// leads the organisation.").
	DanglingReference Code = "dangling-reference"
	// DoubledWord: a word is written twice in a row ("the the").
	DoubledWord Code = "doubled-word"
	// TemplateMarker: a template's placeholder was left in the text.
	TemplateMarker Code = "template-marker"
	// QuestionThenStatement: a question is followed by a bare statement
	// ("When did this happen? The CSTO was founded.").
	QuestionThenStatement Code = "question-then-statement"
	// NoFinalPunctuation: a sentence does not end in a full stop, question
	// mark or exclamation mark.
	NoFinalPunctuation Code = "no-final-punctuation"
	// PromptNotQuestion: the prompt of a question that asks something does
	// not end in a question mark, and is not an instruction either.
	PromptNotQuestion Code = "prompt-not-question"
	// TrueFalseHedged: a true/false statement hedges ("may", "some say"),
	// so it is neither plainly true nor plainly false.
	TrueFalseHedged Code = "true-false-hedged"
	// TrueFalseNoSource: a true/false statement has neither a source nor an
	// explanation to judge it by.
	TrueFalseNoSource Code = "true-false-no-source"
	// NotAllChecked: the bank has more questions than Options.Limit, and
	// only the first ones were checked. Its finding has no question id.
	NotAllChecked Code = "not-all-checked"
)

// Codes lists every code in the order findings are reported.
var Codes = []Code{
	DuplicatePrompt, NearDuplicatePrompt, OrderingSubset, DistractorIsCorrect, DistractorInKeyedGroup, StanceSynonyms,
	KeyCue, KeyLongest, AnswerInPrompt, TooFewChoices, OddOption, ExplanationRestates, ExplanationCopiesSource, DanglingReference, DoubledWord, TemplateMarker,
	QuestionThenStatement, NoFinalPunctuation, PromptNotQuestion, TrueFalseHedged, TrueFalseNoSource,
	NotAllChecked,
}

// DefaultLimit is how many questions of a bank are checked unless
// Options.Limit says otherwise: about half a second and 60 MB, where a
// 20 MiB upload could otherwise hold hundreds of thousands.
const DefaultLimit = 20_000

// Finding is one thing to fix in one question.
type Finding struct {
	// ID is the question's id; "" for a finding about the whole bank.
	ID   string `json:"id"`
	Code Code   `json:"code"`
	// Message is a whole sentence that says what is wrong and what to do.
	Message string `json:"message"`
}

func (f Finding) String() string {
	return cmp.Or(f.ID, "bank") + ": " + string(f.Code) + ": " + f.Message
}

// Options is what the linter knows beyond the bank itself: the groups and
// other names of a fact sheet (see FromSheet). The linter also learns them
// from the bank's own statements, but a bank need not state them all.
type Options struct {
	// Groups maps a group's name, and each other name of it, to its members.
	Groups map[string][]string
	// Aliases maps an answer to other names of it.
	Aliases map[string][]string
	// Source is the text of the article the bank was made from, when known:
	// explanations are checked for sentences copied from it.
	Source string
	// Limit is how many questions are checked, from the first: 0 means
	// DefaultLimit, a negative number all of them.
	Limit int
}

// Bank reviews every question of b, knowing only what b says, and returns
// the findings in the order of the questions, each question's in the order
// of Codes. A clean bank gives none.
func Bank(b *questions.Bank) []Finding { return Options{}.Bank(b) }

// Bank reviews every question of b as the package's Bank does, knowing what
// o says too.
func (o Options) Bank(b *questions.Bank) []Finding {
	qs := b.Questions
	limit := o.Limit
	if limit == 0 {
		limit = DefaultLimit
	}
	var truncated *Finding
	if limit > 0 && len(qs) > limit {
		qs = qs[:limit]
		truncated = &Finding{Code: NotAllChecked, Message: fmt.Sprintf(
			"Only the first %d of the bank's %d questions were checked: run quizd lint on the file to check them all.", limit, len(b.Questions))}
	}
	per := make([][]Finding, len(qs))
	add := func(i int, code Code, format string, args ...any) {
		per[i] = append(per[i], Finding{ID: qs[i].ID, Code: code, Message: fmt.Sprintf(format, args...)})
	}
	st := &stemmer{cache: map[string]string{}}
	duplicates(qs, st, add)
	k := learn(qs)
	k.merge(o)
	src := newSourceRuns(o.Source)
	for i := range qs {
		q := &qs[i]
		if q.Type == questions.MultipleChoice {
			checkChoices(i, q, k, st, add)
		}
		if q.Type == questions.Matching {
			checkMatchingCue(i, q, st, add)
		}
		checkAnswerInPrompt(i, q, st, add)
		checkExplanation(i, q, st, add)
		checkCopiedExplanation(i, q, src, add)
		checkDanglingReference(i, q, add)
		checkGrammar(i, q, add)
		if q.Type == questions.TrueFalse {
			checkTrueFalse(i, q, add)
		}
	}
	var out []Finding
	for _, fs := range per {
		out = append(out, sortByCode(fs)...)
	}
	if truncated != nil {
		out = append(out, *truncated)
	}
	return out
}

// sortByCode orders one question's findings as Codes does, keeping the
// order of findings of the same code.
func sortByCode(fs []Finding) []Finding {
	if len(fs) < 2 {
		return fs
	}
	out := make([]Finding, 0, len(fs))
	for _, c := range Codes {
		for _, f := range fs {
			if f.Code == c {
				out = append(out, f)
			}
		}
	}
	return out
}

// Count returns how many findings there are of each code.
func Count(fs []Finding) map[Code]int {
	m := map[Code]int{}
	for _, f := range fs {
		m[f.Code]++
	}
	return m
}

// quote shows a piece of a question in a message, shortened when long.
func quote(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	const max = 60
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = strings.TrimRight(string(r[:max]), " ,;:") + "…"
	}
	return "“" + s + "”"
}

// words splits text into folded words: letters and digits, with
// apostrophes dropped ("Putin's" → "putins") and hyphens splitting
// ("Moscow-led" → "moscow", "led").
func words(s string) []string {
	return strings.FieldsFunc(apostrophes.Replace(questions.Fold(s)), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

var (
	apostrophes = strings.NewReplacer("'", "", "’", "")
	possessives = strings.NewReplacer("'s ", " ", "’s ", " ")
)

// stemmer stems words for one run of the linter, remembering each word's
// stem: a bank repeats its words many times.
type stemmer struct{ cache map[string]string }

// content returns the stems of the words of s that carry content: no stop
// words, no one-letter words other than digits. A possessive "'s" is
// removed before stemming, so that "Russia's" and "Russia" match.
func (st *stemmer) content(s string) []string {
	var out []string
	for _, w := range words(possessives.Replace(s + " ")) {
		if english.IsStopWord(w) || len(w) < 2 && !isDigits(w) || extraStopWords[w] {
			continue
		}
		stem, ok := st.cache[w]
		if !ok {
			stem = english.Stem(w, false)
			st.cache[w] = stem
		}
		out = append(out, stem)
	}
	return out
}

// extraStopWords are function words the stemmer's list lacks.
var extraStopWords = map[string]bool{"also": true, "would": true, "could": true, "shall": true, "may": true, "might": true, "must": true}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func (st *stemmer) set(xs ...string) map[string]bool {
	m := map[string]bool{}
	for _, x := range xs {
		for _, s := range st.content(x) {
			m[s] = true
		}
	}
	return m
}
