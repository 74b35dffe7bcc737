package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"quizd/storage/testdb"
)

const cleanJSON = `{"slug": "clean", "title": "Clean", "source": {"title": "Tests"}, "questions": [
 {"id": "q1", "topic": "t", "type": "multiple_choice", "prompt": "Which of these countries froze its participation in the CSTO?",
  "answer": "Armenia", "choices": ["Armenia", "Belarus", "Kyrgyzstan", "Tajikistan"], "source_ref": "paragraph 8"},
 {"id": "q2", "topic": "t", "type": "true_false", "prompt": "The CSTO brings together six countries.", "answer": "true", "source_ref": "paragraph 2"}
]}`

// badJSON has two findings of one code and one of another.
const badJSON = `{"slug": "bad", "title": "Bad", "source": {"title": "Tests"}, "questions": [
 {"id": "q1", "topic": "t", "type": "short_answer", "prompt": "Which country froze its participation in the CSTO?", "answer": "Armenia"},
 {"id": "q2", "topic": "t", "type": "flashcard", "prompt": "Which country froze its participation in the CSTO?", "answer": "Armenia"},
 {"id": "q3", "topic": "t", "type": "multiple_choice", "prompt": "Which country froze its participation in the CSTO?", "answer": "Armenia", "choices": ["Armenia", "Belarus", "Russia"]},
 {"id": "q4", "topic": "t", "type": "multiple_choice", "prompt": "Which article sets the goals?", "answer": "Article 3", "choices": ["Article 3", "Article 7"]}
]}`

func TestLintCommand(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	clean, bad := write("clean.json", cleanJSON), write("bad.json", badJSON)

	r := quizd(t, "lint", clean)
	if r.code != 0 || r.stdout != "bank \"clean\": 2 questions, no findings\n" {
		t.Errorf("clean bank: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}

	r = quizd(t, "lint", bad)
	if r.code != 1 {
		t.Errorf("a bank with findings: exit %d, want 1: %s", r.code, r.stderr)
	}
	for _, want := range []string{
		"duplicate-prompt (2)\n  q2: It asks the same as question q1",
		"\n  q3: It asks the same as question q1",
		"too-few-choices (1)\n  q4: It offers only 2 choices",
		"bank \"bad\": 4 questions, 3 findings: duplicate-prompt 2, too-few-choices 1\n",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("lint output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Index(r.stdout, "duplicate-prompt") > strings.Index(r.stdout, "too-few-choices") {
		t.Errorf("codes are not in their fixed order:\n%s", r.stdout)
	}

	// With the article, an explanation copied from it is a finding.
	article := write("article.txt", "Armenia froze its participation in the CSTO after mistrust grew between Yerevan and Moscow.\n")
	copied := write("copied.json", strings.Replace(cleanJSON, `"source_ref": "paragraph 8"}`,
		`"source_ref": "paragraph 8", "explanation": "Armenia froze its participation in the CSTO after mistrust grew between Yerevan and Moscow."}`, 1))
	if r := quizd(t, "lint", copied); r.code != 0 {
		t.Errorf("without --article: exit %d %q", r.code, r.stdout)
	}
	if r := quizd(t, "lint", copied, "--article", article); r.code != 1 || !strings.Contains(r.stdout, "explanation-copies-source (1)\n  q1: Its explanation copies the source word for word") {
		t.Errorf("with --article: exit %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := quizd(t, "lint", copied, "--article", filepath.Join(dir, "none.txt")); r.code != 1 || !strings.Contains(r.stderr, "no such file") {
		t.Errorf("a missing article: exit %d %q", r.code, r.stderr)
	}

	// With the fact sheet, a member is known to belong to the keyed group.
	sheet := write("sheet.yaml", "title: T\nsource: {title: S}\nmembership:\n  organisation: Collective Security Treaty Organization\n  abbreviation: CSTO\n  members:\n    - name: Kazakhstan\n    - name: Belarus\n")
	grouped := write("grouped.json", `{"slug": "g", "title": "G", "source": {"title": "S"}, "questions": [
 {"id": "q1", "topic": "t", "type": "multiple_choice", "prompt": "Which of these stayed neutral?", "answer": "the other CSTO members",
  "choices": ["the other CSTO members", "Kazakhstan", "the press service", "China"]}]}`)
	if r := quizd(t, "lint", grouped); r.code != 0 {
		t.Errorf("without --facts: exit %d %q", r.code, r.stdout)
	}
	if r := quizd(t, "lint", grouped, "--facts", sheet); r.code != 1 || !strings.Contains(r.stdout, "distractor-in-keyed-group (1)") {
		t.Errorf("with --facts: exit %d %q %q", r.code, r.stdout, r.stderr)
	}

	// A stored bank, by slug and by id.
	db := testdb.Path(t)
	if r := quizd(t, "import", bad, "--db", db); r.code != 0 || !strings.Contains(r.stdout, "warning: the linter has 3 findings (duplicate-prompt 2, too-few-choices 1): run 'quizd lint") {
		t.Fatalf("import: %d %q %q", r.code, r.stdout, r.stderr)
	}
	for _, ref := range []string{"bad", "1"} {
		if r := quizd(t, "lint", "--bank", ref, "--db", db); r.code != 1 || !strings.Contains(r.stdout, "3 findings") {
			t.Errorf("--bank %s: %d %q %q", ref, r.code, r.stdout, r.stderr)
		}
	}

	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"lint", bad, "--bank", "bad"}, 2, "give a FILE or --bank, not both"},
		{[]string{"lint", bad, clean}, 2, "unexpected argument"},
		{[]string{"lint", "--bank", "nothing", "--db", db}, 1, `--bank: no bank "nothing"`},
		{[]string{"lint", filepath.Join(dir, "missing.json")}, 1, "no such file"},
		{[]string{"lint", write("broken.json", `{"slug": "x", "questions": [`)}, 1, "broken.json"},
	} {
		if r := quizd(t, tc.args...); r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: %d %q, want %d with %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
}

// TestLintBundledBank lints the bundled course: the exit status must agree
// with what it prints, and every finding line must name a question and
// fall under a code with its count.
func TestLintBundledBank(t *testing.T) {
	r := quizd(t, "lint")
	last := regexp.MustCompile(`bank "csto-demise": \d+ questions, (no findings|(\d+) findings?: .+)\n$`).FindStringSubmatch(r.stdout)
	if last == nil {
		t.Fatalf("no summary line:\n%s\n%s", r.stdout, r.stderr)
	}
	if (last[1] == "no findings") != (r.code == 0) {
		t.Errorf("exit %d with %q", r.code, last[1])
	}
	findingRE := regexp.MustCompile(`^  q[0-9a-f]{16}: It.+\.$`)
	codeRE := regexp.MustCompile(`^[a-z-]+ \(\d+\)$`)
	lines := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n")
	for _, l := range lines[:len(lines)-1] {
		if !findingRE.MatchString(l) && !codeRE.MatchString(l) {
			t.Errorf("unexpected line %q", l)
		}
	}
}

func TestEvalPrintsLintCounts(t *testing.T) {
	r := quizd(t, "eval", "--facts", "questions/extract/testdata/danube.facts.yaml", "questions/extract/testdata/danube.md")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, from := range []string{"questions/extract/testdata/danube.facts.yaml", "questions/extract/testdata/danube.md"} {
		re := regexp.MustCompile(`(?m)^lint of the bank generated from ` + regexp.QuoteMeta(from) + ` \(\d+ questions\): (no findings|\d+ findings? \([a-z-]+ \d+(, [a-z-]+ \d+)*\))$`)
		if !re.MatchString(r.stdout) {
			t.Errorf("eval output lacks the lint count for the bank from %s:\n%s", from, r.stdout)
		}
	}
}
