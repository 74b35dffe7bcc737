package storage

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The SQL that must differ between SQLite and PostgreSQL, in one place.
// Everything else storage writes is SQL both take as it is: CASE WHEN
// rather than a sum of booleans, ON CONFLICT rather than INSERT OR IGNORE,
// booleans compared with bound true and false, never with 1 and 0.

// rebind turns the ? placeholders of a statement for database/sql into
// PostgreSQL's $1, $2…; on SQLite the statement stays as it is. GORM does
// this itself: only statements run through database/sql need it. A ?
// inside a quoted string is left alone.
func (k Kind) rebind(query string) string {
	if k != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '?':
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// asStored selects a time column for scanning into any and reading with
// timeOf. On SQLite it is likely(col), which hides the column's declared
// type from the driver, so that the text comes as stored instead of
// through time.Parse's layouts one by one (sqliteTime reads it faster); on
// PostgreSQL the driver decodes a timestamp from its binary form, already
// the fastest way.
func (k Kind) asStored(col string) string {
	if k == Postgres {
		return col
	}
	return "likely(" + col + ")"
}

// timeOf reads a time column selected with asStored: a time from
// PostgreSQL, text or an integer from SQLite (sqliteTime). NULL is the
// zero time. The result is in UTC.
func timeOf(v any) (time.Time, error) {
	if t, ok := v.(time.Time); ok {
		return t.UTC(), nil
	}
	return sqliteTime(v)
}

// intOf is an integer column's value as either driver gives it (SQLite's
// always int64, PostgreSQL's by the column's width); 0 for NULL.
func intOf(v any) int64 {
	switch x := v.(type) {
	case int64:
		return x
	case int32:
		return int64(x)
	case int16:
		return int64(x)
	}
	return 0
}

// floatOf is a real column's value as either driver gives it; 0 for NULL.
func floatOf(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case float32:
		return float64(x)
	case int64:
		return float64(x)
	case string:
		// PostgreSQL's numeric, which GORM makes of a float64 field.
		f, _ := strconv.ParseFloat(x, 64)
		return f
	}
	return 0
}

// checkTable reads every page of a table, for Probe. On SQLite that is
// PRAGMA quick_check of the table; PostgreSQL has no such check, but a
// count reads every page, and a damaged one fails the read (with data
// checksums on, one damaged below the file system too).
func (s *Store) checkTable(ctx context.Context, table string) error {
	if s.kind == Postgres {
		var n int64
		return s.read(ctx).Table(table).Count(&n).Error
	}
	var problems []string
	if err := s.read(ctx).Raw(fmt.Sprintf("PRAGMA quick_check(%q)", table)).Scan(&problems).Error; err != nil {
		return err
	}
	if len(problems) != 1 || problems[0] != "ok" {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}
