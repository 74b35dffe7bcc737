package server

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"quizd/storage"
	"quizd/storage/testdb"
)

func csvOfQuestions(n int) []byte {
	var b strings.Builder
	b.WriteString("prompt,answer\n")
	for i := range n {
		fmt.Fprintf(&b, "Question %d?,Answer %d\n", i, i)
	}
	return []byte(b.String())
}

func TestUploadQuestionCap(t *testing.T) {
	e := newEnvWith(t, true, func(c *Config) { c.MaxQuestions = 5 })
	teacher := e.role("teacher", storage.Instructor)
	before := e.bankCount()
	for _, dry := range []string{"false", "true"} {
		status, body := e.uploadFile(teacher, "six.csv", csvOfQuestions(6), map[string]string{"dry_run": dry})
		msg, _ := body["error"].(string)
		if status != 413 || !strings.Contains(msg, "the file has 6 questions") || !strings.Contains(msg, "at most 5") ||
			!strings.Contains(msg, "split it into files") {
			t.Errorf("dry_run=%s: %d %v, want 413 saying the limit and how to split the file", dry, status, body)
		}
	}
	if n := e.bankCount(); n != before {
		t.Errorf("%d banks after refused uploads, want %d", n, before)
	}
	status, body := e.uploadFile(teacher, "five.csv", csvOfQuestions(5), nil)
	if status != 201 {
		t.Fatalf("five questions: %d %v, want 201", status, body)
	}
	// Updating the bank is held to the same cap.
	id := bankIDOf(t, body)
	if status, body := e.replaceFile(teacher, id, "six.csv", csvOfQuestions(6), nil); status != 413 || !strings.Contains(fmt.Sprint(body["error"]), "at most 5") {
		t.Errorf("an update of six questions: %d %v, want 413", status, body)
	}
	if b, _ := e.store.BankByID(t.Context(), uint(id)); b == nil || b.QuestionCount != 5 {
		t.Errorf("the refused update changed the bank: %+v", b)
	}
}

// postUpload sends an upload from any goroutine: it reports instead of
// failing the test.
func postUpload(e *testEnv, token, name string, data []byte) (int, string, http.Header, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	w, _ := mw.CreateFormFile("file", name)
	w.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", "/api/v1/banks", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := e.app.Test(req, 60000)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out), resp.Header, nil
}

func TestUploadsPastTheImportSlotsAreRefused(t *testing.T) {
	e := newEnvWith(t, true, func(c *Config) { c.Imports = 1 })
	teacher := e.role("teacher", storage.Instructor)
	// Another process holds the write lock: the upload that takes the one
	// slot waits for it, holding the slot, until the other is answered.
	unlock := testdb.LockWrites(t, e.path)
	type answer struct {
		status int
		body   string
		header http.Header
		err    error
	}
	answers := make(chan answer, 2)
	for i := range 2 {
		go func() {
			s, b, h, err := postUpload(e, teacher, fmt.Sprintf("bank-%d.csv", i), csvOfQuestions(3))
			answers <- answer{s, b, h, err}
		}()
	}
	first := <-answers
	unlock()
	second := <-answers
	if first.err != nil || second.err != nil {
		t.Fatal(first.err, second.err)
	}
	if first.status != 503 || first.header.Get("Retry-After") == "" || !strings.Contains(first.body, "try again in") {
		t.Errorf("the upload past the slot: %d %s (Retry-After %q), want 503 with Retry-After", first.status, first.body, first.header.Get("Retry-After"))
	}
	if second.status != 201 {
		t.Errorf("the upload in the slot: %d %s, want 201", second.status, second.body)
	}
	// The slot is free again.
	if s, b, _, err := postUpload(e, teacher, "later.csv", csvOfQuestions(3)); err != nil || s != 201 {
		t.Errorf("a later upload: %d %s %v, want 201", s, b, err)
	}
}
