package anki

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"google.golang.org/protobuf/encoding/protowire"

	"quizd/questions"
)

// The test packages are built here from SQL and a zip, in each layout.

const legacySchema = `
CREATE TABLE col (id integer primary key, crt integer, mod integer, scm integer, ver integer, dty integer,
  usn integer, ls integer, conf text, models text, decks text, dconf text, tags text);
CREATE TABLE notes (id integer primary key, guid text, mid integer, mod integer, usn integer, tags text,
  flds text, sfld integer, csum integer, flags integer, data text);
CREATE TABLE cards (id integer primary key, nid integer, did integer, ord integer, mod integer, usn integer,
  type integer, queue integer, due integer, ivl integer, factor integer, reps integer, lapses integer,
  left integer, odue integer, odid integer, flags integer, data text);`

const newSchema = legacySchema + `
CREATE TABLE notetypes (id integer primary key, name text, mtime_secs integer, usn integer, config blob);
CREATE TABLE fields (ntid integer, ord integer, name text, config blob, primary key (ntid, ord));
CREATE TABLE templates (ntid integer, ord integer, name text, mtime_secs integer, usn integer, config blob, primary key (ntid, ord));
CREATE TABLE decks (name text primary key, id integer, mtime_secs integer, usn integer, common blob, kind blob);`

type model struct {
	id     int64
	name   string
	cloze  bool
	fields []string
	tmpls  [][2]string
}

var models = []model{
	{1, "Basic", false, []string{"Front", "Back"}, [][2]string{{"{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"}}},
	{2, "Basic (and reversed card)", false, []string{"Front", "Back"}, [][2]string{
		{"{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}"}, {"{{Back}}", "{{FrontSide}}<hr id=answer>{{Front}}"}}},
	{3, "Cloze", true, []string{"Text", "Back Extra"}, [][2]string{{"{{cloze:Text}}", "{{cloze:Text}}<br>{{Back Extra}}"}}},
}

type testNote struct {
	id, mid int64
	guid    string
	fields  []string
	cards   []int // ords
}

var testNotes = []testNote{
	{10, 1, "g-basic", []string{"What does <b>CSTO</b> stand for?", "Collective Security Treaty Organization&nbsp;[sound:a.mp3]"}, []int{0}},
	{11, 2, "g-rev", []string{"Armenia", "froze its participation"}, []int{0, 1}},
	{12, 3, "g-cloze", []string{"The CSTO was founded in {{c1::1992}} and has {{c2::six::how many?}} members.", ""}, []int{0, 1}},
	{13, 1, "g-empty", []string{"<img src=\"x.png\">", "An image only"}, []int{0}},
}

func buildDB(t *testing.T, schema string, newer bool) []byte {
	t.Helper()
	return buildDBWith(t, "sqlite3", schema, newer)
}

func buildDBWith(t *testing.T, driver, schema string, newer bool) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "collection.db")
	db, err := sql.Open(driver, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	exec := func(q string, args ...any) {
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(schema)
	decks := `{"1": {"name": "Default"}, "5": {"name": "CSTO::Membership"}}`
	legacyModels := map[string]any{}
	for _, m := range models {
		var flds, tmpls []map[string]any
		for i, f := range m.fields {
			flds = append(flds, map[string]any{"name": f, "ord": i})
		}
		for i, tm := range m.tmpls {
			tmpls = append(tmpls, map[string]any{"name": "Card", "ord": i, "qfmt": tm[0], "afmt": tm[1]})
		}
		typ := 0
		if m.cloze {
			typ = 1
		}
		legacyModels[itoa(m.id)] = map[string]any{"name": m.name, "type": typ, "flds": flds, "tmpls": tmpls}
	}
	mj, _ := json.Marshal(legacyModels)
	if newer {
		exec("INSERT INTO col VALUES (1,0,0,0,18,0,0,0,'','','','','')")
		for _, m := range models {
			var cfg []byte
			if m.cloze {
				cfg = protowire.AppendTag(cfg, 1, protowire.VarintType)
				cfg = protowire.AppendVarint(cfg, 1)
			}
			exec("INSERT INTO notetypes VALUES (?,?,0,0,?)", m.id, m.name, cfg)
			for i, f := range m.fields {
				exec("INSERT INTO fields VALUES (?,?,?,?)", m.id, i, f, []byte{})
			}
			for i, tm := range m.tmpls {
				var cfg []byte
				cfg = protowire.AppendTag(cfg, 1, protowire.BytesType)
				cfg = protowire.AppendString(cfg, tm[0])
				cfg = protowire.AppendTag(cfg, 2, protowire.BytesType)
				cfg = protowire.AppendString(cfg, tm[1])
				exec("INSERT INTO templates VALUES (?,?,?,0,0,?)", m.id, i, "Card "+itoa(int64(i+1)), cfg)
			}
		}
		exec("INSERT INTO decks VALUES ('Default',1,0,0,x'',x'')")
		exec("INSERT INTO decks VALUES (?,5,0,0,x'',x'')", "CSTO\x1fMembership")
	} else {
		exec("INSERT INTO col VALUES (1,0,0,0,11,0,0,0,'{}',?,?,'{}','{}')", string(mj), decks)
	}
	cid := int64(100)
	for _, n := range testNotes {
		exec("INSERT INTO notes VALUES (?,?,?,0,0,'',?,0,0,0,'')", n.id, n.guid, n.mid, strings.Join(n.fields, "\x1f"))
		for _, ord := range n.cards {
			exec("INSERT INTO cards VALUES (?,?,5,?,0,0,0,0,0,0,0,0,0,0,0,0,0,'')", cid, n.id, ord)
			cid++
		}
	}
	db.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// dummy is the collection.anki2 current Anki adds for old clients: one note
// that asks to update.
func dummy(t *testing.T) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "dummy.db")
	db, _ := sql.Open("sqlite3", path)
	defer db.Close()
	for _, q := range []string{legacySchema,
		`INSERT INTO col VALUES (1,0,0,0,11,0,0,0,'{}','{"9":{"name":"Basic","type":0,"flds":[{"name":"Front","ord":0},{"name":"Back","ord":1}],"tmpls":[{"ord":0,"qfmt":"{{Front}}","afmt":"{{Back}}"}]}}','{"1":{"name":"Default"}}','{}','{}')`,
		`INSERT INTO notes VALUES (1,'dummy',9,0,0,'','Please update to the latest Anki version, then import the .colpkg/.apkg file again.` + "\x1f" + `x',0,0,0,'')`,
		`INSERT INTO cards VALUES (1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,'')`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	data, _ := os.ReadFile(path)
	return data
}

func zipOf(t *testing.T, entries map[string][]byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range entries {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func zstdOf(t *testing.T, data []byte) []byte {
	enc, err := zstd.NewWriter(nil)
	if err != nil {
		t.Fatal(err)
	}
	return enc.EncodeAll(data, nil)
}

func packages(t *testing.T) map[string][]byte {
	meta := protowire.AppendVarint(protowire.AppendTag(nil, 1, protowire.VarintType), 3)
	return map[string][]byte{
		"anki2 alone": zipOf(t, map[string][]byte{"collection.anki2": buildDB(t, legacySchema, false), "media": []byte(`{"0": "a.mp3"}`), "0": []byte("ID3")}),
		"anki21":      zipOf(t, map[string][]byte{"collection.anki21": buildDB(t, legacySchema, false), "collection.anki2": dummy(t), "media": []byte(`{}`)}),
		"anki21b": zipOf(t, map[string][]byte{"collection.anki21b": zstdOf(t, buildDB(t, newSchema, true)), "collection.anki2": dummy(t),
			"meta": meta, "media": zstdOf(t, nil), "0": []byte("ID3")}),
	}
}

func TestParseEveryLayout(t *testing.T) {
	for name, pkg := range packages(t) {
		t.Run(name, func(t *testing.T) {
			im, err := Parse(context.Background(), pkg, DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			byPrompt := map[string]questions.Question{}
			for _, q := range im.Questions {
				byPrompt[q.Prompt] = q
				if strings.Contains(q.Prompt, "Please update") {
					t.Error("the dummy collection.anki2 was imported")
				}
			}
			if len(im.Questions) != 5 {
				t.Fatalf("%d questions, want 5 (basic, reversed ×2, cloze ×2): %+v", len(im.Questions), im.Questions)
			}
			basic := byPrompt["What does CSTO stand for?"]
			if basic.Type != questions.Flashcard || basic.Answer != "Collective Security Treaty Organization" || basic.Topic != "Membership" {
				t.Errorf("basic card %+v", basic)
			}
			if rev := byPrompt["froze its participation"]; rev.Answer != "Armenia" {
				t.Errorf("reversed card %+v", rev)
			}
			c1 := byPrompt["The CSTO was founded in _____ and has six members."]
			c2 := byPrompt["The CSTO was founded in 1992 and has _____ members."]
			if c1.Type != questions.Cloze || c1.Answer != "1992" || c2.Answer != "six" || c2.Explanation != "Hint: how many?" {
				t.Errorf("cloze cards %+v %+v", c1, c2)
			}
			if im.Title != "CSTO::Membership" {
				t.Errorf("title %q", im.Title)
			}
			if len(im.Skipped) != 1 || !strings.Contains(im.Skipped[0].Reason, "empty") {
				t.Errorf("skipped %+v, want the image-only card", im.Skipped)
			}
			wantMedia := name != "anki21"
			if got := len(im.Notes) > 0 && strings.Contains(im.Notes[0], "media"); got != wantMedia {
				t.Errorf("notes %v, media reported %v, want %v", im.Notes, got, wantMedia)
			}
			// The same package gives the same ids.
			again, _ := Parse(context.Background(), pkg, DefaultLimits)
			for i := range im.Questions {
				if again.Questions[i].ID != im.Questions[i].ID {
					t.Fatal("ids differ between two reads")
				}
			}
		})
	}
}

func TestParseBadPackages(t *testing.T) {
	good := packages(t)["anki21"]
	tests := []struct {
		name    string
		data    []byte
		lim     Limits
		tooBig  bool
		message string
	}{
		{"not a zip", []byte("hello"), DefaultLimits, false, "not an Anki package"},
		{"no collection", zipOf(t, map[string][]byte{"notes.txt": []byte("x")}), DefaultLimits, false, "has no collection"},
		{"collection is junk", zipOf(t, map[string][]byte{"collection.anki2": bytes.Repeat([]byte("junk"), 1000)}), DefaultLimits, false, "not an SQLite database"},
		{"anki21b not zstd", zipOf(t, map[string][]byte{"collection.anki21b": []byte("not zstd at all")}), DefaultLimits, false, "cannot be read"},
		{"empty collection", zipOf(t, map[string][]byte{"collection.anki2": nil}), DefaultLimits, false, "no note types"},
		{"too many entries", good, Limits{Entries: 1, Collection: 1 << 30, Cards: 100}, true, ""},
		{"collection too large", good, Limits{Entries: 10, Collection: 1024, Cards: 100}, true, ""},
		{"too many cards", good, Limits{Entries: 10, Collection: 1 << 30, Cards: 2}, true, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(context.Background(), tc.data, tc.lim)
			if tc.tooBig {
				if !errors.Is(err, ErrTooLarge) {
					t.Errorf("error %v, want ErrTooLarge", err)
				}
				return
			}
			var fe *questions.FormatError
			if !errors.As(err, &fe) || !strings.Contains(fe.Msg, tc.message) {
				t.Errorf("error %v, want a format error saying %q", err, tc.message)
			}
		})
	}
}

func TestPathsInsideThePackageAreNeverUsed(t *testing.T) {
	dir := t.TempDir()
	evil := filepath.Join(dir, "evil.txt")
	pkg := zipOf(t, map[string][]byte{
		"collection.anki2":    buildDB(t, legacySchema, false),
		"../../../../" + evil: []byte("x"),
		evil:                  []byte("x"),
	})
	if _, err := Parse(context.Background(), pkg, DefaultLimits); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(evil); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a path from inside the package was written: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := Parse(context.Background(), data, Limits{Entries: 100, Collection: 4 << 20, Cards: 1000})
		if err != nil {
			return
		}
		for _, q := range im.Questions {
			if err := q.Validate(); err != nil {
				t.Fatalf("an accepted card does not validate: %+v: %v", q, err)
			}
		}
	})
}

// TestWriteSamplePackages keeps testdata/*.apkg, which other packages'
// tests upload, in step with the builders above: run with QUIZD_UPDATE=1
// to rewrite them; otherwise it checks they still read.
func TestWriteSamplePackages(t *testing.T) {
	for name, file := range map[string]string{"anki21b": "testdata/current.apkg", "anki2 alone": "testdata/legacy.apkg"} {
		if os.Getenv("QUIZD_UPDATE") == "1" {
			pkg := packages(t)[name]
			if err := os.WriteFile(file, pkg, 0o644); err != nil {
				t.Fatal(err)
			}
			seed := "go test fuzz v1\n[]byte(" + strconv.Quote(string(pkg)) + ")\n"
			os.MkdirAll("testdata/fuzz/FuzzParse", 0o755)
			if err := os.WriteFile("testdata/fuzz/FuzzParse/seed-"+strings.TrimSuffix(filepath.Base(file), ".apkg"), []byte(seed), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		im, err := Parse(context.Background(), data, DefaultLimits)
		if err != nil || len(im.Questions) != 5 {
			t.Errorf("%s: %v", file, err)
		}
	}
}

func TestDeckTitleIsTheParentOfTheDecksUsed(t *testing.T) {
	tests := []struct {
		name string
		use  map[string]int
		want string
	}{
		{"one deck", map[string]int{"Spanish": 40}, "Spanish"},
		{"subdecks of one parent", map[string]int{"KIT\x1fHM1\x1fChapter 1": 10, "KIT\x1fHM1\x1fChapter 2": 200}, "KIT::HM1"},
		{"a parent and its subdeck", map[string]int{"Biology": 3, "Biology::Cells": 90}, "Biology"},
		{"no common parent", map[string]int{"French": 5, "German": 50}, "German"},
		{"a tie", map[string]int{"B": 5, "A": 5}, "A"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := deckTitle(tc.use); got != tc.want {
				t.Errorf("deckTitle(%v) = %q, want %q", tc.use, got, tc.want)
			}
		})
	}
}
