package server

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"quizd/storage"
)

// The browser tests drive Debian's Chromium, headless, through the pages a
// student uses, on a phone-sized screen and by keyboard.

// chromiumPath finds the browser; CHROMIUM overrides it. The tests fail,
// never skip, without one: .ci/run installs it.
func chromiumPath(t *testing.T) string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	t.Fatal("Chromium is needed for the browser tests: apt-get install -y chromium (or set CHROMIUM)")
	return ""
}

// serve starts the test app on a loopback port and returns its address.
func (e *testEnv) serve(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = e.app.Listener(ln) }()
	t.Cleanup(func() { _ = e.app.ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String()
}

func newBrowser(t *testing.T) context.Context { return newBrowserFor(t, 90*time.Second) }

// newBrowserFor is newBrowser for a test that takes up to d.
func newBrowserFor(t *testing.T, d time.Duration) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "chromium")),
		chromedp.WindowSize(390, 844),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, d)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return ctx
}

// do runs steps that return nothing, failing the test with the page's
// content when one fails.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		html, _ := chromedp.Run(ctx, chromedp.OuterHTML(css("main")))
		t.Fatalf("%s: %v\npage: %.1500s", what, err, html)
	}
}

// get runs one action and returns its value.
func get[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		html, _ := chromedp.Run(ctx, chromedp.OuterHTML(css("main")))
		t.Fatalf("%s: %v\npage: %.1500s", what, err, html)
	}
	return v
}

func css(s string) chromedp.CSS { return chromedp.CSS(s) }

func attr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	return get(t, ctx, "read "+sel+" "+name, chromedp.AttributeValue(css(sel), name)).Value
}

// rightAnswers are what a student who knows typesBank types or picks.
var rightAnswers = map[string]string{
	"mc": "Armenia", "tf": "t", "cz": "Political", "sa": "Jan 7, 2022",
}

// answerCard answers the card on screen by keyboard (and the ordering and
// matching selects by value), then returns its question id and type.
func answerCard(t *testing.T, ctx context.Context) (qid, typ string) {
	t.Helper()
	do(t, ctx, "wait for the card", chromedp.WaitVisible(css("#prompt")))
	qid = attr(t, ctx, "input[name=question_id]", "value")
	typ = attr(t, ctx, "section.study", "data-type")
	mode := attr(t, ctx, "section.study", "data-mode")
	shot(ctx, "study-"+mode+"-"+typ)
	if mode == "flashcard" || typ == "flashcard" {
		// Space shows the back without a page load; 3 rates it Good.
		shown := pageID(t, ctx)
		do(t, ctx, "reveal and rate "+qid,
			chromedp.KeyEvent(" "),
			chromedp.WaitVisible(css("#back")),
			chromedp.WaitVisible(css("#ratings")),
			chromedp.KeyEvent("3"),
		)
		waitNewPage(t, ctx, shown)
		return qid, typ
	}
	switch typ {
	case "multiple_choice":
		labels := get(t, ctx, "read choices", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('.choice span')).map(s => s.textContent)`))
		key := ""
		for i, l := range labels {
			if l == rightAnswers[qid] {
				key = fmt.Sprint(i + 1)
			}
		}
		do(t, ctx, "pick a choice by its number", chromedp.KeyEvent(key), chromedp.KeyEvent(kb.Enter))
	case "true_false":
		do(t, ctx, "press t", chromedp.KeyEvent("t"), chromedp.KeyEvent(kb.Enter))
	case "cloze", "short_answer":
		do(t, ctx, "type the answer", chromedp.SendKeys(css("input[name=response]"), rightAnswers[qid]+kb.Enter))
	case "ordering":
		do(t, ctx, "order by selects",
			chromedp.SetValue(css("ol li:nth-child(1) select"), "founded"),
			chromedp.SetValue(css("ol li:nth-child(2) select"), "deployed"),
			chromedp.SetValue(css("ol li:nth-child(3) select"), "withdrew"),
			chromedp.Click(css("#check")),
		)
	case "matching":
		do(t, ctx, "match by selects",
			chromedp.SetValue(css(".pair:nth-of-type(1) select"), "condemned"),
			chromedp.SetValue(css(".pair:nth-of-type(2) select"), "evaded"),
			chromedp.SetValue(css(".pair:nth-of-type(3) select"), "supported"),
			chromedp.Click(css("#check")),
		)
	default:
		t.Fatalf("unknown question type %q", typ)
	}
	do(t, ctx, "feedback of "+qid, chromedp.WaitVisible(css("#next")))
	shot(ctx, "feedback-"+typ)
	if verdict := get(t, ctx, "verdict", chromedp.Text(css(".verdict"))); !strings.Contains(verdict, "Right") {
		t.Errorf("%s (%s): verdict %q, want right", qid, typ, verdict)
	}
	do(t, ctx, "go on with Enter", chromedp.KeyEvent(kb.Enter))
	return qid, typ
}

func TestBrowserStudentStudies(t *testing.T) {
	e := newEnv(t, true)
	base := e.serve(t)
	ctx := newBrowser(t)

	signUpInBrowser(t, ctx, base, "ada")
	shot(ctx, "home")
	if get(t, ctx, "phone width", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
		t.Error("the home page is wider than a phone screen")
	}

	// Flashcards: Space shows the answer in place, 3 rates it Good.
	do(t, ctx, "open flashcards", chromedp.Click(css("a.button[href$='mode=flashcard']")), chromedp.WaitVisible(css("#prompt")))
	before := get(t, ctx, "location", chromedp.Location())
	do(t, ctx, "press Space", chromedp.KeyEvent(" "), chromedp.WaitVisible(css("#back")))
	shot(ctx, "flashcard-revealed")
	if after := get(t, ctx, "location", chromedp.Location()); before != after {
		t.Errorf("Space loaded a page (%s → %s): the script did not run", before, after)
	}
	shown := pageID(t, ctx)
	do(t, ctx, "rate with 3", chromedp.KeyEvent("3"))
	waitNewPage(t, ctx, shown)
	do(t, ctx, "next card", chromedp.WaitVisible(css("#prompt")))
	if counts := get(t, ctx, "progress", chromedp.Text(css(".progress .counts"))); !strings.HasPrefix(counts, "1 /") {
		t.Errorf("after one card the progress says %q", counts)
	}

	// Quiz: every type in its own widget, until the session ends.
	do(t, ctx, "open the quiz", chromedp.Navigate(base+fmt.Sprintf("/banks/%d/study?mode=quiz", e.bank.ID)))
	seen := map[string]bool{}
	for range 20 {
		do(t, ctx, "wait for a card or the end", chromedp.WaitVisible(css("#prompt, section.done")))
		if get(t, ctx, "is it the end", chromedp.Evaluate[bool](`!!document.querySelector("section.done")`)) {
			break
		}
		_, typ := answerCard(t, ctx)
		seen[typ] = true
	}
	for _, typ := range []string{"multiple_choice", "true_false", "cloze", "short_answer", "ordering", "matching"} {
		if !seen[typ] {
			t.Errorf("the quiz never showed a %s question (saw %v)", typ, seen)
		}
	}
	if summary := get(t, ctx, "summary", chromedp.Text(css(".summary"))); !strings.Contains(summary, "today") {
		t.Errorf("summary %q", summary)
	}

	// Reload: the progress is kept.
	do(t, ctx, "reload", chromedp.Navigate(base+"/"), chromedp.Reload(), chromedp.WaitVisible(css(".bank")))
	if home := get(t, ctx, "counts", chromedp.Text(css(".bank .counts"))); !strings.Contains(home, "0 new") {
		t.Errorf("after studying every card the home page says %q", home)
	}
	do(t, ctx, "study again", chromedp.Navigate(base+fmt.Sprintf("/banks/%d/study?mode=quiz", e.bank.ID)), chromedp.WaitVisible(css("h1")))
	if h := get(t, ctx, "heading", chromedp.Text(css("h1"))); h != "Done for now" {
		t.Errorf("after a reload the study page says %q, want Done for now", h)
	}
	do(t, ctx, "stats", chromedp.Navigate(base+"/stats"), chromedp.WaitVisible(css("table.topics")))
	if n := get(t, ctx, "charts", chromedp.Evaluate[int](`document.querySelectorAll("figure.chart").length`)); n != 4 {
		t.Errorf("the stats page shows %d charts, want 4", n)
	}
	if n := get(t, ctx, "drawn charts", chromedp.Evaluate[int](`document.querySelectorAll("figure.chart svg").length`)); n < 2 {
		t.Errorf("the stats page draws %d charts, want the answers and the due forecast at least", n)
	}
	shot(ctx, "stats")
}

// signUpInBrowser signs a new student up on the page, by the keyboard,
// and waits for their home page.
func signUpInBrowser(t *testing.T, ctx context.Context, base, name string) {
	t.Helper()
	do(t, ctx, "sign up",
		chromedp.Navigate(base+"/signup"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), name),
		chromedp.SendKeys(css("#password"), "correct horse"+kb.Enter),
		chromedp.WaitVisible(css(".bank")),
	)
}

// signInInBrowser signs a user in by keyboard, their password "correct
// horse".
func signInInBrowser(t *testing.T, ctx context.Context, base, name string) {
	t.Helper()
	signInBrowser(t, ctx, base, name, "correct horse")
}

// shot saves a screenshot of the page when QUIZD_SCREENSHOTS names a
// folder, for a person to look at; tests assert nothing about it.
func shot(ctx context.Context, name string) {
	dir := os.Getenv("QUIZD_SCREENSHOTS")
	if dir == "" {
		return
	}
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		_ = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
}

func TestBrowserSignInErrorsAreShown(t *testing.T) {
	e := newEnv(t, true)
	e.user("ada")
	base := e.serve(t)
	ctx := newBrowser(t)
	do(t, ctx, "wrong password",
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "ada"),
		chromedp.SendKeys(css("#password"), "not it at all"+kb.Enter),
		chromedp.WaitVisible(css("#form-error")),
	)
	msg := get(t, ctx, "message", chromedp.Text(css("#form-error")))
	if invalid := attr(t, ctx, "#password", "aria-invalid"); msg != "Wrong username or password." || invalid != "true" {
		t.Errorf("message %q, aria-invalid %q", msg, invalid)
	}
}

func TestBrowserInstructorUploadsAndStudentJoins(t *testing.T) {
	e := newEnv(t, true)
	e.role("teacher", storage.Instructor)
	base := e.serve(t)
	ctx := newBrowser(t)
	file := filepath.Join(t.TempDir(), "period1.gift")
	good := "::q1::Which member froze its participation?{=Armenia ~Belarus ~Russia}\n\n::q2::<script>alert(1)</script> is text {T}\n"
	// A file none of whose questions can be imported is refused.
	if err := os.WriteFile(file, []byte("// Nothing here can be imported.\n\n::q3::Bad {~a ~b}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	signIn := func(name string) { signInInBrowser(t, ctx, base, name) }
	signIn("teacher")
	// In strict mode a file with a problem is refused with its line, and
	// nothing is stored.
	do(t, ctx, "upload a bad file",
		chromedp.Navigate(base+"/upload"),
		chromedp.WaitVisible(css("#file")),
		chromedp.SetUploadFiles(css("#file"), []string{file}),
		chromedp.Click(css("input[name=strict]")),
		chromedp.Click(css("button.primary")),
		chromedp.WaitVisible(css(".problems")),
	)
	if msg := get(t, ctx, "problems", chromedp.Text(css(".problems"))); !strings.Contains(msg, "Line 3: a multiple-choice question needs a right answer") {
		t.Errorf("problems shown: %q", msg)
	}
	shot(ctx, "upload-errors")
	os.WriteFile(file, []byte(good), 0o644)
	do(t, ctx, "upload and preview",
		chromedp.SetUploadFiles(css("#file"), []string{file}),
		chromedp.SendKeys(css("#title"), "Period 1 quiz"),
		chromedp.Click(css("button.primary")),
		chromedp.WaitVisible(css("form[action='/upload/publish']")),
	)
	// The linter's findings are warnings in the preview, readable on a phone.
	do(t, ctx, "open the warnings", chromedp.Click(css(".warnings summary")), chromedp.WaitVisible(css(".warnings li")))
	if w := get(t, ctx, "warnings", chromedp.Text(css(".warnings"))); !strings.Contains(w, "true-false-no-source") || !strings.Contains(w, "Question 2") {
		t.Errorf("warnings shown: %q", w)
	}
	if get(t, ctx, "phone width", chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)) {
		t.Error("the upload preview is wider than a phone screen")
	}
	shot(ctx, "upload-preview")
	// Opening the warnings took the focus from the Publish button.
	do(t, ctx, "focus Publish", chromedp.Focus(css("form[action='/upload/publish'] button")))
	if n := e.bankCount(); n != 1 {
		t.Errorf("the preview stored a bank: %d banks", n)
	}
	if html := get(t, ctx, "preview", chromedp.OuterHTML(css("main"))); !strings.Contains(html, "&lt;script&gt;") {
		t.Error("uploaded markup is not shown as text in the preview")
	}
	if n := get(t, ctx, "scripts", chromedp.Evaluate[int](`document.scripts.length`)); n != 1 {
		t.Errorf("the preview page has %d script elements: an uploaded one got in", n)
	}
	do(t, ctx, "publish", chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(css("a[href$='mode=quiz']")))
	if h := get(t, ctx, "heading", chromedp.Text(css("h1"))); !strings.HasPrefix(h, "Published") {
		t.Errorf("after publishing: %q", h)
	}
	// A class with the bank.
	do(t, ctx, "create a class",
		chromedp.Navigate(base+"/classes"),
		chromedp.WaitVisible(css("#name")),
		chromedp.SendKeys(css("#name"), "Period 1"+kb.Enter),
		chromedp.WaitVisible(css(".code")),
	)
	code := get(t, ctx, "join code", chromedp.Text(css(".code")))
	uploaded, err := e.store.BankBySlug(context.Background(), "period-1-quiz")
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "assign the bank",
		chromedp.WaitVisible(css("#assign button")),
		chromedp.SetValue(css("#bank_id"), fmt.Sprint(uploaded.ID)),
		chromedp.Click(css("#assign button")),
	)
	// The notice of the class's creation is on the page already: wait for
	// the assignment's.
	waitFor(t, ctx, "the assignment", `(document.querySelector("p.ok") || {textContent: ""}).textContent.includes("Bank assigned")`)
	shot(ctx, "classes")
	do(t, ctx, "sign out", chromedp.Click(css("button.link")), chromedp.WaitVisible(css("#username")))

	// A student signs up, joins with the code and studies the bank.
	do(t, ctx, "student signs up",
		chromedp.Navigate(base+"/signup"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "ada"),
		chromedp.SendKeys(css("#password"), "correct horse"+kb.Enter),
		chromedp.WaitVisible(css(".bank")),
	)
	if n := get(t, ctx, "banks before joining", chromedp.Evaluate[int](`document.querySelectorAll(".bank").length`)); n != 1 {
		t.Errorf("before joining the student sees %d banks, want the bundled one", n)
	}
	do(t, ctx, "join",
		chromedp.Navigate(base+"/classes"),
		chromedp.WaitVisible(css("#code")),
		chromedp.SendKeys(css("#code"), strings.ToLower(code)+kb.Enter),
		chromedp.WaitVisible(css("p.ok")),
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(css(".bank")),
	)
	if titles := get(t, ctx, "banks", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".bank h2")).map(h => h.textContent)`)); len(titles) != 2 || !slices.Contains(titles, "Period 1 quiz") {
		t.Errorf("after joining the student sees %v", titles)
	}
	do(t, ctx, "study the uploaded bank", chromedp.Navigate(base+fmt.Sprintf("/banks/%d/study?mode=flashcard", uploaded.ID)), chromedp.WaitVisible(css("#prompt")))
	if n := get(t, ctx, "scripts", chromedp.Evaluate[int](`document.scripts.length`)); n != 1 {
		t.Errorf("the study page has %d script elements: an uploaded one got in", n)
	}
}

// pageID tells one page load from the next.
func pageID(t *testing.T, ctx context.Context) float64 {
	t.Helper()
	return get(t, ctx, "page id", chromedp.Evaluate[float64](`performance.timeOrigin`))
}

// waitNewPage waits until the page loaded as id is replaced by another.
func waitNewPage(t *testing.T, ctx context.Context, id float64) {
	t.Helper()
	waitFor(t, ctx, "the next page", fmt.Sprintf(`document.readyState === "complete" && performance.timeOrigin !== %v`, id))
}

// waitFor evaluates a condition until it holds, across page loads (which
// make a single evaluation fail), for up to 20 seconds.
func waitFor(t *testing.T, ctx context.Context, what, js string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s did not happen", what)
}

func TestBrowserClassReport(t *testing.T) {
	r := newReportEnv(t)
	base := r.serve(t)
	ctx := newBrowser(t)
	do(t, ctx, "sign in",
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "teacher"),
		chromedp.SendKeys(css("#password"), "correct horse"+kb.Enter),
		chromedp.WaitVisible(css("button.link")),
		chromedp.Navigate(base+"/reports"),
		chromedp.WaitVisible(css("a[href^='/reports/class']")),
		chromedp.Click(css("a[href^='/reports/class']")),
		chromedp.WaitVisible(css("article.report")),
	)
	shot(ctx, "class-report")
	if n := get(t, ctx, "charts", chromedp.Evaluate[int](`document.querySelectorAll("figure.chart").length`)); n != 4 {
		t.Errorf("%d charts, want 4", n)
	}
	if n := get(t, ctx, "drawn charts", chromedp.Evaluate[int](`document.querySelectorAll("figure.chart svg rect").length`)); n < 30 {
		t.Errorf("%d bars drawn", n)
	}
	if s := get(t, ctx, "students", chromedp.Text(css("table.topics tbody"))); !strings.Contains(s, "=ada") || !strings.Contains(s, "bob") {
		t.Errorf("student rows %q", s)
	}
	// The print stylesheet hides the navigation and the download links.
	if hidden := get(t, ctx, "print media", chromedp.Evaluate[bool](`(() => {
		for (const sheet of document.styleSheets) for (const rule of sheet.cssRules)
			if (rule.media && rule.media.mediaText === "print" && rule.cssText.includes(".no-print")) return true;
		return false; })()`)); !hidden {
		t.Error("no print stylesheet hides the page's controls")
	}
}
