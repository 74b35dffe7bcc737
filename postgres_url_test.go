package main

import (
	"strings"
	"testing"

	"quizd/storage/testdb"
)

// TestServeTakesBothPostgresSchemes: --db takes a PostgreSQL URL written
// postgresql:// as well as postgres://, and /healthz names the database.
func TestServeTakesBothPostgresSchemes(t *testing.T) {
	for _, scheme := range []string{"postgres://", "postgresql://"} {
		t.Run(strings.TrimSuffix(scheme, "://"), func(t *testing.T) {
			db := scheme + strings.TrimPrefix(testdb.PostgresPath(t), "postgres://")
			s := startServer(t, db)
			code, h := call(t, "GET", s.base+"/healthz", "", "")
			if code != 200 || h["status"] != "ok" || h["database"] != "postgres" {
				t.Errorf("healthz on %s…: %d %v, want 200 with database postgres", scheme, code, h)
			}
		})
	}
}
