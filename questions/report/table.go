package report

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Kind is how a column's values are written: text, whole numbers, numbers,
// dates with times.
type Kind int

// The kinds of column.
const (
	TextKind Kind = iota
	IntKind
	FloatKind
	TimeKind
	// ListKind is a list of responses with their counts (Responses): text
	// in CSV and XLSX, a list in JSON.
	ListKind
)

// Column is one column of a report: its snake_case name and kind.
type Column struct {
	Name string
	Kind Kind
}

// Writer writes a report's rows as they come, holding none of them: the
// CSV and JSON writers stream to their output, the XLSX writer streams its
// sheet to a temporary file.
type Writer interface {
	Row(values []any) error
	Close() error
}

// Formats are the formats a report is written in.
var Formats = []string{"csv", "json", "xlsx"}

// ContentType is the MIME type of a report format.
func ContentType(format string) string {
	switch format {
	case "csv":
		return "text/csv; charset=utf-8"
	case "json":
		return "application/json"
	case "xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "application/octet-stream"
}

// NewWriter starts a report in a format: sheet names the XLSX sheet.
func NewWriter(format string, w io.Writer, sheet string, cols []Column) (Writer, error) {
	switch format {
	case "csv":
		return newCSV(w, cols)
	case "json":
		return newJSON(w, cols)
	case "xlsx":
		return newXLSX(w, sheet, cols)
	}
	return nil, fmt.Errorf("report: format must be csv, json or xlsx, not %q", format)
}

// csvWriter writes RFC 4180 CSV: a header row, CRLF line ends, UTF-8.
type csvWriter struct {
	buf  *bufio.Writer
	w    *csv.Writer
	cols []Column
	rec  []string
}

func newCSV(w io.Writer, cols []Column) (*csvWriter, error) {
	buf := bufio.NewWriterSize(w, 64<<10)
	c := &csvWriter{buf: buf, w: csv.NewWriter(buf), cols: cols, rec: make([]string, len(cols))}
	c.w.UseCRLF = true
	for i, col := range cols {
		c.rec[i] = col.Name
	}
	return c, c.w.Write(c.rec)
}

func (c *csvWriter) Row(values []any) error {
	for i := range c.rec {
		c.rec[i] = ""
		if i < len(values) {
			c.rec[i] = neutralise(textOf(values[i]))
		}
	}
	return c.w.Write(c.rec)
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.buf.Flush()
}

// neutralise puts an apostrophe before a cell that a spreadsheet would run
// as a formula: one that starts with =, +, -, @, a tab or a carriage
// return. Numbers written by quizd never do, but student names and prompts
// may.
func neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		if _, isNumber := parseNumber(s); !isNumber {
			return "'" + s
		}
	}
	return s
}

func parseNumber(s string) (float64, bool) {
	var f float64
	_, err := fmt.Sscanf(s, "%g", &f)
	return f, err == nil && fmt.Sprint(f) == s
}

// textOf writes a value as a CSV cell: times in RFC 3339 UTC, NaN and
// missing times as empty cells.
func textOf(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case time.Time:
		if x.IsZero() {
			return ""
		}
		return x.UTC().Format(time.RFC3339)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return ""
		}
		return fmt.Sprintf("%.4g", x)
	}
	return fmt.Sprint(v)
}

// jsonWriter writes {"columns": [...], "rows": [{...}, ...]} as rows come.
type jsonWriter struct {
	buf   *bufio.Writer
	cols  []Column
	first bool
}

func newJSON(w io.Writer, cols []Column) (*jsonWriter, error) {
	j := &jsonWriter{buf: bufio.NewWriterSize(w, 64<<10), cols: cols, first: true}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	head, _ := json.Marshal(names)
	_, err := fmt.Fprintf(j.buf, `{"columns":%s,"rows":[`, head)
	return j, err
}

func (j *jsonWriter) Row(values []any) error {
	if !j.first {
		j.buf.WriteByte(',')
	}
	j.first = false
	j.buf.WriteByte('{')
	for i, c := range j.cols {
		if i > 0 {
			j.buf.WriteByte(',')
		}
		key, _ := json.Marshal(c.Name)
		j.buf.Write(key)
		j.buf.WriteByte(':')
		var v any
		if i < len(values) {
			v = jsonValue(values[i])
		}
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		j.buf.Write(data)
	}
	j.buf.WriteByte('}')
	return nil
}

func jsonValue(v any) any {
	switch x := v.(type) {
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
	case time.Time:
		if x.IsZero() {
			return nil
		}
		return x.UTC().Format(time.RFC3339)
	case Responses:
		if x == nil {
			return Responses{}
		}
	}
	return v
}

func (j *jsonWriter) Close() error {
	if _, err := j.buf.WriteString("]}\n"); err != nil {
		return err
	}
	return j.buf.Flush()
}

// xlsxWriter writes one sheet with typed cells: numbers as numbers, times
// as dates, through excelize's stream writer.
type xlsxWriter struct {
	out       io.Writer
	f         *excelize.File
	sw        *excelize.StreamWriter
	cols      []Column
	row       int
	dateStyle int
	cells     []any
}

func newXLSX(w io.Writer, sheet string, cols []Column) (*xlsxWriter, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, err
	}
	// Times are UTC, and the cell says so.
	dateFmt := `yyyy-mm-dd hh:mm "UTC"`
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = excelize.Cell{StyleID: bold, Value: c.Name}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return nil, err
	}
	return &xlsxWriter{out: w, f: f, sw: sw, cols: cols, row: 1, dateStyle: dateStyle, cells: make([]any, len(cols))}, nil
}

func (x *xlsxWriter) Row(values []any) error {
	x.row++
	for i := range x.cells {
		var v any
		if i < len(values) {
			v = values[i]
		}
		switch t := v.(type) {
		case time.Time:
			if t.IsZero() {
				v = nil
			} else {
				v = excelize.Cell{StyleID: x.dateStyle, Value: t.UTC()}
			}
		case float64:
			if math.IsNaN(t) || math.IsInf(t, 0) {
				v = nil
			}
		case string:
			// Text is text: a spreadsheet does not run it.
		case Responses:
			v = t.String()
		}
		x.cells[i] = v
	}
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	return x.sw.SetRow(cell, x.cells)
}

func (x *xlsxWriter) Close() error {
	if err := x.sw.Flush(); err != nil {
		return err
	}
	if _, err := x.f.WriteTo(x.out); err != nil {
		return err
	}
	return x.f.Close()
}
