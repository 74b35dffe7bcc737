package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// A student answers wrong with an answer that should count and flags it
// on the feedback page; the bank's owner accepts it in the queue; the
// student's stats page says so and the card is rescheduled.
func TestBrowserFlagAcceptAndSeeTheCardReRated(t *testing.T) {
	w := newFlagWorld(t)
	e := w.e
	base := e.serve(t)
	ctx := newBrowserFor(t, 3*time.Minute)
	signIn := func(name string) { signInInBrowser(t, ctx, base, name) }
	signOut := func() {
		do(t, ctx, "sign out", chromedp.Click(css("header.top form button")), chromedp.WaitVisible(css("#username, .bank")))
	}

	// The student studies until the short answer comes, and gives the
	// right date in a form the bank does not accept yet.
	signIn("ada")
	do(t, ctx, "open the quiz", chromedp.Navigate(fmt.Sprintf("%s/banks/%d/study?mode=quiz", base, w.bank)))
	for range 10 {
		do(t, ctx, "wait for a card", chromedp.WaitVisible(css("#prompt")))
		if attr(t, ctx, "input[name=question_id]", "value") == "sa" {
			break
		}
		answerCard(t, ctx)
	}
	if attr(t, ctx, "input[name=question_id]", "value") != "sa" {
		t.Fatal("the short answer never came")
	}
	do(t, ctx, "answer sa wrong", chromedp.SendKeys(css("input[name=response]"), "8 Jan 2022"+kb.Enter), chromedp.WaitVisible(css(".flag summary")))
	if v := get(t, ctx, "verdict", chromedp.Text(css(".verdict"))); !strings.Contains(v, "Not quite") {
		t.Fatalf("verdict %q, want wrong", v)
	}

	// The flag form, by keyboard: open it, pick the reason, write, send.
	do(t, ctx, "open the flag form", chromedp.Focus(css(".flag summary")), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(css("input[value=should_count]")))
	do(t, ctx, "choose the reason", chromedp.Focus(css("input[value=should_count]")), chromedp.KeyEvent(" "))
	if !get(t, ctx, "reason chosen", chromedp.Evaluate[bool](`document.querySelector("input[value=should_count]").checked`)) {
		t.Fatal("Space did not choose the reason")
	}
	if get(t, ctx, "still on feedback", chromedp.Evaluate[bool](`!document.querySelector(".flag-form")`)) {
		t.Fatal("a key in the flag form left the page")
	}
	do(t, ctx, "write a comment", chromedp.SendKeys(css("#flag-comment"), "The 8th is when they arrived: n and 3 are letters here."))
	shotBoth(t, ctx, "feedback-flag-form")
	fitsPhone(t, ctx, "feedback-flag-form")
	do(t, ctx, "send the flag", chromedp.Focus(css("#send-flag")), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(css(".flag-sent")))
	shotBoth(t, ctx, "feedback-flag-sent")
	ada := mustUserByName(t, e, "ada")
	before, err := e.store.CardState(context.Background(), ada.ID, w.bank, "sa")
	if err != nil {
		t.Fatal(err)
	}
	signOut()

	// The owner accepts it in the queue, by keyboard.
	signIn("teacher")
	do(t, ctx, "open the queue", chromedp.Navigate(fmt.Sprintf("%s/banks/%d/flags", base, w.bank)), chromedp.WaitVisible(css(".queue .card")))
	if given := get(t, ctx, "answer given", chromedp.Text(css(".queue .given"))); given != "8 Jan 2022" {
		t.Errorf("the queue shows the answer %q", given)
	}
	shotBoth(t, ctx, "flag-queue")
	fitsPhone(t, ctx, "flag-queue")
	do(t, ctx, "accept", chromedp.Focus(css(".decide button.primary")), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(css("#notice")))
	if n := get(t, ctx, "notice", chromedp.Text(css("#notice"))); !strings.Contains(n, "“8 Jan 2022” is now an accepted answer") {
		t.Errorf("notice %q", n)
	}
	shotBoth(t, ctx, "flag-queue-accepted")
	after, err := e.store.CardState(context.Background(), ada.ID, w.bank, "sa")
	if err != nil {
		t.Fatal(err)
	}
	if !after.After.Due.After(before.After.Due) || after.After.Stability <= before.After.Stability {
		t.Errorf("the card was not re-rated: due %v → %v, stability %v → %v", before.After.Due, after.After.Due, before.After.Stability, after.After.Stability)
	}

	// The item report: wrong answers, sortable by keyboard.
	w.answer(t, w.cal, "mc", "Russia")
	w.answer(t, w.cal, "sa", "9 January 2022")
	classes, _ := e.store.ClassesOf(context.Background(), mustUserByName(t, e, "teacher"))
	do(t, ctx, "open the report", chromedp.Navigate(fmt.Sprintf("%s/reports/class?class=%d&bank=%d", base, classes[0].ID, w.bank)), chromedp.WaitVisible(css("#items")))
	do(t, ctx, "sort by attempts", chromedp.Focus(css("#items thead th:nth-child(4) button")), chromedp.KeyEvent(kb.Enter))
	if s := attr(t, ctx, "#items thead th:nth-child(4)", "aria-sort"); s != "ascending" {
		t.Errorf("after Enter on Attempts the column is sorted %q", s)
	}
	do(t, ctx, "sort again", chromedp.KeyEvent(kb.Enter))
	counts := get(t, ctx, "attempts", chromedp.Evaluate[[]float64](`Array.from(document.querySelectorAll("#items tbody td:nth-child(4)")).map(td => +td.textContent)`))
	for i := 1; i < len(counts); i++ {
		if counts[i-1] < counts[i] {
			t.Errorf("attempts sorted descending read %v", counts)
			break
		}
	}
	if wrong := get(t, ctx, "wrong answers", chromedp.Text(css("#items"))); !strings.Contains(wrong, "9 January 2022 (1)") || !strings.Contains(wrong, "Russia (1)") {
		t.Errorf("the item report lacks the wrong answers: %q", wrong)
	}
	shotBoth(t, ctx, "item-report")
	fitsPhone(t, ctx, "item-report")
	signOut()

	// The student sees the outcome.
	signIn("ada")
	do(t, ctx, "stats", chromedp.Navigate(base+"/stats"), chromedp.WaitVisible(css(".appeals")))
	if s := get(t, ctx, "outcome", chromedp.Text(css(".appeals"))); !strings.Contains(s, "was accepted: the answer now counts") {
		t.Errorf("the stats page says %q", s)
	}
	shotBoth(t, ctx, "stats-flag-outcome")
}
