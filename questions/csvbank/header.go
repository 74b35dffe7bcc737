package csvbank

import (
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"quizd/questions"
)

// aliases are the names a header may give each column, written as
// normHeader writes them: quizd's own, and those of quiz datasets and of
// people's own spreadsheets.
var aliases = map[string]string{
	"id": "id", "topic": "topic", "category": "topic", "type": "type",
	"prompt": "prompt", "question": "prompt", "q": "prompt", "term": "prompt", "front": "prompt", "question text": "prompt",
	"answer": "answer", "a": "answer", "definition": "answer", "back": "answer", "correct answer": "answer", "right answer": "answer",
	"choices": "choices", "options": "options",
	"incorrect answers": "wrong", "wrong answers": "wrong", "distractors": "wrong",
	"accept": "accept", "numbers": "numbers", "explanation": "explanation", "source": "source", "year optional": "year_optional",
	// Read and not used: quizd has no notion of them.
	"difficulty": "", "tags": "",
}

// choiceColumn matches a column holding one choice: choice_1, option 2,
// incorrect_answer_3, distractor4, choice_a.
var choiceColumn = regexp.MustCompile(`^(?:choice|option|answer option|incorrect answer|wrong answer|distractor) ?([0-9]+|[a-z])$`)

// promptNames and answerNames are what a message offers for the two
// columns every header needs.
const (
	promptNames = "question, prompt, term, front or q"
	answerNames = "answer, correct_answer, definition, back or a"
)

// header is a header row read: the index of each column quizd reads.
type header struct {
	cols map[string]int
	// choiceCols are the columns that each hold one choice, in order.
	choiceCols []int
	unknown    []string
	// cards says the header names the sides of a card (front/back,
	// term/definition): rows without a type are flashcards.
	cards bool
}

func normHeader(c string) string {
	c = strings.ToLower(strings.TrimSpace(c))
	c = strings.NewReplacer("_", " ", "-", " ").Replace(c)
	return strings.Join(strings.Fields(c), " ")
}

// readHeader reads a first row as a header when it names a question and
// an answer column. A first row that looks like a header but does not is
// an error naming the columns quizd reads; any other is no header. Anki's
// text export has no header row.
func readHeader(row []string, line int, anki bool) (header, bool, error) {
	h := header{cols: map[string]int{}}
	if anki || len(row) < 2 {
		return h, false, nil
	}
	named := 0
	for i, c := range row {
		n := normHeader(c)
		if col, ok := aliases[n]; ok {
			named++
			if _, dup := h.cols[col]; col != "" && !dup {
				h.cols[col] = i
				h.cards = h.cards || n == "front" || n == "term"
			}
			continue
		}
		if choiceColumn.MatchString(n) {
			named++
			h.choiceCols = append(h.choiceCols, i)
			continue
		}
		h.unknown = append(h.unknown, strings.TrimSpace(c))
	}
	_, p := h.cols["prompt"]
	_, a := h.cols["answer"]
	if p && a {
		return h, true, nil
	}
	if looksLikeHeader(row, named) {
		missing := "it names neither a question column nor an answer column"
		if p {
			missing = "it names no answer column"
		} else if a {
			missing = "it names no question column"
		}
		return h, false, questions.LineErrors{{Line: line, Msg: fmt.Sprintf(
			"the first row looks like a header, but %s: call the question column %s, and the answer column %s (quizd also reads %s); or remove the row if it is not a header",
			missing, promptNames, answerNames, otherColumns())}}
	}
	return h, false, nil
}

// looksLikeHeader says whether a first row reads as column names rather
// than a card: every cell a short name of at most three words, and either
// two of them columns quizd knows (other than the one-letter q and a,
// which may well be a card), or one written like_this, or an id first; or
// every cell one word written like_this, as a program names its columns
// (word_text,meaning_text). A card such as "category,a group of things" is
// not a header.
func looksLikeHeader(row []string, named int) bool {
	if allSnake(row) {
		return true
	}
	known, strong := 0, false
	for i, c := range row {
		c = strings.TrimSpace(c)
		if c == "" || len(c) > 40 || len(strings.Fields(c)) > 3 || strings.IndexFunc(c, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != ' ' && r != '_' && r != '-'
		}) >= 0 || strings.IndexFunc(c, unicode.IsLetter) < 0 {
			return false
		}
		n := normHeader(c)
		if _, ok := aliases[n]; ok && len(n) > 1 {
			known++
		}
		strong = strong || strings.Contains(c, "_") || i == 0 && n == "id"
	}
	return named > 0 && (known >= 2 || strong)
}

// snakeName is one word written like_this.
var snakeName = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$`)

func allSnake(row []string) bool {
	for _, c := range row {
		if !snakeName.MatchString(strings.TrimSpace(c)) {
			return false
		}
	}
	return len(row) >= 2
}

func otherColumns() string {
	return "id, type, choices, options, choice_1…, incorrect_answers, accept, numbers, explanation, topic or category, source, year_optional"
}

// parseWithHeader reads the rows under a header.
func parseWithHeader(h header, rows [][]string, lines []int) *questions.Imported {
	get := func(row []string, name string) string {
		i, ok := h.cols[name]
		if !ok || i >= len(row) {
			return ""
		}
		return strings.TrimSpace(unguard(row[i]))
	}
	im := &questions.Imported{}
	if len(h.unknown) > 0 {
		what := "the column " + quoteList(h.unknown) + " was"
		if len(h.unknown) > 1 {
			what = "the columns " + quoteList(h.unknown) + " were"
		}
		im.Notes = append(im.Notes, fmt.Sprintf("quizd does not read %s, so it left them out. It reads a question column (%s), an answer column (%s) and, if you have them, %s.",
			what, promptNames, answerNames, otherColumns()))
	}
	d := newDedup()
	for k, row := range rows {
		q, err := rowQuestion(get, row, h.choiceCols)
		if h.cards && get(row, "type") == "" && q.Type == questions.ShortAnswer {
			q.Type = questions.Flashcard
			if get(row, "id") == "" {
				q.ID = questions.MakeID("csv", string(q.Type), questions.Normalize(q.Prompt))
			}
		}
		if err == nil {
			err = q.Validate()
		}
		key, alt := string(q.Type)+"\x1f"+visible(q.Prompt), questions.MakeID("csv", string(q.Type), visible(q.Prompt))
		dup := func(first int) string { return fmt.Sprintf("the same question as line %d", first) }
		if id := get(row, "id"); id != "" {
			key, alt = "id\x1f"+id, ""
			dup = func(first int) string {
				return fmt.Sprintf("its id %q is the id of line %d too: give each question its own id", id, first)
			}
		}
		d.keep(im, lines[k], q, err, key, alt, dup)
	}
	return im
}

func quoteList(xs []string) string {
	q := make([]string, len(xs))
	for i, x := range xs {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

// withAnswer returns the choices with the right answer among them: quiz
// datasets list the wrong ones apart. It goes in at a place that depends
// on the prompt, so that it is not always first.
func withAnswer(choices []string, answer, prompt string) []string {
	if answer == "" || slices.ContainsFunc(choices, func(c string) bool { return questions.Normalize(c) == questions.Normalize(answer) }) {
		return choices
	}
	f := fnv.New32a()
	f.Write([]byte(prompt))
	at := int(f.Sum32() % uint32(len(choices)+1))
	return slices.Insert(slices.Clone(choices), at, answer)
}

// byLetter reads an answer given as the letter or number of a choice
// column ("B", "2"), as some datasets write it.
func byLetter(answer string, choices []string) (string, bool) {
	if len(answer) != 1 || len(choices) == 0 {
		return "", false
	}
	c := unicode.ToLower(rune(answer[0]))
	i := -1
	switch {
	case c >= 'a' && c <= 'z':
		i = int(c - 'a')
	case c >= '1' && c <= '9':
		i = int(c - '1')
	}
	if i < 0 || i >= len(choices) {
		return "", false
	}
	return choices[i], true
}

// IsHeader says whether a line of CSV or TSV is a header row quizd reads
// (it names a question and an answer column).
func IsHeader(line string) bool {
	sep := ","
	if strings.Contains(line, "\t") {
		sep = "\t"
	}
	_, ok, _ := readHeader(strings.Split(strings.TrimSpace(line), sep), 1, false)
	return ok
}
