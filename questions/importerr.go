package questions

import (
	"fmt"
	"sort"
	"strings"
)

// DefaultMaxQuestions is how many questions a bank may hold unless the
// server or `quizd import` is told otherwise: more than any course needs,
// and few enough that previewing, publishing and reporting on a bank stay
// quick.
const DefaultMaxQuestions = 10000

// QuestionLimitError means a file holds more questions than a bank may.
type QuestionLimitError struct {
	Max int
	// Found is how many questions the file holds, or 0 when reading
	// stopped once past Max.
	Found int
}

func (e *QuestionLimitError) Error() string {
	found := fmt.Sprintf("more than %d", e.Max)
	if e.Found > 0 {
		found = fmt.Sprint(e.Found)
	}
	return fmt.Sprintf("the file has %s questions, and a bank may hold at most %d: split it into files of at most %d questions and upload each as a bank of its own", found, e.Max, e.Max)
}

// LineError is one problem in an uploaded file, at a line of it (0 when the
// problem is the file's as a whole).
type LineError struct {
	Line int    `json:"line"`
	Msg  string `json:"message"`
}

func (e LineError) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// MaxLineErrors caps how many problems one file reports.
const MaxLineErrors = 100

// LineErrors is every problem found in a file, in line order; as an error
// it means the file is refused whole.
type LineErrors []LineError

func (es LineErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Add records a problem at a line.
func (es *LineErrors) Add(line int, format string, args ...any) {
	*es = append(*es, LineError{Line: line, Msg: fmt.Sprintf(format, args...)})
}

// Err returns the sorted, capped list as an error, or nil when it is empty.
func (es LineErrors) Err() error {
	if len(es) == 0 {
		return nil
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].Line < es[j].Line })
	if len(es) > MaxLineErrors {
		n := len(es) - MaxLineErrors
		es = append(es[:MaxLineErrors:MaxLineErrors], LineError{Msg: fmt.Sprintf("and %d more problems", n)})
	}
	return es
}

// FormatError means a file cannot be read as its format at all: the wrong
// format, or not a file of this kind.
type FormatError struct{ Msg string }

func (e *FormatError) Error() string { return e.Msg }

// Skipped is a part of an uploaded file that was left out, and why.
type Skipped struct {
	Line   int    `json:"line,omitempty"`
	Reason string `json:"reason"`
}
