// Command claimctl is the reviewers' client for ClaimLedger. Each subcommand
// lives in its own file and registers itself in commands below.
//
// Conventions, as in etcdctl: data goes to stdout, errors to stderr, a usage
// error exits with 2 and any other failure with 1.
package main

import (
	"fmt"
	"io"
	"os"
)

// command is one subcommand. run gets the arguments after the subcommand's
// name and returns the process exit code.
type command struct {
	name    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

const (
	exitOK    = 0
	exitFail  = 1
	exitUsage = 2
)

var commands = []command{
	{name: "extract", summary: "extract checkable claims from an article file, offline", run: runExtract},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "claimctl: unknown command %q\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: claimctl <command> [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'claimctl <command> -h' for a command's flags.")
}
