package storage

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"

	"quizd/storage/testdb"
)

// While PostgreSQL takes no connections, a read and a write fail with
// ErrUnavailable in their error (the server's 503), the write's caller
// only; once it takes them again both succeed on the same Store.
func TestUnavailableWhileConnectionsAreRefused(t *testing.T) {
	path := testdb.PostgresPath(t)
	u, err := url.Parse(path)
	if err != nil {
		t.Fatal(err)
	}
	name := strings.TrimPrefix(u.Path, "/")
	ctx := context.Background()
	s, err := Open(ctx, Config{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateUser(ctx, "ada", "hash", Student); err != nil {
		t.Fatal(err)
	}
	admin := testdb.Open(t, testdb.ServerURL())
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := admin.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false")
	defer exec("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS true")
	exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", name)

	if _, _, err := s.UserByName(ctx, "ada"); !errors.Is(err, ErrUnavailable) {
		t.Errorf("a read: %v, want ErrUnavailable in it", err)
	}
	if _, err := s.CreateUser(ctx, "bob", "hash", Student); !errors.Is(err, ErrUnavailable) {
		t.Errorf("a write: %v, want ErrUnavailable in it", err)
	}
	exec("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS true")
	if _, err := s.CreateUser(ctx, "bob", "hash", Student); err != nil {
		t.Errorf("a write once connections are taken again: %v", err)
	}
	if _, _, err := s.UserByName(ctx, "bob"); err != nil {
		t.Errorf("a read once connections are taken again: %v", err)
	}
}

// Servers started together on an empty PostgreSQL database migrate it in
// turn: every Open succeeds, and the schema is the newest once.
func TestOpensTogetherMigrateInTurn(t *testing.T) {
	path := testdb.EmptyPostgres(t)
	ctx := context.Background()
	const servers = 4
	errs := make(chan error, servers)
	stores := make(chan *Store, servers)
	for range servers {
		go func() {
			s, err := Open(ctx, Config{Path: path})
			if err == nil {
				stores <- s
			}
			errs <- err
		}()
	}
	for range servers {
		if err := <-errs; err != nil {
			t.Errorf("an Open beside the others: %v", err)
		}
	}
	close(stores)
	for s := range stores {
		if v, err := s.SchemaVersion(ctx); err != nil || v != migrations[len(migrations)-1].ID {
			t.Errorf("schema version %q (%v), want %q", v, err, migrations[len(migrations)-1].ID)
		}
		s.Close()
	}
	var applied int
	if err := testdb.Open(t, path).QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations").Scan(&applied); err != nil || applied != len(migrations) {
		t.Errorf("%d migrations recorded (%v), want %d", applied, err, len(migrations))
	}
}
