package server

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// visibleRatings counts the rating buttons a person can see.
const visibleRatings = `Array.from(document.querySelectorAll("button[name=rating]")).filter(b => b.offsetParent !== null).length`

// A flashcard shows only "Show answer" until its back is shown, with
// JavaScript and without it; a hidden element is never drawn.
func TestBrowserFlashcardRatesOnlyOnceShown(t *testing.T) {
	e := newEnv(t, true)
	base := e.serve(t)
	ctx := newBrowser(t)
	study := base + fmt.Sprintf("/banks/%d/study?mode=flashcard", e.bank.ID)
	signUpInBrowser(t, ctx, base, "ada")
	front := func(how string) {
		t.Helper()
		do(t, ctx, "the front "+how, chromedp.WaitVisible(css("#reveal")))
		if n := get(t, ctx, "ratings on the front", chromedp.Evaluate[int](visibleRatings)); n != 0 {
			t.Errorf("%s: the front shows %d rating buttons", how, n)
		}
		if get(t, ctx, "back on the front", chromedp.Evaluate[bool](`!!document.getElementById("back")`)) {
			t.Errorf("%s: the back is on the page before it is shown", how)
		}
		if drawn := get(t, ctx, "hidden elements", chromedp.Evaluate[int](`Array.from(document.querySelectorAll("[hidden]")).filter(e => getComputedStyle(e).display !== "none").length`)); drawn != 0 {
			t.Errorf("%s: %d elements with the hidden attribute are drawn", how, drawn)
		}
	}
	back := func(how string) {
		t.Helper()
		do(t, ctx, "the back "+how, chromedp.WaitVisible(css("#back")), chromedp.WaitVisible(css("#ratings")))
		if n := get(t, ctx, "ratings on the back", chromedp.Evaluate[int](visibleRatings)); n != 4 {
			t.Errorf("%s: the back shows %d rating buttons, want 4", how, n)
		}
		if get(t, ctx, "reveal on the back", chromedp.Evaluate[bool](`!!document.getElementById("reveal")`)) {
			t.Errorf("%s: Show answer is still there once the answer is shown", how)
		}
	}

	// With JavaScript: Space shows the back in place, 3 rates it.
	do(t, ctx, "open flashcards", chromedp.Navigate(study))
	front("with JavaScript")
	shot(ctx, "flashcard-front")
	do(t, ctx, "press Space", chromedp.KeyEvent(" "))
	back("with JavaScript")
	shot(ctx, "flashcard-back")
	shown := pageID(t, ctx)
	do(t, ctx, "rate with 3", chromedp.KeyEvent("3"))
	waitNewPage(t, ctx, shown)
	front("after a rating")
	if counts := get(t, ctx, "progress", chromedp.Text(css(".progress .counts"))); !strings.HasPrefix(counts, "1 / 7") {
		t.Errorf("after one rating the progress says %q", counts)
	}

	// Without JavaScript: the Show answer link loads the back.
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "reload without JavaScript", chromedp.Navigate(study))
	front("without JavaScript")
	// Space does nothing without the script: the page's own link is the way.
	do(t, ctx, "press Space", chromedp.KeyEvent(" "))
	if get(t, ctx, "back after Space", chromedp.Evaluate[bool](`!!document.getElementById("back")`)) {
		t.Fatal("Space showed the back: the script still runs")
	}
	shown = pageID(t, ctx)
	do(t, ctx, "click Show answer", chromedp.Click(css("#reveal")))
	waitNewPage(t, ctx, shown)
	back("without JavaScript")
	shown = pageID(t, ctx)
	do(t, ctx, "click Good", chromedp.Click(css(`button[name=rating][value="3"]`)))
	waitNewPage(t, ctx, shown)
	front("after a rating without JavaScript")
	if counts := get(t, ctx, "progress", chromedp.Text(css(".progress .counts"))); !strings.HasPrefix(counts, "2 / 7") {
		t.Errorf("after two ratings the progress says %q", counts)
	}
}
