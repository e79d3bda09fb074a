package main

import (
	"errors"
	"fmt"
	"io"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The exit codes that are not a gRPC status.
const (
	exitOK       = 0
	exitFail     = 1 // a local error: a file, the network, a partial ingest
	exitUsage    = 2
	exitInternal = 11
	exitBroken   = 12 // audit verify found the hash chain broken
)

// exitCodes is the one table of exit codes: scripts branch on them, so
// they are part of the interface and printed by `claimctl --help`. Several
// gRPC codes share an exit code when a script would react to them the same
// way (retry later, fix the credentials, ...).
var exitCodes = []struct {
	exit    int
	codes   []codes.Code
	meaning string
}{
	{exitOK, nil, "success"},
	{exitFail, nil, "local error (file, network, some ingested files failed)"},
	{exitUsage, nil, "usage error (bad flag or argument)"},
	{3, []codes.Code{codes.InvalidArgument, codes.OutOfRange}, "the server refused the input (InvalidArgument, OutOfRange)"},
	{4, []codes.Code{codes.NotFound}, "no such claim, article, reviewer or token (NotFound)"},
	{5, []codes.Code{codes.AlreadyExists}, "already there: a live vote, a name, a reused --request-id (AlreadyExists)"},
	{6, []codes.Code{codes.Unauthenticated, codes.PermissionDenied}, "bad or missing token, or the role may not do this (Unauthenticated, PermissionDenied)"},
	{7, []codes.Code{codes.FailedPrecondition}, "the workflow does not allow it from the claim's status (FailedPrecondition)"},
	{8, []codes.Code{codes.Aborted}, "stale --expected-version: reload and decide again (Aborted)"},
	{9, []codes.Code{codes.Unavailable, codes.DeadlineExceeded, codes.Canceled}, "server unreachable, shutting down or too slow: retry (Unavailable, DeadlineExceeded, Canceled)"},
	{10, []codes.Code{codes.ResourceExhausted}, "rate or size limit: retry later or send less (ResourceExhausted)"},
	{exitInternal, nil, "server error or any other status (Internal, Unknown, Unimplemented, DataLoss)"},
	{exitBroken, nil, "audit verify: the hash chain is broken"},
}

// exitFor is the exit code of a gRPC status code.
func exitFor(c codes.Code) int {
	if c == codes.OK {
		return exitOK
	}
	for _, e := range exitCodes {
		for _, ec := range e.codes {
			if ec == c {
				return e.exit
			}
		}
	}
	return exitInternal
}

// usageError is a command line that cannot run: exit 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// exitError ends a command with a chosen code, its message already printed
// (or none needed).
type exitError struct {
	code int
	msg  string
}

func (e exitError) Error() string { return e.msg }

// report prints err for the command named cmd and returns its exit code.
func report(stderr io.Writer, cmd string, err error) int {
	if err == nil {
		return exitOK
	}
	var ue usageError
	var ee exitError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "%s: %s\nRun '%s --help' for usage.\n", cmd, ue.msg, cmd)
		return exitUsage
	case errors.As(err, &ee):
		if ee.msg != "" {
			fmt.Fprintf(stderr, "%s: %s\n", cmd, ee.msg)
		}
		return ee.code
	}
	var se interface{ GRPCStatus() *status.Status }
	if errors.As(err, &se) {
		s := se.GRPCStatus()
		fmt.Fprintf(stderr, "%s: %s (%s)\n", cmd, s.Message(), s.Code())
		if s.Code() == codes.Unauthenticated {
			fmt.Fprintln(stderr, "hint: pass --token or set CLAIMLEDGER_TOKEN; against a local server claimctl reads the admin token file (--admin-token-file)")
		}
		return exitFor(s.Code())
	}
	fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
	return exitFail
}

func writeExitCodes(w io.Writer) {
	fmt.Fprintln(w, "\nexit codes:")
	for _, e := range exitCodes {
		fmt.Fprintf(w, "  %2d  %s\n", e.exit, e.meaning)
	}
}

// grpcStatus finds the gRPC status inside err, if it is one.
func grpcStatus(err error) (*status.Status, bool) {
	var se interface{ GRPCStatus() *status.Status }
	if errors.As(err, &se) {
		return se.GRPCStatus(), true
	}
	return nil, false
}
