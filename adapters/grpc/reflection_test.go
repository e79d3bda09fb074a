package grpcadapter

import (
	"context"
	"io"
	"testing"

	"google.golang.org/grpc/codes"
	reflectionv1 "google.golang.org/grpc/reflection/grpc_reflection_v1"
	"google.golang.org/grpc/status"
)

// listServices asks the server's reflection service for its services.
func listServices(ctx context.Context, f *fixture) ([]string, error) {
	stream, err := reflectionv1.NewServerReflectionClient(f.conn).ServerReflectionInfo(ctx)
	if err != nil {
		return nil, err
	}
	defer stream.CloseSend()
	err = stream.Send(&reflectionv1.ServerReflectionRequest{
		MessageRequest: &reflectionv1.ServerReflectionRequest_ListServices{ListServices: "*"}})
	if err != nil && err != io.EOF { // io.EOF: the server ended the stream, Recv says why
		return nil, err
	}
	resp, err := stream.Recv()
	if err != nil {
		return nil, err
	}
	var names []string
	for _, s := range resp.GetListServicesResponse().GetService() {
		names = append(names, s.GetName())
	}
	return names, nil
}

// TestReflection_needsAToken: only health answers a caller without a
// token; reflection answers any role.
func TestReflection_needsAToken(t *testing.T) {
	f := newFixture(t)
	if names, err := listServices(context.Background(), f); status.Code(err) != codes.Unauthenticated {
		t.Errorf("reflection without a token: %v %v, want UNAUTHENTICATED", names, err)
	}
	for role, cred := range map[string]string{"reviewer": f.reviewerCred, "auditor": f.auditorCred} {
		names, err := listServices(f.as(cred), f)
		found := false
		for _, n := range names {
			found = found || n == "claimledger.v1.ClaimService"
		}
		if err != nil || !found {
			t.Errorf("reflection as %s: %v %v, want the services listed", role, names, err)
		}
	}
}
