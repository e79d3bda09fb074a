package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/codes"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

func runHistory(e *env, args []string) error {
	fs := e.flags("history", "history ID [-o table|json|jsonl]",
		"Prints a claim's audit trail: every event of its stream, oldest first, with its global position,\n"+
			"version, type, actor, time and hash (auditor or admin role). -o json prints the events exactly as\n"+
			"stored, payload included, so their hashes can be recomputed.",
		"claimctl history 3f2a9c0d1e4b5a69-02")
	out := output(fs, "table", "json", "jsonl")
	pos, err := e.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	ctx, cancel := e.call()
	defer cancel()
	res, err := pb.NewLedgerServiceClient(conn).GetClaimHistory(ctx, &pb.GetClaimHistoryRequest{ClaimId: pos[0]})
	if err != nil {
		return err
	}
	switch out.value {
	case "json":
		return writeJSON(e.stdout, res)
	case "jsonl":
		for _, ev := range res.GetEvents() {
			if err := writeJSONL(e.stdout, ev); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "POSITION\tVERSION\tTYPE\tACTOR\tRECORDED\tHASH")
	for _, ev := range res.GetEvents() {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\n", ev.GetPosition(), ev.GetVersion(), ev.GetType(), ev.GetActor(),
			when(ev.GetRecordedAt()), ev.GetHash())
	}
	return tw.Flush()
}

func runAuditVerify(e *env, args []string) error {
	fs := e.flags("audit verify", "audit verify [--from POSITION] [--to POSITION] [--public-key FILE] [-o table|json]",
		"Recomputes the hash chain over the ledger (auditor or admin role). Exits 0 when every event verifies,\n"+
			"and 12 naming the first bad position when an event was changed, deleted, inserted or reordered.\n"+
			"--from the position after the last one verifies an empty range (0 events, exit 0), so a script can\n"+
			"continue from where it stopped; a --from beyond that is refused (exit 3), never reported as tampering.\n"+
			"With --public-key (the PEM file `claimctl admin public-key` wrote), every signed checkpoint is checked\n"+
			"too: a chain rewritten up to a checkpoint fails (exit 12) even when its hashes agree with each other.",
		"claimctl audit verify --public-key ledger.pub")
	from := fs.Uint64("from", 0, "first position (0: the start)")
	to := fs.Uint64("to", 0, "last position (0: the end of the log now)")
	pubFile := fs.String("public-key", "", "PEM public key to check the signed checkpoints with")
	out := output(fs, "table", "json")
	if _, err := e.parse(fs, args, 0, 0); err != nil {
		return err
	}
	var pub []byte
	if *pubFile != "" {
		var err error
		if pub, err = readPublicKey(*pubFile); err != nil {
			return err
		}
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	// A long ledger takes longer than one ordinary call to verify.
	ctx, cancel := context.WithTimeout(e.ctx, max(e.g.timeout, 10*time.Minute))
	defer cancel()
	res, err := pb.NewLedgerServiceClient(conn).VerifyLedger(ctx, &pb.VerifyLedgerRequest{From: *from, To: *to, PublicKey: pub})
	if err != nil {
		return err
	}
	if out.value == "json" {
		err = writeJSON(e.stdout, res)
	} else if res.GetOk() {
		_, err = fmt.Fprintf(e.stdout, "ok: %d events verified, the hash chain is intact\n", res.GetChecked())
		if err == nil && pub != nil {
			_, err = fmt.Fprintf(e.stdout, "ok: %d signed checkpoints verified, the log is as signed up to position %d\n",
				res.GetCheckpointsVerified(), res.GetLastSignedPosition())
		}
		if err == nil && res.GetLastHash() != "" {
			_, err = fmt.Fprintf(e.stdout, "last hash: %s\n", res.GetLastHash())
		}
	} else {
		_, err = fmt.Fprintf(e.stdout, "BROKEN at position %d: %s (%d events checked)\n", res.GetFirstBadPosition(), res.GetReason(), res.GetChecked())
	}
	if err != nil {
		return err
	}
	if !res.GetOk() {
		return exitError{exitBroken, fmt.Sprintf("hash chain broken at position %d: %s", res.GetFirstBadPosition(), res.GetReason())}
	}
	return nil
}

func runWatch(e *env, args []string) error {
	fs := e.flags("watch", "watch [--from POSITION] [--count N] [-o table|jsonl|json]",
		"Prints the ledger's events after POSITION, then follows new ones live until Ctrl-C (or --count).\n"+
			"To resume after a disconnect, pass the last position printed as --from.",
		"claimctl watch --from 120 -o jsonl")
	from := fs.Uint64("from", 0, "print the events after this position (0: from the start)")
	count := fs.Int("count", 0, "stop after this many events (0: follow until interrupted)")
	out := output(fs, "table", "jsonl", "json")
	if _, err := e.parse(fs, args, 0, 0); err != nil {
		return err
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	stream, err := pb.NewLedgerServiceClient(conn).WatchEvents(ctx, &pb.WatchEventsRequest{AfterPosition: *from})
	if err != nil {
		return err
	}
	if out.value == "table" {
		fmt.Fprintf(e.stdout, "%-8s  %-20s  %-36s  %-4s  %-22s  %s\n", "POSITION", "RECORDED", "STREAM", "VER", "TYPE", "ACTOR")
	}
	for n := 0; *count == 0 || n < *count; n++ {
		res, err := stream.Recv()
		if err != nil {
			if e.ctx.Err() != nil || errors.Is(err, io.EOF) || status.Code(err) == codes.Canceled && e.ctx.Err() != nil {
				return nil // Ctrl-C is how a watch ends
			}
			return err
		}
		ev := res.GetEvent()
		switch out.value {
		case "table":
			_, err = fmt.Fprintf(e.stdout, "%-8d  %-20s  %-36s  %-4d  %-22s  %s\n", ev.GetPosition(), when(ev.GetRecordedAt()),
				ev.GetStreamId(), ev.GetVersion(), ev.GetType(), ev.GetActor())
		case "json":
			err = writeJSON(e.stdout, ev)
		default:
			err = writeJSONL(e.stdout, ev)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func runHealth(e *env, args []string) error {
	fs := e.flags("health", "health [--wait DURATION]",
		"Checks that the server is serving (no token needed). With --wait, retries until it is or the time is up:\n"+
			"scripts start claimsd in the background and wait for it with this.",
		"claimctl health --wait 30s")
	wait := fs.Duration("wait", 0, "keep trying this long (0: one try)")
	if _, err := e.parse(fs, args, 0, 0); err != nil {
		return err
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	deadline := time.Now().Add(*wait)
	for {
		ctx, cancel := context.WithTimeout(e.ctx, min(e.g.timeout, 5*time.Second))
		res, err := healthpb.NewHealthClient(conn).Check(ctx, &healthpb.HealthCheckRequest{})
		cancel()
		if err == nil && res.GetStatus() == healthpb.HealthCheckResponse_SERVING {
			_, err = fmt.Fprintf(e.stdout, "serving at %s\n", e.addr())
			return err
		}
		if err == nil {
			err = status.Errorf(codes.Unavailable, "health: %s", res.GetStatus())
		}
		if time.Now().After(deadline) || e.ctx.Err() != nil {
			return err
		}
		select {
		case <-time.After(200 * time.Millisecond):
		case <-e.ctx.Done():
			return err
		}
	}
}
