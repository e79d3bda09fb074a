package app

import (
	"sync"
	"sync/atomic"
)

// maxCachedTokens bounds the cache of authenticated tokens.
const maxCachedTokens = 10_000

// tokenCache remembers the tokens that authenticated, so a call does not
// read the views for its caller. Every entry belongs to one access version
// of the views: when a reviewer or a token changes (a revocation, a role),
// the version moves and the whole cache is forgotten, so the cache never
// answers what the views would not.
type tokenCache struct {
	mu      sync.Mutex
	version uint64
	m       map[string]cachedToken
	// hits and misses count the lookups, for the operator's metrics.
	hits, misses atomic.Uint64
}

// cachedToken is what a valid token resolves to; the secret is checked
// against the hash on every call.
type cachedToken struct {
	hash  string
	actor Actor
}

// get returns the token cached at version.
func (c *tokenCache) get(tokenID string, version uint64) (cachedToken, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		c.misses.Add(1)
		return cachedToken{}, false
	}
	t, ok := c.m[tokenID]
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return t, ok
}

// put caches what was read of the views at version. A version other than
// the cache's resets the cache to it; an entry read before a change that
// has since committed carries the old version and is never served.
func (c *tokenCache) put(tokenID string, version uint64, t cachedToken) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || c.m == nil || len(c.m) >= maxCachedTokens {
		if version < c.version {
			return // read before the latest change
		}
		c.version, c.m = version, map[string]cachedToken{}
	}
	c.m[tokenID] = t
}
