package storage

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"quizd/questions/report"
)

func TestItemReportListsCommonWrongResponses(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	b := mustBank(t, s, appealBank())
	t0 := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	for i, r := range []string{"Eins", "eins", "dos", "uno", "Eins"} {
		u := mustUser(t, s, string(rune('a'+i))+"student")
		graded(t, s, u, b, "sa", r, t0)
		graded(t, s, u, b, "mc", "Milan", t0.Add(time.Minute))
	}
	write := func(format string) string {
		var buf bytes.Buffer
		w, err := report.NewWriter(format, &buf, "Items", report.ItemColumns)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.WriteReport(ctx, ViewItems, ReportScope{BankID: b.ID}, w, t0.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	var doc struct {
		Rows []struct {
			QuestionID  string            `json:"question_id"`
			CommonWrong []report.Response `json:"common_wrong"`
		} `json:"rows"`
	}
	if err := json.Unmarshal([]byte(write("json")), &doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"sa": "[{Eins 3} {dos 1}]", "mc": "[{Milan 5}]"}
	for _, r := range doc.Rows {
		if got := strings.TrimSpace(strings.ReplaceAll(jsonish(r.CommonWrong), "  ", " ")); got != want[r.QuestionID] {
			t.Errorf("%s: common wrong %s, want %s", r.QuestionID, got, want[r.QuestionID])
		}
	}
	if csv := write("csv"); !strings.Contains(csv, ",common_wrong,status\r\n") || !strings.Contains(csv, ",Eins (3); dos (1),active\r\n") {
		t.Errorf("CSV lacks the column: %s", csv)
	}
}

func jsonish(rs []report.Response) string {
	var b strings.Builder
	b.WriteString("[")
	for i, r := range rs {
		if i > 0 {
			b.WriteString(" ")
		}
		b.WriteString("{" + r.Response + " " + string(rune('0'+r.Count)) + "}")
	}
	b.WriteString("]")
	return b.String()
}

// A retired question someone answered stays in the item report, marked;
// one nobody answered leaves it.
func TestItemReportKeepsRetiredQuestionsWithHistory(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	b := mustBank(t, s, smallBank("retired-items", 3))
	u := mustUser(t, s, "ann")
	answer(t, s, u, b, "q1", 3, t0)
	for _, qid := range []string{"q1", "q2"} {
		if _, err := s.SetRetired(ctx, b.ID, qid, true); err != nil {
			t.Fatal(err)
		}
	}
	qs, err := s.ReportItemQuestions(ctx, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(qs) != 2 || qs[0].ID != "q1" || !qs[0].Retired || qs[1].ID != "q3" || qs[1].Retired {
		t.Fatalf("item questions: %+v; want q1 (retired, answered) and q3", qs)
	}
	var buf bytes.Buffer
	w, _ := report.NewWriter("csv", &buf, "Items", report.ItemColumns)
	if _, err := s.WriteReport(ctx, ViewItems, ReportScope{BankID: b.ID}, w, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if csv := buf.String(); !strings.Contains(csv, "q1,t,Question 1?,1,1,") || !strings.Contains(csv, ",retired\r\n") || strings.Contains(csv, "q2,") {
		t.Errorf("item report:\n%s", csv)
	}
	if rep, err := s.ClassReportData(ctx, ReportScope{BankID: b.ID}, t0.Add(time.Hour), time.UTC); err != nil || len(rep.Questions) != 2 || !rep.Questions[0].Retired {
		t.Errorf("class report questions: %+v, %v", rep, err)
	}
}
