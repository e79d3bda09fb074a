package viewstest

import (
	"testing"

	"github.com/claimledger/claimledger/domain/claim"
	"github.com/claimledger/claimledger/domain/reviewer"
)

// testAccessVersion checks what the token cache of the read side relies
// on: the access version moves once a reviewer or token change is applied,
// and not for claim events; and a token that authenticated (so is cached)
// is refused as soon as its revocation reaches the views.
func testAccessVersion(t *testing.T, open Opener) {
	f := newFixture(t, open)
	f.run(t, nil)
	ctx := t.Context()
	ana := f.register(t, "ana", reviewer.RoleReviewer)
	f.caughtUp(t)
	for range 2 { // the second call is answered from the cache
		if a, ok, err := f.qs.Authenticate(ctx, ana.Credential); err != nil || !ok || a.ID != "ana" {
			t.Fatalf("Authenticate(ana) = %+v, %v, %v", a, ok, err)
		}
	}

	before := f.views.AccessVersion()
	in := f.ingest(t, "ingest-0", Articles[1])
	f.vote(t, "ana", "v-1", in.ClaimIDs[0], claim.VerdictConfirm)
	f.caughtUp(t)
	if got := f.views.AccessVersion(); got != before {
		t.Errorf("claim events moved the access version from %d to %d", before, got)
	}

	f.register(t, "ben", reviewer.RoleReviewer)
	f.caughtUp(t)
	registered := f.views.AccessVersion()
	if registered == before {
		t.Error("a registration did not move the access version")
	}
	if _, err := f.cmds.RevokeToken(ctx, admin, "revoke-1", "ana", ana.TokenID, "test", nil); err != nil {
		t.Fatal(err)
	}
	f.caughtUp(t)
	if got := f.views.AccessVersion(); got == registered {
		t.Error("a revocation did not move the access version")
	}
	if a, ok, err := f.qs.Authenticate(ctx, ana.Credential); err != nil || ok {
		t.Errorf("revoked token: Authenticate = %+v, %v, %v; want refused", a, ok, err)
	}
}
