package server

import (
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/helmet"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"

	"quizd/storage"
)

// contentSecurityPolicy allows nothing from outside the server and no
// inline script.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// routes registers every route of the app, in one place.
func (a *app) routes(f *fiber.App, extra func(fiber.Router)) {
	f.Use(a.secureCookies)
	f.Use(recover.New(recover.Config{EnableStackTrace: true, StackTraceHandler: a.logPanic}))
	f.Use(requestid.New(requestid.Config{Generator: randomKey}))
	f.Use(a.logRequests)
	f.Use(helmet.New(helmet.Config{
		ContentSecurityPolicy: contentSecurityPolicy,
		ReferrerPolicy:        "same-origin",
		XFrameOptions:         "DENY",
		HSTSMaxAge:            0,
	}))
	f.Use(a.limitBody)

	f.Get("/healthz", a.health)
	f.Get("/static/:file", a.static)

	api := f.Group("/api/v1")
	api.Post("/login", a.apiLogin)
	api.Post("/signup", a.limitSignups, a.apiSignup)
	authed := api.Group("", a.fresh, a.requireToken)
	authed.Get("/me/settings", a.apiSettingsShow)
	authed.Put("/me/settings", a.apiSettingsSave)
	authed.Put("/me/password", a.apiPassword)
	authed.Delete("/me/token", a.apiTokenRevoke)
	authed.Get("/me/tokens", a.apiTokens)
	authed.Get("/banks", a.apiBanks)
	authed.Get("/banks/:id/next", a.apiNext)
	authed.Post("/banks/:id/answers", a.apiAnswer)
	authed.Delete("/reviews/:id", a.apiUndo)
	authed.Post("/banks/:id/questions/:qid/suspend", a.apiHold(suspendCard))
	authed.Delete("/banks/:id/questions/:qid/suspend", a.apiHold(unsuspendCard))
	authed.Post("/banks/:id/questions/:qid/bury", a.apiHold(buryCard))
	authed.Post("/banks/:id/practice-tests", a.apiPracticeTestCreate)
	authed.Get("/banks/:id/practice-tests/:test", a.apiPracticeTestShow)
	authed.Post("/banks", a.apiBankUpload)
	authed.Put("/banks/:id", a.apiBankReplace)
	authed.Get("/banks/:id/export", a.bankExport)
	authed.Patch("/banks/:id", a.apiBankRename)
	authed.Post("/banks/:id/archive", a.apiBankArchive(true))
	authed.Post("/banks/:id/restore", a.apiBankArchive(false))
	authed.Post("/banks/:id/duplicate", a.apiBankDuplicate)
	authed.Get("/classes", a.apiClasses)
	authed.Post("/classes", a.apiClassCreate)
	authed.Post("/classes/join", a.apiClassJoin)
	authed.Post("/classes/:id/banks", a.apiClassAssign)
	// Running a class (issue 12: class_manage.go).
	authed.Patch("/classes/:id", a.apiClassUpdate)
	authed.Post("/classes/:id/code", a.apiClassCode)
	authed.Get("/classes/:id/students", a.apiClassStudents)
	authed.Delete("/classes/:id/students/:uid", a.apiClassAction(removeStudentAction))
	authed.Delete("/classes/me/:id", a.apiClassAction(leaveAction))
	authed.Delete("/classes/:id/banks/:bank_id", a.apiClassAction(unassignAction))
	authed.Get("/reports/progress", a.reportExport(storage.ViewProgress))
	authed.Get("/reports/summary", a.reportExport(storage.ViewSummary))
	authed.Get("/reports/items", a.reportExport(storage.ViewItems))
	// The question browser and editor (issue 11). The suspend and bury
	// routes above are a student's holds on their card, not these.
	authed.Get("/banks/:id/questions", a.apiQuestionsBrowse)
	authed.Post("/banks/:id/questions", a.apiQuestionCreate)
	authed.Get("/banks/:id/questions/:qid", a.apiQuestionShow)
	authed.Patch("/banks/:id/questions/:qid", a.apiQuestionPatch)
	authed.Delete("/banks/:id/questions/:qid", a.apiQuestionRetire)
	authed.Post("/banks/:id/questions/:qid/restore", a.apiQuestionRestore)
	authed.Post("/banks/:id/questions/:qid/versions/:version/restore", a.apiVersionRestore)
	// Flags: a student flags an answer, the bank's owner decides.
	authed.Post("/reviews/:id/flag", a.apiFlagCreate)
	authed.Get("/banks/:id/flags", a.apiFlagQueue)
	authed.Post("/flags/:id/accept", a.apiFlagDecide(true))
	authed.Post("/flags/:id/reject", a.apiFlagDecide(false))
	// Accounts and administration (issue 12).
	authed.Get("/admin/users", a.apiAdminUsers)
	authed.Post("/admin/users", a.apiAdminUserCreate)
	authed.Patch("/admin/users/:id", a.apiAdminUserChange)
	authed.Post("/users/:id/reset", a.apiResetLink)
	authed.Post("/classes/:id/roster", a.apiClassRoster)
	api.Use(func(c *fiber.Ctx) error { return errNotFound("no such API route") })

	// The session's user first: the CSRF check depends on whether there is one.
	pages := f.Group("", a.fresh, a.loadSessionUser, a.csrf())
	pages.Get("/", a.homeShow)
	pages.Get("/login", a.loginShow)
	pages.Post("/login", a.loginSubmit)
	pages.Get("/signup", a.signupShow)
	pages.Post("/signup", a.limitSignups, a.signupSubmit)
	pages.Post("/logout", a.logout)

	signedIn := a.requireSession
	pages.Get("/banks/:id/study", signedIn, a.studyShow)
	pages.Post("/banks/:id/answer", signedIn, a.studyAnswer)
	pages.Get("/banks/:id/feedback/:review", signedIn, a.feedbackShow)
	pages.Post("/banks/:id/rerate", signedIn, a.studyRerate)
	pages.Post("/banks/:id/undo", signedIn, a.studyUndo)
	pages.Post("/banks/:id/questions/:qid/suspend", signedIn, a.pageHold(suspendCard))
	pages.Post("/banks/:id/questions/:qid/unsuspend", signedIn, a.pageHold(unsuspendCard))
	pages.Post("/banks/:id/questions/:qid/bury", signedIn, a.pageHold(buryCard))
	pages.Get("/banks/:id/practice", signedIn, a.practiceShow)
	pages.Get("/banks/:id/practice/feedback/:answer", signedIn, a.practiceFeedbackShow)
	pages.Post("/banks/:id/practice-tests", signedIn, a.practiceTestCreate)
	pages.Get("/stats", signedIn, a.statsShow)
	pages.Get("/settings", signedIn, a.settingsShow)
	pages.Post("/settings", signedIn, a.settingsSave)
	pages.Get("/password", signedIn, a.passwordShow)
	pages.Post("/password", signedIn, a.passwordSave)
	pages.Get("/classes", signedIn, a.classesShow)
	pages.Post("/classes", signedIn, a.classCreate)
	pages.Post("/classes/join", signedIn, a.classJoin)
	pages.Post("/classes/assign", signedIn, a.classAssign)
	// Running a class (issue 12: class_page.go).
	pages.Get("/classes/:id", signedIn, a.classShow)
	pages.Post("/classes/:id", signedIn, a.classUpdate)
	pages.Post("/classes/:id/code", signedIn, a.classCode)
	pages.Post("/classes/:id/students/:uid/remove", signedIn, a.pageClassAction(removeStudentAction))
	pages.Post("/classes/:id/banks/:bank_id/unassign", signedIn, a.pageClassAction(unassignAction))
	pages.Post("/classes/:id/leave", signedIn, a.pageClassAction(leaveAction))
	pages.Get("/join/:code", a.joinShow)
	pages.Post("/join/:code", signedIn, a.joinSubmit)
	pages.Post("/banks/:id/pace", signedIn, a.paceSave)
	pages.Get("/upload", signedIn, a.uploadShow)
	pages.Post("/upload", signedIn, a.uploadPreview)
	pages.Post("/upload/review", signedIn, a.uploadReview)
	pages.Post("/upload/publish", signedIn, a.uploadPublish)
	pages.Get("/banks/:id/export", signedIn, a.bankExport)
	pages.Get("/banks/:id", signedIn, a.bankShow)
	pages.Post("/banks/:id/rename", signedIn, a.bankRenameSubmit)
	pages.Post("/banks/:id/archive", signedIn, a.bankArchiveSubmit(true))
	pages.Post("/banks/:id/restore", signedIn, a.bankArchiveSubmit(false))
	pages.Post("/banks/:id/duplicate", signedIn, a.bankDuplicateSubmit)
	pages.Get("/reports", signedIn, a.reportsShow)
	pages.Get("/reports/class", signedIn, a.classReportShow)
	pages.Get("/reports/progress", signedIn, a.reportExport(storage.ViewProgress))
	pages.Get("/reports/summary", signedIn, a.reportExport(storage.ViewSummary))
	pages.Get("/reports/items", signedIn, a.reportExport(storage.ViewItems))
	// The question browser and editor (issue 11); "new" before :qid.
	pages.Get("/banks/:id/questions", signedIn, a.questionsShow)
	pages.Get("/banks/:id/questions/new", signedIn, a.questionNewShow)
	pages.Post("/banks/:id/questions", signedIn, a.questionCreate)
	pages.Get("/banks/:id/questions/:qid", signedIn, a.questionEditShow)
	pages.Post("/banks/:id/questions/:qid", signedIn, a.questionSave)
	pages.Post("/banks/:id/questions/:qid/retire", signedIn, a.questionRetire(true))
	pages.Post("/banks/:id/questions/:qid/restore", signedIn, a.questionRetire(false))
	pages.Post("/banks/:id/questions/:qid/versions/:version/restore", signedIn, a.versionRestore)
	// Flags: the form on the feedback page, the owner's queue and decisions.
	pages.Post("/banks/:id/feedback/:review/flag", signedIn, a.feedbackFlag)
	pages.Get("/banks/:id/flags", signedIn, a.flagQueueShow)
	pages.Post("/banks/:id/flags/:flag", signedIn, a.flagDecideForm)
	// Accounts and administration (issue 12).
	pages.Get("/admin/users", signedIn, a.adminUsersShow)
	pages.Post("/admin/users", signedIn, a.adminUserCreate)
	pages.Post("/admin/users/:id", signedIn, a.adminUserChange)
	pages.Post("/users/reset", signedIn, a.resetLinkCreate)
	pages.Get("/reset/:token", a.resetShow)
	pages.Post("/reset/:token", a.resetSave)
	pages.Get("/classes/:id/accounts", signedIn, a.rosterShow)
	pages.Post("/classes/:id/accounts", signedIn, a.rosterUpload)

	if extra != nil {
		extra(f)
	}
	f.Use(func(c *fiber.Ctx) error { return errNotFound("There is no page at this address.") })
}

// logRequests writes one structured line per request: never the query
// string, a body or a header, where passwords and tokens travel.
func (a *app) logRequests(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	if err != nil {
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	a.log.Info("request",
		"method", c.Method(),
		"path", logPath(c.Path()),
		"status", c.Response().StatusCode(),
		"duration_ms", float64(time.Since(start).Microseconds())/1000,
		"request_id", requestID(c),
	)
	return nil
}

func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals(requestid.ConfigDefault.ContextKey).(string)
	return id
}

func (a *app) logPanic(c *fiber.Ctx, e any) {
	a.log.Error("panic", "path", logPath(c.Path()), "request_id", requestID(c), "panic", fmt.Sprint(e), "stack", string(debug.Stack()))
}

func isAPI(c *fiber.Ctx) bool { return strings.HasPrefix(c.Path(), "/api/") }
