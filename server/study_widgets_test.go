package server

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

var selectRE = regexp.MustCompile(`(?s)<select name="(?:match|order)"([^>]*)>(.*?)</select>(?:</label>)?\s*(?:<span class="fault" id="fault-\d+">([^<]*)</span>)?`)
var selectedRE = regexp.MustCompile(`<option selected>([^<]*)</option>`)

// A matching answer with a value used twice is shown again with every
// choice the student made still selected, and the select at fault marked
// with why, next to it.
func TestInvalidMatchingKeepsTheChoicesAndMarksTheFault(t *testing.T) {
	e := newEnv(t, true)
	b := e.signedIn("ada")
	_, page, _ := b.request("GET", fmt.Sprintf("/banks/%d/study?mode=quiz", e.bank.ID), nil)
	status, body, _ := b.post(fmt.Sprintf("/banks/%d/answer", e.bank.ID), page,
		url.Values{"question_id": {"ma"}, "match": {"condemned", "condemned", "supported"}, "mode": {"quiz"}})
	if status != 422 || !strings.Contains(body, "Change the choice marked below, then check again: each one is used once.") {
		t.Fatalf("a value used twice: %d %.1500s", status, body)
	}
	selects := selectRE.FindAllStringSubmatch(body, -1)
	if len(selects) != 3 {
		t.Fatalf("%d selects on the page, want 3:\n%s", len(selects), body)
	}
	for i, want := range []string{"condemned", "condemned", "supported"} {
		m := selectedRE.FindStringSubmatch(selects[i][2])
		if m == nil || m[1] != want {
			t.Errorf("select %d: selected %v, want %q kept", i+1, m, want)
		}
		invalid := strings.Contains(selects[i][1], `aria-invalid="true"`)
		if (i == 1) != invalid {
			t.Errorf("select %d: aria-invalid %v", i+1, invalid)
		}
		if i == 1 && selects[i][3] != "“condemned” is chosen above too: choose another here." {
			t.Errorf("select 2: fault %q", selects[i][3])
		}
		if i != 1 && selects[i][3] != "" {
			t.Errorf("select %d is marked although it is not at fault: %q", i+1, selects[i][3])
		}
	}
	if n := e.reviewsOf(t, "ada"); n != 0 {
		t.Errorf("the refused answer was recorded: %d answers", n)
	}
}

// A quick right answer to a recognition type is Good, to a recall type
// Easy; the feedback says why, and the student can still change it.
func TestRecognitionIsNeverRatedEasyAndTheFeedbackSaysWhy(t *testing.T) {
	e := newEnv(t, true)
	b := e.signedIn("ada")
	tests := []struct {
		qid, field, response string
		wantRating, wantWhy  string
	}{
		{"tf", "response", "true", "Good", "Good, not Easy: the answer was picked from those shown"},
		{"mc", "response", "Armenia", "Good", "Good, not Easy: the answer was picked from those shown"},
		{"mc2", "response", "Russia", "Again", "The answer was wrong, so the card comes back soon."},
		{"cz", "response", "political", "Easy", "Easy, because the right answer came within 8 seconds."},
		{"cz2", "response", "politcal", "Good", "Good, not Easy: the answer had a letter wrong."},
		{"or", "order", "founded deployed withdrew", "Easy", "Easy, because the right answer came within 15 seconds."},
	}
	for _, tc := range tests {
		t.Run(tc.qid, func(t *testing.T) {
			qid := strings.TrimSuffix(tc.qid, "2")
			_, page, _ := b.request("GET", fmt.Sprintf("/banks/%d/study?mode=quiz", e.bank.ID), nil)
			shownAt := fmt.Sprint(e.clock.Now().UnixMilli())
			e.clock.Add(2 * time.Second) // a quick answer
			form := url.Values{"question_id": {qid}, "mode": {"quiz"}, "shown_at": {shownAt}, tc.field: strings.Fields(tc.response)}
			status, _, h := b.post(fmt.Sprintf("/banks/%d/answer", e.bank.ID), page, form)
			if status != 303 || !strings.Contains(h.Get("Location"), "/feedback/") {
				t.Fatalf("answer: %d %q", status, h.Get("Location"))
			}
			_, fb, _ := b.request("GET", h.Get("Location"), nil)
			if !strings.Contains(fb, `<strong id="rated">`+tc.wantRating+`</strong>`) || !strings.Contains(fb, tc.wantWhy) {
				t.Errorf("feedback: want %s with %q:\n%.2500s", tc.wantRating, tc.wantWhy, fb[strings.Index(fb, "<article"):])
			}
			if !strings.Contains(fb, `action="/banks/1/rerate"`) {
				t.Error("the rating can't be changed")
			}
			e.clock.Add(24 * time.Hour) // the next card of the test is due
		})
	}
}

// In flashcard mode every type makes sense: a multiple choice shows its
// choices, an ordering its items, a matching both sides, and the back the
// right answer.
func TestFlashcardModeShowsWhatThePromptRefersTo(t *testing.T) {
	e := newEnv(t, true)
	b := e.signedIn("ada")
	study := fmt.Sprintf("/banks/%d/study?mode=flashcard", e.bank.ID)
	front := map[string][]string{
		"mc": {"Belarus", "Armenia", "Kazakhstan", "Russia"},
		"or": {"founded", "deployed", "withdrew"},
		"ma": {"Belarus", "Kazakhstan", "Syria", "condemned", "evaded", "supported"},
		"tf": {"True or false?"},
	}
	back := map[string][]string{
		"fc": {"Collective Security Treaty Organization"},
		"mc": {"Armenia"},
		"tf": {"True"},
		"cz": {"political"},
		"sa": {"7 January 2022"},
		"or": {"<li>founded</li><li>deployed</li><li>withdrew</li>"},
		"ma": {"<li>Belarus — condemned</li><li>Kazakhstan — evaded</li><li>Syria — supported</li>"},
	}
	seen := map[string]bool{}
	for range 20 {
		_, page, _ := b.request("GET", study, nil)
		if strings.Contains(page, "Done for now") {
			break
		}
		qid := fieldOf(t, questionIDRE, page)
		if seen[qid] {
			rateShown(t, e, b, qid, 4)
			continue
		}
		seen[qid] = true
		main := page[strings.Index(page, `<article`):]
		for _, s := range front[qid] {
			if !strings.Contains(main, s) {
				t.Errorf("the front of %s lacks %q:\n%s", qid, s, main)
			}
		}
		if strings.Contains(main, "<select") || strings.Contains(main, `type="radio"`) {
			t.Errorf("the flashcard %s has a quiz widget", qid)
		}
		_, page, _ = b.request("GET", study+"&reveal="+qid, nil)
		backSide := page[strings.Index(page, `id="back"`):]
		for _, s := range back[qid] {
			if !strings.Contains(backSide, s) {
				t.Errorf("the back of %s lacks %q:\n%.1500s", qid, s, backSide)
			}
		}
		rateShown(t, e, b, qid, 4)
	}
	if len(seen) != 7 {
		t.Errorf("flashcard mode showed %d of the 7 types: %v", len(seen), seen)
	}
}
