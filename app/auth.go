package app

import (
	"crypto/subtle"

	"github.com/claimledger/claimledger/domain/reviewer"
)

// hashMatches compares in constant time, so response timing says nothing
// about how much of a guessed secret was right.
func hashMatches(storedHash, secret string) bool {
	return subtle.ConstantTimeCompare([]byte(storedHash), []byte(reviewer.HashSecret(secret))) == 1
}
