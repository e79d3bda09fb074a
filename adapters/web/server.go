package web

import (
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"github.com/claimledger/claimledger/app"
)

// Config is what the pages run on.
type Config struct {
	Commands *app.Commands
	Queries  *app.Queries
	// Exporter renders the Export page's downloads (adapters/export's
	// viewexport in claimsd).
	Exporter app.Exporter
	Logger   *slog.Logger
	// TLS says the pages are served over HTTPS: cookies are then Secure.
	TLS bool
	// SessionTTL bounds a session's life however active it is (default 12h,
	// a working day).
	SessionTTL time.Duration
	// Now is the clock (default time.Now), for tests of expiry.
	Now func() time.Time
}

func (c *Config) setDefaults() {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.SessionTTL == 0 {
		c.SessionTTL = 12 * time.Hour
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Validate joins every problem with c.
func (c Config) Validate() error {
	var errs []error
	if c.Commands == nil {
		errs = append(errs, errors.New("web: Commands is required"))
	}
	if c.Queries == nil {
		errs = append(errs, errors.New("web: Queries is required"))
	}
	if c.Exporter == nil {
		errs = append(errs, errors.New("web: Exporter is required"))
	}
	if c.SessionTTL < 0 {
		errs = append(errs, errors.New("web: SessionTTL must not be negative"))
	}
	return errors.Join(errs...)
}

// Server is the review desk's HTTP handler.
type Server struct {
	cfg      Config
	cmds     *app.Commands
	qs       *app.Queries
	log      *slog.Logger
	sessions *sessions
	pages    *pages
	mux      *http.ServeMux
	livePing time.Duration
}

// New builds the handler; serve it with net/http.
func New(cfg Config) (*Server, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, cmds: cfg.Commands, qs: cfg.Queries, log: cfg.Logger,
		sessions: newSessions(cfg.SessionTTL), pages: p, mux: http.NewServeMux(), livePing: livePing}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	static, _ := fs.Sub(assets, "static")
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	s.mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/queue", http.StatusSeeOther) })
	s.mux.HandleFunc("GET /signin", s.signinPage)
	s.mux.HandleFunc("POST /signin", s.signin)
	s.mux.HandleFunc("POST /signout", s.signout)

	s.mux.Handle("GET /queue", s.page(app.OpListClaims, s.queue))
	s.mux.Handle("GET /articles/{id}", s.page(app.OpGetArticle, s.article))
	s.mux.Handle("GET /ingest", s.page(app.OpIngestArticle, s.ingestPage))
	s.mux.Handle("POST /ingest", s.page(app.OpIngestArticle, s.ingest))
	s.mux.Handle("GET /claims/{id}", s.page(app.OpGetClaim, s.claim))
	s.mux.Handle("POST /claims/{id}/review", s.page(app.OpSubmitReview, s.review))
	s.mux.Handle("POST /claims/{id}/retract", s.page(app.OpRetractReview, s.retract))
	s.mux.Handle("POST /claims/{id}/reopen", s.page(app.OpReopenClaim, s.reopen))
	s.mux.Handle("POST /claims/{id}/dismiss", s.page(app.OpDismissClaim, s.dismiss))
	s.mux.Handle("POST /claims/{id}/settle", s.page(app.OpSettleClaim, s.settle))
	s.mux.Handle("GET /claims/{id}/history", s.page(app.OpGetClaimHistory, s.history))
	s.mux.Handle("GET /export", s.page(app.OpExportClaims, s.exportPage))
	s.mux.Handle("GET /export/file", s.page(app.OpExportClaims, s.download))
	s.mux.Handle("GET /live", s.page(app.OpWatchEvents, s.live))
	s.mux.Handle("GET /admin", s.page(app.OpListReviewers, s.admin))
	s.mux.Handle("POST /admin/reviewers", s.page(app.OpRegisterReviewer, s.register))
	s.mux.Handle("POST /admin/reviewers/{id}/tokens", s.page(app.OpIssueToken, s.issue))
	s.mux.Handle("POST /admin/reviewers/{id}/tokens/{token}/revoke", s.page(app.OpRevokeToken, s.revoke))
}

// ServeHTTP serves every page with the security headers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	secure(s.mux).ServeHTTP(w, r)
}
