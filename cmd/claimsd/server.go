package main

import (
	"cmp"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/netip"
	"os"
	"sync"
	"time"

	grpcadapter "github.com/claimledger/claimledger/adapters/grpc"
	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/adapters/sqlite"
	"github.com/claimledger/claimledger/adapters/tracing"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/events"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
)

// server is one running claimsd: the store, the views and their projector,
// and the gRPC server on its listener.
type server struct {
	o     options
	log   *slog.Logger
	store eventStore
	views serverViews
	// Exactly one of sqlite and pg is set: store as its own type, for what
	// only that engine does.
	sqlite *sqlite.Store
	pg     *postgres.Store
	// check is what was verified of the hash chain at start.
	check events.VerifyReport
	cmds  *app.Commands
	rpc   *grpcadapter.Server
	lis   net.Listener
	web   webServer // the review desk's pages; off when o.http is ""

	stopViews context.CancelFunc
	viewsDone chan struct{} // closed when the projector returned
	viewsErr  error
	// healthDone is closed when the health follower returned (after
	// stopViews), before the store it reads closes.
	healthDone chan struct{}
	serveDone  chan struct{} // closed when Serve returned
	serveErr   error
	// metrics is nil unless --metrics is set.
	metrics *metricsServer
	// tracing is nil unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
	tracing *tracing.Tracing

	// The checkpointer runs only with --signing-key; ckptDone is closed
	// when it returned (at once without one).
	signingKey ed25519.PrivateKey
	ckpt       *app.Checkpointer
	stopCkpt   context.CancelFunc
	ckptDone   chan struct{}
	ckptErr    error

	// The consumer running deferred matching; matchingDone is closed when
	// it returned (at once on a read-only ledger).
	stopMatching context.CancelFunc
	matchingDone chan struct{}
	matchingErr  error

	shutdownOnce sync.Once
	shutdownErr  error
}

// serve runs claimsd until ctx is done (SIGTERM, SIGINT), then shuts it down
// gracefully. ready, when not nil, learns the bound address once the server
// accepts calls. A failure of the gRPC server or of the projector also ends
// it, with that error.
func serve(ctx context.Context, o options, log *slog.Logger, ready func(net.Addr)) error {
	s, err := start(ctx, o, log)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(s.addr())
	}
	var runErr error
	ckptDone := s.ckptDone
	if s.ckpt == nil {
		ckptDone = nil // closed at once: nothing runs
	}
	matchingDone := s.matchingDone
	if s.broken() {
		matchingDone = nil // closed at once: nothing runs
	}
	select {
	case <-ctx.Done():
		log.Info("shutdown requested", "drain_timeout", o.drain)
	case <-s.serveDone:
		runErr = fmt.Errorf("serve: %w", s.serveErr)
	case <-s.web.done:
		runErr = fmt.Errorf("serve web pages: %w", s.web.err)
	case <-s.viewsDone:
		runErr = fmt.Errorf("projector stopped: %w", cmp.Or(s.viewsErr, errors.New("without an error")))
	case <-ckptDone:
		runErr = fmt.Errorf("checkpoint signing stopped: %w", cmp.Or(s.ckptErr, errors.New("without an error")))
	case <-matchingDone:
		runErr = fmt.Errorf("deferred matching stopped: %w", cmp.Or(s.matchingErr, errors.New("without an error")))
	}
	return errors.Join(runErr, s.shutdown())
}

// start opens everything and starts serving. On failure it closes whatever
// it opened.
func start(ctx context.Context, o options, log *slog.Logger) (_ *server, err error) {
	s := &server{o: o, log: log, viewsDone: make(chan struct{}), serveDone: make(chan struct{}), ckptDone: make(chan struct{}),
		stopCkpt: func() {}, matchingDone: make(chan struct{}), stopMatching: func() {}}
	var undo []func()
	defer func() {
		if err != nil {
			for i := len(undo) - 1; i >= 0; i-- {
				undo[i]()
			}
		}
	}()

	// Stop, after the drain timeout, must not return while a handler can
	// still touch the store that is closed next.
	opts := []grpc.ServerOption{grpc.WaitForHandlers(true)}
	// A key pair that does not load fails the start before anything is
	// created on disk.
	if o.tlsCert != "" {
		creds, err := credentials.NewServerTLSFromFile(o.tlsCert, o.tlsKey)
		if err != nil {
			return nil, fmt.Errorf("load tls key pair: %w", err)
		}
		opts = append(opts, grpc.Creds(creds))
	}

	// Bind before anything is created on disk: a taken port fails the start
	// without leaving a new ledger and admin token behind. Nothing is
	// served until the views are up to date (Serve, below).
	s.lis, err = net.Listen("tcp", o.listen)
	if err != nil {
		return nil, fmt.Errorf("listen: %w", err)
	}
	undo = append(undo, func() { s.lis.Close() })
	if err := s.web.listen(o); err != nil {
		return nil, err
	}
	undo = append(undo, s.web.closeListener)

	if o.signingKey != "" {
		key, created, err := loadSigningKey(o.signingKey)
		if err != nil {
			return nil, err
		}
		s.signingKey = key
		if created {
			log.Info("created the checkpoint signing key, readable by its owner only; keep a copy of its public key apart (claimctl admin public-key)",
				"signing_key", o.signingKey)
		}
	}
	s.tracing = o.tracing
	if s.tracing == nil {
		if s.tracing, err = tracing.FromEnv(ctx); err != nil {
			return nil, err
		}
	}
	if s.tracing != nil {
		undo = append(undo, func() { s.stopTracing() })
		opts = append(opts, s.tracing.ServerOption())
	}

	var observer events.CommitObserver
	if o.metrics != "" {
		if s.metrics, err = newMetricsServer(o.metrics, log); err != nil {
			return nil, err
		}
		undo = append(undo, func() { s.metrics.close() })
		observer = s.metrics.m
	}
	if err := s.openStore(observer); err != nil {
		return nil, err
	}
	undo = append(undo, func() { s.store.Close() })
	if err := s.checkLedger(); err != nil {
		return nil, err
	}

	reg := app.NewRegistry()
	cmds, err := app.NewCommands(s.store, reg, claim.Policy{Quorum: o.quorum})
	if err != nil {
		return nil, err
	}
	s.cmds = cmds
	proj := app.NewProjector(s.store, reg)
	if s.tracing != nil {
		cmds.Tracer, proj.Tracer = s.tracing, s.tracing
	}
	if s.views, err = s.openViews(ctx); err != nil {
		return nil, err
	}
	undo = append(undo, func() { s.views.Close() })
	cmds.Matcher = s.views // ingest suggests matches from the views' index

	viewsCtx, stopViews := context.WithCancel(context.Background())
	s.stopViews = stopViews
	go func() {
		defer close(s.viewsDone)
		if s.broken() { // no projector: it would rebuild the views from the changed log
			<-viewsCtx.Done()
			return
		}
		s.viewsErr = s.views.Run(viewsCtx, proj)
	}()
	undo = append(undo, func() { stopViews(); <-s.viewsDone })

	if s.broken() {
		log.Warn("ledger is read-only: not creating the admin", "admin_token_file", o.adminTokenFile)
	} else if err := s.bootstrap(ctx, cmds); err != nil {
		return nil, err
	}
	// Tokens are checked against the views: serving before they reflect the
	// log would refuse credentials that exist, the admin's first of all.
	if s.broken() {
		log.Warn("ledger is read-only: the views are served as found, not brought up to date", "views_applied", s.views.Applied())
	} else if err := s.catchUp(ctx); err != nil {
		return nil, err
	}

	rateLimit := o.rateLimit
	if rateLimit == 0 {
		rateLimit = math.Inf(1)
	}
	if s.broken() {
		close(s.ckptDone) // a read-only ledger takes no checkpoint events
	} else {
		s.startCheckpoints()
	}
	undo = append(undo, func() { s.stopCkpt(); <-s.ckptDone })
	if s.broken() {
		close(s.matchingDone) // a read-only ledger records no matching
	} else {
		s.startMatching(s.subscriber(matchingGroup))
	}
	undo = append(undo, func() { s.stopMatching(); <-s.matchingDone })

	queries := app.NewQueries(s.views, s.store)
	queries.MaxWait = o.readWait
	rpcCfg := grpcadapter.Config{Commands: cmds, Queries: queries, Logger: log, RateLimit: rateLimit, RateBurst: o.rateBurst}
	if s.signingKey != nil {
		rpcCfg.SigningKey = s.signingKey.Public().(ed25519.PublicKey)
	}
	if s.metrics != nil {
		rpcCfg.UnaryObservers = append(rpcCfg.UnaryObservers, s.metrics.m.UnaryInterceptor())
		rpcCfg.StreamObservers = append(rpcCfg.StreamObservers, s.metrics.m.StreamInterceptor())
	}
	if s.tracing != nil {
		rpcCfg.UnaryObservers = append(rpcCfg.UnaryObservers, s.tracing.UnaryInterceptor())
		rpcCfg.StreamObservers = append(rpcCfg.StreamObservers, s.tracing.StreamInterceptor())
	}
	s.rpc, err = grpcadapter.New(rpcCfg, opts...)
	if err != nil {
		return nil, fmt.Errorf("grpc server: %w", err)
	}
	if s.metrics != nil {
		if err := s.metrics.serve(s.rpc.GRPC, s.metricSources(queries)); err != nil {
			return nil, err
		}
	}
	if err := s.web.start(o, cmds, queries, log); err != nil {
		return nil, err
	}
	s.followHealth(viewsCtx)
	go func() {
		defer close(s.serveDone)
		s.serveErr = s.rpc.GRPC.Serve(s.lis)
	}()
	if ap, err := netip.ParseAddrPort(s.lis.Addr().String()); err == nil && !ap.Addr().IsLoopback() && o.tlsCert == "" {
		log.Warn("serving plaintext beyond loopback: bearer tokens travel in the clear; use --tls-cert and --tls-key",
			"addr", s.lis.Addr().String())
	}
	log.Info("claimsd serving", "addr", s.lis.Addr().String(), "tls", o.tlsCert != "",
		"db", o.dbForLog(), "views_db", o.viewsDB, "synchronous", o.synchronous, "quorum", o.quorum)
	return s, nil
}

// bootstrap creates the first admin on a new ledger and says where its
// credential is, never what it is.
func (s *server) bootstrap(ctx context.Context, cmds *app.Commands) error {
	var cred string
	create := func(ctx context.Context) (err error) {
		cred, err = cmds.Bootstrap(ctx, func(credential string) error {
			return writeAdminToken(s.o.adminTokenFile, credential)
		})
		return err
	}
	var err error
	if s.pg != nil {
		// Replicas starting at once: the first to take the lock creates
		// the admin, the others then find it.
		err = s.pg.Exclusive(ctx, "bootstrap", create)
	} else {
		err = create(ctx)
	}
	if err != nil {
		return fmt.Errorf("bootstrap admin: %w", err)
	}
	if cred != "" {
		s.log.Info("created the admin; its credential is in the admin token file, readable by its owner only",
			"admin_token_file", s.o.adminTokenFile)
	} else if _, err := os.Stat(s.o.adminTokenFile); err != nil {
		// Not fatal: the admin may hold other tokens issued since.
		s.log.Warn("admin exists but the admin token file is missing; the first credential is not recoverable, use another admin token",
			"admin_token_file", s.o.adminTokenFile)
	} else {
		s.log.Info("admin exists; its first credential was written to the admin token file on the first start",
			"admin_token_file", s.o.adminTokenFile)
	}
	return nil
}

// catchUp waits until the views reflect the whole log as it is now.
func (s *server) catchUp(ctx context.Context) error {
	head, _, err := s.store.Head(ctx)
	if err != nil {
		return fmt.Errorf("read log head: %w", err)
	}
	if s.views.Applied() >= head {
		return nil
	}
	s.log.Info("bringing the views up to date", "applied", s.views.Applied(), "head", head)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-s.viewsDone: // a failed projector would never get there
			cancel()
		case <-ctx.Done():
		}
	}()
	if err := s.views.WaitApplied(ctx, head); err != nil {
		select {
		case <-s.viewsDone:
			return fmt.Errorf("projector stopped: %w", s.viewsErr)
		default:
			return fmt.Errorf("wait for views: %w", err)
		}
	}
	return nil
}

func (s *server) addr() net.Addr { return s.lis.Addr() }

// stopTracing sends the spans still buffered, for at most five seconds.
func (s *server) stopTracing() error {
	if s.tracing == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.tracing.Shutdown(ctx)
}

// shutdown drains the calls in flight (for at most the drain timeout, then
// cuts the rest off), stops the projector, and closes the views and the
// store; the store's Close flushes the writer, so every acknowledged append
// is committed before it returns. Safe to call more than once.
func (s *server) shutdown() error {
	s.shutdownOnce.Do(func() { s.shutdownErr = s.doShutdown() })
	return s.shutdownErr
}

func (s *server) doShutdown() error {
	start := time.Now()
	drained := make(chan struct{})
	go func() {
		defer close(drained)
		s.rpc.Drain()
	}()
	timer := time.NewTimer(s.o.drain)
	defer timer.Stop()
	select {
	case <-drained:
		s.log.Info("calls drained", "took", time.Since(start).Round(time.Millisecond))
	case <-timer.C:
		s.log.Warn("drain timeout: cutting off the calls still in flight", "drain_timeout", s.o.drain)
		s.rpc.GRPC.Stop()
		<-drained
	}
	<-s.serveDone
	if err := s.web.shutdown(s.o.drain); err != nil {
		s.log.Warn("web pages: shutdown", "err", err)
	}
	if s.metrics != nil { // before the store closes under a scrape
		s.metrics.close()
	}
	s.stopMatching()
	<-s.matchingDone
	errs := s.finalCheckpoint()
	if s.matchingErr != nil && !errors.Is(s.matchingErr, context.Canceled) {
		errs = append(errs, fmt.Errorf("deferred matching: %w", s.matchingErr))
	}
	s.stopViews()
	<-s.viewsDone
	<-s.healthDone
	if s.viewsErr != nil && !errors.Is(s.viewsErr, context.Canceled) {
		errs = append(errs, fmt.Errorf("projector: %w", s.viewsErr))
	}
	if err := s.views.Close(); err != nil {
		errs = append(errs, fmt.Errorf("close views: %w", err))
	}
	if err := s.store.Close(); err != nil {
		errs = append(errs, fmt.Errorf("close event store: %w", err))
	}
	if err := s.stopTracing(); err != nil {
		errs = append(errs, fmt.Errorf("flush traces: %w", err))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	s.log.Info("claimsd stopped", "took", time.Since(start).Round(time.Millisecond))
	return nil
}
