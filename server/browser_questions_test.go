package server

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// An instructor finds a question with a typo in the browser, fixes it, and
// sees the new version in its history; a second tab opened before the fix
// is told that someone saved first, and saves its own change on top.
func TestBrowserInstructorFixesATypo(t *testing.T) {
	w := newEditorWorld(t)
	ctx0 := context.Background()
	if status, body := w.e.api("PATCH", w.url("/sa"), w.teacher, `{"version":1,"prompt":"When were the peacekepers deployed?"}`); status != 200 {
		t.Fatalf("the typo: %d %s", status, body)
	}
	base := w.e.serve(t)
	ctx := newBrowser(t)
	signInInBrowser(t, ctx, base, "teacher")
	do(t, ctx, "the classes page", chromedp.Navigate(base+"/classes"), chromedp.WaitVisible(css("a.browse-link")))
	shown := pageID(t, ctx)
	do(t, ctx, "open the browser", chromedp.Click(css("a.browse-link")))
	waitNewPage(t, ctx, shown)
	do(t, ctx, "the browser", chromedp.WaitVisible(css("table.questions")))
	if n := get(t, ctx, "rows", chromedp.Evaluate[int](`document.querySelectorAll("table.questions tbody tr").length`)); n != 7 {
		t.Errorf("the browser lists %d questions, want 7", n)
	}
	fitsPhone(t, ctx, "questions-browser")

	shown = pageID(t, ctx)
	do(t, ctx, "search", chromedp.SendKeys(css("#q"), "PEACEKEPERS"+kb.Enter))
	waitNewPage(t, ctx, shown)
	rows := get(t, ctx, "found", chromedp.Text(css("table.questions tbody")))
	if n := get(t, ctx, "rows found", chromedp.Evaluate[int](`document.querySelectorAll("table.questions tbody tr").length`)); n != 1 || !strings.Contains(rows, "peacekepers") {
		t.Fatalf("the search found %d rows: %q", n, rows)
	}
	shown = pageID(t, ctx)
	do(t, ctx, "open the question", chromedp.Click(css("table.questions tbody a")))
	waitNewPage(t, ctx, shown)
	do(t, ctx, "the editor", chromedp.WaitVisible(css("#prompt")))
	editor := get(t, ctx, "address", chromedp.Location())
	if hidden := get(t, ctx, "the choices of a short answer", chromedp.Evaluate[bool](`document.getElementById("choices").hidden`)); !hidden {
		t.Error("the editor of a short answer shows the fields of a multiple-choice question")
	}
	fitsPhone(t, ctx, "question-editor")

	// A second tab opens the question before the fix is saved.
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	do(t, tab, "the second tab", chromedp.Navigate(editor), chromedp.WaitVisible(css("#prompt")))

	shown = pageID(t, ctx)
	get(t, ctx, "empty the prompt", chromedp.Evaluate[bool](`(document.getElementById("prompt").value = "") === ""`))
	do(t, ctx, "fix the typo",
		chromedp.SendKeys(css("#prompt"), "When were the peacekeepers deployed?"),
		chromedp.Click(css("#save")))
	waitNewPage(t, ctx, shown)
	do(t, ctx, "saved", chromedp.WaitVisible(css("p.ok")))
	if notice := get(t, ctx, "notice", chromedp.Text(css("p.ok"))); notice != "Saved: this is version 3." {
		t.Errorf("after saving the page says %q", notice)
	}
	if latest := get(t, ctx, "history", chromedp.Text(css(".versions li"))); !strings.Contains(latest, "Version 3 · edited by teacher") || !strings.Contains(latest, "peacekeepers") {
		t.Errorf("the history's latest version reads %q", latest)
	}

	// The second tab saves its own change, made on version 2.
	shown = pageID(t, tab)
	do(t, tab, "change the explanation", chromedp.SendKeys(css("#explanation"), "Asked in week 2."), chromedp.Click(css("#save")))
	waitNewPage(t, tab, shown)
	do(t, tab, "the conflict", chromedp.WaitVisible(css("#form-error")))
	msg := get(t, tab, "conflict message", chromedp.Text(css("#form-error")))
	theirs := get(t, tab, "their version", chromedp.Text(css(".stale")))
	prompt := get(t, tab, "the prompt now", chromedp.Value(css("#prompt")))
	if !strings.Contains(msg, "someone saved this question since you opened it") && !strings.Contains(msg, "Someone saved this question since you opened it") ||
		!strings.Contains(theirs, "peacekeepers") || prompt != "When were the peacekeepers deployed?" {
		t.Errorf("the stale tab: %q, theirs %q, prompt %q", msg, theirs, prompt)
	}
	if ex := get(t, tab, "explanation kept", chromedp.Value(css("#explanation"))); ex != "Asked in week 2." {
		t.Errorf("the stale tab lost what was typed: %q", ex)
	}
	fitsPhone(t, tab, "question-editor-conflict")
	shown = pageID(t, tab)
	do(t, tab, "save again", chromedp.Click(css("#save")))
	waitNewPage(t, tab, shown)
	do(t, tab, "saved again", chromedp.WaitVisible(css("p.ok")))
	q, _ := w.e.store.StoredQuestionOf(ctx0, w.mine, "sa")
	if q.Version != 4 || q.Prompt != "When were the peacekeepers deployed?" || q.Explanation != "Asked in week 2." {
		t.Errorf("after both saves: version %d, %q, %q; want both changes", q.Version, q.Prompt, q.Explanation)
	}

	// The student's progress on the question is kept through it all.
	ada, _, _ := w.e.store.UserByName(ctx0, "ada")
	if st, err := w.e.store.CardState(ctx0, ada.ID, w.mine, "sa"); err != nil || st == nil || st.After.Reps != 1 {
		t.Errorf("ada's card after the edits: %+v %v", st, err)
	}

	// Restore the typo's version from the history, by keyboard.
	do(t, ctx, "reload", chromedp.Navigate(editor), chromedp.WaitVisible(css(".versions")))
	shown = pageID(t, ctx)
	do(t, ctx, "restore version 2", chromedp.Focus(css(`form[action$="/versions/2/restore"] button`)), chromedp.KeyEvent(kb.Enter))
	waitNewPage(t, ctx, shown)
	do(t, ctx, "restored", chromedp.WaitVisible(css("p.ok")))
	if notice := get(t, ctx, "notice", chromedp.Text(css("p.ok"))); notice != "The earlier version is back, as version 5." {
		t.Errorf("after restoring: %q", notice)
	}
	if p := get(t, ctx, "prompt", chromedp.Value(css("#prompt"))); p != "When were the peacekepers deployed?" {
		t.Errorf("the restored prompt: %q", p)
	}

	// A new matching question shows only the pairs.
	do(t, ctx, "a new question", chromedp.Navigate(fmt.Sprintf("%s/banks/%d/questions/new?type=matching", base, w.mine)), chromedp.WaitVisible(css("#pairs")))
	if vis := get(t, ctx, "answer hidden", chromedp.Evaluate[bool](`document.getElementById("answer").offsetParent === null`)); !vis {
		t.Error("a new matching question shows the answer field")
	}
	shown = pageID(t, ctx)
	do(t, ctx, "a pair with an empty side",
		chromedp.SendKeys(css("#topic"), "reactions"),
		chromedp.SendKeys(css("#prompt"), "Match the country to its reaction."),
		chromedp.SendKeys(css(`input[name=left]`), "Belarus"),
		chromedp.Click(css("#save")))
	waitNewPage(t, ctx, shown)
	do(t, ctx, "the problem", chromedp.WaitVisible(css("#pairs-error")))
	if msg := get(t, ctx, "problem", chromedp.Text(css("#pairs-error"))); !strings.Contains(msg, "at least 2 pairs") || !strings.Contains(msg, "empty side") {
		t.Errorf("the pairs' problem reads %q", msg)
	}
	if left := get(t, ctx, "typed pair kept", chromedp.Value(css(`input[name=left]`))); left != "Belarus" {
		t.Errorf("the pair typed is %q after the error", left)
	}
	fitsPhone(t, ctx, "question-new-error")
}
