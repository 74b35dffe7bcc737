package server

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"strings"
	"testing"
)

// signedInAs signs an existing user in, as a browser does.
func (e *testEnv) signedInAs(t *testing.T, name string) *browser {
	t.Helper()
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	if status, _, _ := b.post("/login", page, url.Values{"username": {name}, "password": {"correct horse"}}); status != 303 {
		t.Fatalf("sign in %s: %d", name, status)
	}
	return b
}

// editorForm is the editor's form of a question as the page fills it.
func editorForm(version int) url.Values {
	return url.Values{"version": {fmt.Sprint(version)}, "type": {"short_answer"}, "topic": {"dates"},
		"prompt": {"When were the peacekeepers deployed?"}, "answer": {"7 January 2022"}, "accept": {"7 Jan 2022\n\n 2022-01-07 "}}
}

func TestEditorPages(t *testing.T) {
	w := newEditorWorld(t)
	b := w.e.signedInAs(t, "teacher")
	editor := fmt.Sprintf("/banks/%d/questions/sa", w.mine)

	status, page, _ := b.request("GET", fmt.Sprintf("/banks/%d/questions?q=peacekeepers", w.mine), nil)
	if status != 200 || !strings.Contains(page, `href="`+editor+`"`) || strings.Contains(page, "/questions/mc") {
		t.Fatalf("the browser's search: %d\n%.1500s", status, page)
	}
	status, page, _ = b.request("GET", editor, nil)
	if status != 200 || !strings.Contains(page, `name="version" value="1"`) || !strings.Contains(page, "When were the peacekeepers deployed?") {
		t.Fatalf("the editor: %d\n%.1500s", status, page)
	}

	// A save with a problem: shown by its field, what was typed kept,
	// nothing saved.
	bad := editorForm(1)
	bad.Set("answer", "")
	bad.Set("explanation", "Typed <b>before</b> the error")
	status, out, _ := b.post(editor, page, bad)
	if status != 422 || !strings.Contains(out, `id="answer-error"`) || !strings.Contains(out, "This is empty: fill it in.") ||
		!strings.Contains(out, html.EscapeString("Typed <b>before</b> the error")) || !strings.Contains(out, `aria-invalid="true" aria-describedby="answer-error"`) {
		t.Errorf("a save with an empty answer: %d\n%.3000s", status, out)
	}

	// A good save: a new version, and its notice; the lists by line.
	status, _, h := b.post(editor, page, editorForm(1))
	if status != 303 || h.Get("Location") != editor+"?done=saved" {
		t.Fatalf("save: %d %s", status, h.Get("Location"))
	}
	q, _ := w.e.store.StoredQuestionOf(context.Background(), w.mine, "sa")
	if q.Version != 2 || strings.Join(q.Accept, "|") != "7 Jan 2022|2022-01-07" {
		t.Errorf("after the save: version %d, accept %q", q.Version, q.Accept)
	}
	_, page, _ = b.request("GET", editor+"?done=saved", nil)
	if !strings.Contains(page, "Saved: this is version 2.") || !strings.Contains(page, "Version 2</strong> · edited by teacher") {
		t.Errorf("the editor after saving:\n%.3000s", page)
	}

	// The same form again changes nothing.
	if status, _, h := b.post(editor, page, editorForm(2)); status != 303 || h.Get("Location") != editor+"?done=unchanged" {
		t.Errorf("saving the same again: %d %s", status, h.Get("Location"))
	}

	// A second tab still at version 1: refused, with their version shown
	// and the tab's change carried over to it.
	stale := editorForm(1)
	stale.Set("accept", "")
	stale.Set("explanation", "From the second tab.")
	status, out, _ = b.post(editor, page, stale)
	if status != 409 || !strings.Contains(out, "Someone saved this question since you opened it") || !strings.Contains(out, `name="version" value="2"`) ||
		!strings.Contains(out, "From the second tab.") || !strings.Contains(out, "7 Jan 2022") {
		t.Errorf("a stale save: %d\n%.4000s", status, out)
	}
	if q, _ := w.e.store.StoredQuestionOf(context.Background(), w.mine, "sa"); q.Version != 2 {
		t.Errorf("the stale save changed the question: version %d", q.Version)
	}

	// Restore version 1 from the history, then retire and restore.
	status, _, h = b.post(editor+"/versions/1/restore", page, url.Values{"version": {"2"}})
	if status != 303 || h.Get("Location") != editor+"?done=reverted" {
		t.Fatalf("restore version 1: %d %s", status, h.Get("Location"))
	}
	if q, _ := w.e.store.StoredQuestionOf(context.Background(), w.mine, "sa"); q.Version != 3 || len(q.Accept) != 0 {
		t.Errorf("after restoring version 1: %+v", q)
	}
	status, out, _ = b.post(editor+"/versions/1/restore", page, url.Values{"version": {"2"}})
	if status != 409 || !strings.Contains(out, "version 3 now") {
		t.Errorf("a stale restore: %d\n%.2000s", status, out)
	}
	for _, tc := range []struct{ action, notice string }{{"retire", "Retired: students no longer get this question."}, {"restore", "Restored: students get this question again"}} {
		status, _, h = b.post(editor+"/"+tc.action, page, url.Values{})
		if status != 303 {
			t.Fatalf("%s: %d", tc.action, status)
		}
		_, out, _ = b.request("GET", h.Get("Location"), nil)
		if !strings.Contains(out, tc.notice) {
			t.Errorf("after %s the page lacks %q", tc.action, tc.notice)
		}
	}

	// A new multiple-choice question from the form: the ticked choices
	// are the right ones, empty rows dropped.
	newPage := fmt.Sprintf("/banks/%d/questions/new?type=multiple_choice", w.mine)
	status, page, _ = b.request("GET", newPage, nil)
	if status != 200 || !strings.Contains(page, `<option value="multiple_choice" selected>`) {
		t.Fatalf("the new question page: %d", status)
	}
	form := url.Values{"type": {"multiple_choice"}, "topic": {"membership"}, "prompt": {"Which two?"}, "choice": {"A", "", "B", "C"}, "right": {"0", "2"}}
	status, _, h = b.post(fmt.Sprintf("/banks/%d/questions", w.mine), page, form)
	if status != 303 || !strings.HasSuffix(h.Get("Location"), "?done=created") {
		t.Fatalf("create: %d %s", status, h.Get("Location"))
	}
	qid, _ := url.PathUnescape(strings.TrimSuffix(strings.TrimPrefix(h.Get("Location"), fmt.Sprintf("/banks/%d/questions/", w.mine)), "?done=created"))
	created, err := w.e.store.StoredQuestionOf(context.Background(), w.mine, qid)
	if err != nil || strings.Join(created.Choices, "|") != "A|B|C" || strings.Join(created.Answers, "|") != "A|B" {
		t.Errorf("the question created: %+v %v", created, err)
	}
	form.Del("right")
	status, out, _ = b.post(fmt.Sprintf("/banks/%d/questions", w.mine), page, form)
	if status != 422 || !strings.Contains(out, `id="choices-error"`) || !strings.Contains(out, "Mark the right choice") || strings.Count(out, `name="choice"`) != 6 {
		t.Errorf("no right choice: %d, %d choice rows\n%.3000s", status, strings.Count(out, `name="choice"`), out)
	}

	// Students are refused; the bank's owner finds the browser from the
	// classes page.
	ada := w.e.signedInAs(t, "ada")
	if status, _, _ := ada.request("GET", editor, nil); status != 403 {
		t.Errorf("a student opens the editor: %d, want 403", status)
	}
	if _, page, _ := b.request("GET", "/classes", nil); !strings.Contains(page, fmt.Sprintf(`href="/banks/%d/questions"`, w.mine)) {
		t.Error("the classes page has no link to the bank's questions")
	}
	if status, _, _ := b.request("GET", fmt.Sprintf("/banks/%d/questions?sort=prompt", w.mine), nil); status != 400 {
		t.Errorf("a sort the browser does not know: %d, want 400", status)
	}
}
