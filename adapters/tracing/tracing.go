// Package tracing traces claimsd with OpenTelemetry: every gRPC call
// (otelgrpc), and inside it the spans the app reports through app.Tracer
// (the command, the append with its batch size), plus one trace per event
// projected. Spans go out by OTLP when OTEL_EXPORTER_OTLP_ENDPOINT (or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set; otherwise tracing is off and
// nothing is installed at all.
package tracing

import (
	"context"
	"fmt"
	"os"

	"go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/grpc"

	"github.com/claimledger/claimledger/app"
)

// Tracing is one tracer provider and what claimsd hooks into it.
type Tracing struct {
	tp     *sdktrace.TracerProvider
	tracer trace.Tracer
}

var _ app.Tracer = (*Tracing)(nil)

// FromEnv returns OTLP tracing configured by the standard OTEL_* variables
// (endpoint, headers, TLS, sampler), or nil when no endpoint is set.
func FromEnv(ctx context.Context) (*Tracing, error) {
	if os.Getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == "" && os.Getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") == "" {
		return nil, nil
	}
	exp, err := otlptracegrpc.New(ctx)
	if err != nil {
		return nil, fmt.Errorf("otlp trace exporter: %w", err)
	}
	return New(sdktrace.WithBatcher(exp)), nil
}

// New builds tracing on the span processors and options given (an exporter
// through sdktrace.WithBatcher, or WithSyncer in tests).
func New(opts ...sdktrace.TracerProviderOption) *Tracing {
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(attribute.String("service.name", "claimsd")))
	if err != nil {
		res = resource.Default()
	}
	tp := sdktrace.NewTracerProvider(append([]sdktrace.TracerProviderOption{sdktrace.WithResource(res)}, opts...)...)
	return &Tracing{tp: tp, tracer: tp.Tracer("github.com/claimledger/claimledger")}
}

// ServerOption traces every call; a caller's W3C trace context is
// continued.
func (t *Tracing) ServerOption() grpc.ServerOption {
	return grpc.StatsHandler(otelgrpc.NewServerHandler(otelgrpc.WithTracerProvider(t.tp),
		otelgrpc.WithPropagators(propagation.TraceContext{})))
}

// Start implements app.Tracer.
func (t *Tracing) Start(ctx context.Context, name string, attrs ...app.Attr) (context.Context, func(error, ...app.Attr)) {
	ctx, span := t.tracer.Start(ctx, name, trace.WithAttributes(convert(attrs)...))
	return ctx, func(err error, attrs ...app.Attr) {
		span.SetAttributes(convert(attrs)...)
		if err != nil {
			span.RecordError(err)
			span.SetStatus(codes.Error, err.Error())
		}
		span.End()
	}
}

// Shutdown sends the spans still buffered.
func (t *Tracing) Shutdown(ctx context.Context) error { return t.tp.Shutdown(ctx) }

func convert(attrs []app.Attr) []attribute.KeyValue {
	kv := make([]attribute.KeyValue, 0, len(attrs))
	for _, a := range attrs {
		switch v := a.Value.(type) {
		case string:
			kv = append(kv, attribute.String(a.Key, v))
		case int:
			kv = append(kv, attribute.Int(a.Key, v))
		case uint64:
			kv = append(kv, attribute.Int64(a.Key, int64(v)))
		case bool:
			kv = append(kv, attribute.Bool(a.Key, v))
		default:
			kv = append(kv, attribute.String(a.Key, fmt.Sprint(v)))
		}
	}
	return kv
}
