package pgtest

import (
	"net/url"
	"testing"
)

// NewDatabase creates a database of its own for one test, for programs
// that take a connection string and use their default schema (claimsd
// --db postgres://…), and returns its connection string. The database is
// dropped when the test ends, its sessions cut off.
func NewDatabase(t testing.TB, dsn string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("test database url: %v", err)
	}
	name := RandomSchema()
	Exec(t, dsn, "CREATE DATABASE "+name)
	t.Cleanup(func() { Exec(t, dsn, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	u.Path = "/" + name
	return u.String()
}
