package sqliteviews

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"sync/atomic"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
)

// Views are the verification views, in their own SQLite file: they are
// derived data, rebuilt from the log at will, and writing them never waits
// for the event store's writer or makes it wait.
type Views struct {
	store   *sqlite.Store
	wdb     *sql.DB // the projector's transactions
	rdb     *sql.DB // queries
	cdb     *sql.DB // checkpoints
	ckpt    *sqlite.Checkpointer
	applied app.Watermark
	// access counts the commits that changed a reviewer or a token;
	// accessPending is set when the open projection transaction does.
	access        atomic.Uint64
	accessPending atomic.Bool
	health        events.Condition
	path          string
	// predatesMatch: claim views made before the match index existed,
	// which bind rebuilds so the index holds every claim.
	predatesMatch bool
	source        viewsSource // see bind.go
}

var _ app.Views = (*Views)(nil)

const viewsSchema = `
CREATE TABLE IF NOT EXISTS claim_views (
	id         TEXT PRIMARY KEY,
	article_id TEXT NOT NULL,
	kind       TEXT NOT NULL,
	status     TEXT NOT NULL,
	flagged    INTEGER NOT NULL,
	data       BLOB NOT NULL
) WITHOUT ROWID;
-- Claims are listed by article, then text order (app.CompareClaimIDs):
-- (article_id, length(id), id), so that "-100" follows "-99".
DROP INDEX IF EXISTS claim_views_article;
DROP INDEX IF EXISTS claim_views_status;
CREATE INDEX IF NOT EXISTS claim_views_order ON claim_views (article_id, length(id), id);
CREATE INDEX IF NOT EXISTS claim_views_status_order ON claim_views (status, article_id, length(id), id);
CREATE TABLE IF NOT EXISTS claim_voters (
	reviewer TEXT NOT NULL,
	claim_id TEXT NOT NULL,
	PRIMARY KEY (reviewer, claim_id)
) WITHOUT ROWID;
-- A claim's voters are replaced on every event of the claim.
CREATE INDEX IF NOT EXISTS claim_voters_claim ON claim_voters (claim_id);
-- The match index: each claim under the keys domain/match files it under.
CREATE TABLE IF NOT EXISTS claim_match_keys (
	key      TEXT NOT NULL,
	claim_id TEXT NOT NULL,
	PRIMARY KEY (key, claim_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claim_match_keys_claim ON claim_match_keys (claim_id);
-- Links, for the claims whose linked copies are decided.
CREATE TABLE IF NOT EXISTS claim_links (
	claim_id TEXT NOT NULL,
	other_id TEXT NOT NULL,
	PRIMARY KEY (claim_id, other_id)
) WITHOUT ROWID;
-- Marks the filters select on: pending suggestions, cross-article conflicts.
CREATE TABLE IF NOT EXISTS claim_marks (
	mark     TEXT NOT NULL,
	claim_id TEXT NOT NULL,
	PRIMARY KEY (mark, claim_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claim_marks_claim ON claim_marks (claim_id);
CREATE TABLE IF NOT EXISTS article_views (id TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reviewer_views (id TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tokens (
	token_id    TEXT PRIMARY KEY,
	reviewer_id TEXT NOT NULL,
	hash        TEXT NOT NULL,
	revoked     INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reviewer_activity (
	reviewer_id TEXT PRIMARY KEY,
	votes       INTEGER NOT NULL,
	retractions INTEGER NOT NULL,
	last_active INTEGER NOT NULL
) WITHOUT ROWID;
`

// viewTables are every table Rebuild empties, the offsets included.
var viewTables = []string{"claim_views", "claim_voters", "claim_match_keys", "claim_links", "claim_marks", "article_views", "reviewer_views", "tokens", "reviewer_activity", "subscriber_offsets"}

// Open opens or creates the views database at path, fed from store.
// Views that do not match the store's log (bind.go) are emptied, and a
// corrupt file is moved aside (file.go): Run rebuilds them from the log.
// Another application's database is refused with events.ErrNotAStore and
// left as it was.
func Open(store *sqlite.Store, path string) (*Views, error) {
	return openChecked(store, path, true)
}

// OpenAsFound opens the views without checking them against the log and
// without emptying them, for a ledger whose hash chain is broken and that
// is served read-only for forensics: the views are evidence of what the
// log held before it was changed. Do not Run a projector on them: it would
// rebuild them from the changed log. A corrupt file is still moved aside,
// and another application's database still refused.
func OpenAsFound(store *sqlite.Store, path string) (*Views, error) {
	return openChecked(store, path, false)
}

func openChecked(store *sqlite.Store, path string, bind bool) (*Views, error) {
	err := probeViews(path)
	if err != nil && !errors.Is(err, errViewsCorrupt) {
		return nil, fmt.Errorf("views %s: %w", path, err)
	}
	if err == nil {
		v, oerr := open(store, path, bind)
		if !errors.Is(oerr, events.ErrNotAStore) { // SQLite found it corrupt past the header
			return v, oerr
		}
		err = oerr
	}
	aside, merr := moveAside(path)
	if merr != nil {
		return nil, merr
	}
	store.Logger().Warn("views file is corrupt: moved aside, rebuilding the views from the log",
		"views_db", path, "moved_to", aside, "err", err)
	return open(store, path, bind)
}

func open(store *sqlite.Store, path string, bind bool) (*Views, error) {
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?_journal_mode=WAL&_busy_timeout=5000" + sqlite.StmtCache
	v := &Views{store: store, path: path}
	var err error
	if v.wdb, err = sql.Open("sqlite3", dsn+"&_synchronous=NORMAL&_txlock=immediate"); err != nil {
		return nil, err
	}
	v.wdb.SetMaxOpenConns(1)
	if v.rdb, err = sql.Open("sqlite3", dsn+"&_query_only=1"); err != nil {
		v.wdb.Close()
		return nil, err
	}
	v.rdb.SetMaxOpenConns(4)
	if v.cdb, err = sql.Open("sqlite3", dsn+"&_synchronous=NORMAL"); err != nil {
		v.wdb.Close()
		v.rdb.Close()
		return nil, err
	}
	v.cdb.SetMaxOpenConns(1)
	ctx := context.Background()
	// As for the event store, the projector's commits leave the WAL to a
	// checkpointer of their own: SQLite's automatic checkpoint would copy
	// pages inside a projection commit every thousand pages, and hot pages
	// (the offsets, the indexes) would be copied again and again.
	if _, err := v.wdb.ExecContext(ctx, sqlite.LeaveWALToCheckpointer); err != nil {
		v.Close()
		return nil, fmt.Errorf("views %s: %w", path, sqlite.MapOpenErr(path, err))
	}
	if v.predatesMatch, err = predatesMatchIndex(ctx, v.wdb); err != nil {
		v.Close()
		return nil, fmt.Errorf("views %s: %w", path, sqlite.MapOpenErr(path, err))
	}
	schema := viewsSchema + viewsSourceSchema + "PRAGMA application_id = " + strconv.Itoa(viewsApplicationID)
	if _, err := v.wdb.ExecContext(ctx, schema); err != nil {
		v.Close()
		return nil, fmt.Errorf("views %s: %w", path, sqlite.MapOpenErr(path, err))
	}
	if err := sqlite.EnsureOffsets(ctx, v.wdb); err != nil {
		v.Close()
		return nil, fmt.Errorf("views %s: %w", path, sqlite.MapOpenErr(path, err))
	}
	check := v.bind
	if !bind {
		check = v.readSource
	}
	if err := check(ctx); err != nil {
		v.Close()
		return nil, fmt.Errorf("views %s: %w", path, sqlite.MapOpenErr(path, err))
	}
	v.applied.Set(v.source.pos)
	v.ckpt = sqlite.StartCheckpointer(v.cdb)
	return v, nil
}

// Close closes the views database, its WAL folded into the file.
func (v *Views) Close() error {
	if v.ckpt != nil {
		v.ckpt.Close()
	}
	return errors.Join(v.rdb.Close(), v.wdb.Close(), v.cdb.Close())
}

// Applied implements app.ViewReader.
func (v *Views) Applied() uint64 { return v.applied.Applied() }

// WaitApplied implements app.ViewReader.
func (v *Views) WaitApplied(ctx context.Context, position uint64) error {
	return v.applied.WaitApplied(ctx, position)
}

// AccessVersion implements app.ViewReader.
func (v *Views) AccessVersion() uint64 { return v.access.Load() }

// accessChanged is called by the projection transaction that changes a
// reviewer or a token; the access version moves when it commits. A
// transaction rolled back moves it anyway at the next commit, which only
// costs the readers' caches.
func (v *Views) accessChanged() { v.accessPending.Store(true) }

// setApplied runs after each projection commit.
func (v *Views) setApplied(position uint64) {
	if v.accessPending.Swap(false) {
		v.access.Add(1)
	}
	v.applied.Set(position)
	v.ckpt.Committed() // the commit left WAL to copy
}
