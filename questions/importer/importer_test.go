package importer

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"quizd/questions"
	"quizd/questions/anki"
)

func TestDetect(t *testing.T) {
	tests := []struct {
		name, data string
		want       Format
	}{
		{"bank.json", "", JSON},
		{"set.csv", "", CSV},
		{"set.tsv", "", TSV},
		{"quiz.gift", "", GIFT},
		{"deck.apkg", "", APKG},
		{"reading.md", "", Article},
		{"week1.yaml", "", Facts},
		{"week1.YML", "", Facts},
		{"upload", "PK\x03\x04rest", APKG},
		{"upload.txt", `  {"slug": "x"}`, JSON},
		{"upload.txt", "#separator:tab\n#html:true\na\tb\n", Text},
		{"upload.txt", "::q1::Who?{=me}\n", GIFT},
		{"upload.txt", "$CATEGORY: x\n\nQ {T}\n", GIFT},
		{"upload.txt", "prompt,answer\nQ,A\n", CSV},
		{"upload.txt", "prompt\tanswer\nQ\tA\n", TSV},
		{"upload.txt", "Armenia\tfroze\nBelarus\tUnion State\n", Text},
		{"upload.txt", "The Alliance was founded in 2000. Its members are France and Spain.\n", Article},
		{"", "Title\n\nSome prose about {braces} in text.", Article},
		{"upload.txt", "# this is a test file\n食べる\tto eat\n飲む\tto drink\nnot, enough, fields\n遊ぶ\t\n\tto play\n", Text},
		{"upload.txt", "גת,גותי גיתת\nג'ת,ג'תמן, ג'יתת\nאב,אבא\n", Text},
		{"upload.txt", "5+5,10\n1+1,2\n", Text},
		{"upload.txt", "\tThe Alliance was founded in 2000. Its members are France and Spain.\n\tIt met in Minsk in May, and again in June.\n", Article},
		{"quizlet.txt", "a bad apple/////a trouble maker. A rogue.\nat sea/////confused and lost in what is happening.\n", Text},
		{"quizlet.txt", "one\tuno;two\tdos;three\ttres", Text},
		{"upload.txt", "Question,Answer\nWho?,me\n", CSV},
		{"notes.txt", "milk\neggs\nflour\n", Unknown},
		{"notes.txt", "The members met in Minsk, and they agreed on a plan, which the press reported.\nLater, the alliance grew, and its budget, too.\n", Article},
	}
	for _, tc := range tests {
		if got := Detect(tc.name, []byte(tc.data)); got != tc.want {
			t.Errorf("Detect(%q, %.30q) = %s, want %s", tc.name, tc.data, got, tc.want)
		}
	}
}

func TestReadEachFormat(t *testing.T) {
	article, err := os.ReadFile("../extract/testdata/danube.md")
	if err != nil {
		t.Fatal(err)
	}
	gift, _ := os.ReadFile("../gift/testdata/every-type.gift")
	json, _ := os.ReadFile("../jsonbank/testdata/small.json")
	sheet, _ := os.ReadFile("../seed/csto.yaml")
	tests := []struct {
		name, file string
		data       []byte
		format     Format
		title      string
		minQ       int
	}{
		{"json", "small.json", json, JSON, "A small bank", 3},
		{"csv", "CSTO quiz.csv", []byte("prompt,answer\nQ1,A1\nQ2,A2\n"), CSV, "CSTO quiz", 2},
		{"text pairs", "cards.txt", []byte("a\tb\nc\td\n"), Text, "cards", 2},
		{"gift", "every-type.gift", gift, GIFT, "every type", 10},
		{"article", "danube.md", article, Article, "The Quiet Rise of the Danube Water Alliance", 40},
		{"fact sheet", "csto.yaml", sheet, Facts, "The Demise of CSTO: Why is Russia Left Without Allies?", 100},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Read(context.Background(), tc.data, Options{Filename: tc.file})
			if err != nil {
				t.Fatal(err)
			}
			if r.Format != tc.format || r.Bank.Title != tc.title || len(r.Bank.Questions) < tc.minQ {
				t.Errorf("format %s, title %q, %d questions", r.Format, r.Bank.Title, len(r.Bank.Questions))
			}
			if err := r.Bank.Validate(); err != nil {
				t.Error(err)
			}
			r2, _ := Read(context.Background(), tc.data, Options{Filename: tc.file, Title: "Given title"})
			// A bank's file that names its slug keeps it: JSON, and a
			// fact sheet with a slug.
			if r2.Bank.Title != "Given title" || r2.Bank.Slug != "given-title" && tc.format != JSON && tc.format != Facts {
				t.Errorf("title option ignored: %q %q", r2.Bank.Title, r2.Bank.Slug)
			}
		})
	}
}

func TestReadRefusesJunk(t *testing.T) {
	tests := []struct {
		name, file string
		data       string
		format     Format
		want       string
	}{
		{"empty", "x.csv", "   ", "", "empty"},
		{"binary as csv", "x.csv", "a,b\n\x00\x01\x02", "", "line 2: the file is binary"},
		{"latin-1 gift", "x.gift", "Q {=caf\xe9}", "", "not UTF-8"},
		{"unknown format", "x.csv", "a,b", "docx", ""},
		{"article too long", "x.md", strings.Repeat("word ", MaxArticle/4), "", "may be at most"},
		{"article without facts", "x.md", "Bread\n\nMix flour and water.", "", "no facts found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opt := Options{Filename: tc.file}
			if tc.format != "" {
				f, err := ParseFormat(string(tc.format))
				if err == nil {
					t.Fatalf("ParseFormat(%q) accepted", tc.format)
				}
				opt.Format = f
				return
			}
			_, err := Read(context.Background(), []byte(tc.data), opt)
			var fe *questions.FormatError
			if !errors.As(err, &fe) || !strings.Contains(fe.Msg, tc.want) {
				t.Errorf("error %v, want a format error with %q", err, tc.want)
			}
		})
	}
	_, err := Read(context.Background(), []byte("prompt,answer,type\nQ,A,essay\n"), Options{Filename: "x.csv"})
	var le questions.LineErrors
	if !errors.As(err, &le) || le[0].Line != 2 {
		t.Errorf("nothing importable: %v, want line errors at line 2", err)
	}
	var fe *questions.FormatError
	if _, err := Read(context.Background(), []byte("milk\neggs\nflour\n"), Options{Filename: "notes.txt"}); !errors.As(err, &fe) || !strings.Contains(fe.Msg, "give the separator") {
		t.Errorf("a file of no format: %v, want a format error that says what to do", err)
	}
}

// TestReadSkipsOrStrict checks that a file with one bad row imports the
// rest and lists it, and that strict mode refuses it with every problem.
func TestReadSkipsOrStrict(t *testing.T) {
	data := []byte("prompt,answer,type\nQ,A,essay\nR,B,\nS,,short_answer\n")
	r, err := Read(context.Background(), data, Options{Filename: "x.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Bank.Questions) != 1 || len(r.Skipped) != 2 || r.Skipped[0].Line != 2 || r.Skipped[1].Line != 4 {
		t.Errorf("%d questions, skipped %+v", len(r.Bank.Questions), r.Skipped)
	}
	_, err = Read(context.Background(), data, Options{Filename: "x.csv", Strict: true})
	var le questions.LineErrors
	if !errors.As(err, &le) || len(le) != 2 || le[0].Line != 2 || le[1].Line != 4 {
		t.Errorf("strict: %v, want both problems", err)
	}
	if _, err := Read(context.Background(), []byte("prompt,answer\nQ,A\n"), Options{Filename: "x.csv", Strict: true}); err != nil {
		t.Errorf("strict refuses a clean file: %v", err)
	}
}

// TestReadSeparatorAndFormat checks the separator an uploader gives and a
// header-less CSV given as csv.
func TestReadSeparatorAndFormat(t *testing.T) {
	r, err := Read(context.Background(), []byte("5+5,10\n1+1,2\n"), Options{Filename: "problems.csv", Format: CSV})
	if err != nil || len(r.Bank.Questions) != 2 || r.Bank.Questions[0].Answer != "10" {
		t.Fatalf("a CSV without a header: %v %+v", err, r)
	}
	// Three lines are too few to be sure of " = ", so the uploader says it.
	data := []byte("one = uno\ntwo = dos\nthree\n")
	if _, err := Read(context.Background(), data, Options{Filename: "cards.txt"}); err == nil {
		t.Error("read without the separator")
	}
	sep, err := ParseSeparator(" = ")
	if err != nil {
		t.Fatal(err)
	}
	r, err = Read(context.Background(), data, Options{Filename: "cards.txt", Separator: sep})
	if err != nil || r.Format != Text || len(r.Bank.Questions) != 2 || len(r.Skipped) != 1 || r.Skipped[0].Line != 3 {
		t.Fatalf("separator given: %v %+v", err, r)
	}
	var fe *questions.FormatError
	if _, err := ParseSeparator("a\nb"); !errors.As(err, &fe) {
		t.Errorf("a separator with a line break: %v", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		r, err := Read(context.Background(), data, Options{Filename: name, Anki: anki.Limits{Entries: 50, Collection: 1 << 20, Cards: 500}, Strict: len(name)%2 == 1})
		if err != nil {
			var le questions.LineErrors
			var fe *questions.FormatError
			var qe *questions.QuestionLimitError
			if !errors.As(err, &le) && !errors.As(err, &fe) && !errors.As(err, &qe) && !errors.Is(err, anki.ErrTooLarge) {
				t.Fatalf("error %v (%T) is not one a user can be shown", err, err)
			}
			return
		}
		if err := r.Bank.Validate(); err != nil {
			t.Fatalf("an accepted file gives an invalid bank: %v", err)
		}
	})
}

func TestQuestionsPerBankAreCapped(t *testing.T) {
	csvOf := func(n int) []byte {
		var b strings.Builder
		b.WriteString("prompt,answer\n")
		for i := range n {
			fmt.Fprintf(&b, "Question %d?,Answer %d\n", i, i)
		}
		return []byte(b.String())
	}
	tests := []struct {
		name      string
		data      []byte
		max       int
		wantFound int // 0: accepted
	}{
		{"at the default cap", csvOf(questions.DefaultMaxQuestions), 0, 0},
		{"one past the default cap", csvOf(questions.DefaultMaxQuestions + 1), 0, questions.DefaultMaxQuestions + 1},
		{"a cap of 10", csvOf(11), 10, 11},
		{"a raised cap", csvOf(questions.DefaultMaxQuestions + 1), questions.DefaultMaxQuestions + 1, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Read(context.Background(), tc.data, Options{Filename: "q.csv", MaxQuestions: tc.max})
			if tc.wantFound == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if len(r.Bank.Questions) == 0 {
					t.Error("no questions")
				}
				return
			}
			var qe *questions.QuestionLimitError
			if !errors.As(err, &qe) || qe.Found != tc.wantFound {
				t.Fatalf("error %v, want the question limit with %d found", err, tc.wantFound)
			}
			if msg := err.Error(); !strings.Contains(msg, "split it into files of at most") || !strings.Contains(msg, fmt.Sprint(qe.Max)) {
				t.Errorf("message %q does not say the limit and how to split the file", msg)
			}
		})
	}
}

func TestArticleFactsAreCapped(t *testing.T) {
	// One sentence after another, each a dated event and a reaction: far
	// more facts than one article is made into questions from.
	var b strings.Builder
	b.WriteString("The Collective Security Treaty Organization (CSTO) is a bloc.\n\n")
	months := []string{"January", "March", "May", "July", "September", "November"}
	for i := 0; i <= MaxArticleFacts; i++ {
		name := ""
		for k := i; len(name) < 4; k /= 26 {
			name += string(rune('a' + k%26))
		}
		fmt.Fprintf(&b, "The council of %s met on %d %s %d. ", name, i%28+1, months[i%6], 1900+i%120)
	}
	_, err := Read(context.Background(), []byte(b.String()), Options{Filename: "long.md"})
	var fe *questions.FormatError
	if !errors.As(err, &fe) || !strings.Contains(fe.Msg, fmt.Sprintf("at most %d facts", MaxArticleFacts)) || !strings.Contains(fe.Msg, "split it") {
		t.Errorf("error %.300v, want the facts cap with how to split the article", err)
	}
}

// TestReadFactSheet checks that a fact sheet is generated into a bank, and
// that a bad one is refused with each problem at its line.
func TestReadFactSheet(t *testing.T) {
	good := "title: A very short course\ndates:\n  - event: The course began\n    date: 2026-09-01\n"
	for _, opt := range []Options{{Filename: "course.yaml"}, {Filename: "course.txt", Format: Facts}} {
		r, err := Read(context.Background(), []byte(good), opt)
		if err != nil {
			t.Fatalf("%+v: %v", opt, err)
		}
		if r.Format != Facts || r.Bank.Title != "A very short course" || len(r.Bank.Questions) == 0 || r.Sheet == nil || len(r.Sheet.Dates) != 1 {
			t.Errorf("%+v: format %s, title %q, %d questions", opt, r.Format, r.Bank.Title, len(r.Bank.Questions))
		}
	}
	for _, name := range []string{"yaml", "yml", "facts"} {
		if f, err := ParseFormat(name); err != nil || f != Facts {
			t.Errorf("ParseFormat(%q) = %q, %v", name, f, err)
		}
	}
	bad := []struct {
		name, data string
		line       int
		want       string
	}{
		{"bad date", "title: T\ndates:\n  - event: E\n    date: 2024-13-01\n", 4, "month 13"},
		{"unknown section", "title: T\nweather: sunny\n", 2, "unknown topic"},
		{"no facts", "title: T\n", 1, "no facts"},
		{"unknown stance", "title: T\nreactions:\n  - who: A\n    gist: said no\n    stance: angry\n", 5, "unknown stance"},
		{"not yaml", "title: [unclosed\n", 1, ""},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(context.Background(), []byte(tc.data), Options{Filename: "x.yaml"})
			var le questions.LineErrors
			if !errors.As(err, &le) || le[0].Line != tc.line || !strings.Contains(le[0].Msg, tc.want) {
				t.Errorf("error %v, want line %d: %q", err, tc.line, tc.want)
			}
		})
	}
}

// TestFactsOutReadsBack checks that the sheet the extractor proposes, as
// quizd generate --facts-out writes it, uploads as a fact sheet.
func TestFactsOutReadsBack(t *testing.T) {
	for _, file := range []string{"danube.md", "coral.txt"} {
		data, err := os.ReadFile("../extract/testdata/" + file)
		if err != nil {
			t.Fatal(err)
		}
		sheet, err := ExtractArticle(data, Options{Filename: file})
		if err != nil {
			t.Fatal(err)
		}
		out, err := yaml.Marshal(sheet)
		if err != nil {
			t.Fatal(err)
		}
		art, err := Read(context.Background(), data, Options{Filename: file})
		if err != nil {
			t.Fatal(err)
		}
		r, err := Read(context.Background(), out, Options{Filename: "facts.yaml"})
		if err != nil {
			t.Fatalf("%s: the extracted sheet does not read back: %v", file, err)
		}
		if len(r.Bank.Questions) != len(art.Bank.Questions) {
			t.Errorf("%s: %d questions from the sheet, %d from the article", file, len(r.Bank.Questions), len(art.Bank.Questions))
		}
	}
}
