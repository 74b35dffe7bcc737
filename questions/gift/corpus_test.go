package gift

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"quizd/questions"
)

// realUploads is where the project keeps files exported by real tools,
// beside the repository; the fixtures in testdata reproduce each of their
// constructs for a clone without it.
const realUploads = "../../../shared/real-uploads"

// TestRealGIFTFiles imports every GIFT file of the shared corpus and checks
// that it keeps as many questions as expected.json says a correct importer
// keeps.
func TestRealGIFTFiles(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(realUploads, "expected.json"))
	if errors.Is(err, fs.ErrNotExist) {
		t.Logf("%s is not beside the repository: the corpus is not run, the fixtures in testdata cover its constructs", realUploads)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	var expected []struct {
		File      string `json:"file"`
		Format    string `json:"format"`
		ExpectMin int    `json:"expect_min"`
		ExpectMax int    `json:"expect_max"`
	}
	if err := json.Unmarshal(data, &expected); err != nil {
		t.Fatalf("expected.json: %v", err)
	}
	n := 0
	for _, e := range expected {
		if e.Format != "gift" {
			continue
		}
		n++
		t.Run(e.File, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(realUploads, e.File))
			if err != nil {
				t.Fatal(err)
			}
			im, err := Parse(data, Options{})
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if got := len(im.Questions); got < e.ExpectMin || got > e.ExpectMax {
				t.Errorf("%d questions, want %d to %d; skipped %+v", got, e.ExpectMin, e.ExpectMax, im.Skipped)
			}
			for _, s := range im.Skipped {
				if s.Line <= 0 || s.Reason == "" {
					t.Errorf("skipped %+v has no line or reason", s)
				}
			}
			b := &questions.Bank{Slug: "corpus", Title: e.File, Questions: im.Questions}
			if err := b.Validate(); err != nil {
				t.Errorf("the imported bank does not validate: %v", err)
			}
			t.Logf("%d questions, %d skipped, notes %q", len(im.Questions), len(im.Skipped), im.Notes)
		})
	}
	if n == 0 {
		t.Error("expected.json lists no GIFT file")
	}
}
