package app

import "context"

// Tracer is the port the app reports its work through: a span for each
// command, each append and each event projected. app knows nothing of
// the tracing library behind it (adapters/tracing); without a Tracer
// nothing is started and nothing is paid.
type Tracer interface {
	// Start begins a span named name, a child of the span in ctx if any,
	// and returns the context carrying it. The caller must call end once,
	// with the error the work ended with (nil for success) and any
	// attributes learned meanwhile.
	Start(ctx context.Context, name string, attrs ...Attr) (_ context.Context, end func(err error, attrs ...Attr))
}

// Attr is one span attribute; Value is a string, an int, a uint64 or a
// bool.
type Attr struct {
	Key   string
	Value any
}

// Span attribute keys the app sets.
const (
	AttrRequestID = "claimledger.request_id"
	AttrStream    = "claimledger.stream"
	AttrBatch     = "claimledger.append.batch_size"
	AttrEvents    = "claimledger.append.events"
	AttrPosition  = "claimledger.position"
	AttrEventType = "claimledger.event_type"
	AttrReplayed  = "claimledger.replayed"
)

// start starts a span when there is a tracer.
func start(t Tracer, ctx context.Context, name string, attrs ...Attr) (context.Context, func(error, ...Attr)) {
	if t == nil {
		return ctx, noEnd
	}
	return t.Start(ctx, name, attrs...)
}

func noEnd(error, ...Attr) {}
