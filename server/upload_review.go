package server

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/questions/facts"
	"quizd/questions/importer"
	"quizd/storage"
	"quizd/views"
)

// isArticle says whether an upload will be read as an article: the form
// says so, or the file reads as one and nothing says otherwise.
func isArticle(up upload) bool {
	f, err := importer.ParseFormat(up.Format)
	if err != nil {
		return false
	}
	if f == importer.Unknown && up.Separator == "" {
		f = importer.Detect(up.Filename, up.Data)
	}
	return f == importer.Article
}

// reviewArticle shows the facts found in an uploaded article, to correct
// before any question is made of them.
func (a *app) reviewArticle(c *fiber.Ctx, up upload, into *storage.Bank) error {
	sheet, err := importer.ExtractArticle(up.Data, importer.Options{Title: strings.TrimSpace(up.Title), Filename: up.Filename})
	if err != nil {
		return err
	}
	form, err := facts.NewForm(sheet)
	if err != nil {
		return err
	}
	r := reviewState{Filename: up.Filename, Public: up.Public, UploadTitle: up.Title, Form: form}
	if into != nil {
		r.Into = into.ID
	}
	return c.Render("upload_review", a.reviewPage(c, r))
}

// reviewState is the review form as posted: the facts and what the upload
// form said.
type reviewState struct {
	Filename, UploadTitle string
	Into                  uint
	Public                bool
	Form                  *facts.Form
	Errors                facts.FormErrors
	Notice                string
	// Focus names the fact just added, whose first field takes the focus.
	Focus string
}

// uploadReview is POST /upload/review: a button of the review form. Add
// and delete show the form again with a fact more or less; check makes a
// fact sheet of the form and, when it has no problem, saves it as a
// pending upload and shows the usual preview, from which it is published.
func (a *app) uploadReview(c *fiber.Ctx) error {
	u := currentUser(c)
	if !storage.CanUpload(u) {
		return errForbidden("Only instructors may upload question sets.")
	}
	values := map[string]string{}
	c.Request().PostArgs().VisitAll(func(k, v []byte) { values[string(k)] = string(v) })
	r := reviewState{Filename: values["filename"], UploadTitle: values["upload_title"], Public: values["public"] == "on"}
	into, err := a.uploadTarget(c, u, values["into"])
	if err != nil {
		return err
	}
	if into != nil {
		r.Into = into.ID
	}
	r.Form, r.Errors = facts.ReadForm(values)
	if r.Errors != nil {
		return c.Status(fiber.StatusRequestEntityTooLarge).Render("upload_review", a.reviewPage(c, r))
	}
	action := values["action"]
	switch {
	case strings.HasPrefix(action, "add:"):
		path := strings.TrimPrefix(action, "add:")
		g := facts.Group(path)
		if err := r.Form.Add(path); err != nil || g == nil {
			r.Errors = facts.FormErrors{"": sentenceOf(fmt.Sprint(err))}
			return c.Status(fiber.StatusUnprocessableEntity).Render("upload_review", a.reviewPage(c, r))
		}
		r.Focus = fmt.Sprintf("%s.%d", path, len(r.Form.Items[path])-1)
		r.Notice = fmt.Sprintf("A %s was added at the end of %s: fill it in.", g.Noun, strings.ToLower(g.Title))
		return c.Render("upload_review", a.reviewPage(c, r))
	case strings.HasPrefix(action, "delete:"):
		name := strings.TrimPrefix(action, "delete:")
		path, idx, _ := cutLast(name, ".")
		i, err := strconv.Atoi(idx)
		g := facts.Group(path)
		if err != nil || g == nil || !r.Form.Delete(path, i) {
			r.Errors = facts.FormErrors{"": "That fact is not on the form any more: check the facts and try again."}
			return c.Status(fiber.StatusUnprocessableEntity).Render("upload_review", a.reviewPage(c, r))
		}
		r.Notice = fmt.Sprintf("%s %d was deleted.", capitalise(g.Noun), i+1)
		return c.Render("upload_review", a.reviewPage(c, r))
	}
	_, data, errs := r.Form.Sheet()
	if errs != nil {
		r.Errors = errs
		return c.Status(fiber.StatusUnprocessableEntity).Render("upload_review", a.reviewPage(c, r))
	}
	up := upload{Data: data, Filename: r.Filename, Format: string(importer.Facts), Public: r.Public}
	if into != nil {
		// An update keeps the set's title unless the upload gave one.
		up.Title = r.UploadTitle
	}
	err = a.previewUpload(c, u, up, into)
	if err == nil {
		return nil
	}
	e := classify(err)
	if e.Status >= 500 {
		return err
	}
	r.Errors = facts.FormErrors{"": sentenceOf(e.Msg)}
	return c.Status(e.Status).Render("upload_review", a.reviewPage(c, r))
}

func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

// topicTitles are the review form's headings.
var topicTitles = map[string]string{questions.TopicMembership: "Membership", questions.TopicDates: "Dates",
	questions.TopicCharter: "Charter", questions.TopicReactions: "Reactions", "people": "People"}

// reviewPage lays out a review form: its facts by topic, each field with
// its problem, and each source sentence with the fact's words marked.
func (a *app) reviewPage(c *fiber.Ctx, r reviewState) views.UploadReviewPage {
	f := r.Form
	page := views.UploadReviewPage{Layout: a.layout(c, "Review the facts", "upload"), Filename: r.Filename, Into: r.Into, Public: r.Public,
		UploadTitle: r.UploadTitle, Title: f.Title, TitleError: r.Errors["title"], Facts: f.Count(), Notice: r.Notice,
		MaxFacts: facts.MaxFormFacts, MaxField: facts.MaxFieldLen, Error: r.Errors[""]}
	page.Hidden = []views.HiddenField{{Name: "slug", Value: f.Slug}, {Name: "source.title", Value: f.Source.Title},
		{Name: "source.author", Value: f.Source.Author}, {Name: "source.location", Value: f.Source.Location}}
	if page.TitleError != "" {
		page.Problems = append(page.Problems, views.ReviewProblem{FieldID: "f-title", Label: "Title", Msg: page.TitleError})
	}
	for _, topic := range facts.FormTopics {
		t := views.ReviewTopic{ID: topic, Title: topicTitles[topic]}
		for _, g := range facts.FormGroups {
			if g.Topic != topic {
				continue
			}
			vg := views.ReviewGroup{Path: g.Path, Title: g.Title, Noun: g.Noun, Single: g.Single}
			items := f.Items[g.Path]
			if g.Single && len(items) == 0 {
				items = []facts.Item{{}}
			}
			for i, it := range items {
				name := fmt.Sprintf("%s.%d", g.Path, i)
				label := fmt.Sprintf("%s %d", capitalise(g.Noun), i+1)
				if g.Single {
					name, label = g.Path, g.Title
				}
				row := views.ReviewRow{Name: name, Label: label, Error: r.Errors[name], ErrorID: fieldID(name) + "-error"}
				if src := it["source"]; src != "" {
					var phrases []string
					for _, k := range g.Marked {
						phrases = append(phrases, it[k])
					}
					for _, s := range facts.Marks(src, phrases...) {
						row.Source = append(row.Source, views.MarkedText{Text: s.Text, Marked: s.Marked})
					}
					row.SourceValue, row.HasSource = src, true
				}
				if row.Error != "" {
					page.Problems = append(page.Problems, views.ReviewProblem{FieldID: fieldID(name), Label: label, Msg: row.Error})
				}
				for k, fd := range g.Fields {
					fname := name + "." + fd.Key
					vf := views.ReviewField{Name: fname, ID: fieldID(fname), Label: fd.Label, Kind: string(fd.Kind), Value: it[fd.Key],
						Required: fd.Required, Long: fd.Long, Error: r.Errors[fname], Autofocus: k == 0 && name == r.Focus}
					switch fd.Kind {
					case facts.StanceField:
						vf.Options = []string{""}
						for _, s := range facts.Stances {
							vf.Options = append(vf.Options, string(s))
						}
					case facts.StatusField:
						vf.Options = []string{string(facts.Frozen), string(facts.Left)}
					}
					if vf.Options != nil && vf.Value != "" && !slices.Contains(vf.Options, vf.Value) {
						// Keep what was sent, to show beside its problem.
						vf.Options = append(vf.Options, vf.Value)
					}
					if vf.Error != "" {
						page.Problems = append(page.Problems, views.ReviewProblem{FieldID: vf.ID, Label: label + ", " + strings.ToLower(fd.Short()), Msg: vf.Error})
					}
					row.Fields = append(row.Fields, vf)
				}
				vg.Rows = append(vg.Rows, row)
			}
			t.Groups = append(t.Groups, vg)
		}
		page.Topics = append(page.Topics, t)
	}
	return page
}

// fieldID is the element id of a form field: its name, without dots.
func fieldID(name string) string { return "f-" + strings.ReplaceAll(name, ".", "-") }

// capitalise starts s with a capital letter.
func capitalise(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
