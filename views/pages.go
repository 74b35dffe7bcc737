package views

// The data of each page. The server fills them; templates only read them.

// Layout is what every page shows around its content.
type Layout struct {
	Title string
	User  *UserInfo
	CSRF  string
	// Active names the navigation entry of the page: "study", "stats",
	// "settings".
	Active string
}

// UserInfo is the signed-in user, as the header shows them.
type UserInfo struct {
	Username string
	Role     string
}

// HomePage lists the banks a student can study.
type HomePage struct {
	Layout
	Banks []BankCard
	// Assignments are those of the student's classes (pages_class.go).
	Assignments []AssignmentCard
}

// BankCard is one bank on the home page.
type BankCard struct {
	ID        uint
	Title     string
	Source    string
	Questions int
	Due, New  int
	// Manage links to the bank's page; Archived marks a bank only its
	// owner and the admins still see.
	Manage, Archived bool
}

// AuthPage is the sign-in or sign-up form.
type AuthPage struct {
	Layout
	Signup     bool
	SignupOpen bool
	Username   string
	Error      string
	// Field is the form field the error is about, to mark it.
	Field string
	Next  string
}

// BankRef names the bank being studied.
type BankRef struct {
	ID    uint
	Title string
}

// Progress is how far today's session has come.
type Progress struct {
	Done, Total, Percent int
	Due, New             int
}

// StudyPage shows one card: a flashcard to reveal and rate, or a quiz
// question in the widget of its type.
type StudyPage struct {
	Layout
	// Notice says what the form before did ("The card is buried until
	// tomorrow.").
	Notice string
	Bank   BankRef
	Mode   string // "flashcard" or "quiz"
	// Shown is the mode the card is shown in: Mode, unless the card was
	// shown in the other before it was answered.
	Shown    string
	Progress Progress
	Q        QuestionView
	// Reveal shows the answer side of a flashcard (without JavaScript).
	Reveal  bool
	Buttons []RatingButton
	ShownAt int64
	Reps    uint64
	Error   string
	// Undo is the id of the student's latest answer in the bank, which
	// the page offers to undo (0 for none).
	Undo uint
	// Practice is set when the card is practised, off the schedule.
	Practice *PracticeInfo
}

// QuestionView is a question as its widget needs it, without anything that
// gives the answer away (but for a flashcard's hidden back).
type QuestionView struct {
	ID, Type, Topic, Prompt string
	// Cloze prompts are split around their blank.
	Before, After string
	Choices       []string
	Multiple      bool
	// Items are an ordering question's items, shuffled; Positions the
	// numbers to choose from.
	Items     []string
	Positions []int
	// Lefts and Rights are a matching question's sides, Rights shuffled.
	Lefts, Rights []string
	// Selects are an ordering's positions or a matching's left sides, each
	// with its options and, when the answer is shown again, the student's
	// pick and what was wrong with it.
	Selects []Select
	// Back is a flashcard's answer side; BackList the same as a list, for
	// an ordering (in order) or a matching (pair by pair).
	Back        string
	BackList    []string
	Explanation string
	Source      string
	IsNew       bool
}

// Select is one select of an ordering or a matching.
type Select struct {
	Label   string // "Position 2", or the left side of a pair
	Options []Option
	Fault   string // why the pick was refused, shown next to it
}

// Option is one option of a Select.
type Option struct {
	Value    string
	Selected bool
}

// FeedbackPart is one item of an ordering or one pair of a matching, marked
// right or wrong.
type FeedbackPart struct {
	Label, Given, Expected string
	Right                  bool
}

// RatingButton is one of Again, Hard, Good, Easy with the interval it gives.
type RatingButton struct {
	Rating   int
	Label    string
	Interval string
	Current  bool
}

// FeedbackPage shows the verdict on a quiz answer.
type FeedbackPage struct {
	Layout
	Bank        BankRef
	Mode        string
	Progress    Progress
	Prompt      string
	Correct     bool
	Typo        bool
	Given       string
	Expected    string
	Explanation string
	Source      string
	ReviewID    uint
	Rating      string
	Interval    string
	// Why says why the answer earned its rating, or that the student
	// changed it.
	Why       string
	Buttons   []RatingButton
	CanRerate bool
	// Parts mark each item of an ordering or pair of a matching.
	Parts []FeedbackPart
	// Undo is ReviewID while this answer is the student's latest in the
	// bank, which the page offers to undo (0 otherwise).
	Undo uint
	// Flag is the form to flag the question, or the flag sent.
	Flag FlagForm
}

// DonePage ends a session.
type DonePage struct {
	Layout
	Bank       BankRef
	Mode       string
	DoneToday  int
	Correct    int
	Graded     int
	NextDue    string
	NextDueIn  string
	HasNextDue bool
	// SetAside is how many cards missed too often today rest until
	// tomorrow.
	SetAside int
	// Undo is the id of the answer that ended the session (0 for none).
	Undo uint
	// Choices are what the student may practise now.
	Choices PracticeChoices
}

// StatsPage is a student's record, one section per bank.
type StatsPage struct {
	Layout
	Banks []BankStats
	// LeechLapses is how many lapses make a leech.
	LeechLapses int
}

// BankStats is a student's record in one bank.
type BankStats struct {
	Bank           BankRef
	Reviews        int
	Retention      string
	RetentionCount int
	// Charts are the charts of the student's own report: mastery per
	// topic, answers per day, retention per week, due forecast.
	Charts []BarChart
	Topics []TopicRow
	// Leeches are cards set aside for lapsing too often.
	Leeches []LeechRow
	// Held are the cards the student set aside; Forgotten the cards they
	// forgot most, which they may set aside.
	Held, Forgotten []HeldCard
	// CSRF is the page's token, for the forms that set cards aside.
	CSRF string
	// Flags are the student's latest flags in the bank and their outcome.
	Flags []FlagNote
}

// LeechRow is one of a student's leeches.
type LeechRow struct {
	Topic, Prompt string
	Lapses        uint64
}

// TopicRow is mastery in one topic.
type TopicRow struct {
	Topic                     string
	Questions, Seen, Mastered int
	Percent                   int
}

// BarChart is a bar chart drawn as SVG by the template.
type BarChart struct {
	Title         string
	Width, Height int
	Bars          []Bar
	Max           int
	FirstLabel    string
	LastLabel     string
	Empty         bool
}

// Bar is one bar, already placed.
type Bar struct {
	X, Y, W, H int
	Label      string // shown as a tooltip: "3 Mar: 12"
}

// SettingsPage is the student's settings form.
type SettingsPage struct {
	Layout
	Retention string
	NewPerDay string
	Error     string
	Field     string
	Saved     bool
	// Tokens are the user's API tokens, newest first.
	Tokens []TokenLine
}

// TokenLine is one API token of the user, its days written out.
type TokenLine struct {
	Created, LastUsed, Expires string
}

// ErrorPage explains what went wrong.
type ErrorPage struct {
	Layout
	Status    int
	Message   string
	RequestID string
}

// NewBarChart places bars for values in a chart of the given size.
func NewBarChart(title string, values []int, labels []string, width, height int) BarChart {
	c := BarChart{Title: title, Width: width, Height: height, Empty: true}
	for _, v := range values {
		c.Max = max(c.Max, v)
		if v > 0 {
			c.Empty = false
		}
	}
	if len(values) == 0 {
		return c
	}
	if len(labels) > 0 {
		c.FirstLabel, c.LastLabel = labels[0], labels[len(labels)-1]
	}
	slot := width / len(values)
	plot := height - 4
	for i, v := range values {
		h := 0
		if c.Max > 0 {
			h = v * plot / c.Max
		}
		if v > 0 && h < 2 {
			h = 2
		}
		label := ""
		if i < len(labels) {
			label = labels[i]
		}
		c.Bars = append(c.Bars, Bar{X: i*slot + 1, Y: height - h, W: max(1, slot-2), H: h, Label: label})
	}
	return c
}

// ClassesPage lists a user's classes: an instructor's with their join
// codes, forms to create one and to assign banks, and their banks to
// export; a student's with a form to join one.
type ClassesPage struct {
	Layout
	Instructor bool
	Classes    []ClassRow
	Banks      []BankOption
	Error      string
	Field      string
	Notice     string
	// Selected is the class the assign form keeps chosen.
	Selected uint
}

// ClassRow is one class.
type ClassRow struct {
	ID       uint
	Name     string
	JoinCode string
	Students int
	Banks    []string
	// Archived: no one may join it. Manage: the user runs it (its page
	// links from here); Member: they joined it, and may leave.
	Archived, Manage, Member bool
}

// BankOption is a bank an instructor may assign or export.
type BankOption struct {
	ID        uint
	Title     string
	Questions int
	Mine      bool
	// Archived banks are listed, to be restored, but not assigned.
	Archived bool
	// Manage: the user may browse and edit its questions.
	Manage bool
}

// UploadPage is the form to upload a question set, with the problems of
// the last file sent.
type UploadPage struct {
	Layout
	Formats []string
	Title   string
	Format  string
	Public  bool
	// Separator, RowSeparator and Strict are what the instructor gave
	// for a text export: the characters between a card's sides and
	// between cards, and whether any row left out refuses the file.
	Separator    string
	RowSeparator string
	Strict       bool
	Error        string
	Lines        []LineProblem
	// Banks are the question sets the uploader manages, which the file
	// may update instead of making a new set; Into is the one chosen (0
	// for a new set).
	Banks []BankChoice
	Into  uint
	// Kept lists, for an admin, the questions of the bundled set edited
	// by hand, which a newer bundled version leaves as they are.
	Kept []KeptEdits
}

// BankChoice is a question set an upload may update.
type BankChoice struct {
	ID    uint
	Title string
	Slug  string
}

// KeptEdits lists the questions of a bank edited by hand that a newer
// bundled version keeps: the "kept_edits" partial, for any page that shows
// a bank to an admin.
type KeptEdits struct {
	BankTitle string
	Items     []KeptEdit
}

// KeptEdit is one question edited by hand.
type KeptEdit struct {
	ID, Prompt, EditedBy, EditedAt string
	Retired                        bool
}

// LineProblem is one problem of an uploaded file.
type LineProblem struct {
	Line int
	Msg  string
}

// UploadPreviewPage shows what an upload would do, before or after it is
// published.
type UploadPreviewPage struct {
	Layout
	Token string
	// Separator and RowSeparator are those the instructor gave, sent
	// again on publish.
	Separator, RowSeparator string
	Filename                string
	Format                  string
	BankID                  uint
	BankTitle               string
	Slug                    string
	Questions               int
	Created                 int
	Updated                 int
	Retired                 int
	Unchanged               int
	NewBank                 bool
	Published               bool
	// Into is the bank the file updates, 0 when it makes a new one.
	Into uint
	// Matches are the questions whose text was nearly the same as a
	// stored one's, shown as "changed: old → new" with a box to reject
	// each; Rejected counts those rejected.
	Matches  []MatchRow
	Rejected int
	Sample   []SampleQuestion
	Skipped  []LineProblem
	Notes    []string
	// Warnings are the linter's findings, by code: advice that does not
	// stop publishing.
	Warnings     []WarningGroup
	WarningCount int
}

// WarningGroup is the linter's findings of one code; Items may list fewer
// than Count, to keep the page short.
type WarningGroup struct {
	Code  string
	Count int
	Items []Warning
	More  int // Count less the items listed
}

// Warning is one finding, with the question it is about.
type Warning struct {
	Question int // 1-based position in the file; 0 for the whole bank
	Prompt   string
	Message  string
}

// MatchRow is an uploaded question taken for a stored one: ID is the
// stored question's, Old its prompt and New the file's.
type MatchRow struct {
	ID, Old, New string
	Rejected     bool
}

// SampleQuestion is a question shown in a preview.
type SampleQuestion struct {
	Type, Topic, Prompt, Answer string
}

// ReportsPage lists the class reports an instructor may open.
type ReportsPage struct {
	Layout
	Links []ReportLink
}

// ReportLink opens the report of one class on one bank.
type ReportLink struct {
	Class, Bank     string
	ClassID, BankID uint
	Students        int
	// Flags links to the bank's flags, for its owner; OpenFlags counts
	// the open ones.
	Flags     bool
	OpenFlags int
}

// ClassReportPage is the printable report of a class on a bank.
type ClassReportPage struct {
	Layout
	Class, Bank     string
	ClassID, BankID uint
	Date            string
	Students        int
	Charts          []BarChart
	TopicNames      []string
	Rows            []SummaryLine
	Items           []ItemLine
	// AllItems shows the questions nobody tried too; Untried counts them,
	// ItemsURL is the address that shows the other choice.
	AllItems bool
	Untried  int
	ItemsURL string
	// Flags links to the bank's flags, for its owner and admins.
	Flags bool
	// Student names the one student the report is about, with the address
	// of the whole class's report; empty for the class.
	Student, ClassURL string
	// Assignments say, for the class's assignment of the bank, when it is
	// due and how many students are on track.
	Assignments []OnTrackLine
	// Downloads are the page's downloads, every view in every format.
	Downloads []DownloadLink
	// The item table: its filter (Filter, with the form's other
	// parameters in Hidden), its headings, which link to the table sorted
	// by them, and its pages (Matched questions in Pages pages of
	// ItemPageSize, this one Page).
	Filter      string
	Hidden      []HiddenField
	ItemHeads   []SortHead
	Matched     int
	Page, Pages int
	PageLinks   []PageLink
}

// OnTrackLine is one assignment of a class report's bank: its due date
// and target, and how many students are where in it.
type OnTrackLine struct {
	Due, Target                                   string
	HasDue                                        bool
	Complete, OnTrack, Behind, Overdue, NoDueDate int
}

// DownloadLink is one download of a page.
type DownloadLink struct {
	Label, URL string
}

// HiddenField is a parameter a form keeps.
type HiddenField struct {
	Name, Value string
}

// SortHead is a table heading that sorts by its column: Sort is its
// aria-sort (ascending, descending or none), URL the table sorted by it.
type SortHead struct {
	Label, URL, Sort string
}

// PageLink is a link to one page of a long table.
type PageLink struct {
	Label, URL string
	Current    bool
}

// SummaryLine is one student's line of the class report.
type SummaryLine struct {
	// URL opens the student's own report.
	Student, URL                               string
	Seen, Mastered, DueNow                     int
	Accuracy, Retention, TimeSpent, LastActive string
	// TimeSort and LastActiveSort order the time spent and last active
	// columns (seconds, Unix seconds; 0 for never).
	TimeSort, LastActiveSort int64
	Mastery                  []string
}

// ItemLine is one question's line of the item analysis.
type ItemLine struct {
	// QuestionID and EditURL name the question and its editor.
	QuestionID, EditURL                            string
	Topic, Prompt                                  string
	Students, Attempts                             int
	FirstTryRight, AvgLapses, Discrimination, Flag string
	// Retired questions are listed with their history, marked.
	Retired bool
	// CommonWrong are the most common wrong responses, as given.
	CommonWrong []WrongResponse
}

// PasswordPage is the form to change one's password.
type PasswordPage struct {
	Layout
	Error string
	Field string
	Saved bool
}

// UploadReviewPage is the facts found in an uploaded article, to correct
// before questions are made of them.
type UploadReviewPage struct {
	Layout
	Filename string
	// Into, Public and UploadTitle are what the upload form said, kept
	// for the preview.
	Into        uint
	Public      bool
	UploadTitle string
	Title       string
	TitleError  string
	// Hidden are the sheet's fields the form does not show (its slug and
	// source).
	Hidden []HiddenField
	Topics []ReviewTopic
	Facts  int
	// Error is a problem of the whole form; Problems lists every problem
	// with the id of its field, to jump to.
	Error    string
	Problems []ReviewProblem
	// Notice says what the last button did.
	Notice             string
	MaxFacts, MaxField int
}

// ReviewProblem is one problem of the review form, at a field.
type ReviewProblem struct {
	FieldID, Label, Msg string
}

// ReviewTopic is one topic's facts.
type ReviewTopic struct {
	ID, Title string
	Groups    []ReviewGroup
}

// ReviewGroup is one kind of fact: a list to add to and delete from, or,
// when Single, one set of fields (the organisation).
type ReviewGroup struct {
	Path, Title, Noun string
	Single            bool
	Rows              []ReviewRow
}

// ReviewRow is one fact: its fields and the sentence it was found in.
type ReviewRow struct {
	Name, Label string
	// Source is the sentence, cut where the fact's words are marked;
	// SourceValue the sentence as the form sends it back.
	Source      []MarkedText
	SourceValue string
	HasSource   bool
	Fields      []ReviewField
	Error       string
	ErrorID     string
}

// MarkedText is a piece of a sentence, marked when it is the fact's.
type MarkedText struct {
	Text   string
	Marked bool
}

// ReviewField is one field of a fact.
type ReviewField struct {
	Name, ID, Label, Kind, Value, Error string
	Options                             []string
	Required, Autofocus                 bool
	// Long: a clause, shown across the fact's width.
	Long bool
}
