package server

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"quizd/questions/srs"
	"quizd/storage"
	"quizd/views"
)

// statsFlags is how many of a student's latest flags in a bank the stats
// page tells the outcome of.
const statsFlags = 10

// statsShow shows the student's own record in every bank they studied.
func (a *app) statsShow(c *fiber.Ctx) error {
	u := currentUser(c)
	banks, err := a.store.BanksStudied(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	now := a.cfg.Now()
	page := views.StatsPage{Layout: a.layout(c, "Stats", "stats"), LeechLapses: srs.LeechLapses}
	for _, b := range banks {
		st, err := a.store.StudentStats(c.UserContext(), u.ID, b.ID, now, a.cfg.Location)
		if err != nil {
			return err
		}
		d, err := a.store.ClassReportData(c.UserContext(), storage.ReportScope{BankID: b.ID, StudentID: u.ID}, now, a.cfg.Location)
		if err != nil {
			return err
		}
		bs := statsView(b, st)
		bs.Charts = reportCharts(d)
		if err := a.statsCards(c, u, &bs, page.CSRF, now); err != nil {
			return err
		}
		flags, err := a.store.StudentFlags(c.UserContext(), u.ID, b.ID, statsFlags)
		if err != nil {
			return err
		}
		for i := range flags {
			bs.Flags = append(bs.Flags, flagNote(&flags[i]))
		}
		page.Banks = append(page.Banks, bs)
	}
	return c.Render("stats", page)
}

func statsView(b *storage.Bank, st *storage.Stats) views.BankStats {
	bs := views.BankStats{Bank: views.BankRef{ID: b.ID, Title: b.Title}, Reviews: st.Reviews, Retention: "–", RetentionCount: st.RetentionCount}
	if st.Retention >= 0 {
		bs.Retention = fmt.Sprintf("%.0f%%", 100*st.Retention)
	}
	for _, t := range st.Topics {
		row := views.TopicRow{Topic: t.Topic, Questions: t.Questions, Seen: t.Seen, Mastered: t.Mastered}
		if t.Questions > 0 {
			row.Percent = 100 * t.Mastered / t.Questions
		}
		bs.Topics = append(bs.Topics, row)
	}
	for _, l := range st.Leeches {
		bs.Leeches = append(bs.Leeches, views.LeechRow{Topic: l.Topic, Prompt: l.Prompt, Lapses: l.Lapses})
	}
	return bs
}
