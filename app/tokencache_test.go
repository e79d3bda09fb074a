package app

import "testing"

func TestTokenCache(t *testing.T) {
	var c tokenCache
	rita := cachedToken{hash: "h1", actor: Actor{ID: "rita", Role: "reviewer"}}
	if _, ok := c.get("t1", 0); ok {
		t.Fatal("an empty cache answered")
	}
	c.put("t1", 0, rita)
	if got, ok := c.get("t1", 0); !ok || got != rita {
		t.Fatalf("get at the same version = %v %v, want %v", got, ok, rita)
	}
	// A reviewer or token changed: nothing read before is served.
	if _, ok := c.get("t1", 1); ok {
		t.Error("an entry of version 0 was served at version 1")
	}
	// A reader that read the views before the change finishes late: its
	// entry must not land in the cache of the new version.
	c.put("t2", 1, cachedToken{hash: "h2", actor: Actor{ID: "ed"}})
	c.put("t1", 0, rita)
	if _, ok := c.get("t1", 1); ok {
		t.Error("a put of version 0 after version 1 was served")
	}
	if _, ok := c.get("t2", 1); !ok {
		t.Error("the entry of version 1 was lost to a late put of version 0")
	}
	// Every lookup above counted: two served from the cache, three not.
	if h, m := c.hits.Load(), c.misses.Load(); h != 2 || m != 3 {
		t.Errorf("hits, misses = %d, %d; want 2, 3", h, m)
	}
	// The cache stays bounded.
	for i := range maxCachedTokens + 5 {
		c.put(string(rune('a'+i%26))+string(rune(i)), 1, rita)
	}
	if n := len(c.m); n > maxCachedTokens {
		t.Errorf("cache holds %d entries, bound is %d", n, maxCachedTokens)
	}
}
