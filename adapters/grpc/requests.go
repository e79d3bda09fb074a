package grpcadapter

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/claimledger/claimledger/app"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// maxRequestIDChars is the request_id limit the proto documents.
const maxRequestIDChars = 128

// problems gathers every bad field of a request, so a caller fixes them all
// in one go; err is InvalidArgument naming each field, or nil.
type problems []string

func (p *problems) add(field, problem string) { *p = append(*p, field+": "+problem) }

func (p *problems) required(field, value string) {
	if value == "" {
		p.add(field, "required")
	}
}

func (p *problems) requestID(id string) {
	switch n := utf8.RuneCountInString(id); {
	case id == "":
		p.add("request_id", "required")
	case n > maxRequestIDChars:
		p.add("request_id", fmt.Sprintf("%d characters, at most %d", n, maxRequestIDChars))
	}
}

func (p problems) err() error {
	if len(p) == 0 {
		return nil
	}
	msg := p[0]
	for _, s := range p[1:] {
		msg += "; " + s
	}
	return status.Error(codes.InvalidArgument, msg)
}

// actor is the caller admit let in. A handler without one is a wiring bug
// (a method reached without the interceptors), never the caller's fault.
func actor(ctx context.Context) (app.Actor, error) {
	a, ok := actorFrom(ctx)
	if !ok {
		return app.Actor{}, errors.New("grpc: no authenticated actor in context")
	}
	return a, nil
}

// knownEnum refuses a number the proto does not define: the filter would
// otherwise silently match nothing.
func (p *problems) knownEnum(field string, n int32, names map[int32]string) {
	if _, ok := names[n]; !ok {
		p.add(field, fmt.Sprintf("unknown value %d", n))
	}
}

// sameStream detects a request_id reused for a call on another stream: the
// app answers a known request_id with the first call's result, whatever
// the new call asked.
func sameStream(got, want string) error {
	if got != "" && got != want {
		return status.Error(codes.AlreadyExists, "request_id: already used for a different request")
	}
	return nil
}
