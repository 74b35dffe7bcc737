package views

// The data of flags: the form on the feedback page, the bank owner's
// queue, and what the student's stats page says became of each flag.

// FlagReason is one reason of the flag form.
type FlagReason struct {
	Value, Label string
	Checked      bool
}

// FlagNote is one of a student's flags as their pages tell it: Text is a
// sentence saying what became of it.
type FlagNote struct {
	Prompt, Reason, Status, Text string
}

// FlagForm is the flag form of a feedback page, or the flag sent.
type FlagForm struct {
	// Sent is the answer's flag when there is one: the form is not shown.
	Sent    *FlagNote
	Reasons []FlagReason
	Comment string
	Max     int
	// Error says what was wrong with the form sent; Open shows the form
	// unfolded (after an error).
	Error string
	Open  bool
}

// FlagQueuePage is the queue of a bank's flags for its owner.
type FlagQueuePage struct {
	Layout
	Bank BankRef
	// Status is the status shown ("open", "accepted", "rejected", "all");
	// Tabs link to each, with their counts.
	Status string
	Tabs   []FlagTab
	Flags  []FlagLine
	Total  int
	// Notice says what the decision before did.
	Notice string
	// Prev and Next are the URLs of the pages around this one ("" for none).
	Prev, Next string
}

// FlagTab links to the flags of one status.
type FlagTab struct {
	Label, URL string
	Current    bool
}

// FlagLine is one flag in the queue.
type FlagLine struct {
	ID                         uint
	QuestionID, Prompt         string
	EditURL                    string
	Student, Reason, Comment   string
	Given, Expected, CreatedAt string
	Status                     string
	Open                       bool
	// Effect says what accepting would do.
	Effect string
}

// WrongResponse is one of a question's common wrong responses in the item
// report.
type WrongResponse struct {
	Response string
	Count    int
}
