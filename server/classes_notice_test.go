package server

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"quizd/storage"
)

// TestClassesNoticesComeFromTheServer: what the classes page says a form
// did is chosen by the server from what happened, so a link cannot put
// words of its own on the page as an official message.
func TestClassesNoticesComeFromTheServer(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	_, body := e.api("POST", "/api/v1/classes", teacher, `{"name":"Period 1"}`)
	code := between(t, body, `"join_code":"`, `"`)
	id := between(t, body, `"id":`, `,`)

	b := e.signedIn("ada")
	if _, page, _ := b.request("GET", "/classes?notice=Your+session+expired.+Sign+in+again+at+evil.example&done=joined&class=999", nil); strings.Contains(page, "evil.example") || strings.Contains(page, `role="status"`) {
		t.Errorf("the page shows a notice the server did not write:\n%.600s", page)
	}
	_, page, _ := b.request("GET", "/classes", nil)
	status, _, h := b.post("/classes/join", page, url.Values{"code": {code}})
	if status != 303 || h.Get("Location") != fmt.Sprintf("/classes?done=joined&class=%s", id) {
		t.Fatalf("join: %d %q", status, h.Get("Location"))
	}
	if _, page, _ := b.request("GET", h.Get("Location"), nil); !strings.Contains(page, "You joined Period 1.") {
		t.Errorf("no notice of the join:\n%.600s", page)
	}
	// A class the student is not in is never named.
	if _, page, _ := b.request("GET", "/classes?done=created&class="+id, nil); strings.Contains(page, "created") {
		t.Errorf("a student is told of a class's creation:\n%.600s", page)
	}
}

func between(t *testing.T, s, from, to string) string {
	t.Helper()
	_, rest, ok := strings.Cut(s, from)
	v, _, ok2 := strings.Cut(rest, to)
	if !ok || !ok2 {
		t.Fatalf("no %q…%q in %s", from, to, s)
	}
	return v
}
