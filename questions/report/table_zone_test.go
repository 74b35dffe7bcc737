package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// A time given in any zone is written as the same instant in UTC, saying
// so: RFC 3339 with its "Z" in CSV and JSON, a date cell shown with "UTC"
// in XLSX.
func TestTimesCarryTheirZone(t *testing.T) {
	paris := time.FixedZone("CET", 3600)
	at := time.Date(2026, 3, 2, 11, 30, 0, 0, paris) // 10:30 UTC
	for _, format := range []string{"csv", "json"} {
		var buf bytes.Buffer
		w, _ := NewWriter(format, &buf, "S", cols)
		if err := w.Row([]any{"a", 1, 1.0, at}); err != nil {
			t.Fatal(err)
		}
		w.Close()
		if !strings.Contains(buf.String(), "2026-03-02T10:30:00Z") {
			t.Errorf("%s: no RFC 3339 UTC time in %q", format, buf.String())
		}
	}
	var buf bytes.Buffer
	w, _ := NewWriter("xlsx", &buf, "S", cols)
	if err := w.Row([]any{"a", 1, 1.0, at}); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	shown, _ := f.GetCellValue("S", "D2")
	if shown != "2026-03-02 10:30 UTC" {
		t.Errorf("the XLSX time cell shows %q, want 2026-03-02 10:30 UTC", shown)
	}
	raw, _ := f.GetCellValue("S", "D2", excelize.Options{RawCellValue: true})
	if strings.Contains(raw, "UTC") || raw == "" {
		t.Errorf("the XLSX time cell is %q, want a date serial", raw)
	}
}
