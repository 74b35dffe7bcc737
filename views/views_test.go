package views

import (
	"bytes"
	"strings"
	"testing"
)

// samples has data for every page, with user content that tries to inject
// markup.
var samples = map[string]any{
	"home": HomePage{Layout: Layout{User: &UserInfo{Username: "ada"}}, Banks: []BankCard{{ID: 1, Title: "<script>alert(1)</script>", Questions: 3}},
		Assignments: []AssignmentCard{{BankID: 1, Bank: "<i>t</i>", Class: "<b>g</b>", Due: "Friday", Status: "behind", Raised: "Raised.", NewPerDayLocked: true}}},
	"auth":     AuthPage{Signup: true, SignupOpen: true, Username: `"><script>x</script>`, Error: "Password is too short.", Field: "password"},
	"study":    StudyPage{Layout: Layout{User: &UserInfo{Username: "ada"}}, Bank: BankRef{1, "B"}, Mode: "quiz", Q: QuestionView{ID: "q", Type: "multiple_choice", Prompt: "<img src=x onerror=alert(1)>", Choices: []string{"a", "{{.}}"}}},
	"feedback": FeedbackPage{Bank: BankRef{1, "B"}, Mode: "quiz", Prompt: "P", Given: "<b>g</b>", Expected: "e", CanRerate: true, Buttons: []RatingButton{{Rating: 1, Label: "Again", Interval: "1m"}}},
	"done":     DonePage{Bank: BankRef{1, "B"}, DoneToday: 1, HasNextDue: true, NextDue: "Mon", NextDueIn: "in 1d"},
	"stats":    StatsPage{Banks: []BankStats{{Bank: BankRef{1, "B"}, Charts: []BarChart{NewBarChart("Answers", []int{0, 3, 1}, []string{"a", "b", "c"}, 300, 100)}, Topics: []TopicRow{{Topic: "<i>t</i>", Questions: 2}}}}},
	"settings": SettingsPage{Retention: "0.90", NewPerDay: "20", Error: "bad", Field: "new_per_day"},
	"error":    ErrorPage{Status: 500, Message: "something went wrong", RequestID: "abc"},
	"classes": ClassesPage{Layout: Layout{User: &UserInfo{Username: "t", Role: "instructor"}}, Instructor: true,
		Classes: []ClassRow{{ID: 1, Name: "<script>alert(1)</script>", JoinCode: "ABCD2345", Banks: []string{"<i>t</i>"}}},
		Banks:   []BankOption{{ID: 1, Title: "<b>g</b>"}}},
	"password": PasswordPage{Error: "<b>g</b>", Field: "new"},
	"reports":  ReportsPage{Links: []ReportLink{{Class: "<b>g</b>", Bank: "B"}}},
	"class_report": ClassReportPage{Class: "<script>alert(1)</script>", Charts: []BarChart{NewBarChart("x", []int{1}, []string{"<i>t</i>"}, 100, 50)},
		TopicNames: []string{"<i>t</i>"}, Rows: []SummaryLine{{Student: "<b>g</b>", URL: "/reports/class?q=<i>t</i>", Mastery: []string{"1%"}}}, Items: []ItemLine{{Prompt: "<img src=x onerror=1>"}},
		Student: "<b>g</b>", Filter: `"><script>x</script>`, Hidden: []HiddenField{{Name: "q", Value: `"><b>g</b>`}}, Matched: 1, Page: 1, Pages: 2,
		ItemHeads: []SortHead{{Label: "<i>t</i>", URL: "/x?<b>", Sort: "none"}}, PageLinks: []PageLink{{Label: "1", URL: "/x?page=1", Current: true}},
		Assignments: []OnTrackLine{{Due: "<b>g</b>", Target: "<i>t</i>", HasDue: true}}, Downloads: []DownloadLink{{Label: "<i>t</i>", URL: "/reports/items?format=csv"}}},
	"upload": UploadPage{Formats: []string{"csv"}, Error: "bad", Lines: []LineProblem{{Line: 3, Msg: "<img src=x onerror=1>"}},
		Banks: []BankChoice{{ID: 2, Title: "<b>w</b>", Slug: "w"}}, Into: 2, Kept: []KeptEdits{{BankTitle: "<i>b</i>", Items: []KeptEdit{{ID: "q", Prompt: "<u>p</u>", EditedBy: "root"}}}}},
	"upload_preview": UploadPreviewPage{BankTitle: "<script>alert(1)</script>", Sample: []SampleQuestion{{Prompt: "<i>t</i>"}}, Skipped: []LineProblem{{Msg: "<b>g</b>"}},
		WarningCount: 2, Warnings: []WarningGroup{{Code: "key-cue", Count: 2, More: 1, Items: []Warning{{Question: 1, Prompt: "<i>t</i>", Message: "Its key “<b>g</b>” repeats a word."}, {Message: "Only the first 20000 were checked."}}}},
		Into: 3, Matches: []MatchRow{{ID: "q1", Old: "<b>o</b>", New: "<i>n</i>"}}},
	"upload_review": UploadReviewPage{Filename: "<b>g</b>.md", Title: `"><script>x</script>`, TitleError: "<i>t</i>", Error: "<b>g</b>",
		Problems: []ReviewProblem{{FieldID: "f-x", Label: "<i>t</i>", Msg: "<b>g</b>"}}, Hidden: []HiddenField{{Name: "slug", Value: `"><b>g</b>`}},
		Topics: []ReviewTopic{{ID: "dates", Title: "Dates", Groups: []ReviewGroup{{Path: "dates", Title: "Dates", Noun: "date", Rows: []ReviewRow{{
			Name: "dates.0", Label: "Date 1", HasSource: true, SourceValue: `"><script>alert(1)</script>`,
			Source: []MarkedText{{Text: "<img src=x onerror=1>"}, {Text: "<b>g</b>", Marked: true}}, Error: "<i>t</i>",
			Fields: []ReviewField{{Name: "dates.0.event", ID: "f-dates-0-event", Label: "Event", Kind: "text", Value: `"><script>x</script>`, Error: "<b>g</b>"},
				{Name: "reactions.0.stance", ID: "f-s", Kind: "stance", Options: []string{"", "support", "<b>g</b>"}, Value: "<b>g</b>"}}}}}}}}},

	// Running a class (issue 12).
	"class": ClassPage{Name: "<script>alert(1)</script>", JoinCode: "ABCD2345", JoinURL: "http://x/join/<i>t</i>", Archived: true,
		Students:    []RosterLine{{ID: 1, Username: "<b>g</b>", LastActive: "never"}},
		Assignments: []AssignmentLine{{BankID: 1, Title: "<i>t</i>", Due: "Due Friday", Target: "see every question"}},
		Banks:       []BankOption{{ID: 1, Title: "<b>g</b>"}}, Form: AssignForm{DueAt: `"><script>x</script>`}, Error: "<b>g</b>", Field: "due_at"},
	"join": JoinPage{ClassName: "<script>alert(1)</script>", Code: "<i>t</i>"},

	// The practice pages (issue 10).
	"practice": PracticePage{Bank: BankRef{1, "B"}, Choices: PracticeChoices{Topics: []string{"<i>t</i>"}, DefaultSize: 10, MaxSize: 100},
		Empty: "<b>g</b>", Score: &TestScore{Label: "<i>t</i>", Size: 2, Correct: 1, Percent: 50}},
	"practice_feedback": PracticeFeedbackPage{Bank: BankRef{1, "B"}, Practice: PracticeInfo{Label: "<i>t</i>", URL: "/banks/1/practice?topic=%3Ci%3E"},
		Prompt: "<img src=x onerror=1>", Given: "<b>g</b>"},

	// A bank's page (issue 11): the owner's, asking to confirm an archive.
	"bank": BankPage{Layout: Layout{User: &UserInfo{Username: "t", Role: "instructor"}}, Bank: BankRef{1, "<script>alert(1)</script>"},
		Manage: true, ConfirmArchive: true, TitleValue: `"><script>x</script>`, CopyTitle: "<b>g</b> (copy)", Error: "<i>t</i>", Field: "title"},
	// The flags queue (issue 11).
	"flags": FlagQueuePage{Bank: BankRef{1, "<i>t</i>"}, Status: "open", Tabs: []FlagTab{{Label: "Open", URL: "/banks/1/flags?status=open", Current: true}},
		Notice: "<b>g</b>", Flags: []FlagLine{{ID: 1, Prompt: "<script>alert(1)</script>", EditURL: "/banks/1/questions/q", Given: "<b>g</b>", Comment: "<img src=x onerror=1>", Open: true}}},
}

func TestEveryPageRenders(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range e.Pages() {
		data, ok := samples[name]
		if !ok {
			t.Errorf("page %s has no sample data in this test", name)
			continue
		}
		var buf bytes.Buffer
		if err := e.Render(&buf, name, data); err != nil {
			t.Errorf("render %s: %v", name, err)
			continue
		}
		out := buf.String()
		if !strings.Contains(out, "<main id=\"main\">") || !strings.Contains(out, e.AssetPath("app.css")) {
			t.Errorf("%s lacks the layout", name)
		}
		for _, bad := range []string{"<script>alert", "<img src=x", "<b>g</b>", "<i>t</i>", `"><script>`} {
			if strings.Contains(out, bad) {
				t.Errorf("%s shows user content as markup: %q", name, bad)
			}
		}
	}
	if err := e.Render(&bytes.Buffer{}, "nope", nil); err == nil {
		t.Error("rendering an unknown page did not fail")
	}
}

func TestAssetsAreHashed(t *testing.T) {
	e, err := New()
	if err != nil {
		t.Fatal(err)
	}
	p := e.AssetPath("app.js")
	if p == "/static/app.js" || !strings.HasPrefix(p, "/static/app.") {
		t.Fatalf("asset path %q has no hash", p)
	}
	data, ct, ok := e.Asset(strings.TrimPrefix(p, "/static/"))
	if !ok || len(data) == 0 || !strings.Contains(ct, "javascript") {
		t.Errorf("Asset(%s) = %d bytes, %q, %v", p, len(data), ct, ok)
	}
	if _, _, ok := e.Asset("app.js"); ok {
		t.Error("an unhashed name is served")
	}
}

func TestBarChart(t *testing.T) {
	c := NewBarChart("x", []int{0, 5, 10}, nil, 300, 100)
	if c.Max != 10 || c.Empty || len(c.Bars) != 3 {
		t.Fatalf("%+v", c)
	}
	if c.Bars[0].H != 0 || c.Bars[2].H != 96 || c.Bars[1].H != 48 || c.Bars[2].Y != 4 {
		t.Errorf("bars %+v", c.Bars)
	}
	if !NewBarChart("x", []int{0, 0}, nil, 300, 100).Empty {
		t.Error("an all-zero chart is not empty")
	}
}
