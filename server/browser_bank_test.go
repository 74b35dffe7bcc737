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

// An instructor renames their bank, archives it (the student no longer
// sees it), restores it, and makes their own copy of the bundled bank,
// all by keyboard.
func TestBrowserInstructorManagesABank(t *testing.T) {
	m := newManageEnv(t)
	base := m.serve(t)
	ctx := newBrowserFor(t, 3*time.Minute)
	signIn := func(name string) { signInInBrowser(t, ctx, base, name) }
	signOut := func() {
		do(t, ctx, "sign out", chromedp.Click(css("button.link")), chromedp.WaitVisible(css("#username")))
	}
	page := fmt.Sprintf("%s/banks/%d", base, m.private)

	// From the home page's Manage link to the bank's page.
	signIn("teacher")
	follow := func(from string, bank uint) {
		link := css(fmt.Sprintf(`a[href="/banks/%d"]`, bank))
		do(t, ctx, "open the bank's page from "+from,
			chromedp.Navigate(base+from), chromedp.WaitVisible(link), chromedp.Click(link), chromedp.WaitVisible(css("#bank-title")))
	}
	follow("/", m.private)
	fitsPhone(t, ctx, "bank-manage")

	// Rename by keyboard.
	do(t, ctx, "rename",
		chromedp.Focus(css("#title")),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#title").select()`),
		chromedp.SendKeys(css("#title"), "Period B, week 1"+kb.Enter),
		chromedp.WaitVisible(css("#notice")),
	)
	if h := get(t, ctx, "title", chromedp.Text(css("#bank-title"))); h != "Period B, week 1" {
		t.Errorf("after the rename the page is titled %q", h)
	}

	// Archive asks first, then hides the bank from the student.
	do(t, ctx, "ask to archive",
		chromedp.Focus(css("#archive-start")),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(css("#archive-confirm")),
	)
	shotBoth(t, ctx, "bank-archive-confirm")
	if b, _ := m.store.BankByID(context.Background(), m.private); b.Archived {
		t.Fatal("asking to archive archived the bank")
	}
	do(t, ctx, "confirm",
		chromedp.Focus(css("#archive-confirm")),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(css("#archived-note")),
	)
	fitsPhone(t, ctx, "bank-archived")
	signOut()

	signIn("ada")
	do(t, ctx, "the student's home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(".bank")))
	if home := get(t, ctx, "home", chromedp.Text(css("main"))); strings.Contains(home, "Period B") {
		t.Errorf("the student's home still lists the archived bank: %q", home)
	}
	do(t, ctx, "the student opens its study page", chromedp.Navigate(page+"/study?mode=quiz"), chromedp.WaitVisible(css("h1")))
	if msg := get(t, ctx, "message", chromedp.Text(css("h1"))); !strings.Contains(msg, "This question set is archived") {
		t.Errorf("the student studying the archived bank is told %q", msg)
	}
	signOut()

	signIn("teacher")
	do(t, ctx, "restore",
		chromedp.Navigate(page),
		chromedp.WaitVisible(css("#restore")),
		chromedp.Focus(css("#restore")),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(css("#notice")),
	)
	if n := get(t, ctx, "archived note", chromedp.Evaluate[int](`document.querySelectorAll("#archived-note").length`)); n != 0 {
		t.Error("the restored bank is still marked archived")
	}
	ada, _, _ := m.store.UserByName(context.Background(), "ada")
	if ok, _ := m.store.CanSeeBank(context.Background(), ada, m.private); !ok {
		t.Error("the student does not see the restored bank")
	}

	// The bundled bank: a copy of one's own, from the classes page.
	follow("/classes", m.bundled)
	fitsPhone(t, ctx, "bank-bundled")
	if n := get(t, ctx, "manage forms", chromedp.Evaluate[int](`document.querySelectorAll("#title, #archive-start").length`)); n != 0 {
		t.Error("an instructor is offered to rename or archive the bundled bank")
	}
	do(t, ctx, "make my own copy",
		chromedp.Focus(css("#duplicate")),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(css("#notice")),
	)
	if h := get(t, ctx, "copy's title", chromedp.Text(css("#bank-title"))); h != "The bundled set (copy)" {
		t.Errorf("the copy is titled %q", h)
	}
	if n := get(t, ctx, "copy's rename form", chromedp.Evaluate[int](`document.querySelectorAll("#title").length`)); n != 1 {
		t.Error("the instructor's copy has no rename form")
	}
	fitsPhone(t, ctx, "bank-copy")
}
