package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"quizd/questions"
	"quizd/server/auth"
	"quizd/storage"
)

// The callers of the authorization table, in its column order.
var callers = []string{"anonymous", "student", "another student", "student of another class", "other instructor", "owning instructor", "admin",
	"instructor who joined C"}

// access is what each caller gets from a route, in the order of callers.
type access [8]int

// routeTable gives every route's answer to every kind of caller. A route
// added to the app without a line here fails TestEveryRouteHasAnAccessRule.
//
// The world: the owning instructor owns class C, with the student and
// another student, and a private bank B assigned to it; the other
// instructor owns a class with the student of another class. The student
// has answered a question of B (review R). The instructor who joined C
// did so with its students' join code: they study B and get nothing more.
var routeTable = map[string]access{
	"GET /healthz":                    {200, 200, 200, 200, 200, 200, 200, 200},
	"GET /static/:file":               {200, 200, 200, 200, 200, 200, 200, 200},
	"POST /api/v1/login":              {401, 401, 401, 401, 401, 401, 401, 401}, // wrong password on purpose
	"POST /api/v1/signup":             {409, 409, 409, 409, 409, 409, 409, 409}, // a taken name on purpose
	"GET /api/v1/me/settings":         {401, 200, 200, 200, 200, 200, 200, 200},
	"PUT /api/v1/me/settings":         {401, 200, 200, 200, 200, 200, 200, 200},
	"PUT /api/v1/me/password":         {401, 400, 400, 400, 400, 400, 400, 400}, // wrong current password
	"DELETE /api/v1/me/token":         {401, 204, 204, 204, 204, 204, 204, 204},
	"GET /api/v1/me/tokens":           {401, 200, 200, 200, 200, 200, 200, 200},
	"GET /api/v1/banks":               {401, 200, 200, 200, 200, 200, 200, 200},
	"GET /api/v1/banks/:id/next":      {401, 200, 200, 403, 403, 200, 200, 200},
	"POST /api/v1/banks/:id/answers":  {401, 200, 200, 403, 403, 200, 200, 200},
	"POST /api/v1/banks":              {401, 403, 403, 403, 400, 400, 400, 400}, // no file: past authorization, 400
	"GET /api/v1/banks/:id/export":    {401, 403, 403, 403, 403, 200, 200, 403},
	"GET /api/v1/classes":             {401, 200, 200, 200, 200, 200, 200, 200},
	"POST /api/v1/classes":            {401, 403, 403, 403, 201, 201, 201, 201},
	"POST /api/v1/classes/join":       {401, 404, 404, 404, 404, 404, 404, 404}, // a wrong code on purpose
	"POST /api/v1/classes/:id/banks":  {401, 403, 403, 403, 403, 200, 200, 403},
	"GET /api/v1/reports/progress":    {401, 403, 403, 403, 403, 200, 200, 403},
	"GET /api/v1/reports/summary":     {401, 403, 403, 403, 403, 200, 200, 403},
	"GET /api/v1/reports/items":       {401, 403, 403, 403, 403, 200, 200, 403},
	"GET /":                           {303, 200, 200, 200, 200, 200, 200, 200},
	"GET /login":                      {200, 303, 303, 303, 303, 303, 303, 303},
	"POST /login":                     {401, 401, 401, 401, 401, 401, 401, 401}, // wrong password on purpose
	"GET /signup":                     {200, 303, 303, 303, 303, 303, 303, 303},
	"POST /signup":                    {409, 409, 409, 409, 409, 409, 409, 409}, // a taken name on purpose
	"POST /logout":                    {303, 303, 303, 303, 303, 303, 303, 303},
	"GET /banks/:id/study":            {303, 200, 200, 403, 403, 200, 200, 200},
	"POST /banks/:id/answer":          {303, 303, 303, 403, 403, 303, 303, 303},
	"GET /banks/:id/feedback/:review": {303, 200, 404, 403, 403, 404, 404, 404},
	"POST /banks/:id/rerate":          {303, 303, 404, 403, 403, 404, 404, 404},
	"GET /stats":                      {303, 200, 200, 200, 200, 200, 200, 200},
	"GET /settings":                   {303, 200, 200, 200, 200, 200, 200, 200},
	"POST /settings":                  {303, 303, 303, 303, 303, 303, 303, 303},
	"GET /password":                   {303, 200, 200, 200, 200, 200, 200, 200},
	"POST /password":                  {303, 400, 400, 400, 400, 400, 400, 400}, // wrong current password
	"GET /classes":                    {303, 200, 200, 200, 200, 200, 200, 200},
	"POST /classes":                   {303, 403, 403, 403, 303, 303, 303, 303},
	"POST /classes/join":              {303, 404, 404, 404, 404, 404, 404, 404}, // a wrong code on purpose
	"POST /classes/assign":            {303, 403, 403, 403, 403, 303, 303, 403},
	"GET /upload":                     {303, 403, 403, 403, 200, 200, 200, 200},
	"POST /upload":                    {303, 403, 403, 403, 400, 400, 400, 400}, // no file
	"POST /upload/review":             {303, 403, 403, 403, 422, 422, 422, 422}, // no facts
	"POST /upload/publish":            {303, 404, 404, 404, 404, 404, 404, 404}, // no such preview
	"GET /banks/:id/export":           {303, 403, 403, 403, 403, 200, 200, 403},
	"GET /reports":                    {303, 303, 303, 303, 200, 200, 200, 200},
	"GET /reports/class":              {303, 403, 403, 403, 403, 200, 200, 403},
	"GET /reports/progress":           {303, 403, 403, 403, 403, 200, 200, 403},
	"GET /reports/summary":            {303, 403, 403, 403, 403, 200, 200, 403},
	"GET /reports/items":              {303, 403, 403, 403, 403, 200, 200, 403},

	// Undo, suspend and bury, practice (issue 10). The answer U is the
	// student's latest in B until the answers routes run, which sort
	// after its line: only the student may undo it. T is the student's
	// practice test, P their practice answer; the page undo takes each
	// caller's own latest answer.
	"DELETE /api/v1/reviews/:id":                      {401, 200, 404, 404, 404, 404, 404, 404},
	"POST /api/v1/banks/:id/questions/:qid/suspend":   {401, 200, 200, 403, 403, 200, 200, 200},
	"DELETE /api/v1/banks/:id/questions/:qid/suspend": {401, 200, 200, 403, 403, 200, 200, 200},
	"POST /api/v1/banks/:id/questions/:qid/bury":      {401, 200, 200, 403, 403, 200, 200, 200},
	"POST /api/v1/banks/:id/practice-tests":           {401, 201, 201, 403, 403, 201, 201, 201},
	"GET /api/v1/banks/:id/practice-tests/:test":      {401, 200, 404, 403, 403, 404, 404, 404}, // the student's test T
	"POST /banks/:id/undo":                            {303, 303, 303, 403, 403, 303, 303, 303}, // each caller's own latest answer
	"POST /banks/:id/questions/:qid/suspend":          {303, 303, 303, 403, 403, 303, 303, 303},
	"POST /banks/:id/questions/:qid/unsuspend":        {303, 303, 303, 403, 403, 303, 303, 303},
	"POST /banks/:id/questions/:qid/bury":             {303, 303, 303, 403, 403, 303, 303, 303},
	"GET /banks/:id/practice":                         {303, 200, 200, 403, 403, 200, 200, 200},
	"GET /banks/:id/practice/feedback/:answer":        {303, 200, 404, 403, 403, 404, 404, 404}, // the student's practice answer P
	"POST /banks/:id/practice-tests":                  {303, 303, 303, 403, 403, 303, 303, 303},

	// A bank's management (issue 11): rename, archive and restore for its
	// owner and admins; duplicate for whoever may copy its answers. B is
	// restored after each archive, so that the lines after see it open.
	"PATCH /api/v1/banks/:id":          {401, 403, 403, 403, 403, 200, 200, 403},
	"POST /api/v1/banks/:id/archive":   {401, 403, 403, 403, 403, 200, 200, 403},
	"POST /api/v1/banks/:id/restore":   {401, 403, 403, 403, 403, 200, 200, 403},
	"POST /api/v1/banks/:id/duplicate": {401, 403, 403, 403, 403, 201, 201, 403},
	"GET /banks/:id":                   {303, 403, 403, 403, 403, 200, 200, 403},
	"POST /banks/:id/rename":           {303, 403, 403, 403, 403, 303, 303, 403},
	"POST /banks/:id/archive":          {303, 403, 403, 403, 403, 303, 303, 403},
	"POST /banks/:id/restore":          {303, 403, 403, 403, 403, 303, 303, 403},
	"POST /banks/:id/duplicate":        {303, 403, 403, 403, 403, 303, 303, 403},
	// The question browser and editor (issue 11): the owner and admins
	// only. They work on
	// question cz (see fill), which no other line uses.
	"GET /api/v1/banks/:id/questions":                                 {401, 403, 403, 403, 403, 200, 200, 403},
	"POST /api/v1/banks/:id/questions":                                {401, 403, 403, 403, 403, 201, 201, 403},
	"GET /api/v1/banks/:id/questions/:qid":                            {401, 403, 403, 403, 403, 200, 200, 403},
	"PATCH /api/v1/banks/:id/questions/:qid":                          {401, 403, 403, 403, 403, 200, 200, 403},
	"DELETE /api/v1/banks/:id/questions/:qid":                         {401, 403, 403, 403, 403, 200, 200, 403},
	"POST /api/v1/banks/:id/questions/:qid/restore":                   {401, 403, 403, 403, 403, 200, 200, 403},
	"POST /api/v1/banks/:id/questions/:qid/versions/:version/restore": {401, 403, 403, 403, 403, 200, 200, 403},
	"GET /banks/:id/questions":                                        {303, 403, 403, 403, 403, 200, 200, 403},
	"GET /banks/:id/questions/new":                                    {303, 403, 403, 403, 403, 200, 200, 403},
	"POST /banks/:id/questions":                                       {303, 403, 403, 403, 403, 303, 303, 403},
	"GET /banks/:id/questions/:qid":                                   {303, 403, 403, 403, 403, 200, 200, 403},
	"POST /banks/:id/questions/:qid":                                  {303, 403, 403, 403, 403, 303, 303, 403},
	"POST /banks/:id/questions/:qid/retire":                           {303, 403, 403, 403, 403, 303, 303, 403},
	"POST /banks/:id/questions/:qid/restore":                          {303, 403, 403, 403, 403, 303, 303, 403},
	"POST /banks/:id/questions/:qid/versions/:version/restore":        {303, 403, 403, 403, 403, 303, 303, 403},
	// Flags (issue 11). The student flags their answer A (API) and R
	// (page); F, G and H are open flags of the student's and another
	// student's answers, which the owner accepts (F), rejects (G) and
	// decides on the page (H): the admin, who comes next, is past
	// authorization and finds each decided already (409).
	"POST /api/v1/reviews/:id/flag":         {401, 201, 404, 404, 404, 404, 404, 404},
	"GET /api/v1/banks/:id/flags":           {401, 403, 403, 403, 403, 200, 200, 403},
	"POST /api/v1/flags/:id/accept":         {401, 403, 403, 403, 403, 200, 409, 403},
	"POST /api/v1/flags/:id/reject":         {401, 403, 403, 403, 403, 200, 409, 403},
	"POST /banks/:id/feedback/:review/flag": {303, 303, 404, 403, 403, 404, 404, 404},
	"GET /banks/:id/flags":                  {303, 403, 403, 403, 403, 200, 200, 403},
	"POST /banks/:id/flags/:flag":           {303, 403, 403, 403, 403, 303, 409, 403},
	// Updating a bank from a file (issue 11): only its owner and admins,
	// who get past authorization to the missing file's 400.
	"PUT /api/v1/banks/:id": {401, 403, 403, 403, 403, 400, 400, 403},
	// Running a class (issue 12). V is a student of C whom the remove
	// routes take out; after each call of a route that changes C the
	// world is put back (restoreClass): V, the student, another student
	// and the instructor who joined C in it, B assigned. The join link
	// GET uses C's code; its POST a wrong one, on purpose.
	"PATCH /api/v1/classes/:id":                 {401, 403, 403, 403, 403, 200, 200, 403},
	"POST /api/v1/classes/:id/code":             {401, 403, 403, 403, 403, 200, 200, 403},
	"GET /api/v1/classes/:id/students":          {401, 403, 403, 403, 403, 200, 200, 403},
	"DELETE /api/v1/classes/:id/students/:uid":  {401, 403, 403, 403, 403, 204, 204, 403},
	"DELETE /api/v1/classes/me/:id":             {401, 204, 204, 404, 404, 404, 404, 204}, // only members leave
	"DELETE /api/v1/classes/:id/banks/:bank_id": {401, 403, 403, 403, 403, 204, 204, 403},
	"GET /classes/:id":                          {303, 403, 403, 403, 403, 200, 200, 403},
	"POST /classes/:id":                         {303, 403, 403, 403, 403, 303, 303, 403},
	"POST /classes/:id/code":                    {303, 403, 403, 403, 403, 303, 303, 403},
	"POST /classes/:id/students/:uid/remove":    {303, 403, 403, 403, 403, 303, 303, 403},
	"POST /classes/:id/banks/:bank_id/unassign": {303, 403, 403, 403, 403, 303, 303, 403},
	"POST /classes/:id/leave":                   {303, 303, 303, 404, 404, 404, 404, 303},
	"GET /join/:code":                           {303, 200, 200, 200, 200, 200, 200, 200}, // a page asking "Join C?"
	"POST /join/:code":                          {303, 404, 404, 404, 404, 404, 404, 404}, // a wrong code on purpose
	"POST /banks/:id/pace":                      {303, 303, 303, 403, 403, 303, 303, 303},
	// Accounts and administration (issue 12). The user of /users/:id is
	// the student; the reset token of /reset/:token is none ever issued.
	"GET /api/v1/admin/users":         {401, 403, 403, 403, 403, 403, 200, 403},
	"POST /api/v1/admin/users":        {401, 403, 403, 403, 403, 403, 201, 403},
	"PATCH /api/v1/admin/users/:id":   {401, 403, 403, 403, 403, 403, 200, 403},
	"POST /api/v1/users/:id/reset":    {401, 403, 403, 403, 403, 201, 201, 403},
	"POST /api/v1/classes/:id/roster": {401, 403, 403, 403, 403, 400, 400, 403}, // no file: past authorization, 400
	"GET /admin/users":                {303, 403, 403, 403, 403, 403, 200, 403},
	"POST /admin/users":               {303, 403, 403, 403, 403, 403, 303, 403},
	"POST /admin/users/:id":           {303, 403, 403, 403, 403, 403, 303, 403},
	"POST /users/reset":               {303, 403, 403, 403, 403, 200, 200, 403},
	"GET /reset/:token":               {404, 404, 404, 404, 404, 404, 404, 404},
	"POST /reset/:token":              {404, 404, 404, 404, 404, 404, 404, 404},
	"GET /classes/:id/accounts":       {303, 403, 403, 403, 403, 200, 200, 403},
	"POST /classes/:id/accounts":      {303, 403, 403, 403, 403, 400, 400, 403}, // no file
}

// restoring are the routes that change class C, after each call of
// which restoreClass puts it back.
var restoring = map[string]bool{
	"DELETE /api/v1/classes/:id/students/:uid": true, "DELETE /api/v1/classes/me/:id": true, "DELETE /api/v1/classes/:id/banks/:bank_id": true,
	"POST /classes/:id/students/:uid/remove": true, "POST /classes/:id/banks/:bank_id/unassign": true, "POST /classes/:id/leave": true,
}

// restoreClass puts class C back as the world has it: its members and
// bank B.
func (w *authzWorld) restoreClass(t *testing.T) {
	ctx := context.Background()
	cl, err := w.e.store.ClassByID(ctx, w.class)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"ada", "cal", "joiner", "vic"} {
		u, _, _ := w.e.store.UserByName(ctx, n)
		if _, err := w.e.store.JoinClass(ctx, u.ID, cl.JoinCode); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.e.store.AssignBank(ctx, w.class, w.bank); err != nil {
		t.Fatal(err)
	}
}

// authzWorld builds the world of the table.
type authzWorld struct {
	e        *testEnv
	names    []string // the username of each caller ("" for anonymous)
	bank     uint
	class    uint
	review   uint
	undo     uint // the student's latest answer in B (U)
	test     uint // the student's practice test (T)
	practice uint // the student's practice answer (P)
	flagMe   uint // the student's answer the API flags (A)
	// accept, reject and decide are the open flags F, G and H.
	accept, reject, decide uint
	asset                  string
	browsers               map[string]*browser
	victim                 uint // V, a student of C whom the remove routes take out
}

func newAuthzWorld(t *testing.T) *authzWorld {
	e := newEnv(t, true)
	w := &authzWorld{e: e, names: []string{"", "ada", "cal", "bob", "other", "teacher", "root", "joiner"}, browsers: map[string]*browser{}}
	roles := []storage.Role{"", storage.Student, storage.Student, storage.Student, storage.Instructor, storage.Instructor, storage.Admin, storage.Instructor}
	tokens := map[string]string{}
	for i, n := range w.names[1:] {
		tokens[n] = e.role(n, roles[i+1])
	}
	ctx := context.Background()
	teacher, _, _ := e.store.UserByName(ctx, "teacher")
	other, _, _ := e.store.UserByName(ctx, "other")
	b, err := e.store.UpsertBank(ctx, typesBankSlug("private-b"), storage.BankOptions{OwnerID: &teacher.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.bank = b.Bank.ID
	c, _ := e.store.CreateClass(ctx, teacher.ID, "C")
	d, _ := e.store.CreateClass(ctx, other.ID, "D")
	w.class = c.ID
	e.role("vic", storage.Student)
	vic, _, _ := e.store.UserByName(ctx, "vic")
	w.victim = vic.ID
	for _, n := range []string{"ada", "cal", "joiner", "vic"} {
		u, _, _ := e.store.UserByName(ctx, n)
		e.store.JoinClass(ctx, u.ID, c.JoinCode)
	}
	bob, _, _ := e.store.UserByName(ctx, "bob")
	e.store.JoinClass(ctx, bob.ID, d.JoinCode)
	e.store.AssignBank(ctx, c.ID, w.bank)
	_, body := e.api("POST", fmt.Sprintf("/api/v1/banks/%d/answers", w.bank), tokens["ada"], `{"question_id":"tf","response":"true"}`)
	var ans struct {
		ReviewID uint `json:"review_id"`
	}
	json.Unmarshal([]byte(body), &ans)
	w.review = ans.ReviewID
	_, body = e.api("POST", fmt.Sprintf("/api/v1/banks/%d/practice-tests", w.bank), tokens["ada"], `{"size":2}`)
	var test struct {
		ID uint `json:"id"`
	}
	json.Unmarshal([]byte(body), &test)
	w.test = test.ID
	_, body = e.api("POST", fmt.Sprintf("/api/v1/banks/%d/answers", w.bank), tokens["ada"], `{"question_id":"tf","response":"false","practice":true}`)
	var pa struct {
		PracticeID uint `json:"practice_id"`
	}
	json.Unmarshal([]byte(body), &pa)
	w.practice = pa.PracticeID
	w.flagWorld(t, tokens)
	_, body = e.api("POST", fmt.Sprintf("/api/v1/banks/%d/answers", w.bank), tokens["ada"], `{"question_id":"mc","response":"Armenia"}`)
	json.Unmarshal([]byte(body), &ans)
	w.undo = ans.ReviewID
	if w.review == 0 || w.test == 0 || w.practice == 0 || w.undo == 0 || w.flagMe == 0 || w.accept == 0 || w.reject == 0 || w.decide == 0 {
		t.Fatalf("the world lacks an answer, a test or a practice answer: %d %d %d %d", w.review, w.test, w.practice, w.undo)
	}
	w.asset = strings.TrimPrefix(mustViews(t).AssetPath("app.css"), "/static/")
	return w
}

// flagWorld gives the world the answers and flags of the flag routes:
// the student's answer A to flag, and the open flags F, G and H.
func (w *authzWorld) flagWorld(t *testing.T, tokens map[string]string) {
	answer := func(name, body string) uint {
		_, out := w.e.api("POST", fmt.Sprintf("/api/v1/banks/%d/answers", w.bank), tokens[name], body)
		var a struct {
			ReviewID uint `json:"review_id"`
		}
		json.Unmarshal([]byte(out), &a)
		return a.ReviewID
	}
	flag := func(name string, review uint, reason string) uint {
		status, out := w.e.api("POST", fmt.Sprintf("/api/v1/reviews/%d/flag", review), tokens[name], `{"reason":"`+reason+`"}`)
		var f struct {
			Flag struct {
				ID uint `json:"id"`
			} `json:"flag"`
		}
		json.Unmarshal([]byte(out), &f)
		if status != 201 {
			t.Fatalf("flag of review %d by %s: %d %s", review, name, status, out)
		}
		return f.Flag.ID
	}
	w.accept = flag("ada", answer("ada", `{"question_id":"sa","response":"Pari"}`), "should_count")
	w.flagMe = answer("ada", `{"question_id":"cz","response":"military"}`)
	w.reject = flag("cal", answer("cal", `{"question_id":"tf","response":"false"}`), "should_count")
	w.decide = flag("cal", answer("cal", `{"question_id":"sa","response":"dos"}`), "should_count")
}

// typesBankSlug is the types bank under another slug.
func typesBankSlug(slug string) *questions.Bank {
	b := typesBank()
	b.Slug, b.Title = slug, "Private "+slug
	b.Stamp()
	return b
}

// token gives a fresh API token of a caller (each call, so that revoking
// one changes no other line).
func (w *authzWorld) token(t *testing.T, i int) string {
	if i == 0 {
		return ""
	}
	u, _, err := w.e.store.UserByName(context.Background(), w.names[i])
	if err != nil {
		t.Fatal(err)
	}
	tok, hash, _ := auth.NewToken()
	w.e.store.CreateToken(context.Background(), u.ID, hash, w.e.clock.Now())
	return tok
}

// browser gives a signed-in browser of a caller (a fresh one for sign-out).
func (w *authzWorld) browser(t *testing.T, i int, fresh bool) *browser {
	key := w.names[i]
	if b, ok := w.browsers[key]; ok && !fresh {
		return b
	}
	b := w.e.browser()
	if i > 0 {
		_, page, _ := b.request("GET", "/login", nil)
		if status, _, _ := b.post("/login", page, url.Values{"username": {w.names[i]}, "password": {"correct horse"}}); status != 303 {
			t.Fatalf("sign in %s: %d", w.names[i], status)
		}
	}
	if !fresh {
		w.browsers[key] = b
	}
	return b
}

// fill puts the world's ids and a request's query into a route.
func (w *authzWorld) fill(route string) string {
	if editorRoute(route) {
		route = strings.NewReplacer(":qid", "cz", ":version", "1").Replace(route)
	}
	cl, _ := w.e.store.ClassByID(context.Background(), w.class)
	code := cl.JoinCode
	p := strings.NewReplacer(":id/feedback", fmt.Sprint(w.bank)+"/feedback", ":review", fmt.Sprint(w.review), ":file", w.asset,
		":qid", "sa", ":test", fmt.Sprint(w.test), ":answer", fmt.Sprint(w.practice), ":flag", fmt.Sprint(w.decide),
		":uid", fmt.Sprint(w.victim), ":bank_id", fmt.Sprint(w.bank), ":code", code).Replace(route)
	switch {
	case strings.HasPrefix(p, "/api/v1/classes/me/:id"):
		p = strings.Replace(p, ":id", fmt.Sprint(w.class), 1)
	case strings.HasPrefix(p, "/api/v1/reviews/:id/flag"):
		p = strings.Replace(p, ":id", fmt.Sprint(w.flagMe), 1)
	case strings.HasPrefix(p, "/api/v1/flags/:id/accept"):
		p = strings.Replace(p, ":id", fmt.Sprint(w.accept), 1)
	case strings.HasPrefix(p, "/api/v1/flags/:id/reject"):
		p = strings.Replace(p, ":id", fmt.Sprint(w.reject), 1)
	case strings.HasPrefix(p, "/api/v1/reviews/:id"):
		p = strings.Replace(p, ":id", fmt.Sprint(w.undo), 1)
	case strings.Contains(p, "/users/:id"):
		ada, _, _ := w.e.store.UserByName(context.Background(), "ada")
		p = strings.Replace(p, ":id", fmt.Sprint(ada.ID), 1)
	case strings.HasPrefix(p, "/api/v1/classes/:id"), strings.HasPrefix(p, "/classes/:id"):
		p = strings.Replace(p, ":id", fmt.Sprint(w.class), 1)
	default:
		p = strings.Replace(p, ":id", fmt.Sprint(w.bank), 1)
	}
	switch {
	case strings.Contains(p, "/reports/") || strings.HasSuffix(p, "/reports/class"):
		p += fmt.Sprintf("?bank=%d&class=%d&format=csv", w.bank, w.class)
	case strings.HasSuffix(p, "/export"):
		p += "?format=json"
	}
	return p
}

// editorRoute tells the editor's routes of a question from the
// student's holds on their card, which share its prefix.
func editorRoute(path string) bool {
	return strings.Contains(path, "/questions/:qid") && !strings.HasSuffix(path, "suspend") && !strings.HasSuffix(path, "/bury")
}

// version is the current version of a question of B.
func (w *authzWorld) version(qid string) int {
	q, err := w.e.store.StoredQuestionOf(context.Background(), w.bank, qid)
	if err != nil {
		return 0
	}
	return q.Version
}

// apiBody is the JSON (or form) body each API route gets.
func (w *authzWorld) apiBody(route string, i int) string {
	switch route {
	case "POST /api/v1/login":
		return fmt.Sprintf(`{"username":"nobody%d","password":"wrong"}`, i)
	case "POST /api/v1/signup":
		return `{"username":"ada","password":"a long passphrase"}`
	case "PUT /api/v1/me/settings":
		return `{"desired_retention":0.9,"new_per_day":20}`
	case "PUT /api/v1/me/password":
		return `{"current":"not it","new":"another horse"}`
	case "POST /api/v1/banks/:id/answers":
		return `{"question_id":"fc","rating":3}`
	case "POST /api/v1/banks/:id/practice-tests":
		return `{"size":3}`
	case "POST /api/v1/classes":
		return `{"name":"New class"}`
	case "POST /api/v1/classes/join":
		return `{"code":"WRONGCOD"}`
	case "POST /api/v1/classes/:id/banks":
		return fmt.Sprintf(`{"bank_id":%d}`, w.bank)
	case "PATCH /api/v1/banks/:id":
		return `{"title":"Private B, renamed"}`
	case "POST /api/v1/banks/:id/questions":
		return fmt.Sprintf(`{"type":"flashcard","topic":"t","prompt":"Added by caller %d?","answer":"yes"}`, i)
	case "PATCH /api/v1/banks/:id/questions/:qid":
		return fmt.Sprintf(`{"version":%d,"explanation":"Edited by caller %d."}`, w.version("cz"), i)
	case "POST /api/v1/banks/:id/questions/:qid/versions/:version/restore":
		return fmt.Sprintf(`{"version":%d}`, w.version("cz"))
	case "POST /api/v1/reviews/:id/flag":
		return `{"reason":"typo","comment":"The blank needs an article."}`
	case "PATCH /api/v1/classes/:id":
		return `{"name":"C"}`
	case "POST /api/v1/admin/users":
		return fmt.Sprintf(`{"username":"made%d","role":"instructor"}`, i)
	case "PATCH /api/v1/admin/users/:id":
		return `{"role":"student"}`
	}
	return ""
}

// pageForm is the form each page POST gets.
func (w *authzWorld) pageForm(route string, i int) url.Values {
	switch route {
	case "POST /login":
		return url.Values{"username": {fmt.Sprintf("nobody%d", i)}, "password": {"wrong"}}
	case "POST /signup":
		return url.Values{"username": {"ada"}, "password": {"a long passphrase"}}
	case "POST /banks/:id/answer":
		return url.Values{"question_id": {"mc"}, "response": {"Armenia"}}
	case "POST /banks/:id/rerate":
		return url.Values{"review_id": {fmt.Sprint(w.review)}, "rating": {"3"}}
	case "POST /banks/:id/undo":
		return url.Values{"review_id": {fmt.Sprint(w.latest(i))}}
	case "POST /banks/:id/practice-tests":
		return url.Values{"size": {"3"}}
	case "POST /settings":
		return url.Values{"desired_retention": {"0.9"}, "new_per_day": {"20"}}
	case "POST /password":
		return url.Values{"current": {"not it"}, "new": {"another horse"}}
	case "POST /classes":
		return url.Values{"name": {"New class"}}
	case "POST /classes/join":
		return url.Values{"code": {"WRONGCOD"}}
	case "POST /classes/assign":
		return url.Values{"class_id": {fmt.Sprint(w.class)}, "bank_id": {fmt.Sprint(w.bank)}}
	case "POST /upload/publish":
		return url.Values{"token": {"no-such-preview"}}
	case "POST /banks/:id/rename":
		return url.Values{"title": {"Private B, renamed"}}
	case "POST /banks/:id/archive":
		return url.Values{"confirm": {"yes"}}
	case "POST /banks/:id/questions":
		return url.Values{"type": {"flashcard"}, "topic": {"t"}, "prompt": {fmt.Sprintf("Added on the page by caller %d?", i)}, "answer": {"yes"}}
	case "POST /banks/:id/questions/:qid":
		return url.Values{"version": {fmt.Sprint(w.version("cz"))}, "type": {"cloze"}, "topic": {"charter"},
			"prompt": {"Members prefer " + questions.Blank + " means."}, "answer": {"political"}, "explanation": {fmt.Sprintf("Saved by caller %d.", i)}}
	case "POST /banks/:id/questions/:qid/versions/:version/restore":
		return url.Values{"version": {fmt.Sprint(w.version("cz"))}}
	case "POST /banks/:id/feedback/:review/flag":
		return url.Values{"reason": {"typo"}, "comment": {"A typo."}}
	case "POST /banks/:id/flags/:flag":
		return url.Values{"decision": {"accept"}}
	case "POST /classes/:id":
		return url.Values{"name": {"C"}}
	case "POST /banks/:id/pace":
		return url.Values{"new_per_day": {"20"}, "desired_retention": {""}}
	case "POST /admin/users":
		return url.Values{"username": {fmt.Sprintf("madepage%d", i)}, "role": {"instructor"}, "password": {"a long passphrase"}}
	case "POST /admin/users/:id":
		return url.Values{"role": {"student"}}
	case "POST /users/reset":
		return url.Values{"username": {"ada"}}
	}
	return url.Values{}
}

// latest is the id of a caller's latest answer in B (0 for none).
func (w *authzWorld) latest(i int) uint {
	u, _, err := w.e.store.UserByName(context.Background(), w.names[i])
	if err != nil {
		return 0
	}
	id, _ := w.e.store.LatestReview(context.Background(), u.ID, w.bank)
	return id
}

func (w *authzWorld) call(t *testing.T, route string, i int) int {
	status := w.callOnce(t, route, i)
	if strings.HasSuffix(route, "/:id/archive") {
		// B open again for the lines after.
		if _, err := w.e.store.RestoreBank(context.Background(), w.bank); err != nil {
			t.Fatal(err)
		}
	}
	return status
}

func (w *authzWorld) callOnce(t *testing.T, route string, i int) int {
	method, path, _ := strings.Cut(route, " ")
	target := w.fill(path)
	if route == "POST /join/:code" {
		target = "/join/WRONGCOD"
	}
	if strings.HasPrefix(path, "/api/") || path == "/healthz" || path == "/static/:file" {
		if route == "POST /api/v1/banks" || route == "PUT /api/v1/banks/:id" || route == "POST /api/v1/classes/:id/roster" {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			mw.WriteField("title", "x")
			mw.Close()
			req := httptest.NewRequest(method, target, &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			if tok := w.token(t, i); tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			status, _, _ := w.e.do(req)
			return status
		}
		status, _ := w.e.api(method, target, w.token(t, i), w.apiBody(route, i))
		return status
	}
	b := w.browser(t, i, route == "POST /logout")
	if method == http.MethodGet {
		status, _, _ := b.request("GET", target, nil)
		return status
	}
	_, page, _ := b.request("GET", "/settings", nil)
	if i == 0 {
		_, page, _ = b.request("GET", "/login", nil)
	}
	if route == "POST /upload" || route == "POST /classes/:id/accounts" {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("_csrf", b.csrf(page))
		mw.Close()
		req := httptest.NewRequest("POST", target, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		for k, v := range b.cookies {
			req.AddCookie(&http.Cookie{Name: k, Value: v})
		}
		status, _, _ := w.e.do(req)
		return status
	}
	status, _, _ := b.post(target, page, w.pageForm(route, i))
	return status
}

func TestEveryRouteHasAnAccessRule(t *testing.T) {
	w := newAuthzWorld(t)
	seen := map[string]bool{}
	var routes []string
	for _, r := range w.e.app.GetRoutes(true) {
		if r.Method == http.MethodHead || r.Path == "/" && r.Method != http.MethodGet {
			continue
		}
		key := r.Method + " " + r.Path
		if seen[key] {
			continue
		}
		seen[key] = true
		routes = append(routes, key)
		if _, ok := routeTable[key]; !ok {
			t.Errorf("route %s has no line in the access table", key)
		}
	}
	for key := range routeTable {
		if !seen[key] {
			t.Errorf("the access table names %s, which the app does not have", key)
		}
	}
	sort.Strings(routes)
	cells := 0
	for _, route := range routes {
		want, ok := routeTable[route]
		if !ok {
			continue
		}
		if slices.Contains(want[:], 0) {
			t.Errorf("the line of %s has fewer answers than there are callers", route)
		}
		for i := range callers {
			got := w.call(t, route, i)
			if restoring[route] {
				w.restoreClass(t)
			}
			cells++
			if got != want[i] {
				t.Errorf("%s as %s: %d, want %d", route, callers[i], got, want[i])
			}
		}
	}
	t.Logf("access table: %d routes × %d callers = %d answers checked", len(routes), len(callers), cells)
}
