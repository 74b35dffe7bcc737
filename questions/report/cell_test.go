package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

// trickyTexts are cells every writer must escape as encoding/csv and
// encoding/json do.
var trickyTexts = []string{
	"", "plain", "a,b", `say "hi"`, "two\nlines", "cr\ronly", "crlf\r\nend", " leading", "\tTab", "\u00a0nbsp first",
	`\.`, `\.x`, "=SUM(A1)", "+1", "-5", "-x", "@home", "\rstart", "<b>&amp;</b>", "Zürich — ✓", "line\u2028sep", "bad\xffutf8",
	"ctrl\x01\x1f", `back\slash`, "日本語", "'quoted'",
}

func TestAppendCSVFieldQuotesAsEncodingCSV(t *testing.T) {
	for _, s := range trickyTexts {
		var want bytes.Buffer
		w := csv.NewWriter(&want)
		w.UseCRLF = true
		w.Write([]string{s})
		w.Flush()
		got := string(appendCSVField(nil, s)) + "\r\n"
		if got != want.String() {
			t.Errorf("field %q: wrote %q, encoding/csv writes %q", s, got, want.String())
		}
	}
}

func TestAppendJSONMatchesEncodingJSON(t *testing.T) {
	for _, s := range trickyTexts {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Errorf("string %q: wrote %s, encoding/json writes %s", s, got, want)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	floats := []float64{0, -0.0, 1, -1, 0.5, 1e-7, 1e-6, 9.99999e-7, 1e20, 1e21, 123456789, -2.5e-9, math.MaxFloat64, math.SmallestNonzeroFloat64}
	for range 2000 {
		floats = append(floats, (r.Float64()-0.5)*math.Pow(10, float64(r.IntN(50)-25)))
	}
	for _, f := range floats {
		want, _ := json.Marshal(f)
		if got := appendJSONFloat(nil, f); string(got) != string(want) {
			t.Errorf("float %v: wrote %s, encoding/json writes %s", f, got, want)
		}
	}
}

// cellCases are rows as typed cells and as the values the writers took
// before cells: both must be written byte for byte alike.
func cellCases() (cells [][]Cell, values [][]any) {
	r := rand.New(rand.NewPCG(3, 4))
	berlin := time.FixedZone("CET", 3600)
	times := []time.Time{{}, time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 10, 0, 0, 123456789, berlin),
		time.Date(1999, 12, 31, 23, 59, 59, 0, time.FixedZone("", -9*3600-30*60)), time.Date(2026, 6, 1, 0, 0, 0, 0, time.Local)}
	floats := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, -0.0, 0.5, -1, -1.25, 1.0 / 3, 123456, -123456, 1e-7, 0.00012345, 99999.5}
	for range 500 {
		floats = append(floats, (r.Float64()-0.5)*math.Pow(10, float64(r.IntN(16)-8)))
	}
	lists := []Responses{nil, {}, {{"Paris", 3}}, {{"=1+1", 2}, {"a, \"b\"", 1}}, {{"-x", 1}}}
	for i := range 600 {
		text := trickyTexts[i%len(trickyTexts)]
		n := int64(r.IntN(2000) - 1000)
		f := floats[i%len(floats)]
		tm := times[i%len(times)]
		list := lists[i%len(lists)]
		cells = append(cells, []Cell{TextCell(text), IntCell(n), FloatCell(f), TimeCell(tm), ListCell(list)})
		var tv any = tm
		if i%3 == 0 && tm.IsZero() {
			tv = nil
		}
		var lv any = list
		if list == nil {
			lv = Responses{}
		}
		values = append(values, []any{text, int(n), f, tv, lv})
	}
	// A short row leaves the last cells empty.
	cells = append(cells, []Cell{TextCell("short")})
	values = append(values, []any{"short"})
	return cells, values
}

func TestCellsAreWrittenAsValuesWere(t *testing.T) {
	cols := []Column{{"text", TextKind}, {"n", IntKind}, {"x", FloatKind}, {"at", TimeKind}, {"wrong", ListKind}}
	cells, values := cellCases()
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var byCells, byValues bytes.Buffer
			cw, err := NewWriter(format, &byCells, "S", cols)
			if err != nil {
				t.Fatal(err)
			}
			vw, _ := NewWriter(format, &byValues, "S", cols)
			for i := range cells {
				if err := cw.(CellWriter).Cells(cells[i]); err != nil {
					t.Fatal(err)
				}
				if err := vw.Row(values[i]); err != nil {
					t.Fatal(err)
				}
			}
			cw.Close()
			vw.Close()
			if format == "xlsx" {
				// The zip holds no times: its bytes are the sheet's.
				if !bytes.Equal(byCells.Bytes(), byValues.Bytes()) {
					t.Errorf("xlsx from cells (%d bytes) differs from xlsx from values (%d bytes)", byCells.Len(), byValues.Len())
				}
				return
			}
			got, want := strings.Split(byCells.String(), "\n"), strings.Split(byValues.String(), "\n")
			if len(got) != len(want) {
				t.Fatalf("%d lines from cells, %d from values", len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("line %d from cells %q, from values %q", i, got[i], want[i])
				}
			}
			if format == "json" && !json.Valid(byCells.Bytes()) {
				t.Error("the JSON from cells is not valid")
			}
		})
	}
}

// A Writer that only takes values gets each cell's plain value.
func TestCellsToAWriterOfValues(t *testing.T) {
	var got [][]any
	w := CellsTo(rowFunc(func(v []any) error { got = append(got, v); return nil }))
	w.Cells([]Cell{TextCell("ada"), IntCell(2), FloatCell(0.5), TimeCell(time.Time{}), ListCell(Responses{{"x", 1}})})
	if len(got) != 1 || fmt.Sprint(got[0]) != "[ada 2 0.5 <nil> x (1)]" || got[0][1] != 2 {
		t.Errorf("values %v", got)
	}
}

type rowFunc func([]any) error

func (f rowFunc) Row(v []any) error { return f(v) }
func (rowFunc) Close() error        { return nil }
