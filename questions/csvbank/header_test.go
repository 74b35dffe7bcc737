package csvbank

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quizd/questions"
)

// realUploads holds files exported by real tools, beside the repository;
// each case below falls back to a fixture of the same shape in testdata
// when it is not there.
const realUploads = "../../../shared/real-uploads"

// TestHeadersAreNeverCards reads the shapes Quizlet, Anki and quiz
// datasets export, and checks that no header row became a card and that
// as many cards as expected were kept.
func TestHeadersAreNeverCards(t *testing.T) {
	expected := map[string]int{}
	if raw, err := os.ReadFile(filepath.Join(realUploads, "expected.json")); err == nil {
		var es []struct {
			File string `json:"file"`
			Min  int    `json:"expect_min"`
		}
		if err := json.Unmarshal(raw, &es); err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			expected[e.File] = e.Min
		}
	}
	for _, tc := range []struct {
		name, real, fixture string
		fixtureWant         int
		check               func(t *testing.T, q questions.Question)
	}{
		{"a quiz dataset with a header", "exios66-Refined_Geography_Questions.csv", "dataset-header.csv", 5, func(t *testing.T, q questions.Question) {
			if q.Type != questions.MultipleChoice || len(q.Choices) != 4 {
				t.Errorf("%+v is not a question of four choices", q)
			}
		}},
		{"Anki notes in plain text", "mojekarticky-literatura-notes-plain.txt", "anki-notes-plain.txt", 5, nil},
		{"question,answer rows without a header", "gophercises-problems.csv", "no-header.csv", 3, nil},
		{"Quizlet with a custom separator", "quizletscatter-idioms-quizlet.txt", "quizlet-custom.txt", 3, nil},
		{"Quizlet comma pairs", "3bld-letterpairs-quizlet.txt", "quizlet-comma.txt", 4, nil},
		{"Quizlet with a Term/Definition header", "", "quizlet-with-header.tsv", 2, func(t *testing.T, q questions.Question) {
			if q.Type != questions.Flashcard {
				t.Errorf("%+v is not a flashcard", q)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path, want := filepath.Join("testdata", tc.fixture), tc.fixtureWant
			if n, ok := expected[tc.real]; ok {
				path, want = filepath.Join(realUploads, tc.real), n
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			im, err := Parse(data, Options{TSV: strings.HasSuffix(path, ".tsv")})
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if len(im.Questions) < want {
				t.Errorf("%s: %d questions, want at least %d; skipped %v", path, len(im.Questions), want, im.Skipped)
			}
			for _, q := range im.Questions {
				if _, isColumn := aliases[normHeader(q.Prompt)]; isColumn && len(q.Prompt) > 1 {
					t.Errorf("%s: the header became the card %+v", path, q)
				}
				if tc.check != nil {
					tc.check(t, q)
				}
			}
		})
	}
}

// TestHeaderNames reads the headers people write, in any case, and refuses
// a header quizd does not know with the columns it accepts.
func TestHeaderNames(t *testing.T) {
	for _, h := range []string{"question,answer", "Question,Answer", "TERM,DEFINITION", "Front,Back", "prompt,answer", "q,a", "Q,A",
		"id,topic,type,prompt,answer,choices,accept,numbers,explanation,source,year_optional", "Term\tDefinition"} {
		t.Run(h, func(t *testing.T) {
			sep := ","
			if strings.Contains(h, "\t") {
				sep = "\t"
			}
			row := "What is the capital of Armenia?" + sep + "Yerevan"
			if strings.HasPrefix(h, "id,") {
				row = "cap-am,geo,short_answer,What is the capital of Armenia?,Yerevan,,,,,,"
			}
			im, err := Parse([]byte(h+"\n"+row+"\n"), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(im.Questions) != 1 || im.Questions[0].Prompt != "What is the capital of Armenia?" || im.Questions[0].Answer != "Yerevan" {
				t.Errorf("read as %+v", im.Questions)
			}
		})
	}
	_, err := Parse([]byte("word_text,meaning_text\nbonjour,hello\n"), Options{})
	var le questions.LineErrors
	if !errors.As(err, &le) || le[0].Line != 1 || !strings.Contains(le[0].Msg, "call the question column "+promptNames+", and the answer column "+answerNames) {
		t.Errorf("an unknown header: %v", err)
	}
}
