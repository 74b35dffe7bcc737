package lint

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"quizd/questions"
)

var (
	// Placeholders templates leave behind: {{x}}, {x}, %s, <no value>, [[x]], $1.
	markerRE = regexp.MustCompile(`\{\{|\}\}|\{[A-Za-z_][A-Za-z0-9_.]*\}|%[sdvqf]|<no value>|<nil>|\[\[[^\]]*\]\]|\$[0-9](?:$|[^0-9.,])|\bTODO\b|\bFIXME\b|\bXXX\b|\bundefined\b|\bNaN\b`)
	// A question mark closing a sentence that another sentence follows.
	questionThenRE = regexp.MustCompile(`\?\s+(\S.*)$`)
)

// mayHaveMarker is a quick test that spares most texts the marker
// expression.
func mayHaveMarker(s string) bool {
	return strings.ContainsAny(s, "{}%<[$") || strings.Contains(s, "TODO") || strings.Contains(s, "FIXME") ||
		strings.Contains(s, "XXX") || strings.Contains(s, "undefined") || strings.Contains(s, "NaN")
}

// doubleAllowed are words English may write twice in a row.
var doubleAllowed = map[string]bool{"had": true, "that": true, "is": true, "very": true, "bye": true, "no": true}

// questionWords start a prompt that asks something.
var questionWords = map[string]bool{
	"what": true, "which": true, "who": true, "whom": true, "whose": true, "when": true, "where": true, "why": true,
	"how": true, "is": true, "are": true, "was": true, "were": true, "do": true, "does": true, "did": true,
	"can": true, "could": true, "has": true, "have": true, "will": true, "would": true, "should": true,
}

// whWords may follow a preposition that opens a question ("In which …").
var whWords = map[string]bool{"what": true, "which": true, "who": true, "whom": true, "whose": true, "when": true, "where": true, "how": true}

var prepositions = map[string]bool{
	"in": true, "on": true, "at": true, "since": true, "for": true, "from": true, "to": true, "of": true, "by": true,
	"under": true, "after": true, "before": true, "during": true, "with": true, "according": true, "until": true,
}

// instructions start a prompt that tells the student what to do; it may
// end in a full stop or a colon.
var instructions = map[string]bool{
	"put": true, "match": true, "write": true, "name": true, "give": true, "choose": true, "pick": true, "select": true,
	"complete": true, "fill": true, "translate": true, "define": true, "explain": true, "list": true, "spell": true,
	"state": true, "order": true, "arrange": true, "identify": true, "describe": true, "say": true, "find": true,
	"calculate": true, "solve": true, "convert": true, "type": true, "enter": true, "tick": true, "mark": true,
	"sort": true, "rank": true, "compare": true, "recall": true, "answer": true, "use": true, "read": true,
	"tell": true, "show": true, "decide": true, "classify": true, "pair": true, "link": true,
}

// checkGrammar reports broken template output in the question's texts.
func checkGrammar(i int, q *questions.Question, add func(int, Code, string, ...any)) {
	texts := []string{q.Prompt, q.Answer, q.Explanation}
	texts = append(texts, q.Choices...)
	texts = append(texts, q.Items...)
	for _, p := range q.Pairs {
		texts = append(texts, p.Left, p.Right)
	}
	for _, t := range texts {
		if w := doubledWord(t); w != "" {
			add(i, DoubledWord, "It writes %s twice in a row in %s: remove one of them.", quote(w), quote(t))
			break
		}
	}
	// A blank belongs in the prompt of a cloze, and may stand in the stem
	// of a choice or short-answer question; anywhere else it is left over.
	blankOK := map[int]bool{0: q.Type == questions.Cloze || q.Type == questions.MultipleChoice || q.Type == questions.ShortAnswer}
	for j, t := range texts {
		var m string
		if mayHaveMarker(t) {
			m = markerRE.FindString(t)
		}
		if m == "" && !blankOK[j] && strings.Contains(t, questions.Blank) {
			m = questions.Blank
		}
		if m != "" {
			add(i, TemplateMarker, "It has the leftover placeholder %s in %s: write the text it stands for.", quote(m), quote(t))
			break
		}
	}

	prompt := strings.TrimSpace(q.Prompt)
	if m := questionThenRE.FindStringSubmatch(prompt); m != nil && q.Type != questions.Cloze {
		if tail := m[1]; !instructions[firstWord(tail)] && !strings.HasSuffix(closingTrimmed(tail), "?") {
			add(i, QuestionThenStatement, "Its prompt %s follows a question with a bare statement: make it one question that names the event.", quote(prompt))
		}
	}
	switch q.Type {
	case questions.TrueFalse, questions.Cloze, questions.Ordering, questions.Matching:
		if !endsSentence(prompt) && !strings.HasSuffix(prompt, ":") {
			add(i, NoFinalPunctuation, "Its prompt %s has no final punctuation: end the sentence with a full stop.", quote(prompt))
		}
	case questions.MultipleChoice, questions.ShortAnswer, questions.Flashcard:
		switch {
		case strings.Contains(prompt, "?"):
			// Ends in a question mark, or is checked above.
		case looksLikeQuestion(prompt):
			add(i, PromptNotQuestion, "Its prompt %s is a question without a question mark: end it with “?”.", quote(prompt))
		case q.Type == questions.Flashcard:
			// A flashcard's front may be a bare term.
		case !endsSentence(prompt) && !strings.HasSuffix(prompt, ":") && !strings.Contains(prompt, questions.Blank):
			add(i, NoFinalPunctuation, "Its prompt %s has no final punctuation: end it with a question mark or a full stop.", quote(prompt))
		}
	}
	if e := strings.TrimSpace(q.Explanation); e != "" && len(strings.Fields(e)) >= 3 && !endsSentence(e) {
		add(i, NoFinalPunctuation, "Its explanation %s has no final punctuation: end the sentence with a full stop.", quote(e))
	}
}

// looksLikeQuestion reports a prompt that asks: it starts with a question
// word or an auxiliary verb ("Is …", "Did …"), or a preposition and then a
// question word ("In which year …").
func looksLikeQuestion(s string) bool {
	fs := strings.Fields(questions.Fold(s))
	if len(fs) == 0 || instructions[firstWord(s)] {
		return false
	}
	w := strings.TrimFunc(fs[0], isEdgePunct)
	if questionWords[w] {
		return true
	}
	if prepositions[w] {
		for _, f := range fs[1:min(len(fs), 3)] {
			if whWords[strings.TrimFunc(f, isEdgePunct)] {
				return true
			}
		}
	}
	return false
}

// doubledWord returns a word written twice in a row, or "".
func doubledWord(s string) string {
	fs := strings.Fields(s)
	for j := 1; j < len(fs); j++ {
		a := strings.TrimFunc(fs[j-1], isEdgePunct)
		b := strings.TrimFunc(fs[j], isEdgePunct)
		// "Paris, Paris" or "no. No" are a list or two sentences, not a slip.
		if a == "" || strings.TrimRightFunc(fs[j-1], isEdgePunct) != fs[j-1] {
			continue
		}
		// "Bora Bora" and "Walla Walla" are names.
		if startsUpper(a) && startsUpper(b) {
			continue
		}
		la, lb := questions.Fold(a), questions.Fold(b)
		if la == lb && !doubleAllowed[la] && strings.IndexFunc(la, unicode.IsLetter) >= 0 {
			return a
		}
	}
	return ""
}

func startsUpper(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

func isEdgePunct(r rune) bool { return unicode.IsPunct(r) && r != '_' }

// firstWord is the prompt's first word, lower case.
func firstWord(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	return questions.Fold(strings.TrimFunc(f[0], isEdgePunct))
}

// closingTrimmed drops the quotes and brackets that may follow a
// sentence's last mark: “… called "X."”.
func closingTrimmed(s string) string {
	return strings.TrimRightFunc(strings.TrimSpace(s), func(r rune) bool {
		return strings.ContainsRune(`"'”’»)]`, r)
	})
}

// endsSentence reports whether s ends as a sentence does, maybe inside a
// closing quote.
func endsSentence(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(closingTrimmed(s))
	return strings.ContainsRune(".?!…", r)
}
