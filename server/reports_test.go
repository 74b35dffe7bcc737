package server

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"quizd/storage"
)

// reportEnv has a teacher with a class of two students who studied the
// types bank, another instructor, an outsider student and an admin.
type reportEnv struct {
	*testEnv
	teacher, other, ada, bob, zed, admin string
	adaID                                uint
	class                                int
}

func newReportEnv(t *testing.T) *reportEnv {
	e := newEnv(t, true)
	r := &reportEnv{testEnv: e}
	r.teacher = e.role("teacher", storage.Instructor)
	r.other = e.role("other", storage.Instructor)
	r.admin = e.role("root", storage.Admin)
	r.ada, r.bob, r.zed = e.user("=ada"), e.user("bob"), e.user("zed")
	u, _, _ := e.store.UserByName(context.Background(), "=ada")
	r.adaID = u.ID
	_, body := e.api("POST", "/api/v1/classes", r.teacher, `{"name":"Period 1"}`)
	var cl struct {
		ID       int    `json:"id"`
		JoinCode string `json:"join_code"`
	}
	json.Unmarshal([]byte(body), &cl)
	r.class = cl.ID
	for _, tok := range []string{r.ada, r.bob} {
		e.api("POST", "/api/v1/classes/join", tok, fmt.Sprintf(`{"code":%q}`, cl.JoinCode))
	}
	e.api("POST", fmt.Sprintf("/api/v1/classes/%d/banks", cl.ID), r.teacher, fmt.Sprintf(`{"bank_id":%d}`, e.bank.ID))
	path := fmt.Sprintf("/api/v1/banks/%d/answers", e.bank.ID)
	// Ada: mc right, tf wrong. Bob: mc wrong. Zed (no class): mc right.
	e.api("POST", path, r.ada, `{"question_id":"mc","response":"Armenia","response_ms":4000}`)
	e.api("POST", path, r.ada, `{"question_id":"tf","response":"false","response_ms":2000}`)
	e.api("POST", path, r.bob, `{"question_id":"mc","response":"Russia"}`)
	e.api("POST", path, r.zed, `{"question_id":"mc","response":"Armenia"}`)
	return r
}

func (r *reportEnv) get(token, url string) (int, string, string) {
	req := httptest.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	status, body, h := r.do(req)
	return status, body, h.Get("Content-Disposition")
}

func TestReportPermissions(t *testing.T) {
	r := newReportEnv(t)
	b := r.bank.ID
	q := func(view, extra string) string {
		return fmt.Sprintf("/api/v1/reports/%s?bank=%d%s", view, b, extra)
	}
	class := fmt.Sprintf("&class=%d", r.class)
	tests := []struct {
		name, token, url string
		want             int
	}{
		{"student: own progress", r.ada, q("progress", ""), 200},
		{"student: own progress by id", r.ada, q("progress", fmt.Sprintf("&student=%d", r.adaID)), 200},
		{"student: another's progress", r.bob, q("progress", fmt.Sprintf("&student=%d", r.adaID)), 403},
		{"student: class progress", r.ada, q("progress", class), 403},
		{"student: summary", r.ada, q("summary", class), 403},
		{"student: items", r.ada, q("items", class), 403},
		{"instructor: class progress", r.teacher, q("progress", class), 200},
		{"instructor: class summary", r.teacher, q("summary", class), 200},
		{"instructor: class items", r.teacher, q("items", class), 200},
		{"instructor: a student of the class", r.teacher, q("progress", class+fmt.Sprintf("&student=%d", r.adaID)), 200},
		{"instructor: a student of the class, no class given", r.teacher, q("progress", fmt.Sprintf("&student=%d", r.adaID)), 200},
		{"instructor: without a class", r.teacher, q("summary", ""), 400},
		{"other instructor: the class", r.other, q("summary", class), 403},
		{"other instructor: the student", r.other, q("progress", fmt.Sprintf("&student=%d", r.adaID)), 403},
		{"admin: class", r.admin, q("summary", class), 200},
		{"admin: everyone", r.admin, q("progress", ""), 200},
		{"anonymous", "", q("progress", ""), 401},
		{"bad format", r.teacher, q("summary", class+"&format=pdf"), 400},
		{"bad bank", r.teacher, "/api/v1/reports/summary?bank=x", 400},
		{"no bank", r.teacher, "/api/v1/reports/summary", 400},
		{"missing class", r.teacher, q("summary", "&class=999"), 404},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := r.get(tc.token, tc.url)
			if status != tc.want {
				t.Errorf("GET %s = %d %.200s, want %d", tc.url, status, body, tc.want)
			}
		})
	}
}

func TestReportCSV(t *testing.T) {
	r := newReportEnv(t)
	status, body, disp := r.get(r.teacher, fmt.Sprintf("/api/v1/reports/progress?bank=%d&class=%d&format=csv", r.bank.ID, r.class))
	if status != 200 || !strings.Contains(disp, `filename="report-progress-period-1-types-2026-03-02.csv"`) {
		t.Fatalf("%d %q", status, disp)
	}
	if !strings.Contains(body, "\r\n") {
		t.Error("CSV rows do not end in CRLF (RFC 4180)")
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"student", "question_id", "topic", "prompt", "state", "reps", "lapses", "last_rating", "last_review", "due", "stability", "retrievability"}
	if strings.Join(rows[0], ",") != strings.Join(want, ",") {
		t.Errorf("header %v", rows[0])
	}
	if len(rows) != 1+2*7 {
		t.Fatalf("%d rows, want a header and 2 students × 7 questions", len(rows))
	}
	// Ada's name starts with "=": a spreadsheet would run it.
	byKey := map[string][]string{}
	for _, row := range rows[1:] {
		byKey[row[0]+"/"+row[1]] = row
	}
	ada := byKey["'=ada/mc"]
	if ada == nil {
		t.Fatalf("no neutralised row for =ada: %v", rows[1])
	}
	// A quick right multiple choice is Good, never Easy: still learning.
	if ada[4] != "learning" || ada[7] != "good" || ada[5] != "1" || ada[8] != "2026-03-02T10:00:00Z" {
		t.Errorf("ada's mc row %v", ada)
	}
	if tf := byKey["'=ada/tf"]; tf[4] != "learning" || tf[7] != "again" {
		t.Errorf("ada's tf row %v", tf)
	}
	if fc := byKey["bob/fc"]; fc[4] != "new" || fc[9] != "" {
		t.Errorf("bob's unseen row %v", fc)
	}
	if _, ok := byKey["zed/mc"]; ok {
		t.Error("a student outside the class is in the class report")
	}
}

func TestReportSummaryAndItemsJSON(t *testing.T) {
	r := newReportEnv(t)
	var out struct {
		Columns []string
		Rows    []map[string]any
	}
	_, body, _ := r.get(r.teacher, fmt.Sprintf("/api/v1/reports/summary?bank=%d&class=%d&format=json", r.bank.ID, r.class))
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err, body)
	}
	if len(out.Rows) != 2 || out.Columns[len(out.Columns)-1] != "mastery_reactions" {
		t.Fatalf("%v %v", out.Columns, out.Rows)
	}
	ada := out.Rows[0]
	if ada["student"] != "=ada" || ada["questions_seen"] != 2.0 || ada["accuracy_30d"] != 0.5 || ada["time_spent_minutes"] != 0.1 {
		t.Errorf("ada's summary %v", ada)
	}
	if out.Rows[1]["true_retention"] != nil {
		t.Errorf("bob has no retention figure yet, got %v", out.Rows[1]["true_retention"])
	}
	_, body, _ = r.get(r.teacher, fmt.Sprintf("/api/v1/reports/items?bank=%d&class=%d&format=json", r.bank.ID, r.class))
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	mc := out.Rows[1]
	if mc["question_id"] != "mc" || mc["students"] != 2.0 || mc["first_try_right"] != 0.5 || mc["discrimination"] != 1.0 {
		t.Errorf("mc item %v", mc)
	}
}

func TestReportXLSX(t *testing.T) {
	r := newReportEnv(t)
	_, body, disp := r.get(r.teacher, fmt.Sprintf("/api/v1/reports/progress?bank=%d&class=%d&format=xlsx", r.bank.ID, r.class))
	if !strings.HasSuffix(disp, `.xlsx"`) {
		t.Errorf("disposition %q", disp)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) != 1 || sheets[0] != "Progress" {
		t.Fatalf("sheets %v", sheets)
	}
	rows, err := f.GetRows("Progress")
	if err != nil || len(rows) != 15 || rows[0][0] != "student" {
		t.Fatalf("%d rows %v", len(rows), err)
	}
	// Find Ada's mc row and check the cells' types.
	for i, row := range rows {
		if len(row) > 1 && row[0] == "=ada" && row[1] == "mc" {
			n := i + 1
			if typ, _ := f.GetCellType("Progress", fmt.Sprintf("F%d", n)); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
				t.Errorf("reps is a %v cell, want a number", typ)
			}
			v, _ := f.GetCellValue("Progress", fmt.Sprintf("I%d", n), excelize.Options{RawCellValue: true})
			days, err := excelizeDate(v)
			if err != nil || !days.Equal(time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)) {
				t.Errorf("last_review cell %q is not the date of the answer: %v %v", v, days, err)
			}
			formula, _ := f.GetCellFormula("Progress", fmt.Sprintf("A%d", n))
			if formula != "" {
				t.Errorf("a name starting with = became a formula: %q", formula)
			}
			return
		}
	}
	t.Error("no row for =ada/mc")
}

// excelizeDate reads a raw spreadsheet date serial.
func excelizeDate(raw string) (time.Time, error) {
	var serial float64
	if _, err := fmt.Sscan(raw, &serial); err != nil {
		return time.Time{}, err
	}
	return excelize.ExcelDateToTime(serial, false)
}

func TestClassReportPage(t *testing.T) {
	r := newReportEnv(t)
	b := r.browser()
	_, page, _ := b.request("GET", "/login", nil)
	b.post("/login", page, map[string][]string{"username": {"teacher"}, "password": {"correct horse"}})
	status, body, _ := b.request("GET", "/reports", nil)
	if status != 200 || !strings.Contains(body, fmt.Sprintf("/reports/class?class=%d&amp;bank=%d", r.class, r.bank.ID)) {
		t.Fatalf("reports list: %d %.500s", status, body)
	}
	status, body, _ = b.request("GET", fmt.Sprintf("/reports/class?class=%d&bank=%d", r.class, r.bank.ID), nil)
	if status != 200 || strings.Count(body, `<figure class="chart">`) != 4 || strings.Count(body, "<svg") < 2 || !strings.Contains(body, "=ada") || !strings.Contains(body, "Discrimination") {
		t.Errorf("class report: %d %s", status, body[strings.Index(body, "<main"):])
	}
	other := r.browser()
	_, page, _ = other.request("GET", "/login", nil)
	other.post("/login", page, map[string][]string{"username": {"other"}, "password": {"correct horse"}})
	if status, _, _ := other.request("GET", fmt.Sprintf("/reports/class?class=%d&bank=%d", r.class, r.bank.ID), nil); status != 403 {
		t.Errorf("another instructor opened the class report: %d", status)
	}
}
