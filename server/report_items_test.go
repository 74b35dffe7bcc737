package server

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"quizd/storage"
)

func TestItemReportShowsWrongAnswersAndTriedQuestions(t *testing.T) {
	w := newFlagWorld(t)
	w.answer(t, w.ada, "sa", "8 January 2022")
	w.answer(t, w.cal, "sa", "8 january 2022")
	w.answer(t, w.cal, "mc", "Russia")
	ctx := context.Background()
	classes, _ := w.e.store.ClassesOf(ctx, mustUserByName(t, w.e, "teacher"))
	b := w.e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	b.post("/login", page, url.Values{"username": {"teacher"}, "password": {"correct horse"}})
	report := fmt.Sprintf("/reports/class?class=%d&bank=%d", classes[0].ID, w.bank)
	status, page, _ := b.request("GET", report, nil)
	if status != 200 {
		t.Fatalf("report: %d %.500s", status, page)
	}
	for _, want := range []string{
		`<table class="topics sortable" id="items">`,
		fmt.Sprintf(`<a href="/banks/%d/questions/sa">When were the peacekeepers deployed?</a>`, w.bank),
		`8 January 2022 <span class="muted">(2)</span>`,
		`Russia <span class="muted">(1)</span>`,
		"5 nobody tried yet are left out",
		fmt.Sprintf(`href="/banks/%d/flags"`, w.bank),
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
	if strings.Contains(page, "Put these in order.") {
		t.Error("the report shows a question nobody tried by default")
	}
	_, page, _ = b.request("GET", report+"&all=1", nil)
	if !strings.Contains(page, "Put these in order.") || !strings.Contains(page, "Show only the questions someone tried") {
		t.Error("all=1 does not show every question")
	}
	status, csv, _ := b.request("GET", fmt.Sprintf("/reports/items?class=%d&bank=%d&format=csv", classes[0].ID, w.bank), nil)
	if status != 200 || !strings.Contains(csv, "common_wrong") || !strings.Contains(csv, "8 January 2022 (2)") {
		t.Errorf("items CSV: %d %.600s", status, csv)
	}
}

func mustUserByName(t *testing.T, e *testEnv, name string) *storage.User {
	t.Helper()
	u, _, err := e.store.UserByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
