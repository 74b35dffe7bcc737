package storage

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// MaxRosterRows is the most students one roster file may list.
const MaxRosterRows = 500

// maxRosterErrors caps the problems one roster reports.
const maxRosterErrors = 50

// RosterRow is one student of a roster file.
type RosterRow struct {
	// Line is the entry's line in the file.
	Line        int
	Username    string
	DisplayName string
}

// RosterError is a problem of a roster file at a line and column.
type RosterError struct {
	Line   int    `json:"line"`
	Column string `json:"column"`
	Msg    string `json:"message"`
}

func (e RosterError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, e.Msg)
}

// RosterErrors are the problems of a roster file: when there is one,
// nothing of the file is stored.
type RosterErrors []RosterError

func (es RosterErrors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return "roster: " + strings.Join(msgs, "; ")
}

// ParseRoster reads a roster file: CSV with a header row naming the
// column username and, if it likes, display_name (other columns are
// ignored), then one student a line. checkName is the rule usernames
// follow. Blank lines are skipped; a name given twice, in any letter
// case, is a problem at its second line.
func ParseRoster(data []byte, checkName func(string) error) ([]RosterRow, error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if !utf8.Valid(data) {
		return nil, RosterErrors{{Line: firstInvalidLine(data), Msg: "is not UTF-8 text: save the file as CSV UTF-8"}}
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	header, err := r.Read()
	if errors.Is(err, io.EOF) {
		return nil, RosterErrors{{Line: 1, Msg: "the file is empty: give a header row (username,display_name) and one student a line"}}
	}
	if err != nil {
		return nil, csvProblem(err, nil)
	}
	nameCol, displayCol := -1, -1
	for i, h := range header {
		switch strings.ToLower(strings.TrimSpace(h)) {
		case "username":
			nameCol = i
		case "display_name":
			displayCol = i
		}
	}
	if nameCol < 0 {
		return nil, RosterErrors{{Line: 1, Column: "username", Msg: "the header row has no column username: make the first line username,display_name"}}
	}
	var out []RosterRow
	var errs RosterErrors
	seen := map[string]int{}
	for len(errs) < maxRosterErrors {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs = append(errs, csvProblem(err, header)...)
			break
		}
		line, _ := r.FieldPos(0)
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		if len(out) == MaxRosterRows {
			errs = append(errs, RosterError{Line: line, Msg: fmt.Sprintf("the roster lists more than %d students: split it into smaller files", MaxRosterRows)})
			break
		}
		field := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		e := RosterRow{Line: line, Username: field(nameCol), DisplayName: field(displayCol)}
		if e.Username == "" {
			errs = append(errs, RosterError{Line: line, Column: "username", Msg: "is empty: give each student a username"})
			continue
		}
		if err := checkName(e.Username); err != nil {
			errs = append(errs, RosterError{Line: line, Column: "username", Msg: fmt.Sprintf("%q %s", e.Username, strings.TrimPrefix(err.Error(), "username: "))})
			continue
		}
		if err := CheckDisplayName(e.DisplayName); err != nil {
			errs = append(errs, RosterError{Line: line, Column: "display_name", Msg: strings.TrimPrefix(err.Error(), "display name: ")})
			continue
		}
		key, err := UsernameKey(e.Username)
		if err != nil {
			errs = append(errs, RosterError{Line: line, Column: "username", Msg: fmt.Sprintf("%q is not a name an account can have", e.Username)})
			continue
		}
		if first, ok := seen[key]; ok {
			errs = append(errs, RosterError{Line: line, Column: "username", Msg: fmt.Sprintf("%q is on line %d already: list each student once", e.Username, first)})
			continue
		}
		seen[key] = line
		out = append(out, e)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(out) == 0 {
		return nil, RosterErrors{{Line: 2, Msg: "the roster lists no student: add one a line under the header row"}}
	}
	return out, nil
}

// csvProblem turns a CSV syntax error into a roster problem at its line,
// naming the column from the header where it can.
func csvProblem(err error, header []string) RosterErrors {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return RosterErrors{{Line: 1, Msg: "the file could not be read as CSV: save it as CSV UTF-8"}}
	}
	col := ""
	if pe.Column > 0 {
		col = fmt.Sprintf("at character %d", pe.Column)
	}
	msg := pe.Err.Error()
	if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
		msg = "has a quote mark out of place: put a field with quotes or commas in double quotes, each quote doubled"
	}
	return RosterErrors{{Line: pe.Line, Column: col, Msg: msg}}
}

func firstInvalidLine(data []byte) int {
	line := 1
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if r == utf8.RuneError && n <= 1 {
			return line
		}
		if r == '\n' {
			line++
		}
		data = data[n:]
	}
	return line
}

// RosterResult is what EnrolRoster did for one student.
type RosterResult struct {
	UserID      uint
	Username    string
	DisplayName string
	// Created is set for a student who had no account; Token is then the
	// one-time link's token to set their password, until ExpiresAt.
	Created   bool
	Token     string
	ExpiresAt time.Time
}

// EnrolRoster creates the roster's students who have no account, each
// with a one-time link to set a password (newToken makes the link's token
// and the hash to keep), and enrols every student of the roster in the
// class, in one transaction: all of it happens, or none.
func (s *Store) EnrolRoster(ctx context.Context, classID uint, entries []RosterRow, createdBy *uint,
	newToken func() (token, hash string, err error), now time.Time) ([]RosterResult, error) {
	now = now.UTC()
	var out []RosterResult
	err := s.write(ctx, func(tx *gorm.DB) error {
		out = out[:0]
		var cl classRow
		if err := tx.Select("id").Take(&cl, classID).Error; err != nil {
			return notFound(err)
		}
		for _, e := range entries {
			key, err := UsernameKey(e.Username)
			if err != nil {
				return err
			}
			var row userRow
			res := RosterResult{Username: e.Username}
			err = tx.Where("username_key = ?", key).Take(&row).Error
			switch {
			case errors.Is(err, gorm.ErrRecordNotFound):
				if row, err = (NewAccount{Username: e.Username, DisplayName: e.DisplayName, PasswordHash: NoPassword, Role: Student}).row(); err != nil {
					return err
				}
				if err := tx.Create(&row).Error; err != nil {
					return err
				}
				token, hash, err := newToken()
				if err != nil {
					return err
				}
				if err := createReset(tx, row.ID, createdBy, hash, now); err != nil {
					return err
				}
				res.Created, res.Token, res.ExpiresAt = true, token, now.Add(ResetValid)
			case err != nil:
				return err
			}
			res.UserID, res.Username, res.DisplayName = row.ID, row.Username, row.DisplayName
			if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&classMemberRow{ClassID: classID, UserID: row.ID, JoinedAt: now}).Error; err != nil {
				return err
			}
			out = append(out, res)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("storage: enrol roster in class %d: %w", classID, err)
	}
	return out, nil
}
