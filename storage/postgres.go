package storage

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
)

// openPostgres opens and migrates a PostgreSQL database. Writes still go
// through one connection and the committer, so that a batch of answers
// shares one commit as on SQLite; reads use a pool.
func openPostgres(ctx context.Context, cfg Config) (*Store, error) {
	where := redactURL(cfg.Path)
	gcfg := gormConfig()
	pcfg, err := pgx.ParseConfig(cfg.Path)
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", where, err)
	}
	w, err := gorm.Open(postgres.New(postgres.Config{Conn: openReconnecting(pcfg)}), gcfg)
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", where, err)
	}
	wdb, err := w.DB()
	if err != nil {
		return nil, fmt.Errorf("storage: open %s: %w", where, err)
	}
	wdb.SetMaxOpenConns(1)
	wdb.SetMaxIdleConns(1)
	if err := wdb.PingContext(ctx); err != nil {
		wdb.Close()
		return nil, fmt.Errorf("storage: open %s: the database did not answer (%w): is PostgreSQL running, and does the database exist?", where, err)
	}
	r, err := gorm.Open(postgres.New(postgres.Config{Conn: openReconnecting(pcfg)}), gcfg)
	if err != nil {
		wdb.Close()
		return nil, fmt.Errorf("storage: open %s: %w", where, err)
	}
	rdb, _ := r.DB()
	readers := cfg.Readers
	if readers <= 0 {
		readers = max(4, 2*runtime.NumCPU())
	}
	rdb.SetMaxOpenConns(readers)
	rdb.SetMaxIdleConns(readers)
	s := newStore(w, r, where, Postgres, cfg.MinFree)
	if err := s.migrateAlone(ctx, rdb); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// startLock is the key of the advisory lock that servers starting on one
// database take in turn ("quizd" in ASCII).
const startLock = 0x7175697a64

// migrateAlone migrates the database under startLock, so that servers
// started together on one database migrate it one after the other: the
// first applies the migrations, the others find them applied. Without
// it, two servers on an empty database both create the first tables, and
// one fails.
func (s *Store) migrateAlone(ctx context.Context, pool *sql.DB) error {
	return holding(ctx, pool, s.path, func() error { return s.migrate(ctx, "") })
}

// Exclusively runs fn while no other quizd on the same PostgreSQL
// database runs a function under Exclusively, or migrates the database:
// what servers started together each do once, such as storing the
// bundled bank, they then do one after the other, the later ones finding
// it done. On SQLite fn simply runs.
func (s *Store) Exclusively(ctx context.Context, fn func() error) error {
	if s.kind != Postgres {
		return fn()
	}
	pool, err := s.r.DB()
	if err != nil {
		return fmt.Errorf("storage: %s: %w", s.path, err)
	}
	return holding(ctx, pool, s.path, fn)
}

// holding runs fn while holding startLock on a connection of pool of its
// own (the write connection is the committer's).
func holding(ctx context.Context, pool *sql.DB, where string, fn func() error) error {
	conn, err := pool.Conn(ctx)
	if err != nil {
		return fmt.Errorf("storage: %s: %w", where, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", startLock); err != nil {
		return fmt.Errorf("storage: %s: wait for the other servers starting on the database: %w", where, err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", startLock)
	return fn()
}

// redactURL is a PostgreSQL URL without its password, for messages.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "the PostgreSQL database"
	}
	return u.Redacted()
}

// likelyCall is SQLite's likely(x), which the hot paths wrap around time
// columns to have them read as stored (see sqliteTime).
var likelyCall = regexp.MustCompile(`likely\(([^()]*)\)`)

// rawSQL is a plain database/sql query, written for SQLite, in the
// store's dialect: on PostgreSQL its ? placeholders become $1, $2, … and
// likely(x) becomes x, whose time the driver reads as a time.Time. The
// queries it is given hold no ? or likely( inside a string literal.
func (s *Store) rawSQL(q string) string {
	if s.kind != Postgres {
		return q
	}
	q = likelyCall.ReplaceAllString(q, "$1")
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] != '?' {
			b.WriteByte(q[i])
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

// A connection PostgreSQL has ended (pg_terminate_backend, a restart, a
// failover) is found only when the next statement on it fails, with the
// server's "terminating connection" error: database/sql would hand that
// error to the caller and drop the connection, so that the request after
// an outage fails once per pooled connection. The connections below say
// instead that they are bad (driver.ErrBadConn) when a statement outside
// a transaction, or the BEGIN of one, fails so, and database/sql runs it
// again on a new connection: the server did not run it, for it ended the
// connection first or aborted the statement with it. Inside a
// transaction the error goes to the caller, whose transaction is lost.

// ErrUnavailable is in the error of a statement that could not run
// because the database server can't be reached: PostgreSQL refuses
// connections, is starting or shutting down, or ended the connection in
// the middle of a transaction. Nothing of that statement's transaction
// was written, unless its COMMIT was under way (then the outcome is not
// known). It passes: the server answers 503, and asks to try again.
var ErrUnavailable = errors.New("the database server is not reachable")

// unavailableError is a driver's error that says the database server is
// out of reach: errors.Is finds both ErrUnavailable and the cause in it.
type unavailableError struct{ cause error }

func (e *unavailableError) Error() string {
	return ErrUnavailable.Error() + ": " + e.cause.Error()
}

func (e *unavailableError) Unwrap() []error { return []error{ErrUnavailable, e.cause} }

// connectionLost reports whether err, from conn (nil while connecting),
// says that the connection to PostgreSQL could not be made or is gone.
func connectionLost(err error, conn *stdlib.Conn) bool {
	var ce *pgconn.ConnectError
	var pe *pgconn.PgError
	var ne net.Error
	switch {
	case errors.As(err, &ce):
		return true
	case errors.As(err, &pe):
		// Ended by the server, or a connection exception (class 08).
		return endedByServer(err) || strings.HasPrefix(pe.Code, "08")
	case errors.As(err, &ne), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, driver.ErrBadConn):
		return true
	}
	// pgx closes a connection on any error that leaves it unusable.
	return conn != nil && conn.Conn().IsClosed()
}

// unavailable marks err as ErrUnavailable when the connection is lost.
func unavailable(err error, conn *stdlib.Conn) error {
	if err == nil || errors.Is(err, ErrUnavailable) || !connectionLost(err, conn) {
		return err
	}
	return &unavailableError{cause: err}
}

// openReconnecting is a pool of PostgreSQL connections that retries a
// statement whose connection the server ended.
func openReconnecting(cfg *pgx.ConnConfig) *sql.DB {
	return sql.OpenDB(reconnector{stdlib.GetConnector(*cfg)})
}

type reconnector struct{ driver.Connector }

func (c reconnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, unavailable(err, nil)
	}
	return &reconnectingConn{Conn: conn.(*stdlib.Conn)}, nil
}

// reconnectingConn is a pgx connection that reports itself bad when the
// server ended it; every other method is pgx's own.
type reconnectingConn struct {
	*stdlib.Conn
	inTx bool
}

// endedByServer reports whether err is PostgreSQL ending the connection:
// an administrator's or a crash's shutdown, or a server not yet ready.
func endedByServer(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03")
}

// bad is err as the connection's caller should see it: ErrBadConn for a
// statement outside a transaction on a connection the server ended, so
// that database/sql runs it again on another; ErrUnavailable in it for
// any lost connection, and so in the ErrBadConn that database/sql gives
// back when its last try met one more ended connection.
func (c *reconnectingConn) bad(err error) error {
	if err != nil && !c.inTx && endedByServer(err) {
		return &unavailableError{cause: fmt.Errorf("%w: %w", driver.ErrBadConn, err)}
	}
	return unavailable(err, c.Conn)
}

func (c *reconnectingConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := c.Conn.QueryContext(ctx, q, args)
	return rows, c.bad(err)
}

func (c *reconnectingConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	res, err := c.Conn.ExecContext(ctx, q, args)
	return res, c.bad(err)
}

func (c *reconnectingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.BeginTx(ctx, opts)
	if err != nil {
		return nil, c.bad(err)
	}
	c.inTx = true
	return &reconnectingTx{Tx: tx, c: c}, nil
}

type reconnectingTx struct {
	driver.Tx
	c *reconnectingConn
}

func (t *reconnectingTx) Commit() error {
	t.c.inTx = false
	return unavailable(t.Tx.Commit(), t.c.Conn)
}

func (t *reconnectingTx) Rollback() error {
	t.c.inTx = false
	return t.Tx.Rollback()
}
