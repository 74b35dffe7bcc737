// Package anki reads Anki packages (.apkg) in the three layouts that exist:
// a lone collection.anki2 (Anki before 2.1.28), collection.anki21 (to
// 2.1.49), and the layout current Anki writes by default: a meta entry, a
// zstd-compressed collection.anki21b in the newer schema, and a dummy
// collection.anki2 that only asks to update Anki, which is never imported.
//
// Each card becomes one question: a Basic (or reversed) card a flashcard of
// the fields its templates show, a Cloze card a fill-the-blank question.
// HTML becomes plain text; media are left out and counted.
//
// A package is untrusted: entries and sizes are capped while streaming (the
// sizes a zip declares may lie), no path from inside it is ever used, and
// the collection is opened read-only with trusted_schema off after a
// quick_check.
package anki

import (
	"archive/zip"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/klauspost/compress/zstd"
	_ "github.com/mattn/go-sqlite3" // the SQLite driver
	"google.golang.org/protobuf/encoding/protowire"

	"quizd/questions"
)

// Limits bound what a package may make quizd read.
type Limits struct {
	Entries    int   // zip entries
	Collection int64 // bytes of the decompressed collection
	Cards      int   // cards read
}

// DefaultLimits fit any real deck a class studies.
var DefaultLimits = Limits{Entries: 50000, Collection: 512 << 20, Cards: 200000}

// ErrTooLarge means a package goes past a limit.
var ErrTooLarge = errors.New("anki: the package is too large")

func formatErr(format string, args ...any) error {
	return &questions.FormatError{Msg: fmt.Sprintf(format, args...)}
}

// Parse reads an .apkg held in memory.
func Parse(data []byte, lim Limits) (*questions.Imported, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, formatErr("this is not an Anki package: %v", err)
	}
	if len(zr.File) > lim.Entries {
		return nil, fmt.Errorf("%w: %d entries, at most %d", ErrTooLarge, len(zr.File), lim.Entries)
	}
	entries := map[string]*zip.File{}
	for _, f := range zr.File {
		entries[f.Name] = f
	}
	name, compressed := "", false
	switch {
	case entries["collection.anki21b"] != nil:
		name, compressed = "collection.anki21b", true
	case entries["collection.anki21"] != nil:
		name = "collection.anki21"
	case entries["collection.anki2"] != nil:
		name = "collection.anki2"
	default:
		return nil, formatErr("this is not an Anki package: it has no collection.anki21b, collection.anki21 or collection.anki2")
	}
	path, err := extract(entries[name], compressed, lim.Collection)
	if err != nil {
		return nil, err
	}
	defer os.Remove(path)
	im, err := readCollection(path, lim)
	if err != nil {
		return nil, err
	}
	media := 0
	for n := range entries {
		if !strings.HasPrefix(n, "collection.") && n != "meta" && n != "media" {
			media++
		}
	}
	if media > 0 {
		im.Notes = append(im.Notes, fmt.Sprintf("%d media files (images, sounds) were left out: quizd shows text only", media))
	}
	return im, nil
}

// extract copies a zip entry to a temporary file of quizd's naming,
// decompressing zstd, and stops at limit bytes whatever the zip declares.
func extract(f *zip.File, compressed bool, limit int64) (string, error) {
	rc, err := f.Open()
	if err != nil {
		return "", formatErr("the package's %s cannot be read: %v", f.Name, err)
	}
	defer rc.Close()
	var r io.Reader = rc
	if compressed {
		dec, err := zstd.NewReader(rc, zstd.WithDecoderMaxMemory(uint64(limit)), zstd.WithDecoderConcurrency(1))
		if err != nil {
			return "", formatErr("the package's %s is not zstd data: %v", f.Name, err)
		}
		defer dec.Close()
		r = dec
	}
	tmp, err := os.CreateTemp("", "quizd-apkg-*.sqlite")
	if err != nil {
		return "", fmt.Errorf("anki: %w", err)
	}
	n, err := io.Copy(tmp, io.LimitReader(r, limit+1))
	cerr := tmp.Close()
	if err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", formatErr("the package's %s cannot be read: %v", f.Name, err)
	}
	if n > limit {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("%w: the collection is over %d MiB once decompressed", ErrTooLarge, limit>>20)
	}
	return tmp.Name(), nil
}

// notetype is what quizd needs of a note type.
type notetype struct {
	name   string
	cloze  bool
	fields []string          // by ord
	tmpls  map[int][2]string // ord → question and answer format
}

type note struct {
	guid   string
	mid    int64
	fields []string
}

func readCollection(path string, lim Limits) (*questions.Imported, error) {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&immutable=1&_query_only=1")
	if err != nil {
		return nil, fmt.Errorf("anki: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, formatErr("the collection is not an SQLite database: %v", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA trusted_schema = OFF"); err != nil {
		return nil, formatErr("the collection is not an SQLite database: %v", err)
	}
	var check string
	if err := conn.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil || check != "ok" {
		if err == nil {
			err = errors.New(check)
		}
		return nil, formatErr("the collection is damaged: %v", err)
	}
	types, err := readNotetypes(ctx, conn)
	if err != nil {
		return nil, err
	}
	decks, err := readDecks(ctx, conn)
	if err != nil {
		return nil, err
	}
	return readCards(ctx, conn, types, decks, lim)
}

func hasTable(ctx context.Context, conn *sql.Conn, name string) bool {
	var n int
	err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", name).Scan(&n)
	return err == nil && n > 0
}

// readNotetypes reads the note types: from the notetypes, fields and
// templates tables of the newer schema, or from col.models in the older.
func readNotetypes(ctx context.Context, conn *sql.Conn) (map[int64]*notetype, error) {
	out := map[int64]*notetype{}
	if hasTable(ctx, conn, "notetypes") {
		rows, err := conn.QueryContext(ctx, "SELECT id, name, config FROM notetypes")
		if err != nil {
			return nil, formatErr("the collection's note types cannot be read: %v", err)
		}
		for rows.Next() {
			var id int64
			var name string
			var cfg []byte
			if err := rows.Scan(&id, &name, &cfg); err != nil {
				rows.Close()
				return nil, formatErr("the collection's note types cannot be read: %v", err)
			}
			out[id] = &notetype{name: name, cloze: protoVarint(cfg, 1) == 1, tmpls: map[int][2]string{}}
		}
		rows.Close()
		frows, err := conn.QueryContext(ctx, "SELECT ntid, ord, name FROM fields ORDER BY ntid, ord")
		if err != nil {
			return nil, formatErr("the collection's fields cannot be read: %v", err)
		}
		for frows.Next() {
			var nt int64
			var ord int
			var name string
			if err := frows.Scan(&nt, &ord, &name); err != nil {
				frows.Close()
				return nil, formatErr("the collection's fields cannot be read: %v", err)
			}
			if t := out[nt]; t != nil && ord == len(t.fields) {
				t.fields = append(t.fields, name)
			}
		}
		frows.Close()
		trows, err := conn.QueryContext(ctx, "SELECT ntid, ord, config FROM templates")
		if err != nil {
			return nil, formatErr("the collection's card templates cannot be read: %v", err)
		}
		defer trows.Close()
		for trows.Next() {
			var nt int64
			var ord int
			var cfg []byte
			if err := trows.Scan(&nt, &ord, &cfg); err != nil {
				return nil, formatErr("the collection's card templates cannot be read: %v", err)
			}
			if t := out[nt]; t != nil {
				t.tmpls[ord] = [2]string{protoString(cfg, 1), protoString(cfg, 2)}
			}
		}
		return out, trows.Err()
	}
	var models string
	if err := conn.QueryRowContext(ctx, "SELECT models FROM col").Scan(&models); err != nil {
		return nil, formatErr("the collection has no note types: %v", err)
	}
	var legacy map[string]struct {
		Name string `json:"name"`
		Type int    `json:"type"`
		Flds []struct {
			Name string `json:"name"`
			Ord  int    `json:"ord"`
		} `json:"flds"`
		Tmpls []struct {
			Ord  int    `json:"ord"`
			Qfmt string `json:"qfmt"`
			Afmt string `json:"afmt"`
		} `json:"tmpls"`
	}
	if err := json.Unmarshal([]byte(models), &legacy); err != nil {
		return nil, formatErr("the collection's note types are not valid JSON: %v", err)
	}
	for id, m := range legacy {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			continue
		}
		t := &notetype{name: m.Name, cloze: m.Type == 1, tmpls: map[int][2]string{}}
		sort.Slice(m.Flds, func(i, j int) bool { return m.Flds[i].Ord < m.Flds[j].Ord })
		for _, f := range m.Flds {
			t.fields = append(t.fields, f.Name)
		}
		for _, tm := range m.Tmpls {
			t.tmpls[tm.Ord] = [2]string{tm.Qfmt, tm.Afmt}
		}
		out[n] = t
	}
	return out, nil
}

// readDecks maps deck ids to names: from the decks table of the newer
// schema, or from col.decks in the older.
func readDecks(ctx context.Context, conn *sql.Conn) (map[int64]string, error) {
	out := map[int64]string{}
	if hasTable(ctx, conn, "decks") {
		rows, err := conn.QueryContext(ctx, "SELECT id, name FROM decks")
		if err != nil {
			return out, nil
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var name string
			if rows.Scan(&id, &name) == nil {
				out[id] = name
			}
		}
		return out, nil
	}
	var decks string
	if err := conn.QueryRowContext(ctx, "SELECT decks FROM col").Scan(&decks); err != nil {
		return out, nil
	}
	var legacy map[string]struct {
		Name string `json:"name"`
	}
	if json.Unmarshal([]byte(decks), &legacy) == nil {
		for id, d := range legacy {
			if n, err := strconv.ParseInt(id, 10, 64); err == nil {
				out[n] = d.Name
			}
		}
	}
	return out, nil
}

// deckTopic is the last part of a deck name ("CSTO::Dates" → "Dates"),
// separated by Anki's "::" or the newer schema's \x1f.
func deckTopic(name string) string {
	name = strings.ReplaceAll(name, "\x1f", "::")
	parts := strings.Split(name, "::")
	t := strings.TrimSpace(parts[len(parts)-1])
	if t == "" || t == "Default" {
		return "cards"
	}
	return t
}

func readCards(ctx context.Context, conn *sql.Conn, types map[int64]*notetype, decks map[int64]string, lim Limits) (*questions.Imported, error) {
	notes := map[int64]*note{}
	nrows, err := conn.QueryContext(ctx, "SELECT id, guid, mid, flds FROM notes")
	if err != nil {
		return nil, formatErr("the collection's notes cannot be read: %v", err)
	}
	for nrows.Next() {
		var id, mid int64
		var guid, flds string
		if err := nrows.Scan(&id, &guid, &mid, &flds); err != nil {
			nrows.Close()
			return nil, formatErr("the collection's notes cannot be read: %v", err)
		}
		notes[id] = &note{guid: guid, mid: mid, fields: strings.Split(flds, "\x1f")}
		if len(notes) > lim.Cards {
			nrows.Close()
			return nil, fmt.Errorf("%w: more than %d notes", ErrTooLarge, lim.Cards)
		}
	}
	nrows.Close()
	crows, err := conn.QueryContext(ctx, "SELECT id, nid, did, ord FROM cards ORDER BY id")
	if err != nil {
		return nil, formatErr("the collection's cards cannot be read: %v", err)
	}
	defer crows.Close()
	im := &questions.Imported{}
	deckUse := map[string]int{}
	seen := map[string]bool{}
	n := 0
	for crows.Next() {
		var cid, nid, did int64
		var ord int
		if err := crows.Scan(&cid, &nid, &did, &ord); err != nil {
			return nil, formatErr("the collection's cards cannot be read: %v", err)
		}
		if n++; n > lim.Cards {
			return nil, fmt.Errorf("%w: more than %d cards", ErrTooLarge, lim.Cards)
		}
		nt := notes[nid]
		if nt == nil {
			im.Skipped = append(im.Skipped, questions.Skipped{Reason: fmt.Sprintf("card %d belongs to no note", cid)})
			continue
		}
		typ := types[nt.mid]
		if typ == nil {
			im.Skipped = append(im.Skipped, questions.Skipped{Reason: fmt.Sprintf("card %d has an unknown note type", cid)})
			continue
		}
		topic := deckTopic(decks[did])
		q, reason := cardQuestion(typ, nt, ord, topic)
		if reason != "" {
			im.Skipped = append(im.Skipped, questions.Skipped{Reason: fmt.Sprintf("card %d (%s): %s", cid, typ.name, reason)})
			continue
		}
		if seen[q.ID] {
			continue
		}
		seen[q.ID] = true
		deckUse[decks[did]]++
		im.Questions = append(im.Questions, *q)
	}
	if err := crows.Err(); err != nil {
		return nil, formatErr("the collection's cards cannot be read: %v", err)
	}
	best := 0
	for name, c := range deckUse {
		if c > best || c == best && name < im.Title {
			best, im.Title = c, strings.ReplaceAll(name, "\x1f", "::")
		}
	}
	if im.Title == "" || im.Title == "Default" {
		im.Title = "Anki deck"
	}
	if len(im.Questions) == 0 {
		return nil, formatErr("the package has no cards quizd can use (%d skipped)", len(im.Skipped))
	}
	return im, nil
}

var fieldRefRE = regexp.MustCompile(`{{\s*([^#/^!}][^}]*?)\s*}}`)

// refs lists the fields a template shows, without FrontSide and special
// fields, in order.
func refs(tmpl string) []string {
	var out []string
	for _, m := range fieldRefRE.FindAllStringSubmatch(tmpl, -1) {
		name := m[1]
		if i := strings.LastIndex(name, ":"); i >= 0 {
			name = name[i+1:] // type:, hint:, text:, cloze: and the like
		}
		switch name {
		case "FrontSide", "Tags", "Type", "Deck", "Subdeck", "Card", "CardFlag":
			continue
		}
		out = append(out, strings.TrimSpace(name))
	}
	return out
}

func (t *notetype) field(n *note, name string) string {
	for i, f := range t.fields {
		if f == name && i < len(n.fields) {
			return n.fields[i]
		}
	}
	return ""
}

// cardQuestion makes the question of one card, or says why it cannot.
func cardQuestion(t *notetype, n *note, ord int, topic string) (*questions.Question, string) {
	tm, ok := t.tmpls[ord]
	if t.cloze {
		tm, ok = t.tmpls[0]
	}
	if !ok {
		return nil, "its card template is missing"
	}
	id := questions.MakeID("anki", n.guid, strconv.Itoa(ord))
	if t.cloze {
		var text string
		for _, r := range refs(tm[0]) {
			if text = t.field(n, r); text != "" {
				break
			}
		}
		return clozeQuestion(text, ord+1, id, topic)
	}
	qrefs := refs(tm[0])
	inFront := map[string]bool{}
	var front, back []string
	for _, r := range qrefs {
		inFront[r] = true
		if v := questions.PlainText(t.field(n, r)); v != "" {
			front = append(front, v)
		}
	}
	for _, r := range refs(tm[1]) {
		if inFront[r] {
			continue
		}
		if v := questions.PlainText(t.field(n, r)); v != "" {
			back = append(back, v)
		}
	}
	if len(front) == 0 || len(back) == 0 {
		return nil, "its front or back is empty (an optional reversed card not made, or media only)"
	}
	q := &questions.Question{ID: id, Topic: topic, Type: questions.Flashcard, Prompt: strings.Join(front, "\n"), Answer: strings.Join(back, "\n")}
	if err := q.Validate(); err != nil {
		return nil, "its text is empty once HTML is removed"
	}
	return q, ""
}

var clozeRE = regexp.MustCompile(`{{c(\d+)::(.*?)(?:::(.*?))?}}`)

// clozeQuestion blanks deletion number k of a cloze text and shows the
// others' answers.
func clozeQuestion(text string, k int, id, topic string) (*questions.Question, string) {
	answer, hint, count := "", "", 0
	prompt := clozeRE.ReplaceAllStringFunc(text, func(m string) string {
		g := clozeRE.FindStringSubmatch(m)
		n, _ := strconv.Atoi(g[1])
		if n != k {
			return g[2]
		}
		count++
		answer, hint = g[2], g[3]
		return questions.Blank
	})
	switch {
	case count == 0:
		return nil, fmt.Sprintf("its text has no deletion c%d", k)
	case count > 1:
		return nil, fmt.Sprintf("deletion c%d stands %d times: quizd asks one blank a question", k, count)
	}
	prompt = questions.PlainText(prompt)
	q := &questions.Question{ID: id, Topic: topic, Type: questions.Cloze, Prompt: prompt, Answer: questions.PlainText(answer)}
	if hint != "" {
		q.Explanation = "Hint: " + questions.PlainText(hint)
	}
	if err := q.Validate(); err != nil {
		return nil, "its deletion is empty once HTML is removed"
	}
	return q, ""
}

// protoVarint reads the first varint field number num of a protobuf
// message (0 when absent).
func protoVarint(b []byte, num protowire.Number) uint64 {
	for len(b) > 0 {
		n, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return 0
		}
		b = b[l:]
		if n == num && typ == protowire.VarintType {
			v, l := protowire.ConsumeVarint(b)
			if l < 0 {
				return 0
			}
			return v
		}
		l = protowire.ConsumeFieldValue(n, typ, b)
		if l < 0 {
			return 0
		}
		b = b[l:]
	}
	return 0
}

// protoString reads the first string field number num of a protobuf message.
func protoString(b []byte, num protowire.Number) string {
	for len(b) > 0 {
		n, typ, l := protowire.ConsumeTag(b)
		if l < 0 {
			return ""
		}
		b = b[l:]
		if n == num && typ == protowire.BytesType {
			v, l := protowire.ConsumeBytes(b)
			if l < 0 {
				return ""
			}
			return string(v)
		}
		l = protowire.ConsumeFieldValue(n, typ, b)
		if l < 0 {
			return ""
		}
		b = b[l:]
	}
	return ""
}
