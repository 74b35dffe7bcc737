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
)

// The phone-width tests: no page scrolls sideways on a 390 px wide phone,
// the navigation fits it, and keyboard hints are hidden on a touch screen.
// Each screen is also saved at 1280×800 and 390×844 (QUIZD_SCREENSHOTS).

// phone sets a 390×844 viewport, with touch when touch is set.
func phone(touch bool) chromedp.Action[chromedp.Void] {
	if touch {
		return chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait)
}

// fitsPhone checks the page on screen at 390 px: nothing wider than the
// screen, the navigation within it; then saves it at both sizes.
func fitsPhone(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	do(t, ctx, "phone size", phone(false))
	w := get(t, ctx, "widths of "+name, chromedp.Evaluate[[]float64](`[document.documentElement.scrollWidth, window.innerWidth,
		Math.max(...Array.from(document.querySelectorAll("header.top, header.top *")).map(e => e.getBoundingClientRect().right)),
		document.querySelector("header.top").getBoundingClientRect().height]`))
	if w[0] > w[1] {
		wide := get(t, ctx, "widest", chromedp.Evaluate[string](`Array.from(document.querySelectorAll("main *")).filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).slice(0, 3).map(e => e.tagName + "." + e.className + ": " + e.textContent.slice(0, 60)).join(" | ")`))
		t.Errorf("%s is %v px wide on a %v px phone: it scrolls sideways (%s)", name, w[0], w[1], wide)
	}
	if w[2] > w[1]+0.5 {
		t.Errorf("%s: the navigation reaches %v px on a %v px phone", name, w[2], w[1])
	}
	if w[3] > 140 {
		t.Errorf("%s: the header takes %v px of a phone's height", name, w[3])
	}
	shot(ctx, name+"-390")
	if os.Getenv("QUIZD_SCREENSHOTS") != "" {
		do(t, ctx, "desktop size", chromedp.EmulateViewport(1280, 800))
		shot(ctx, name+"-1280")
		do(t, ctx, "phone size", phone(false))
	}
}

func TestBrowserEveryPageFitsAPhone(t *testing.T) {
	r := newReportEnv(t)
	e := r.testEnv
	base := e.serve(t)
	ctx := newBrowserFor(t, 5*time.Minute)
	signIn := func(name string) { signInInBrowser(t, ctx, base, name) }
	open := func(path, wait string) {
		do(t, ctx, "open "+path, chromedp.Navigate(base+path), chromedp.WaitVisible(css(wait)))
	}

	// The instructor's pages.
	signIn("teacher")
	fitsPhone(t, ctx, "home-instructor")
	open("/upload", "#file")
	fitsPhone(t, ctx, "upload")
	file := filepath.Join(t.TempDir(), "a-file-with-a-rather-long-name-for-a-phone-screen.gift")
	long := strings.Repeat("Collective-Security-Treaty-Organization-", 4)
	if err := os.WriteFile(file, []byte("::q1::Which member froze its participation in "+long+"?{=Armenia ~Belarus ~Russia}\n\n::q2::The treaty was signed in Tashkent by "+long+" {T}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "upload and preview",
		chromedp.SetUploadFiles(css("#file"), []string{file}),
		chromedp.SendKeys(css("#title"), "Period 1 quiz"),
		chromedp.Click(css("button.primary")),
		chromedp.WaitVisible(css("form[action='/upload/publish']")),
		chromedp.Click(css(".warnings summary")),
	)
	fitsPhone(t, ctx, "upload-preview")
	open("/classes", "#name")
	fitsPhone(t, ctx, "classes-instructor")
	open("/reports", "a[href^='/reports/class']")
	fitsPhone(t, ctx, "reports")
	open(fmt.Sprintf("/reports/class?class=%d&bank=%d", r.class, e.bank.ID), "article.report")
	fitsPhone(t, ctx, "class-report")
	open("/settings", "main h1")
	fitsPhone(t, ctx, "settings")
	do(t, ctx, "sign out", chromedp.Click(css("button.link")), chromedp.WaitVisible(css("#username")))
	fitsPhone(t, ctx, "login")

	// A student studies every type as flashcards and as a quiz.
	signUpInBrowser(t, ctx, base, "eve")
	fitsPhone(t, ctx, "home")
	study := fmt.Sprintf("/banks/%d/study", e.bank.ID)
	seen := map[string]bool{}
	for range 7 {
		open(study+"?mode=flashcard", "#prompt")
		typ := attr(t, ctx, "section.study", "data-type")
		qid := attr(t, ctx, "input[name=question_id]", "value")
		if seen[typ] {
			break
		}
		seen[typ] = true
		if n := get(t, ctx, "rating buttons", chromedp.Evaluate[int](`document.querySelectorAll("button[name=rating]").length`)); n != 0 {
			t.Errorf("the front of the %s flashcard has %d rating buttons", typ, n)
		}
		fitsPhone(t, ctx, "flashcard-front-"+typ)
		do(t, ctx, "show the answer", chromedp.Click(css("#reveal")), chromedp.WaitVisible(css("#ratings")))
		fitsPhone(t, ctx, "flashcard-back-"+typ)
		// Rated Again, the card stays in learning and comes back in the quiz.
		shown := pageID(t, ctx)
		do(t, ctx, "rate "+qid, chromedp.Click(css(`button[name=rating][value="1"]`)))
		waitNewPage(t, ctx, shown)
	}
	if len(seen) != 7 {
		t.Errorf("flashcard mode showed %d types: %v", len(seen), seen)
	}
	e.clock.Add(30 * time.Minute)
	seen = map[string]bool{}
	for range 20 {
		open(study+"?mode=quiz", "#prompt, section.done")
		if get(t, ctx, "is it the end", chromedp.Evaluate[bool](`!!document.querySelector("section.done")`)) {
			break
		}
		typ := attr(t, ctx, "section.study", "data-type")
		if typ == "flashcard" || seen[typ] || attr(t, ctx, "section.study", "data-mode") != "quiz" {
			answerCard(t, ctx)
			continue
		}
		seen[typ] = true
		fitsPhone(t, ctx, "quiz-"+typ)
		answerCardWrong(t, ctx, typ)
		do(t, ctx, "feedback", chromedp.WaitVisible(css("#next")))
		fitsPhone(t, ctx, "feedback-"+typ)
	}
	for _, typ := range []string{"multiple_choice", "true_false", "cloze", "short_answer", "ordering", "matching"} {
		if !seen[typ] {
			t.Errorf("the quiz never showed a %s question", typ)
		}
	}
	e.clock.Add(30 * time.Minute)
	for range 30 {
		open(study+"?mode=quiz", "#prompt, section.done")
		if get(t, ctx, "is it the end", chromedp.Evaluate[bool](`!!document.querySelector("section.done")`)) {
			break
		}
		answerCard(t, ctx)
	}
	open(study+"?mode=quiz", "section.done")
	fitsPhone(t, ctx, "done")
	open("/stats", "table.topics")
	fitsPhone(t, ctx, "stats")
	open("/classes", "#code")
	fitsPhone(t, ctx, "classes")
	open("/settings", "main h1")
	fitsPhone(t, ctx, "settings-student")
}

// answerCardWrong answers the quiz card on screen with a wrong answer, to
// show the feedback of a mistake (with some parts right).
func answerCardWrong(t *testing.T, ctx context.Context, typ string) {
	t.Helper()
	switch typ {
	case "multiple_choice":
		do(t, ctx, "pick a wrong choice", chromedp.Click(css(".choice:nth-of-type(1) input")), chromedp.Click(css("#check")))
	case "true_false":
		do(t, ctx, "pick false", chromedp.Click(css("input[value=false]")), chromedp.Click(css("#check")))
	case "cloze", "short_answer":
		do(t, ctx, "type a wrong answer", chromedp.SendKeys(css("input[name=response]"), "something else entirely"+kb.Enter))
	case "ordering":
		do(t, ctx, "order by selects",
			chromedp.SetValue(css("ol li:nth-child(1) select"), "founded"),
			chromedp.SetValue(css("ol li:nth-child(2) select"), "withdrew"),
			chromedp.SetValue(css("ol li:nth-child(3) select"), "deployed"),
			chromedp.Click(css("#check")),
		)
	case "matching":
		// First with one right side used twice: the choices stay, the
		// second select is marked.
		do(t, ctx, "match one twice",
			chromedp.SetValue(css(".pair:nth-of-type(1) select"), "condemned"),
			chromedp.SetValue(css(".pair:nth-of-type(2) select"), "condemned"),
			chromedp.SetValue(css(".pair:nth-of-type(3) select"), "evaded"),
			chromedp.Click(css("#check")),
			chromedp.WaitVisible(css(".fault")),
		)
		kept := get(t, ctx, "kept choices", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".pair select")).map(s => s.value + (s.getAttribute("aria-invalid") === "true" ? "!" : ""))`))
		if strings.Join(kept, ",") != "condemned,condemned!,evaded" {
			t.Errorf("after a side used twice the selects hold %v, want the choices kept and the second marked", kept)
		}
		fitsPhone(t, ctx, "quiz-matching-fault")
		do(t, ctx, "match by selects",
			chromedp.SetValue(css(".pair:nth-of-type(2) select"), "supported"),
			chromedp.Click(css("#check")),
		)
	default:
		t.Fatalf("unknown question type %q", typ)
	}
}

// On a touch screen the keyboard hints are hidden; with a mouse they show.
func TestBrowserKeyboardHintsHideOnTouchScreens(t *testing.T) {
	e := newEnv(t, true)
	base := e.serve(t)
	ctx := newBrowser(t)
	do(t, ctx, "sign up",
		chromedp.Navigate(base+"/signup"),
		chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "ada"),
		chromedp.SendKeys(css("#password"), "correct horse"+kb.Enter),
		chromedp.WaitVisible(css(".bank")),
		chromedp.Navigate(base+fmt.Sprintf("/banks/%d/study?mode=flashcard", e.bank.ID)),
		chromedp.WaitVisible(css("#reveal")),
	)
	shownKbd := `Array.from(document.querySelectorAll("kbd")).filter(k => getComputedStyle(k).display !== "none").length`
	if n := get(t, ctx, "hints with a mouse", chromedp.Evaluate[int](shownKbd)); n == 0 {
		t.Error("no keyboard hint shows with a mouse")
	}
	do(t, ctx, "touch screen", phone(true), chromedp.Reload(), chromedp.WaitVisible(css("#reveal")))
	if !get(t, ctx, "touch media", chromedp.Evaluate[bool](`matchMedia("(hover: none)").matches || matchMedia("(pointer: coarse)").matches`)) {
		t.Fatal("the emulated touch screen does not match (hover: none) or (pointer: coarse)")
	}
	if n := get(t, ctx, "hints on touch", chromedp.Evaluate[int](shownKbd)); n != 0 {
		t.Errorf("%d keyboard hints show on a touch screen", n)
	}
	shot(ctx, "touch-flashcard")
}
