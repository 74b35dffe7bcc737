package storage

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"quizd/questions"
	"quizd/questions/srs"
)

func TestCleanBankTitle(t *testing.T) {
	tests := []struct {
		name, in, want, wantMsg string
	}{
		{"kept", "Period 1", "Period 1", ""},
		{"trimmed and spaces folded", "  Period \t 1 ", "Period 1", ""},
		{"any script", "Ελληνικά 1", "Ελληνικά 1", ""},
		{"empty", "", "", "is empty"},
		{"only spaces", "   ", "", "is empty"},
		{"a line break", "Period\n1", "", "line break"},
		{"too long", strings.Repeat("é", BankTitleMax+1), "", "shorten it to 300"},
		{"as long as allowed", strings.Repeat("é", BankTitleMax), strings.Repeat("é", BankTitleMax), ""},
		{"not UTF-8", "Period \xff", "", "UTF-8"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CleanBankTitle(tc.in)
			if tc.wantMsg == "" {
				if err != nil || got != tc.want {
					t.Errorf("CleanBankTitle(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
				}
				return
			}
			var p questions.Problem
			if !errors.As(err, &p) || p.Field != "title" || !strings.Contains(p.Message, tc.wantMsg) {
				t.Errorf("CleanBankTitle(%q) = %q, %v; want a problem of title saying %q", tc.in, got, err, tc.wantMsg)
			}
		})
	}
	if got := CopyTitle(strings.Repeat("a", BankTitleMax)); len([]rune(got)) != BankTitleMax || !strings.HasSuffix(got, " (copy)") {
		t.Errorf("the copy of a title as long as allowed is titled %d characters long: %q", len([]rune(got)), got)
	}
}

func TestRenameBankKeepsItsSlugAndRefusesBadTitles(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	b := mustBank(t, s, smallBank("period-1", 2))
	got, err := s.RenameBank(ctx, b.ID, "  Period one ")
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Period one" || got.Slug != "period-1" || got.QuestionCount != 2 {
		t.Errorf("renamed: %+v; want the title trimmed, the slug kept", got)
	}
	for _, bad := range []string{"", "Two\nlines", strings.Repeat("x", BankTitleMax+1)} {
		var p questions.Problem
		if _, err := s.RenameBank(ctx, b.ID, bad); !errors.As(err, &p) || p.Field != "title" {
			t.Errorf("rename to %.20q: %v, want a problem of title", bad, err)
		}
	}
	if again, _ := s.BankByID(ctx, b.ID); again.Title != "Period one" {
		t.Errorf("a refused rename changed the title to %q", again.Title)
	}
	if _, err := s.RenameBank(ctx, b.ID+100, "X"); !errors.Is(err, ErrNotFound) {
		t.Errorf("rename of no bank: %v, want ErrNotFound", err)
	}
}

// archiveWorld is an instructor's private bank assigned to their class,
// which a student has answered in.
type archiveWorld struct {
	s                               *Store
	teacher, student, admin, joiner *User
	bank                            *Bank
	class                           *Class
}

func newArchiveWorld(t *testing.T) *archiveWorld {
	t.Helper()
	ctx := context.Background()
	s, _ := openTest(t)
	w := &archiveWorld{s: s, teacher: mustUser(t, s, "teacher"), student: mustUser(t, s, "ada"), admin: mustUser(t, s, "root"), joiner: mustUser(t, s, "joiner")}
	for u, r := range map[*User]Role{w.teacher: Instructor, w.admin: Admin, w.joiner: Instructor} {
		if err := s.SetRole(ctx, u.ID, r); err != nil {
			t.Fatal(err)
		}
		u.Role = r
	}
	res, err := s.UpsertBank(ctx, smallBank("private", 3), BankOptions{OwnerID: &w.teacher.ID})
	if err != nil {
		t.Fatal(err)
	}
	w.bank = res.Bank
	if w.class, err = s.CreateClass(ctx, w.teacher.ID, "C"); err != nil {
		t.Fatal(err)
	}
	for _, u := range []*User{w.student, w.joiner} {
		if _, err := s.JoinClass(ctx, u.ID, w.class.JoinCode); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.AssignBank(ctx, w.class.ID, w.bank.ID); err != nil {
		t.Fatal(err)
	}
	answer(t, s, w.student, w.bank, "q1", srs.Good, t0)
	return w
}

// sees reports whether u lists, may study and reaches bank b in each way
// a student does.
func (w *archiveWorld) sees(t *testing.T, u *User) (listed, studies bool) {
	t.Helper()
	ctx := context.Background()
	banks, err := w.s.VisibleBanks(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	listed = slices.ContainsFunc(banks, func(b *Bank) bool { return b.ID == w.bank.ID })
	if studies, err = w.s.CanSeeBank(ctx, u, w.bank.ID); err != nil {
		t.Fatal(err)
	}
	return listed, studies
}

func TestArchivedBankIsHiddenFromStudentsAndKeepsReports(t *testing.T) {
	ctx := context.Background()
	w := newArchiveWorld(t)
	s := w.s
	got, err := s.ArchiveBank(ctx, w.bank.ID, t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if !got.Archived || got.ArchivedAt == nil || !got.ArchivedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("archived: %+v", got)
	}
	// Archiving again keeps the first time.
	if again, err := s.ArchiveBank(ctx, w.bank.ID, t0.Add(2*time.Hour)); err != nil || !again.ArchivedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("archived twice: %v, %v; want the first time kept", again.ArchivedAt, err)
	}

	for _, u := range []*User{w.student, w.joiner} {
		if listed, studies := w.sees(t, u); listed || studies {
			t.Errorf("%s still lists (%v) or studies (%v) the archived bank", u.Username, listed, studies)
		}
		l, _ := s.BankLinksOf(ctx, u, got.ID)
		if acc := AccessTo(u, got, l); acc != NoAccess {
			t.Errorf("%s has access %d to the archived bank, want none", u.Username, acc)
		}
	}
	for _, u := range []*User{w.teacher, w.admin} {
		banks, _ := s.VisibleBanks(ctx, u)
		i := slices.IndexFunc(banks, func(b *Bank) bool { return b.ID == w.bank.ID })
		if i < 0 || !banks[i].Archived {
			t.Errorf("%s does not list the archived bank, marked archived", u.Username)
		}
		if acc, _ := s.AccessToBank(ctx, u, got); acc != ManageAccess {
			t.Errorf("%s has access %d to the archived bank, want to manage it", u.Username, acc)
		}
	}
	studied, err := s.BanksStudied(ctx, w.student.ID)
	if err != nil || len(studied) != 0 {
		t.Errorf("the student's stats list %d banks (%v), want the archived one left out", len(studied), err)
	}
	classes, _ := s.ClassesOf(ctx, w.student)
	if len(classes) != 1 || len(classes[0].BankIDs) != 0 || !slices.Equal(classes[0].ArchivedBankIDs, []uint{w.bank.ID}) {
		t.Errorf("the class lists banks %v, archived %v; want none studied and the archived one apart", classes[0].BankIDs, classes[0].ArchivedBankIDs)
	}

	// The reports and the student's progress stay.
	var rows rowsOf
	if n, err := s.WriteReport(ctx, ViewProgress, ReportScope{BankID: w.bank.ID, ClassID: w.class.ID}, &rows, t0.Add(3*time.Hour)); err != nil || n != 6 ||
		rows.rows[0][0] != "ada" || rows.rows[0][7] != "good" {
		t.Errorf("the archived bank's report: %d rows %v, %v; want 2 students × 3 questions, ada's q1 answered Good", n, rows.rows, err)
	}
	if st, err := s.CardState(ctx, w.student.ID, w.bank.ID, "q1"); err != nil || st == nil || st.After.Reps != 1 {
		t.Errorf("the student's card: %+v, %v; want 1 rep kept", st, err)
	}

	restored, err := s.RestoreBank(ctx, w.bank.ID)
	if err != nil || restored.Archived || restored.ArchivedAt != nil {
		t.Fatalf("restored: %+v, %v", restored, err)
	}
	if listed, studies := w.sees(t, w.student); !listed || !studies {
		t.Errorf("after restore the student lists (%v) and studies (%v) the bank; want both", listed, studies)
	}
	if studied, _ := s.BanksStudied(ctx, w.student.ID); len(studied) != 1 {
		t.Errorf("after restore the student's stats list %d banks, want 1", len(studied))
	}
	if classes, _ := s.ClassesOf(ctx, w.student); !slices.Equal(classes[0].BankIDs, []uint{w.bank.ID}) || len(classes[0].ArchivedBankIDs) != 0 {
		t.Errorf("after restore the class lists %v, archived %v", classes[0].BankIDs, classes[0].ArchivedBankIDs)
	}
	if n := next(t, s, w.student, restored, t0.Add(3*time.Hour), 20); n.Question == nil || n.Question.ID != "q1" || n.Card.Reps != 1 {
		t.Errorf("after restore the next card is %+v, want q1 again, due, with its rep", n.Question)
	}
	if _, err := s.ArchiveBank(ctx, w.bank.ID+100, t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("archive of no bank: %v, want ErrNotFound", err)
	}
	if _, err := s.RestoreBank(ctx, w.bank.ID+100); !errors.Is(err, ErrNotFound) {
		t.Errorf("restore of no bank: %v, want ErrNotFound", err)
	}
}

func TestArchivedBankAccess(t *testing.T) {
	owner, other, student, admin := uint(1), uint(2), uint(3), uint(4)
	users := map[string]*User{
		"owner": {ID: owner, Role: Instructor}, "other instructor": {ID: other, Role: Instructor},
		"student": {ID: student, Role: Student}, "admin": {ID: admin, Role: Admin},
	}
	now := time.Now()
	tests := []struct {
		name  string
		bank  Bank
		user  string
		links BankLinks
		want  BankAccess
	}{
		{"the owner manages it", Bank{OwnerID: &owner}, "owner", BankLinks{}, ManageAccess},
		{"an admin manages it", Bank{OwnerID: &owner}, "admin", BankLinks{}, ManageAccess},
		{"a student of its class has none", Bank{OwnerID: &owner}, "student", BankLinks{Joined: true}, NoAccess},
		{"a public one is no one else's", Bank{OwnerID: &owner, Public: true}, "student", BankLinks{}, NoAccess},
		{"nor another instructor's to copy", Bank{OwnerID: &owner, Public: true}, "other instructor", BankLinks{}, NoAccess},
		{"the bundled one neither", Bank{Builtin: true}, "other instructor", BankLinks{}, NoAccess},
		{"the reports of a class one teaches stay", Bank{OwnerID: &owner, Public: true}, "other instructor", BankLinks{Teaches: true}, TeachAccess},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := tc.bank
			b.Archived, b.ArchivedAt = true, &now
			if got := AccessTo(users[tc.user], &b, tc.links); got != tc.want {
				t.Errorf("access %d, want %d", got, tc.want)
			}
		})
	}
}

func TestDuplicateBankKeepsIDsAndContentAsVersionOne(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	owner := mustUser(t, s, "teacher")
	copier := mustUser(t, s, "other")
	src := smallBank("source", 4)
	src.Questions[1].Accept = []string{"answer two"}
	src.Stamp()
	b := mustBank(t, s, src)
	// q1 edited (version 2), q4 retired: the copy has q1 as edited, as
	// version 1, and no q4.
	if _, err := s.EditQuestion(ctx, QuestionEdit{BankID: b.ID, QID: "q1", BaseVersion: 1, AuthorID: &owner.ID,
		Change: func(q *questions.Question) error { q.Prompt = "Question one, fixed?"; return nil }}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetRetired(ctx, b.ID, "q4", true); err != nil {
		t.Fatal(err)
	}
	answer(t, s, owner, b, "q2", srs.Good, t0)

	cp, err := s.DuplicateBank(ctx, b.ID, copier.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if cp.ID == b.ID || cp.Title != "Bank source (copy)" || cp.Slug != "bank-source-copy" || cp.OwnerID == nil || *cp.OwnerID != copier.ID ||
		cp.Public || cp.Builtin || cp.Archived || cp.QuestionCount != 3 || cp.Source != b.Source {
		t.Fatalf("the copy: %+v", cp)
	}
	want, _ := s.BankQuestions(ctx, b.ID)
	got, err := s.BankQuestions(ctx, cp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || len(want) != 3 {
		t.Fatalf("the copy has %d questions, the original %d studied; want 3 each", len(got), len(want))
	}
	for i := range got {
		if !got[i].Equal(want[i]) || got[i].ID != want[i].ID {
			t.Errorf("question %d of the copy: %+v, want %+v", i+1, got[i], want[i])
		}
		q, err := s.StoredQuestionOf(ctx, cp.ID, got[i].ID)
		if err != nil || q.Version != 1 || q.EditedBy != nil {
			t.Errorf("question %s of the copy: version %d, edited by %v, %v; want version 1", got[i].ID, q.Version, q.EditedBy, err)
		}
		vs, err := s.QuestionVersions(ctx, cp.ID, got[i].ID)
		if err != nil || len(vs) != 1 || vs[0].Version != 1 || vs[0].Reason != ReasonCreated || vs[0].Author != "other" || !vs[0].Question.Equal(got[i]) {
			t.Errorf("versions of %s in the copy: %+v, %v; want one, created by other", got[i].ID, vs, err)
		}
	}
	if got[0].Prompt != "Question one, fixed?" {
		t.Errorf("the copy's q1 is %q, want the edited prompt", got[0].Prompt)
	}
	if _, err := s.StoredQuestionOf(ctx, cp.ID, "q4"); !errors.Is(err, ErrNotFound) {
		t.Errorf("the retired q4 in the copy: %v, want none", err)
	}
	if n, err := s.CountBank(ctx, cp.ID); err != nil || n != (BankCounts{Active: 3}) {
		t.Errorf("the copy's counts: %+v, %v; want 3 studied, no students", n, err)
	}
	if n, err := s.CountBank(ctx, b.ID); err != nil || n != (BankCounts{Active: 3, Retired: 1, Students: 1}) {
		t.Errorf("the original's counts: %+v, %v", n, err)
	}

	// Editing the copy leaves the original alone.
	if _, err := s.EditQuestion(ctx, QuestionEdit{BankID: cp.ID, QID: "q2", BaseVersion: 1, AuthorID: &copier.ID,
		Change: func(q *questions.Question) error { q.Answer = "mine"; return nil }}); err != nil {
		t.Fatal(err)
	}
	if q, _ := s.Question(ctx, b.ID, "q2"); q.Answer != "answer 2" || q.Version != 1 {
		t.Errorf("the original's q2 after editing the copy: %q version %d", q.Answer, q.Version)
	}

	// Slugs stay unique: the same title twice, a title of no letters, and
	// one longer than a slug.
	for _, tc := range []struct{ title, slug string }{
		{"Bank source (copy)", "bank-source-copy-2"},
		{"Bank source (copy)", "bank-source-copy-3"},
		{"!!!", "bank"},
		{"???", "bank-2"},
	} {
		c, err := s.DuplicateBank(ctx, b.ID, copier.ID, tc.title)
		if err != nil || c.Slug != tc.slug {
			t.Errorf("copy titled %q: slug %q, %v; want %q", tc.title, c.Slug, err, tc.slug)
		}
	}
	var p questions.Problem
	if _, err := s.DuplicateBank(ctx, b.ID, copier.ID, "  "); !errors.As(err, &p) || p.Field != "title" {
		t.Errorf("a copy titled with spaces: %v, want a problem of title", err)
	}
	if _, err := s.DuplicateBank(ctx, b.ID+100, copier.ID, ""); !errors.Is(err, ErrNotFound) {
		t.Errorf("copy of no bank: %v, want ErrNotFound", err)
	}
}

func TestDuplicateBankCopiesALargeBankInChunks(t *testing.T) {
	ctx := context.Background()
	s, _ := openTest(t)
	u := mustUser(t, s, "teacher")
	b := mustBank(t, s, smallBank("large", 1200))
	cp, err := s.DuplicateBank(ctx, b.ID, u.ID, "Large copy")
	if err != nil {
		t.Fatal(err)
	}
	if cp.QuestionCount != 1200 {
		t.Errorf("the copy has %d questions, want 1200", cp.QuestionCount)
	}
	var versions int64
	if err := s.read(ctx).Table("question_versions").Joins("JOIN questions ON questions.id = question_versions.question_id").
		Where("questions.bank_id = ?", cp.ID).Count(&versions).Error; err != nil || versions != 1200 {
		t.Errorf("the copy has %d versions (%v), want 1200", versions, err)
	}
}

func TestFreeSlugFitsTheColumn(t *testing.T) {
	s, _ := openTest(t)
	ctx := context.Background()
	u := mustUser(t, s, "teacher")
	b := mustBank(t, s, smallBank("x", 1))
	long := strings.Repeat("word ", 40)
	first, err := s.DuplicateBank(ctx, b.ID, u.ID, long)
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.DuplicateBank(ctx, b.ID, u.ID, long)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Slug) > 100 || len(second.Slug) > 100 || second.Slug != first.Slug+"-2" || strings.Trim(first.Slug, "-") != first.Slug {
		t.Errorf("slugs %q and %q: want at most 100 characters, the second with -2", first.Slug, second.Slug)
	}
}
