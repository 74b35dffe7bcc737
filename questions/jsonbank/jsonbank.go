// Package jsonbank reads and writes quizd's own bank format: the JSON that
// `quizd generate` prints. A bank written and read back is the same bank.
package jsonbank

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"quizd/questions"
)

// Write encodes a bank as indented JSON.
func Write(b *questions.Bank) ([]byte, error) {
	data, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("jsonbank: %w", err)
	}
	return append(data, '\n'), nil
}

// Parse reads a bank. Every problem is reported with its line: JSON that
// does not parse, a field quizd does not know, a value of the wrong type,
// and each question that does not validate.
func Parse(data []byte) (*questions.Bank, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &questions.FormatError{Msg: "the file is empty"}
	}
	var b questions.Bank
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		return nil, decodeError(data, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, questions.LineErrors{{Line: lineAt(data, dec.InputOffset()), Msg: "more JSON follows the bank"}}
	}
	var es questions.LineErrors
	if err := b.Validate(); err != nil {
		var ps questions.Problems
		errors.As(err, &ps)
		lines := questionLines(data)
		for _, p := range ps {
			line := 1
			if p.Question > 0 && p.Question <= len(lines) {
				line = lines[p.Question-1]
			}
			msg := fmt.Sprintf("%s: %s", p.Field, p.Message)
			if p.Question > 0 {
				msg = fmt.Sprintf("question %d: %s", p.Question, msg)
			}
			es.Add(line, "%s", msg)
		}
	}
	if err := es.Err(); err != nil {
		return nil, err
	}
	return &b, nil
}

// decodeError places a JSON decoding error at its line.
func decodeError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		if bytes.IndexAny(data, "{[") != 0 && len(bytes.TrimSpace(data)) > 0 && !bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
			return &questions.FormatError{Msg: "this is not a JSON bank: it does not start with {"}
		}
		return questions.LineErrors{{Line: lineAt(data, se.Offset), Msg: "invalid JSON: " + se.Error()}}
	case errors.As(err, &te):
		if te.Field == "" {
			return &questions.FormatError{Msg: "this is not a JSON bank: a bank is an object with slug, title and questions"}
		}
		return questions.LineErrors{{Line: lineAt(data, te.Offset), Msg: fmt.Sprintf("%s: must be %s, not %s", te.Field, te.Type, te.Value)}}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return questions.LineErrors{{Line: lineAt(data, int64(len(data))), Msg: "the JSON ends too early: a bracket or brace is not closed"}}
	}
	return questions.LineErrors{{Line: 1, Msg: err.Error()}}
}

// lineAt is the line of a byte offset, counted from 1.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

// lineCounter turns rising byte offsets into lines, counting each byte
// once: counting from the start for every question made a large file take
// minutes.
type lineCounter struct {
	data []byte
	off  int64
	line int
}

func (c *lineCounter) at(off int64) int {
	off = min(off, int64(len(c.data)))
	if off < c.off {
		c.off, c.line = 0, 1
	}
	c.line += bytes.Count(c.data[c.off:off], []byte("\n"))
	c.off = off
	return c.line
}

// questionLines finds the line on which each element of "questions" starts.
func questionLines(data []byte) []int {
	lc := &lineCounter{data: data, line: 1}
	dec := json.NewDecoder(bytes.NewReader(data))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return nil
		}
		if key != "questions" {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return nil
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return nil
		}
		var lines []int
		for dec.More() {
			off := dec.InputOffset()
			// Skip the comma and white space before the element.
			rest := data[off:]
			trimmed := bytes.TrimLeft(rest, " \t\r\n,")
			lines = append(lines, lc.at(off+int64(len(rest)-len(trimmed))))
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return lines
			}
		}
		return lines
	}
	return nil
}
