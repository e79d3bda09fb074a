package reviewer_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/domain/reviewer"
)

var families = []error{reviewer.ErrInvalid, reviewer.ErrNotRegistered, reviewer.ErrUnknownToken,
	reviewer.ErrTokenRevoked, reviewer.ErrTokenExists, reviewer.ErrHistory}

func wantFamily(t *testing.T, err, family error) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want %v", family)
	}
	for _, f := range families {
		if got, want := errors.Is(err, f), f == family; got != want {
			t.Errorf("errors.Is(%q, %v) = %v, want %v", err, f, got, want)
		}
	}
}

var (
	hash1 = reviewer.HashSecret("secret-1")
	hash2 = reviewer.HashSecret("secret-2")
)

// given registers alice (an editor), runs steps and returns her, rebuilt
// from the events as the app would.
func given(t *testing.T, steps ...func(*reviewer.Reviewer) ([]any, error)) *reviewer.Reviewer {
	t.Helper()
	history, err := reviewer.Register(reviewer.RegisterCommand{ReviewerID: "r-1", Name: "alice", Role: reviewer.RoleEditor, By: "root"})
	if err != nil {
		t.Fatalf("Register: %v", err)
	}
	r := rehydrate(t, history)
	for _, s := range steps {
		events, err := s(r)
		if err != nil {
			t.Fatalf("given: %v", err)
		}
		history = append(history, events...)
		r = rehydrate(t, history)
	}
	return r
}

func rehydrate(t *testing.T, events []any) *reviewer.Reviewer {
	t.Helper()
	r, err := reviewer.FromHistory(events)
	if err != nil {
		t.Fatalf("FromHistory: %v", err)
	}
	return r
}

func issue(id, hash string) func(*reviewer.Reviewer) ([]any, error) {
	return func(r *reviewer.Reviewer) ([]any, error) { return r.IssueToken(id, hash, "root") }
}

func revoke(id string) func(*reviewer.Reviewer) ([]any, error) {
	return func(r *reviewer.Reviewer) ([]any, error) { return r.RevokeToken(id, "root", "laptop lost") }
}

func TestRegister(t *testing.T) {
	r := given(t)
	if r.ID() != "r-1" || r.Name() != "alice" || r.Role() != reviewer.RoleEditor || r.Version() != 1 || len(r.Tokens()) != 0 {
		t.Errorf("registered %+v", r)
	}
}

func TestRegister_whenInvalid(t *testing.T) {
	for _, tt := range []struct {
		cmd  reviewer.RegisterCommand
		want string
	}{
		{reviewer.RegisterCommand{ReviewerID: "r-1", Name: "", Role: reviewer.RoleReviewer, By: "root"}, "name: required"},
		{reviewer.RegisterCommand{ReviewerID: "r-1", Name: strings.Repeat("a", 101), Role: reviewer.RoleReviewer, By: "root"}, "name: longer than 100"},
		{reviewer.RegisterCommand{ReviewerID: "r-1", Name: "alice smith", Role: reviewer.RoleReviewer, By: "root"}, "name: \"alice smith\": only ASCII"},
		{reviewer.RegisterCommand{ReviewerID: "r-1", Name: "аlice", Role: reviewer.RoleReviewer, By: "root"}, "only ASCII"}, // Cyrillic а
		{reviewer.RegisterCommand{ReviewerID: "r-1", Name: "alice", Role: "root", By: "root"}, `role: unknown role "root"`},
		{reviewer.RegisterCommand{ReviewerID: "", Name: "alice", Role: reviewer.RoleAdmin, By: "root"}, "reviewer_id: required"},
		{reviewer.RegisterCommand{ReviewerID: "r-1", Name: "alice", Role: reviewer.RoleAdmin}, "by: required"},
	} {
		_, err := reviewer.Register(tt.cmd)
		wantFamily(t, err, reviewer.ErrInvalid)
		if err != nil && !strings.Contains(err.Error(), tt.want) {
			t.Errorf("err = %q, want it to say %q", err, tt.want)
		}
	}
	if _, err := reviewer.Register(reviewer.RegisterCommand{ReviewerID: "r-1", Name: "A.b_c-9", Role: reviewer.RoleAuditor, By: "root"}); err != nil {
		t.Errorf("name with every allowed kind of character: %v", err)
	}
}

func TestReviewer_IssueToken(t *testing.T) {
	r := given(t, issue("t-1", hash1))
	events, err := r.IssueToken("t-2", hash2, "root")
	if err != nil {
		t.Fatalf("IssueToken: %v", err)
	}
	want := []any{reviewer.TokenIssued{TokenID: "t-2", ReviewerID: "r-1", TokenHash: hash2, By: "root"}}
	if !reflect.DeepEqual(events, want) {
		t.Fatalf("events = %+v, want %+v", events, want)
	}
	if strings.Contains(hash2, "secret-2") || len(hash2) != 64 {
		t.Errorf("HashSecret = %q", hash2)
	}
}

func TestReviewer_IssueToken_whenRefused(t *testing.T) {
	r := given(t, issue("t-1", hash1), revoke("t-1"))
	for _, tt := range []struct {
		name     string
		id, hash string
		family   error
	}{
		{"same id", "t-1", hash2, reviewer.ErrTokenExists},
		{"same secret", "t-2", hash1, reviewer.ErrTokenExists},
		{"no id", "", hash2, reviewer.ErrInvalid},
		{"upper-case hash", "t-2", strings.ToUpper(hash2), reviewer.ErrInvalid},
		{"short hash", "t-2", hash2[:63], reviewer.ErrInvalid},
		{"the secret itself", "t-2", "secret-2", reviewer.ErrInvalid},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := r.IssueToken(tt.id, tt.hash, "root")
			wantFamily(t, err, tt.family)
		})
	}
	_, err := new(reviewer.Reviewer).IssueToken("t-1", hash1, "root")
	wantFamily(t, err, reviewer.ErrNotRegistered)
}

func TestReviewer_RevokeToken(t *testing.T) {
	r := given(t, issue("t-1", hash1), issue("t-2", hash2), revoke("t-1"))
	want := []reviewer.Token{{ID: "t-1", Hash: hash1, Revoked: true}, {ID: "t-2", Hash: hash2}}
	if got := r.Tokens(); !reflect.DeepEqual(got, want) || r.Version() != 4 {
		t.Errorf("Tokens() = %+v at version %d, want %+v at 4", got, r.Version(), want)
	}
	_, err := r.RevokeToken("t-1", "root", "")
	wantFamily(t, err, reviewer.ErrTokenRevoked)
	_, err = r.RevokeToken("t-3", "root", "")
	wantFamily(t, err, reviewer.ErrUnknownToken)
	_, err = r.RevokeToken("t-2", "", "")
	wantFamily(t, err, reviewer.ErrInvalid)
	_, err = new(reviewer.Reviewer).RevokeToken("t-1", "root", "")
	wantFamily(t, err, reviewer.ErrNotRegistered)
}

func TestFromHistory_whenInconsistent(t *testing.T) {
	reg := reviewer.Registered{ReviewerID: "r-1", Name: "alice", Role: reviewer.RoleAdmin, By: "root"}
	issued := reviewer.TokenIssued{TokenID: "t-1", ReviewerID: "r-1", TokenHash: hash1, By: "root"}
	revoked := reviewer.TokenRevoked{TokenID: "t-1", By: "root"}
	for name, h := range map[string][]any{
		"empty":            nil,
		"not opened":       {issued},
		"registered twice": {reg, &reg},
		"issued twice":     {reg, issued, issued},
		"revoked unknown":  {reg, revoked},
		"revoked twice":    {reg, issued, revoked, revoked},
		"foreign event":    {reg, "token.issued"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := reviewer.FromHistory(h)
			wantFamily(t, err, reviewer.ErrHistory)
		})
	}
	if r, err := reviewer.FromHistory([]any{&reg, &issued, &revoked}); err != nil || !r.Tokens()[0].Revoked {
		t.Errorf("history of pointers: %v", err)
	}
}

func TestEvents(t *testing.T) {
	var names []string
	for _, e := range reviewer.Events() {
		names = append(names, e.(interface{ EventType() string }).EventType())
	}
	if want := []string{"reviewer.registered", "token.issued", "token.revoked"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Events() types = %v, want %v", names, want)
	}
}
