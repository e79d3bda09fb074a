package main

import (
	"strings"
	"testing"
	"time"
)

// TestRateLimit_claimctlWaitsAndRetries: commands made faster than the
// token's rate limit are slowed down to it, not failed: claimctl waits the
// delay the server gives and retries.
func TestRateLimit_claimctlWaitsAndRetries(t *testing.T) {
	s := startServer(t, "--rate-limit", "4", "--rate-burst", "1")
	start := time.Now()
	for i := range 4 {
		if r := s.run(s.admin, "admin", "reviewer", "list"); r.code != 0 {
			t.Fatalf("command %d: exit %d\n%s", i+1, r.code, r.stderr)
		}
	}
	// One call at once, then one every 250 ms: three waits at least.
	if d := time.Since(start); d < 600*time.Millisecond {
		t.Errorf("4 commands at 4 a second with bursts of 1 took %v: the limit did not hold", d)
	}
	if !strings.Contains(s.logs.String(), "code=ResourceExhausted") {
		t.Errorf("the server refused nothing:\n%s", s.logs)
	}
}
