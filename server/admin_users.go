package server

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"quizd/server/auth"
	"quizd/storage"
)

// The admin's accounts: the API (/api/v1/admin/users) and the page
// (/admin/users, admin_page.go) share what is here.

var errNotAdmin = errForbidden("only admins may manage accounts")

// maxUserQuery bounds a search of the user list, in characters.
const maxUserQuery = 100

type userJSON struct {
	ID          uint    `json:"id"`
	Username    string  `json:"username"`
	DisplayName string  `json:"display_name"`
	Role        string  `json:"role"`
	Disabled    bool    `json:"disabled"`
	DisabledAt  *string `json:"disabled_at,omitempty"`
	CreatedAt   string  `json:"created_at"`
}

func userView(u *storage.User) userJSON {
	out := userJSON{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Role: string(u.Role),
		Disabled: u.Disabled(), CreatedAt: u.CreatedAt.UTC().Format(time.RFC3339)}
	if u.Disabled() {
		at := u.DisabledAt.Format(time.RFC3339)
		out.DisabledAt = &at
	}
	return out
}

// userFilter reads ?q=, ?offset= and ?limit= of a user list, each bounded.
func userFilter(c *fiber.Ctx) (storage.UserFilter, error) {
	f := storage.UserFilter{Query: strings.TrimSpace(c.Query("q")), Limit: 50}
	if n := len([]rune(f.Query)); n > maxUserQuery {
		return f, errBadRequest("q", fmt.Sprintf("q: is %d characters long: search with at most %d", n, maxUserQuery))
	}
	for _, p := range []struct {
		name     string
		to       *int
		min, max int
	}{{"offset", &f.Offset, 0, 1_000_000}, {"limit", &f.Limit, 1, storage.MaxUserPage}} {
		v := c.Query(p.name)
		if v == "" {
			continue
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < p.min || n > p.max {
			return f, errBadRequest(p.name, fmt.Sprintf("%s: must be a whole number from %d to %d, not %q", p.name, p.min, p.max, v))
		}
		*p.to = n
	}
	return f, nil
}

// apiAdminUsers is GET /api/v1/admin/users.
func (a *app) apiAdminUsers(c *fiber.Ctx) error {
	if currentUser(c).Role != storage.Admin {
		return errNotAdmin
	}
	f, err := userFilter(c)
	if err != nil {
		return err
	}
	us, total, err := a.store.ListUsers(c.UserContext(), f)
	if err != nil {
		return err
	}
	out := make([]userJSON, len(us))
	for i, u := range us {
		out[i] = userView(u)
	}
	return c.JSON(fiber.Map{"users": out, "total": total, "offset": f.Offset, "limit": f.Limit})
}

// newAccount is an account an admin asks for.
type newAccount struct {
	Username, Password, DisplayName, Role string
}

// createAccount checks and creates an account. Without a password, it
// also makes the link to set one.
func (a *app) createAccount(c *fiber.Ctx, admin *storage.User, in newAccount) (*storage.User, *issuedLink, error) {
	if admin.Role != storage.Admin {
		return nil, nil, errNotAdmin
	}
	in.Username = strings.TrimSpace(in.Username)
	role := storage.Role(in.Role)
	if !role.Valid() {
		return nil, nil, errBadRequest("role", fmt.Sprintf("role: must be student, instructor or admin, not %q", in.Role))
	}
	if err := auth.CheckUsername(in.Username); err != nil {
		return nil, nil, err
	}
	if err := storage.CheckDisplayName(strings.TrimSpace(in.DisplayName)); err != nil {
		return nil, nil, errBadRequest("display_name", err.Error())
	}
	hash := storage.NoPassword
	if in.Password != "" {
		if err := auth.CheckPolicy(in.Username, in.Password); err != nil {
			return nil, nil, err
		}
		var err error
		if hash, err = auth.HashPassword(in.Password); err != nil {
			return nil, nil, err
		}
	}
	u, err := a.store.CreateAccount(c.UserContext(), storage.NewAccount{Username: in.Username, DisplayName: in.DisplayName, PasswordHash: hash, Role: role})
	if errors.Is(err, storage.ErrExists) {
		return nil, nil, &Error{Status: fiber.StatusConflict, Field: "username", Msg: "username: is taken: choose another", Cause: err}
	}
	if err != nil || hash != storage.NoPassword {
		return u, nil, err
	}
	l, err := a.newResetLink(c, admin, u)
	return u, l, err
}

// apiAdminUserCreate is POST /api/v1/admin/users.
func (a *app) apiAdminUserCreate(c *fiber.Ctx) error {
	if currentUser(c).Role != storage.Admin {
		return errNotAdmin
	}
	var in struct {
		Username    *string `json:"username"`
		Password    *string `json:"password"`
		Role        *string `json:"role"`
		DisplayName *string `json:"display_name"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Username == nil {
		return errBadRequest("username", "username is missing")
	}
	if in.Role == nil {
		return errBadRequest("role", "role is missing: give student, instructor or admin")
	}
	req := newAccount{Username: *in.Username, Role: *in.Role}
	if in.Password != nil {
		if *in.Password == "" {
			return errBadRequest("password", "password: is empty: give one, or leave the field out to get a link to set one")
		}
		req.Password = *in.Password
	}
	if in.DisplayName != nil {
		req.DisplayName = *in.DisplayName
	}
	u, l, err := a.createAccount(c, currentUser(c), req)
	if err != nil {
		return err
	}
	out := struct {
		userJSON
		ResetURL  string `json:"reset_url,omitempty"`
		ExpiresAt string `json:"expires_at,omitempty"`
	}{userJSON: userView(u)}
	if l != nil {
		out.ResetURL, out.ExpiresAt = l.URL, l.ExpiresAt.Format(time.RFC3339)
	}
	return c.Status(fiber.StatusCreated).JSON(out)
}

// changeAccount applies an admin's change, saying so when it would leave
// no enabled admin.
func (a *app) changeAccount(c *fiber.Ctx, admin *storage.User, id uint, ch storage.AccountChange) (*storage.User, error) {
	if admin.Role != storage.Admin {
		return nil, errNotAdmin
	}
	if ch.Role != nil && !ch.Role.Valid() {
		return nil, errBadRequest("role", fmt.Sprintf("role: must be student, instructor or admin, not %q", *ch.Role))
	}
	u, err := a.store.ChangeAccount(c.UserContext(), id, ch, a.cfg.Now())
	if errors.Is(err, storage.ErrLastAdmin) {
		who := "this account is the last enabled admin"
		if id == admin.ID {
			who = "you are the last enabled admin"
		}
		return nil, &Error{Status: fiber.StatusConflict, Cause: err,
			Msg: who + ": make another account admin first, then disable or demote this one"}
	}
	if err != nil {
		return nil, classifyNotFound(err, "no user with this id")
	}
	return u, nil
}

// apiAdminUserChange is PATCH /api/v1/admin/users/:id.
func (a *app) apiAdminUserChange(c *fiber.Ctx) error {
	if currentUser(c).Role != storage.Admin {
		return errNotAdmin
	}
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Role     *string `json:"role"`
		Disabled *bool   `json:"disabled"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Role == nil && in.Disabled == nil {
		return errBadRequest("", "give role, disabled or both")
	}
	var ch storage.AccountChange
	if in.Role != nil {
		r := storage.Role(*in.Role)
		ch.Role = &r
	}
	ch.Disabled = in.Disabled
	u, err := a.changeAccount(c, currentUser(c), id, ch)
	if err != nil {
		return err
	}
	return c.JSON(userView(u))
}
