// Package pgtest gives tests a real PostgreSQL: the one named by
// CLAIMLEDGER_TEST_POSTGRES. Without it the tests skip with one line saying
// how to run them, except in CI (CI=true), where a missing database is a
// failure: CI never skips the PostgreSQL suites.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// EnvDSN names the variable holding the test database's connection string.
const EnvDSN = "CLAIMLEDGER_TEST_POSTGRES"

// how says how to run the PostgreSQL tests.
const how = EnvDSN + " is not set: run `bash .ci/postgres.sh go test ./...` (or set it to postgres://…) to run the PostgreSQL tests"

// DSN returns the test database, or skips (fails in CI) when there is none.
func DSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(EnvDSN)
	if dsn != "" {
		return dsn
	}
	if os.Getenv("CI") == "true" {
		t.Fatal(how + "; CI must run them")
	}
	t.Skip(how)
	return ""
}

// NewSchema returns the name of a schema of its own for one test, and
// drops it when the test ends. The schema itself is created by whoever
// opens a store in it.
func NewSchema(t testing.TB, dsn string) string {
	t.Helper()
	name := RandomSchema()
	t.Cleanup(func() { DropSchema(t, dsn, name) })
	return name
}

// RandomSchema is a fresh schema name.
func RandomSchema() string {
	b := make([]byte, 8)
	rand.Read(b)
	return "t_" + hex.EncodeToString(b)
}

// DropSchema removes a schema and everything in it.
func DropSchema(t testing.TB, dsn, name string) {
	t.Helper()
	Exec(t, dsn, "DROP SCHEMA IF EXISTS "+name+" CASCADE")
}

// Exec runs statements on a connection of its own, failing the test on
// the first error.
func Exec(t testing.TB, dsn string, stmts ...string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("connect to the test database: %v", err)
	}
	defer conn.Close(ctx)
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}
