package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"quizd/questions/srs"
)

var countsRE = regexp.MustCompile(`class="counts">(\d+) / (\d+) today`)

// counts reads "done / goal" from a study page.
func counts(t *testing.T, page string) (done, goal int) {
	t.Helper()
	m := countsRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no progress on the page:\n%.1200s", page)
	}
	done, _ = strconv.Atoi(m[1])
	goal, _ = strconv.Atoi(m[2])
	return done, goal
}

// rateShown reveals the flashcard on page and rates it.
func rateShown(t *testing.T, e *testEnv, b *browser, qid string, r srs.Rating) {
	t.Helper()
	_, page, _ := b.request("GET", fmt.Sprintf("/banks/%d/study?mode=flashcard&reveal=%s", e.bank.ID, qid), nil)
	if status, _, _ := b.post(fmt.Sprintf("/banks/%d/answer", e.bank.ID), page, url.Values{"question_id": {qid}, "rating": {fmt.Sprint(int(r))}, "mode": {"flashcard"}}); status != 303 {
		t.Fatalf("rate %s %v: %d", qid, r, status)
	}
}

// A student who keeps failing one card: the session's goal does not move
// under them, the card is set aside for the day after its third Again, and
// it comes back the next day.
func TestSessionGoalHoldsAndAFailedCardIsSetAside(t *testing.T) {
	e := newEnv(t, true)
	b := e.signedIn("ada")
	study := fmt.Sprintf("/banks/%d/study?mode=flashcard", e.bank.ID)
	_, page, _ := b.request("GET", study, nil)
	failing := fieldOf(t, questionIDRE, page)
	_, goal := counts(t, page)
	if goal != 7 {
		t.Fatalf("today's goal is %d, want the bank's 7 new cards", goal)
	}
	fails, lastDone := 0, 0
	for range 80 {
		_, page, _ = b.request("GET", study, nil)
		if strings.Contains(page, "Done for now") {
			break
		}
		done, g := counts(t, page)
		if g != goal {
			t.Fatalf("after %d answers the goal moved from %d to %d", e.reviewsOf(t, "ada"), goal, g)
		}
		if done < lastDone {
			t.Errorf("the done count went back from %d to %d", lastDone, done)
		}
		lastDone = done
		qid := fieldOf(t, questionIDRE, page)
		if qid == failing {
			fails++
			rateShown(t, e, b, qid, srs.Again)
		} else {
			rateShown(t, e, b, qid, srs.Good)
		}
		e.clock.Add(2 * time.Minute)
	}
	if !strings.Contains(page, "Done for now") {
		t.Fatal("the session did not end")
	}
	if fails != srs.SetAsideFails {
		t.Errorf("the failed card was shown %d times in the sitting, want %d", fails, srs.SetAsideFails)
	}
	if lastDone > goal || lastDone < goal-1 {
		t.Errorf("the last counter said %d / %d", lastDone, goal)
	}
	if !strings.Contains(page, "The next card is due") {
		t.Errorf("the Done page does not say when the set-aside card is due: %.1500s", page[strings.Index(page, "<main"):])
	}
	if !strings.Contains(page, "One card you missed three times today rests until tomorrow") || !strings.Contains(page, "practice?filter=mistakes") {
		t.Errorf("the Done page does not say a card was set aside, nor offer to practise it: %.1500s", page[strings.Index(page, "<main"):])
	}
	// The next day it is back.
	e.clock.Add(24 * time.Hour)
	seen := false
	for range 10 {
		_, page, _ = b.request("GET", study, nil)
		if strings.Contains(page, "Done for now") {
			break
		}
		qid := fieldOf(t, questionIDRE, page)
		if qid == failing {
			seen = true
			break
		}
		rateShown(t, e, b, qid, srs.Good)
	}
	if !seen {
		t.Error("the card set aside yesterday did not come back today")
	}
}

// A card that lapses srs.LeechLapses times is a leech: no longer shown to
// its student, listed on their stats page and flagged in the instructor's
// item report.
func TestEightLapsesMakeALeech(t *testing.T) {
	r := newReportEnv(t)
	e := r.testEnv
	ctx := context.Background()
	u, _, err := e.store.UserByName(ctx, "bob")
	if err != nil {
		t.Fatal(err)
	}
	answers := fmt.Sprintf("/api/v1/banks/%d/answers", e.bank.ID)
	for range 200 {
		cs, err := e.store.CardState(ctx, u.ID, e.bank.ID, "fc")
		rating := srs.Good
		if err == nil {
			if cs.After.Lapses >= srs.LeechLapses {
				break
			}
			if cs.After.Due.After(e.clock.Now()) {
				e.clock.Add(cs.After.Due.Sub(e.clock.Now()) + time.Minute)
			}
			if cs.After.State == srs.Review {
				rating = srs.Again
			}
		}
		if status, body := e.api("POST", answers, r.bob, fmt.Sprintf(`{"question_id":"fc","rating":%d}`, int(rating))); status != 200 {
			t.Fatalf("answer: %d %s", status, body)
		}
	}
	if cs, _ := e.store.CardState(ctx, u.ID, e.bank.ID, "fc"); cs.After.Lapses != srs.LeechLapses {
		t.Fatalf("the card has %d lapses, want %d", cs.After.Lapses, srs.LeechLapses)
	}
	// The instructor's item report flags it.
	_, body, _ := r.get(r.teacher, fmt.Sprintf("/api/v1/reports/items?bank=%d&class=%d&format=json", e.bank.ID, r.class))
	var items struct {
		Rows []map[string]any `json:"rows"`
	}
	if err := json.Unmarshal([]byte(body), &items); err != nil {
		t.Fatalf("items: %v %s", err, body)
	}
	found := false
	for _, row := range items.Rows {
		if row["question_id"] == "fc" {
			found = true
			if row["leeches"] != 1.0 {
				t.Errorf("the item report's fc row: %v, want 1 leech", row)
			}
		}
	}
	if !found {
		t.Errorf("no fc row in the item report: %s", body)
	}
	// Bob studies everything else; the leech never comes up, even when
	// it is due.
	e.clock.Add(365 * 24 * time.Hour)
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	b.post("/login", page, url.Values{"username": {"bob"}, "password": {"correct horse"}})
	study := fmt.Sprintf("/banks/%d/study?mode=flashcard", e.bank.ID)
	for range 40 {
		_, page, _ = b.request("GET", study, nil)
		if strings.Contains(page, "Done for now") {
			break
		}
		qid := fieldOf(t, questionIDRE, page)
		if qid == "fc" {
			t.Fatal("the leech was shown")
		}
		rateShown(t, e, b, qid, srs.Easy)
	}
	if !strings.Contains(page, "Done for now") {
		t.Fatal("the session did not end")
	}
	_, stats, _ := b.request("GET", "/stats", nil)
	if !strings.Contains(stats, "Leeches") || !strings.Contains(stats, "What does CSTO stand for?") || !strings.Contains(stats, "(8 lapses)") {
		t.Errorf("the stats page does not list the leech: %.3000s", stats[strings.Index(stats, "<main"):])
	}
	tb := e.browser()
	_, page, _ = tb.request("GET", "/login", nil)
	tb.post("/login", page, url.Values{"username": {"teacher"}, "password": {"correct horse"}})
	_, report, _ := tb.request("GET", fmt.Sprintf("/reports/class?class=%d&bank=%d", r.class, e.bank.ID), nil)
	if !strings.Contains(report, "leech for 1 student") {
		t.Errorf("the class report does not flag the leech: %.3000s", report[strings.Index(report, "<main"):])
	}
}
