package grpcadapter

import (
	"context"
	"strings"
	"sync"
	"testing"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// rawCodec sends and receives wire bytes as they are, so a test can send
// what no generated client would: invalid UTF-8 in a string field, broken
// wire data.
type rawCodec struct{}

func (rawCodec) Name() string { return "proto" }

func (rawCodec) Marshal(v any) (mem.BufferSlice, error) {
	return mem.BufferSlice{mem.SliceBuffer(*v.(*[]byte))}, nil
}

func (rawCodec) Unmarshal(data mem.BufferSlice, v any) error {
	*v.(*[]byte) = data.Materialize()
	return nil
}

// wire builds a message of m's type with the given string fields set to raw
// bytes, by field name; a repeated field gets one element.
func wire(m proto.Message, fields ...string) []byte {
	var b []byte
	fds := m.ProtoReflect().Descriptor().Fields()
	for i := 0; i < len(fields); i += 2 {
		fd := fds.ByName(protoreflect.Name(fields[i]))
		b = protowire.AppendTag(b, fd.Number(), protowire.BytesType)
		b = protowire.AppendBytes(b, []byte(fields[i+1]))
	}
	return b
}

func rawUnary(ctx context.Context, f *fixture, method string, req []byte) error {
	var resp []byte
	return f.conn.Invoke(ctx, method, &req, &resp, grpc.ForceCodecV2(rawCodec{}))
}

func rawServerStream(ctx context.Context, f *fixture, method string, req []byte) error {
	desc := &grpc.StreamDesc{ServerStreams: true}
	s, err := f.conn.NewStream(ctx, desc, method, grpc.ForceCodecV2(rawCodec{}))
	if err != nil {
		return err
	}
	if err := s.SendMsg(&req); err != nil {
		return err
	}
	if err := s.CloseSend(); err != nil {
		return err
	}
	var resp []byte
	return s.RecvMsg(&resp)
}

// TestUndecodableRequest sends requests grpc-go cannot decode to the real
// server: each is INVALID_ARGUMENT naming the field (never INTERNAL), only
// after the caller is authenticated, has its log line, and writes nothing.
func TestUndecodableRequest(t *testing.T) {
	f := newFixture(t)
	in := f.ingest(t)
	claimID := in.GetClaims()[0].GetId()
	rev := f.as(f.reviewerCred)
	const bad = "Harbour \xff\xfe fares"
	before := f.head(t)
	for _, tc := range []struct {
		name, method string
		req          []byte
		stream       bool
		ctx          context.Context
		code         codes.Code
		msg          string
	}{
		{"title with invalid UTF-8", "/claimledger.v1.ArticleService/IngestArticle",
			wire(&pb.IngestArticleRequest{}, "request_id", "raw-1", "title", bad, "body", "Fares rose 4%."), false, rev,
			codes.InvalidArgument, "title: not valid UTF-8"},
		{"the same without a token", "/claimledger.v1.ArticleService/IngestArticle",
			wire(&pb.IngestArticleRequest{}, "request_id", "raw-1", "title", bad, "body", "Fares rose 4%."), false, context.Background(),
			codes.Unauthenticated, "missing bearer token"},
		{"an evidence url with invalid UTF-8", "/claimledger.v1.ClaimService/SubmitReview",
			wire(&pb.SubmitReviewRequest{}, "request_id", "raw-2", "claim_id", claimID, "evidence_urls", "https://x.example/\xc3"), false, rev,
			codes.InvalidArgument, "evidence_urls: not valid UTF-8"},
		{"broken wire data", "/claimledger.v1.ClaimService/GetClaim",
			[]byte{0x0a, 0x80}, false, rev,
			codes.InvalidArgument, "request: not a valid claimledger.v1.GetClaimRequest message"},
		{"a stream's request with invalid UTF-8", "/claimledger.v1.LedgerService/ExportClaims",
			wire(&pb.ExportClaimsRequest{}, "article_id", bad), true, rev,
			codes.InvalidArgument, "article_id: not valid UTF-8"},
	} {
		var err error
		if tc.stream {
			err = rawServerStream(tc.ctx, f, tc.method, tc.req)
		} else {
			err = rawUnary(tc.ctx, f, tc.method, tc.req)
		}
		st := status.Convert(err)
		if st.Code() != tc.code || !strings.Contains(st.Message(), tc.msg) {
			t.Errorf("%s: %v, want %v %q", tc.name, err, tc.code, tc.msg)
		}
		line := "method=" + tc.method + " code=" + tc.code.String()
		if !strings.Contains(f.logs.String(), line) {
			t.Errorf("%s: no log line with %q in\n%s", tc.name, line, f.logs)
		}
	}
	if after := f.head(t); after != before {
		t.Errorf("undecodable requests wrote: head %d → %d", before, after)
	}
	// The server goes on decoding good requests as before.
	if _, err := f.claims.GetClaim(rev, &pb.GetClaimRequest{Id: claimID}); err != nil {
		t.Errorf("GetClaim after undecodable requests: %v", err)
	}
	if n := syncMapLen(&f.srv.decoder.failed); n != 0 {
		t.Errorf("%d decoding failures left in the codec's table", n)
	}
}

// TestOversizeRequest_isLogged: grpc-go refuses a request over the size
// limit before any interceptor runs; the call still gets its log line.
func TestOversizeRequest_isLogged(t *testing.T) {
	f := newFixture(t)
	req := wire(&pb.IngestArticleRequest{}, "request_id", "big-1", "title", "Big", "body", strings.Repeat("a", 2<<20))
	err := rawUnary(f.as(f.reviewerCred), f, "/claimledger.v1.ArticleService/IngestArticle", req)
	if status.Code(err) != codes.ResourceExhausted {
		t.Fatalf("2 MiB request: %v, want RESOURCE_EXHAUSTED", err)
	}
	logs := f.logs.String()
	if !strings.Contains(logs, "method=/claimledger.v1.ArticleService/IngestArticle code=ResourceExhausted") ||
		!strings.Contains(logs, "refused_by_grpc=") {
		t.Errorf("no log line for the oversize request:\n%s", logs)
	}
}

func syncMapLen(m *sync.Map) int {
	n := 0
	m.Range(func(any, any) bool { n++; return true })
	return n
}

// TestUnknownMethod_isLogged: a method the server does not have is
// UNIMPLEMENTED, whoever asks, and has its log line.
func TestUnknownMethod_isLogged(t *testing.T) {
	f := newFixture(t)
	for _, method := range []string{"/claimledger.v1.ClaimService/DeleteEverything", "/no.such.Service/Call"} {
		for _, ctx := range []context.Context{context.Background(), f.as(f.reviewerCred)} {
			if err := rawUnary(ctx, f, method, nil); status.Code(err) != codes.Unimplemented {
				t.Errorf("%s: %v, want UNIMPLEMENTED", method, err)
			}
		}
		if line := "method=" + method + " code=Unimplemented"; !strings.Contains(f.logs.String(), line) {
			t.Errorf("no log line with %q", line)
		}
	}
}
