package events_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"strings"
	"testing"

	"github.com/claimledger/claimledger/events"
)

func TestCheckpoint_Verify(t *testing.T) {
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	hash := sha256.Sum256([]byte("head"))
	cp := events.SignCheckpoint(key, 42, hash[:])
	if err := cp.Verify(pub, hash[:]); err != nil {
		t.Fatalf("a fresh checkpoint does not verify: %v", err)
	}
	other := sha256.Sum256([]byte("rewritten"))
	forged := cp
	forged.Position = 43 // the signature covers the position
	badSig := cp
	badSig.Signature = strings.Repeat("0", len(cp.Signature))
	otherPub, _, _ := ed25519.GenerateKey(rand.Reader)
	for name, c := range map[string]struct {
		cp      events.Checkpoint
		pub     ed25519.PublicKey
		logHash []byte
		want    string
	}{
		"chain rewritten":    {cp, pub, other[:], "rewritten"},
		"position changed":   {forged, pub, hash[:], "bad signature"},
		"signature replaced": {badSig, pub, hash[:], "bad signature"},
		"another key":        {cp, otherPub, hash[:], "another key"},
	} {
		err := c.cp.Verify(c.pub, c.logHash)
		if !errors.Is(err, events.ErrCheckpoint) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want ErrCheckpoint saying %q", name, err, c.want)
		}
	}
}
