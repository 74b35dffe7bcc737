package server

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"quizd/storage"
)

// An instructor runs a class from its page: assigns a bank with a due
// date, sees the roster and removes a student; the student still in the
// class finds the assignment, its due date and where they stand on their
// home page.
func TestBrowserClassRosterAndAssignment(t *testing.T) {
	e := newEnv(t, true)
	e.role("teacher", storage.Instructor)
	ctx := context.Background()
	teacher, _, _ := e.store.UserByName(ctx, "teacher")
	b, err := e.store.UpsertBank(ctx, typesBankSlug("period-1"), storage.BankOptions{OwnerID: &teacher.ID})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := e.store.CreateClass(ctx, teacher.ID, "Period 1")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ada", "bob"} {
		e.user(name)
		u, _, _ := e.store.UserByName(ctx, name)
		if _, err := e.store.JoinClass(ctx, u.ID, cl.JoinCode); err != nil {
			t.Fatal(err)
		}
	}
	base := e.serve(t)
	bctx := newBrowserFor(t, 3*time.Minute)
	signIn := func(name string) { signInInBrowser(t, bctx, base, name) }
	signIn("teacher")
	// From the classes page to the class's own.
	do(t, bctx, "open the class",
		chromedp.Navigate(base+"/classes"),
		chromedp.WaitVisible(css(fmt.Sprintf("a[href='/classes/%d']", cl.ID))),
		chromedp.Click(css(fmt.Sprintf("h2 a[href='/classes/%d']", cl.ID))),
		chromedp.WaitVisible(css("#roster")),
	)
	if link := attr(t, bctx, "#join-url", "value"); link != base+"/join/"+cl.JoinCode {
		t.Errorf("the join link is %q, want %q", link, base+"/join/"+cl.JoinCode)
	}
	// Assign the bank, due in two days, by keyboard where a person would.
	do(t, bctx, "assign with a due date",
		chromedp.SetValue(css("#bank_id"), fmt.Sprint(b.Bank.ID)),
		chromedp.SetValue(css("#due_at"), "2026-03-04"),
		chromedp.SendKeys(css("#new_per_day"), "2"),
		chromedp.Click(css("form[action='/classes/assign'] button.primary")),
		chromedp.WaitVisible(css(fmt.Sprintf("#assignment-%d", b.Bank.ID))),
	)
	if due := get(t, bctx, "the assignment", chromedp.Text(css(fmt.Sprintf("#assignment-%d", b.Bank.ID)))); !strings.Contains(due, "Due Wednesday 4 March 2026") || !strings.Contains(due, "Default pace, which students may change: 2 new cards a day.") {
		t.Errorf("the assignment reads %q", due)
	}
	// Remove bob, after confirming.
	bob, _, _ := e.store.UserByName(ctx, "bob")
	row := fmt.Sprintf("#student-%d", bob.ID)
	do(t, bctx, "open the removal", chromedp.Click(css(row+" summary")), chromedp.WaitVisible(css(row+" button.danger")))
	shotBoth(t, bctx, "class-remove-confirm")
	// The page before says "The bank is assigned." in the same place:
	// wait for the page the removal loads.
	shown := pageID(t, bctx)
	do(t, bctx, "remove bob", chromedp.Click(css(row+" button.danger")))
	waitNewPage(t, bctx, shown)
	do(t, bctx, "removed", chromedp.WaitVisible(css("p.ok")))
	if notice := get(t, bctx, "notice", chromedp.Text(css("p.ok"))); !strings.Contains(notice, "removed") {
		t.Errorf("after removing: %q", notice)
	}
	if names := get(t, bctx, "roster", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".roster tbody th")).map(th => th.textContent)`)); len(names) != 1 || names[0] != "ada" {
		t.Errorf("the roster after removing bob: %v", names)
	}
	if ok, _ := e.store.IsMember(ctx, cl.ID, bob.ID); ok {
		t.Error("bob is still a member")
	}
	fitsPhone(t, bctx, "class-page")
	do(t, bctx, "sign out", chromedp.Click(css("button.link")), chromedp.WaitVisible(css("#username")))

	// ada sees the assignment, its due date and that she is on track, with
	// today's new cards raised to what the due date needs.
	signIn("ada")
	do(t, bctx, "home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(".assignment")))
	card := get(t, bctx, "the assignment card", chromedp.Text(css(fmt.Sprintf("#assignment-%d", b.Bank.ID))))
	for _, want := range []string{"Private period-1", "Period 1", "Due Wednesday 4 March 2026 (in 2 days)", "on track", "0 of 7 done", "raised from 2 to 3"} {
		if !strings.Contains(card, want) {
			t.Errorf("the assignment card lacks %q: %q", want, card)
		}
	}
	fitsPhone(t, bctx, "home-assignments")
	do(t, bctx, "open the pace", chromedp.Click(css(fmt.Sprintf("#assignment-%d summary", b.Bank.ID))),
		chromedp.WaitVisible(css(fmt.Sprintf("#npd-%d", b.Bank.ID))))
	shotBoth(t, bctx, "home-pace")
	// bob, removed, has neither the bank nor the assignment.
	do(t, bctx, "sign out", chromedp.Click(css("button.link")), chromedp.WaitVisible(css("#username")))
	signIn("bob")
	do(t, bctx, "bob's home", chromedp.Navigate(base+"/"), chromedp.WaitVisible(css(".bank")))
	if n := get(t, bctx, "bob's assignments", chromedp.Evaluate[int](`document.querySelectorAll(".assignment").length`)); n != 0 {
		t.Errorf("a removed student sees %d assignments", n)
	}
	do(t, bctx, "sign out", chromedp.Click(css("button.link")), chromedp.WaitVisible(css("#username")))

	// A new student follows the join link: signs up, comes back, joins.
	do(t, bctx, "follow the join link signed out",
		chromedp.Navigate(base+"/join/"+cl.JoinCode),
		chromedp.WaitVisible(css("a[href^='/signup?next=']")),
		chromedp.Click(css("a[href^='/signup?next=']")),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "cal"),
		chromedp.SendKeys(css("#password"), "correct horse"+kb.Enter),
		chromedp.WaitVisible(css("form[action^='/join/'] button")),
	)
	if h := get(t, bctx, "the join page", chromedp.Text(css("h1"))); h != "Join class Period 1?" {
		t.Errorf("the join page asks %q", h)
	}
	shotBoth(t, bctx, "join-page")
	do(t, bctx, "join", chromedp.Click(css("form[action^='/join/'] button")), chromedp.WaitVisible(css("p.ok")))
	if notice := get(t, bctx, "notice", chromedp.Text(css("p.ok"))); notice != "You joined Period 1." {
		t.Errorf("after joining by the link: %q", notice)
	}
	do(t, bctx, "open the leave confirmation", chromedp.Click(css("details.confirm summary")), chromedp.WaitVisible(css("details.confirm button.danger")))
	fitsPhone(t, bctx, "classes-student")
}
