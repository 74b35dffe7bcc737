package views

// The data of the practice pages and of the controls that set cards aside.

// PracticeInfo is what a practised card's page says about the practice.
type PracticeInfo struct {
	// Label names the set practised ("today's mistakes", "topic dates").
	Label string
	// Topic, Filter and TestID go back with the answer.
	Topic, Filter string
	TestID        uint
	// URL is the practice page of this set or test.
	URL string
	// Position and Size place the card in a practice test (Size 0 outside one).
	Position, Size int
}

// PracticeChoices are the sets a student can practise in a bank.
type PracticeChoices struct {
	Topics []string
	// DefaultSize is the practice test's proposed number of questions;
	// MaxSize the most it may have.
	DefaultSize, MaxSize int
}

// PracticePage offers practice, shows a practice test's score, or says a
// chosen set is empty.
type PracticePage struct {
	Layout
	Bank    BankRef
	Choices PracticeChoices
	// Empty names a set that has nothing in it.
	Empty string
	// Score is set when a practice test is over.
	Score *TestScore
	Error string
}

// TestScore is a finished practice test.
type TestScore struct {
	ID                      uint
	Label                   string
	Size, Answered, Correct int
	Percent                 int
}

// PracticeFeedbackPage shows the verdict on a practice answer.
type PracticeFeedbackPage struct {
	Layout
	Bank        BankRef
	Practice    PracticeInfo
	Prompt      string
	Correct     bool
	Typo        bool
	Given       string
	Expected    string
	Explanation string
	Source      string
	// Due says when the card is due, unchanged by practice ("" for a card
	// not yet studied).
	Due string
	// Answered and Right are the test's figures so far (Size 0 outside a test).
	Answered, Right int
}

// HeldCard is a card on the stats page, set aside or offered to be.
type HeldCard struct {
	QuestionID, Prompt string
	Suspended          bool
	// BuriedUntil is when a buried card comes back ("" if not buried).
	BuriedUntil string
}
