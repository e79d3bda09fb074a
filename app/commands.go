package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/events"
)

// Store is what the command handlers need of the event log.
type Store interface {
	events.Store
	events.RequestFinder
	events.MultiAppender
}

// Commands handles every mutation: load the stream, decide, append.
type Commands struct {
	store  Store
	reg    *events.Registry
	policy claim.Policy
	now    func() time.Time
	locks  streamLocks
	states stateCache
	// reviews counts the votes recorded by this process, by verdict.
	reviews reviewCounter
	// Tracer, when set, gets a span per command and per append.
	Tracer Tracer
	// Extractor finds claims in ingested and re-extracted articles; set it
	// before the first command, never while commands run.
	Extractor Extractor
	// Matcher, when set, is the match index ingest suggests matches from
	// (the views); set it before the first command.
	Matcher MatchIndex
	// MatchWait bounds an ingest's wait for the views before it defers
	// its matching (0: DefaultMatchWait).
	MatchWait time.Duration
}

// NewCommands returns the command handlers. policy is validated here so no
// caller ever sees a bad policy as its own error.
func NewCommands(store Store, reg *events.Registry, policy claim.Policy) (*Commands, error) {
	if err := policy.Validate(); err != nil {
		return nil, fmt.Errorf("review policy: %w", err)
	}
	return &Commands{store: store, reg: reg, policy: policy, now: time.Now, Extractor: DefaultExtractor()}, nil
}

// Written is where a command's events landed.
type Written struct {
	StreamID string
	Version  uint64 // the stream's version after the command
	Position uint64 // the last position written
	Replayed bool   // a retry: the first result, nothing written
	// Claim is the claim as the command left it, for claim commands that
	// wrote (not for a replayed retry): answering with it needs no wait
	// for the views.
	Claim *ClaimView

	state      *streamState
	recordedAt time.Time
	// with is what the appends recorded together with the command's
	// stream wrote (see executeWith).
	with []events.AppendResult
}

// conflictRetries bounds how often a command without an expected version is
// decided again after another command won the race for its stream.
const conflictRetries = 5

// decision turns a stream's state into new events.
type decision func(st *streamState) ([]any, error)

// execute runs one command on one stream. With a request id, a retry returns
// the first result and records nothing, whatever deciding again would say
// now (the first attempt's vote is already there). With an expected version, a
// stale stream is a *events.ConcurrencyError; without one, the command is
// decided again on the fresh stream.
//
// The request id is looked up only when it can matter: the store refuses a
// recorded request id on append (answering with the first result when the
// content is the same), so a first attempt, the common case, costs no
// lookup; a retry is recognised there, or where its stale expected version
// or its decision fails.
func (c *Commands) execute(ctx context.Context, actor Actor, rq request, stream string, expected *uint64, decide decision) (Written, error) {
	return c.executeWith(ctx, actor, rq, stream, expected, decide, nil)
}

// alongside gives the appends to other streams that a command records in the
// same transaction as its own events, before them; retry says the previous
// attempt lost a race, so what the other streams hold may have changed.
type alongside func(retry bool) ([]events.AppendRequest, error)

// executeWith is execute recording with's appends together with the
// command's events: all of them or none.
func (c *Commands) executeWith(ctx context.Context, actor Actor, rq request, stream string, expected *uint64, decide decision, with alongside) (_ Written, err error) {
	ctx, end := start(c.Tracer, ctx, "command "+rq.op, Attr{AttrRequestID, rq.id}, Attr{AttrStream, stream})
	defer func() { end(err) }()
	key := requestKey(actor, rq.id)
	defer c.locks.lock(stream)()
	requestID := rq.id
	for attempt := 0; ; attempt++ {
		_, cached := c.states.get(stream)
		st, err := c.state(ctx, stream, attempt > 0)
		if err != nil {
			return Written{}, err
		}
		// The state this process cached is stale when another process
		// appended to the stream since (replicas on one database): a
		// refusal decided from it is decided again from the store.
		recheck := attempt == 0 && cached
		history, version := st.history, st.version
		if expected != nil && *expected != version && len(history) > 0 {
			if recheck {
				continue
			}
			return c.replayOr(ctx, key, rq, &events.ConcurrencyError{StreamID: stream, Expected: events.Exact(*expected), Current: version})
		}
		evs, err := decide(st)
		if err != nil {
			if recheck {
				continue
			}
			return c.replayOr(ctx, key, rq, err)
		}
		c.states.drop(stream) // until the append says what the stream is now
		req := events.AppendRequest{StreamID: stream, Expected: events.Exact(version), RequestID: key}
		for _, e := range evs {
			p, err := c.reg.Encode(e)
			if err != nil {
				return Written{}, err
			}
			p.Actor, p.CorrelationID, p.CausationID = actor.ID, requestID, rq.intent
			req.Events = append(req.Events, p)
		}
		res, others, err := c.tracedAppend(ctx, req, with, attempt > 0)
		switch {
		case err == nil && res.Replayed:
			// The same request, recorded with the same content.
			return written(res), nil
		case err == nil:
			next := st.extend(evs, res)
			c.states.put(stream, next)
			w := written(res)
			w.state, w.recordedAt, w.with = next, res.Events[len(res.Events)-1].RecordedAt, others
			return w, nil
		case errors.Is(err, events.ErrConcurrency) && expected == nil && attempt < conflictRetries:
			continue
		case errors.Is(err, events.ErrIdempotencyConflict) && key != "":
			// A retry (its events carry another time), or the same request
			// racing itself: answer with the recorded one.
			if w, ok, ferr := c.replay(ctx, key, rq); ferr != nil || ok {
				return w, ferr
			}
			return Written{}, fmt.Errorf("%w: %w", ErrRequestReused, err)
		default:
			return Written{}, err
		}
	}
}

// tracedAppend is append in a span of its own, with the size of the batch
// the store committed it in.
func (c *Commands) tracedAppend(ctx context.Context, req events.AppendRequest, with alongside, retry bool) (events.AppendResult, []events.AppendResult, error) {
	if c.Tracer == nil {
		return c.append(ctx, req, with, retry)
	}
	ctx, end := c.Tracer.Start(ctx, "append", Attr{AttrStream, req.StreamID}, Attr{AttrEvents, len(req.Events)})
	res, others, err := c.append(ctx, req, with, retry)
	end(err, Attr{AttrBatch, res.Batch}, Attr{AttrPosition, res.ToPosition}, Attr{AttrReplayed, res.Replayed})
	return res, others, err
}

// append records req, after with's appends when there are some.
func (c *Commands) append(ctx context.Context, req events.AppendRequest, with alongside, retry bool) (events.AppendResult, []events.AppendResult, error) {
	var others []events.AppendRequest
	if with != nil {
		var err error
		if others, err = with(retry); err != nil {
			return events.AppendResult{}, nil, err
		}
	}
	if len(others) == 0 {
		res, err := c.store.Append(ctx, req)
		return res, nil, err
	}
	all, err := c.store.AppendAll(ctx, append(slices.Clip(others), req))
	if err != nil {
		return events.AppendResult{}, nil, err
	}
	return all[len(all)-1], all[:len(all)-1], nil
}

// replayOr answers a command that cannot go on: with the first result if
// its request id is recorded (a retry), else with err.
func (c *Commands) replayOr(ctx context.Context, key string, rq request, err error) (Written, error) {
	if key != "" {
		if w, ok, ferr := c.replay(ctx, key, rq); ferr != nil || ok {
			return w, ferr
		}
	}
	return Written{}, err
}

// request identifies a command for idempotency: the caller's request id and
// the command's intent, a digest of what it asks for. The intent is recorded
// as the causation id of the events the command caused, so a retry is told
// apart from a different command that reuses the request id.
type request struct{ id, op, intent string }

// newRequest digests the operation and its arguments into the intent.
func newRequest(id, op string, args ...any) request {
	b, err := json.Marshal(append([]any{op}, args...))
	if err != nil {
		b = []byte(fmt.Sprint(op, args))
	}
	sum := sha256.Sum256(b)
	return request{id: id, op: op, intent: "cmd:" + hex.EncodeToString(sum[:16])}
}

// replay answers a request id already recorded: the first result for the
// same command, ErrRequestReused for another one.
func (c *Commands) replay(ctx context.Context, key string, rq request) (Written, bool, error) {
	res, ok, err := c.store.FindRequest(ctx, key)
	if err != nil || !ok {
		return Written{}, false, err
	}
	if len(res.Events) > 0 && res.Events[0].CausationID != rq.intent {
		return Written{}, true, fmt.Errorf("%w: %q was used for another command", ErrRequestReused, rq.id)
	}
	return written(res), true, nil
}

// requestKey scopes a request id to its caller, so two reviewers who pick
// the same id do not collide.
func requestKey(actor Actor, requestID string) string {
	if requestID == "" {
		return ""
	}
	return actor.ID + "/" + requestID
}

func written(res events.AppendResult) Written {
	return Written{StreamID: res.StreamID, Version: res.ToVersion, Position: res.ToPosition, Replayed: res.Replayed}
}

// load reads and decodes a whole stream.
func (c *Commands) load(ctx context.Context, stream string) ([]any, uint64, error) {
	st, err := c.state(ctx, stream, false)
	if err != nil {
		return nil, 0, err
	}
	return st.history, st.version, nil
}

// state is the stream as last written by this process, or as read from the
// store when fresh is set or it is not cached.
func (c *Commands) state(ctx context.Context, stream string, fresh bool) (*streamState, error) {
	if !fresh {
		if st, ok := c.states.get(stream); ok {
			return st, nil
		}
	}
	st, err := loadStream(ctx, c.store, c.reg, stream, 0)
	if err != nil {
		return nil, err
	}
	c.states.put(stream, st)
	return st, nil
}
