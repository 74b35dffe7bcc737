package server

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"quizd/server/auth"
	"quizd/storage"
)

// signInBrowser signs a user in on the sign-in page, by the keyboard.
func signInBrowser(t *testing.T, ctx context.Context, base, name, password string) {
	t.Helper()
	do(t, ctx, "sign in as "+name,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), name),
		chromedp.SendKeys(css("#password"), password+kb.Enter),
		chromedp.WaitVisible(css("button.link")),
	)
}

// otherBrowser is a second browser of its own cookies, beside ctx's.
func otherBrowser(t *testing.T, ctx context.Context) context.Context {
	ctx2, cancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	if err := chromedp.Do(ctx2); err != nil {
		t.Fatalf("open a second browser context: %v", err)
	}
	return ctx2
}

func TestBrowserDisableAndResetLink(t *testing.T) {
	e := newEnv(t, true)
	e.role("root", storage.Admin)
	e.user("ada")
	ada, _, _ := e.store.UserByName(context.Background(), "ada")
	base := e.serve(t)
	admin := newBrowserFor(t, 3*time.Minute)
	student := otherBrowser(t, admin)

	// The sign-in page says what to do when the password is forgotten.
	do(t, student, "the sign-in page", chromedp.Navigate(base+"/login"), chromedp.WaitVisible(css("#forgot")))
	fitsPhone(t, student, "signin")
	signInBrowser(t, student, base, "ada", "correct horse")

	signInBrowser(t, admin, base, "root", "correct horse")
	do(t, admin, "the accounts page", chromedp.Navigate(base+"/admin/users"), chromedp.WaitVisible(css(fmt.Sprintf("#user-%d", ada.ID))))
	fitsPhone(t, admin, "admin-users")
	card := fmt.Sprintf("#user-%d ", ada.ID)
	do(t, admin, "disable ada", chromedp.Click(css(card+"button.disable")), chromedp.WaitVisible(css("p.ok")))
	if msg := get(t, admin, "notice", chromedp.Text(css("p.ok"))); !strings.HasPrefix(msg, "ada is disabled: their sessions and tokens have ended") {
		t.Errorf("the notice says %q", msg)
	}
	shotBoth(t, admin, "admin-users-disabled")

	// Ada's open session ends on her next request; signing in is refused.
	do(t, student, "ada's next page", chromedp.Navigate(base+"/stats"), chromedp.WaitVisible(css("#username")))
	if loc := get(t, student, "location", chromedp.Location()); !strings.HasPrefix(loc, base+"/login") {
		t.Errorf("the disabled student is at %s, want the sign-in page", loc)
	}
	do(t, student, "sign in while disabled",
		chromedp.SendKeys(css("#username"), "ada"),
		chromedp.SendKeys(css("#password"), "correct horse"+kb.Enter),
		chromedp.WaitVisible(css("#form-error")),
	)
	if msg := get(t, student, "refusal", chromedp.Text(css("#form-error"))); msg != "This account is disabled. Ask your instructor or an admin to enable it." {
		t.Errorf("the refusal says %q", msg)
	}

	// Enabled again, and a password link for her, by the keyboard.
	do(t, admin, "enable ada", chromedp.Click(css(card+"button.enable")), chromedp.WaitVisible(css(card+"button.reset")))
	do(t, admin, "a password link", chromedp.Focus(css(card+"button.reset")), chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(css("#link")))
	link := get(t, admin, "the link", chromedp.Value(css("#link")))
	if !strings.HasPrefix(link, base+"/reset/") {
		t.Fatalf("the link is %q", link)
	}
	fitsPhone(t, admin, "reset-link")

	do(t, student, "open the link", chromedp.Navigate(link), chromedp.WaitVisible(css("#password")))
	fitsPhone(t, student, "reset")
	do(t, student, "a weak password", chromedp.SendKeys(css("#password"), "ada"+kb.Enter), chromedp.WaitVisible(css("#form-error")))
	do(t, student, "set a password",
		chromedp.SendKeys(css("#password"), "a brand new passphrase"+kb.Enter),
		chromedp.WaitVisible(css(".bank")),
	)
	// A second use is refused.
	do(t, student, "the link again", chromedp.Navigate(link), chromedp.WaitVisible(css("#gone")))
	if msg := get(t, student, "the used link", chromedp.Text(css("#gone"))); !strings.Contains(msg, "This link was used already") || !strings.Contains(msg, "Ask your instructor or an admin for a new link.") {
		t.Errorf("the used link says %q", msg)
	}
	fitsPhone(t, student, "reset-used")
	// The new password signs in.
	do(t, student, "sign out", chromedp.Click(css("button.link")), chromedp.WaitVisible(css("#username")))
	signInBrowser(t, student, base, "ada", "a brand new passphrase")
}

func TestBrowserRosterUpload(t *testing.T) {
	e := newEnv(t, true)
	e.role("teacher", storage.Instructor)
	e.user("ada")
	teacher, _, _ := e.store.UserByName(context.Background(), "teacher")
	cl, err := e.store.CreateClass(context.Background(), teacher.ID, "Period 1")
	if err != nil {
		t.Fatal(err)
	}
	base := e.serve(t)
	ctx := newBrowserFor(t, 2*time.Minute)
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "bad.csv"), filepath.Join(dir, "roster.csv")
	os.WriteFile(bad, []byte("username,display_name\nnew1,\nx,\n"), 0o644)
	os.WriteFile(good, []byte("username,display_name\nada,\nnew1,New One\nnew2,\"=HYPERLINK(\"\"x\"\")\"\n"), 0o644)

	signInBrowser(t, ctx, base, "teacher", "correct horse")
	do(t, ctx, "the classes page", chromedp.Navigate(base+"/classes"), chromedp.WaitVisible(css(fmt.Sprintf(`a[href="/classes/%d/accounts"]`, cl.ID))))
	do(t, ctx, "the roster page", chromedp.Click(css(fmt.Sprintf(`a[href="/classes/%d/accounts"]`, cl.ID))), chromedp.WaitVisible(css("#file")))
	fitsPhone(t, ctx, "roster")
	do(t, ctx, "upload a bad file",
		chromedp.SetUploadFiles(css("#file"), []string{bad}),
		chromedp.Click(css("button.primary")),
		chromedp.WaitVisible(css("table.problems")),
	)
	if p := get(t, ctx, "problems", chromedp.Text(css("table.problems tbody"))); !strings.Contains(p, "3") || !strings.Contains(p, "username") || !strings.Contains(p, `"x" must be 3 to 32 characters long`) {
		t.Errorf("the problems say %q", p)
	}
	fitsPhone(t, ctx, "roster-problems")
	if _, _, err := e.store.UserByName(context.Background(), "new1"); err == nil {
		t.Error("a refused roster created new1")
	}
	do(t, ctx, "upload the roster",
		chromedp.SetUploadFiles(css("#file"), []string{good}),
		chromedp.Click(css("button.primary")),
		chromedp.WaitVisible(css("#roster-done")),
	)
	if msg := get(t, ctx, "result", chromedp.Text(css("#roster-done"))); msg != "2 accounts created, 1 existing; all 3 are in the class." {
		t.Errorf("the result says %q", msg)
	}
	href := attr(t, ctx, "#roster-csv", "href")
	data, err := url.PathUnescape(strings.TrimPrefix(href, "data:text/csv;charset=utf-8,"))
	if err != nil || !strings.HasPrefix(href, "data:text/csv;charset=utf-8,") {
		t.Fatalf("the download is %.80q (%v)", href, err)
	}
	lines := strings.Split(strings.TrimSpace(data), "\n")
	if len(lines) != 4 || lines[0] != "username,display_name,status,reset_url,expires_at" || !strings.HasPrefix(lines[1], "ada,,existing,,") ||
		!strings.HasPrefix(lines[2], "new1,New One,created,"+base+"/reset/") || !strings.HasPrefix(lines[3], `new2,"'=HYPERLINK(""x"")",created,`) {
		t.Errorf("the CSV download:\n%s", data)
	}
	fitsPhone(t, ctx, "roster-done")
	if cl, _ := e.store.ClassByID(context.Background(), cl.ID); cl.Students != 3 {
		t.Errorf("the class has %d students, want 3", cl.Students)
	}
}

// When too many passwords are being checked, the sign-in form comes back
// with the name kept and a sentence saying to try again.
func TestBrowserSignInWhileHashingIsFullSaysTryAgain(t *testing.T) {
	e := newEnv(t, true)
	e.user("ada")
	base := e.serve(t)
	ctx := newBrowser(t)
	auth.LimitHashes(1, 0, time.Minute)
	t.Cleanup(func() { auth.LimitHashes(0, auth.DefaultQueue, auth.DefaultWait) })
	release, err := auth.Reserve()
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	do(t, ctx, "sign in while hashing is full",
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "ada"),
		chromedp.SendKeys(css("#password"), "correct horse"+kb.Enter),
		chromedp.WaitVisible(css("#form-error")),
	)
	msg := get(t, ctx, "message", chromedp.Text(css("#form-error")))
	name := get(t, ctx, "name", chromedp.Value(css("#username")))
	if msg != "The server is busy checking passwords. Try again in a few seconds." || name != "ada" {
		t.Errorf("message %q, name %q", msg, name)
	}
	shotBoth(t, ctx, "signin-busy")
}
