package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strconv"
	"sync"

	"github.com/claimledger/claimledger/events"
	sqlite3 "github.com/mattn/go-sqlite3"
)

// Store is the SQLite event store. It implements events.Store.
type Store struct {
	cfg     Config
	lock    *fileLock
	wdb     *sql.DB // the writer's single connection
	rdb     *sql.DB // readers
	odb     *sql.DB // subscriber offsets
	w       *writer
	notify  *notifier
	groups  *groups
	closeMu sync.RWMutex
	closed  bool
}

var _ events.Store = (*Store)(nil)

// Open opens or creates the event store at cfg.Path. It fails with
// events.ErrLocked when another process has the store open, and with
// events.ErrNotAStore when the file is not a ClaimLedger event store.
func Open(cfg Config) (*Store, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if err := checkHeader(cfg.Path); err != nil {
		return nil, err
	}
	lock, err := lockFile(cfg.Path + ".lock")
	if err != nil {
		return nil, err
	}
	s := &Store{cfg: cfg, lock: lock, notify: newNotifier()}
	s.groups = newGroups(s)
	if err := s.open(); err != nil {
		s.closeDBs()
		lock.release()
		return nil, err
	}
	return s, nil
}

func (s *Store) open() error {
	var err error
	busy := strconv.FormatInt(s.cfg.BusyTimeout.Milliseconds(), 10)
	base := "file:" + (&url.URL{Path: s.cfg.Path}).EscapedPath() + "?_journal_mode=WAL&_busy_timeout=" + busy
	if s.wdb, err = sql.Open("sqlite3", base+"&_synchronous="+string(s.cfg.Synchronous)); err != nil {
		return err
	}
	s.wdb.SetMaxOpenConns(1)
	s.wdb.SetConnMaxIdleTime(0)
	ctx := context.Background()
	if err := s.migrate(ctx); err != nil {
		return err
	}
	if s.rdb, err = sql.Open("sqlite3", base+"&_query_only=1"); err != nil {
		return err
	}
	s.rdb.SetMaxOpenConns(s.cfg.Readers)
	s.rdb.SetMaxIdleConns(s.cfg.Readers)
	// Offsets are written on their own connection with synchronous=NORMAL:
	// losing the last acks on power loss means a redelivery, never a lost
	// event, and the event writer's next FULL commit syncs them anyway.
	if s.odb, err = sql.Open("sqlite3", base+"&_synchronous=NORMAL&_txlock=immediate"); err != nil {
		return err
	}
	s.odb.SetMaxOpenConns(1)
	s.w, err = startWriter(ctx, s)
	return err
}

// sqliteHeader starts every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// checkHeader refuses a file that exists, is not empty and is not SQLite,
// before the driver can treat it as anything.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF || err == nil) {
		return nil
	}
	if !bytes.Equal(head[:n], sqliteHeader) {
		return fmt.Errorf("%w: %s is not an SQLite database", events.ErrNotAStore, path)
	}
	return nil
}

// migrate creates the schema in a new file and refuses foreign databases.
func (s *Store) migrate(ctx context.Context) error {
	var appID, userVersion, tables int
	if err := s.wdb.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return mapOpenErr(s.cfg.Path, err)
	}
	if err := s.wdb.QueryRowContext(ctx, "PRAGMA user_version").Scan(&userVersion); err != nil {
		return mapOpenErr(s.cfg.Path, err)
	}
	if err := s.wdb.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&tables); err != nil {
		return mapOpenErr(s.cfg.Path, err)
	}
	switch {
	case appID == 0 && tables == 0: // a new file
	case appID != applicationID:
		return fmt.Errorf("%w: %s is an SQLite database of another application", events.ErrNotAStore, s.cfg.Path)
	case userVersion > schemaVersion:
		return fmt.Errorf("%w: %s has schema version %d, this build knows up to %d", events.ErrNotAStore, s.cfg.Path, userVersion, schemaVersion)
	}
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return mapOpenErr(s.cfg.Path, err)
	}
	defer tx.Rollback()
	stmts := []string{
		schema,
		"INSERT OR IGNORE INTO head (id, position, hash) VALUES (1, 0, x'" + fmt.Sprintf("%x", events.GenesisHash) + "')",
		"PRAGMA application_id = " + strconv.Itoa(applicationID),
		"PRAGMA user_version = " + strconv.Itoa(schemaVersion),
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("create schema: %w", mapOpenErr(s.cfg.Path, err))
		}
	}
	return tx.Commit()
}

func mapOpenErr(path string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && (se.Code == sqlite3.ErrNotADB || se.Code == sqlite3.ErrCorrupt) {
		return fmt.Errorf("%w: %s: %w", events.ErrNotAStore, path, err)
	}
	if errors.As(err, &se) && (se.Code == sqlite3.ErrBusy || se.Code == sqlite3.ErrLocked) {
		return fmt.Errorf("%w: %s: %w", events.ErrLocked, path, err)
	}
	return fmt.Errorf("open %s: %w", path, err)
}

// Close stops accepting appends, commits what is queued, and releases the
// file. It is safe to call more than once.
func (s *Store) Close() error {
	s.closeMu.Lock()
	if s.closed {
		s.closeMu.Unlock()
		return nil
	}
	s.closed = true
	s.closeMu.Unlock()
	s.groups.closeAll()
	s.notify.close()
	var errs []error
	if s.w != nil {
		errs = append(errs, s.w.stop())
	}
	errs = append(errs, s.closeDBs(), s.lock.release())
	return errors.Join(errs...)
}

func (s *Store) closeDBs() error {
	var errs []error
	for _, db := range []*sql.DB{s.rdb, s.odb, s.wdb} {
		if db != nil {
			errs = append(errs, db.Close())
		}
	}
	return errors.Join(errs...)
}

// Path is the database file.
func (s *Store) Path() string { return s.cfg.Path }
