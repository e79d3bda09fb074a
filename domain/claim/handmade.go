package claim

// Added opens a claim's stream for a claim a reviewer found that the
// extractor missed. It carries what Extracted does but no extractor's
// value or checks: a person read it, nothing normalized it.
type Added struct {
	ClaimID   ID     `json:"claim_id"`
	ArticleID string `json:"article_id"`
	Kind      string `json:"kind"`
	Text      string `json:"text"`
	Part      string `json:"part"` // "title" or "body": what Start and End index
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Sentence  string `json:"sentence,omitempty"`
	By        string `json:"by"`
	Note      string `json:"note,omitempty"`
}

// Corrected changes a claim's kind or span. An editor corrects by hand (By
// set, ExtractorVersion empty); a re-extraction corrects a claim nobody has
// reviewed (ExtractorVersion set). The From fields keep what was replaced,
// so a history reads without folding the stream.
type Corrected struct {
	By               string         `json:"by"`
	ExtractorVersion string         `json:"extractor_version,omitempty"`
	Kind             string         `json:"kind"`
	Text             string         `json:"text"`
	Part             string         `json:"part"`
	Start            int            `json:"start"`
	End              int            `json:"end"`
	Sentence         string         `json:"sentence,omitempty"`
	Normalized       map[string]any `json:"normalized,omitempty"`
	FromKind         string         `json:"from_kind"`
	FromText         string         `json:"from_text"`
	FromPart         string         `json:"from_part"`
	FromStart        int            `json:"from_start"`
	FromEnd          int            `json:"from_end"`
	Note             string         `json:"note,omitempty"`
}

// Origin says how a claim came to be: found by the extractor or added by a
// reviewer.
type Origin string

const (
	OriginExtracted Origin = "extracted"
	OriginAdded     Origin = "added"
)
