package server

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/questions/importer"
	"quizd/questions/lint"
	"quizd/storage"
	"quizd/views"
)

func (a *app) uploadPage(c *fiber.Ctx) (views.UploadPage, error) {
	page := views.UploadPage{Layout: a.layout(c, "Upload", "upload")}
	for _, f := range importer.Formats {
		page.Formats = append(page.Formats, string(f))
	}
	u := currentUser(c)
	banks, err := a.store.Banks(c.UserContext())
	if err != nil {
		return page, err
	}
	for _, b := range banks {
		if !storage.CanManageBank(u, b) {
			continue
		}
		page.Banks = append(page.Banks, views.BankChoice{ID: b.ID, Title: b.Title, Slug: b.Slug})
		if b.Builtin {
			k, err := a.keptEdits(c.UserContext(), b)
			if err != nil {
				return page, err
			}
			page.Kept = append(page.Kept, k)
		}
	}
	return page, nil
}

// keptEdits is the kept_edits partial of a bank.
func (a *app) keptEdits(ctx context.Context, b *storage.Bank) (views.KeptEdits, error) {
	ks, err := a.store.KeptEdits(ctx, b.ID)
	if err != nil {
		return views.KeptEdits{}, err
	}
	out := views.KeptEdits{BankTitle: b.Title}
	for _, k := range ks {
		e := views.KeptEdit{ID: k.ID, Prompt: shorten(k.Prompt, 120), EditedBy: k.EditedBy, Retired: k.Retired}
		if !k.EditedAt.IsZero() {
			e.EditedAt = k.EditedAt.UTC().Format("2 January 2006")
		}
		out.Items = append(out.Items, e)
	}
	return out, nil
}

func (a *app) uploadShow(c *fiber.Ctx) error {
	if !storage.CanUpload(currentUser(c)) {
		return errForbidden("Only instructors may upload question sets.")
	}
	page, err := a.uploadPage(c)
	if err != nil {
		return err
	}
	if id, err := strconv.ParseUint(c.Query("into"), 10, 32); err == nil {
		page.Into = uint(id)
	}
	return c.Render("upload", page)
}

// uploadTarget is the bank a page upload updates (the form's "into"), or
// nil for a new bank: one the uploader manages, or an error to show.
func (a *app) uploadTarget(c *fiber.Ctx, u *storage.User, into string) (*storage.Bank, error) {
	if into == "" {
		return nil, nil
	}
	id, err := parseID("into", "question set", into)
	if err != nil {
		return nil, err
	}
	b, err := a.store.BankByID(c.UserContext(), id)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, &Error{Status: fiber.StatusNotFound, Field: "into", Msg: "The question set to update is gone: choose another, or upload the file as a new set.", Cause: err}
	}
	if err != nil {
		return nil, err
	}
	if !storage.CanManageBank(u, b) {
		return nil, errForbidden("You may update only the question sets you own: upload the file as a new set instead.")
	}
	return b, nil
}

// uploadPreview reads the file as a dry run and shows what publishing it
// would do; the file waits, for an hour, to be published.
func (a *app) uploadPreview(c *fiber.Ctx) error {
	u := currentUser(c)
	if !storage.CanUpload(u) {
		return errForbidden("Only instructors may upload question sets.")
	}
	page, err := a.uploadPage(c)
	if err != nil {
		return err
	}
	page.Title, page.Format, page.Public = c.FormValue("title"), c.FormValue("format"), c.FormValue("public") == "on"
	page.Separator, page.RowSeparator, page.Strict = c.FormValue("separator"), c.FormValue("row_separator"), c.FormValue("strict") == "on"
	into, err := a.uploadTarget(c, u, c.FormValue("into"))
	if into != nil {
		page.Into = into.ID
	}
	var up upload
	if err == nil {
		up, err = a.readUpload(c)
	}
	if err == nil {
		if isArticle(up) {
			// An article's facts are reviewed before any question is
			// made of them.
			err = a.reviewArticle(c, up, into)
		} else {
			err = a.previewUpload(c, u, up, into)
		}
		if err == nil {
			return nil
		}
	}
	e := classify(err)
	if e.Status >= 500 {
		return err
	}
	page.Error = sentenceOf(e.Msg)
	var le questions.LineErrors
	if errors.As(err, &le) {
		for _, l := range le {
			page.Lines = append(page.Lines, views.LineProblem{Line: l.Line, Msg: l.Msg})
		}
	}
	return c.Status(e.Status).Render("upload", page)
}

// previewUpload reads an upload as a dry run, saves it to be published
// and shows the preview.
func (a *app) previewUpload(c *fiber.Ctx, u *storage.User, up upload, into *storage.Bank) error {
	release, err := a.importSlot(c)
	if err != nil {
		return err
	}
	defer release()
	up.DryRun, up.Reject = true, nil
	out, err := a.importUpload(c.UserContext(), u, up, into)
	if err != nil {
		return err
	}
	token := randomKey()
	if err := a.store.SavePendingUpload(c.UserContext(), &storage.PendingUpload{Token: token, UserID: u.ID,
		Filename: up.Filename, Format: up.Format, Title: up.Title, Public: up.Public, Data: up.Data}); err != nil {
		return err
	}
	page := a.previewPage(c, out, up.Filename, token, false)
	if into != nil {
		page.Into = into.ID
	}
	// The preview passed strict mode if it was asked for, so publishing
	// needs only the separators again.
	page.Separator, page.RowSeparator = up.Separator, up.RowSeparator
	return c.Render("upload_preview", page)
}

// uploadPublish stores the previewed file.
func (a *app) uploadPublish(c *fiber.Ctx) error {
	u := currentUser(c)
	p, err := a.store.PendingUploadByToken(c.UserContext(), u.ID, c.FormValue("token"))
	if errors.Is(err, storage.ErrNotFound) {
		page, err := a.uploadPage(c)
		if err != nil {
			return err
		}
		page.Error = "This preview has expired: upload the file again."
		return c.Status(fiber.StatusNotFound).Render("upload", page)
	}
	if err != nil {
		return err
	}
	into, err := a.uploadTarget(c, u, c.FormValue("into"))
	if err != nil {
		return err
	}
	var reject []string
	for _, v := range c.Request().PostArgs().PeekMulti("reject") {
		reject = append(reject, string(v))
	}
	release, err := a.importSlot(c)
	if err != nil {
		return err
	}
	defer release()
	out, err := a.importUpload(c.UserContext(), u, upload{Data: p.Data, Filename: p.Filename, Format: p.Format, Title: p.Title, Public: p.Public,
		Separator: c.FormValue("separator"), RowSeparator: c.FormValue("row_separator"), Reject: reject}, into)
	if err != nil {
		return err
	}
	if err := a.store.DeletePendingUpload(c.UserContext(), p.Token); err != nil {
		return err
	}
	return c.Render("upload_preview", a.previewPage(c, out, p.Filename, "", true))
}

func (a *app) previewPage(c *fiber.Ctx, out *imported, filename, token string, published bool) views.UploadPreviewPage {
	b := out.Result.Bank
	page := views.UploadPreviewPage{
		Layout: a.layout(c, b.Title, "upload"), Token: token, Filename: filename, Format: string(out.Result.Format),
		BankID: out.Upsert.Bank.ID, BankTitle: b.Title, Slug: out.Upsert.Bank.Slug, Questions: len(b.Questions),
		Created: out.Upsert.Created, Updated: out.Upsert.Updated, Retired: out.Upsert.Retired, Unchanged: out.Upsert.Unchanged,
		NewBank: out.Upsert.BankCreated, Published: published, Notes: out.Result.Notes, Rejected: len(out.Upsert.Rejected),
	}
	for _, m := range out.Upsert.Matches {
		page.Matches = append(page.Matches, views.MatchRow{ID: m.ID, Old: m.Old, New: m.New, Rejected: slices.Contains(out.Upsert.Rejected, m.ID)})
	}
	for i, q := range b.Questions {
		if i == 10 {
			break
		}
		page.Sample = append(page.Sample, views.SampleQuestion{Type: string(q.Type), Topic: q.Topic, Prompt: q.Prompt, Answer: expectedText(&q)})
	}
	for _, s := range out.Result.Skipped {
		page.Skipped = append(page.Skipped, views.LineProblem{Line: s.Line, Msg: s.Reason})
	}
	page.Warnings, page.WarningCount = warningGroups(b, out.Findings), len(out.Findings)
	return page
}

// shorten cuts s to at most n letters, marking the cut.
func shorten(s string, n int) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= n {
		return string(r)
	}
	return strings.TrimRight(string(r[:n-1]), " ,;:") + "…"
}

// maxWarningsShown is how many findings of one code the preview lists; the
// rest are counted, and quizd lint lists them all.
const maxWarningsShown = 20

// warningGroups groups the linter's findings by code, in the linter's
// order, each with the position and prompt of its question.
func warningGroups(b *questions.Bank, fs []lint.Finding) []views.WarningGroup {
	pos := make(map[string]int, len(b.Questions))
	for i, q := range b.Questions {
		if _, ok := pos[q.ID]; !ok {
			pos[q.ID] = i
		}
	}
	byCode := map[lint.Code]*views.WarningGroup{}
	for _, f := range fs {
		g := byCode[f.Code]
		if g == nil {
			g = &views.WarningGroup{Code: string(f.Code)}
			byCode[f.Code] = g
		}
		g.Count++
		if len(g.Items) < maxWarningsShown {
			w := views.Warning{Message: f.Message}
			if i, ok := pos[f.ID]; ok && f.ID != "" {
				w.Question, w.Prompt = i+1, shorten(b.Questions[i].Prompt, 80)
			}
			g.Items = append(g.Items, w)
		}
		g.More = g.Count - len(g.Items)
	}
	var groups []views.WarningGroup
	for _, c := range lint.Codes {
		if g := byCode[c]; g != nil {
			groups = append(groups, *g)
		}
	}
	return groups
}
