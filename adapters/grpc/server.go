// Package grpcadapter serves the claimledger.v1 API over gRPC: it
// authenticates callers, checks their role, validates requests, maps proto
// messages to the app's use cases and back, and turns errors into status
// codes. Proto types stop here; app and domain never see them.
package grpcadapter

import (
	"crypto/ed25519"
	"errors"
	"log/slog"
	"math"
	"slices"
	"sync"
	"time"

	"github.com/claimledger/claimledger/app"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/health"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/keepalive"
	"google.golang.org/grpc/reflection"
)

// Config is what New needs. Zero values take the defaults below.
type Config struct {
	Commands *app.Commands
	Queries  *app.Queries
	// Logger receives one line per call and every internal error; default
	// slog.Default().
	Logger *slog.Logger
	// MaxPageSize clamps page_size; default 500.
	MaxPageSize int
	// DefaultPageSize is the page when page_size is 0; default 50.
	DefaultPageSize int
	// MaxRecvMsgBytes bounds a request; default 1 MiB + 64 KiB, room for the
	// largest article body (512 KiB) with its title and fields even when
	// most of it is multi-byte text.
	MaxRecvMsgBytes int
	// MaxConcurrentStreams bounds the calls in flight per connection;
	// default 256.
	MaxConcurrentStreams uint32
	// RateLimit is the calls a second each token may make, sustained
	// (RESOURCE_EXHAUSTED beyond); default 100, math.Inf(1) for no limit.
	RateLimit float64
	// RateBurst is how many calls a token may make at once above the
	// sustained rate; default twice RateLimit.
	RateBurst int
	// HandshakeTimeout closes a connection that has not completed the
	// HTTP/2 handshake by then (a client that connects and sends nothing);
	// default 10s.
	HandshakeTimeout time.Duration
	// MaxConnectionIdle asks a connection with no call in flight for that
	// long to go away (GOAWAY; a WatchEvents stream is a call in flight);
	// default 15m. gRPC clients reconnect by themselves on their next call.
	// Keep it longer than KeepaliveTime: grpc-go stops the keepalive pings
	// of a connection it asked to go away.
	MaxConnectionIdle time.Duration
	// MaxStreamsPerToken bounds the streaming calls (WatchEvents,
	// ExportClaims, reflection) one token has open at once; default 16.
	MaxStreamsPerToken int
	// KeepaliveTime is how long a connection may send nothing before the
	// server pings it; one that does not answer within the same time
	// (at most 20s) is closed: a peer that vanished, or one that completed
	// the handshake and now only holds the connection. Default 5m.
	KeepaliveTime time.Duration
	// SigningKey is the public half of the key the server signs checkpoints
	// with, served by GetPublicKey; nil when it signs none.
	SigningKey ed25519.PublicKey
	// UnaryObservers and StreamObservers wrap every call outside the
	// adapter's own interceptors, first outermost, so they see the code
	// the caller gets, refusals (authentication, rate limit) included:
	// where metrics and tracing hook in.
	UnaryObservers  []grpc.UnaryServerInterceptor
	StreamObservers []grpc.StreamServerInterceptor
}

const (
	defaultMaxPageSize     = 500
	defaultPageSize        = 50
	defaultMaxRecvMsgBytes = 1<<20 + 64<<10
	defaultMaxStreams      = 256
	defaultRateLimit       = 100
	defaultHandshake       = 10 * time.Second
	defaultConnectionIdle  = 15 * time.Minute
	defaultKeepaliveTime   = 5 * time.Minute
	defaultStreamsPerToken = 16
	maxHeaderBytes         = 64 << 10
	maxKeepaliveTimeout    = 20 * time.Second
)

func (c *Config) setDefaults() {
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.MaxPageSize == 0 {
		c.MaxPageSize = defaultMaxPageSize
	}
	if c.DefaultPageSize == 0 {
		c.DefaultPageSize = min(defaultPageSize, c.MaxPageSize)
	}
	if c.MaxRecvMsgBytes == 0 {
		c.MaxRecvMsgBytes = defaultMaxRecvMsgBytes
	}
	if c.MaxConcurrentStreams == 0 {
		c.MaxConcurrentStreams = defaultMaxStreams
	}
	if c.HandshakeTimeout == 0 {
		c.HandshakeTimeout = defaultHandshake
	}
	if c.MaxConnectionIdle == 0 {
		c.MaxConnectionIdle = defaultConnectionIdle
	}
	if c.MaxStreamsPerToken == 0 {
		c.MaxStreamsPerToken = defaultStreamsPerToken
	}
	if c.KeepaliveTime == 0 {
		c.KeepaliveTime = defaultKeepaliveTime
	}
	if c.RateLimit == 0 {
		c.RateLimit = defaultRateLimit
	}
	if c.RateBurst == 0 && !math.IsInf(c.RateLimit, 1) {
		c.RateBurst = max(1, int(math.Ceil(2*c.RateLimit)))
	}
}

// Validate sets the defaults, then reports every problem at once.
func (c *Config) Validate() error {
	c.setDefaults()
	var errs []error
	if c.Commands == nil {
		errs = append(errs, errors.New("grpc config: Commands is required"))
	}
	if c.Queries == nil {
		errs = append(errs, errors.New("grpc config: Queries is required"))
	}
	if c.MaxPageSize < 1 {
		errs = append(errs, errors.New("grpc config: MaxPageSize must be positive"))
	}
	if c.DefaultPageSize < 1 || c.DefaultPageSize > c.MaxPageSize {
		errs = append(errs, errors.New("grpc config: DefaultPageSize must be between 1 and MaxPageSize"))
	}
	if c.MaxRecvMsgBytes < 1 {
		errs = append(errs, errors.New("grpc config: MaxRecvMsgBytes must be positive"))
	}
	if !(c.RateLimit > 0) { // NaN too
		errs = append(errs, errors.New("grpc config: RateLimit must be positive (+Inf for no limit)"))
	}
	if c.RateBurst < 0 {
		errs = append(errs, errors.New("grpc config: RateBurst must not be negative"))
	}
	return errors.Join(errs...)
}

// Server is the gRPC server with every claimledger.v1 service, health and
// reflection registered. Serve it with s.GRPC.Serve(listener).
type Server struct {
	GRPC   *grpc.Server
	Health *health.Server
	h      *handlers
	drain  sync.Once
	// decoder holds the requests it could not decode until the
	// interceptors take them.
	decoder *decodeCodec
}

// New builds the server. opts (TLS credentials, keepalive, …) come after the
// adapter's own options, so they can override them.
func New(cfg Config, opts ...grpc.ServerOption) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	ic := &interceptors{log: cfg.Logger, queries: cfg.Queries, codec: newDecodeCodec(),
		limits: newLimiter(cfg.RateLimit, cfg.RateBurst), streams: newStreamCap(cfg.MaxStreamsPerToken)}
	base := []grpc.ServerOption{
		grpc.ForceServerCodecV2(ic.codec),
		grpc.StatsHandler(&refusalLog{ic: ic}),
		grpc.ChainUnaryInterceptor(append(slices.Clip(cfg.UnaryObservers), ic.unary)...),
		grpc.ChainStreamInterceptor(append(slices.Clip(cfg.StreamObservers), ic.stream)...),
		// Without a handler of its own, grpc-go answers a method the server
		// does not have before any interceptor, and nothing is logged.
		grpc.UnknownServiceHandler(unknownMethod),
		grpc.MaxRecvMsgSize(cfg.MaxRecvMsgBytes),
		grpc.MaxConcurrentStreams(cfg.MaxConcurrentStreams),
		// A call's metadata is a token and a request id: grpc-go would read
		// 16 MiB of headers per call before any check.
		grpc.MaxHeaderListSize(maxHeaderBytes),
		// Connections that do nothing cost memory and a file descriptor
		// each: close those that never finish the handshake, and those left
		// idle.
		grpc.ConnectionTimeout(cfg.HandshakeTimeout),
		grpc.KeepaliveParams(keepalive.ServerParameters{MaxConnectionIdle: cfg.MaxConnectionIdle,
			Time: cfg.KeepaliveTime, Timeout: min(cfg.KeepaliveTime, maxKeepaliveTimeout)}),
	}
	gs := grpc.NewServer(append(base, opts...)...)
	h := &handlers{cfg: cfg, draining: make(chan struct{})}
	pb.RegisterArticleServiceServer(gs, &articleService{h: h})
	pb.RegisterClaimServiceServer(gs, &claimService{h: h})
	pb.RegisterLedgerServiceServer(gs, &ledgerService{h: h})
	pb.RegisterAdminServiceServer(gs, &adminService{h: h})

	hs := health.NewServer()
	healthpb.RegisterHealthServer(gs, hs)
	reflection.Register(gs)
	srv := &Server{GRPC: gs, Health: hs, h: h, decoder: ic.codec}
	srv.SetServing(true)
	return srv, nil
}

// SetServing sets the health of the server and of every service it serves:
// NOT_SERVING tells balancers and probes to keep traffic away while the
// server cannot do its job (its ledger is broken, its views cannot be
// written), SERVING once it can again. After Drain it changes nothing.
func (s *Server) SetServing(serving bool) {
	st := healthpb.HealthCheckResponse_NOT_SERVING
	if serving {
		st = healthpb.HealthCheckResponse_SERVING
	}
	s.Health.SetServingStatus("", st)
	for name := range s.GRPC.GetServiceInfo() {
		s.Health.SetServingStatus(name, st)
	}
}

// Drain tells health checkers to stop sending traffic, ends the
// WatchEvents streams (they follow the log forever, so graceful stop would
// wait for them forever; their clients get UNAVAILABLE and resume from the
// last position elsewhere), then waits for the other calls in flight.
// Callers that need a bound call GRPC.Stop after a timeout.
func (s *Server) Drain() {
	s.Health.Shutdown()
	s.drain.Do(func() { close(s.h.draining) })
	s.GRPC.GracefulStop()
}

// handlers is what every service shares.
type handlers struct {
	cfg Config
	// draining is closed when the server starts to drain.
	draining chan struct{}
}
