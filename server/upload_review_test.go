package server

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"quizd/questions/facts"
	"quizd/questions/importer"
	"quizd/storage"
)

// signedInUploader signs a new instructor in and returns the browser and
// the upload page.
func (e *testEnv) signedInUploader(name string) (*browser, string) {
	e.t.Helper()
	e.role(name, storage.Instructor)
	b := e.browser()
	_, page, _ := b.request("GET", "/login", nil)
	if status, _, _ := b.post("/login", page, url.Values{"username": {name}, "password": {"correct horse"}}); status != 303 {
		e.t.Fatalf("sign in: %d", status)
	}
	_, page, _ = b.request("GET", "/upload", nil)
	return b, page
}

// postUploadPage sends a file to the upload page's form.
func (b *browser) postUploadPage(page, filename string, data []byte, fields map[string]string) (int, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("_csrf", b.csrf(page))
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	w, _ := mw.CreateFormFile("file", filename)
	w.Write(data)
	mw.Close()
	req := httptest.NewRequest("POST", "/upload", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for k, v := range b.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	status, out, _ := b.e.do(req)
	return status, out
}

var tokenRE = regexp.MustCompile(`name="token" value="([^"]+)"`)

// TestUploadReviewFlow walks the review of an article's facts without a
// browser: the review page, a bad correction refused beside its field,
// deleting and adding facts, and the corrected sheet published.
func TestUploadReviewFlow(t *testing.T) {
	e := newEnv(t, true)
	b, page := e.signedInUploader("teacher")
	article, err := os.ReadFile("../questions/extract/testdata/danube.md")
	if err != nil {
		t.Fatal(err)
	}
	status, review := b.postUploadPage(page, "danube.md", article, map[string]string{"public": "on"})
	if status != 200 || !strings.Contains(review, "<h1>Review the facts</h1>") || strings.Contains(review, `action="/upload/publish"`) {
		t.Fatalf("an article leads to the review: %d %.800s", status, review)
	}
	for _, want := range []string{
		`On <mark>March 3, 2019</mark>, <mark>a flood barrier failed near Novi Sad</mark>.`,
		`name="dates.1.event" value="A flood barrier failed near Novi Sad"`,
		`name="membership.members.0.source" value="Its members are Austria, Hungary, Serbia, Romania and Bulgaria."`,
		`value="add:dates"`, `value="delete:reactions.0"`, `name="public" value="on"`, `<h2 id="topic-people">People</h2>`,
	} {
		if !strings.Contains(review, want) {
			t.Errorf("the review lacks %q", want)
		}
	}
	// A CSV goes straight to the preview, as before.
	if _, out := b.postUploadPage(page, "set.csv", []byte(csvV1), nil); !strings.Contains(out, `action="/upload/publish"`) {
		t.Errorf("a CSV upload is reviewed: %.300s", out)
	}

	sheet, err := importer.ExtractArticle(article, importer.Options{Filename: "danube.md"})
	if err != nil {
		t.Fatal(err)
	}
	form, _ := facts.NewForm(sheet)
	values := url.Values{"filename": {"danube.md"}, "public": {"on"}}
	for k, v := range form.Values() {
		values.Set(k, v)
	}
	send := func(action string, change map[string]string) (int, string) {
		t.Helper()
		v := url.Values{}
		for k, x := range values {
			v[k] = x
		}
		for k, x := range change {
			v.Set(k, x)
		}
		v.Set("action", action)
		status, out, _ := b.post("/upload/review", review, v)
		return status, out
	}

	status, out := send("check", map[string]string{"dates.4.date": "2020-13", "dates.4.event": "A new flood warning system went live"})
	if status != 422 || !strings.Contains(out, `id="f-dates-4-date-error">Date &#34;2020-13&#34;: month 13 is out of range 1-12.</p>`) ||
		!strings.Contains(out, `value="A new flood warning system went live"`) || !strings.Contains(out, `href="#f-dates-4-date"`) {
		t.Errorf("a bad date: %d %.3000s", status, out)
	}
	// A junk fact: a reaction the article does not state (the fixture's
	// sheet has none by Romania).
	junk := ""
	for k, v := range values {
		if strings.HasPrefix(k, "reactions.") && strings.HasSuffix(k, ".who") && v[0] == "Romania" {
			junk = strings.TrimSuffix(k, ".who")
		}
	}
	if junk == "" {
		t.Fatalf("no reaction by Romania on the form: %v", values)
	}
	n, _ := strconv.Atoi(strings.TrimPrefix(junk, "reactions."))
	status, out = send("delete:"+junk, nil)
	if status != 200 || strings.Contains(out, `value="Romania"`) && strings.Contains(out, fmt.Sprintf(`name=%q value="Romania"`, junk+".who")) || !strings.Contains(out, fmt.Sprintf("Reaction %d was deleted.", n+1)) {
		t.Errorf("delete: %d %.500s", status, out)
	}
	status, out = send("add:people", nil)
	if added := regexp.MustCompile(`<input id="f-people-2-name" name="people.2.name" value=""[^>]*>`).FindString(out); status != 200 || !strings.Contains(added, "autofocus") {
		t.Errorf("add: %d, the new person's name field %q", status, added)
	}
	status, out = send("delete:nowhere.3", nil)
	if status != 422 || !strings.Contains(out, "That fact is not on the form any more") {
		t.Errorf("delete of no fact: %d", status)
	}

	// The corrected form, less the junk reaction: the preview, then
	// publishing.
	for k := range values {
		if strings.HasPrefix(k, junk+".") {
			delete(values, k)
		}
	}
	status, out = send("check", map[string]string{"dates.4.event": "A new flood warning system went live"})
	m := tokenRE.FindStringSubmatch(out)
	if status != 200 || m == nil || !strings.Contains(out, "(facts)") {
		t.Fatalf("check: %d %.1500s", status, out)
	}
	status, out, _ = b.post("/upload/publish", out, url.Values{"token": {m[1]}})
	if status != 200 || !strings.Contains(out, "Published") {
		t.Fatalf("publish: %d %.500s", status, out)
	}
	bank, err := e.store.BankBySlug(context.Background(), sheet.Slug)
	if err != nil {
		t.Fatal(err)
	}
	qs, err := e.store.BankQuestions(context.Background(), bank.ID)
	if err != nil {
		t.Fatal(err)
	}
	corrected, junkAsked := false, false
	for _, q := range qs {
		corrected = corrected || strings.Contains(q.Prompt, "A new flood warning system went live")
		junkAsked = junkAsked || strings.Contains(q.Prompt+" "+q.Answer, "the DWA needed a larger budget")
	}
	if !corrected || junkAsked || !bank.Public {
		t.Errorf("published bank: corrected %v, deleted fact asked %v, public %v", corrected, junkAsked, bank.Public)
	}
}

// TestUploadReviewRefuses checks the review form's bounds: a student may
// not send it, and a form of too many fields is refused before it is read.
func TestUploadReviewRefuses(t *testing.T) {
	e := newEnv(t, true)
	student := e.browser()
	e.user("ada")
	_, page, _ := student.request("GET", "/login", nil)
	student.post("/login", page, url.Values{"username": {"ada"}, "password": {"correct horse"}})
	_, home, _ := student.request("GET", "/", nil)
	if status, _, _ := student.post("/upload/review", home, url.Values{"title": {"T"}, "dates.0.event": {"E"}, "dates.0.date": {"2020"}}); status != 403 {
		t.Errorf("a student's review form: %d, want 403", status)
	}
	b, page := e.signedInUploader("teacher")
	big := url.Values{}
	for i := range maxReviewFields + 1 {
		big.Set("dates."+strings.Repeat("1", 1)+"."+string(rune('a'+i%26))+strings.Repeat("x", i/26), "x")
	}
	if status, out, _ := b.post("/upload/review", page, big); status != 413 || !strings.Contains(out, "at most 1000 facts") {
		t.Errorf("a form of too many fields: %d %.300s", status, out)
	}
	huge := url.Values{"title": {strings.Repeat("x", reviewBodyLimit)}}
	if status, _, _ := b.post("/upload/review", page, huge); status != 413 {
		t.Errorf("a form over %d bytes: %d, want 413", reviewBodyLimit, status)
	}
	// Within the limits, a field too long is refused beside the field, the
	// form kept.
	long := url.Values{"title": {"T"}, "dates.0.event": {strings.Repeat("e", facts.MaxFieldLen+1)}, "dates.0.date": {"2020"}}
	if status, out, _ := b.post("/upload/review", page, long); status != 422 || !strings.Contains(out, "Event is 501 characters long: shorten it to at most 500.") {
		t.Errorf("a field too long: %d %.300s", status, out)
	}
}
