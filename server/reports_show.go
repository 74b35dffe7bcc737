package server

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

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

// classReportShow is the printable report of a class on a bank.
func (a *app) classReportShow(c *fiber.Ctx) error {
	r, err := a.reportScope(c, storage.ViewSummary)
	if err != nil {
		return err
	}
	if r.Class == nil {
		return errBadRequest("class", "class: give the class the report is about (class=ID)")
	}
	now := a.cfg.Now()
	d, err := a.store.ClassReportData(c.UserContext(), r.Scope, now, a.cfg.Location)
	if err != nil {
		return err
	}
	page := views.ClassReportPage{Layout: a.layout(c, r.Class.Name, "reports"), Class: r.Class.Name, Bank: r.Bank.Title,
		ClassID: r.Class.ID, BankID: r.Bank.ID, Date: now.In(a.cfg.Location).Format("2 January 2006"), Students: len(d.Students)}
	page.TopicNames = topicNames(d.Topics)
	page.Charts = reportCharts(d)

	for i, s := range d.Summaries {
		line := views.SummaryLine{Student: d.Students[i].Username, Seen: s.Seen, Mastered: s.Mastered, DueNow: s.DueNow,
			Accuracy: percent(s.Accuracy), Retention: percent(s.Retention), TimeSpent: s.TimeSpent.Round(time.Second).String(), LastActive: "never"}
		if !s.LastActive.IsZero() {
			line.LastActive = s.LastActive.In(a.cfg.Location).Format("2 Jan 15:04")
		}
		for _, m := range s.Mastery {
			line.Mastery = append(line.Mastery, percent(m))
		}
		page.Rows = append(page.Rows, line)
	}
	page.AllItems, page.Flags = c.Query("all") == "1", storage.CanManageBank(currentUser(c), r.Bank)
	page.ItemsURL = fmt.Sprintf("/reports/class?class=%d&bank=%d", r.Class.ID, r.Bank.ID)
	if !page.AllItems {
		page.ItemsURL += "&all=1"
	}
	page.ItemsURL += "#questions"
	for i, it := range d.Items {
		if it.Students == 0 {
			page.Untried++
			if !page.AllItems {
				continue
			}
		}
		page.Items = append(page.Items, itemLine(r.Bank.ID, d.Questions[i], it))
	}
	return c.Render("class_report", page)
}

// itemLine is one question's line of the item analysis, with a link to
// its editor.
func itemLine(bankID uint, q report.Question, it report.Item) views.ItemLine {
	line := views.ItemLine{QuestionID: q.ID, EditURL: editorURL(bankID, q.ID), Topic: q.Topic, Prompt: q.Prompt, Students: it.Students,
		Attempts: it.Attempts, FirstTryRight: percent(it.FirstTryRight), AvgLapses: fmt.Sprintf("%.1f", it.AvgLapses), Discrimination: "–", Flag: itemFlag(it), Retired: q.Retired}
	if !math.IsNaN(it.Discrimination) {
		line.Discrimination = fmt.Sprintf("%+.2f", it.Discrimination)
	}
	for _, w := range it.CommonWrong {
		line.CommonWrong = append(line.CommonWrong, views.WrongResponse{Response: w.Response, Count: w.Count})
	}
	return line
}

// itemFlag names what an item's figures suggest to look at.
func itemFlag(it report.Item) string {
	if it.Leeches > 0 {
		return fmt.Sprintf("leech for %d student%s", it.Leeches, plural(it.Leeches))
	}
	switch {
	case it.Students < 5:
		return ""
	case it.FirstTryRight >= 0.95:
		return "too easy?"
	case it.FirstTryRight <= 0.2:
		return "too hard?"
	case !math.IsNaN(it.Discrimination) && it.Discrimination < 0:
		return "misleading?"
	}
	return ""
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
