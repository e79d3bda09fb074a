package main

import (
	"strings"
	"testing"

	"github.com/claimledger/claimledger/adapters/tracing"
	"github.com/claimledger/claimledger/app"
	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

func attr(s tracetest.SpanStub, key string) (attribute.Value, bool) {
	for _, kv := range s.Attributes {
		if string(kv.Key) == key {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

// TestTracing_reviewSpansNest: one SubmitReview gives a server span for
// the call with the request id, a command span under it, an append span
// under that with the batch size, and projection spans carrying the same
// request id.
func TestTracing_reviewSpansNest(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	dir := t.TempDir()
	o := testOptions(t, dir)
	o.tracing = tracing.New(sdktrace.WithSyncer(exp))
	ts := startServerOptions(t, dir, testLogger(t), o)
	alice := ts.register("alice", pb.Role_ROLE_REVIEWER)
	ing, err := ts.articles.IngestArticle(as(alice), &pb.IngestArticleRequest{RequestId: rid("ingest"), Title: railTitle, Body: railBody, Published: railPublished})
	if err != nil {
		t.Fatal(err)
	}
	exp.Reset()
	const requestID = "trace-me-1"
	res, err := ts.claims.SubmitReview(as(alice), &pb.SubmitReviewRequest{RequestId: requestID, ClaimId: ing.GetClaims()[0].GetId(), Verdict: pb.Verdict_VERDICT_CONFIRM})
	if err != nil {
		t.Fatal(err)
	}
	ts.waitViews(res.GetPosition())

	var call, command, appendSpan tracetest.SpanStub
	var projections []tracetest.SpanStub
	for _, s := range exp.GetSpans() {
		switch {
		case s.Name == "claimledger.v1.ClaimService/SubmitReview":
			call = s
		case s.Name == "command review":
			command = s
		case s.Name == "append":
			appendSpan = s
		case strings.HasPrefix(s.Name, "project "):
			if v, _ := attr(s, app.AttrRequestID); v.AsString() == requestID {
				projections = append(projections, s)
			}
		}
	}
	if !call.SpanContext.IsValid() || !command.SpanContext.IsValid() || !appendSpan.SpanContext.IsValid() {
		var names []string
		for _, s := range exp.GetSpans() {
			names = append(names, s.Name)
		}
		t.Fatalf("missing spans; have %v", names)
	}
	if command.Parent.SpanID() != call.SpanContext.SpanID() || appendSpan.Parent.SpanID() != command.SpanContext.SpanID() ||
		command.SpanContext.TraceID() != call.SpanContext.TraceID() || appendSpan.SpanContext.TraceID() != call.SpanContext.TraceID() {
		t.Errorf("spans do not nest call > command > append: call %v, command %v parent %v, append parent %v",
			call.SpanContext.SpanID(), command.SpanContext.SpanID(), command.Parent.SpanID(), appendSpan.Parent.SpanID())
	}
	for _, s := range []tracetest.SpanStub{call, command} {
		if v, ok := attr(s, app.AttrRequestID); !ok || v.AsString() != requestID {
			t.Errorf("span %q: request id %v, want %s", s.Name, v.Emit(), requestID)
		}
	}
	if v, ok := attr(appendSpan, app.AttrBatch); !ok || v.AsInt64() < 1 {
		t.Errorf("append span batch size = %v (%v), want at least 1", v.Emit(), ok)
	}
	if v, _ := attr(appendSpan, app.AttrPosition); uint64(v.AsInt64()) != res.GetPosition() {
		t.Errorf("append span position = %v, want %d", v.Emit(), res.GetPosition())
	}
	// A review records a vote and a status change: both are projected.
	if len(projections) != 2 {
		t.Errorf("%d projection spans carry the request id, want 2", len(projections))
	}
}
