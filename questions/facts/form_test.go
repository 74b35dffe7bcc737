package facts_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"quizd/questions/extract"
	"quizd/questions/facts"
)

// danubeForm is the review form of the facts found in the Danube article.
func danubeForm(t testing.TB) (*facts.Sheet, map[string]string) {
	t.Helper()
	data, err := os.ReadFile("../extract/testdata/danube.md")
	if err != nil {
		t.Fatal(err)
	}
	s, err := extract.Article(string(data), extract.Options{Location: "danube.md"})
	if err != nil {
		t.Fatal(err)
	}
	f, err := facts.NewForm(s)
	if err != nil {
		t.Fatal(err)
	}
	return s, f.Values()
}

func TestFormRoundTrip(t *testing.T) {
	s, values := danubeForm(t)
	if values["dates.1.event"] != "A flood barrier failed near Novi Sad" || values["dates.1.date"] != "2019-03-03" ||
		values["membership.organisation"] != "Danube Water Alliance" || values["people.0.aliases"] != "Vasile" || values["charter.articles.0.number"] != "4" {
		t.Errorf("form values %v", values)
	}
	f, errs := facts.ReadForm(values)
	if errs != nil {
		t.Fatal(errs)
	}
	got, data, errs := f.Sheet()
	if errs != nil {
		t.Fatalf("%v\n%s", errs, data)
	}
	want, _ := yaml.Marshal(s)
	have, _ := yaml.Marshal(got)
	if string(want) != string(have) {
		t.Errorf("the form's sheet differs from the extracted one:\n%s\nwant\n%s", have, want)
	}
	if _, err := facts.Parse(data); err != nil {
		t.Errorf("the form's YAML does not parse: %v", err)
	}
}

// TestFormErrorsNameTheField checks that each problem of a corrected form
// is reported under the name of the field (or fact) it is in.
func TestFormErrorsNameTheField(t *testing.T) {
	tests := []struct {
		name   string
		change map[string]string
		field  string
		want   string
	}{
		{"bad date", map[string]string{"dates.1.date": "2019-13-03"}, "dates.1.date", "month 13"},
		{"date in words", map[string]string{"dates.1.date": "the third of March"}, "dates.1.date", "YYYY-MM-DD"},
		{"missing event", map[string]string{"dates.2.event": " "}, "dates.2.event", "Fill in event, or delete this date."},
		{"unknown stance", map[string]string{"reactions.1.stance": "angry"}, "reactions.1.stance", "unknown stance"},
		{"member twice", map[string]string{"membership.members.1.name": "Austria"}, "membership.members.1", "listed twice"},
		{"article number", map[string]string{"charter.articles.0.number": "four"}, "charter.articles.0.number", "not a whole number"},
		{"article twice", map[string]string{"charter.articles.1.number": "4"}, "charter.articles.1", "listed twice"},
		{"bad status", map[string]string{"membership.departed.0.status": "gone"}, "membership.departed.0.status", "Unknown status"},
		{"too long", map[string]string{"people.0.role": strings.Repeat("x", facts.MaxFieldLen+1)}, "people.0.role", "at most 500"},
		{"no title", map[string]string{"title": ""}, "title", "Give the question set a title."},
		{"bad founding date", map[string]string{"membership.founded": "soon"}, "membership.founded", "YYYY"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, values := danubeForm(t)
			for k, v := range tc.change {
				values[k] = v
			}
			f, errs := facts.ReadForm(values)
			if errs != nil {
				t.Fatal(errs)
			}
			s, _, errs := f.Sheet()
			if s != nil || !strings.Contains(errs[tc.field], tc.want) {
				t.Errorf("errors %v, want %s: %q", errs, tc.field, tc.want)
			}
			for name, msg := range errs {
				if !strings.HasSuffix(msg, ".") || msg[:1] != strings.ToUpper(msg[:1]) {
					t.Errorf("%s: %q is not a sentence", name, msg)
				}
			}
		})
	}
}

func TestFormAddDeleteAndBlankRows(t *testing.T) {
	_, values := danubeForm(t)
	f, _ := facts.ReadForm(values)
	dates := len(f.Items["dates"])
	if err := f.Add("dates"); err != nil || len(f.Items["dates"]) != dates+1 {
		t.Fatalf("add: %v, %d dates", err, len(f.Items["dates"]))
	}
	if err := f.Add("membership"); err == nil {
		t.Error("added a second organisation")
	}
	if !f.Delete("reactions", 0) || f.Delete("reactions", 99) || f.Delete("nowhere", 0) {
		t.Error("delete reports wrongly")
	}
	// The added date is left blank: it is dropped, not refused.
	s, _, errs := f.Sheet()
	if errs != nil {
		t.Fatal(errs)
	}
	if len(s.Dates) != dates || s.Reactions[0].Who == "Article 9 of the treaty" {
		t.Errorf("%d dates, first reaction %q", len(s.Dates), s.Reactions[0].Who)
	}
	f.Items["dates"][0] = facts.Item{"event": "The first lock opened", "date": "12 May 2015"}
	s, _, errs = f.Sheet()
	if errs != nil || s.Dates[0].Date.ISO() != "2015-05-12" {
		t.Errorf("an added date: %v %+v", errs, s.Dates[0])
	}
}

func TestFormIsBounded(t *testing.T) {
	values := map[string]string{"title": "T"}
	for i := 0; i <= facts.MaxFormFacts; i++ {
		values[fmt.Sprintf("dates.%d.event", i)] = fmt.Sprint("event ", i)
	}
	values["dates.123456789.event"] = "ignored: no such index"
	f, errs := facts.ReadForm(values)
	if !strings.Contains(errs[""], "at most 1000") {
		t.Errorf("errors %v, want the cap", errs)
	}
	if len(f.Items["dates"]) != facts.MaxFormFacts+1 {
		t.Errorf("%d dates read", len(f.Items["dates"]))
	}
	f.Delete("dates", 0)
	if err := f.Add("dates"); err == nil {
		t.Error("added a fact past the cap")
	}
}

func TestMarks(t *testing.T) {
	tests := []struct {
		sentence string
		phrases  []string
		want     string
	}{
		{"On March 3, 2019, a flood barrier failed near Novi Sad.", []string{"A flood barrier failed near Novi Sad", "2019-03-03"},
			"On [March 3, 2019], [a flood barrier failed near Novi Sad]."},
		{"The teams arrived on March 5 and the repairs were finished on April 18, 2019.", []string{"The alliance's teams arrived", "2019-03-05"},
			"The [teams arrived] on [March 5] and the repairs were finished on April 18, 2019."},
		{"Its members are Austria, Hungary and Serbia.", []string{"Hungary"}, "Its members are Austria, [Hungary] and Serbia."},
		{"A new system went live in September 2020.", []string{"2020-09"}, "A new system went live in [September 2020]."},
		{"Serbian officials met.", []string{"Serbia"}, "[Serbian] officials met."},
		{"Xserbia met.", []string{"Serbia"}, "Xserbia met."},
		{"<b>Austria</b> welcomed it.", []string{"austria"}, "<b>[Austria]</b> welcomed it."},
		{"Nothing here.", []string{"", "Zebra"}, "Nothing here."},
	}
	for _, tc := range tests {
		var b strings.Builder
		for _, s := range facts.Marks(tc.sentence, tc.phrases...) {
			if s.Marked {
				b.WriteString("[" + s.Text + "]")
			} else {
				b.WriteString(s.Text)
			}
		}
		if b.String() != tc.want {
			t.Errorf("Marks(%q, %q) = %q, want %q", tc.sentence, tc.phrases, b.String(), tc.want)
		}
	}
}

// FuzzForm checks that any posted form either gives a sheet that parses,
// or problems that each name a field of the form or the form itself.
func FuzzForm(f *testing.F) {
	f.Add("Danube", "dates.0.event", "A flood", "dates.0.date", "2019-03-03")
	f.Add("T", "membership.members.0.name", "Austria", "membership.members.1.name", "austria")
	f.Add("", "reactions.0.stance", "angry", "charter.articles.0.number", "-4")
	f.Fuzz(func(t *testing.T, title, k1, v1, k2, v2 string) {
		form, errs := facts.ReadForm(map[string]string{"title": title, k1: v1, k2: v2})
		if errs != nil {
			return
		}
		values := form.Values()
		s, data, errs := form.Sheet()
		if errs == nil {
			if _, err := facts.Parse(data); err != nil || s == nil {
				t.Fatalf("the form's sheet does not parse: %v\n%s", err, data)
			}
			return
		}
		for name := range errs {
			if _, ok := values[name]; ok || name == "" || name == "title" {
				continue
			}
			path := name
			for path != "" && facts.Group(path) == nil {
				i := strings.LastIndex(path, ".")
				if i < 0 {
					path = ""
					break
				}
				path = path[:i]
			}
			if path == "" {
				t.Errorf("error under %q, which is no field of the form %v: %v", name, values, errs)
			}
		}
	})
}

// TestFormKeepsTheMemberCount carries the number of members an article
// states through the form, and refuses one below the members listed.
func TestFormKeepsTheMemberCount(t *testing.T) {
	s, values := danubeForm(t)
	s.Membership.Count = len(s.Membership.Members) + 2
	f, err := facts.NewForm(s)
	if err != nil {
		t.Fatal(err)
	}
	values = f.Values()
	back, errs := facts.ReadForm(values)
	if errs != nil {
		t.Fatal(errs)
	}
	got, _, errs := back.Sheet()
	if errs != nil || got.Membership.Count != s.Membership.Count {
		t.Fatalf("count %d after the form (errors %v), want %d", got.Membership.Count, errs, s.Membership.Count)
	}
	values["membership.count"] = "1"
	back, _ = facts.ReadForm(values)
	if _, _, errs := back.Sheet(); errs == nil {
		t.Error("a count below the members listed was taken")
	}
}
