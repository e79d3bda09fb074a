package main

import (
	"cmp"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/adapters/tracing"
	"github.com/claimledger/claimledger/domain/claim"
)

// options is the parsed command line.
type options struct {
	listen         string
	http           string
	db             string
	viewsDB        string
	adminTokenFile string
	tlsCert        string
	tlsKey         string
	quorum         int
	synchronous    string
	drain          time.Duration
	readWait       time.Duration
	allowBroken    bool
	rateLimit      float64
	rateBurst      int
	metrics        string
	signingKey     string
	ckptEvery      uint64
	ckptInterval   time.Duration
	maxViewsLag    uint64
	// tracing is set by tests (an in-memory exporter); otherwise start
	// reads the OTEL_* environment.
	tracing *tracing.Tracing
}

// envDB names the variable that gives --db its default.
const envDB = "CLAIMLEDGER_DB"

// isPostgres reports whether --db names a PostgreSQL database rather than
// a SQLite file: a postgres:// or postgresql:// URL.
func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// errUsage marks a command line that parses but makes no sense; run exits 2.
var errUsage = errors.New("usage")

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("claimsd", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.listen, "listen", "127.0.0.1:50051", "address to serve gRPC on; loopback by default, so nothing is exposed until asked")
	fs.StringVar(&o.http, "http", "127.0.0.1:8080", `address to serve the review desk's web pages on, with the same TLS as gRPC ("" turns them off)`)
	fs.StringVar(&o.db, "db", cmp.Or(os.Getenv(envDB), "claimledger.db"), "path of the SQLite event store (created if missing), or postgres://… to serve a ledger on PostgreSQL shared with other claimsd (default $"+envDB+", else claimledger.db)")
	fs.StringVar(&o.viewsDB, "views-db", "", "path of the SQLite verification views (default: the --db path with .views before the extension; unused on PostgreSQL)")
	fs.StringVar(&o.adminTokenFile, "admin-token-file", "", "where the first start writes the admin credential, mode 0600 (default: admin.token beside --db; in the working directory on PostgreSQL)")
	fs.StringVar(&o.tlsCert, "tls-cert", "", "PEM certificate; with --tls-key turns on TLS")
	fs.StringVar(&o.tlsKey, "tls-key", "", "PEM private key; with --tls-cert turns on TLS")
	fs.IntVar(&o.quorum, "quorum", claim.DefaultPolicy().Quorum, fmt.Sprintf("agreeing live votes that decide a claim (1..%d)", claim.MaxQuorum))
	fs.StringVar(&o.synchronous, "synchronous", string(sqlite.Full), "FULL: an acknowledged write survives power loss; NORMAL: it survives a crash of claimsd, and the last commits can be lost on power loss")
	fs.DurationVar(&o.drain, "drain-timeout", 15*time.Second, "how long SIGTERM waits for calls in flight before cutting them off")
	fs.DurationVar(&o.readWait, "read-wait", 5*time.Second, "how long a read waits for the views to reach its min_position (or an ingest's answer for its claims) before UNAVAILABLE")
	fs.BoolVar(&o.allowBroken, "allow-broken-ledger", false, "serve a ledger whose hash chain is broken, reads only, for forensics (without it such a ledger is refused at start)")
	fs.Float64Var(&o.rateLimit, "rate-limit", 100, "calls a second each token may make, sustained; beyond, RESOURCE_EXHAUSTED (0: no limit)")
	fs.IntVar(&o.rateBurst, "rate-burst", 0, "calls a token may make at once above --rate-limit (0: twice --rate-limit)")
	fs.StringVar(&o.metrics, "metrics", "", "address to serve Prometheus metrics on, at /metrics (default: off)")
	fs.StringVar(&o.signingKey, "signing-key", "", "Ed25519 key (PEM, created 0600 when missing) to sign the log's head with now and then; the signatures are recorded in the log (default: off)")
	fs.Uint64Var(&o.ckptEvery, "checkpoint-every", 1000, "with --signing-key: sign once this many events were written since the last checkpoint")
	fs.DurationVar(&o.ckptInterval, "checkpoint-interval", time.Minute, "with --signing-key: sign when the log moved and this long passed since the last checkpoint")
	fs.Uint64Var(&o.maxViewsLag, "max-views-lag", 10000, "health answers NOT_SERVING while the views are more than this many events behind the log (0: never for lag)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: claimsd [flags]\n       claimsd restore --from FILE --db PATH\n       claimsd migrate --from LEDGER.db --to postgres://…\n\nServes the ClaimLedger gRPC API on an embedded SQLite event store, or, with --db postgres://…, on a PostgreSQL database several claimsd serve at once; restore checks a backup (claimctl admin backup) and writes it into a new store; migrate copies a SQLite ledger into an empty PostgreSQL database.\n\nExample:\n  claimsd --listen 127.0.0.1:50051 --db claimledger.db\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	pg := isPostgres(o.db)
	if o.viewsDB == "" && !pg {
		o.viewsDB = defaultViewsPath(o.db)
	}
	if o.adminTokenFile == "" {
		o.adminTokenFile = "admin.token"
		if !pg {
			o.adminTokenFile = filepath.Join(filepath.Dir(o.db), "admin.token")
		}
	}
	o.synchronous = strings.ToUpper(o.synchronous)
	var errs []error
	if o.db == "" {
		errs = append(errs, errors.New("--db is empty"))
	}
	if o.viewsDB == o.db {
		errs = append(errs, errors.New("--views-db must differ from --db"))
	}
	if pg && o.viewsDB != "" {
		errs = append(errs, errors.New("--views-db: on PostgreSQL the views are not kept in a file"))
	}
	if pg && o.allowBroken {
		errs = append(errs, errors.New("--allow-broken-ledger: serving a broken ledger read-only is for SQLite only"))
	}
	if o.http != "" && o.http == o.listen && !strings.HasSuffix(o.http, ":0") {
		errs = append(errs, errors.New("--http must differ from --listen"))
	}
	if (o.tlsCert == "") != (o.tlsKey == "") {
		errs = append(errs, errors.New("--tls-cert and --tls-key go together: give both or neither"))
	}
	if err := (claim.Policy{Quorum: o.quorum}).Validate(); err != nil {
		errs = append(errs, fmt.Errorf("--quorum: %w", err))
	}
	if s := sqlite.Synchronous(o.synchronous); s != sqlite.Full && s != sqlite.Normal {
		errs = append(errs, fmt.Errorf("--synchronous %q: want FULL or NORMAL", o.synchronous))
	}
	if !(o.rateLimit >= 0) || math.IsInf(o.rateLimit, 1) {
		errs = append(errs, fmt.Errorf("--rate-limit %v: want a number of calls a second, 0 for no limit", o.rateLimit))
	}
	if o.rateBurst < 0 {
		errs = append(errs, fmt.Errorf("--rate-burst %d: must not be negative", o.rateBurst))
	}
	if o.ckptEvery == 0 {
		errs = append(errs, errors.New("--checkpoint-every must be positive"))
	}
	if o.ckptInterval <= 0 {
		errs = append(errs, fmt.Errorf("--checkpoint-interval %v: must be positive", o.ckptInterval))
	}
	if o.drain <= 0 {
		errs = append(errs, fmt.Errorf("--drain-timeout %v: must be positive", o.drain))
	}
	if o.readWait <= 0 {
		errs = append(errs, fmt.Errorf("--read-wait %v: must be positive", o.readWait))
	}
	if err := errors.Join(errs...); err != nil {
		return o, fmt.Errorf("%w: %w", errUsage, err)
	}
	return o, nil
}

// defaultViewsPath puts ".views" before the database's extension:
// claimledger.db → claimledger.views.db; a name without one gets a suffix.
func defaultViewsPath(db string) string {
	ext := filepath.Ext(db)
	if ext == "" || ext == db || strings.HasSuffix(db, "/"+ext) {
		return db + ".views"
	}
	return strings.TrimSuffix(db, ext) + ".views" + ext
}
