package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
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
	cfg    Config
	lock   *fileLock
	wdb    *sql.DB // the writer's single connection
	rdb    *sql.DB // readers
	odb    *sql.DB // subscriber offsets
	cdb    *sql.DB // checkpoints
	ckpt   *checkpointer
	w      *writer
	notify *events.Notifier
	groups *groups
	// openCheck is what Open verified of the chain; see OpenCheck.
	openCheck events.VerifyReport
	ledgerID  string             // see LedgerID
	writing   events.WriterState // see WriterHealth
	closeMu   sync.RWMutex
	closed    bool
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
	// Lock first: on Linux, closing any handle to the database file drops
	// every POSIX lock this process holds on it, so nothing may open the file
	// while another Store of this process might have it.
	lock, err := lockFile(cfg.Path + ".lock")
	if err != nil {
		return nil, err
	}
	s := &Store{cfg: cfg, lock: lock, notify: events.NewNotifier()}
	s.groups = newGroups(s)
	err = checkFile(cfg.Path)
	if err == nil {
		err = s.open()
	}
	if err != nil {
		s.closeDBs()
		lock.release()
		if errors.Is(err, events.ErrNotAStore) { // leave someone else's file as it was
			os.Remove(cfg.Path + ".lock")
		}
		return nil, err
	}
	return s, nil
}

func (s *Store) open() error {
	var err error
	busy := strconv.FormatInt(s.cfg.BusyTimeout.Milliseconds(), 10)
	file := "file:" + (&url.URL{Path: s.cfg.Path}).EscapedPath() + "?_busy_timeout=" + busy
	base := file + "&_journal_mode=WAL"
	// The writer never checkpoints; the checkpointer does, on its own
	// connection.
	// The writer sets WAL itself in migrate, after the page size of a new
	// file: the page size is fixed once a file is in WAL mode.
	if s.wdb, err = sql.Open("sqlite3", file+"&_synchronous="+string(s.cfg.Synchronous)); err != nil {
		return err
	}
	s.wdb.SetMaxOpenConns(1)
	s.wdb.SetConnMaxIdleTime(0)
	ctx := context.Background()
	if err := s.migrate(ctx); err != nil {
		return err
	}
	if s.rdb, err = sql.Open("sqlite3", base+"&_query_only=1"+stmtCache); err != nil {
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
	if s.cdb, err = sql.Open("sqlite3", base+"&_synchronous="+string(s.cfg.Synchronous)); err != nil {
		return err
	}
	s.cdb.SetMaxOpenConns(1)
	s.ckpt = startCheckpointer(s.cdb)
	if err := s.rdb.QueryRowContext(ctx, "SELECT ledger_id FROM ledger WHERE id = 1").Scan(&s.ledgerID); err != nil {
		return fmt.Errorf("read ledger id: %w", mapOpenErr(s.cfg.Path, err))
	}
	if s.openCheck, err = s.verifyOnOpen(ctx); err != nil {
		return fmt.Errorf("verify %s: %w", s.cfg.Path, err)
	}
	s.w, err = startWriter(ctx, s)
	return err
}

// stmtCache keeps each connection's prepared statements for the queries it
// runs again and again (reads, view writes), so they are parsed once rather
// than on every call.
const stmtCache = "&_stmt_cache_size=32"

// sqliteHeader starts every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// checkFile refuses a file that is not SQLite, or is SQLite with another
// application id, before any connection opens it. A file whose header has no
// application id yet (a new store whose first commit is still in the WAL, or
// another application's database) is examined by migrate through the
// writer's connection, before anything switches the file to WAL.
func checkFile(path string) error {
	id, err := fileApplicationID(path)
	switch {
	case errors.Is(err, errNotSQLite):
		return fmt.Errorf("%w: %w", events.ErrNotAStore, err)
	case err != nil:
		return err
	case id != 0 && id != applicationID:
		return fmt.Errorf("%w: %s is an SQLite database of another application", events.ErrNotAStore, path)
	}
	return nil
}

// errNotSQLite: the file does not start with an SQLite header.
var errNotSQLite = errors.New("not an SQLite database")

// fileApplicationID reads the application id from an SQLite file's header,
// without opening it as a database; 0 for a missing or empty file (or an
// SQLite file that has none), errNotSQLite for anything else.
func fileApplicationID(path string) (uint32, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 100) // the database header
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF || err == nil) {
		return 0, nil // an empty file becomes a new database
	}
	if n < len(head) || !bytes.Equal(head[:len(sqliteHeader)], sqliteHeader) {
		return 0, fmt.Errorf("%s is %w", path, errNotSQLite)
	}
	return binary.BigEndian.Uint32(head[68:72]), nil
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
	if appID == 0 && tables == 0 {
		if _, err := s.wdb.ExecContext(ctx, "PRAGMA page_size = "+strconv.Itoa(dbPageSize)); err != nil {
			return mapOpenErr(s.cfg.Path, err)
		}
	}
	var mode string
	if err := s.wdb.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil || mode != "wal" {
		return fmt.Errorf("switch %s to WAL (got %q): %w", s.cfg.Path, mode, mapOpenErr(s.cfg.Path, err))
	}
	tx, err := s.wdb.BeginTx(ctx, nil)
	if err != nil {
		return mapOpenErr(s.cfg.Path, err)
	}
	defer tx.Rollback()
	stmts := []string{
		schema,
		"INSERT OR IGNORE INTO head (id, position, hash) VALUES (1, 0, x'" + fmt.Sprintf("%x", events.GenesisHash) + "')",
		"INSERT OR IGNORE INTO ledger (id, ledger_id) VALUES (1, lower(hex(randomblob(16))))",
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
	s.notify.Close()
	var errs []error
	if s.w != nil {
		errs = append(errs, s.w.stop())
	}
	if s.ckpt != nil {
		s.ckpt.close()
	}
	errs = append(errs, s.closeDBs(), s.lock.release())
	return errors.Join(errs...)
}

func (s *Store) closeDBs() error {
	var errs []error
	for _, db := range []*sql.DB{s.rdb, s.odb, s.cdb, s.wdb} {
		if db != nil {
			errs = append(errs, db.Close())
		}
	}
	return errors.Join(errs...)
}

// ensureOpen is checked by every method, so that use after Close is
// events.ErrClosed rather than a driver error.
func (s *Store) ensureOpen() error {
	s.closeMu.RLock()
	defer s.closeMu.RUnlock()
	if s.closed {
		return events.ErrClosed
	}
	return nil
}

// Path is the database file.
func (s *Store) Path() string { return s.cfg.Path }
