package extract

// Version names the extractor's rules. Every claim the ledger records says
// which version found it, so the desk can measure each version and
// re-extraction knows what a newer one adds. Bump it whenever a rule
// changes what Extract returns.
const Version = "2026.12.2"
