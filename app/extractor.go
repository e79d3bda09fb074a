package app

import "github.com/claimledger/claimledger/domain/extract"

// Extractor is the claim extractor the commands run, and the version they
// record on what it finds. NewCommands sets the real one; a test sets
// another to ingest with weaker rules and re-extract with the real ones.
type Extractor struct {
	Version string
	Extract func(extract.Article) ([]extract.Claim, error)
}

// DefaultExtractor is domain/extract at its current version.
func DefaultExtractor() Extractor {
	return Extractor{Version: extract.Version, Extract: extract.Extract}
}
