package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"
)

var cols = []Column{{"name", TextKind}, {"n", IntKind}, {"x", FloatKind}, {"at", TimeKind}}

func TestCSVWriter(t *testing.T) {
	var buf bytes.Buffer
	w, err := NewWriter("csv", &buf, "S", cols)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	rows := [][]any{
		{"=HYPERLINK(\"x\")", 3, 0.5, at},
		{"+1", -2, math.NaN(), time.Time{}},
		{"plain, \"quoted\"\nline", 0, -1.25, nil},
		{"-5", 1, 1.0, at},
	}
	for _, r := range rows {
		if err := w.Row(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "name,n,x,at\r\n") {
		t.Errorf("header %q", buf.String()[:20])
	}
	got, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"name", "n", "x", "at"},
		{"'=HYPERLINK(\"x\")", "3", "0.5", "2026-03-02T10:00:00Z"},
		{"'+1", "-2", "", ""},
		{"plain, \"quoted\"\nline", "0", "-1.25", ""},
		{"-5", "1", "1", "2026-03-02T10:00:00Z"},
	}
	for i := range want {
		if strings.Join(got[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestJSONWriter(t *testing.T) {
	var buf bytes.Buffer
	w, _ := NewWriter("json", &buf, "S", cols)
	w.Row([]any{"a", 1, math.NaN(), time.Time{}})
	w.Row([]any{"b", 2, 0.25, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	w.Close()
	var out struct {
		Columns []string
		Rows    []map[string]any
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err, buf.String())
	}
	if len(out.Rows) != 2 || out.Rows[0]["x"] != nil || out.Rows[0]["at"] != nil || out.Rows[1]["at"] != "2026-01-01T00:00:00Z" || out.Columns[3] != "at" {
		t.Errorf("%+v", out)
	}
	var empty bytes.Buffer
	w, _ = NewWriter("json", &empty, "S", cols)
	w.Close()
	if !json.Valid(empty.Bytes()) {
		t.Errorf("an empty report is not valid JSON: %s", empty.String())
	}
	if _, err := NewWriter("pdf", &empty, "S", cols); err == nil {
		t.Error("an unknown format was accepted")
	}
}
