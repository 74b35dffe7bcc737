package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"quizd/questions/anki"
	"quizd/questions/csvbank"
	"quizd/questions/extract"
	"quizd/questions/gift"
	"quizd/questions/jsonbank"
)

// BenchmarkParsers reads the worst shape known for each parser at 1, 5 and
// 20 MB and prints the time per MB: a parser whose work grows faster than
// its input shows a time per MB that grows with the size. Run it with
// -benchtime 1x (make bench does).
func BenchmarkParsers(b *testing.B) {
	parsers := []struct {
		name  string
		make  func(tb testing.TB, size int) []byte
		parse func(data []byte) error
	}{
		{"gift", giftOf, func(d []byte) error { _, err := gift.Parse(d, gift.Options{}); return err }},
		{"csvbank", csvOf, func(d []byte) error { _, err := csvbank.Parse(d, csvbank.Options{}); return err }},
		// Every question's line is placed: the last one is invalid.
		{"jsonbank", jsonOf, func(d []byte) error { _, err := jsonbank.Parse(d); return nil2(err) }},
		// One note with a field of nearly the whole size, and 20,000
		// cards of it.
		{"anki", apkgOf, func(d []byte) error {
			_, err := anki.Parse(context.Background(), d, anki.DefaultLimits)
			return err
		}},
		// One sentence the size of the article, of dates, acronyms,
		// abbreviations, names, reactions and charter articles.
		{"extract", articleOf, func(d []byte) error { _, err := extract.Article(string(d), extract.Options{}); return err }},
	}
	for _, p := range parsers {
		for _, mb := range []int{1, 5, 20} {
			b.Run(fmt.Sprintf("%s/%dMB", p.name, mb), func(b *testing.B) {
				data := p.make(b, mb<<20)
				b.SetBytes(int64(len(data)))
				b.ResetTimer()
				for b.Loop() {
					if err := p.parse(data); err != nil {
						b.Fatal(err)
					}
				}
				perMB := float64(b.Elapsed().Milliseconds()) / float64(b.N) / (float64(len(data)) / (1 << 20))
				b.ReportMetric(perMB, "ms/MB")
			})
		}
	}
}

// nil2 accepts the line errors the shape is built to give.
func nil2(err error) error {
	if err != nil && strings.Contains(err.Error(), "prompt: is empty") {
		return nil
	}
	return err
}

func giftOf(_ testing.TB, size int) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "::q%d::Which member froze its participation, case %d? {=Armenia ~Belarus ~Kazakhstan}\n\n", i, i)
	}
	return b.Bytes()
}

func csvOf(_ testing.TB, size int) []byte {
	var b bytes.Buffer
	b.WriteString("prompt,answer,topic\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "Which member froze its participation (case %d)?,Armenia,membership\n", i)
	}
	return b.Bytes()
}

func jsonOf(_ testing.TB, size int) []byte {
	var b bytes.Buffer
	b.WriteString("{\n  \"slug\": \"big\",\n  \"title\": \"Big\",\n  \"questions\": [\n")
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, "    {\"id\": \"q%d\", \"topic\": \"t\", \"type\": \"flashcard\", \"prompt\": \"Question %d?\", \"answer\": \"A\"},\n", i, i)
	}
	b.WriteString("    {\"id\": \"last\", \"topic\": \"t\", \"type\": \"flashcard\", \"prompt\": \"\", \"answer\": \"A\"}\n  ]\n}\n")
	return b.Bytes()
}

func articleOf(_ testing.TB, size int) []byte {
	const unit = "the Collective Security Treaty Organization (CSTO) met on 5 May 2020 and Armenia condemned the move, " +
		"while President Nikol Pashinyan said that Mr. Smith backed Article %d of its charter, which states that members shall act; " +
		"Belarus welcomed it “a fair step” in 1999 and Kazakhstan has frozen its participation since June 2021 "
	var b bytes.Buffer
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, unit, i%900+1)
	}
	b.WriteString("end.\n")
	return b.Bytes()
}

func apkgOf(tb testing.TB, size int) []byte {
	path := filepath.Join(tb.TempDir(), "collection.anki2")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	field := strings.Repeat("<b>Yerevan</b> froze its participation. ", size/40)
	for _, q := range []string{
		`CREATE TABLE col (id integer primary key, models text, decks text)`,
		`CREATE TABLE notes (id integer primary key, guid text, mid integer, flds text)`,
		`CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer)`,
		`INSERT INTO col VALUES (1, '{"1":{"name":"Basic","type":0,"flds":[{"name":"Front","ord":0},{"name":"Back","ord":1}],"tmpls":[{"ord":0,"qfmt":"{{Front}}","afmt":"{{Back}}"}]}}', '{"1":{"name":"Default"}}')`,
		`INSERT INTO notes VALUES (1, 'huge', 1, '` + field + `' || char(31) || 'Armenia')`,
		`INSERT INTO notes VALUES (2, 'small', 1, 'Who froze?' || char(31) || 'Armenia')`,
		`WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r LIMIT 20000) INSERT INTO cards SELECT i, 1, 1, 0 FROM r`,
		`INSERT INTO cards VALUES (30000, 2, 1, 0)`,
	} {
		if _, err := db.Exec(q); err != nil {
			tb.Fatal(err)
		}
	}
	db.Close()
	coll, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "collection.anki2", Method: zip.Store})
	w.Write(coll)
	zw.Close()
	return buf.Bytes()
}
