package server

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"quizd/questions"
	"quizd/storage"
)

// The instructor updates a bank from the upload page: the preview lists
// each near match as "changed: old → new", one is rejected with its box,
// and publishing keeps the student's progress on the other.
func TestBrowserUploadUpdatesABank(t *testing.T) {
	e := newEnv(t, true)
	teacher := e.role("teacher", storage.Instructor)
	ada := e.user("ada")
	v1 := "question,answer\nWhich member froze its particpation?,Armenia\nWho leeds the CSTO?,Russia\nWhen was the CSTO founded?,1992\nWhere is its seat?,Moscow\n"
	v2 := "question,answer\nWhich member froze its participation?,Armenia\nWho leads the CSTO?,Russia\nWhen was the CSTO founded?,1992\nHow many members has it?,6\n"
	status, out := e.uploadFile(teacher, "week1.csv", []byte(v1), map[string]string{"public": "true"})
	if status != 201 {
		t.Fatalf("%d %v", status, out)
	}
	id := bankIDOf(t, out)
	e.answerAll(ada, id, 4)
	before, _ := e.store.BankExport(context.Background(), uint(id))
	froze, leads := before.Questions[0].ID, before.Questions[1].ID

	base := e.serve(t)
	ctx := newBrowser(t)
	signInInBrowser(t, ctx, base, "teacher")
	file := filepath.Join(t.TempDir(), "week1 fixed.csv")
	if err := os.WriteFile(file, []byte(v2), 0o644); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "open the upload page", chromedp.Navigate(base+"/upload"), chromedp.WaitVisible(css("#into")))
	if opts := get(t, ctx, "choices", chromedp.Text(css("#into"))); !strings.Contains(opts, "A new question set") || !strings.Contains(opts, "Update “week1” (week1)") ||
		strings.Contains(opts, "Every type") {
		t.Errorf("the choices of Into: %q", opts)
	}
	shotBoth(t, ctx, "upload-into")
	fitsPhone(t, ctx, "the upload page")
	do(t, ctx, "preview the update",
		chromedp.SetValue(css("#into"), fmt.Sprint(id)),
		chromedp.SetUploadFiles(css("#file"), []string{file}),
		chromedp.Click(css("button.primary")),
		chromedp.WaitVisible(css(".matches")),
	)
	summary := get(t, ctx, "summary", chromedp.Text(css(".summary")))
	if !strings.Contains(summary, "This updates the bank “week1”: 1 new, 2 changed, 1 retired, 1 unchanged") {
		t.Errorf("summary: %q", summary)
	}
	matches := get(t, ctx, "matches", chromedp.Text(css(".match-list")))
	for _, want := range []string{"changed: Which member froze its particpation? → Which member froze its participation?", "changed: Who leeds the CSTO? → Who leads the CSTO?"} {
		if !strings.Contains(matches, want) {
			t.Errorf("the matches %q lack %q", matches, want)
		}
	}
	if n := e.bankCount(); n != 2 {
		t.Errorf("the preview stored a bank: %d banks", n)
	}
	// "Who leeds" is taken for another question, by keyboard.
	do(t, ctx, "reject a match", chromedp.Focus(css(fmt.Sprintf("input[name=reject][value=%q]", leads))), chromedp.KeyEvent(" "))
	shotBoth(t, ctx, "upload-update-preview")
	fitsPhone(t, ctx, "the update preview")
	do(t, ctx, "publish", chromedp.Click(css("form[action='/upload/publish'] button")), chromedp.WaitVisible(css("a[href$='mode=quiz']")))
	if h := get(t, ctx, "published", chromedp.Text(css("main"))); !strings.Contains(h, "changed: Which member froze its particpation? → Which member froze its participation?") ||
		!strings.Contains(h, "new, and the old one retired: Who leeds the CSTO? → Who leads the CSTO?") {
		t.Errorf("after publishing: %q", h)
	}
	shotBoth(t, ctx, "upload-update-published")
	if q, err := e.store.Question(context.Background(), uint(id), froze); err != nil || q.Prompt != "Which member froze its participation?" {
		t.Errorf("the accepted match: %+v %v", q, err)
	}
	if _, err := e.store.Question(context.Background(), uint(id), leads); err == nil {
		t.Error("the rejected match is still studied")
	}
	// Ada has two new cards: the rejected question's and the new one.
	if _, body := e.api("GET", fmt.Sprintf("/api/v1/banks/%d/next", id), ada, ""); !strings.Contains(body, `"new_count":2`) {
		t.Errorf("Ada's cards after the update: %s", body)
	}
	if n := e.bankCount(); n != 2 {
		t.Errorf("the update made another bank: %d banks", n)
	}
}

// An admin's upload page and the bundled bank's own page list the
// questions edited by hand that a newer bundled version keeps.
func TestBrowserAdminSeesKeptEdits(t *testing.T) {
	e := newEnv(t, true)
	e.role("root", storage.Admin)
	ctx0 := context.Background()
	b := typesBank()
	b.Slug, b.Title = "csto", "The bundled course"
	res, err := e.store.UpsertBank(ctx0, b, storage.BankOptions{Public: true, Builtin: true, KeepEdited: true})
	if err != nil {
		t.Fatal(err)
	}
	root, _, _ := e.store.UserByName(ctx0, "root")
	if _, err := e.store.EditQuestion(ctx0, storage.QuestionEdit{BankID: res.Bank.ID, QID: "sa", AuthorID: &root.ID,
		Change: func(q *questions.Question) error { q.Accept = append(q.Accept, "January 2022"); return nil }}); err != nil {
		t.Fatal(err)
	}
	base := e.serve(t)
	ctx := newBrowser(t)
	signInInBrowser(t, ctx, base, "root")
	do(t, ctx, "open the upload page", chromedp.Navigate(base+"/upload"), chromedp.WaitVisible(css(".kept-edits")))
	kept := get(t, ctx, "kept", chromedp.Text(css(".kept-edits")))
	if !strings.Contains(kept, "Edited questions of “The bundled course”") || !strings.Contains(kept, "sa “When were the peacekeepers deployed?”") ||
		!strings.Contains(kept, "edited by root") {
		t.Errorf("kept edits: %q", kept)
	}
	shotBoth(t, ctx, "upload-kept-edits")
	fitsPhone(t, ctx, "the admin's upload page")

	do(t, ctx, "open the bank's page", chromedp.Navigate(fmt.Sprintf("%s/banks/%d", base, res.Bank.ID)), chromedp.WaitVisible(css(".kept-edits")))
	if onPage := get(t, ctx, "kept on the bank's page", chromedp.Text(css(".kept-edits"))); onPage != kept {
		t.Errorf("the bank's page lists %q, the upload page %q", onPage, kept)
	}
	shotBoth(t, ctx, "bank-kept-edits")
	fitsPhone(t, ctx, "the bundled bank's page")
}
