package views

import (
	"bytes"
	"encoding/csv"
	"html/template"
	"strings"
)

// The data of the account pages: the admin's accounts, a password link
// just issued, the page of a reset link, and a class's roster upload.

// AdminUsersPage lists and searches accounts, with the admin's forms.
type AdminUsersPage struct {
	Layout
	Query string
	Users []AdminUserRow
	// Shown says which users of how many the page lists ("1–50 of 230").
	Shown string
	// Prev and Next are the addresses of the neighbouring pages ("" for none).
	Prev, Next string
	Notice     string
	Error      string
	// Field is the create form's field the error is about.
	Field string
	Roles []string
	// New holds the create form's values after an error.
	New NewAccountForm
}

// AdminUserRow is one account on the admin page.
type AdminUserRow struct {
	ID          uint
	Username    string
	DisplayName string
	Role        string
	Disabled    bool
	Created     string
	// Self is the admin looking at the page.
	Self bool
}

// NewAccountForm is what the create form holds.
type NewAccountForm struct {
	Username, DisplayName, Role string
}

// ResetLinkPage shows a one-time link to set a password, once.
type ResetLinkPage struct {
	Layout
	// Created says the account was just made ("" when the link is for an
	// existing account).
	Created   string
	Username  string
	URL       string
	ExpiresAt string
	// Back is the page to go back to.
	Back string
}

// ResetPage is the page of a reset link: the form for a new password, or
// Gone saying why the link no longer works.
type ResetPage struct {
	Layout
	Username string
	Gone     string
	Error    string
}

// RosterPage uploads a roster to a class, and lists what it did once.
type RosterPage struct {
	Layout
	ClassID   uint
	ClassName string
	Error     string
	Problems  []RosterProblem
	Results   []RosterRow
	// Created and Existing count Results.
	Created, Existing int
	// CSV is the results as a CSV file to download.
	CSV template.URL
}

// RosterProblem is a problem of a roster file at a line and column.
type RosterProblem struct {
	Line    int
	Column  string
	Message string
}

// RosterRow is what the upload did for one student.
type RosterRow struct {
	Username, DisplayName string
	Created               bool
	Link, Expires         string
}

// CSVDataURL is a CSV file of rows as a data: address for a download link.
// Every byte but the unreserved ones is percent-encoded, so that nothing
// of the rows can end the address or the attribute it stands in; a cell a
// spreadsheet would run as a formula gets an apostrophe before it.
func CSVDataURL(rows [][]string) template.URL {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, c := range row {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				c = "'" + c
			}
			cells[i] = c
		}
		_ = w.Write(cells) // a bytes.Buffer does not fail
	}
	w.Flush()
	return template.URL("data:text/csv;charset=utf-8," + percentEncode(buf.Bytes()))
}

// percentEncode encodes every byte but the unreserved ones of RFC 3986.
func percentEncode(b []byte) string {
	const hex = "0123456789ABCDEF"
	out := make([]byte, 0, len(b)*2)
	for _, c := range b {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			out = append(out, c)
			continue
		}
		out = append(out, '%', hex[c>>4], hex[c&15])
	}
	return string(out)
}
