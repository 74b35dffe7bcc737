package server

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"quizd/questions/report"
	"quizd/views"
)

// classReportQuery is how the class report's item table is shown: every
// question or the tried ones, filtered, sorted, and which page.
type classReportQuery struct {
	ClassID, BankID, StudentID uint
	All                        bool
	Filter                     string
	Sort                       string
	Desc                       bool
	Page                       int
}

// flagParam reads a parameter that is 1 or 0 (or absent, for 0).
func flagParam(c *fiber.Ctx, name string) (bool, error) {
	switch v := c.Query(name); v {
	case "", "0":
		return false, nil
	case "1":
		return true, nil
	default:
		return false, errBadRequest(name, fmt.Sprintf("The %s parameter must be 1 or 0, not %q: leave it out for the default.", name, clipParam(v)))
	}
}

// clipParam shortens a bad parameter for an error message.
func clipParam(v string) string {
	if utf8.RuneCountInString(v) > 40 {
		return string([]rune(v)[:40]) + "…"
	}
	return v
}

// parseClassReportQuery reads the item table's parameters: all, q (at
// most report.MaxFilter characters), sort (a column of
// report.ItemSortKeys), desc and page (from 1).
func parseClassReportQuery(c *fiber.Ctx, r *reportRequest) (classReportQuery, error) {
	q := classReportQuery{ClassID: r.Class.ID, BankID: r.Bank.ID, StudentID: r.Scope.StudentID, Page: 1}
	var err error
	if q.All, err = flagParam(c, "all"); err != nil {
		return q, err
	}
	if q.Desc, err = flagParam(c, "desc"); err != nil {
		return q, err
	}
	q.Filter = strings.TrimSpace(c.Query("q"))
	if n := utf8.RuneCountInString(q.Filter); n > report.MaxFilter || !utf8.ValidString(q.Filter) {
		return q, errBadRequest("q", fmt.Sprintf("The q parameter, the filter of the questions, must be text of at most %d characters, not %d: shorten it.", report.MaxFilter, n))
	}
	q.Sort = c.Query("sort")
	if q.Sort != "" && !slices.Contains(report.ItemSortKeys, q.Sort) {
		return q, errBadRequest("sort", fmt.Sprintf("The sort parameter must be one of %s, not %q: choose a column by its heading.", strings.Join(report.ItemSortKeys, ", "), clipParam(q.Sort)))
	}
	if v := c.Query("page"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return q, errBadRequest("page", fmt.Sprintf("The page parameter must be a whole number from 1, not %q: use the page links under the questions.", clipParam(v)))
		}
		q.Page = n
	}
	return q, nil
}

// url is the report's address with the query changed by change; a
// change of anything but the page starts again at page 1.
func (q classReportQuery) url(change func(*classReportQuery)) string {
	n := q
	if change != nil {
		change(&n)
	}
	v := url.Values{}
	v.Set("class", strconv.FormatUint(uint64(n.ClassID), 10))
	v.Set("bank", strconv.FormatUint(uint64(n.BankID), 10))
	if n.StudentID != 0 {
		v.Set("student", strconv.FormatUint(uint64(n.StudentID), 10))
	}
	if n.All {
		v.Set("all", "1")
	}
	if n.Filter != "" {
		v.Set("q", n.Filter)
	}
	if n.Sort != "" {
		v.Set("sort", n.Sort)
		if n.Desc {
			v.Set("desc", "1")
		}
	}
	if n.Page > 1 {
		v.Set("page", strconv.Itoa(n.Page))
	}
	return "/reports/class?" + v.Encode()
}

// hidden are the parameters the item filter's form keeps.
func (q classReportQuery) hidden() []views.HiddenField {
	out := []views.HiddenField{{Name: "class", Value: fmt.Sprint(q.ClassID)}, {Name: "bank", Value: fmt.Sprint(q.BankID)}}
	if q.StudentID != 0 {
		out = append(out, views.HiddenField{Name: "student", Value: fmt.Sprint(q.StudentID)})
	}
	if q.All {
		out = append(out, views.HiddenField{Name: "all", Value: "1"})
	}
	if q.Sort != "" {
		out = append(out, views.HiddenField{Name: "sort", Value: q.Sort})
		if q.Desc {
			out = append(out, views.HiddenField{Name: "desc", Value: "1"})
		}
	}
	return out
}
