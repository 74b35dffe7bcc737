package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"quizd/questions"
	"quizd/storage"
	"quizd/storage/testdb"
)

// binary is the real quizd, built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "quizd-bin-")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "quizd")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("build quizd: " + err.Error())
	}
	code := testdb.Main(m, func(url string) error {
		st, err := storage.Open(context.Background(), storage.Config{Path: url})
		if err != nil {
			return err
		}
		return st.Close()
	})
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

func quizd(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("run quizd %v: %v", args, err)
	}
	return result{code, out.String(), errOut.String()}
}

func decodeBank(t *testing.T, data string) questions.Bank {
	t.Helper()
	var b questions.Bank
	dec := json.NewDecoder(strings.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&b); err != nil {
		t.Fatalf("output is not a bank: %v\n%.300s", err, data)
	}
	if err := b.Validate(); err != nil {
		t.Fatalf("the bank does not validate: %v", err)
	}
	return b
}

func TestGenerateDefaultBank(t *testing.T) {
	r := quizd(t, "generate")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b := decodeBank(t, r.stdout)
	topics, types := map[string]bool{}, map[questions.Type]bool{}
	for _, q := range b.Questions {
		topics[q.Topic] = true
		types[q.Type] = true
	}
	if len(topics) != 4 || len(types) != 7 || len(b.Questions) < 150 {
		t.Errorf("%d questions in topics %v of types %v: want all four topics and seven types", len(b.Questions), topics, types)
	}
	if !strings.Contains(r.stderr, "by topic: membership") || !strings.Contains(r.stderr, "by type:  flashcard") {
		t.Errorf("no summary on stderr: %q", r.stderr)
	}
	// The same input gives the same output, byte for byte.
	if again := quizd(t, "generate"); again.stdout != r.stdout {
		t.Error("two runs of quizd generate differ")
	}
}

func TestGenerateFromArticle(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bank.json")
	factsOut := filepath.Join(t.TempDir(), "facts.yaml")
	r := quizd(t, "generate", "--article", "questions/extract/testdata/coral.txt", "--title", "Coral Sea", "--out", out, "--facts-out", factsOut)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("with --out, stdout should be empty, got %.100q", r.stdout)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	b := decodeBank(t, string(data))
	if b.Title != "Coral Sea" || b.Slug != "coral-sea" || b.Source.Location != "coral.txt" {
		t.Errorf("bank %q (%s) from %q", b.Title, b.Slug, b.Source.Location)
	}
	// The facts written out read back as a fact sheet and give the same bank.
	again := quizd(t, "generate", "--facts", factsOut)
	if again.code != 0 {
		t.Fatalf("generate --facts on the extracted facts: exit %d: %s", again.code, again.stderr)
	}
	if len(decodeBank(t, again.stdout).Questions) != len(b.Questions) {
		t.Error("the bank from the written facts differs from the bank from the article")
	}
}

func TestGenerateFromSeedArticle(t *testing.T) {
	// At most three questions a fact: the raw article's sixty-odd facts give
	// well over sixty questions, in every topic. Without the article beside
	// the checkout (a fresh clone anywhere), the article the project wrote
	// for its tests stands in, with a floor of fifty for its fewer facts.
	path, least := os.Getenv("QUIZD_ARTICLE"), 60
	if path == "" {
		path = defaultArticle
		if _, err := os.Stat(path); err != nil {
			path, least = "questions/extract/testdata/danube.md", 50
			t.Logf("the seed article is not beside the checkout (%v): generating from the project's own %s instead", err, path)
		}
	}
	r := quizd(t, "generate", "--article", path)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	b := decodeBank(t, r.stdout)
	if len(b.Questions) < least {
		t.Errorf("only %d questions from %s, want at least %d", len(b.Questions), path, least)
	}
	topics := map[string]int{}
	for _, q := range b.Questions {
		topics[q.Topic]++
	}
	for _, topic := range questions.ArticleTopics {
		if topics[topic] == 0 {
			t.Errorf("no %s question from the raw article", topic)
		}
	}
}

func TestGenerateBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string
	}{
		{"missing article", []string{"generate", "--article", filepath.Join(dir, "nope.txt")}, 1, "no such file"},
		{"binary article", []string{"generate", "--article", write("a.bin", "PK\x03\x04\x00\x00")}, 1, "binary, not text"},
		{"non-UTF-8 article", []string{"generate", "--article", write("latin1.txt", "Title\n\ncaf\xe9")}, 1, "line 3: the file is not UTF-8 text"},
		{"empty article", []string{"generate", "--article", write("empty.txt", "\n\n  \n")}, 1, "the article is empty"},
		{"article without facts", []string{"generate", "--article", write("recipe.txt", "Bread\n\nMix flour and water. Bake it.")}, 1, "no facts found"},
		{"missing fact sheet", []string{"generate", "--facts", filepath.Join(dir, "nope.yaml")}, 1, "no such file"},
		{"unknown topic", []string{"generate", "--facts", write("topic.yaml", "title: T\nweather:\n  - rain\n")}, 1, `line 2: unknown topic "weather"`},
		{"malformed date", []string{"generate", "--facts", write("date.yaml", "title: T\ndates:\n  - event: E\n    date: 2024-02-30\n")}, 1, "line 4: date \"2024-02-30\": February 2024 has no day 30"},
		{"article and facts", []string{"generate", "--article", "a", "--facts", "b"}, 2, "not both"},
		{"unknown flag", []string{"generate", "--colour"}, 2, "flag provided but not defined"},
		{"stray argument", []string{"generate", "extra"}, 2, `unexpected argument "extra"`},
		{"unknown command", []string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{"no command", nil, 2, "Usage:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := quizd(t, tc.args...)
			if r.code != tc.wantCode {
				t.Errorf("exit code %d, want %d (stderr %q)", r.code, tc.wantCode, r.stderr)
			}
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr %q, want it to say %q", r.stderr, tc.want)
			}
			if r.stdout != "" {
				t.Errorf("stdout %.100q, want nothing on failure", r.stdout)
			}
			if strings.Contains(r.stderr, "panic") || strings.Contains(r.stderr, "goroutine") {
				t.Errorf("quizd panicked: %s", r.stderr)
			}
		})
	}
}

func TestGenerateFailureLeavesNoOutputFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "bank.json")
	bad := filepath.Join(dir, "bad.yaml")
	if err := os.WriteFile(bad, []byte("title: T\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := quizd(t, "generate", "--facts", bad, "--out", out); r.code != 1 {
		t.Fatalf("exit %d, want 1", r.code)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the failed run left files behind: %v", entries)
	}
}

func TestEval(t *testing.T) {
	r := quizd(t, "eval", "--facts", "questions/extract/testdata/danube.facts.yaml", "questions/extract/testdata/danube.md")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"members", "dates", "charter", "reactions", "overall", "precision"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("eval output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "junk") {
		t.Errorf("eval without a not-list counts junk:\n%s", r.stdout)
	}
}

// coralCorpus makes a corpus of the coral fixture, with a not-list that
// names a reaction the extractor gives, and an article without its sheet.
func coralCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"coral.txt", "coral.facts.yaml"} {
		data, err := os.ReadFile(filepath.Join("questions/extract/testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, "train"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "train", f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "train", "coral.not.yaml"), []byte("reactions: [Mele Tupou]\nmembers: [Tuvalu]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestEvalNotList(t *testing.T) {
	dir := coralCorpus(t)
	sheet := filepath.Join(dir, "train", "coral.facts.yaml")
	r := quizd(t, "eval", "--facts", sheet, filepath.Join(dir, "train", "coral.txt"))
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stdout, "junk reactions: Mele Tupou\n") || !strings.Contains(r.stdout, "junk: 1\n") {
		t.Errorf("the not-list beside the sheet was not used:\n%s", r.stdout)
	}
	bad := filepath.Join(dir, "bad.not.yaml")
	if err := os.WriteFile(bad, []byte("memberz: [x]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = quizd(t, "eval", "--facts", sheet, "--not", bad, filepath.Join(dir, "train", "coral.txt"))
	if r.code != 1 || !strings.Contains(r.stderr, `line 1: unknown category "memberz"`) {
		t.Errorf("a bad not-list gives exit %d: %s", r.code, r.stderr)
	}
}

func TestEvalCorpus(t *testing.T) {
	dir := coralCorpus(t)
	r := quizd(t, "eval", "--corpus", dir)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[1], "train/coral ") || !strings.HasPrefix(lines[2], "overall (1 articles, 0 failed, 0 unread)") {
		t.Fatalf("want a header, one article and the overall line:\n%s", r.stdout)
	}
	if f := strings.Fields(lines[1]); len(f) != 5 || f[3] != "1" || f[4] == "0" {
		t.Errorf("the article's line should show one junk fact and its questions: %q", lines[1])
	}
	// A low score is no failure; a file that cannot be read is.
	if err := os.WriteFile(filepath.Join(dir, "lonely.md"), []byte("An article on nothing."), 0o644); err != nil {
		t.Fatal(err)
	}
	r = quizd(t, "eval", "--corpus", dir)
	if r.code != 1 || !strings.Contains(r.stdout, "has no fact sheet beside it (lonely.facts.yaml)") || !strings.Contains(r.stdout, "1 unread") {
		t.Errorf("an article without its sheet gives exit %d:\n%s", r.code, r.stdout)
	}
	if r := quizd(t, "eval", "--corpus", dir, "x.txt"); r.code != 2 {
		t.Errorf("--corpus with an article gives exit %d, want 2", r.code)
	}
}

func TestImport(t *testing.T) {
	dir := t.TempDir()
	db := testdb.Path(t)
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if r := quizd(t, "user", "add", "--username", "teacher", "--password", "correct horse", "--role", "instructor", "--db", db); r.code != 0 {
		t.Fatal(r.stderr)
	}
	csv := write("set.csv", "prompt,answer\nQ1?,A1\nQ2?,A2\n")
	r := quizd(t, "import", csv, "--dry-run", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "would import (dry run") || !strings.Contains(r.stdout, "2 new") {
		t.Fatalf("dry run: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = quizd(t, "import", "--owner", "teacher", "--db", db, csv)
	if r.code != 0 || !strings.Contains(r.stdout, `imported "set" (set, csv): 2 questions: 2 new`) {
		t.Fatalf("import: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = quizd(t, "import", csv, "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "2 unchanged") {
		t.Errorf("import again: %d %q %q", r.code, r.stdout, r.stderr)
	}
	bad := write("bad.gift", "Q1 {~a ~b}\n\nQ2 {#x}\n")
	r = quizd(t, "import", bad, "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "bad.gift:1: a multiple-choice question needs a right answer") || !strings.Contains(r.stderr, "bad.gift:3:") {
		t.Errorf("bad file: %d %q", r.code, r.stderr)
	}
	// A bad row is listed and the rest imported, unless --strict.
	cards := write("cards.txt", "食べる\tto eat\n飲む\tto drink\nnot, enough, fields\n遊ぶ\t\n")
	r = quizd(t, "import", cards, "--dry-run", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "(cards, text): 2 questions") || !strings.Contains(r.stdout, "skipped line 3: a card needs a front and a back, separated by a tab") ||
		!strings.Contains(r.stdout, "skipped line 4: the back is empty") {
		t.Errorf("bad rows: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = quizd(t, "import", cards, "--strict", "--dry-run", "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "has 2 problems; nothing was imported") || !strings.Contains(r.stderr, "cards.txt:4: the back is empty") {
		t.Errorf("strict: %d %q %q", r.code, r.stdout, r.stderr)
	}
	// A separator too rare to be found from the file is given.
	quizlet := write("idioms.txt", "at sea = confused\nall ears = listening\nthe last straw\n")
	r = quizd(t, "import", quizlet, "--separator", " = ", "--dry-run", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "(idioms, text): 2 questions") || !strings.Contains(r.stdout, `skipped line 3: a card needs a front and a back, separated by " = "`) {
		t.Errorf("--separator: %d %q %q", r.code, r.stdout, r.stderr)
	}
	rows := write("rows.txt", "one=uno|||two=dos|||three=tres")
	r = quizd(t, "import", rows, "--separator", "=", "--row-separator", "|||", "--dry-run", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "(rows, text): 3 questions") {
		t.Errorf("--row-separator: %d %q %q", r.code, r.stdout, r.stderr)
	}
	problems := write("problems.csv", "5+5,10\n1+1,2\n")
	r = quizd(t, "import", problems, "--format", "csv", "--dry-run", "--db", db)
	if r.code != 0 || !strings.Contains(r.stdout, "(problems, csv): 2 questions") {
		t.Errorf("a CSV without a header: %d %q %q", r.code, r.stdout, r.stderr)
	}
	essays := write("essays.gift", "::e::Write about the CSTO.{}\n")
	r = quizd(t, "import", essays, "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "essays.gift:1: an essay question") || !strings.Contains(r.stderr, "essays.gift: No block of the file is a question quizd can grade") || strings.Contains(r.stderr, ":0:") {
		t.Errorf("essays only: %d %q", r.code, r.stderr)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import", "--db", db}, 2, "give the file"},
		{[]string{"import", csv, "--separator", strings.Repeat("/", 17), "--db", db}, 2, "--separator: the separator is 17 characters long"},
		{[]string{"import", csv, "--format", "docx", "--db", db}, 2, "unknown format"},
		{[]string{"import", csv, "--owner", "nobody", "--db", db}, 1, `no user named "nobody"`},
		{[]string{"import", filepath.Join(dir, "missing.csv"), "--db", db}, 1, "no such file"},
		{[]string{"import", dir, "--db", db}, 1, "it is a folder"},
	} {
		r := quizd(t, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: %d %q, want %d with %q", tc.args, r.code, r.stderr, tc.code, tc.want)
		}
	}
	// A large file draws a progress bar.
	var b strings.Builder
	b.WriteString("prompt,answer\n")
	for i := 0; b.Len() < 2<<20; i++ {
		fmt.Fprintf(&b, "Question number %d about the CSTO?,Answer %d\n", i, i)
	}
	big := write("big.csv", b.String())
	r = quizd(t, "import", big, "--db", db, "--dry-run")
	if r.code != 1 || !strings.Contains(r.stderr, "a bank may hold at most 10000: split it into files") || !strings.Contains(r.stderr, "--max-questions") {
		t.Errorf("a file over the question cap: %d %.300q", r.code, r.stderr)
	}
	r = quizd(t, "import", big, "--db", db, "--max-questions", "100000")
	if r.code != 0 || !strings.Contains(r.stderr, "reading [##############################] 100%") {
		t.Errorf("large import: %d %.300q", r.code, r.stderr)
	}
}

func TestReportCommand(t *testing.T) {
	dir := t.TempDir()
	db := testdb.Path(t)
	if r := quizd(t, "user", "add", "--username", "teacher", "--password", "correct horse", "--role", "instructor", "--db", db); r.code != 0 {
		t.Fatal(r.stderr)
	}
	// The bundled bank is bank 1 once a server has run; import loads the
	// schema only, so import a small set and report on it.
	csv := filepath.Join(dir, "set.csv")
	os.WriteFile(csv, []byte("prompt,answer\nQ1?,A1\nQ2?,A2\n"), 0o644)
	if r := quizd(t, "import", csv, "--owner", "teacher", "--db", db); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := quizd(t, "report", "progress", "--bank", "1", "--db", db)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "student,question_id,topic") || r.stderr != "0 rows\n" {
		t.Errorf("empty progress report: %d %q %q", r.code, r.stdout, r.stderr)
	}
	out := filepath.Join(dir, "items.xlsx")
	r = quizd(t, "report", "items", "--bank", "1", "--class", "1", "--format", "xlsx", "--out", out, "--db", db)
	if r.code != 1 || !strings.Contains(r.stderr, "--class 1: no such class") {
		t.Errorf("a missing class: %d %q", r.code, r.stderr)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"report"}, "the report command is"},
		{[]string{"report", "summary", "--bank", "1", "--db", db}, "--class is required"},
		{[]string{"report", "progress", "--db", db}, "--bank is required"},
		{[]string{"report", "progress", "--bank", "1", "--format", "pdf", "--db", db}, "--format must be"},
	} {
		if r := quizd(t, tc.args...); r.code != 2 || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: %d %q, want %q", tc.args, r.code, r.stderr, tc.want)
		}
	}
	if r := quizd(t, "report", "progress", "--bank", "9", "--db", db); r.code != 1 || !strings.Contains(r.stderr, "no such bank") {
		t.Errorf("a missing bank: %d %q", r.code, r.stderr)
	}
}
