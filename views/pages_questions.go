package views

// The question browser and editor (issue 11).

// QuestionsPage is the question browser of one bank.
type QuestionsPage struct {
	Layout
	Bank BankRef
	// The search as asked, to fill the form again.
	Q, Topic, Type, Status string
	Flagged, Leech         bool
	Topics, Types          []string
	Statuses               []Choice
	Columns                []SortColumn
	Rows                   []QuestionLine
	Total, Page, Pages     int
	// PrevURL and NextURL are the pages before and after, "" for none.
	PrevURL, NextURL string
	NewURL           string
}

// Choice is one option of a select.
type Choice struct {
	Value, Label string
}

// SortColumn is a column header that sorts the browser by its figure.
type SortColumn struct {
	Label string
	URL   string
	// Sorted is "ascending" or "descending" when the list is sorted by
	// this column, for aria-sort; "" otherwise.
	Sorted string
}

// QuestionLine is one question of the browser.
type QuestionLine struct {
	ID, URL, Topic, Type, Prompt, Answer string
	Retired                              bool
	Attempts                             int
	Facility, Discrimination             string
	Appeals, OpenAppeals, Leeches        int
}

// QuestionEditPage is the editor of one question, or of a new one.
type QuestionEditPage struct {
	Layout
	Bank      BankRef
	BrowseURL string
	// New: the form creates a question; else it saves one.
	New     bool
	Action  string
	Form    QuestionForm
	Version int
	Retired bool
	Types   []string
	Topics  []string
	// Errors are the problems of the last save, by field name ("prompt",
	// "choices", …); Error sums them up.
	Errors map[string]string
	Error  string
	Notice string
	// Stale is the question as someone else saved it while the user was
	// editing, when their save was refused for it.
	Stale    *StaleQuestion
	Versions []VersionLine
}

// QuestionForm is a question as the editor's fields hold it: lists one
// item a line, choices and pairs as rows.
type QuestionForm struct {
	ID, Type, Topic, Prompt string
	Answer                  string
	// TrueFalse is "true" or "false" for a true/false question.
	TrueFalse    string
	Accept       string
	Choices      []ChoiceField
	Items        string
	Pairs        []PairField
	Numbers      string
	YearOptional bool
	Explanation  string
	SourceRef    string
}

// ChoiceField is one choice of a multiple-choice question; Right marks the
// ones to pick.
type ChoiceField struct {
	Index int
	Text  string
	Right bool
}

// PairField is one pair of a matching question.
type PairField struct {
	Index       int
	Left, Right string
}

// StaleQuestion is what someone else saved.
type StaleQuestion struct {
	Version        int
	Prompt, Answer string
}

// VersionLine is one version in the editor's history.
type VersionLine struct {
	Version              int
	Author, Reason, When string
	Prompt, Answer       string
	Current              bool
	RestoreURL           string
	// Answered says how many answers were given on this version.
	Answered string
}
