package tracing_test

import (
	"errors"
	"testing"

	"github.com/claimledger/claimledger/adapters/tracing"
	"github.com/claimledger/claimledger/app"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

func TestFromEnv_offWithoutAnEndpoint(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "")
	t.Setenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "")
	tr, err := tracing.FromEnv(t.Context())
	if err != nil || tr != nil {
		t.Errorf("FromEnv without an endpoint = %v, %v; want tracing off", tr, err)
	}
}

func TestStart_endRecordsAttributesAndTheError(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tr := tracing.New(sdktrace.WithSyncer(exp))
	ctx, end := tr.Start(t.Context(), "command review", app.Attr{Key: app.AttrRequestID, Value: "r-1"})
	_, endChild := tr.Start(ctx, "append")
	endChild(nil, app.Attr{Key: app.AttrBatch, Value: 7}, app.Attr{Key: app.AttrPosition, Value: uint64(42)}, app.Attr{Key: app.AttrReplayed, Value: false})
	end(errors.New("claim is confirmed"))
	spans := exp.GetSpans()
	if len(spans) != 2 {
		t.Fatalf("%d spans, want 2", len(spans))
	}
	child, parent := spans[0], spans[1]
	if child.Parent.SpanID() != parent.SpanContext.SpanID() {
		t.Error("append is not a child of the command")
	}
	got := map[string]string{}
	for _, kv := range append(child.Attributes, parent.Attributes...) {
		got[string(kv.Key)] = kv.Value.Emit()
	}
	want := map[string]string{app.AttrRequestID: "r-1", app.AttrBatch: "7", app.AttrPosition: "42", app.AttrReplayed: "false"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	if parent.Status.Code != codes.Error || parent.Status.Description != "claim is confirmed" || child.Status.Code == codes.Error {
		t.Errorf("statuses: command %v, append %v", parent.Status, child.Status)
	}
}
