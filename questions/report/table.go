package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

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

// csvWriter writes RFC 4180 CSV: a header row, CRLF line ends, UTF-8. It
// writes each line into one reused buffer, quoting as encoding/csv does.
type csvWriter struct {
	out  *bufio.Writer
	cols []Column
	line []byte
}

func newCSV(w io.Writer, cols []Column) (*csvWriter, error) {
	c := &csvWriter{out: bufio.NewWriterSize(w, 64<<10), cols: cols}
	b := c.line[:0]
	for i, col := range cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCSVField(b, col.Name)
	}
	return c, c.end(b)
}

func (c *csvWriter) Row(values []any) error {
	b := c.line[:0]
	for i := range c.cols {
		if i > 0 {
			b = append(b, ',')
		}
		if i < len(values) {
			b = appendCSVField(b, neutralise(textOf(values[i])))
		}
	}
	return c.end(b)
}

func (c *csvWriter) Cells(cells []Cell) error {
	b := c.line[:0]
	for i := range c.cols {
		if i > 0 {
			b = append(b, ',')
		}
		if i >= len(cells) {
			continue
		}
		switch cell := &cells[i]; cell.Kind {
		case TextKind:
			b = appendCSVField(b, neutralise(cell.Text))
		case ListKind:
			b = appendCSVField(b, neutralise(cell.List.String()))
		default:
			// Numbers and times need no quotes; only a negative number
			// starts with a formula character, and neutralise keeps those.
			start := len(b)
			b = cell.appendText(b)
			if len(b) > start && b[start] == '-' {
				n := neutralise(string(b[start:]))
				b = append(b[:start], n...)
			}
		}
	}
	return c.end(b)
}

// end ends a line and writes it.
func (c *csvWriter) end(b []byte) error {
	b = append(b, '\r', '\n')
	c.line = b
	_, err := c.out.Write(b)
	return err
}

func (c *csvWriter) Close() error { return c.out.Flush() }

// appendCSVField appends a field as encoding/csv's Writer with UseCRLF
// writes it: quoted when it holds a comma, a quote or a line end, starts
// with a space or is \.; quotes doubled and line ends written CRLF inside.
func appendCSVField(b []byte, field string) []byte {
	if !fieldNeedsQuotes(field) {
		return append(b, field...)
	}
	b = append(b, '"')
	for len(field) > 0 {
		i := strings.IndexAny(field, "\"\r\n")
		if i < 0 {
			i = len(field)
		}
		b = append(b, field[:i]...)
		field = field[i:]
		if len(field) > 0 {
			switch field[0] {
			case '"':
				b = append(b, '"', '"')
			case '\n':
				b = append(b, '\r', '\n')
			}
			// A lone \r is dropped, as encoding/csv drops it with UseCRLF.
			field = field[1:]
		}
	}
	return append(b, '"')
}

// fieldNeedsQuotes is encoding/csv's rule for a comma-separated field.
func fieldNeedsQuotes(field string) bool {
	if field == "" {
		return false
	}
	if field == `\.` {
		return true
	}
	for i := 0; i < len(field); i++ {
		if c := field[i]; c == '\n' || c == '\r' || c == '"' || c == ',' {
			return true
		}
	}
	if field[0] < utf8.RuneSelf {
		return unicode.IsSpace(rune(field[0]))
	}
	r1, _ := utf8.DecodeRuneInString(field)
	return unicode.IsSpace(r1)
}

// appendText appends a number or a time as textOf writes it, without fmt:
// times in RFC 3339 UTC, NaN and missing times as nothing.
func (c *Cell) appendText(b []byte) []byte {
	switch c.Kind {
	case IntKind:
		return strconv.AppendInt(b, c.Int, 10)
	case FloatKind:
		if math.IsNaN(c.Float) || math.IsInf(c.Float, 0) {
			return b
		}
		// %.4g, as textOf writes it: fmt formats %g through strconv.
		return strconv.AppendFloat(b, c.Float, 'g', 4, 64)
	case TimeKind:
		if c.Time.IsZero() {
			return b
		}
		return c.Time.UTC().AppendFormat(b, time.RFC3339)
	case ListKind:
		return append(b, c.List.String()...)
	}
	return append(b, c.Text...)
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

// jsonWriter writes {"columns": [...], "rows": [{...}, ...]} as rows come,
// each row into one reused buffer.
type jsonWriter struct {
	buf   *bufio.Writer
	cols  []Column
	keys  [][]byte // each column's "name":
	first bool
	line  []byte
}

func newJSON(w io.Writer, cols []Column) (*jsonWriter, error) {
	j := &jsonWriter{buf: bufio.NewWriterSize(w, 64<<10), cols: cols, first: true, keys: make([][]byte, len(cols))}
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
		key, err := json.Marshal(c.Name)
		if err != nil {
			return nil, err
		}
		j.keys[i] = append(key, ':')
	}
	head, _ := json.Marshal(names)
	_, err := fmt.Fprintf(j.buf, `{"columns":%s,"rows":[`, head)
	return j, err
}

func (j *jsonWriter) Row(values []any) error {
	b := j.start()
	for i := range j.cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, j.keys[i]...)
		var v any
		if i < len(values) {
			v = jsonValue(values[i])
		}
		data, err := json.Marshal(v)
		if err != nil {
			return err
		}
		b = append(b, data...)
	}
	return j.end(b)
}

func (j *jsonWriter) Cells(cells []Cell) error {
	b := j.start()
	for i := range j.cols {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, j.keys[i]...)
		if i >= len(cells) {
			b = append(b, "null"...)
			continue
		}
		var err error
		if b, err = cells[i].appendJSON(b); err != nil {
			return err
		}
	}
	return j.end(b)
}

// start begins a row's object in the line buffer.
func (j *jsonWriter) start() []byte {
	b := j.line[:0]
	if !j.first {
		b = append(b, ',')
	}
	j.first = false
	return append(b, '{')
}

// end ends a row's object and writes it.
func (j *jsonWriter) end(b []byte) error {
	b = append(b, '}')
	j.line = b
	_, err := j.buf.Write(b)
	return err
}

// appendJSON appends the cell as json.Marshal writes its jsonValue.
func (c *Cell) appendJSON(b []byte) ([]byte, error) {
	switch c.Kind {
	case IntKind:
		return strconv.AppendInt(b, c.Int, 10), nil
	case FloatKind:
		if math.IsNaN(c.Float) || math.IsInf(c.Float, 0) {
			return append(b, "null"...), nil
		}
		return appendJSONFloat(b, c.Float), nil
	case TimeKind:
		if c.Time.IsZero() {
			return append(b, "null"...), nil
		}
		b = append(b, '"')
		b = c.Time.UTC().AppendFormat(b, time.RFC3339)
		return append(b, '"'), nil
	case ListKind:
		list := c.List
		if list == nil {
			list = Responses{}
		}
		data, err := json.Marshal(list)
		return append(b, data...), err
	}
	return appendJSONString(b, c.Text), nil
}

// appendJSONFloat writes a float as encoding/json does: like %g, with
// exponents only below 1e-6 and from 1e21, and not padded.
func appendJSONFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 becomes e-9.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendJSONString writes a string as encoding/json does. Text that needs
// no escape (printable ASCII but for " \ < > &, and valid UTF-8 but for
// U+2028 and U+2029) is copied; the rest goes through json.Marshal.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return appendMarshalled(b, s)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			return appendMarshalled(b, s)
		}
		i += size
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendMarshalled(b []byte, s string) []byte {
	data, _ := json.Marshal(s)
	return append(b, data...)
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
	return x.next()
}

func (x *xlsxWriter) Cells(cells []Cell) error {
	for i := range x.cells {
		var v any
		if i < len(cells) {
			switch c := &cells[i]; c.Kind {
			case TextKind:
				v = c.Text
			case IntKind:
				v = c.Int
			case FloatKind:
				if !math.IsNaN(c.Float) && !math.IsInf(c.Float, 0) {
					v = c.Float
				}
			case TimeKind:
				if !c.Time.IsZero() {
					v = excelize.Cell{StyleID: x.dateStyle, Value: c.Time.UTC()}
				}
			case ListKind:
				v = c.List.String()
			}
		}
		x.cells[i] = v
	}
	return x.next()
}

// next writes the row of cells.
func (x *xlsxWriter) next() error {
	x.row++
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
