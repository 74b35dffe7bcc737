package csvbank

import (
	"errors"
	"reflect"
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
		{"comma pairs", "front,back\nCSTO,Collective Security Treaty Organization\n", Options{}, 2, nil, 0},
		{"Anki text export", "#separator:tab\n#html:true\n#guid column:1\n#notetype column:2\n#deck column:3\n" +
			"abc\tBasic\tCSTO\t<b>Article 3</b>\tthe goals<br>of the organisation&nbsp;[sound:x.mp3]\n", Options{}, 1, func(t *testing.T, im *questions.Imported) {
			q := im.Questions[0]
			if q.Prompt != "Article 3" || q.Answer != "the goals\nof the organisation" || q.Topic != "CSTO" {
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

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		wantLine int
		want     string
	}{
		{"unknown column", "prompt,answer,colour\nQ,A,red\n", 1, `unknown column "colour"`},
		{"unknown type", "prompt,answer,type\nQ,A,essay\n", 2, `unknown type "essay"`},
		{"answer not a choice", "prompt,answer,choices\nQ,D,A|B|C\n", 2, `answer: "D" is not one of the choices`},
		{"true/false answer", "prompt,answer,type\nQ,maybe,true_false\n", 2, `must be "true" or "false"`},
		{"matching without arrow", "prompt,answer,type\nQ,a=b|c=d,matching\n", 2, "has no ->"},
		{"bad range", "prompt,answer,numbers\nQ,5,five-ish\n", 2, "is not a number or a range"},
		{"empty prompt", "prompt,answer\n,A\n", 2, "prompt: is empty"},
		{"errors on several lines", "prompt,answer,type\nQ,A,essay\nR,B,short_answer\nS,,short_answer\n", 4, "answer: is empty"},
		{"one-field pair", "only a front\nfront\tback\n", 1, "needs a front and a back"},
		{"empty back", "front\t \n", 1, "the front or the back is empty"},
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
