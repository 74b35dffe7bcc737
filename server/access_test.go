package server

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"quizd/storage"
)

// An instructor who joins another instructor's class with its students'
// join code studies the class's bank like any student, and gets neither
// its answers nor reports on it, even for a class of their own.
func TestJoiningAClassGrantsStudyOnly(t *testing.T) {
	e := newEnv(t, true)
	e.role("teacher", storage.Instructor)
	joinerTok := e.role("joiner", storage.Instructor)
	ctx := context.Background()
	teacher, _, _ := e.store.UserByName(ctx, "teacher")
	joiner, _, _ := e.store.UserByName(ctx, "joiner")
	b, err := e.store.UpsertBank(ctx, typesBankSlug("private-b"), storage.BankOptions{OwnerID: &teacher.ID})
	if err != nil {
		t.Fatal(err)
	}
	bank := b.Bank.ID
	c, _ := e.store.CreateClass(ctx, teacher.ID, "C")
	if err := e.store.AssignBank(ctx, c.ID, bank); err != nil {
		t.Fatal(err)
	}
	if status, body := e.api("POST", "/api/v1/classes/join", joinerTok, fmt.Sprintf(`{"code":%q}`, c.JoinCode)); status != 200 {
		t.Fatalf("join with the students' code: %d %s", status, body)
	}
	own, _ := e.store.CreateClass(ctx, joiner.ID, "Mine")

	tests := []struct {
		name, method, url, body string
		wantStatus              int
		wantContains            string
	}{
		{"studies the bank", "GET", fmt.Sprintf("/api/v1/banks/%d/next", bank), "", 200, `"question"`},
		{"answers a card", "POST", fmt.Sprintf("/api/v1/banks/%d/answers", bank), `{"question_id":"fc","rating":3}`, 200, `"review_id"`},
		{"sees their own progress", "GET", fmt.Sprintf("/api/v1/reports/progress?bank=%d&student=%d", bank, joiner.ID), "", 200, "joiner"},
		{"exports no answers as JSON", "GET", fmt.Sprintf("/api/v1/banks/%d/export?format=json", bank), "", 403, "not export it"},
		{"exports no answers as GIFT", "GET", fmt.Sprintf("/api/v1/banks/%d/export?format=gift", bank), "", 403, "not export it"},
		{"no item report through a class of their own", "GET", fmt.Sprintf("/api/v1/reports/items?bank=%d&class=%d", bank, own.ID), "", 403, "not one you teach"},
		{"no summary through a class of their own", "GET", fmt.Sprintf("/api/v1/reports/summary?bank=%d&class=%d", bank, own.ID), "", 403, "not one you teach"},
		{"no report on the class joined", "GET", fmt.Sprintf("/api/v1/reports/progress?bank=%d&class=%d", bank, c.ID), "", 403, "another instructor's"},
		{"cannot assign the bank to their class", "POST", fmt.Sprintf("/api/v1/classes/%d/banks", own.ID), fmt.Sprintf(`{"bank_id":%d}`, bank), 403, "another instructor's"},
		{"still exports a public bank", "GET", fmt.Sprintf("/api/v1/banks/%d/export?format=json", e.bank.ID), "", 200, `"questions"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := e.api(tc.method, tc.url, joinerTok, tc.body)
			if status != tc.wantStatus || !strings.Contains(body, tc.wantContains) {
				t.Errorf("%s %s: %d %.300s, want %d with %q", tc.method, tc.url, status, body, tc.wantStatus, tc.wantContains)
			}
		})
	}
	// The page's export and class report say no too.
	br := e.browser()
	_, page, _ := br.request("GET", "/login", nil)
	br.post("/login", page, map[string][]string{"username": {"joiner"}, "password": {"correct horse"}})
	for _, path := range []string{
		fmt.Sprintf("/banks/%d/export?format=csv", bank),
		fmt.Sprintf("/reports/class?bank=%d&class=%d", bank, own.ID),
	} {
		if status, body, _ := br.request("GET", path, nil); status != 403 {
			t.Errorf("GET %s: %d %.200s, want 403", path, status, body)
		}
	}
}
