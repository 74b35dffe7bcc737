package server

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"quizd/storage"
)

// manageEnv: the teacher owns the private bank P, assigned to their class
// with the student ada, who has answered in it; B is the bundled bank.
type manageEnv struct {
	*testEnv
	teacher, other, admin, ada string
	private, bundled           uint
	class                      uint
}

func newManageEnv(t *testing.T) *manageEnv {
	e := newEnv(t, true)
	m := &manageEnv{testEnv: e}
	m.teacher = e.role("teacher", storage.Instructor)
	m.other = e.role("other", storage.Instructor)
	m.admin = e.role("root", storage.Admin)
	m.ada = e.user("ada")
	ctx := context.Background()
	teacher, _, _ := e.store.UserByName(ctx, "teacher")
	p, err := e.store.UpsertBank(ctx, typesBankSlug("period-b"), storage.BankOptions{OwnerID: &teacher.ID})
	if err != nil {
		t.Fatal(err)
	}
	m.private = p.Bank.ID
	bundled := typesBankSlug("bundled")
	bundled.Title = "The bundled set"
	b, err := e.store.UpsertBank(ctx, bundled, storage.BankOptions{Builtin: true})
	if err != nil {
		t.Fatal(err)
	}
	m.bundled = b.Bank.ID
	cl, err := e.store.CreateClass(ctx, teacher.ID, "C")
	if err != nil {
		t.Fatal(err)
	}
	m.class = cl.ID
	ada, _, _ := e.store.UserByName(ctx, "ada")
	if _, err := e.store.JoinClass(ctx, ada.ID, cl.JoinCode); err != nil {
		t.Fatal(err)
	}
	if err := e.store.AssignBank(ctx, cl.ID, m.private); err != nil {
		t.Fatal(err)
	}
	if status, body := e.api("POST", fmt.Sprintf("/api/v1/banks/%d/answers", m.private), m.ada, `{"question_id":"tf","response":"true"}`); status != 200 {
		t.Fatalf("ada's answer: %d %s", status, body)
	}
	return m
}

// bankIDs lists the ids GET /api/v1/banks gives a caller, with archived.
func (m *manageEnv) bankIDs(t *testing.T, token string) map[uint]bool {
	t.Helper()
	status, body := m.api("GET", "/api/v1/banks", token, "")
	var out struct {
		Banks []struct {
			ID       uint `json:"id"`
			Archived bool `json:"archived"`
		} `json:"banks"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil || status != 200 {
		t.Fatalf("GET /api/v1/banks: %d %s", status, body)
	}
	ids := map[uint]bool{}
	for _, b := range out.Banks {
		ids[b.ID] = b.Archived
	}
	return ids
}

func TestBankManagementAPI(t *testing.T) {
	m := newManageEnv(t)
	p := fmt.Sprintf("/api/v1/banks/%d", m.private)
	bundled := fmt.Sprintf("/api/v1/banks/%d", m.bundled)
	steps := []struct {
		name, method, url, caller, body string
		wantStatus                      int
		wantContains                    string
	}{
		// Rename.
		{"rename", "PATCH", p, m.teacher, `{"title":"  Period B "}`, 200, `"bank":{"id":` + fmt.Sprint(m.private) + `,"slug":"period-b","title":"Period B","question_count":7,"archived":false}`},
		{"rename by an admin", "PATCH", p, m.admin, `{"title":"Period B"}`, 200, `"title":"Period B"`},
		{"rename without a title", "PATCH", p, m.teacher, `{}`, 400, `"field":"title"`},
		{"rename to null", "PATCH", p, m.teacher, `{"title":null}`, 400, `"field":"title"`},
		{"rename to nothing", "PATCH", p, m.teacher, `{"title":"  "}`, 422, `"error":"title: is empty: give the question set a title","field":"title"`},
		{"rename to two lines", "PATCH", p, m.teacher, `{"title":"a\nb"}`, 422, `"field":"title"`},
		{"rename too long", "PATCH", p, m.teacher, `{"title":"` + strings.Repeat("x", 301) + `"}`, 422, "shorten it to 300"},
		{"rename to a number", "PATCH", p, m.teacher, `{"title":5}`, 400, `"field":"title"`},
		{"rename with an unknown field", "PATCH", p, m.teacher, `{"title":"X","slug":"x"}`, 400, `"field":"slug"`},
		{"rename not JSON", "PATCH", p, m.teacher, `{"title":`, 400, "ends before"},
		{"rename a bad id", "PATCH", "/api/v1/banks/abc", m.teacher, `{"title":"X"}`, 400, `"field":"id"`},
		{"rename no bank", "PATCH", "/api/v1/banks/999", m.teacher, `{"title":"X"}`, 404, "no bank"},
		{"rename by a student of its class", "PATCH", p, m.ada, `{"title":"Mine"}`, 403, "owner or an admin"},
		{"rename by another instructor", "PATCH", p, m.other, `{"title":"Mine"}`, 403, "not open to you"},
		{"rename the bundled bank as an instructor", "PATCH", bundled, m.teacher, `{"title":"Mine"}`, 403, "admins only: make your own copy"},
		{"rename the bundled bank as an admin", "PATCH", bundled, m.admin, `{"title":"Bundled, renamed"}`, 200, `"title":"Bundled, renamed"`},
		{"rename without a token", "PATCH", p, "", `{"title":"X"}`, 401, "Bearer"},

		// Archive: hidden from the student, kept for the owner.
		{"archive by a student", "POST", p + "/archive", m.ada, "", 403, "owner or an admin"},
		{"archive by another instructor", "POST", p + "/archive", m.other, "", 403, "not open to you"},
		{"archive with an unknown field", "POST", p + "/archive", m.teacher, `{"now":true}`, 400, `"field":"now"`},
		{"archive", "POST", p + "/archive", m.teacher, "", 200, `"archived":true`},
		{"archive again", "POST", p + "/archive", m.teacher, `{}`, 200, `"archived":true`},
		{"the student's next card", "GET", p + "/next", m.ada, "", 403, "archived"},
		{"the student's answer", "POST", p + "/answers", m.ada, `{"question_id":"fc","rating":3}`, 403, "archived"},
		{"the student's practice test", "POST", p + "/practice-tests", m.ada, `{"size":2}`, 403, "archived"},
		{"the student's hold", "POST", p + "/questions/fc/suspend", m.ada, "", 403, "archived"},
		{"the student's class", "GET", "/api/v1/classes", m.ada, "", 200, `"bank_ids":[]`},
		{"the owner's class", "GET", "/api/v1/classes", m.teacher, "", 200, fmt.Sprintf(`"bank_ids":[],"archived":false,"archived_bank_ids":[%d]`, m.private)},
		{"assign the archived bank", "POST", fmt.Sprintf("/api/v1/classes/%d/banks", m.class), m.teacher, fmt.Sprintf(`{"bank_id":%d}`, m.private), 409, "archived: restore it"},
		{"the owner's report", "GET", fmt.Sprintf("/api/v1/reports/progress?bank=%d&class=%d&format=json", m.private, m.class), m.teacher, "", 200, `"tf"`},
		{"the owner's export", "GET", p + "/export?format=json", m.teacher, "", 200, `"questions"`},
		{"the owner may copy it", "POST", p + "/duplicate", m.teacher, `{"title":"Period B, again"}`, 201, `"title":"Period B, again"`},

		// Restore.
		{"restore by a student", "POST", p + "/restore", m.ada, "", 403, "archived"},
		{"restore", "POST", p + "/restore", m.teacher, "", 200, `"archived":false`},
		{"the student's next card again", "GET", p + "/next", m.ada, "", 200, `"question"`},
		{"restore an open bank", "POST", p + "/restore", m.admin, "", 200, `"archived":false`},

		// Duplicate.
		{"copy the bundled bank", "POST", bundled + "/duplicate", m.other, "", 201, `"slug":"bundled-renamed-copy","title":"Bundled, renamed (copy)","question_count":7,"archived":false`},
		{"copy it again, titled", "POST", bundled + "/duplicate", m.other, `{"title":"Bundled, renamed (copy)"}`, 201, `"slug":"bundled-renamed-copy-2"`},
		{"copy with an empty title", "POST", bundled + "/duplicate", m.other, `{"title":""}`, 422, `"field":"title"`},
		{"copy with a title of spaces", "POST", bundled + "/duplicate", m.other, `{"title":"   "}`, 422, `"field":"title"`},
		{"copy with an unknown field", "POST", bundled + "/duplicate", m.other, `{"name":"x"}`, 400, `"field":"name"`},
		{"copy with a title of a wrong type", "POST", bundled + "/duplicate", m.other, `{"title":["x"]}`, 400, `"field":"title"`},
		{"copy by a student", "POST", bundled + "/duplicate", m.ada, "", 403, "only instructors"},
		{"copy another instructor's private bank", "POST", p + "/duplicate", m.other, "", 403, "not open to you"},
		{"copy no bank", "POST", "/api/v1/banks/999/duplicate", m.other, "", 404, "no bank"},
	}
	for _, tc := range steps {
		status, body := m.api(tc.method, tc.url, tc.caller, tc.body)
		if status != tc.wantStatus || !strings.Contains(body, tc.wantContains) {
			t.Errorf("%s: %s %s = %d %s, want %d containing %q", tc.name, tc.method, tc.url, status, body, tc.wantStatus, tc.wantContains)
		}
		if status >= 500 {
			t.Errorf("%s: a client's input got a %d", tc.name, status)
		}
	}

	ctx := context.Background()
	if b, _ := m.store.BankByID(ctx, m.private); b.Title != "Period B" || b.Archived {
		t.Errorf("after the refused renames P is %q, archived %v; want Period B, open", b.Title, b.Archived)
	}
	// The copy of the bundled bank is the other instructor's own: theirs
	// to rename, not the teacher's.
	other, _, _ := m.store.UserByName(ctx, "other")
	banks, _ := m.store.VisibleBanks(ctx, other)
	var copyID uint
	for _, b := range banks {
		if b.Slug == "bundled-renamed-copy" {
			copyID = b.ID
			if b.OwnerID == nil || *b.OwnerID != other.ID || b.Public || b.Builtin {
				t.Errorf("the copy: %+v; want the other instructor's, private", b)
			}
		}
	}
	if copyID == 0 {
		t.Fatal("the other instructor does not see their copy")
	}
	cp := fmt.Sprintf("/api/v1/banks/%d", copyID)
	if status, body := m.api("PATCH", cp, m.other, `{"title":"My CSTO set"}`); status != 200 {
		t.Errorf("the copier renames their copy: %d %s", status, body)
	}
	if status, _ := m.api("PATCH", cp, m.teacher, `{"title":"Not mine"}`); status != 403 {
		t.Errorf("the teacher renames another's copy: %d, want 403", status)
	}
}

func TestBankListShowsArchivedToOwnersOnly(t *testing.T) {
	m := newManageEnv(t)
	if got := m.bankIDs(t, m.ada); len(got) != 3 || got[m.private] {
		t.Fatalf("ada's banks before the archive: %v, want the public, bundled and private ones, none archived", got)
	}
	if status, body := m.api("POST", fmt.Sprintf("/api/v1/banks/%d/archive", m.private), m.teacher, ""); status != 200 {
		t.Fatalf("archive: %d %s", status, body)
	}
	if _, ok := m.bankIDs(t, m.ada)[m.private]; ok {
		t.Error("a student still lists the archived bank")
	}
	for name, tok := range map[string]string{"owner": m.teacher, "admin": m.admin} {
		if archived, ok := m.bankIDs(t, tok)[m.private]; !ok || !archived {
			t.Errorf("the %s lists the archived bank: %v, marked archived: %v; want both", name, ok, archived)
		}
	}
	if _, ok := m.bankIDs(t, m.other)[m.private]; ok {
		t.Error("another instructor lists the archived private bank")
	}
}

func TestBankPageForms(t *testing.T) {
	m := newManageEnv(t)
	ctx := context.Background()
	teacher := m.browser()
	_, page, _ := teacher.request("GET", "/login", nil)
	if status, _, _ := teacher.post("/login", page, url.Values{"username": {"teacher"}, "password": {"correct horse"}}); status != 303 {
		t.Fatalf("sign in: %d", status)
	}
	path := fmt.Sprintf("/banks/%d", m.private)
	status, page, _ := teacher.request("GET", path, nil)
	for _, want := range []string{`action="` + path + `/rename"`, `href="` + path + `/questions"`, `href="` + path + `/flags"`,
		`href="` + path + `/export?format=gift"`, `id="archive-start"`, "7 questions · 1 student with progress"} {
		if status != 200 || !strings.Contains(page, want) {
			t.Errorf("the owner's page: %d, lacks %q", status, want)
		}
	}

	// A bad title is shown next to the field, and changes nothing.
	status, body, _ := teacher.post(path+"/rename", page, url.Values{"title": {" "}})
	if status != 422 || !strings.Contains(body, "Title is empty. Give the question set a title.") || !strings.Contains(body, `aria-invalid="true"`) {
		t.Errorf("an empty title: %d %.300s", status, body)
	}
	if status, _, h := teacher.post(path+"/rename", page, url.Values{"title": {"Period B"}}); status != 303 || h.Get("Location") != path+"?done=renamed" {
		t.Errorf("rename: %d to %q", status, h.Get("Location"))
	}

	// Archiving asks first.
	if status, _, h := teacher.post(path+"/archive", page, url.Values{}); status != 303 || !strings.Contains(h.Get("Location"), "confirm=archive") {
		t.Errorf("archive without confirming: %d to %q, want the question", status, h.Get("Location"))
	}
	if b, _ := m.store.BankByID(ctx, m.private); b.Archived {
		t.Fatal("the bank was archived without confirming")
	}
	_, confirm, _ := teacher.request("GET", path+"?confirm=archive", nil)
	if !strings.Contains(confirm, `id="archive-confirm"`) || !strings.Contains(confirm, `name="confirm" value="yes"`) {
		t.Errorf("the confirmation: %.500s", confirm)
	}
	if status, _, _ := teacher.post(path+"/archive", confirm, url.Values{"confirm": {"yes"}}); status != 303 {
		t.Errorf("archive: %d", status)
	}
	_, page, _ = teacher.request("GET", path+"?done=archived", nil)
	if !strings.Contains(page, `id="archived-note"`) || !strings.Contains(page, `action="`+path+`/restore"`) {
		t.Errorf("the archived bank's page: %.500s", page)
	}
	if status, _, _ := teacher.post(path+"/restore", page, url.Values{}); status != 303 {
		t.Errorf("restore: %d", status)
	}

	// A copy goes to its own page.
	status, _, h := teacher.post(path+"/duplicate", page, url.Values{"title": {""}})
	if status != 303 || !strings.HasSuffix(h.Get("Location"), "?done=copied") {
		t.Fatalf("copy: %d to %q", status, h.Get("Location"))
	}
	_, copyPage, _ := teacher.request("GET", h.Get("Location"), nil)
	if !strings.Contains(copyPage, "Period B (copy)") || !strings.Contains(copyPage, "This is your copy") {
		t.Errorf("the copy's page: %.500s", copyPage)
	}
	status, body, _ = teacher.post(path+"/duplicate", page, url.Values{"title": {strings.Repeat("x", 301)}})
	if status != 422 || !strings.Contains(body, `id="copy-error"`) {
		t.Errorf("a copy with too long a title: %d %.300s", status, body)
	}

	// The bundled bank's page offers an instructor a copy, nothing else.
	_, page, _ = teacher.request("GET", fmt.Sprintf("/banks/%d", m.bundled), nil)
	if !strings.Contains(page, "Make my own copy") || strings.Contains(page, "/rename") || strings.Contains(page, "archive-start") {
		t.Errorf("the bundled bank's page for an instructor: %.800s", page)
	}
	if status, _, _ := teacher.post(fmt.Sprintf("/banks/%d/archive", m.bundled), page, url.Values{"confirm": {"yes"}}); status != 403 {
		t.Errorf("an instructor archives the bundled bank: %d, want 403", status)
	}
}

// A bank's page and its forms refuse in whole sentences.
func TestBankPageMessagesAreSentences(t *testing.T) {
	m := newManageEnv(t)
	teacher, student := m.browser(), m.browser()
	for b, name := range map[*browser]string{teacher: "teacher", student: "ada"} {
		_, page, _ := b.request("GET", "/login", nil)
		if status, _, _ := b.post("/login", page, url.Values{"username": {name}, "password": {"correct horse"}}); status != 303 {
			t.Fatalf("sign in %s: %d", name, status)
		}
	}
	path := fmt.Sprintf("/banks/%d", m.private)
	post := func(b *browser, to string, form url.Values) func() string {
		return func() string {
			_, page, _ := b.request("GET", path, nil)
			_, body, _ := b.post(to, page, form)
			return body
		}
	}
	get := func(b *browser, to string) func() string {
		return func() string { _, body, _ := b.request("GET", to, nil); return body }
	}
	tests := []struct {
		name string
		page func() string
		want string
	}{
		{"an empty title", post(teacher, path+"/rename", url.Values{"title": {""}}), "Title is empty. Give the question set a title."},
		{"a title too long", post(teacher, path+"/rename", url.Values{"title": {strings.Repeat("x", 301)}}),
			"Title has 301 characters. Shorten it to 300 at most."},
		{"a copy's title too long", post(teacher, path+"/duplicate", url.Values{"title": {strings.Repeat("x", 301)}}),
			"Title has 301 characters. Shorten it to 300 at most."},
		{"a student at a bank's page", get(student, path),
			"This page is for the question set's owner and the instructors who may copy it. Study the set from the home page."},
		{"an instructor renames the bundled bank", post(teacher, fmt.Sprintf("/banks/%d/rename", m.bundled), url.Values{"title": {"Mine"}}),
			"The bundled question set is changed by admins only. Make your own copy of it to change it."},
		// The last: it archives the bank.
		{"a student studies an archived bank", func() string {
			m.api("POST", "/api/v1"+path+"/archive", m.teacher, "")
			return get(student, path+"/study")()
		}, "This question set is archived. Its owner has put it away, and your progress in it is kept; choose another set on the home page."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			msg := shownMessage(t, tc.page())
			if why := isSentence(msg); why != "" {
				t.Errorf("%q %s", msg, why)
			}
			if msg != tc.want {
				t.Errorf("message %q, want %q", msg, tc.want)
			}
		})
	}
}
