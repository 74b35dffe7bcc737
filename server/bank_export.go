package server

import (
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions/csvbank"
	"quizd/questions/gift"
	"quizd/questions/jsonbank"
	"quizd/storage"
)

// bankExport sends a bank as a file: JSON, CSV or GIFT, each of which
// imports back to the same questions. The file holds the answers, so it
// follows storage.AccessTo's CopyAccess: the owner, an admin, or an
// instructor for a built-in or public bank; never a class joined.
func (a *app) bankExport(c *fiber.Ctx) error {
	u := currentUser(c)
	bank, err := a.bankParam(c)
	if err != nil {
		return err
	}
	if acc, err := a.store.AccessToBank(c.UserContext(), u, bank); err != nil {
		return err
	} else if acc < storage.CopyAccess {
		return errForbidden("you may study this question set but not export it: its answers are for its owner, admins and, for shared sets, instructors")
	}
	b, err := a.store.BankExport(c.UserContext(), bank.ID)
	if err != nil {
		return err
	}
	var data []byte
	var ext, ctype string
	switch format := c.Query("format", "json"); format {
	case "json":
		data, err = jsonbank.Write(b)
		ext, ctype = "json", fiber.MIMEApplicationJSONCharsetUTF8
	case "csv":
		data, err = csvbank.Write(b.Questions)
		ext, ctype = "csv", "text/csv; charset=utf-8"
	case "gift":
		data = gift.Write(b.Questions)
		ext, ctype = "gift", fiber.MIMETextPlainCharsetUTF8
	default:
		return errBadRequest("format", fmt.Sprintf("format must be json, csv or gift, not %q", format))
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, ctype)
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s-%s.%s"`, b.Slug, time.Now().UTC().Format("2006-01-02"), ext))
	return c.Send(data)
}
