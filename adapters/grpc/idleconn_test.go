package grpcadapter

import (
	"context"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc/metadata"
)

// TestIdleConnections_areClosed: a client that connects and never sends the
// HTTP/2 preface, and one that completes the handshake and then makes no
// call, are both disconnected by the server, so idle connections cannot
// pile up (each costs memory and a file descriptor).
func TestIdleConnections_areClosed(t *testing.T) {
	f := newFixtureWith(t, func(c *Config) {
		// MaxConnectionIdle only asks a client to leave (GOAWAY); the
		// unanswered keepalive ping is what closes a client that stays.
		c.HandshakeTimeout, c.KeepaliveTime, c.MaxConnectionIdle = 300*time.Millisecond, 300*time.Millisecond, time.Minute
	})
	addr := f.conn.Target()
	const preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
	settings := []byte{0, 0, 0, 4, 0, 0, 0, 0, 0}
	for name, hello := range map[string][]byte{
		"silent":             nil,
		"handshake, no call": append([]byte(preface), settings...),
	} {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if hello != nil {
			if _, err := c.Write(hello); err != nil {
				t.Fatal(err)
			}
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		start := time.Now()
		_, err = io.Copy(io.Discard, c) // returns when the server closes
		c.Close()
		if err != nil {
			t.Errorf("%s connection: still open after %v: %v", name, time.Since(start).Round(time.Millisecond), err)
		}
	}
}

// TestHugeMetadata_refused: metadata of a megabyte is refused by the
// transport before any of it is looked at, and the server goes on.
func TestHugeMetadata_refused(t *testing.T) {
	f := newFixture(t)
	ctx := metadata.AppendToOutgoingContext(f.as(f.reviewerCred), "x-request-id", strings.Repeat("r", 1<<20))
	_, err := f.articles.ListArticles(ctx, &pb.ListArticlesRequest{})
	if err == nil {
		t.Fatal("a call with 1 MiB of metadata was served")
	}
	t.Logf("1 MiB of metadata: %v", err)
	if _, err := f.articles.ListArticles(f.as(f.reviewerCred), &pb.ListArticlesRequest{}); err != nil {
		t.Fatalf("an ordinary call after it: %v", err)
	}
}

// TestIdleConnections_watchSurvivesSilence: a WatchEvents stream that sees
// no event for several keepalive periods is kept (its client answers the
// pings, and a stream in flight is not idle), and gets the next event.
func TestIdleConnections_watchSurvivesSilence(t *testing.T) {
	f := newFixtureWith(t, func(c *Config) { c.KeepaliveTime, c.MaxConnectionIdle = 200*time.Millisecond, 200*time.Millisecond })
	head := f.head(t)
	ctx, cancel := context.WithTimeout(f.as(f.reviewerCred), 10*time.Second)
	defer cancel()
	stream, err := f.ledger.WatchEvents(ctx, &pb.WatchEventsRequest{AfterPosition: head})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond)
	f.ingest(t)
	res, err := stream.Recv()
	if err != nil || res.GetEvent().GetPosition() != head+1 {
		t.Fatalf("watch after 1.5 s of silence: %v %v, want position %d", res, err, head+1)
	}
}
