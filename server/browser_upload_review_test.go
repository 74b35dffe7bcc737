package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"quizd/storage"
)

// The instructor uploads an article and reviews its facts: corrects a
// wrong one, deletes a junk one and adds a missing one, by keyboard, then
// publishes; a student then meets the corrected question and never the
// deleted fact's.
func TestBrowserUploadReviewsAnArticle(t *testing.T) {
	e := newEnv(t, true)
	e.role("teacher", storage.Instructor)
	base := e.serve(t)
	ctx := newBrowserFor(t, 3*time.Minute)
	article, err := os.ReadFile("../questions/extract/testdata/danube.md")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "danube.md")
	if err := os.WriteFile(file, article, 0o644); err != nil {
		t.Fatal(err)
	}
	signInInBrowser(t, ctx, base, "teacher")
	do(t, ctx, "upload the article",
		chromedp.Navigate(base+"/upload"),
		chromedp.WaitVisible(css("#file")),
		chromedp.SetUploadFiles(css("#file"), []string{file}),
		chromedp.Click(css("input[name=public]")),
		chromedp.Click(css("button.primary")),
		chromedp.WaitVisible(css("#review-form")),
	)
	if n := e.bankCount(); n != 1 {
		t.Errorf("the review stored a bank: %d banks", n)
	}
	marks := get(t, ctx, "marks", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".fact-source mark")).map(m => m.textContent)`))
	for _, want := range []string{"March 3, 2019", "a flood barrier failed near Novi Sad", "Hungary", "Slovakia"} {
		if !strings.Contains(strings.Join(marks, "|"), want) {
			t.Errorf("the marked words %q lack %q", marks, want)
		}
	}
	shotBoth(t, ctx, "upload-review")
	fitsPhone(t, ctx, "the review of an article's facts")
	do(t, ctx, "laptop size", chromedp.EmulateViewport(1280, 800))

	// fact finds the name of the fact whose field key has value.
	fact := func(list, key, value string) string {
		t.Helper()
		name := get(t, ctx, "find "+value, chromedp.Evaluate[string](fmt.Sprintf(`(Array.from(document.querySelectorAll("input[name^='%s.']")).find(i => i.name.endsWith(".%s") && i.value === %q) || {name: ""}).name`, list, key, value)))
		if name == "" {
			t.Fatalf("no %s with %s %q on the review page", list, key, value)
		}
		return strings.TrimSuffix(name, "."+key)
	}
	// A wrong fact: what Hungary criticised.
	hungary := fact("reactions", "who", "Hungary")
	do(t, ctx, "correct Hungary's reaction", chromedp.SetValue(css(fmt.Sprintf("[name=%q]", hungary+".to")), "the alliance's slow response"))
	// A junk fact: a reaction the article does not state (the fixture's
	// sheet has none by Romania), deleted from the keyboard.
	junk := fact("reactions", "who", "Romania")
	shown := pageID(t, ctx)
	do(t, ctx, "delete the junk reaction", chromedp.Focus(css(fmt.Sprintf("button[value=%q]", "delete:"+junk))), chromedp.KeyEvent(kb.Enter))
	waitNewPage(t, ctx, shown)
	if n := get(t, ctx, "junk left", chromedp.Evaluate[int](`Array.from(document.querySelectorAll("input[name^='reactions.']")).filter(i => i.name.endsWith(".who") && i.value === "Romania").length`)); n != 0 {
		t.Error("the deleted reaction is still on the form")
	}
	if v := get(t, ctx, "the correction", chromedp.Value(css(fmt.Sprintf("[name=%q]", fact("reactions", "who", "Hungary")+".to")))); v != "the alliance's slow response" {
		t.Errorf("deleting a fact lost a correction: %q", v)
	}
	// A missing fact, typed into the empty row the button adds.
	shown = pageID(t, ctx)
	do(t, ctx, "add a date", chromedp.Focus(css("button[value='add:dates']")), chromedp.KeyEvent(kb.Enter))
	waitNewPage(t, ctx, shown)
	focused := get(t, ctx, "focus", chromedp.Evaluate[string](`document.activeElement.name`))
	if !strings.HasPrefix(focused, "dates.") || !strings.HasSuffix(focused, ".event") {
		t.Fatalf("after adding a date the focus is on %q, want its event", focused)
	}
	added := strings.TrimSuffix(focused, ".event")
	shown = pageID(t, ctx)
	do(t, ctx, "type the date, wrongly", chromedp.KeyEvent("The first lock opened"), chromedp.KeyEvent(kb.Tab), chromedp.KeyEvent("2015-13-12"), chromedp.KeyEvent(kb.Enter))
	waitNewPage(t, ctx, shown)
	errID := "#" + fieldID(added+".date") + "-error"
	do(t, ctx, "the error beside the field", chromedp.WaitVisible(css(errID)))
	if msg := get(t, ctx, "error", chromedp.Text(css(errID))); !strings.Contains(msg, "month 13 is out of range") {
		t.Errorf("the date's error says %q", msg)
	}
	if v := get(t, ctx, "kept", chromedp.Value(css(fmt.Sprintf("[name=%q]", added+".event")))); v != "The first lock opened" {
		t.Errorf("the form lost what was typed: %q", v)
	}
	if box := get(t, ctx, "summary", chromedp.Text(css("#form-error"))); !strings.Contains(box, "1 fact needs correcting") {
		t.Errorf("the error summary says %q", box)
	}
	shotBoth(t, ctx, "upload-review-error")
	viewShot(t, ctx, errID, "upload-review-field-error")
	fitsPhone(t, ctx, "the review with an error")
	shown = pageID(t, ctx)
	do(t, ctx, "fix the date and check", chromedp.SetValue(css(fmt.Sprintf("[name=%q]", added+".date")), "12 May 2015"),
		chromedp.Focus(css(fmt.Sprintf("[name=%q]", added+".date"))), chromedp.KeyEvent(kb.Enter))
	waitNewPage(t, ctx, shown)
	do(t, ctx, "the preview", chromedp.WaitVisible(css("form[action='/upload/publish']")))
	if s := get(t, ctx, "summary", chromedp.Text(css(".summary"))); !strings.Contains(s, "from danube.md (facts)") || !strings.Contains(s, "This makes a new bank") {
		t.Errorf("the preview says %q", s)
	}
	do(t, ctx, "publish", chromedp.Click(css("form[action='/upload/publish'] button")), chromedp.WaitVisible(css("a[href$='mode=quiz']")))
	bank, err := e.store.BankBySlug(context.Background(), "the-quiet-rise-of-the-danube-water-alliance")
	if err != nil {
		t.Fatal(err)
	}
	qs, err := e.store.BankQuestions(context.Background(), bank.ID)
	if err != nil {
		t.Fatal(err)
	}
	var lock, junkAsked bool
	for _, q := range qs {
		lock = lock || strings.Contains(q.Prompt, "The first lock opened")
		junkAsked = junkAsked || strings.Contains(q.Prompt+" "+q.Answer, "the DWA needed a larger budget")
	}
	if !lock || junkAsked {
		t.Errorf("the bank asks of the added date %v, of the deleted reaction %v", lock, junkAsked)
	}
	do(t, ctx, "sign out", chromedp.Click(css("button.link")), chromedp.WaitVisible(css("#username")))

	// A student practises the reactions, every one of them.
	signUpInBrowser(t, ctx, base, "ada")
	do(t, ctx, "start a test of the reactions",
		chromedp.Navigate(fmt.Sprintf("%s/banks/%d/practice", base, bank.ID)),
		chromedp.WaitVisible(css("#start-test")),
		chromedp.SetValue(css("input[name=size]"), "100"),
		chromedp.SetValue(css("select[name=topic]"), "reactions"),
		chromedp.Click(css("#start-test")),
	)
	var prompts []string
	for range 40 {
		do(t, ctx, "wait for a card or the score", chromedp.WaitVisible(css("#prompt, #score")))
		if get(t, ctx, "is it the score", chromedp.Evaluate[bool](`!!document.querySelector("#score")`)) {
			break
		}
		prompts = append(prompts, get(t, ctx, "prompt", chromedp.Text(css("#prompt"))))
		answerAnyCard(t, ctx)
	}
	all := strings.Join(prompts, "\n")
	if !strings.Contains(all, "How did Hungary respond to the alliance's slow response?") {
		t.Errorf("the student never met the corrected question among:\n%s", all)
	}
	if strings.Contains(all, "the DWA needed a larger budget") || strings.Contains(all, "respond to the alliance for acting too slowly") {
		t.Errorf("the student met a deleted or uncorrected fact:\n%s", all)
	}
}

// answerAnyCard answers the card on screen, right or wrong, and goes on.
func answerAnyCard(t *testing.T, ctx context.Context) {
	t.Helper()
	typ := attr(t, ctx, "section.study", "data-type")
	shown := pageID(t, ctx)
	switch typ {
	case "flashcard":
		do(t, ctx, "reveal and rate", chromedp.KeyEvent(" "), chromedp.WaitVisible(css("#back")), chromedp.WaitVisible(css("#ratings")), chromedp.KeyEvent("3"))
		waitNewPage(t, ctx, shown)
		return
	case "multiple_choice":
		do(t, ctx, "pick the first choice", chromedp.KeyEvent("1"), chromedp.Click(css("#check")))
	case "true_false":
		do(t, ctx, "press t", chromedp.KeyEvent("t"), chromedp.Click(css("#check")))
	case "cloze", "short_answer":
		do(t, ctx, "type an answer", chromedp.SendKeys(css("input[name=response]"), "Austria"+kb.Enter))
	default:
		// Each select a choice of its own: a choice given twice is refused.
		get(t, ctx, "fill every select", chromedp.Evaluate[bool](`document.querySelectorAll("main select").forEach((s, i) => { s.selectedIndex = s.options.length - 1 - i % s.options.length }), true`))
		do(t, ctx, "check", chromedp.Click(css("#check")))
	}
	shot(ctx, "review-practice-"+typ)
	do(t, ctx, "feedback of a "+typ, chromedp.WaitVisible(css("#next")))
	do(t, ctx, "go on", chromedp.KeyEvent(kb.Enter))
	waitNewPage(t, ctx, shown)
}

// viewShot saves, as shot does, what the screen shows around sel at both
// sizes: a long page's full screenshot is too tall to read.
func viewShot(t *testing.T, ctx context.Context, sel, name string) {
	t.Helper()
	dir := os.Getenv("QUIZD_SCREENSHOTS")
	if dir == "" {
		return
	}
	for _, size := range [][2]int64{{1280, 800}, {390, 844}} {
		do(t, ctx, "scroll to "+sel, chromedp.EmulateViewport(size[0], size[1]), chromedp.ScrollIntoView(css(sel)))
		png := get(t, ctx, "screenshot of "+sel, chromedp.CaptureScreenshot())
		_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%d.png", name, size[0])), png, 0o644)
	}
}
