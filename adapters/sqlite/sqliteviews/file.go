package sqliteviews

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/events"
	sqlite3 "github.com/mattn/go-sqlite3"
)

// viewsApplicationID marks a file as ClaimLedger views ("CLVW"), as
// applicationID marks an event store.
const viewsApplicationID = 0x434c5657

// errViewsCorrupt: the file at the views path is not a readable SQLite
// database. Views are derived data: it is moved aside and rebuilt.
var errViewsCorrupt = errors.New("views file is corrupt")

// probeViews looks at the file at path before anything writes to it (the
// WAL pragma of a connection would): nil for views (ours, or a new or empty
// file), errViewsCorrupt for a file that is not a readable SQLite database,
// and events.ErrNotAStore for another application's database (an event
// store included), which must be left as it is.
func probeViews(path string) error {
	id, err := sqlite.FileApplicationID(path)
	if errors.Is(err, sqlite.ErrNotSQLite) {
		return fmt.Errorf("%w: %w", errViewsCorrupt, err)
	}
	if err != nil {
		return err
	}
	switch id {
	case viewsApplicationID:
		return nil
	case sqlite.ApplicationID:
		return fmt.Errorf("%w: %s is a ClaimLedger event store, not views", events.ErrNotAStore, path)
	case 0: // views of an older version, a new or empty file, one whose header is still in its WAL, or someone else's
		if st, err := os.Stat(path); err != nil || st.Size() == 0 {
			return nil
		}
		return probeTables(path)
	}
	return fmt.Errorf("%w: %s is an SQLite database of another application", events.ErrNotAStore, path)
}

// probeTables reads the application id and the tables of a file whose
// header has no application id, through a connection that writes nothing.
func probeTables(path string) error {
	db, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?_busy_timeout=5000")
	if err != nil {
		return err
	}
	defer db.Close()
	var id int64
	if err := db.QueryRow("PRAGMA application_id").Scan(&id); err != nil {
		return probeErr(path, err)
	}
	if id == viewsApplicationID {
		return nil
	}
	rows, err := db.Query("SELECT name FROM sqlite_schema WHERE type = 'table'")
	if err != nil {
		return probeErr(path, err)
	}
	defer rows.Close()
	known := append(slices.Clone(viewTables), "views_source")
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return probeErr(path, err)
		}
		if id != 0 || !slices.Contains(known, name) {
			return fmt.Errorf("%w: %s is an SQLite database of another application (table %s)", events.ErrNotAStore, path, name)
		}
	}
	return probeErr(path, rows.Err())
}

func probeErr(path string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrNotADB || se.Code == sqlite3.ErrCorrupt) {
		return fmt.Errorf("%w: %s: %w", errViewsCorrupt, path, err)
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// moveAside renames a corrupt views file, with its WAL and shared-memory
// files, to <path>.corrupt-<unix time>: the views are rebuilt in a new file,
// and what was there is kept in case it was not derived data after all.
func moveAside(path string) (string, error) {
	aside := path + ".corrupt-" + strconv.FormatInt(time.Now().Unix(), 10)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		err := os.Rename(path+suffix, aside+suffix)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", fmt.Errorf("move corrupt views aside: %w", err)
		}
	}
	return aside, nil
}
