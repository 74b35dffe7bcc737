package server

import (
	"errors"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/questions/importer"
	"quizd/storage"
	"quizd/views"
)

func urlEscape(s string) string { return url.QueryEscape(s) }

func (a *app) uploadPage(c *fiber.Ctx) views.UploadPage {
	page := views.UploadPage{Layout: a.layout(c, "Upload", "upload")}
	for _, f := range importer.Formats {
		page.Formats = append(page.Formats, string(f))
	}
	return page
}

func (a *app) uploadShow(c *fiber.Ctx) error {
	if !storage.CanUpload(currentUser(c)) {
		return errForbidden("Only instructors may upload question sets.")
	}
	return c.Render("upload", a.uploadPage(c))
}

// uploadPreview reads the file as a dry run and shows what publishing it
// would do; the file waits, for an hour, to be published.
func (a *app) uploadPreview(c *fiber.Ctx) error {
	u := currentUser(c)
	if !storage.CanUpload(u) {
		return errForbidden("Only instructors may upload question sets.")
	}
	page := a.uploadPage(c)
	page.Title, page.Format, page.Public = c.FormValue("title"), c.FormValue("format"), c.FormValue("public") == "on"
	up, err := a.readUpload(c)
	var release func()
	if err == nil {
		release, err = a.importSlot(c)
	}
	if err == nil {
		defer release()
		up.DryRun = true
		var out *imported
		if out, err = a.importUpload(c.UserContext(), u, up); err == nil {
			token := randomKey()
			if err := a.store.SavePendingUpload(c.UserContext(), &storage.PendingUpload{Token: token, UserID: u.ID,
				Filename: up.Filename, Format: up.Format, Title: up.Title, Public: up.Public, Data: up.Data}); err != nil {
				return err
			}
			return c.Render("upload_preview", a.previewPage(c, out, up.Filename, token, false))
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

// uploadPublish stores the previewed file.
func (a *app) uploadPublish(c *fiber.Ctx) error {
	u := currentUser(c)
	p, err := a.store.PendingUploadByToken(c.UserContext(), u.ID, c.FormValue("token"))
	if errors.Is(err, storage.ErrNotFound) {
		page := a.uploadPage(c)
		page.Error = "This preview has expired: upload the file again."
		return c.Status(fiber.StatusNotFound).Render("upload", page)
	}
	if err != nil {
		return err
	}
	release, err := a.importSlot(c)
	if err != nil {
		return err
	}
	defer release()
	out, err := a.importUpload(c.UserContext(), u, upload{Data: p.Data, Filename: p.Filename, Format: p.Format, Title: p.Title, Public: p.Public})
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
		BankID: out.Upsert.Bank.ID, BankTitle: b.Title, Slug: b.Slug, Questions: len(b.Questions),
		Created: out.Upsert.Created, Updated: out.Upsert.Updated, Retired: out.Upsert.Retired, Unchanged: out.Upsert.Unchanged,
		NewBank: out.Upsert.BankCreated, Published: published, Notes: out.Result.Notes,
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
	return page
}
