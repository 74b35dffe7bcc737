package server

import (
	"fmt"

	"github.com/gofiber/fiber/v2"

	"quizd/storage"
	"quizd/views"
)

// statsShow shows the student's own record in every bank they studied.
func (a *app) statsShow(c *fiber.Ctx) error {
	u := currentUser(c)
	banks, err := a.store.BanksStudied(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	now := a.cfg.Now()
	page := views.StatsPage{Layout: a.layout(c, "Stats", "stats")}
	for _, b := range banks {
		st, err := a.store.StudentStats(c.UserContext(), u.ID, b.ID, now, a.cfg.Location)
		if err != nil {
			return err
		}
		page.Banks = append(page.Banks, statsView(b, st))
	}
	return c.Render("stats", page)
}

func statsView(b *storage.Bank, st *storage.Stats) views.BankStats {
	bs := views.BankStats{Bank: views.BankRef{ID: b.ID, Title: b.Title}, Reviews: st.Reviews, Retention: "–", RetentionCount: st.RetentionCount}
	if st.Retention >= 0 {
		bs.Retention = fmt.Sprintf("%.0f%%", 100*st.Retention)
	}
	chart := func(title string, days []storage.DayCount) views.BarChart {
		values := make([]int, len(days))
		labels := make([]string, len(days))
		for i, d := range days {
			values[i] = d.Count
			labels[i] = fmt.Sprintf("%s: %d", d.Day.Format("2 Jan"), d.Count)
		}
		c := views.NewBarChart(title, values, labels, 600, 120)
		if len(days) > 0 {
			c.FirstLabel, c.LastLabel = days[0].Day.Format("2 Jan"), days[len(days)-1].Day.Format("2 Jan")
		}
		return c
	}
	bs.ReviewsChart = chart("Answers per day, last 30 days", st.ReviewsPerDay)
	bs.ForecastChart = chart("Cards due, next 30 days", st.DueForecast)
	for _, t := range st.Topics {
		row := views.TopicRow{Topic: t.Topic, Questions: t.Questions, Seen: t.Seen, Mastered: t.Mastered}
		if t.Questions > 0 {
			row.Percent = 100 * t.Mastered / t.Questions
		}
		bs.Topics = append(bs.Topics, row)
	}
	return bs
}
