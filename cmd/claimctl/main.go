// Command claimctl is the reviewers' client for ClaimLedger: ingest
// articles, review claims, read the audit trail, verify the hash chain and
// export verified claims. Each command lives in its own file and is listed
// in commands below.
//
// Conventions, as in etcdctl: data goes to stdout, messages and errors to
// stderr; exit codes are one table (exitcodes.go) that `claimctl --help`
// prints.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

// command is one subcommand. Its name may have several words ("claims
// list"); run gets the arguments after them and returns the exit code.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands lists every command in the order help shows them.
var commands = []command{
	{"ingest", "ingest article files, a directory of them, or stdin", remote(runIngest)},
	{"claims list", "list claims, filtered by status, kind, article or flag", remote(runClaimsList)},
	{"claims show", "show a claim's verification view", remote(runClaimsShow)},
	{"claims add", "add a claim the extractor missed", remote(runClaimsAdd)},
	{"claims correct", "editor: correct a claim's kind or span", remote(runClaimsCorrect)},
	{"claims matches", "list the claims of other articles suggested as the same claim", remote(runClaimsMatches)},
	{"claims accept-match", "accept a suggested match: link the two claims", remote(runClaimsAcceptMatch)},
	{"claims reject-match", "reject a suggested match for good", remote(runClaimsRejectMatch)},
	{"confirm", "vote that a claim is correct", remote(runConfirm)},
	{"dispute", "vote that a claim is wrong, with a reason code", remote(runDispute)},
	{"unverifiable", "vote that a claim cannot be checked", remote(runUnverifiable)},
	{"retract", "withdraw your vote on a claim", remote(runRetract)},
	{"reopen", "editor: send a decided claim back to review", remote(runReopen)},
	{"dismiss", "editor: mark a claim as not checkable", remote(runDismiss)},
	{"settle", "editor: decide a contested claim", remote(runSettle)},
	{"reextract", "editor: run the current extractor again, recording only what is new", remote(runReextract)},
	{"stats extraction", "the extractor measured by the desk's reviews", remote(runStatsExtraction)},
	{"history", "a claim's audit trail, every event with its hash", remote(runHistory)},
	{"audit verify", "verify the hash chain over the whole ledger", remote(runAuditVerify)},
	{"export", "stream claims as jsonl, csv or ClaimReview JSON-LD", remote(runExport)},
	{"watch", "follow the ledger's events live", remote(runWatch)},
	{"health", "check (or wait until) the server is serving", remote(runHealth)},
	{"admin reviewer add", "admin: register a reviewer and print their token once", remote(runReviewerAdd)},
	{"admin reviewer list", "admin: list reviewers", remote(runReviewerList)},
	{"admin token issue", "admin: issue another token to a reviewer", remote(runTokenIssue)},
	{"admin token revoke", "admin: revoke a token", remote(runTokenRevoke)},
	{"admin public-key", "print the key the server signs ledger checkpoints with", remote(runPublicKey)},
	{"admin backup", "admin: copy the whole ledger from the running server to a file", remote(runBackup)},
	{"extract", "extract checkable claims from an article file, offline", runExtract},
}

// aliases are other names users type for a command.
var aliases = map[string]string{
	"claim list": "claims list", "claim show": "claims show", "show": "claims show", "list": "claims list",
	"log": "history", "verify": "audit verify",
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	// Flags before the command name are the global ones:
	// `claimctl --addr host:port claims list`.
	var lead globals
	gfs := flag.NewFlagSet("claimctl", flag.ContinueOnError)
	gfs.SetOutput(io.Discard)
	lead.register(gfs)
	if err := gfs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			usage(stdout)
			return exitOK
		}
		fmt.Fprintf(stderr, "claimctl: %v\n", err)
		usage(stderr)
		return exitUsage
	}
	args = gfs.Args()
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	if args[0] == "help" {
		if len(args) > 1 { // `claimctl help claims list` is `claimctl claims list --help`
			return run(append(args[1:], "--help"), stdout, stderr)
		}
		usage(stdout)
		return exitOK
	}
	c, rest, ok := lookup(args)
	if !ok {
		group := strings.Join(args[:min(len(args), 2)], " ")
		if sub := subcommands(args); len(sub) > 0 {
			fmt.Fprintf(stderr, "claimctl %s: want one of: %s\n", group, strings.Join(sub, ", "))
			return exitUsage
		}
		fmt.Fprintf(stderr, "claimctl: unknown command %q\n", args[0])
		usage(stderr)
		return exitUsage
	}
	leadGlobals = lead
	return c.run(rest, stdout, stderr)
}

// leadGlobals are the global flags given before the command name; a
// command's own flag set starts from them.
var leadGlobals globals

// lookup finds the command named by the longest prefix of args.
func lookup(args []string) (command, []string, bool) {
	for n := min(3, len(args)); n > 0; n-- {
		name := strings.Join(args[:n], " ")
		if a, ok := aliases[name]; ok {
			name = a
		}
		for _, c := range commands {
			if c.name == name {
				return c, args[n:], true
			}
		}
	}
	return command{}, nil, false
}

// subcommands lists the commands under a group name ("claims", "admin
// token"), for a friendly error when the subcommand is missing.
func subcommands(args []string) []string {
	var out []string
	for n := min(2, len(args)); n > 0 && out == nil; n-- {
		prefix := strings.Join(args[:n], " ") + " "
		for _, c := range commands {
			if strings.HasPrefix(c.name, prefix) {
				out = append(out, strings.TrimPrefix(c.name, prefix))
			}
		}
	}
	return out
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: claimctl [global flags] <command> [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-20s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nglobal flags (before or after the command):")
	var g globals
	fs := flag.NewFlagSet("claimctl", flag.ContinueOnError)
	g.register(fs)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fmt.Fprintln(w, "\nOutput: -o table (default), json (the API's messages), jsonl (one per line), id (ids only, for scripts).")
	fmt.Fprintln(w, "Data goes to stdout; messages and errors to stderr.")
	writeExitCodes(w)
	fmt.Fprintln(w, "\nExample:\n  claimctl claims list --status extracted --flagged\n\nRun 'claimctl <command> --help' for a command's flags and an example.")
}

// remote adapts a command that talks to the server: it gets a context
// cancelled by Ctrl-C and a client built from the global flags.
func remote(f func(e *env, args []string) error) func(args []string, stdout, stderr io.Writer) int {
	return func(args []string, stdout, stderr io.Writer) int {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		defer stop()
		e := &env{ctx: ctx, stdout: stdout, stderr: stderr, getenv: os.Getenv, g: leadGlobals}
		defer e.close()
		err := f(e, args)
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return report(stderr, "claimctl "+e.name, err)
	}
}
