package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"quizd/storage"
)

var (
	itemRowRe    = regexp.MustCompile(`<td class="prompt-cell"><a href="[^"]*">Question (\d+):`)
	attemptsRe   = regexp.MustCompile(`<td class="prompt-cell">.*?</td><td>\d+</td><td>(\d+)</td>`)
	pageLinkRe   = regexp.MustCompile(`<nav class="pages[^>]*>.*?</nav>`)
	pageHrefRe   = regexp.MustCompile(`href="([^"]*)"`)
	downloadsRe  = regexp.MustCompile(`(?s)<p class="actions no-print" id="downloads">.*?</p>`)
	studentRowRe = regexp.MustCompile(`<th scope="row"><a href="([^"]*)">(bench\d+)</a></th>`)
)

// itemNumbers are the question numbers of the item table's rows, in order.
func itemNumbers(page string) []int {
	var out []int
	for _, m := range itemRowRe.FindAllStringSubmatch(page, -1) {
		n, _ := strconv.Atoi(m[1])
		out = append(out, n)
	}
	return out
}

func TestClassReportItemPages(t *testing.T) {
	w := newReportWorld(t, 6, 120)
	get := func(extra string) (int, string) {
		t.Helper()
		status, body, _ := w.teacher.request("GET", w.url(extra), nil)
		return status, body
	}
	status, page := get("")
	if status != 200 {
		t.Fatalf("report: %d %.300s", status, page)
	}
	if got := itemNumbers(page); len(got) != 50 || got[0] != 1 || got[49] != 50 {
		t.Fatalf("page 1 lists %v, want questions 1 to 50", got)
	}
	if !strings.Contains(page, "120 questions; page 1 of 3, 50 on this page.") {
		t.Errorf("page 1 does not say where it is: %s", regexp.MustCompile(`<p class="muted" id="items-count">[^<]*`).FindString(page))
	}
	// Three page links, each keeping the other parameters.
	_, sorted := get("&q=topic+1&sort=attempts&desc=1")
	nav := pageLinkRe.FindString(sorted)
	if nav != "" {
		t.Errorf("20 questions of topic 1 fit one page, yet there are page links: %s", nav)
	}
	nav = pageLinkRe.FindString(page)
	links := pageHrefRe.FindAllStringSubmatch(nav, -1)
	if len(links) != 3 || !strings.Contains(nav, `aria-current="page">1<`) {
		t.Fatalf("page links %q", nav)
	}
	_, all := get("&all=1&sort=question")
	links = pageHrefRe.FindAllStringSubmatch(pageLinkRe.FindString(all), -1)
	u, err := url.Parse(html.UnescapeString(links[2][1]))
	if err != nil || u.Query().Get("page") != "3" || u.Query().Get("all") != "1" || u.Query().Get("sort") != "question" ||
		u.Query().Get("class") != fmt.Sprint(w.class.ID) || u.Query().Get("bank") != fmt.Sprint(w.bankID) {
		t.Errorf("the third page's link %q does not keep the parameters", links[2][1])
	}
	_, last := get("&page=3")
	if got := itemNumbers(last); len(got) != 20 || got[0] != 101 || got[19] != 120 {
		t.Errorf("page 3 lists %v, want questions 101 to 120", got)
	}
	// The filter: topic, prompt or id, on every page.
	_, topic := get("&q=TOPIC+1")
	if got := itemNumbers(topic); len(got) != 20 || got[0] != 1 || got[1] != 7 {
		t.Errorf("q=TOPIC 1 lists %v, want the 20 questions of topic 1 (1, 7, …)", got)
	}
	_, one := get("&q=q077")
	if got := itemNumbers(one); len(got) != 1 || got[0] != 77 || !strings.Contains(one, `value="q077"`) {
		t.Errorf("q=q077 lists %v", got)
	}
	_, none := get("&q=zebra")
	if !strings.Contains(none, "No question matches “zebra”.") {
		t.Error("a filter matching nothing does not say so")
	}
	// Sorting: by attempts, descending, over every page.
	_, desc := get("&sort=attempts&desc=1")
	counts := attemptsRe.FindAllStringSubmatch(desc, -1)
	if len(counts) != 50 {
		t.Fatalf("%d attempt cells", len(counts))
	}
	first, _ := strconv.Atoi(counts[0][1])
	lastN, _ := strconv.Atoi(counts[49][1])
	if first < lastN || !strings.Contains(desc, `aria-sort="descending"><a href="/reports/class?bank=`) {
		t.Errorf("attempts descending: %d first, %d last", first, lastN)
	}
	_, byQuestion := get("&sort=question&desc=1")
	// As text: "Question 9:" comes after "Question 99:".
	if got := itemNumbers(byQuestion); got[0] != 9 || got[1] != 99 {
		t.Errorf("questions by prompt, descending, start with %v, want 9, 99", got[:2])
	}
	// Bad parameters: 400, naming the parameter, whatever else is right.
	for _, tc := range []struct{ extra, field string }{
		{"&page=0", "page"}, {"&page=two", "page"}, {"&page=4", "page"}, {"&page=-1", "page"},
		{"&sort=prompt", "sort"}, {"&desc=yes", "desc"}, {"&all=true", "all"},
		{"&q=" + strings.Repeat("x", 201), "q"},
	} {
		status, body := get(tc.extra)
		if status != 400 || !strings.Contains(body, "The "+tc.field+" parameter") {
			t.Errorf("%s: %d, want 400 naming %s: %.200s", tc.extra, status, tc.field, messageOf(body))
		}
	}
	if status, body := get("&q=" + strings.Repeat("é", 200)); status != 200 {
		t.Errorf("a filter of 200 characters: %d %.200s", status, messageOf(body))
	}
}

// messageOf is the main part of a page, for an error message.
func messageOf(page string) string {
	if i := strings.Index(page, "<main"); i >= 0 {
		return page[i:]
	}
	return page
}

func TestClassReportStudentsLinkToTheirOwnReport(t *testing.T) {
	w := newReportWorld(t, 3, 10)
	_, page, _ := w.teacher.request("GET", w.url(""), nil)
	rows := studentRowRe.FindAllStringSubmatch(page, -1)
	if len(rows) != 3 {
		t.Fatalf("%d student rows", len(rows))
	}
	link := html.UnescapeString(rows[1][1])
	status, own, _ := w.teacher.request("GET", link, nil)
	if status != 200 || !strings.Contains(own, "· "+rows[1][2]+"</h1>") || !strings.Contains(own, "the report of one student") {
		t.Fatalf("%s: %d %.300s", link, status, messageOf(own))
	}
	if got := studentRowRe.FindAllStringSubmatch(own, -1); len(got) != 1 || got[0][2] != rows[1][2] {
		t.Errorf("the student's report lists %v", got)
	}
	// Its downloads are that student's.
	if !strings.Contains(downloadsRe.FindString(own), "student=") {
		t.Error("the student's downloads are the class's")
	}
	// Another instructor: refused the student's report as the class's.
	w.e.role("other", storage.Instructor)
	if status, _, _ := w.e.browserOf(t, "other").request("GET", link, nil); status != 403 {
		t.Errorf("another instructor opened a student's report: %d, want 403", status)
	}
	// A student not in the class: refused.
	w.e.user("outsider")
	u := mustUserByName(t, w.e, "outsider")
	if status, _, _ := w.teacher.request("GET", w.url(fmt.Sprintf("&student=%d", u.ID)), nil); status != 403 {
		t.Errorf("the report of a student of no class of the teacher: %d, want 403", status)
	}
}

func TestClassReportOnTrack(t *testing.T) {
	r := newReportEnv(t)
	b := r.browserOf(t, "teacher")
	report := fmt.Sprintf("/reports/class?class=%d&bank=%d", r.class, r.bank.ID)
	_, page, _ := b.request("GET", report, nil)
	if !strings.Contains(page, "Assigned: see every question, with no due date. Complete: <strong>0</strong> · not yet: <strong>2</strong>.") {
		t.Errorf("no due date: %s", regexp.MustCompile(`<p class="on-track"[^\n]*`).FindString(page))
	}
	// Due in 7 days; 2 days on, 2 of the 7 questions should be seen: Ada
	// (2) is on track, Bob (1) behind.
	if status, body := r.api("POST", fmt.Sprintf("/api/v1/classes/%d/banks", r.class), r.teacher, fmt.Sprintf(`{"bank_id":%d,"due_at":"2026-03-09T10:00:00Z"}`, r.bank.ID)); status != 200 {
		t.Fatalf("assign: %d %s", status, body)
	}
	r.clock.Add(48 * time.Hour)
	_, page, _ = b.request("GET", report, nil)
	want := "Assigned: see every question, due Monday 9 March 2026, 10:00 UTC. On track: <strong>1</strong> · behind: <strong>1</strong> · complete: <strong>0</strong>."
	if !strings.Contains(page, want) {
		t.Errorf("on track: %s, want %s", regexp.MustCompile(`<p class="on-track"[^\n]*`).FindString(page), want)
	}
	// Past the due date: both overdue.
	r.clock.Add(6 * 24 * time.Hour)
	_, page, _ = b.request("GET", report, nil)
	if !strings.Contains(page, "On track: <strong>0</strong> · behind: <strong>0</strong> · overdue: <strong>2</strong>") {
		t.Errorf("overdue: %s", regexp.MustCompile(`<p class="on-track"[^\n]*`).FindString(page))
	}
}

// Every view the page offers downloads in every format, each what it says
// it is, with times in RFC 3339 UTC.
func TestClassReportDownloads(t *testing.T) {
	r := newReportEnv(t)
	b := r.browserOf(t, "teacher")
	_, page, _ := b.request("GET", fmt.Sprintf("/reports/class?class=%d&bank=%d", r.class, r.bank.ID), nil)
	links := pageHrefRe.FindAllStringSubmatch(downloadsRe.FindString(page), -1)
	seen := map[string]bool{}
	for _, l := range links {
		href := html.UnescapeString(l[1])
		u, _ := url.Parse(href)
		view, format := strings.TrimPrefix(u.Path, "/reports/"), u.Query().Get("format")
		seen[view+"/"+format] = true
		status, body, h := b.request("GET", href, nil)
		if status != 200 {
			t.Errorf("%s: %d", href, status)
			continue
		}
		switch format {
		case "csv":
			if !strings.HasPrefix(h.Get("Content-Type"), "text/csv") {
				t.Errorf("%s: %s", href, h.Get("Content-Type"))
			}
		case "json":
			var doc struct {
				Columns []string         `json:"columns"`
				Rows    []map[string]any `json:"rows"`
			}
			if err := json.Unmarshal([]byte(body), &doc); err != nil || len(doc.Rows) == 0 {
				t.Errorf("%s: %v %.200s", href, err, body)
			}
		case "xlsx":
			f, err := excelize.OpenReader(bytes.NewReader([]byte(body)))
			if err != nil {
				t.Errorf("%s: %v", href, err)
				continue
			}
			f.Close()
		}
		if view == "progress" && format != "xlsx" && !strings.Contains(body, "2026-03-02T10:00:00Z") {
			t.Errorf("%s: no RFC 3339 UTC time: %.300s", href, body)
		}
		if view == "summary" && format != "xlsx" && !regexp.MustCompile(`2026-03-02T10:00:\d\dZ`).MatchString(body) {
			t.Errorf("%s: no RFC 3339 UTC last_active: %.300s", href, body)
		}
	}
	for _, view := range []string{"summary", "progress", "items"} {
		for _, format := range []string{"csv", "xlsx", "json"} {
			if !seen[view+"/"+format] {
				t.Errorf("the page offers no %s %s", view, format)
			}
		}
	}
}
