package server

import (
	"bufio"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/questions"
	"quizd/questions/report"
	"quizd/storage"
)

// reportRequest is a report asked for: the view, the scope and the format.
type reportRequest struct {
	View   string
	Scope  storage.ReportScope
	Format string
	Bank   *storage.Bank
	Class  *storage.Class
	// Name is who the report is about, for the file name.
	Name string
}

func optionalID(c *fiber.Ctx, name string) (uint, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	return parseID(name, name, v)
}

// reportScope reads and authorises a report request: a student may see
// their own progress; an instructor the students of their classes; an
// admin everyone.
func (a *app) reportScope(c *fiber.Ctx, view string) (*reportRequest, error) {
	u := currentUser(c)
	r := &reportRequest{View: view, Format: c.Query("format", "csv")}
	if !slices.Contains(report.Formats, r.Format) {
		return nil, errBadRequest("format", fmt.Sprintf("format must be csv, json or xlsx, not %q", r.Format))
	}
	bankID, err := optionalID(c, "bank")
	if err != nil {
		return nil, err
	}
	if bankID == 0 {
		return nil, errBadRequest("bank", "bank: give the bank id (bank=ID)")
	}
	classID, err := optionalID(c, "class")
	if err != nil {
		return nil, err
	}
	studentID, err := optionalID(c, "student")
	if err != nil {
		return nil, err
	}
	ctx := c.UserContext()
	bank, err := a.store.BankByID(ctx, bankID)
	if err != nil {
		return nil, classifyNotFound(err, "bank: no bank with this id")
	}
	access, err := a.store.AccessToBank(ctx, u, bank)
	if err != nil {
		return nil, err
	}
	if access < storage.StudyAccess {
		return nil, errForbidden("this bank is not open to you")
	}
	r.Bank, r.Scope = bank, storage.ReportScope{BankID: bank.ID, ClassID: classID, StudentID: studentID}
	if classID != 0 {
		if r.Class, err = a.store.ClassByID(ctx, classID); err != nil {
			return nil, classifyNotFound(err, "class: no class with this id")
		}
		r.Name = r.Class.Name
	}
	switch u.Role {
	case storage.Admin:
	case storage.Instructor:
		if r.Class == nil && studentID == 0 {
			return nil, errBadRequest("class", "class: give the class the report is about (class=ID)")
		}
		if r.Class != nil && !storage.CanManageClass(u, r.Class) {
			return nil, errForbidden("this class is another instructor's")
		}
		if studentID != 0 {
			var ok bool
			if r.Class != nil {
				ok, err = a.store.IsMember(ctx, r.Class.ID, studentID)
			} else {
				ok, err = a.store.InstructorOf(ctx, u.ID, studentID)
			}
			if err != nil {
				return nil, err
			}
			if !ok && studentID != u.ID {
				return nil, errForbidden("this student is not in your classes")
			}
		}
	default:
		if r.Class != nil || (studentID != 0 && studentID != u.ID) || view != storage.ViewProgress {
			return nil, errForbidden("students may see their own progress only")
		}
		r.Scope.StudentID = u.ID
	}
	// One's own progress needs study access; anyone else's, teaching: an
	// instructor who joined another's class reports on its bank for no
	// class of theirs.
	if (r.Scope.StudentID != u.ID || r.Class != nil) && access < storage.TeachAccess {
		return nil, errForbidden("this bank is not one you teach: reports on it are for its owner and the instructors of the classes it is assigned to")
	}
	if r.Scope.StudentID != 0 {
		st, err := a.store.UserByID(ctx, r.Scope.StudentID)
		if err != nil {
			return nil, classifyNotFound(err, "student: no student with this id")
		}
		r.Name = st.Username
	}
	if r.Scope.ClassID == 0 && r.Scope.StudentID == 0 {
		r.Name = "all"
	}
	return r, nil
}

// reportExport streams a report: rows are written as they are read, so a
// class of any size exports in constant memory.
func (a *app) reportExport(view string) fiber.Handler {
	return func(c *fiber.Ctx) error {
		r, err := a.reportScope(c, view)
		if err != nil {
			return err
		}
		cols, err := a.store.ReportColumns(c.UserContext(), view, r.Bank.ID)
		if err != nil {
			return err
		}
		now := a.cfg.Now()
		filename := fmt.Sprintf("report-%s-%s-%s-%s.%s", view, questions.Slugify(r.Name), r.Bank.Slug, now.Format("2006-01-02"), r.Format)
		c.Set(fiber.HeaderContentType, report.ContentType(r.Format))
		c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="%s"`, filename))
		rid := requestID(c)
		c.Context().SetBodyStreamWriter(func(bw *bufio.Writer) {
			// The handler has returned: the request's context is gone. The
			// export still stops when the server cancels its requests.
			ctx, cancel := context.WithTimeout(a.cfg.BaseContext, 30*time.Minute)
			defer cancel()
			w, err := report.NewWriter(r.Format, bw, reportSheet(view), cols)
			if err == nil {
				_, err = a.store.WriteReport(ctx, view, r.Scope, w, now)
				if cerr := w.Close(); err == nil {
					err = cerr
				}
			}
			if err != nil {
				a.log.Error("report export", "view", view, "request_id", rid, "error", err)
			}
		})
		return nil
	}
}

func reportSheet(view string) string {
	switch view {
	case storage.ViewSummary:
		return "Summary"
	case storage.ViewItems:
		return "Items"
	}
	return "Progress"
}
