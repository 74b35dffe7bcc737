package server

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"quizd/server/auth"
)

// shotBoth saves a screenshot at a phone's size and a laptop's, and
// leaves the browser at the phone's.
func shotBoth(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	do(t, ctx, "laptop size", chromedp.EmulateViewport(1280, 800))
	shot(ctx, name+"-1280")
	do(t, ctx, "phone size", chromedp.EmulateViewport(390, 844))
	shot(ctx, name+"-390")
}

func TestBrowserUndoSuspendBuryAndPractice(t *testing.T) {
	e := newEnv(t, true)
	base := e.serve(t)
	ctx := newBrowser(t)
	study := fmt.Sprintf("%s/banks/%d/study?mode=quiz", base, e.bank.ID)
	signUpInBrowser(t, ctx, base, "ada")
	do(t, ctx, "open the quiz", chromedp.Navigate(study), chromedp.WaitVisible(css("#prompt")))
	if n := get(t, ctx, "undo on the first card", chromedp.Evaluate[int](`document.querySelectorAll("#undo").length`)); n != 0 {
		t.Error("the first card offers to undo an answer never given")
	}

	// Undo from the next card: the answered card is back, new again.
	first, _ := answerCard(t, ctx)
	do(t, ctx, "the next card offers undo", chromedp.WaitVisible(css("#undo")))
	shotBoth(t, ctx, "study-with-undo")
	fitsPhone(t, ctx, "study")
	shown := pageID(t, ctx)
	do(t, ctx, "undo", chromedp.Click(css("#undo")))
	waitNewPage(t, ctx, shown)
	do(t, ctx, "the card again", chromedp.WaitVisible(css("#prompt")))
	if qid := attr(t, ctx, "input[name=question_id]", "value"); qid != first {
		t.Errorf("after undo the card is %s, want %s again", qid, first)
	}
	if counts := get(t, ctx, "progress", chromedp.Text(css(".progress .counts"))); !strings.HasPrefix(counts, "0 /") {
		t.Errorf("after undo the progress says %q, want nothing done", counts)
	}

	// Undo from feedback, by the U key.
	u, _, err := e.store.UserByName(context.Background(), "ada")
	if err != nil {
		t.Fatal(err)
	}
	tok, hash, _ := auth.NewToken()
	if err := e.store.CreateToken(context.Background(), u.ID, hash, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	_, ans := e.apiJSON(t, "POST", fmt.Sprintf("/api/v1/banks/%d/answers", e.bank.ID), tok, `{"question_id":"tf","response":"false"}`)
	do(t, ctx, "feedback", chromedp.Navigate(fmt.Sprintf("%s/banks/%d/feedback/%v?mode=quiz", base, e.bank.ID, ans["review_id"])), chromedp.WaitVisible(css("#undo")))
	shotBoth(t, ctx, "feedback-with-undo")
	shown = pageID(t, ctx)
	do(t, ctx, "press U", chromedp.KeyEvent("u"))
	waitNewPage(t, ctx, shown)
	do(t, ctx, "the study page", chromedp.WaitVisible(css("#prompt")))
	if _, err := e.store.ReviewByID(context.Background(), u.ID, uint(ans["review_id"].(float64))); err == nil {
		t.Error("U on the feedback page left the answer in place")
	}

	// Suspend a card: it is gone until put back from the stats page.
	answerCard(t, ctx) // so that the stats page has this bank
	do(t, ctx, "a card", chromedp.WaitVisible(css("#suspend")))
	suspended := attr(t, ctx, "input[name=question_id]", "value")
	shown = pageID(t, ctx)
	do(t, ctx, "suspend", chromedp.Click(css("#suspend")))
	waitNewPage(t, ctx, shown)
	do(t, ctx, "the next card", chromedp.WaitVisible(css("#prompt")))
	if qid := attr(t, ctx, "input[name=question_id]", "value"); qid == suspended {
		t.Errorf("the suspended card %s is shown again", qid)
	}
	buried := attr(t, ctx, "input[name=question_id]", "value")
	shown = pageID(t, ctx)
	do(t, ctx, "bury", chromedp.Click(css("#bury")))
	waitNewPage(t, ctx, shown)
	do(t, ctx, "stats", chromedp.Navigate(base+"/stats"), chromedp.WaitVisible(css("table.held")))
	shotBoth(t, ctx, "stats-held")
	// The topics table above is another matter; this one must fit.
	if get(t, ctx, "held width", chromedp.Evaluate[bool](`document.querySelector("table.held").getBoundingClientRect().right > window.innerWidth`)) {
		t.Error("the cards set aside are wider than a phone screen")
	}
	if held := get(t, ctx, "held", chromedp.Text(css("table.held"))); !strings.Contains(held, "suspended") || !strings.Contains(held, "buried until") {
		t.Errorf("the stats page lists %q, want a suspended and a buried card", held)
	}
	shown = pageID(t, ctx)
	do(t, ctx, "put the buried card back", chromedp.Click(css("table.held tr:nth-child(2) button, table.held tr button")))
	waitNewPage(t, ctx, shown)
	if n := get(t, ctx, "held cards", chromedp.Evaluate[int](`document.querySelectorAll("table.held tr").length`)); n != 1 {
		holds, _ := e.store.Holds(context.Background(), u.ID, e.bank.ID, e.clock.Now())
		loc := get(t, ctx, "location", chromedp.Location())
		t.Errorf("after putting one back %d cards are set aside, want 1 (%+v at %s)", n, holds, loc)
	}

	// Study to the end: the suspended card never comes.
	do(t, ctx, "the quiz", chromedp.Navigate(study))
	for range 20 {
		do(t, ctx, "wait for a card or the end", chromedp.WaitVisible(css("#prompt, section.done")))
		if get(t, ctx, "is it the end", chromedp.Evaluate[bool](`!!document.querySelector("section.done")`)) {
			break
		}
		if qid, _ := answerCard(t, ctx); qid == suspended {
			t.Errorf("the suspended card %s came up", qid)
		}
	}
	_ = buried
	shotBoth(t, ctx, "done")
	fitsPhone(t, ctx, "done")
	text := get(t, ctx, "done page", chromedp.Text(css("section.done")))
	for _, want := range []string{"You gave", "The next card is due", "Practise without changing your schedule", "Today's mistakes", "Undo the last answer"} {
		if !strings.Contains(text, want) {
			t.Errorf("the done page lacks %q: %s", want, text)
		}
	}

	// Practice a topic: graded, kept, and the card's due date unchanged.
	before, err := e.store.CardState(context.Background(), u.ID, e.bank.ID, "cz")
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "practise a topic", chromedp.Click(css(`a[href$="topic=charter"]`)), chromedp.WaitVisible(css(".practice-note")))
	shotBoth(t, ctx, "practice-card")
	fitsPhone(t, ctx, "practice card")
	do(t, ctx, "answer in practice", chromedp.SendKeys(css("input[name=response]"), "Political"+kb.Enter), chromedp.WaitVisible(css("#unchanged")))
	shotBoth(t, ctx, "practice-feedback")
	fitsPhone(t, ctx, "practice feedback")
	if v := get(t, ctx, "verdict", chromedp.Text(css(".verdict"))); !strings.Contains(v, "Right") {
		t.Errorf("practice verdict %q", v)
	}
	after, _ := e.store.CardState(context.Background(), u.ID, e.bank.ID, "cz")
	if after.After != before.After {
		t.Errorf("practice changed the card: %+v → %+v", before.After, after.After)
	}

	// A practice test of two, scored at the end.
	do(t, ctx, "the practice page", chromedp.Navigate(fmt.Sprintf("%s/banks/%d/practice", base, e.bank.ID)), chromedp.WaitVisible(css("#start-test")))
	shotBoth(t, ctx, "practice")
	fitsPhone(t, ctx, "practice")
	do(t, ctx, "start a test of two",
		chromedp.SetValue(css("input[name=size]"), "2"),
		chromedp.SetValue(css("select[name=topic]"), "dates"),
		chromedp.Click(css("#start-test")),
		chromedp.WaitVisible(css("#prompt")),
	)
	if crumbs := get(t, ctx, "crumbs", chromedp.Text(css(".crumbs"))); !strings.Contains(crumbs, "question 1 of 2") {
		t.Errorf("the test's first card says %q", crumbs)
	}
	answerCard(t, ctx)
	answerCard(t, ctx)
	do(t, ctx, "the score", chromedp.WaitVisible(css("#score")))
	shotBoth(t, ctx, "practice-score")
	if s := get(t, ctx, "score", chromedp.Text(css("#score"))); s != "2 / 2" {
		t.Errorf("score %q, want 2 / 2", s)
	}
}
