package server

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/storage"
	"quizd/views"
)

// The pages of the question browser and editor: /banks/:id/questions and
// below. Their rules are storage's and questions'; these read forms and
// fill pages.

// browseURL is the browser's address for a search, sorted and paged.
func browseURL(bankID uint, q storage.BrowseQuery, sort string, page int) string {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", q.Text)
	set("topic", q.Topic)
	set("type", string(q.Type))
	set("status", q.Status)
	if q.Flagged {
		v.Set("flagged", "1")
	}
	if q.Leech {
		v.Set("leech", "1")
	}
	set("sort", sort)
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	u := fmt.Sprintf("/banks/%d/questions", bankID)
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	return u
}

// editorURL is the editor's address of a question.
func editorURL(bankID uint, qid string) string {
	return fmt.Sprintf("/banks/%d/questions/%s", bankID, url.PathEscape(qid))
}

// percentOr writes a share as a percentage, "—" for none.
func percentOr(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%.0f%%", 100*x)
}

func decimalOr(x float64) string {
	if math.IsNaN(x) {
		return "—"
	}
	return fmt.Sprintf("%.2f", x)
}

// questionsShow is the question browser.
func (a *app) questionsShow(c *fiber.Ctx) error {
	b, q, res, err := a.browse(c)
	if err != nil {
		return err
	}
	page := views.QuestionsPage{Layout: a.layout(c, "Questions of "+b.Title, "classes"), Bank: views.BankRef{ID: b.ID, Title: b.Title},
		Q: q.Text, Topic: q.Topic, Type: string(q.Type), Status: q.Status, Flagged: q.Flagged, Leech: q.Leech, Topics: res.Topics,
		Total: res.Total, Page: max(q.Page, 1), Pages: max(1, (res.Total+storage.BrowsePageSize-1)/storage.BrowsePageSize),
		NewURL: fmt.Sprintf("/banks/%d/questions/new", b.ID)}
	for _, t := range questions.Types {
		page.Types = append(page.Types, string(t))
	}
	page.Statuses = []views.Choice{{Value: storage.BrowseActive, Label: "In use"}, {Value: storage.BrowseRetired, Label: "Retired"}, {Value: storage.BrowseAll, Label: "All"}}
	sort := q.Sort
	if q.Desc {
		sort = "-" + sort
	}
	for _, col := range []struct{ label, by string }{
		{"Attempts", storage.SortAttempts}, {"First try right", storage.SortFacility},
		{"Discrimination", storage.SortDiscrimination}, {"Appeals", storage.SortAppeals},
	} {
		sc := views.SortColumn{Label: col.label, URL: browseURL(b.ID, q, col.by, 1)}
		if q.Sort == col.by {
			sc.Sorted = "ascending"
			if q.Desc {
				sc.Sorted = "descending"
			} else {
				sc.URL = browseURL(b.ID, q, "-"+col.by, 1)
			}
		}
		page.Columns = append(page.Columns, sc)
	}
	if page.Page > 1 {
		page.PrevURL = browseURL(b.ID, q, sort, page.Page-1)
	}
	if page.Page < page.Pages {
		page.NextURL = browseURL(b.ID, q, sort, page.Page+1)
	}
	for _, bq := range res.Questions {
		page.Rows = append(page.Rows, views.QuestionLine{ID: bq.ID, URL: editorURL(b.ID, bq.ID), Topic: bq.Topic, Type: string(bq.Type),
			Prompt: shorten(bq.Prompt, 140), Answer: shorten(expectedText(&bq.Question), 80), Retired: bq.Retired, Attempts: bq.Attempts,
			Facility: percentOr(bq.Facility), Discrimination: decimalOr(bq.Discrimination),
			Appeals: bq.Appeals, OpenAppeals: bq.OpenAppeals, Leeches: bq.Leeches})
	}
	return c.Render("questions", page)
}

// reasonText says why a version was written.
var reasonText = map[string]string{
	storage.ReasonCreated: "created", storage.ReasonUpload: "changed by an upload", storage.ReasonEdit: "edited",
	storage.ReasonRestore: "an earlier version restored", storage.ReasonAppeal: "an appeal accepted",
}

// editorPage fills the editor of question sq (nil for a new one) with the
// fields of form.
func (a *app) editorPage(c *fiber.Ctx, b *storage.Bank, sq *storage.StoredQuestion, form views.QuestionForm) (views.QuestionEditPage, error) {
	page := views.QuestionEditPage{Layout: a.layout(c, "New question", "classes"), Bank: views.BankRef{ID: b.ID, Title: b.Title},
		BrowseURL: fmt.Sprintf("/banks/%d/questions", b.ID), New: sq == nil, Action: fmt.Sprintf("/banks/%d/questions", b.ID), Form: form}
	for _, t := range questions.Types {
		page.Types = append(page.Types, string(t))
	}
	topics, err := a.store.Topics(c.UserContext(), b.ID)
	if err != nil {
		return page, err
	}
	for _, t := range topics {
		page.Topics = append(page.Topics, t.Topic)
	}
	if sq == nil {
		return page, nil
	}
	page.Title = "Edit question " + sq.ID
	page.Action, page.Version, page.Retired = editorURL(b.ID, sq.ID), sq.Version, sq.Retired
	vs, err := a.store.QuestionVersions(c.UserContext(), b.ID, sq.ID)
	if err != nil {
		return page, err
	}
	for _, v := range vs {
		line := views.VersionLine{Version: v.Version, Author: v.Author, Reason: reasonText[v.Reason],
			When: v.CreatedAt.In(a.cfg.Location).Format("2 Jan 2006 15:04"), Prompt: v.Question.Prompt,
			Answer: shorten(expectedText(&v.Question), 120), Current: v.Version == sq.Version, Answered: answeredText(v)}
		if line.Reason == "" {
			line.Reason = v.Reason
		}
		if !line.Current {
			line.RestoreURL = fmt.Sprintf("%s/versions/%d/restore", editorURL(b.ID, sq.ID), v.Version)
		}
		page.Versions = append(page.Versions, line)
	}
	return page, nil
}

// withProblems puts a save's problems on the page, each by the field the
// form shows it at.
func withProblems(page *views.QuestionEditPage, ps []fieldProblem) {
	page.Errors = map[string]string{}
	for _, p := range ps {
		field := p.Field
		switch {
		case page.Form.Type == string(questions.MultipleChoice) && (field == "answer" || field == "answers"):
			field = "choices"
		case page.Form.Type == string(questions.TrueFalse) && field == "answer":
			field = "true_false"
		}
		msg := problemText(p.Message)
		if prev := page.Errors[field]; prev != "" {
			msg = prev + " " + msg
		}
		page.Errors[field] = msg
	}
	page.Error = fmt.Sprintf("The question has %s, marked below: fix them and save again. Nothing was saved.", problems(len(ps)))
}

// editorNotice says what the form before did.
func editorNotice(done string, sq *storage.StoredQuestion) string {
	switch done {
	case "saved":
		return fmt.Sprintf("Saved: this is version %d.", sq.Version)
	case "unchanged":
		return fmt.Sprintf("Nothing to save: the form is the same as version %d.", sq.Version)
	case "created":
		return "Question created: students of the bank get it from now on."
	case "retired":
		return "Retired: students no longer get this question. Their progress and the reports keep it; restore it to bring it back."
	case "restored":
		return "Restored: students get this question again, with their progress on it."
	case "reverted":
		return fmt.Sprintf("The earlier version is back, as version %d.", sq.Version)
	}
	return ""
}

// questionEditShow is the editor of a question.
func (a *app) questionEditShow(c *fiber.Ctx) error {
	b, _, qid, err := a.editableQuestion(c)
	if err != nil {
		return err
	}
	sq, err := a.store.StoredQuestionOf(c.UserContext(), b.ID, qid)
	if err != nil {
		return noQuestion(err, qid)
	}
	page, err := a.editorPage(c, b, sq, formOf(&sq.Question))
	if err != nil {
		return err
	}
	page.Notice = editorNotice(c.Query("done"), sq)
	return c.Render("question_edit", page)
}

// questionNewShow is the editor of a new question, of the type and topic
// asked for.
func (a *app) questionNewShow(c *fiber.Ctx) error {
	b, _, err := a.editableBank(c)
	if err != nil {
		return err
	}
	q := questions.Question{Type: questions.Type(c.Query("type")), Topic: shorten(c.Query("topic"), 200)}
	if !q.Type.Valid() {
		q.Type = questions.Flashcard
	}
	page, err := a.editorPage(c, b, nil, formOf(&q))
	if err != nil {
		return err
	}
	return c.Render("question_edit", page)
}

// questionCreate adds the question of the new-question form.
func (a *app) questionCreate(c *fiber.Ctx) error {
	b, u, err := a.editableBank(c)
	if err != nil {
		return err
	}
	q, form, ps := readQuestionForm(c)
	if q.ID != "" {
		if err := questions.CheckNewID(q.ID); err != nil {
			ps = append(ps, fieldProblems(err)...)
		}
	}
	var out *storage.StoredQuestion
	if len(ps) == 0 {
		if err := a.tooManyQuestions(b); err != nil {
			return err
		}
		out, err = a.store.AddQuestion(c.UserContext(), b.ID, q, &u.ID)
		switch {
		case errors.Is(err, storage.ErrExists):
			ps = append(ps, fieldProblem{"id", fmt.Sprintf("this bank has a question with id %q already: choose another, or leave it empty to get one", q.ID)})
		case err != nil:
			if ps = fieldProblems(err); ps == nil {
				return err
			}
		}
	}
	if len(ps) > 0 {
		page, err := a.editorPage(c, b, nil, form)
		if err != nil {
			return err
		}
		withProblems(&page, ps)
		return c.Status(fiber.StatusUnprocessableEntity).Render("question_edit", page)
	}
	return c.Redirect(editorURL(b.ID, out.ID)+"?done=created", fiber.StatusSeeOther)
}

// formVersion reads the version a form was filled from.
func formVersion(c *fiber.Ctx) (int, error) {
	v, err := strconv.Atoi(c.FormValue("version"))
	if err != nil || v < 1 {
		return 0, errBadRequest("version", "The form does not say which version of the question it changes: open the question again and make the change there.")
	}
	return v, nil
}

// questionSave saves the editor's form over a question, when nobody saved
// it since the form was filled; else the form is shown again, as typed,
// beside what the other person saved.
func (a *app) questionSave(c *fiber.Ctx) error {
	b, u, qid, err := a.editableQuestion(c)
	if err != nil {
		return err
	}
	base, err := formVersion(c)
	if err != nil {
		return err
	}
	q, form, ps := readQuestionForm(c)
	if len(ps) == 0 {
		var out *storage.StoredQuestion
		out, err = a.store.EditQuestion(c.UserContext(), storage.QuestionEdit{BankID: b.ID, QID: qid, BaseVersion: base, AuthorID: &u.ID,
			Reason: storage.ReasonEdit, Change: func(cur *questions.Question) error { *cur = q; return nil }})
		if err == nil {
			done := "saved"
			if out.Version == base {
				done = "unchanged"
			}
			return c.Redirect(editorURL(b.ID, qid)+"?done="+done, fiber.StatusSeeOther)
		}
	}
	return a.editorFailed(c, b, qid, form, &q, base, ps, err)
}

// editorFailed shows the editor again after a refused save: with the
// fields' problems, or, when someone saved first, with what they saved
// and the form holding their version with the user's changes (mine, made
// on version base) carried over, so that saving again keeps both.
func (a *app) editorFailed(c *fiber.Ctx, b *storage.Bank, qid string, form views.QuestionForm, mine *questions.Question, base int, ps []fieldProblem, err error) error {
	if errors.Is(err, storage.ErrNotFound) {
		return noQuestion(err, qid)
	}
	var stale *storage.StaleError
	isStale := errors.As(err, &stale)
	if !isStale && err != nil && ps == nil {
		if ps = fieldProblems(err); ps == nil {
			return err
		}
	}
	cur, rerr := a.store.StoredQuestionOf(c.UserContext(), b.ID, qid)
	if rerr != nil {
		return noQuestion(rerr, qid)
	}
	page, perr := a.editorPage(c, b, cur, form)
	if perr != nil {
		return perr
	}
	if isStale {
		page.Stale = &views.StaleQuestion{Version: cur.Version, Prompt: cur.Prompt, Answer: expectedText(&cur.Question)}
		page.Error = fmt.Sprintf("Someone saved this question since you opened it: it is at version %d now, shown below.", cur.Version)
		if mine != nil {
			if old, ok := a.versionOf(c, b.ID, qid, base); ok {
				merged := questions.Merge(old, *mine, cur.Question)
				page.Form = formOf(&merged)
				page.Error += " The form holds their version with your changes applied to it: check it and save again."
			} else {
				page.Error += " Your changes are still in the form: save again to put them over theirs."
			}
		}
		return c.Status(fiber.StatusConflict).Render("question_edit", page)
	}
	page.Version = base
	withProblems(&page, ps)
	return c.Status(fiber.StatusUnprocessableEntity).Render("question_edit", page)
}

// versionOf is the content of one version of a question.
func (a *app) versionOf(c *fiber.Ctx, bankID uint, qid string, version int) (questions.Question, bool) {
	vs, err := a.store.QuestionVersions(c.UserContext(), bankID, qid)
	if err != nil {
		return questions.Question{}, false
	}
	for _, v := range vs {
		if v.Version == version {
			return v.Question, true
		}
	}
	return questions.Question{}, false
}

// questionRetire retires a question, or brings it back, from the editor.
func (a *app) questionRetire(retired bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		b, _, qid, err := a.editableQuestion(c)
		if err != nil {
			return err
		}
		if !retired {
			if err := a.tooManyQuestions(b); err != nil {
				return err
			}
		}
		if _, err := a.store.SetRetired(c.UserContext(), b.ID, qid, retired); err != nil {
			return noQuestion(err, qid)
		}
		done := "restored"
		if retired {
			done = "retired"
		}
		return c.Redirect(editorURL(b.ID, qid)+"?done="+done, fiber.StatusSeeOther)
	}
}

// versionRestore brings an earlier version back from the editor's history.
func (a *app) versionRestore(c *fiber.Ctx) error {
	b, u, qid, err := a.editableQuestion(c)
	if err != nil {
		return err
	}
	version, err := versionParam(c)
	if err != nil {
		return err
	}
	base, err := formVersion(c)
	if err != nil {
		return err
	}
	_, err = a.store.RestoreVersion(c.UserContext(), b.ID, qid, version, base, &u.ID)
	if err == nil {
		return c.Redirect(editorURL(b.ID, qid)+"?done=reverted", fiber.StatusSeeOther)
	}
	var stale *storage.StaleError
	if errors.As(err, &stale) {
		return a.editorFailed(c, b, qid, formOf(&stale.Current.Question), nil, stale.Current.Version, nil, err)
	}
	if errors.Is(err, storage.ErrNotFound) {
		return errNotFound(fmt.Sprintf("Question %q has no version %d: open the question and choose one from its history.", qid, version))
	}
	return err
}

// answeredText says how the answers given on a version went.
func answeredText(v storage.QuestionVersion) string {
	switch {
	case v.Answers == 0:
		return "no answers on this version"
	case v.Answers == 1:
		return fmt.Sprintf("1 answer on this version, %d right", v.Right)
	}
	return fmt.Sprintf("%d answers on this version, %d right", v.Answers, v.Right)
}
