package generate_test

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"quizd/questions/extract"
	"quizd/questions/facts"
	"quizd/questions/generate"
	"quizd/questions/importer"
)

// fixtureDir holds the extractor's fixture articles, and corpus below it
// the articles written to measure it.
const fixtureDir = "../extract/testdata"

// seedArticleCopy is the shared copy of the seed article beside the
// checkout, used where it is there.
const seedArticleCopy = "../../../shared/material/csto-article.txt"

// articlePaths lists every fixture article, the seed article where it is
// beside the checkout, and every corpus article: in this order, so that
// the seeds of FuzzArticleBank, which pick paragraphs by number, keep
// their meaning as the corpus grows.
func articlePaths(tb testing.TB) []string {
	tb.Helper()
	var paths []string
	for _, ext := range []string{"*.txt", "*.md"} {
		m, err := filepath.Glob(filepath.Join(fixtureDir, ext))
		if err != nil {
			tb.Fatal(err)
		}
		paths = append(paths, m...)
	}
	if _, err := os.Stat(seedArticleCopy); err == nil {
		paths = append(paths, seedArticleCopy)
	}
	if _, err := os.Stat(filepath.Join(fixtureDir, "corpus")); err == nil {
		cases, err := extract.Corpus(filepath.Join(fixtureDir, "corpus"))
		if err != nil {
			tb.Fatal(err)
		}
		for _, c := range cases {
			if c.Problem == "" {
				paths = append(paths, c.Article)
			}
		}
	}
	if len(paths) < 2 {
		tb.Fatalf("found only %q: the fixture articles are missing", paths)
	}
	return paths
}

// inputError reports whether err is the article's fault: it states no
// facts, none that a question can be made of, or more than one article
// may.
func inputError(err error) bool {
	return errors.Is(err, extract.ErrNoFacts) || errors.Is(err, errTooManyFacts) || errors.Is(err, generate.ErrNoQuestions)
}

var errTooManyFacts = errors.New("the article states more facts than an upload may")

// bankFromArticle runs an article through the extractor and the generator
// as an upload does, and validates the bank.
func bankFromArticle(text string) (*facts.Sheet, int, error) {
	sheet, err := extract.Article(text, extract.Options{})
	if err != nil {
		return nil, 0, err
	}
	n := len(sheet.People)
	for _, c := range sheet.Count() {
		n += c
	}
	if n > importer.MaxArticleFacts {
		return sheet, 0, errTooManyFacts
	}
	bank, err := generate.Bank(sheet)
	if err != nil {
		return sheet, 0, err
	}
	if err := bank.Validate(); err != nil {
		return sheet, 0, err
	}
	return sheet, len(bank.Questions), nil
}

func TestEveryArticleGivesAValidBank(t *testing.T) {
	for _, path := range articlePaths(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			text, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, n, err := bankFromArticle(string(text))
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			if n < 20 {
				t.Errorf("%s gives only %d questions", path, n)
			}
		})
	}
}

// doubled is the sheet with every fact of it stated twice, as an article
// that repeats itself gives to the extractor.
func doubled(s *facts.Sheet) *facts.Sheet {
	d := *s
	m := &d.Membership
	m.Members = append(m.Members, m.Members...)
	m.NonMembers = append(m.NonMembers, m.NonMembers...)
	m.Observers = append(m.Observers, m.Observers...)
	m.Departed = append(m.Departed, m.Departed...)
	d.Dates = append(d.Dates, d.Dates...)
	d.Charter.Articles = append(d.Charter.Articles, d.Charter.Articles...)
	d.Reactions = append(d.Reactions, d.Reactions...)
	d.People = append(d.People, d.People...)
	d.Notes = append(d.Notes, d.Notes...)
	d.Claims = append(d.Claims, d.Claims...)
	return &d
}

// TestRepeatedFactsGiveAValidBank: a sheet that states each fact twice
// gives a bank that validates, as the sheet stated once does.
func TestRepeatedFactsGiveAValidBank(t *testing.T) {
	sheets := sheets(t)
	for _, path := range articlePaths(t) {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		got, err := extract.Article(string(text), extract.Options{})
		if err != nil {
			t.Fatal(err)
		}
		sheets["extracted from "+filepath.Base(path)] = got
	}
	for name, s := range sheets {
		t.Run(name, func(t *testing.T) {
			once := mustBank(t, s)
			twice, notes, err := generate.BankWithNotes(doubled(s))
			if err != nil {
				t.Fatalf("every fact stated twice: %v", err)
			}
			// What is said twice is asked once: the same bank.
			if once.Version != twice.Version {
				t.Errorf("every fact stated twice gives another bank (%d questions, not %d)", len(twice.Questions), len(once.Questions))
			}
			if len(notes) == 0 {
				t.Error("no note says that facts were stated twice")
			}
		})
	}
}

// paragraphs reads the paragraphs of every article.
func paragraphs(tb testing.TB) []string {
	var out []string
	for _, path := range articlePaths(tb) {
		data, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		text := strings.ReplaceAll(string(data), "\r\n", "\n")
		for _, p := range strings.Split(text, "\n\n") {
			if strings.TrimSpace(p) != "" {
				out = append(out, strings.TrimSpace(p))
			}
		}
	}
	return out
}

var (
	sentenceEndRE = regexp.MustCompile(`[.!?]["”]?\s+`)
	listItemRE    = regexp.MustCompile(`[A-Z][\p{L}'’-]+(?: [A-Z][\p{L}'’-]+)?(?:, | and )`)
	nameRE        = regexp.MustCompile(`\b[A-Z][\p{Ll}'’-]+(?: [A-Z][\p{Ll}'’-]+)?\b`)
)

// recombine builds an article from the fuzzer's bytes, two at a time: the
// first says what to do, the second to what. Half the pairs add a
// paragraph of the fixtures; others repeat a sentence or a list item of
// the last paragraph, repeat the paragraph, drop its first sentence, or
// put a name of another paragraph in place of one of its names (so that
// one country does what the article says another did).
func recombine(ps []string, data []byte) string {
	var out []string
	for i := 0; i+1 < len(data); i += 2 {
		op, arg := data[i], int(data[i+1])
		if op%9 < 4 || len(out) == 0 {
			out = append(out, ps[(int(op/8)*256+arg)%len(ps)])
			continue
		}
		last := out[len(out)-1]
		switch op % 9 {
		case 4: // a sentence said twice
			ends := sentenceEndRE.FindAllStringIndex(last, -1)
			start := 0
			if len(ends) > 0 {
				k := arg % (len(ends) + 1)
				if k > 0 {
					start = ends[k-1][1]
				}
				end := len(last)
				if k < len(ends) {
					end = ends[k][1]
				}
				s := last[start:end]
				last = last[:end] + s + last[end:]
			}
		case 5: // a list item named twice: "Fiji, Samoa, Samoa, Tonga"
			items := listItemRE.FindAllStringIndex(last, -1)
			if len(items) > 0 {
				it := items[arg%len(items)]
				last = last[:it[1]] + last[it[0]:it[1]] + last[it[1]:]
			}
		case 6:
			out = append(out, last)
			continue
		case 7: // the paragraph without its first sentence
			if loc := sentenceEndRE.FindStringIndex(last); loc != nil && loc[1] < len(last) {
				last = last[loc[1]:]
			}
		case 8: // a name of another paragraph in place of one of this one's
			mine := nameRE.FindAllStringIndex(last, -1)
			other := ps[(int(op/9)*256+arg)%len(ps)]
			theirs := nameRE.FindAllString(other, -1)
			if len(mine) > 0 && len(theirs) > 0 {
				at := mine[arg%len(mine)]
				last = last[:at[0]] + theirs[(arg/3)%len(theirs)] + last[at[1]:]
			}
		}
		out[len(out)-1] = last
	}
	text := strings.Join(out, "\n\n")
	if len(text) > importer.MaxArticle {
		text = text[:importer.MaxArticle]
	}
	return text
}

// FuzzArticleBank: any article made of the fixtures' paragraphs, reordered
// and repeated, gives a valid bank or an error that is the article's
// fault, never a bank the validator refuses.
func FuzzArticleBank(f *testing.F) {
	f.Add([]byte{0, 0, 0, 1, 0, 2, 0, 3, 0, 4, 0, 5})
	f.Add([]byte{0, 1, 5, 0, 5, 1, 0, 2, 4, 0})
	f.Add([]byte{8, 7, 0, 3, 6, 0, 7, 0, 16, 9})
	ps := paragraphs(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 400 {
			return
		}
		text := recombine(ps, data)
		if strings.TrimSpace(text) == "" {
			return
		}
		if _, _, err := bankFromArticle(text); err != nil && !inputError(err) {
			t.Fatalf("%v\n--- article:\n%s", err, text)
		}
	})
}
