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
// quick_check. Its schema may hold only plain tables (a view, a trigger or
// a generated column would run the package's own SQL when quizd reads),
// every query runs under a deadline and the caller's context, which
// interrupt SQLite mid-statement, and values longer than a field can be
// are refused by SQLite itself.
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
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/mattn/go-sqlite3"
	"golang.org/x/text/cases"
	"google.golang.org/protobuf/encoding/protowire"

	"quizd/questions"
)

// Limits bound what a package may make quizd read.
type Limits struct {
	Entries    int   // zip entries
	Collection int64 // bytes of the decompressed collection
	Cards      int   // cards read
	// Questions caps the questions made (0: only Cards caps them); past it
	// reading stops with a *questions.QuestionLimitError.
	Questions int
	// Text caps the bytes of note text rendered into questions, all cards
	// together (0: DefaultLimits.Text), so that many cards of one huge
	// note cannot multiply it.
	Text int64
	// Time caps reading the collection (0: DefaultLimits.Time).
	Time time.Duration
}

// DefaultLimits fit any real deck a class studies.
var DefaultLimits = Limits{Entries: 50000, Collection: 512 << 20, Cards: 200000, Text: 256 << 20, Time: 30 * time.Second}

// MaxText caps the plain text of one side of a card: a longer one is no
// flashcard, and is skipped.
const MaxText = 64 << 10

// maxValue caps one value SQLite reads from the collection (a note's
// fields, the legacy col.models): past it SQLite answers "string or blob
// too big" instead of building it in memory.
const maxValue = 32 << 20

// ErrTooLarge means a package goes past a limit.
var ErrTooLarge = errors.New("anki: the package is too large")

func formatErr(format string, args ...any) error {
	return &questions.FormatError{Msg: fmt.Sprintf(format, args...)}
}

// Parse reads an .apkg held in memory. It stops with ctx's error when ctx
// ends (the client went away, the server shuts down).
func Parse(ctx context.Context, data []byte, lim Limits) (*questions.Imported, error) {
	if lim.Text <= 0 {
		lim.Text = DefaultLimits.Text
	}
	if lim.Time <= 0 {
		lim.Time = DefaultLimits.Time
	}
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
	path, err := extract(ctx, entries[name], compressed, lim.Collection)
	if err != nil {
		return nil, err
	}
	defer os.Remove(path)
	im, err := readCollection(ctx, path, lim)
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

// TempPattern is the name of the temporary files collections are read
// from, for os.CreateTemp; RemoveStale sweeps those a crash left.
const TempPattern = "quizd-apkg-*.sqlite"

// RemoveStale removes, from the temporary directory, collection files
// older than age: those of a process killed while it read one. (A file is
// unlinked as soon as SQLite has it open, so only that moment is left.)
func RemoveStale(age time.Duration) (int, error) {
	paths, err := filepath.Glob(filepath.Join(os.TempDir(), TempPattern))
	if err != nil {
		return 0, fmt.Errorf("anki: sweep temporary files: %w", err)
	}
	n := 0
	for _, p := range paths {
		if info, err := os.Stat(p); err == nil && time.Since(info.ModTime()) > age && os.Remove(p) == nil {
			n++
		}
	}
	return n, nil
}

// ctxReader stops a copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// extract copies a zip entry to a temporary file of quizd's naming,
// decompressing zstd, and stops at limit bytes whatever the zip declares.
func extract(ctx context.Context, f *zip.File, compressed bool, limit int64) (string, error) {
	rc, err := f.Open()
	if err != nil {
		return "", formatErr("the package's %s cannot be read: %v", f.Name, err)
	}
	defer rc.Close()
	var r io.Reader = ctxReader{ctx, rc}
	if compressed {
		dec, err := zstd.NewReader(rc, zstd.WithDecoderMaxMemory(uint64(limit)), zstd.WithDecoderConcurrency(1))
		if err != nil {
			return "", formatErr("the package's %s is not zstd data: %v", f.Name, err)
		}
		defer dec.Close()
		r = dec
	}
	tmp, err := os.CreateTemp("", TempPattern)
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
		if ctx.Err() != nil {
			return "", fmt.Errorf("anki: read %s: %w", f.Name, ctx.Err())
		}
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
	index  map[string]int    // field name → ord, the first of that name
	tmpls  map[int][2]string // ord → question and answer format
	refs   map[int][2][]string
}

type note struct {
	guid   string
	mid    int64
	fields []string
	plain  map[int]string // fields made plain text, by ord
	// cloze is the note's cloze text in parts, once a card needs it.
	cloze    []clozePart
	clozeLen int
}

// driverName is the SQLite driver collections are opened with: every
// connection gets the unicase collation and a cap on value length.
const driverName = "sqlite3-anki"

var registerDriver = sync.OnceFunc(func() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		c.SetLimit(sqlite3.SQLITE_LIMIT_LENGTH, maxValue)
		// Anki 2.1.50 and later declare deck, note type and tag names
		// COLLATE unicase; without it quick_check and any use of their
		// indexes fail.
		return c.RegisterCollation("unicase", unicase)
	}})
})

// unicase orders strings as Anki's collation of that name does: by their
// Unicode case folding.
func unicase(a, b string) int {
	return strings.Compare(cases.Fold().String(a), cases.Fold().String(b))
}

// checkSchema refuses a collection whose schema would run SQL of its own
// when quizd reads or checks it: a view (a recursive query that never
// ends, a value built to gigabytes), a trigger, a virtual table or a
// generated column. What is left are plain tables and their indexes.
func checkSchema(ctx context.Context, conn *sql.Conn) error {
	rows, err := conn.QueryContext(ctx, "SELECT type, name, coalesce(sql, '') FROM sqlite_master")
	if err != nil {
		return formatErr("the collection's schema cannot be read: %v", err)
	}
	kinds := map[string]string{}
	var tables []string
	for rows.Next() {
		var typ, name, text string
		if err := rows.Scan(&typ, &name, &text); err != nil {
			rows.Close()
			return formatErr("the collection's schema cannot be read: %v", err)
		}
		if typ == "view" || typ == "trigger" {
			rows.Close()
			return formatErr("the collection has a %s (%q): Anki never makes one, and quizd reads only plain tables, so the package is refused", typ, name)
		}
		if typ == "table" && strings.HasPrefix(strings.ToUpper(strings.Join(strings.Fields(text), " ")), "CREATE VIRTUAL TABLE") {
			typ = "virtual table"
		}
		if typ == "table" || typ == "virtual table" {
			tables = append(tables, name)
			kinds[name] = typ
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return formatErr("the collection's schema cannot be read: %v", err)
	}
	for _, name := range tables {
		if kinds[name] != "table" {
			return formatErr("the collection's %s is a %s, not a plain table: Anki never makes one, and the package is refused", name, kinds[name])
		}
		var generated int
		err := conn.QueryRowContext(ctx, "SELECT count(*) FROM pragma_table_xinfo(?) WHERE hidden <> 0", name).Scan(&generated)
		if err != nil {
			return formatErr("the collection's table %s cannot be read: %v", name, err)
		}
		if generated > 0 {
			return formatErr("the collection's table %s has computed columns: Anki never makes them, and the package is refused", name)
		}
	}
	return nil
}

func readCollection(ctx context.Context, path string, lim Limits) (*questions.Imported, error) {
	registerDriver()
	db, err := sql.Open(driverName, "file:"+path+"?mode=ro&immutable=1&_query_only=1")
	if err != nil {
		return nil, fmt.Errorf("anki: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// The deadline interrupts SQLite mid-statement (sqlite3_interrupt), as
	// the caller's context does when it ends.
	ctx, cancel := context.WithTimeout(ctx, lim.Time)
	defer cancel()
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, readErr(ctx, lim, formatErr("the collection is not an SQLite database: %v", err))
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA trusted_schema = OFF"); err != nil {
		return nil, readErr(ctx, lim, formatErr("the collection is not an SQLite database: %v", err))
	}
	// SQLite holds the file open now: unlinking it leaves nothing behind
	// whatever happens next, a crash included. (Where an open file cannot
	// be removed, Parse's deferred Remove does it.)
	os.Remove(path)
	// The schema first: quick_check itself computes generated columns.
	if err := checkSchema(ctx, conn); err != nil {
		return nil, readErr(ctx, lim, err)
	}
	var check string
	if err := conn.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil || check != "ok" {
		if err == nil {
			err = errors.New(check)
		}
		return nil, readErr(ctx, lim, formatErr("the collection is damaged: %v", err))
	}
	types, err := readNotetypes(ctx, conn)
	if err != nil {
		return nil, readErr(ctx, lim, err)
	}
	decks, err := readDecks(ctx, conn)
	if err != nil {
		return nil, readErr(ctx, lim, err)
	}
	im, err := readCards(ctx, conn, types, decks, lim)
	if err != nil {
		return nil, readErr(ctx, lim, err)
	}
	return im, nil
}

// readErr says why reading stopped when the context ended: the deadline
// (the package is too slow to read) or the caller (who went away).
func readErr(ctx context.Context, lim Limits, err error) error {
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded):
		return fmt.Errorf("%w: reading it took over %s", ErrTooLarge, lim.Time)
	case ctx.Err() != nil:
		return fmt.Errorf("anki: read the collection: %w", ctx.Err())
	}
	return err
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
		if err := trows.Err(); err != nil {
			return nil, formatErr("the collection's card templates cannot be read: %v", err)
		}
		indexFields(out)
		return out, nil
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
	indexFields(out)
	return out, nil
}

// indexFields maps each note type's field names to their places.
func indexFields(types map[int64]*notetype) {
	for _, t := range types {
		t.index = make(map[string]int, len(t.fields))
		for i, f := range t.fields {
			if _, dup := t.index[f]; !dup {
				t.index[f] = i
			}
		}
	}
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

// renderer makes the questions of cards, doing each piece of work once:
// a card template's field list once per template, a note's field as plain
// text once per note, a card once however often the collection repeats
// it; and it charges the note text it renders to a budget, so that many
// cards of one huge note stop at the limit instead of multiplying it.
type renderer struct {
	budget int64 // bytes of note text still allowed
	limit  int64
	done   map[cardKey]rendered
}

type cardKey struct {
	nid int64
	ord int
}

type rendered struct {
	q      *questions.Question
	reason string
}

func (r *renderer) charge(n int) error {
	if r.budget -= int64(n); r.budget < 0 {
		return fmt.Errorf("%w: its cards come to over %d MiB of text", ErrTooLarge, r.limit>>20)
	}
	return nil
}

// templateRefs is refs of both sides of a note type's template ord,
// worked out once per template.
func (t *notetype) templateRefs(ord int, tm [2]string) [2][]string {
	if out, ok := t.refs[ord]; ok {
		return out
	}
	out := [2][]string{refs(tm[0]), refs(tm[1])}
	if t.refs == nil {
		t.refs = map[int][2][]string{}
	}
	t.refs[ord] = out
	return out
}

// fieldAt is the index in a note of its type's field name, or -1.
func (t *notetype) fieldAt(n *note, name string) int {
	if i, ok := t.index[name]; ok && i < len(n.fields) {
		return i
	}
	return -1
}

// plainField is field i of a note as plain text, made once per note.
func (r *renderer) plainField(n *note, i int) (string, error) {
	if i < 0 {
		return "", nil
	}
	if v, ok := n.plain[i]; ok {
		return v, nil
	}
	if err := r.charge(len(n.fields[i])); err != nil {
		return "", err
	}
	v := questions.PlainText(n.fields[i])
	if n.plain == nil {
		n.plain = map[int]string{}
	}
	n.plain[i] = v
	return v, nil
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
	if err := nrows.Err(); err != nil {
		return nil, formatErr("the collection's notes cannot be read: %v", err)
	}
	crows, err := conn.QueryContext(ctx, "SELECT id, nid, did, ord FROM cards ORDER BY id")
	if err != nil {
		return nil, formatErr("the collection's cards cannot be read: %v", err)
	}
	defer crows.Close()
	im := &questions.Imported{}
	deckUse := map[string]int{}
	r := &renderer{budget: lim.Text, limit: lim.Text, done: map[cardKey]rendered{}}
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
		key := cardKey{nid, ord}
		done, again := r.done[key]
		if !again {
			topic := deckTopic(decks[did])
			q, reason, err := r.cardQuestion(typ, nt, ord, topic)
			if err != nil {
				return nil, err
			}
			done = rendered{q, reason}
			r.done[key] = done
		}
		if done.reason != "" {
			im.Skipped = append(im.Skipped, questions.Skipped{Reason: fmt.Sprintf("card %d (%s): %s", cid, typ.name, done.reason)})
			continue
		}
		if again {
			continue // the same card twice: one question
		}
		deckUse[decks[did]]++
		im.Questions = append(im.Questions, *done.q)
		if lim.Questions > 0 && len(im.Questions) > lim.Questions {
			return nil, &questions.QuestionLimitError{Max: lim.Questions}
		}
	}
	if err := crows.Err(); err != nil {
		return nil, formatErr("the collection's cards cannot be read: %v", err)
	}
	im.Title = deckTitle(deckUse)
	if im.Title == "" || im.Title == "Default" {
		im.Title = "Anki deck"
	}
	if len(im.Questions) == 0 {
		return nil, formatErr("the package has no cards quizd can use (%d skipped)", len(im.Skipped))
	}
	return im, nil
}

// deckTitle names a bank after the deepest deck that holds every card
// used ("Biology" for "Biology::Cells" and "Biology::Genes"), as the deck
// an instructor exported; when the cards share no parent deck, after the
// deck most of them come from.
func deckTitle(deckUse map[string]int) string {
	var common []string
	first := true
	best, bestName := 0, ""
	for name, c := range deckUse {
		path := strings.Split(strings.ReplaceAll(name, "\x1f", "::"), "::")
		if first {
			common, first = path, false
		} else {
			n := 0
			for n < len(common) && n < len(path) && common[n] == path[n] {
				n++
			}
			common = common[:n]
		}
		if c > best || c == best && name < bestName {
			best, bestName = c, name
		}
	}
	if len(common) > 0 {
		return strings.Join(common, "::")
	}
	return strings.ReplaceAll(bestName, "\x1f", "::")
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

// cardQuestion makes the question of one card, or says why it cannot; an
// error means the collection as a whole goes past a limit.
func (r *renderer) cardQuestion(t *notetype, n *note, ord int, topic string) (*questions.Question, string, error) {
	tord := ord
	if t.cloze {
		tord = 0 // every cloze card of a note has the one template
	}
	tm, ok := t.tmpls[tord]
	if !ok {
		return nil, "its card template is missing", nil
	}
	sides := t.templateRefs(tord, tm)
	id := questions.MakeID("anki", n.guid, strconv.Itoa(ord))
	if t.cloze {
		at := -1
		for _, ref := range sides[0] {
			if i := t.fieldAt(n, ref); i >= 0 && n.fields[i] != "" {
				at = i
				break
			}
		}
		plain, err := r.plainField(n, at)
		if err != nil {
			return nil, "", err
		}
		if len(plain) > MaxText {
			return nil, fmt.Sprintf("its text is over %d KiB: quizd asks short questions", MaxText>>10), nil
		}
		if n.cloze == nil {
			text := ""
			if at >= 0 {
				text = n.fields[at]
			}
			n.cloze, n.clozeLen = parseCloze(text), len(text)
		}
		// Each card of a cloze note puts the whole text together with
		// its own deletion blanked: that is charged once per card.
		if err := r.charge(n.clozeLen); err != nil {
			return nil, "", err
		}
		q, reason := clozeQuestion(n.cloze, ord+1, id, topic)
		return q, reason, nil
	}
	inFront := map[string]bool{}
	var front, back []string
	frontSize, backSize := 0, 0
	for _, ref := range sides[0] {
		inFront[ref] = true
		v, err := r.plainField(n, t.fieldAt(n, ref))
		if err != nil {
			return nil, "", err
		}
		if v != "" {
			front, frontSize = append(front, v), frontSize+len(v)
		}
	}
	for _, ref := range sides[1] {
		if inFront[ref] {
			continue
		}
		v, err := r.plainField(n, t.fieldAt(n, ref))
		if err != nil {
			return nil, "", err
		}
		if v != "" {
			back, backSize = append(back, v), backSize+len(v)
		}
	}
	if len(front) == 0 || len(back) == 0 {
		return nil, "its front or back is empty (an optional reversed card not made, or media only)", nil
	}
	if frontSize > MaxText || backSize > MaxText {
		return nil, fmt.Sprintf("its front or back is over %d KiB of text: quizd asks short questions", MaxText>>10), nil
	}
	q := &questions.Question{ID: id, Topic: topic, Type: questions.Flashcard, Prompt: strings.Join(front, "\n"), Answer: strings.Join(back, "\n")}
	if err := q.Validate(); err != nil {
		return nil, "its text is empty once HTML is removed", nil
	}
	return q, "", nil
}

var clozeRE = regexp.MustCompile(`{{c(\d+)::(.*?)(?:::(.*?))?}}`)

// clozePart is a piece of a cloze text: text as it stands, or a deletion.
type clozePart struct {
	deletion     bool
	text         string // when not a deletion
	n            int    // the deletion's number
	answer, hint string
}

// parseCloze splits a cloze text into its parts, once per note: each card
// of the note then only puts them together.
func parseCloze(text string) []clozePart {
	var out []clozePart
	last := 0
	for _, m := range clozeRE.FindAllStringSubmatchIndex(text, -1) {
		if m[0] > last {
			out = append(out, clozePart{text: text[last:m[0]]})
		}
		n, _ := strconv.Atoi(text[m[2]:m[3]])
		p := clozePart{deletion: true, n: n, answer: text[m[4]:m[5]]}
		if m[6] >= 0 {
			p.hint = text[m[6]:m[7]]
		}
		out = append(out, p)
		last = m[1]
	}
	if last < len(text) {
		out = append(out, clozePart{text: text[last:]})
	}
	return out
}

// clozeQuestion blanks deletion number k of a cloze text and shows the
// others' answers.
func clozeQuestion(parts []clozePart, k int, id, topic string) (*questions.Question, string) {
	answer, hint, count := "", "", 0
	var b strings.Builder
	for _, p := range parts {
		switch {
		case !p.deletion:
			b.WriteString(p.text)
		case p.n != k:
			b.WriteString(p.answer)
		default:
			count++
			answer, hint = p.answer, p.hint
			b.WriteString(questions.Blank)
		}
	}
	switch {
	case count == 0:
		return nil, fmt.Sprintf("its text has no deletion c%d", k)
	case count > 1:
		return nil, fmt.Sprintf("deletion c%d stands %d times: quizd asks one blank a question", k, count)
	}
	prompt := questions.PlainText(b.String())
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
