package grpcadapter

import (
	"fmt"
	"sync"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// streamCap bounds the streams (WatchEvents, ExportClaims, reflection) one
// token has open at once. Each holds a page of the log on the server while
// its client is slow, so without a cap one token could open hundreds that
// never read and hold hundreds of MiB (300 did, in a probe).
type streamCap struct {
	max  int
	mu   sync.Mutex
	open map[string]int // token id → streams open
}

func newStreamCap(max int) *streamCap { return &streamCap{max: max, open: map[string]int{}} }

// acquire admits one more stream for tokenID, or refuses it with
// RESOURCE_EXHAUSTED; release must be called when the stream ends.
func (c *streamCap) acquire(tokenID string) (release func(), err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.open[tokenID] >= c.max {
		return nil, status.Error(codes.ResourceExhausted, fmt.Sprintf(
			"at most %d streams open at once with this token; close one (or wait for it to end) first", c.max))
	}
	c.open[tokenID]++
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.open[tokenID]--; c.open[tokenID] == 0 {
				delete(c.open, tokenID)
			}
		})
	}, nil
}
