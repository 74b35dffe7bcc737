package server

import (
	"github.com/gofiber/fiber/v2"

	"quizd/storage"
	"quizd/views"
)

// homeShow lists the banks with what is due in each.
func (a *app) homeShow(c *fiber.Ctx) error {
	u := currentUser(c)
	if u == nil {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	banks, err := a.store.VisibleBanks(c.UserContext(), u)
	if err != nil {
		return err
	}
	page := views.HomePage{Layout: a.layout(c, "Study", "study")}
	for _, b := range banks {
		n, _, err := a.next(c, u, b.ID)
		if err != nil {
			return err
		}
		card := views.BankCard{ID: b.ID, Title: b.Title, Questions: b.QuestionCount, Due: n.DueCount, New: n.NewCount,
			Manage: storage.CanManageBank(u, b), Archived: b.Archived}
		if b.Source.Author != "" {
			card.Source = "After " + b.Source.Author
		}
		page.Banks = append(page.Banks, card)
	}
	return c.Render("home", page)
}
