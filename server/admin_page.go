package server

import (
	"fmt"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"quizd/storage"
	"quizd/views"
)

// adminUsersShow is the admin's accounts page: a search and a page of
// accounts, each with its forms, and the form that creates one.
func (a *app) adminUsersShow(c *fiber.Ctx) error {
	return a.renderAdminUsers(c, fiber.StatusOK, "", "", views.NewAccountForm{Role: string(storage.Instructor)})
}

// adminNotice is what a form of the admin page did, told on the page it
// redirects to. The address names what happened and the account, never
// the words.
func adminNotice(done string, u *storage.User) string {
	switch done {
	case "created":
		return "Account " + u.Username + " created, as " + string(u.Role) + "."
	case "role":
		return u.Username + " is now " + string(u.Role) + "."
	case "disabled":
		return u.Username + " is disabled: their sessions and tokens have ended, and they can't sign in until you enable the account."
	case "enabled":
		return u.Username + " can sign in again."
	}
	return ""
}

func (a *app) renderAdminUsers(c *fiber.Ctx, status int, errMsg, field string, form views.NewAccountForm) error {
	me := currentUser(c)
	if me.Role != storage.Admin {
		return errForbidden("Only admins may manage accounts.")
	}
	page := views.AdminUsersPage{Layout: a.layout(c, "Accounts", "admin"), Error: errMsg, Field: field, New: form}
	for _, r := range storage.Roles {
		page.Roles = append(page.Roles, string(r))
	}
	f, err := userFilter(c)
	if err != nil {
		e := classify(err)
		page.Error, f = sentenceOf(e.Msg), storage.UserFilter{Limit: 50}
		status = e.Status
	}
	page.Query = f.Query
	ctx := c.UserContext()
	if id, err := strconv.ParseUint(c.Query("user"), 10, 32); err == nil && c.Query("done") != "" {
		if u, err := a.store.UserByID(ctx, uint(id)); err == nil {
			page.Notice = adminNotice(c.Query("done"), u)
		}
	}
	us, total, err := a.store.ListUsers(ctx, f)
	if err != nil {
		return err
	}
	for _, u := range us {
		page.Users = append(page.Users, views.AdminUserRow{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: string(u.Role),
			Disabled: u.Disabled(), Created: u.CreatedAt.In(a.cfg.Location).Format("2 Jan 2006"), Self: u.ID == me.ID})
	}
	switch {
	case total == 0:
		page.Shown = "No accounts."
	case len(us) == 0:
		page.Shown = fmt.Sprintf("No accounts on this page, of %d.", total)
	default:
		page.Shown = fmt.Sprintf("Accounts %d–%d of %d.", f.Offset+1, f.Offset+len(us), total)
	}
	at := func(offset int) string {
		v := url.Values{"offset": {strconv.Itoa(offset)}}
		if f.Query != "" {
			v.Set("q", f.Query)
		}
		return "/admin/users?" + v.Encode()
	}
	if f.Offset > 0 {
		page.Prev = at(max(0, f.Offset-f.Limit))
	}
	if int64(f.Offset+len(us)) < total {
		page.Next = at(f.Offset + f.Limit)
	}
	return c.Status(status).Render("admin_users", page)
}

// adminFailed shows the admin page again with what was wrong, or fails
// for errors that are not the user's.
func (a *app) adminFailed(c *fiber.Ctx, err error, form views.NewAccountForm) error {
	e := classify(err)
	if e.Status >= 500 || e.Status == fiber.StatusForbidden {
		return err
	}
	return a.renderAdminUsers(c, e.Status, sentenceOf(e.Msg), e.Field, form)
}

// adminUserCreate is the create form: with a password it goes back to the
// list; without one it shows the link to set it, once.
func (a *app) adminUserCreate(c *fiber.Ctx) error {
	in := newAccount{Username: postValue(c, "username"), Password: postValue(c, "password"),
		DisplayName: postValue(c, "display_name"), Role: postValue(c, "role")}
	form := views.NewAccountForm{Username: in.Username, DisplayName: in.DisplayName, Role: in.Role}
	u, l, err := a.createAccount(c, currentUser(c), in)
	if err != nil {
		return a.adminFailed(c, err, form)
	}
	if l != nil {
		return a.renderLink(c, fiber.StatusCreated, adminNotice("created", u), l)
	}
	return c.Redirect(fmt.Sprintf("/admin/users?done=created&user=%d&q=%s", u.ID, url.QueryEscape(u.Username)), fiber.StatusSeeOther)
}

// adminUserChange is the role form and the disable and enable buttons.
func (a *app) adminUserChange(c *fiber.Ctx) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var ch storage.AccountChange
	done := ""
	if v := postValue(c, "role"); v != "" {
		r := storage.Role(v)
		ch.Role, done = &r, "role"
	}
	switch postValue(c, "disabled") {
	case "1":
		yes := true
		ch.Disabled, done = &yes, "disabled"
	case "0":
		no := false
		ch.Disabled, done = &no, "enabled"
	case "":
	default:
		return a.adminFailed(c, errBadRequest("disabled", "disabled: must be 1 or 0"), views.NewAccountForm{})
	}
	if done == "" {
		return a.adminFailed(c, errBadRequest("role", "choose a role, or disable or enable the account"), views.NewAccountForm{})
	}
	u, err := a.changeAccount(c, currentUser(c), id, ch)
	if err != nil {
		return a.adminFailed(c, err, views.NewAccountForm{})
	}
	v := url.Values{"done": {done}, "user": {strconv.FormatUint(uint64(u.ID), 10)}}
	if q := postValue(c, "q"); q != "" {
		v.Set("q", q)
	}
	return c.Redirect("/admin/users?"+v.Encode(), fiber.StatusSeeOther)
}
