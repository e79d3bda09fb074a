package main

import (
	"strings"
	"testing"
)

// TestGoldenMatches: two follow-ups to the tram article are matched on
// ingest; the session lists, accepts and rejects the suggestions, finds the
// verdict elsewhere and the contradiction across articles, and a rejected
// pair cannot be accepted (exit 7). Both follow-ups are written for the
// tests.
func TestGoldenMatches(t *testing.T) {
	s := startServer(t, "--quorum", "1")
	adm := s.admin
	id := func(args ...string) string {
		return strings.TrimSpace(s.must(adm, args...))
	}
	tram := id("ingest", articleFile, "--published", "2026-03-10", "-o", "id")
	budget := id("claims", "list", "--article", tram, "--kind", "money", "-o", "id")
	s.must(adm, "confirm", budget, "--evidence", "https://riverton.example/budget")
	bank := id("ingest", "testdata/tram-bank.txt", "--published", "2026-03-13", "-o", "id")
	copyID := id("claims", "list", "--article", bank, "--kind", "money", "-o", "id")
	costs := id("ingest", "testdata/tram-costs.txt", "--published", "2026-03-14", "-o", "id")
	wrong := id("claims", "list", "--article", costs, "--kind", "money", "-o", "id")
	transcript(t, s, "matches.transcript", []step{
		{adm, []string{"claims", "list", "--has-suggestions"}, 0},
		{adm, []string{"claims", "matches", copyID}, 0},
		{adm, []string{"claims", "accept-match", copyID, budget, "--note", "the same budget", "--request-id", "acc-1"}, 0},
		{adm, []string{"claims", "accept-match", copyID, budget, "--note", "the same budget", "--request-id", "acc-1"}, 0},
		{adm, []string{"claims", "list", "--verdict-elsewhere", "confirmed"}, 0},
		{adm, []string{"claims", "list", "--cross-article"}, 0},
		{adm, []string{"claims", "matches", wrong, "-o", "jsonl"}, 0},
		{adm, []string{"claims", "reject-match", wrong, budget, "--note", "a wrong figure"}, 0},
		{adm, []string{"claims", "accept-match", wrong, budget}, 7},
		{adm, []string{"claims", "accept-match", wrong, wrong}, 3},
		{adm, []string{"claims", "accept-match", wrong}, 2},
		{adm, []string{"claims", "list", "--verdict-elsewhere", "nonsense"}, 2},
		{adm, []string{"claims", "matches", copyID, "-o", "id"}, 0},
	})
}
