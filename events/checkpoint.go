package events

import (
	"crypto/ed25519"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
)

// Signed checkpoints. The hash chain proves the rows agree with each
// other, but whoever holds the file can rewrite every row after a change
// and recompute every hash. A checkpoint is the head (position and hash)
// signed with a key kept apart from the log: a chain rewritten at or before
// a checkpoint's position no longer has the signed hash there, and the
// signature cannot be redone without the private key.

// TypeCheckpointSigned is the event that records a checkpoint, on the
// stream CheckpointStream.
const (
	TypeCheckpointSigned = "ledger.checkpoint_signed"
	CheckpointStream     = "ledger-checkpoints"
)

// Checkpoint is the payload of a TypeCheckpointSigned event.
type Checkpoint struct {
	// Position and Hash are the head that was signed (Hash in lower-case
	// hex); the event recording the checkpoint comes after it.
	Position uint64 `json:"position"`
	Hash     string `json:"hash"`
	// PublicKey (hex) names the key that signed, so a verifier can say
	// "signed by another key" rather than "forged".
	PublicKey string `json:"public_key"`
	// Signature is Ed25519 over CheckpointMessage(Position, Hash), hex.
	Signature string `json:"signature"`
}

// EventType implements Typed.
func (Checkpoint) EventType() string { return TypeCheckpointSigned }

// checkpointDomain separates these signatures from any other use of the key.
const checkpointDomain = "claimledger checkpoint v1\x00"

// CheckpointMessage is the byte string a checkpoint signs: a domain
// prefix, the position (8 bytes, big-endian) and the hash.
func CheckpointMessage(position uint64, hash []byte) []byte {
	b := make([]byte, 0, len(checkpointDomain)+8+len(hash))
	b = append(b, checkpointDomain...)
	b = binary.BigEndian.AppendUint64(b, position)
	return append(b, hash...)
}

// SignCheckpoint signs the head at position with hash.
func SignCheckpoint(key ed25519.PrivateKey, position uint64, hash []byte) Checkpoint {
	pub := key.Public().(ed25519.PublicKey)
	return Checkpoint{Position: position, Hash: hex.EncodeToString(hash), PublicKey: hex.EncodeToString(pub),
		Signature: hex.EncodeToString(ed25519.Sign(key, CheckpointMessage(position, hash)))}
}

// ErrCheckpoint marks a checkpoint that does not hold: signed by another
// key, a bad signature, or a log whose hash at the position differs.
var ErrCheckpoint = errors.New("checkpoint does not verify")

// Verify checks the signature with pub and that the log's hash at
// c.Position is logHash.
func (c Checkpoint) Verify(pub ed25519.PublicKey, logHash []byte) error {
	if c.PublicKey != hex.EncodeToString(pub) {
		return fmt.Errorf("%w: signed by another key (%.16s…)", ErrCheckpoint, c.PublicKey)
	}
	hash, err := hex.DecodeString(c.Hash)
	if err != nil || len(hash) != HashSize {
		return fmt.Errorf("%w: malformed hash", ErrCheckpoint)
	}
	sig, err := hex.DecodeString(c.Signature)
	if err != nil || !ed25519.Verify(pub, CheckpointMessage(c.Position, hash), sig) {
		return fmt.Errorf("%w: bad signature over position %d", ErrCheckpoint, c.Position)
	}
	if string(hash) != string(logHash) {
		return fmt.Errorf("%w: the log's hash at position %d is not the one signed: the chain was rewritten", ErrCheckpoint, c.Position)
	}
	return nil
}
