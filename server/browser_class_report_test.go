package server

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The class report in a browser: the students' table sorts by any column
// (numbers as numbers) and filters as one types; the item table, of
// several pages, sorts and filters on the server; the page fits a phone
// and prints without its navigation and forms.
func TestBrowserClassReportSortFilterPrint(t *testing.T) {
	w := newReportWorld(t, 30, 80)
	base := w.e.serve(t)
	ctx := newBrowserFor(t, 3*time.Minute)
	signInInBrowser(t, ctx, base, "teacher")
	do(t, ctx, "open the report", chromedp.Navigate(base+w.url("")), chromedp.WaitVisible(css("#students")))
	column := func(n int) []string {
		t.Helper()
		return get(t, ctx, "column", chromedp.Evaluate[[]string](fmt.Sprintf(
			`Array.from(document.querySelectorAll("#students tbody tr:not([hidden])")).map(r => r.cells[%d].textContent.trim())`, n)))
	}
	sortNumbers := func(n int) []float64 {
		t.Helper()
		return get(t, ctx, "sort keys", chromedp.Evaluate[[]float64](fmt.Sprintf(
			`Array.from(document.querySelectorAll("#students tbody tr")).map(r => { const c = r.cells[%d]; return c.dataset.sort !== undefined ? +c.dataset.sort : parseFloat(c.textContent) })`, n)))
	}
	// Every heading of both tables sorts: the students' by a button, the
	// items' (two pages) by a link.
	if n := get(t, ctx, "student sort buttons", chromedp.Evaluate[int](`document.querySelectorAll("#students thead th button.sort").length`)); n != get(t, ctx, "student headings", chromedp.Evaluate[int](`document.querySelectorAll("#students thead th").length`)) {
		t.Errorf("%d of the students' headings sort", n)
	}
	if n := get(t, ctx, "item sort links", chromedp.Evaluate[int](`document.querySelectorAll("#items thead th a[href*='sort=']").length`)); n != 9 {
		t.Errorf("%d of the 9 item headings sort", n)
	}
	// Seen, by keyboard, then Time (seconds, not text), descending.
	do(t, ctx, "sort by seen", chromedp.Focus(css("#students thead th:nth-child(2) button")), chromedp.KeyEvent(kb.Enter))
	do(t, ctx, "sort by time", chromedp.Focus(css("#students thead th:nth-child(7) button")), chromedp.KeyEvent(kb.Enter), chromedp.KeyEvent(kb.Enter))
	if s := attr(t, ctx, "#students thead th:nth-child(7)", "aria-sort"); s != "descending" {
		t.Errorf("time is sorted %q after two presses", s)
	}
	times := sortNumbers(6)
	if !slices.IsSortedFunc(times, func(a, b float64) int { return int(b - a) }) || times[0] == times[len(times)-1] {
		t.Errorf("time descending reads %v", times)
	}
	do(t, ctx, "sort by name", chromedp.Click(css("#students thead th:nth-child(1) button")))
	if names := column(0); !slices.IsSorted(names) || names[0] != "bench000000" {
		t.Errorf("names ascending read %v", names)
	}
	// The filter box: shown by the script, filtering as one types.
	do(t, ctx, "filter the students", chromedp.WaitVisible(css("#students-filter")), chromedp.SendKeys(css("#students-filter"), "00002"))
	if names := column(0); len(names) != 11 || names[0] != "bench000002" || names[1] != "bench000020" {
		t.Errorf("filtered by 00002: %v", names)
	}
	if s := get(t, ctx, "filter count", chromedp.Text(css(".filter-count"))); s != "11 of 30 shown." {
		t.Errorf("the filter says %q", s)
	}
	shotBoth(t, ctx, "class-report-filtered")
	do(t, ctx, "laptop size", chromedp.EmulateViewport(1280, 800))
	// A student's name opens their report.
	do(t, ctx, "open a student", chromedp.Click(css(`#students tbody tr:not([hidden]) th a`)), chromedp.WaitVisible(css("#students")))
	if h := get(t, ctx, "heading", chromedp.Text(css("h1"))); !strings.HasSuffix(h, "· bench000002") {
		t.Errorf("the student's report is headed %q", h)
	}
	do(t, ctx, "back to the class", chromedp.Navigate(base+w.url("")), chromedp.WaitVisible(css("#items")))

	// The item table: sorted by attempts on the server, then filtered.
	do(t, ctx, "sort items by attempts", chromedp.Click(css(`#items thead th:nth-child(4) a`)), chromedp.WaitVisible(css(`#items thead th[aria-sort="ascending"]:nth-child(4)`)))
	sorted := pageID(t, ctx)
	do(t, ctx, "filter the items", chromedp.SendKeys(css("#items-filter"), "topic 2"+kb.Enter))
	waitNewPage(t, ctx, sorted)
	do(t, ctx, "the filtered items", chromedp.WaitVisible(css("#items-count")))
	loc := get(t, ctx, "address", chromedp.Location())
	if !strings.Contains(loc, "q=topic+2") || !strings.Contains(loc, "sort=attempts") {
		t.Errorf("the filter went to %s, losing the sort", loc)
	}
	if s := get(t, ctx, "item count", chromedp.Text(css("#items-count"))); !strings.HasPrefix(s, "14 questions match") {
		t.Errorf("the item count says %q", s)
	}
	fitsPhone(t, ctx, "class-report")
	do(t, ctx, "back to page 1", chromedp.Navigate(base+w.url("")), chromedp.WaitVisible(css("nav.pages")))
	shotBoth(t, ctx, "class-report")

	// Printing: no navigation, forms, filters or page links; tables whole.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "laptop size", chromedp.EmulateViewport(1280, 800))
	hidden := get(t, ctx, "printed", chromedp.Evaluate[[]string](`["header.top", "#downloads", "form.filter", "nav.pages", "#items-toggle", ".filter"].filter(s => {
		const e = document.querySelector(s); return e && getComputedStyle(e).display !== "none" && e.offsetParent !== null })`))
	if len(hidden) > 0 {
		t.Errorf("printed, these show: %v", hidden)
	}
	widths := get(t, ctx, "printed widths", chromedp.Evaluate[[]float64](`[document.querySelector("#students").getBoundingClientRect().right, document.querySelector("#items").getBoundingClientRect().right, document.querySelector("main").getBoundingClientRect().right]`))
	if widths[0] > widths[2]+1 || widths[1] > widths[2]+1 {
		t.Errorf("printed, a table is wider than the page: %v", widths)
	}
	shot(ctx, "class-report-print")
}
