package csvbank

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"quizd/questions"
	"quizd/questions/seed"
)

func TestParseValid(t *testing.T) {
	tests := []struct {
		name    string
		data    string
		opt     Options
		want    int
		check   func(t *testing.T, im *questions.Imported)
		skipped int
	}{
		{"header CSV", "prompt,answer,type,choices,topic,explanation\n" +
			"Which member froze?,Armenia,,Belarus|Armenia|Russia,membership,Yerevan froze it\n" +
			"\"Founded in\",1992,short_answer,,dates,\n" +
			"The CSTO has six members.,true,true_false,,membership,\n", Options{}, 3, func(t *testing.T, im *questions.Imported) {
			q := im.Questions[0]
			if q.Type != questions.MultipleChoice || q.Answer != "Armenia" || len(q.Choices) != 3 || q.Explanation != "Yerevan froze it" {
				t.Errorf("question 1: %+v", q)
			}
			if im.Questions[2].Answer != "true" {
				t.Errorf("true/false: %+v", im.Questions[2])
			}
		}, 0},
		{"header TSV with every column", "id\ttopic\ttype\tprompt\tanswer\tchoices\taccept\tnumbers\texplanation\tsource\n" +
			"o1\tdates\tordering\tOrder them\tfounded|deployed|withdrew\t\t\t\t\t\n" +
			"m1\treactions\tmatching\tMatch them\tBelarus -> condemned|Syria -> supported\t\t\t\t\t\n" +
			"n1\tdates\tshort_answer\tHow many days?\t5\t\tfive\t4.5..5.5\t\tparagraph 7\n", Options{TSV: true}, 3, func(t *testing.T, im *questions.Imported) {
			if q := im.Questions[0]; q.ID != "o1" || len(q.Items) != 3 || q.Items[2] != "withdrew" {
				t.Errorf("ordering %+v", q)
			}
			if q := im.Questions[1]; len(q.Pairs) != 2 || q.Pairs[1].Right != "supported" {
				t.Errorf("matching %+v", q)
			}
			if q := im.Questions[2]; len(q.Numbers) != 1 || q.Numbers[0].Max != 5.5 || q.SourceRef != "paragraph 7" || q.Accept[0] != "five" {
				t.Errorf("numeric %+v", q)
			}
		}, 0},
		{"quoted field over two lines", "prompt,answer\n\"Line one\nline two\",yes\nSecond,no\n", Options{}, 2, nil, 0},
		{"multiple answers", "prompt,answer,choices\nWhich two supported Russia?,Syria|North Korea,Syria|North Korea|China|Belarus\n", Options{}, 1, func(t *testing.T, im *questions.Imported) {
			if q := im.Questions[0]; !q.MultipleAnswers() {
				t.Errorf("%+v", q)
			}
		}, 0},
		{"duplicate prompt skipped", "prompt,answer\nQ?,a\nq?,b\n", Options{}, 1, nil, 1},
		{"Quizlet tab pairs", "Armenia\tfroze its participation\nBelarus\tUnion State with Russia\n", Options{}, 2, func(t *testing.T, im *questions.Imported) {
			if q := im.Questions[0]; q.Type != questions.Flashcard || q.Prompt != "Armenia" || q.Answer != "froze its participation" || q.Topic != DefaultTopic {
				t.Errorf("%+v", q)
			}
		}, 0},
		{"front/back header is not a card", "front,back\nCSTO,Collective Security Treaty Organization\n", Options{}, 1, func(t *testing.T, im *questions.Imported) {
			if q := im.Questions[0]; q.Type != questions.Flashcard || q.Prompt != "CSTO" {
				t.Errorf("%+v", q)
			}
		}, 0},
		{"comma pairs without a header", "5+5,10\n1+1,2\n8+3,11\n", Options{}, 3, func(t *testing.T, im *questions.Imported) {
			if q := im.Questions[0]; q.Prompt != "5+5" || q.Answer != "10" {
				t.Errorf("%+v", q)
			}
		}, 0},
		{"extra commas belong to the back", "גת,גותי גיתת (שפך, על) גת\nג'ת,ג'תמן, ג'יתת, ג'ת\nאב,אבא\nאג,אגס\nאד,אדמה\n", Options{}, 5, func(t *testing.T, im *questions.Imported) {
			if q := im.Questions[1]; q.Prompt != "ג'ת" || q.Answer != "ג'תמן, ג'יתת, ג'ת" {
				t.Errorf("the back was cut: %+v", q)
			}
			if im.Questions[0].ID == im.Questions[1].ID {
				t.Error("fronts that differ by a geresh share an id")
			}
		}, 0},
		{"fronts that differ only by signs", "C\tthe language of Unix\nC++\tC with classes\nC#\tthe language of .NET\nc\tagain\n", Options{}, 3, func(t *testing.T, im *questions.Imported) {
			ids := map[string]bool{}
			for _, q := range im.Questions {
				ids[q.ID] = true
			}
			if len(ids) != 3 || im.Skipped[0].Line != 4 || !strings.Contains(im.Skipped[0].Reason, "line 1") {
				t.Errorf("ids %v, skipped %+v", ids, im.Skipped)
			}
		}, 1},
		{"Quizlet custom separator", "a bad apple/////a trouble maker, a rogue\nbutterfingers/////clumsy\nat sea/////confused/////lost\nall ears/////listening\nall thumbs/////clumsy\n", Options{}, 5, func(t *testing.T, im *questions.Imported) {
			if q := im.Questions[0]; q.Prompt != "a bad apple" || q.Answer != "a trouble maker, a rogue" {
				t.Errorf("%+v", q)
			}
			if q := im.Questions[2]; q.Answer != "confused/////lost" {
				t.Errorf("the rest of the row belongs to the back: %+v", q)
			}
		}, 0},
		{"separator given", "term one -- its meaning\nterm two -- another, with a comma\n", Options{Separator: " -- "}, 2, func(t *testing.T, im *questions.Imported) {
			if q := im.Questions[1]; q.Prompt != "term two" || q.Answer != "another, with a comma" {
				t.Errorf("%+v", q)
			}
		}, 0},
		{"Quizlet custom row separator", "one\tuno;two\tdos;three\ttres;", Options{}, 3, func(t *testing.T, im *questions.Imported) {
			if q := im.Questions[2]; q.Prompt != "three" || q.Answer != "tres" {
				t.Errorf("%+v", q)
			}
		}, 0},
		{"row separator given", "one=uno\n|||two=dos|||three=tres", Options{Separator: "=", RowSeparator: "|||"}, 3, func(t *testing.T, im *questions.Imported) {
			if q := im.Questions[1]; q.Prompt != "two" || q.Answer != "dos" {
				t.Errorf("%+v", q)
			}
		}, 0},
		{"Anki cards in plain text", "#separator:tab\n#html:true\nWho led them?\t\"Who led them?\n\n<hr id=\"\"answer\"\">\n\nJan Neruda\"\n" +
			"\"<img src=\"\"k.jpg\"\">\"\tComposition III\nWho signed with a triangle?\t△\n", Options{}, 2, func(t *testing.T, im *questions.Imported) {
			if q := im.Questions[0]; q.Answer != "Jan Neruda" {
				t.Errorf("the back repeats the front: %q", q.Answer)
			}
			if q := im.Questions[1]; q.Answer != "△" {
				t.Errorf("a symbol answer: %+v", q)
			}
			if s := im.Skipped[0]; s.Line != 8 || !strings.Contains(s.Reason, "only markup") {
				t.Errorf("skipped %+v", im.Skipped)
			}
		}, 1},
		{"Anki's own fixture: bad rows are skipped", "# a comment\n食べる\tto eat\n飲む\tto drink\nテスト\ttest\nto eat\t食べる\n飲む\tto drink\n" +
			"多すぎる\ttoo many\tfields\nnot, enough, fields\n遊ぶ\t\n\tto play\n", Options{}, 5, func(t *testing.T, im *questions.Imported) {
			want := []struct {
				line int
				says string
			}{{6, "the same front as line 3"}, {8, "separated by a tab, and this row has one field"}, {9, "the back is empty"}, {10, "the front is empty"}}
			if len(im.Skipped) != len(want) {
				t.Fatalf("skipped %+v", im.Skipped)
			}
			for i, w := range want {
				if s := im.Skipped[i]; s.Line != w.line || !strings.Contains(s.Reason, w.says) {
					t.Errorf("skipped %d: %+v, want line %d: %q", i, s, w.line, w.says)
				}
			}
		}, 4},
		{"quiz dataset header", "id,question,correct_answer,choice_1,choice_2,choice_3,difficulty,Knowledge Category\n" +
			"521,What is the capital of Canada?,Ottawa,Toronto,Vancouver,Montreal,0,Geography\n" +
			"522,What is the capital of Egypt?,Cairo,Alexandria,Giza,Luxor,1,Geography\n", Options{}, 2, func(t *testing.T, im *questions.Imported) {
			q := im.Questions[0]
			if q.ID != "521" || q.Type != questions.MultipleChoice || q.Answer != "Ottawa" || len(q.Choices) != 4 || !slices.Contains(q.Choices, "Ottawa") {
				t.Errorf("%+v", q)
			}
			if len(im.Notes) != 1 || !strings.Contains(im.Notes[0], `"Knowledge Category"`) {
				t.Errorf("notes %q", im.Notes)
			}
		}, 0},
		{"options, letters and category", "Question,Answer,Option_A,Option_B,Option_C,Category,Explanation\nWhich is a prime?,B,4,7,9,maths,7 has no divisors\n", Options{}, 1, func(t *testing.T, im *questions.Imported) {
			if q := im.Questions[0]; q.Answer != "7" || len(q.Choices) != 3 || q.Topic != "maths" || q.Explanation != "7 has no divisors" {
				t.Errorf("%+v", q)
			}
		}, 0},
		{"incorrect_answers list", "question\tcorrect_answer\tincorrect_answers\nRed and blue make?\tpurple\tgreen|orange|brown\n", Options{}, 1, func(t *testing.T, im *questions.Imported) {
			if q := im.Questions[0]; q.Type != questions.MultipleChoice || len(q.Choices) != 4 {
				t.Errorf("%+v", q)
			}
		}, 0},
		{"header in any case", "Term\tDefinition\nosmosis\twater through a membrane\n", Options{}, 1, nil, 0},
		{"q and a", "Q,A\nWho?,me\n", Options{}, 1, nil, 0},
		{"a first card that starts with a column name", "category,a group of things\ntopic,what a text is about\n", Options{}, 2, func(t *testing.T, im *questions.Imported) {
			if q := im.Questions[0]; q.Prompt != "category" || q.Answer != "a group of things" {
				t.Errorf("%+v", q)
			}
		}, 0},
		{"Anki text export", "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n" +
			"abc\tBasic\tCSTO\t<b>Article 3</b>\tthe goals<br>of the organisation&nbsp;[sound:x.mp3]\n", Options{}, 1, func(t *testing.T, im *questions.Imported) {
			q := im.Questions[0]
			if q.Prompt != "Article 3" || q.Answer != "the goals\nof the organisation" || q.Topic != "CSTO" || q.ID != questions.MakeID("anki", "abc", "0") {
				t.Errorf("%+v", q)
			}
		}, 0},
		{"Anki semicolon", "#separator:Semicolon\n#html:false\nfront;back\n", Options{}, 1, nil, 0},
		{"byte order mark", "\xef\xbb\xbfprompt,answer\nQ,A\n", Options{}, 1, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			im, err := Parse([]byte(tc.data), tc.opt)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(im.Questions) != tc.want || len(im.Skipped) != tc.skipped {
				t.Fatalf("%d questions, %d skipped, want %d and %d: %+v", len(im.Questions), len(im.Skipped), tc.want, tc.skipped, im)
			}
			for _, q := range im.Questions {
				if err := q.Validate(); err != nil {
					t.Errorf("question %+v: %v", q, err)
				}
			}
			if tc.check != nil {
				tc.check(t, im)
			}
		})
	}
}

// TestParseSkipsBadRows checks that a bad row is left out with its line
// and reason while the good rows are kept.
func TestParseSkipsBadRows(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		wantLine int
		want     string
	}{
		{"unknown type", "prompt,answer,type\nQ,A,essay\nR,B,\n", 2, `unknown type "essay"`},
		{"answer not a choice", "prompt,answer,choices\nQ,D,A|B|C\nR,B,\n", 2, `answer: "D" is not one of the choices`},
		{"true/false answer", "prompt,answer,type\nQ,maybe,true_false\nR,B,\n", 2, `must be "true" or "false"`},
		{"matching without arrow", "prompt,answer,type\nQ,a=b|c=d,matching\nR,B,\n", 2, "has no ->"},
		{"bad range", "prompt,answer,numbers\nQ,5,five-ish\nR,B,\n", 2, "is not a number or a range"},
		{"empty prompt", "prompt,answer\n,A\nR,B\n", 2, "prompt: is empty"},
		{"repeated id", "id,prompt,answer\nx,Q,A\nx,R,B\n", 3, `its id "x" is the id of line 2 too`},
		{"one-field pair in a tab file", "only a front\nfront\tback\nside\tother\n", 1, "separated by a tab, and this row has one field"},
		{"one-field pair in a comma file", "only a front\nfront,back\nside,other\nmore,rows\n", 1, "separated by a comma, and this row has one field"},
		{"empty back", "front\t \nside\tother\n", 1, "the back is empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			im, err := Parse([]byte(tc.data), Options{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if len(im.Questions) == 0 {
				t.Fatal("the good rows were not kept")
			}
			for _, s := range im.Skipped {
				if s.Line == tc.wantLine && strings.Contains(s.Reason, tc.want) {
					return
				}
			}
			t.Errorf("skipped %+v, want line %d: %q", im.Skipped, tc.wantLine, tc.want)
		})
	}
}

// TestParseErrors checks the files that are refused: nothing importable
// (every problem, at its line) or a header quizd does not know.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		wantLine int
		want     string
	}{
		{"errors on several lines", "prompt,answer,type\nQ,A,essay\nS,,short_answer\n", 3, "answer: is empty"},
		{"every row one field", "front only\nsecond only\n\tz\n", 3, "the front is empty"},
		{"a header quizd does not know", "id,colour,size\n1,red,big\n", 1, "names neither a question column nor an answer column: call the question column question, prompt"},
		{"a header without a question", "term_id,answer\n1,red\n", 1, "names no question column"},
		{"a header without an answer", "question,hint,category\nWho?,it is you,people\n", 1, "names no answer column"},
		{"unclosed quote", "prompt,answer\n\"Q,A\nR,B\n", 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			im, err := Parse([]byte(tc.data), Options{})
			if tc.want == "" {
				// A stray quote is read leniently; it must not panic or
				// lose the file silently.
				if err == nil && len(im.Questions) == 0 {
					t.Error("no questions and no error")
				}
				return
			}
			var le questions.LineErrors
			if !errors.As(err, &le) {
				t.Fatalf("error %v (%T), want line errors", err, err)
			}
			for _, e := range le {
				if e.Line == tc.wantLine && strings.Contains(e.Msg, tc.want) {
					return
				}
			}
			t.Errorf("errors %v, want line %d: %q", le, tc.wantLine, tc.want)
		})
	}
	for _, bad := range []string{"", "\n\n", "caf\xe9,x\n"} {
		var fe *questions.FormatError
		if _, err := Parse([]byte(bad), Options{}); !errors.As(err, &fe) {
			t.Errorf("Parse(%q) error %v, want a format error", bad, err)
		}
	}
}

func TestParseSeparator(t *testing.T) {
	for in, want := range map[string]string{"": "", "tab": "\t", `\t`: "\t", "Comma": ",", ";": ";", "/////": "/////", " - ": " - "} {
		if got, err := ParseSeparator(in); err != nil || got != want {
			t.Errorf("ParseSeparator(%q) = %q, %v, want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"a\nb", strings.Repeat("/", MaxSeparator+1)} {
		if _, err := ParseSeparator(bad); err == nil {
			t.Errorf("ParseSeparator(%q) accepted", bad)
		}
	}
}

func TestWriteReadsBack(t *testing.T) {
	b, err := seed.Bank()
	if err != nil {
		t.Fatal(err)
	}
	// Add the cases the bundled bank lacks: numbers, formula-like cells, bars.
	b.Questions = append(b.Questions,
		questions.Question{ID: "x1", Topic: "t", Type: questions.ShortAnswer, Prompt: "=1+1", Answer: "-5", Numbers: []questions.NumberRange{{Min: -5.5, Max: -4.5}}},
		questions.Question{ID: "x2", Topic: "t", Type: questions.MultipleChoice, Prompt: "'quoted' a|b?", Answer: "a|b", Choices: []string{"a|b", `c\d`, "@e"}},
	)
	data, err := Write(b.Questions)
	if err != nil {
		t.Fatal(err)
	}
	im, err := Parse(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Questions) != len(b.Questions) {
		t.Fatalf("%d questions back of %d", len(im.Questions), len(b.Questions))
	}
	for i, q := range b.Questions {
		got := im.Questions[i]
		if !equalQuestion(q, got) {
			t.Errorf("question %d differs:\n wrote %+v\n  read %+v", i, q, got)
		}
	}
	if strings.Contains(string(data), "\n=1+1") || !strings.Contains(string(data), "'=1+1") {
		t.Error("a formula cell is not neutralised")
	}
}

// equalQuestion compares questions as the CSV carries them.
func equalQuestion(a, b questions.Question) bool { return a.Equal(b) }

func TestSplitJoinList(t *testing.T) {
	for _, xs := range [][]string{{"a", "b"}, {"a|b", `c\d`, ""}, {`\|`}} {
		if got := SplitList(JoinList(xs)); !reflect.DeepEqual(got, xs) {
			t.Errorf("SplitList(JoinList(%q)) = %q", xs, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte, tsv bool) {
		im, err := Parse(data, Options{TSV: tsv})
		if err == nil && len(im.Questions) == 0 {
			t.Fatal("no questions and no error")
		}
		if err != nil {
			var le questions.LineErrors
			var fe *questions.FormatError
			if !errors.As(err, &le) && !errors.As(err, &fe) {
				t.Fatalf("error %v (%T) is neither a line nor a format error", err, err)
			}
			return
		}
		for _, q := range im.Questions {
			if err := q.Validate(); err != nil {
				t.Errorf("an accepted question does not validate: %+v: %v", q, err)
			}
		}
	})
}
