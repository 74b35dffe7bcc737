package views

// The data of the pages that run a class (issue 12): the class page, the
// join link's page, and the assignments on a student's home page.

// ClassPage is one class as its instructor runs it: its roster, its
// assignments, and the forms to rename, archive, renew the join code and
// assign a bank.
type ClassPage struct {
	Layout
	ID       uint
	Name     string
	Archived bool
	// ArchivedOn is the day it was archived, as a person reads it.
	ArchivedOn string
	JoinCode   string
	// JoinURL is the join link to paste into an LMS or an e-mail.
	JoinURL     string
	Students    []RosterLine
	Assignments []AssignmentLine
	// Banks are those the instructor may assign.
	Banks  []BankOption
	Form   AssignForm
	Notice string
	Error  string
	// Field is the form field the error is about, to mark it.
	Field string
}

// RosterLine is one student of a class.
type RosterLine struct {
	ID         uint
	Username   string
	Joined     string
	LastActive string
	Answers    int
}

// AssignmentLine is one bank assigned to a class, on the class page.
type AssignmentLine struct {
	BankID uint
	Title  string
	// Due and Target as a person reads them; Pace says the class's new
	// cards a day and retention, and whether they are locked.
	Due, Target, Pace string
}

// AssignForm is the assign form's values: empty, an assignment to
// change, or what was sent when it was refused.
type AssignForm struct {
	BankID uint
	// DueAt is YYYY-MM-DD.
	DueAt string
	// Mastered is the "N questions mastered" target; empty for every
	// question.
	Mastered             string
	NewPerDay, Retention string
	Locked               bool
}

// JoinPage is the page of a join link: "Join class X?" for a student
// signed in, or why the link joins nothing.
type JoinPage struct {
	Layout
	Code      string
	ClassName string
	// Member: they are in the class already.
	Member bool
	// Problem, when set, is why the link joins nothing, in a sentence.
	Problem string
}

// AssignmentCard is one assignment on a student's home page.
type AssignmentCard struct {
	BankID      uint
	Bank, Class string
	// Due and DueIn as a person reads them ("Friday 20 March", "in 3
	// days"); empty for no due date.
	Due, DueIn string
	// Target says what the assignment asks ("see every question").
	Target string
	// Done of Goal, and Expected by now when there is a due date.
	Done, Goal, Expected int
	// Status is one of assign's statuses; StatusClass its CSS class.
	Status, StatusClass string
	// Raised, when set, says that the due date raised today's new cards.
	Raised string
	// The student's pace in the bank, for the form: the values that apply,
	// and which a class locks.
	NewPerDay, Retention             string
	NewPerDayLocked, RetentionLocked bool
	// Chosen: the student chose their own pace for the bank.
	Chosen bool
}
