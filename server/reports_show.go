package server

import (
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions/assign"
	"quizd/questions/report"
	"quizd/storage"
	"quizd/views"
)

// reportsShow lists the class reports an instructor may open; a student's
// report is their stats page.
func (a *app) reportsShow(c *fiber.Ctx) error {
	u := currentUser(c)
	if !storage.CanUpload(u) {
		return c.Redirect("/stats", fiber.StatusSeeOther)
	}
	classes, err := a.store.ClassesOf(c.UserContext(), u)
	if err != nil {
		return err
	}
	page := views.ReportsPage{Layout: a.layout(c, "Reports", "reports")}
	for _, cl := range classes {
		if !storage.CanManageClass(u, cl) {
			continue
		}
		// An archived bank's reports stay.
		for _, id := range append(slices.Clone(cl.BankIDs), cl.ArchivedBankIDs...) {
			b, err := a.store.BankByID(c.UserContext(), id)
			if err != nil {
				return err
			}
			title := b.Title
			if b.Archived {
				title += " (archived)"
			}
			link := views.ReportLink{Class: cl.Name, Bank: title, ClassID: cl.ID, BankID: b.ID, Students: cl.Students, Flags: storage.CanManageBank(u, b)}
			if link.Flags {
				if link.OpenFlags, err = a.store.CountFlags(c.UserContext(), b.ID, storage.FlagOpen); err != nil {
					return err
				}
			}
			page.Links = append(page.Links, link)
		}
	}
	return c.Render("reports", page)
}

func percent(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return fmt.Sprintf("%.0f%%", 100*x)
}

// itemHeads are the item table's headings, by report.ItemSortKeys.
var itemHeads = []string{"Topic", "Question", "Students", "Attempts", "First try", "Lapses", "Discrimination", "Wrong answers", "Note"}

// classReportShow is the printable report of a class on a bank, or of
// one student of it (student=ID): the summary, the students' table and a
// page of the item table.
func (a *app) classReportShow(c *fiber.Ctx) error {
	r, err := a.reportScope(c, storage.ViewSummary)
	if err != nil {
		return err
	}
	if r.Class == nil {
		return errBadRequest("class", "class: give the class the report is about (class=ID)")
	}
	q, err := parseClassReportQuery(c, r)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	now := a.cfg.Now()
	d, err := a.store.ClassReportData(ctx, r.Scope, now, a.cfg.Location)
	if err != nil {
		return err
	}
	page := views.ClassReportPage{Layout: a.layout(c, r.Class.Name, "reports"), Class: r.Class.Name, Bank: r.Bank.Title,
		ClassID: r.Class.ID, BankID: r.Bank.ID, Date: now.In(a.cfg.Location).Format("2 January 2006"), Students: len(d.Students)}
	if r.Scope.StudentID != 0 {
		page.Layout.Title += " · " + r.Name
		page.Student, page.ClassURL = r.Name, q.url(func(n *classReportQuery) { n.StudentID, n.Page = 0, 1 })
	}
	page.TopicNames = topicNames(d.Topics)
	page.Charts = reportCharts(d)
	page.Downloads = reportDownloads(r)
	if page.Assignments, err = a.onTrack(c, r, d, now); err != nil {
		return err
	}
	for i, s := range d.Summaries {
		st := d.Students[i]
		line := views.SummaryLine{Student: st.Username, URL: q.url(func(n *classReportQuery) { n.StudentID, n.Page = st.ID, 1 }),
			Seen: s.Seen, Mastered: s.Mastered, DueNow: s.DueNow,
			Accuracy: percent(s.Accuracy), Retention: percent(s.Retention), TimeSpent: s.TimeSpent.Round(time.Second).String(), LastActive: "never"}
		if !s.LastActive.IsZero() {
			line.LastActive = s.LastActive.In(a.cfg.Location).Format("2 Jan 15:04")
			line.LastActiveSort = s.LastActive.Unix()
		}
		line.TimeSort = int64(s.TimeSpent.Seconds())
		for _, m := range s.Mastery {
			line.Mastery = append(line.Mastery, percent(m))
		}
		page.Rows = append(page.Rows, line)
	}
	page.AllItems, page.Flags = q.All, storage.CanManageBank(currentUser(c), r.Bank)
	page.ItemsURL = q.url(func(n *classReportQuery) { n.All, n.Page = !n.All, 1 }) + "#questions"
	var idx []int
	for i, it := range d.Items {
		if it.Students == 0 {
			page.Untried++
			if !q.All {
				continue
			}
		}
		if report.MatchesItem(d.Questions[i], q.Filter) {
			idx = append(idx, i)
		}
	}
	report.OrderItems(d.Questions, d.Items, idx, q.Sort, q.Desc)
	page.Matched, page.Page, page.Pages = len(idx), q.Page, report.Pages(len(idx), report.ItemPageSize)
	if q.Page > page.Pages {
		return errBadRequest("page", fmt.Sprintf("The page parameter asks for page %[4]d, but there %[1]s only %[2]d page%[3]s of questions: choose one of them.", isAre(page.Pages), page.Pages, plural(page.Pages), q.Page))
	}
	for _, i := range idx[min((q.Page-1)*report.ItemPageSize, len(idx)):min(q.Page*report.ItemPageSize, len(idx))] {
		page.Items = append(page.Items, itemLine(r.Bank.ID, d.Questions[i], d.Items[i]))
	}
	page.Filter, page.Hidden = q.Filter, q.hidden()
	for i, label := range itemHeads {
		key := report.ItemSortKeys[i]
		h := views.SortHead{Label: label, Sort: "none", URL: q.url(func(n *classReportQuery) { n.Sort, n.Desc, n.Page = key, false, 1 }) + "#questions"}
		if q.Sort == key {
			h.Sort = "ascending"
			if q.Desc {
				h.Sort = "descending"
			}
			h.URL = q.url(func(n *classReportQuery) { n.Desc, n.Page = !n.Desc, 1 }) + "#questions"
		}
		page.ItemHeads = append(page.ItemHeads, h)
	}
	if page.Pages > 1 {
		for p := 1; p <= page.Pages; p++ {
			page.PageLinks = append(page.PageLinks, views.PageLink{Label: fmt.Sprint(p), Current: p == q.Page,
				URL: q.url(func(n *classReportQuery) { n.Page = p }) + "#questions"})
		}
	}
	return c.Render("class_report", page)
}

// isAre is the verb of a count.
func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// reportDownloads are the class report's downloads: each view in each
// format, of the student when the report is one student's.
func reportDownloads(r *reportRequest) []views.DownloadLink {
	var out []views.DownloadLink
	for _, view := range []string{storage.ViewSummary, storage.ViewProgress, storage.ViewItems} {
		for _, format := range report.Formats {
			v := url.Values{"class": {fmt.Sprint(r.Class.ID)}, "bank": {fmt.Sprint(r.Bank.ID)}, "format": {format}}
			if r.Scope.StudentID != 0 {
				v.Set("student", fmt.Sprint(r.Scope.StudentID))
			}
			out = append(out, views.DownloadLink{Label: view + " " + strings.ToUpper(format), URL: "/reports/" + view + "?" + v.Encode()})
		}
	}
	return out
}

// onTrack is the class's assignment of the report's bank, if any: when it
// is due and how many of the report's students are on track.
func (a *app) onTrack(c *fiber.Ctx, r *reportRequest, d *storage.ClassReport, now time.Time) ([]views.OnTrackLine, error) {
	assignments, err := a.store.AssignmentsOf(c.UserContext(), r.Class.ID)
	if err != nil {
		return nil, err
	}
	total := 0
	for _, q := range d.Questions {
		if !q.Retired {
			total++
		}
	}
	ps := make([]assign.Progress, len(d.Summaries))
	for i, s := range d.Summaries {
		ps[i] = assign.Progress{Total: total, Seen: s.Seen, Mastered: s.Mastered}
	}
	var out []views.OnTrackLine
	for _, as := range assignments {
		if as.BankID != r.Bank.ID {
			continue
		}
		rule := as.Rule()
		t := assign.TallyOf(rule, ps, now)
		line := views.OnTrackLine{Target: "see every question", Complete: t.Complete, OnTrack: t.OnTrack, Behind: t.Behind, Overdue: t.Overdue, NoDueDate: t.NoDueDate}
		if as.TargetMastered > 0 {
			line.Target = fmt.Sprintf("master %d question%s", rule.Goal(total), plural(rule.Goal(total)))
		}
		if as.DueAt != nil {
			line.HasDue, line.Due = true, as.DueAt.In(a.cfg.Location).Format("Monday 2 January 2006, 15:04 MST")
		}
		out = append(out, line)
	}
	return out, nil
}

// itemLine is one question's line of the item analysis, with a link to
// its editor.
func itemLine(bankID uint, q report.Question, it report.Item) views.ItemLine {
	line := views.ItemLine{QuestionID: q.ID, EditURL: editorURL(bankID, q.ID), Topic: q.Topic, Prompt: q.Prompt, Students: it.Students,
		Attempts: it.Attempts, FirstTryRight: percent(it.FirstTryRight), AvgLapses: fmt.Sprintf("%.1f", it.AvgLapses), Discrimination: "–", Flag: report.ItemNote(it), Retired: q.Retired}
	if !math.IsNaN(it.Discrimination) {
		line.Discrimination = fmt.Sprintf("%+.2f", it.Discrimination)
	}
	for _, w := range it.CommonWrong {
		line.CommonWrong = append(line.CommonWrong, views.WrongResponse{Response: w.Response, Count: w.Count})
	}
	return line
}

func topicNames(ts []report.Topic) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}

// reportCharts draws a report's four charts: mastery per topic (the
// average share mastered), answers per day, true retention per week and
// the due forecast.
func reportCharts(d *storage.ClassReport) []views.BarChart {
	var mastery []int
	for i := range d.Topics {
		sum := 0.0
		for _, s := range d.Summaries {
			sum += s.Mastery[i]
		}
		avg := 0
		if len(d.Summaries) > 0 {
			avg = int(math.Round(100 * sum / float64(len(d.Summaries))))
		}
		mastery = append(mastery, avg)
	}
	topicLabels := make([]string, len(d.Topics))
	for i, t := range d.Topics {
		topicLabels[i] = fmt.Sprintf("%s: %d%%", t.Name, mastery[i])
	}
	masteryChart := views.NewBarChart("Mastery per topic (%)", mastery, topicLabels, 600, 120)
	if len(d.Topics) > 0 {
		masteryChart.FirstLabel, masteryChart.LastLabel = d.Topics[0].Name, d.Topics[len(d.Topics)-1].Name
	}
	days := func(title string, dc []storage.DayCount) views.BarChart {
		vals, labels := make([]int, len(dc)), make([]string, len(dc))
		for i, x := range dc {
			vals[i], labels[i] = x.Count, fmt.Sprintf("%s: %d", x.Day.Format("2 Jan"), x.Count)
		}
		ch := views.NewBarChart(title, vals, labels, 600, 120)
		if len(dc) > 0 {
			ch.FirstLabel, ch.LastLabel = dc[0].Day.Format("2 Jan"), dc[len(dc)-1].Day.Format("2 Jan")
		}
		return ch
	}
	retention, rlabels := make([]int, len(d.RetentionWeeks)), make([]string, len(d.RetentionWeeks))
	for i, x := range d.RetentionWeeks {
		if !math.IsNaN(x) {
			retention[i] = int(math.Round(100 * x))
		}
		rlabels[i] = fmt.Sprintf("week of %s: %s", d.WeekStarts[i].Format("2 Jan"), percent(x))
	}
	retChart := views.NewBarChart("True retention per week (%)", retention, rlabels, 600, 120)
	retChart.FirstLabel, retChart.LastLabel = d.WeekStarts[0].Format("2 Jan"), d.WeekStarts[len(d.WeekStarts)-1].Format("2 Jan")
	return []views.BarChart{masteryChart, days("Answers per day, last 30 days", d.ReviewsPerDay), retChart, days("Cards due, next 30 days", d.DueForecast)}
}

// plural is the "s" of a count of more than one.
func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
