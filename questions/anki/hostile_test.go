package anki

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mattn/go-sqlite3"

	"quizd/questions"
)

// Packages built to hurt the server: each must be refused at once, with a
// message that says why, and leave no temporary file behind.

const colTable = `CREATE TABLE col (id integer primary key, crt integer, mod integer, scm integer, ver integer, dty integer,
  usn integer, ls integer, conf text, models text, decks text, dconf text, tags text);`

const cardsTable = `CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer, mod integer, usn integer,
  type integer, queue integer, due integer, ivl integer, factor integer, reps integer, lapses integer,
  left integer, odue integer, odid integer, flags integer, data text);`

const notesTable = `CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer, usn integer, tags text,
  flds text, sfld integer, csum integer, flags integer, data text);`

const basicModels = `{"1":{"name":"Basic","type":0,"flds":[{"name":"Front","ord":0},{"name":"Back","ord":1}],"tmpls":[{"ord":0,"qfmt":"{{Front}}","afmt":"{{Back}}"}]}}`

// writerDriver writes test collections: it has the unicase collation but
// not the reader's cap on values, so that oversized ones can be built.
const writerDriver = "sqlite3-anki-writer"

var registerWriter = sync.OnceFunc(func() {
	sql.Register(writerDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		return c.RegisterCollation("unicase", unicase)
	}})
})

// collectionOf builds a legacy collection from SQL.
func collectionOf(t testing.TB, stmts ...string) []byte {
	t.Helper()
	registerWriter()
	path := filepath.Join(t.TempDir(), "collection.db")
	db, err := sql.Open(writerDriver, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// noTempFiles points the temporary directory at an empty one and, at the
// end of the test, checks that nothing was left in it.
func noTempFiles(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	t.Cleanup(func() {
		left, _ := os.ReadDir(dir)
		for _, e := range left {
			t.Errorf("temporary file left behind: %s", e.Name())
		}
	})
}

type hostileCase struct {
	name, seed string // the test's name, and the fuzz seed's file name
	stmts      []string
	want       string
}

func hostileCases() []hostileCase {
	col := `INSERT INTO col VALUES (1,0,0,0,11,0,0,0,'{}','` + basicModels + `','{"1":{"name":"Default"}}','{}','{}')`
	card := `INSERT INTO cards VALUES (1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,'')`
	return []hostileCase{
		{"notes is a view of a recursive query without end", "hostile-recursive-view", []string{colTable, cardsTable,
			`CREATE VIEW notes AS WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r LIMIT 10000000000)
			 SELECT i AS id, 'g' || i AS guid, 1 AS mid, 'front' || char(31) || 'back' AS flds FROM r WHERE i > 9999999999`, col, card},
			`a view ("notes")`},
		{"notes is a view that builds a gigabyte value", "hostile-zeroblob-view", []string{colTable, cardsTable,
			`CREATE VIEW notes AS SELECT 1 AS id, 'g' AS guid, 1 AS mid, hex(zeroblob(1000000000)) || char(31) || 'x' AS flds`, col, card},
			`a view ("notes")`},
		{"a view that notes do not need", "hostile-extra-view", []string{colTable, cardsTable, notesTable, `CREATE VIEW extra AS SELECT 1`, col, card},
			`a view ("extra")`},
		{"a trigger", "hostile-trigger", []string{colTable, cardsTable, notesTable,
			`CREATE TRIGGER t AFTER UPDATE ON cards BEGIN SELECT hex(zeroblob(1000)); END`, col, card},
			`a trigger ("t")`},
		{"fields computed on read", "hostile-generated-column", []string{colTable, cardsTable,
			`CREATE TABLE notes (id integer primary key, guid text, mid integer,
			   flds text GENERATED ALWAYS AS (hex(zeroblob(100000000)) || char(31) || 'x') VIRTUAL)`,
			`INSERT INTO notes (id, guid, mid) VALUES (1, 'g', 1)`, col, card},
			"table notes has computed columns"},
	}
}

func TestHostilePackagesAreRefused(t *testing.T) {
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			pkg := zipOf(t, map[string][]byte{"collection.anki2": collectionOf(t, tc.stmts...)})
			noTempFiles(t)
			_, err := Parse(context.Background(), pkg, DefaultLimits)
			var fe *questions.FormatError
			if !errors.As(err, &fe) || !strings.Contains(fe.Msg, tc.want) || !strings.Contains(fe.Msg, "refused") {
				t.Errorf("error %v, want a refusal saying %q", err, tc.want)
			}
		})
	}
}

func TestAValueLargerThanAnyFieldIsRefusedBySQLite(t *testing.T) {
	// A plain table holding a 40 MiB field: SQLite refuses to load it
	// rather than build it in memory.
	pkg := zipOf(t, map[string][]byte{"collection.anki2": collectionOf(t, colTable, cardsTable, notesTable,
		`INSERT INTO col VALUES (1,0,0,0,11,0,0,0,'{}','`+basicModels+`','{"1":{"name":"Default"}}','{}','{}')`,
		`INSERT INTO notes VALUES (1,'g',1,0,0,'',hex(zeroblob(20971520)) || char(31) || 'x',0,0,0,'')`,
		`INSERT INTO cards VALUES (1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,'')`)})
	noTempFiles(t)
	_, err := Parse(context.Background(), pkg, DefaultLimits)
	var fe *questions.FormatError
	if !errors.As(err, &fe) || !strings.Contains(fe.Msg, "too big") {
		t.Errorf("error %v, want the notes refused as too big", err)
	}
}

func TestReadingStopsAtTheDeadlineAndWhenTheCallerGoes(t *testing.T) {
	pkg := packages(t)["anki21b"]
	noTempFiles(t)
	lim := DefaultLimits
	lim.Time = time.Nanosecond
	_, err := Parse(context.Background(), pkg, lim)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "reading it took over") {
		t.Errorf("past the deadline: %v, want ErrTooLarge saying it took too long", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Parse(ctx, pkg, DefaultLimits); !errors.Is(err, context.Canceled) {
		t.Errorf("with the caller gone: %v, want context.Canceled", err)
	}
}

func TestCurrentSchemaWithUnicaseCollation(t *testing.T) {
	// Anki 2.1.50 and later declare names COLLATE unicase and index them:
	// quick_check needs the collation to read the index.
	schema := strings.NewReplacer(
		"CREATE TABLE decks (name text primary key,", "CREATE TABLE decks (name text NOT NULL COLLATE unicase,",
		"CREATE TABLE notetypes (id integer primary key, name text,", "CREATE TABLE notetypes (id integer primary key, name text NOT NULL COLLATE unicase,",
	).Replace(newSchema) + `
CREATE UNIQUE INDEX idx_decks_name ON decks (name);
CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
CREATE TABLE tags (tag text NOT NULL PRIMARY KEY COLLATE unicase, usn integer NOT NULL) WITHOUT ROWID;`
	if !strings.Contains(schema, "COLLATE unicase,") {
		t.Fatal("the schema was not rewritten")
	}
	registerWriter()
	db := buildDBWith(t, writerDriver, schema, true)
	meta := []byte{0x08, 0x03}
	pkg := zipOf(t, map[string][]byte{"collection.anki21b": zstdOf(t, db), "collection.anki2": dummy(t), "meta": meta})
	noTempFiles(t)
	im, err := Parse(context.Background(), pkg, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Questions) != 5 || im.Title != "CSTO::Membership" {
		t.Errorf("%d questions, title %q; want 5 from CSTO::Membership", len(im.Questions), im.Title)
	}
	if unicase("Émile", "éMILE") != 0 || unicase("a", "B") >= 0 {
		t.Error("unicase does not compare by case folding")
	}
}

func TestManyCardsOfOneHugeNote(t *testing.T) {
	// 2,000 cards of one note with a 256 KiB field: the note is made
	// plain text once, the repeated card gives one question, and the
	// over-long text is skipped, not copied into every card.
	big := strings.Repeat("<b>word</b> ", 256<<10/12)
	stmts := []string{colTable, cardsTable, notesTable,
		`INSERT INTO col VALUES (1,0,0,0,11,0,0,0,'{}','` + basicModels + `','{"1":{"name":"Default"}}','{}','{}')`,
		`INSERT INTO notes VALUES (1,'huge',1,0,0,'','` + big + `' || char(31) || 'back',0,0,0,'')`,
		`INSERT INTO notes VALUES (2,'small',1,0,0,'','front' || char(31) || 'back',0,0,0,'')`,
		`WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r LIMIT 2000)
		 INSERT INTO cards SELECT i, 1, 1, 0, 0,0,0,0,0,0,0,0,0,0,0,0,0,'' FROM r`,
		`INSERT INTO cards VALUES (5000,2,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,'')`,
	}
	pkg := zipOf(t, map[string][]byte{"collection.anki2": collectionOf(t, stmts...)})
	lim := DefaultLimits
	lim.Text = 1 << 20 // a few renderings of the note would spend it
	im, err := Parse(context.Background(), pkg, lim)
	if err != nil {
		t.Fatal(err)
	}
	if len(im.Questions) != 1 || im.Questions[0].Prompt != "front" {
		t.Errorf("%d questions (first prompt %d bytes), want only the small note's", len(im.Questions), len(im.Questions[0].Prompt))
	}
	if len(im.Skipped) != 2000 || !strings.Contains(im.Skipped[0].Reason, "over 64 KiB") {
		t.Errorf("%d skipped, want the 2000 cards of the huge note", len(im.Skipped))
	}
}

func TestClozeCardsOfOneHugeNoteSpendTheBudget(t *testing.T) {
	// Each cloze card blanks its deletion in the whole text: 3,000
	// deletions in one note would copy it 3,000 times, so the budget
	// stops it.
	var text strings.Builder
	for i := 1; i <= 3000; i++ {
		text.WriteString("{{c" + itoa(int64(i)) + "::x}} ")
	}
	models := `{"3":{"name":"Cloze","type":1,"flds":[{"name":"Text","ord":0}],"tmpls":[{"ord":0,"qfmt":"{{cloze:Text}}","afmt":"{{cloze:Text}}"}]}}`
	stmts := []string{colTable, cardsTable, notesTable,
		`INSERT INTO col VALUES (1,0,0,0,11,0,0,0,'{}','` + models + `','{"1":{"name":"Default"}}','{}','{}')`,
		`INSERT INTO notes VALUES (1,'cloze',3,0,0,'','` + text.String() + `',0,0,0,'')`,
		`WITH RECURSIVE r(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM r LIMIT 3000)
		 INSERT INTO cards SELECT i + 1, 1, 1, i, 0,0,0,0,0,0,0,0,0,0,0,0,0,'' FROM r`,
	}
	pkg := zipOf(t, map[string][]byte{"collection.anki2": collectionOf(t, stmts...)})
	lim := DefaultLimits
	lim.Text = 4 << 20
	_, err := Parse(context.Background(), pkg, lim)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "over 4 MiB of text") {
		t.Errorf("error %v, want ErrTooLarge for the text", err)
	}
	lim.Text, lim.Questions = 1<<30, 100
	_, err = Parse(context.Background(), pkg, lim)
	var qe *questions.QuestionLimitError
	if !errors.As(err, &qe) || qe.Max != 100 {
		t.Errorf("error %v, want the question limit", err)
	}
}

// TestHostileFuzzSeeds keeps the hostile packages in the fuzz seed corpus:
// QUIZD_UPDATE=1 writes them; otherwise each seed must still be refused.
func TestHostileFuzzSeeds(t *testing.T) {
	for _, tc := range hostileCases() {
		file := filepath.Join("testdata", "fuzz", "FuzzParse", tc.seed)
		if os.Getenv("QUIZD_UPDATE") == "1" {
			pkg := zipOf(t, map[string][]byte{"collection.anki2": collectionOf(t, tc.stmts...)})
			if err := os.WriteFile(file, []byte("go test fuzz v1\n[]byte("+strconv.Quote(string(pkg))+")\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		text, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		_, lit, _ := strings.Cut(strings.TrimSuffix(string(text), ")\n"), "[]byte(")
		pkg, err := strconv.Unquote(lit)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		var fe *questions.FormatError
		if _, err := Parse(context.Background(), []byte(pkg), DefaultLimits); !errors.As(err, &fe) || !strings.Contains(fe.Msg, "refused") {
			t.Errorf("%s: %v, want it refused", file, err)
		}
	}
}
