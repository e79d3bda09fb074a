package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/claimledger/claimledger/adapters/export/viewexport"
	"github.com/claimledger/claimledger/adapters/web"
	"github.com/claimledger/claimledger/app"
)

// webServer serves the review desk's pages beside the gRPC API, on the same
// app layer, with the same TLS key pair.
type webServer struct {
	lis  net.Listener
	srv  *http.Server
	done chan struct{} // closed when Serve returned; nil while off
	err  error
}

// listen binds --http before anything is created on disk, as the gRPC
// listener is: a taken port fails the start cleanly.
func (w *webServer) listen(o options) error {
	if o.http == "" {
		return nil
	}
	lis, err := net.Listen("tcp", o.http)
	if err != nil {
		return fmt.Errorf("listen --http: %w", err)
	}
	w.lis = lis
	return nil
}

func (w *webServer) closeListener() {
	if w.lis != nil && w.srv == nil {
		w.lis.Close()
	}
}

// start serves the pages on the bound listener.
func (w *webServer) start(o options, cmds *app.Commands, qs *app.Queries, log *slog.Logger) error {
	if w.lis == nil {
		return nil
	}
	h, err := web.New(web.Config{Commands: cmds, Queries: qs, Exporter: viewexport.Exporter{}, Logger: log.With("component", "web"), TLS: o.tlsCert != ""})
	if err != nil {
		return fmt.Errorf("web pages: %w", err)
	}
	w.srv = &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute,
		IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	lis := w.lis
	if o.tlsCert != "" {
		cert, err := tls.LoadX509KeyPair(o.tlsCert, o.tlsKey)
		if err != nil {
			return fmt.Errorf("web pages: load tls key pair: %w", err)
		}
		lis = tls.NewListener(lis, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
	}
	w.done = make(chan struct{})
	go func() {
		defer close(w.done)
		if err := w.srv.Serve(lis); !errors.Is(err, http.ErrServerClosed) {
			w.err = err
		}
	}()
	scheme := "http"
	if o.tlsCert != "" {
		scheme = "https"
	}
	log.Info("review desk serving", "url", scheme+"://"+w.lis.Addr().String()+"/")
	return nil
}

// addr is the bound address, nil while off.
func (w *webServer) addr() net.Addr {
	if w.lis == nil {
		return nil
	}
	return w.lis.Addr()
}

// shutdown lets pages in flight finish, for at most drain, then closes
// what is left (live-update streams never finish by themselves).
func (w *webServer) shutdown(drain time.Duration) error {
	if w.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), drain)
	defer cancel()
	err := w.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		err = w.srv.Close()
	}
	<-w.done
	return err
}
