// Package match finds the same claim in different articles. It works on the
// extractor's normalized values (domain/extract) and its same-subject rule
// and tolerance, so a match and the same-subject check agree on what "the
// same figure for the same thing" is.
//
// Matching has two halves. Keys names the index buckets a claim is filed
// under and Lookup the buckets to search for a new claim: a kind, a unit or
// currency and a value bucket (or a subject word, or a speaker), so a lookup
// touches only claims that could match, whatever the size of the ledger.
// Score then compares two claims and says whether they are a candidate
// match, with the evidence, and whether they contradict each other (the same
// subject given values further apart than the tolerance).
//
// Everything here is a pure function of the two claims: matching is
// deterministic and needs nothing outside the standard library.
package match
