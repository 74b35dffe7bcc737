package server

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"quizd/storage"
)

// shownMessage is the message a page shows: its alert, or the heading of
// an error page.
func shownMessage(t *testing.T, page string) string {
	t.Helper()
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`(?s)role="alert"[^>]*>(.*?)</p>`),
		regexp.MustCompile(`(?s)<main id="main">\s*<section class="narrow">\s*<h1>(.*?)</h1>`),
	} {
		if m := re.FindStringSubmatch(page); m != nil {
			return html.UnescapeString(strings.TrimSpace(m[1]))
		}
	}
	t.Fatalf("the page shows no message:\n%.1500s", page)
	return ""
}

// isSentence reports what is wrong with msg as sentences a person reads:
// each starts with a capital and ends with a stop, and no field's name is
// run into the words after it.
func isSentence(msg string) string {
	if msg == "" {
		return "empty"
	}
	if r := []rune(msg)[0]; !unicode.IsUpper(r) {
		return "does not start with a capital"
	}
	if !strings.HasSuffix(msg, ".") {
		return "does not end with a full stop"
	}
	for _, glued := range []string{"Code no ", "Name give ", "problems nothing", "sign-ins try", " 1 problems", ": is ", "_"} {
		if strings.Contains(msg, glued) {
			return fmt.Sprintf("runs words together (%q)", glued)
		}
	}
	return ""
}

// Every form and page that refuses input says so in whole sentences.
func TestEveryErrorMessageIsASentence(t *testing.T) {
	e := newEnv(t, true)
	e.configure(func(c *Config) { c.SignInPolicy = smallPolicy; c.ExactIntervals = true })
	e.role("teacher", storage.Instructor)
	teacher := e.browser()
	_, page, _ := teacher.request("GET", "/login", nil)
	teacher.post("/login", page, url.Values{"username": {"teacher"}, "password": {"correct horse"}})
	student := e.signedIn("ada")

	post := func(b *browser, from, path string, form url.Values) func() string {
		return func() string {
			_, page, _ := b.request("GET", from, nil)
			_, body, _ := b.post(path, page, form)
			return body
		}
	}
	get := func(b *browser, path string) func() string {
		return func() string { _, body, _ := b.request("GET", path, nil); return body }
	}
	upload := func(name, content string) func() string {
		return func() string {
			_, page, _ := teacher.request("GET", "/upload", nil)
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			mw.WriteField("_csrf", teacher.csrf(page))
			mw.WriteField("title", "Period 1")
			fw, _ := mw.CreateFormFile("file", name)
			fw.Write([]byte(content))
			mw.Close()
			req := httptest.NewRequest("POST", "/upload", &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			for k, v := range teacher.cookies {
				req.Header.Add("Cookie", k+"="+v)
			}
			_, out, _ := e.do(req)
			return out
		}
	}
	limited := func() string {
		b := e.browser()
		var body string
		for range smallPolicy.PerPair + 1 {
			_, page, _ := b.request("GET", "/login", nil)
			_, body, _ = b.post("/login", page, url.Values{"username": {"teacher"}, "password": {"a wrong guess"}})
		}
		return body
	}
	study := fmt.Sprintf("/banks/%d", e.bank.ID)
	tests := []struct {
		name string
		page func() string
		want string
	}{
		{"sign-up with a short password", post(e.browser(), "/signup", "/signup", url.Values{"username": {"bob"}, "password": {"short"}}),
			"Password is too short. Use at least 8 characters."},
		{"sign-up with a taken name", post(e.browser(), "/signup", "/signup", url.Values{"username": {"ada"}, "password": {"correct horse"}}),
			"Username is taken. Choose another."},
		{"sign-up with a bad name", post(e.browser(), "/signup", "/signup", url.Values{"username": {"a"}, "password": {"correct horse"}}),
			"Username must be 3 to 32 characters long."},
		{"sign-in with a wrong password", post(e.browser(), "/login", "/login", url.Values{"username": {"ada"}, "password": {"not it at all"}}),
			"Wrong username or password."},
		{"sign-in too often", limited, "Too many failed sign-ins. Try again in 15 minutes."},
		{"a wrong current password", post(student, "/password", "/password", url.Values{"current": {"not it"}, "new": {"another horse"}}),
			"Current password is wrong."},
		{"a weak new password", post(student, "/password", "/password", url.Values{"current": {"correct horse"}, "new": {"short"}}),
			"New password is too short. Use at least 8 characters."},
		{"a class without a name", post(teacher, "/classes", "/classes", url.Values{"name": {" "}}),
			"Give the class a name of 1 to 200 characters."},
		{"a wrong join code", post(student, "/classes", "/classes/join", url.Values{"code": {"WRONGCOD"}}),
			"No class has this join code. Check it with your instructor."},
		{"an empty join code", post(student, "/classes", "/classes/join", url.Values{"code": {""}}),
			"Give the join code your instructor gave you."},
		{"bad settings", post(student, "/settings", "/settings", url.Values{"desired_retention": {"1.2"}, "new_per_day": {"10"}}),
			"Desired retention must be from 0.70 to 0.99, not 1.2."},
		{"an upload with a problem", upload("bad.gift", "::q1::Bad {~a ~b}\n"),
			"The file has 1 problem. Nothing was imported."},
		{"an upload with two problems", upload("bad.gift", "::q1::Bad {~a ~b}\n\n::q2::Worse {~c ~d}\n"),
			"The file has 2 problems. Nothing was imported."},
		{"a student at the upload page", get(student, "/upload"), "Only instructors may upload question sets."},
		{"an unknown bank", get(student, "/banks/999/study"), "No bank with this id."},
		{"a bad answer id", get(student, study+"/feedback/abc"), `The answer id "abc" is not a positive whole number.`},
		{"an answer to no question", post(student, study+"/study", study+"/answer", url.Values{"question_id": {"nope"}, "response": {"x"}}),
			`No question "nope" in this bank.`},
		{"an ordering left incomplete", post(student, study+"/study", study+"/answer", url.Values{"question_id": {"or"}, "order": {"founded"}}),
			"Expected 3 values, got 1. Answer each part once, then check again."},
	}
	// Running a class (issue 12).
	tid, _, _ := e.store.UserByName(context.Background(), "teacher")
	cl, _ := e.store.CreateClass(context.Background(), tid.ID, "Period 1")
	e.store.SetAssignment(context.Background(), storage.Assignment{ClassID: cl.ID, BankID: e.bank.ID}, e.clock.Now())
	sid, _, _ := e.store.UserByName(context.Background(), "ada")
	e.store.JoinClass(context.Background(), sid.ID, cl.JoinCode)
	classPage := fmt.Sprintf("/classes/%d", cl.ID)
	assignForm := func(field, value string) url.Values {
		f := url.Values{"class_id": {fmt.Sprint(cl.ID)}, "bank_id": {fmt.Sprint(e.bank.ID)}, "back": {"class"}}
		f.Set(field, value)
		return f
	}
	tests = append(tests, []struct {
		name string
		page func() string
		want string
	}{
		{"a class renamed to nothing", post(teacher, classPage, classPage, url.Values{"name": {" "}}), "Give the class a name of 1 to 200 characters."},
		{"a due date that is no date", post(teacher, classPage, "/classes/assign", assignForm("due_at", "soon")),
			`Due date must be a date, not "soon". Write it as YYYY-MM-DD or as an RFC 3339 time like 2026-05-01T17:00:00Z.`},
		{"a target of no questions", post(teacher, classPage, "/classes/assign", assignForm("mastered", "0")),
			`Target must be a number of questions of 1 or more, not "0". Leave it blank to ask for every question.`},
		{"a target past the bank", post(teacher, classPage, "/classes/assign", assignForm("mastered", "99")),
			"Target is 99 questions mastered, more than the bank's 7 questions. Ask for 7 at most."},
		{"a retention out of range", post(teacher, classPage, "/classes/assign", assignForm("desired_retention", "1.5")),
			"Desired retention must be from 0.70 to 0.99, not 1.5."},
		{"new cards that are no number", post(teacher, classPage, "/classes/assign", assignForm("new_per_day", "lots")),
			`New cards must be a whole number, not "lots". Write one like 20, or leave it blank.`},
		{"a lock of nothing", post(teacher, classPage, "/classes/assign", assignForm("locked", "1")),
			"There is nothing to lock. Give new cards a day or desired retention with it."},
		{"a join link with a wrong code", get(student, "/join/WRONGCOD"),
			"No class has this join code. Check it with your instructor."},
		{"a pace that is no number", post(student, "/", fmt.Sprintf("/banks/%d/pace", e.bank.ID), url.Values{"new_per_day": {"many"}}),
			`New cards must be a whole number, not "many". Write one like 20, or leave it blank.`},
	}...)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := shownMessage(t, tc.page())
			if why := isSentence(msg); why != "" {
				t.Errorf("%q %s", msg, why)
			}
			if msg != tc.want {
				t.Errorf("message %q, want %q", msg, tc.want)
			}
		})
	}
}
