package grpcadapter

import (
	"context"
	"strings"
	"time"

	"github.com/claimledger/claimledger/app"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// publicPrefixes are the services a caller reaches without a token: load
// balancers and grpc-health-probe hold no credential. Reflection is not
// among them: it needs a token of any role (see permissions), so that a
// stranger on the network reaches health and nothing else.
var publicPrefixes = []string{
	"/grpc.health.v1.Health/",
}

func isPublic(method string) bool {
	for _, p := range publicPrefixes {
		if strings.HasPrefix(method, p) {
			return true
		}
	}
	return false
}

// The two answers a failed authentication gets. The second one covers
// unknown, malformed and revoked tokens alike, so a caller holding a guessed
// or stolen token learns nothing about it.
var (
	errMissingToken = status.Error(codes.Unauthenticated, "missing bearer token")
	errBadToken     = status.Error(codes.Unauthenticated, "invalid or revoked token")
)

type actorKey struct{}

// actorFrom is the authenticated caller of a call that admit let in.
func actorFrom(ctx context.Context) (app.Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(app.Actor)
	return a, ok
}

// admit authenticates the caller, checks that their role may make the call
// and that their token is within its rate limit; it returns the context
// handlers run in, carrying the actor.
func (ic *interceptors) admit(ctx context.Context, call *callInfo) (context.Context, error) {
	if isPublic(call.method) {
		return ctx, nil
	}
	cred, err := bearer(ctx)
	if err != nil {
		return nil, err
	}
	actor, ok, err := ic.queries.Authenticate(ctx, cred)
	if err != nil {
		return nil, err // a store failure, not the caller's: mapped to Internal and logged
	}
	if !ok {
		return nil, errBadToken
	}
	call.actor = actor.ID
	if err := authorize(call.method, actor.Role); err != nil {
		return nil, err
	}
	tokenID, _, _ := app.SplitCredential(cred)
	call.tokenID = tokenID
	quiet, suppressed, err := ic.limits.allow(tokenID, time.Now())
	if err != nil {
		call.quiet, call.suppressed = quiet, suppressed
		return nil, err
	}
	return context.WithValue(ctx, actorKey{}, actor), nil
}

// bearer reads the one "authorization: Bearer <credential>" header.
func bearer(ctx context.Context) (string, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	vals := md.Get("authorization")
	if len(vals) == 0 {
		return "", errMissingToken
	}
	if len(vals) > 1 {
		return "", errBadToken
	}
	scheme, cred, ok := strings.Cut(strings.TrimSpace(vals[0]), " ")
	cred = strings.TrimSpace(cred)
	if !ok || !strings.EqualFold(scheme, "bearer") || cred == "" {
		return "", errBadToken
	}
	return cred, nil
}
