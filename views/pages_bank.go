package views

// BankPage is a bank's own page: what it holds, and what its owner (or an
// admin) may do with it — rename, archive or restore, copy, export — or,
// for an instructor who may copy it but not change it, a button to make
// their own copy.
type BankPage struct {
	Layout
	Bank BankRef
	Slug string
	// Manage: the user may rename, archive and restore the bank.
	Manage           bool
	Builtin, Public  bool
	Archived         bool
	ArchivedOn       string // "2 March 2026", when archived
	Studied, Retired int    // questions studied and retired
	Students         int    // who have a card in it
	CopyTitle        string // the copy's title when none is typed
	TitleValue       string // the rename form's value, kept on an error
	ConfirmArchive   bool   // show the archive confirmation
	Notice           string
	Error, Field     string
	CopyError        string // the duplicate form's error
	// Kept lists, for an admin on the bundled bank, the questions edited
	// by hand that a newer bundled version leaves as they are.
	Kept *KeptEdits
}
