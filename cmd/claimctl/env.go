package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
)

const (
	defaultAddr           = "127.0.0.1:50051"
	defaultAdminTokenFile = "admin.token" // claimsd writes it beside its --db
)

// globals are the connection flags every remote command takes.
type globals struct {
	addr           string
	token          string
	adminTokenFile string
	tls            bool
	caCert         string
	timeout        time.Duration
}

func (g *globals) register(fs *flag.FlagSet) {
	if g.timeout == 0 {
		g.timeout = 30 * time.Second
	}
	fs.StringVar(&g.addr, "addr", g.addr, "server address host:port (default $CLAIMLEDGER_ADDR, else "+defaultAddr+")")
	fs.StringVar(&g.token, "token", g.token, "bearer token (default $CLAIMLEDGER_TOKEN, else the admin token file of a local server)")
	fs.StringVar(&g.adminTokenFile, "admin-token-file", g.adminTokenFile, "admin token file used on a loopback address without a token (default $CLAIMLEDGER_ADMIN_TOKEN_FILE, else ./"+defaultAdminTokenFile+")")
	fs.BoolVar(&g.tls, "tls", g.tls, "use TLS (system roots, or --ca-cert)")
	fs.StringVar(&g.caCert, "ca-cert", g.caCert, "PEM CA certificate to verify the server with; implies --tls")
	fs.DurationVar(&g.timeout, "timeout", g.timeout, "deadline of each call (streams: export and watch have none)")
}

// env is what a remote command runs with.
type env struct {
	ctx            context.Context
	stdout, stderr io.Writer
	getenv         func(string) string
	g              globals
	name           string // the command's name, for messages
	conn           *grpc.ClientConn
}

// flags starts a command's flag set with the global flags, usage line and
// example; help goes to stdout when asked for, errors to stderr.
func (e *env) flags(name, synopsis, about, example string) *flag.FlagSet {
	e.name = name
	fs := flag.NewFlagSet("claimctl "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	e.g.register(fs)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "usage: claimctl %s\n\n%s\n\nExample:\n  %s\n\nFlags:\n", synopsis, about, strings.ReplaceAll(example, "\n", "\n  "))
		fs.PrintDefaults()
	}
	return fs
}

// parse parses flags that may come before, between or after the
// positional arguments, and checks their number.
func (e *env) parse(fs *flag.FlagSet, args []string, minArgs, maxArgs int) ([]string, error) {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(e.stdout)
			fs.Usage()
			return nil, flag.ErrHelp
		}
		if a == "--" {
			break
		}
	}
	fs.SetOutput(io.Discard) // report prints the error once, with the hint
	pos, err := parseInterspersed(fs, args)
	fs.SetOutput(e.stderr)
	if err != nil {
		return nil, usageError{err.Error()}
	}
	if len(pos) < minArgs || (maxArgs >= 0 && len(pos) > maxArgs) {
		switch {
		case minArgs == maxArgs && minArgs == 0:
			return nil, usagef("takes no arguments, got %q", pos)
		case minArgs == maxArgs:
			return nil, usagef("want %d argument(s), got %d", minArgs, len(pos))
		default:
			return nil, usagef("want at least %d argument(s), got %d", minArgs, len(pos))
		}
	}
	return pos, nil
}

// addr is the server address: --addr, $CLAIMLEDGER_ADDR, the default.
func (e *env) addr() string {
	for _, a := range []string{e.g.addr, e.getenv("CLAIMLEDGER_ADDR")} {
		if a != "" {
			return a
		}
	}
	return defaultAddr
}

// token is the bearer token: --token, $CLAIMLEDGER_TOKEN, then, only for a
// loopback server, the admin token file claimsd wrote. The file is never
// read for a remote address: an admin credential must not leave the
// machine by accident.
func (e *env) token() (string, error) {
	if e.g.token != "" {
		return e.g.token, nil
	}
	if t := e.getenv("CLAIMLEDGER_TOKEN"); t != "" {
		return t, nil
	}
	if !isLoopback(e.addr()) {
		return "", nil
	}
	path := e.g.adminTokenFile
	explicit := path != ""
	if path == "" {
		path = e.getenv("CLAIMLEDGER_ADMIN_TOKEN_FILE")
		explicit = path != ""
	}
	if path == "" {
		path = defaultAdminTokenFile
	}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) && !explicit {
		return "", nil // no token; the server says Unauthenticated, with a hint
	}
	if err != nil {
		return "", fmt.Errorf("admin token file: %w", err)
	}
	return strings.TrimSpace(string(b)), nil
}

func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// maxResponseBytes bounds a response claimctl accepts. The largest is an
// ingest's: up to 10,000 claims, each with its sentence and its article's
// title and URL.
const maxResponseBytes = 64 << 20

// client dials the server once per command; the connection is lazy, so a
// wrong address shows up as Unavailable on the first call.
func (e *env) client() (*grpc.ClientConn, error) {
	if e.conn != nil {
		return e.conn, nil
	}
	tok, err := e.token()
	if err != nil {
		return nil, err
	}
	var opts []grpc.DialOption
	if e.g.tls || e.g.caCert != "" {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12}
		if e.g.caCert != "" {
			pem, err := os.ReadFile(e.g.caCert)
			if err != nil {
				return nil, fmt.Errorf("ca cert: %w", err)
			}
			cfg.RootCAs = x509.NewCertPool()
			if !cfg.RootCAs.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("ca cert %s: no PEM certificate in it", e.g.caCert)
			}
		}
		opts = append(opts, grpc.WithTransportCredentials(credentials.NewTLS(cfg)))
	} else {
		if tok != "" && !isLoopback(e.addr()) {
			fmt.Fprintf(e.stderr, "warning: sending the token to %s without TLS; use --tls\n", e.addr())
		}
		opts = append(opts, grpc.WithTransportCredentials(insecure.NewCredentials()))
	}
	if tok != "" {
		opts = append(opts, grpc.WithPerRPCCredentials(bearer(tok)))
	}
	opts = append(opts, grpc.WithChainUnaryInterceptor(retryRateLimited),
		// An ingest answers with every claim of the article: a list of
		// thousands of figures is well past gRPC's default 4 MiB.
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(maxResponseBytes)))
	e.conn, err = grpc.NewClient(e.addr(), opts...)
	if err != nil {
		return nil, fmt.Errorf("connect %s: %w", e.addr(), err)
	}
	return e.conn, nil
}

func (e *env) close() {
	if e.conn != nil {
		e.conn.Close()
	}
}

// call is the context of one unary call: the command's, with --timeout.
func (e *env) call() (context.Context, context.CancelFunc) {
	return context.WithTimeout(e.ctx, e.g.timeout)
}

// bearer sends the token as "authorization: Bearer <token>" on every call.
type bearer string

func (b bearer) GetRequestMetadata(context.Context, ...string) (map[string]string, error) {
	return map[string]string{"authorization": "Bearer " + string(b)}, nil
}

// RequireTransportSecurity is false so that a loopback server works
// without TLS; client warns when a token would cross the network in clear.
func (bearer) RequireTransportSecurity() bool { return false }

// isTerminal reports whether w is a terminal, for colours and progress bars.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
