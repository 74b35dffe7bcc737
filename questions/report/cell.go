package report

import "time"

// Cell is one typed value of a report row. A row of cells is written
// without boxing each value in an interface or formatting it through fmt:
// an export of millions of rows reuses one row of cells and one line
// buffer. A NaN Float and a zero Time are empty cells (null in JSON).
type Cell struct {
	Kind  Kind
	Text  string
	Int   int64
	Float float64
	Time  time.Time
	List  Responses
}

// TextCell is a cell of text.
func TextCell(s string) Cell { return Cell{Kind: TextKind, Text: s} }

// IntCell is a cell of a whole number.
func IntCell(n int64) Cell { return Cell{Kind: IntKind, Int: n} }

// FloatCell is a cell of a number; NaN is an empty cell.
func FloatCell(x float64) Cell { return Cell{Kind: FloatKind, Float: x} }

// TimeCell is a cell of a date with a time; the zero time is an empty
// cell.
func TimeCell(t time.Time) Cell { return Cell{Kind: TimeKind, Time: t} }

// ListCell is a cell of responses with their counts.
func ListCell(rs Responses) Cell { return Cell{Kind: ListKind, List: rs} }

// Value is the cell as a plain value, for a Writer that takes values:
// an int, a float64, a time.Time (nil when zero), Responses or a string.
func (c Cell) Value() any {
	switch c.Kind {
	case IntKind:
		return int(c.Int)
	case FloatKind:
		return c.Float
	case TimeKind:
		if c.Time.IsZero() {
			return nil
		}
		return c.Time
	case ListKind:
		return c.List
	}
	return c.Text
}

// CellWriter is a Writer that takes rows of typed cells; every writer
// NewWriter makes is one.
type CellWriter interface {
	Writer
	Cells(cells []Cell) error
}

// CellsTo is w as a CellWriter: w itself when it is one, otherwise w with
// each row of cells turned into values for its Row.
func CellsTo(w Writer) CellWriter {
	if cw, ok := w.(CellWriter); ok {
		return cw
	}
	return valueWriter{w}
}

type valueWriter struct{ Writer }

func (v valueWriter) Cells(cells []Cell) error {
	values := make([]any, len(cells))
	for i, c := range cells {
		values[i] = c.Value()
	}
	return v.Row(values)
}
