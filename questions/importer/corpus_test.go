package importer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"text/tabwriter"
)

// corpusDir holds files exported by real tools, with expected.json saying
// how many questions a correct importer keeps from each. It sits beside
// the checkout (in CI too), never inside it: the files are others' work.
const corpusDir = "../../../shared/real-uploads"

// knownBroken are corpus files whose formats other branches are fixing,
// with the item of issue 18 that fixes them. The lead empties this map
// once those branches are merged.
var knownBroken = map[string]string{}

type corpusEntry struct {
	File      string `json:"file"`
	Format    string `json:"format"`
	Min       int    `json:"expect_min"`
	Max       int    `json:"expect_max"`
	RefusalOK bool   `json:"refusal_ok"`
}

// TestRealExports reads every file of the corpus as an upload would (the
// format found from the file) and checks that the number of questions kept
// is in the range expected.json gives.
func TestRealExports(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(corpusDir, "expected.json"))
	if errors.Is(err, os.ErrNotExist) {
		t.Logf("%s is not beside the checkout: the real-export corpus was not run", corpusDir)
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	var entries []corpusEntry
	if err := json.Unmarshal(raw, &entries); err != nil {
		t.Fatalf("read expected.json: %v", err)
	}
	var table strings.Builder
	tw := tabwriter.NewWriter(&table, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "file\tformat\texpected\tgot\tresult")
	good := 0
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(corpusDir, e.File))
		if err != nil {
			t.Fatal(err)
		}
		res, err := Read(context.Background(), data, Options{Filename: e.File})
		got, format := "", string(Detect(e.File, data))
		ok := false
		if err != nil {
			got = "refused: " + shortError(err)
			ok = e.RefusalOK
		} else {
			n := len(res.Bank.Questions)
			got, format = fmt.Sprint(n), string(res.Format)
			ok = n >= e.Min && n <= e.Max && string(res.Format) == e.Format
		}
		verdict := "ok"
		if ok {
			good++
		} else if why, broken := knownBroken[e.File]; broken {
			verdict = "known broken: " + why
		} else {
			verdict = "WRONG"
			t.Errorf("%s: got %s as %s, want %d..%d questions as %s", e.File, got, format, e.Min, e.Max, e.Format)
		}
		if ok && knownBroken[e.File] != "" {
			t.Errorf("%s now imports correctly: remove it from knownBroken", e.File)
		}
		fmt.Fprintf(tw, "%s\t%s\t%d..%d\t%s\t%s\n", e.File, format, e.Min, e.Max, got, verdict)
	}
	tw.Flush()
	t.Logf("real exports: %d of %d import correctly\n%s", good, len(entries), table.String())
}

func shortError(err error) string {
	s := err.Error()
	if len(s) > 70 {
		s = s[:70] + "…"
	}
	return s
}
