package extract

import "unicode/utf8"

// Limits on what a claim carries. A claim is a statement a reviewer checks,
// and it is copied into every event, view and export of it, so both are
// bounded whatever the article looks like: a list of hundreds of figures
// pasted as one paragraph is one long "sentence", and without a bound every
// figure in it would carry the whole paragraph.
const (
	// MaxTextBytes: a span longer than this (a quotation running on for
	// pages) is not reported as a claim. The ledger refuses longer claim
	// texts, so an article is never refused for one.
	MaxTextBytes = 16 << 10
	// MaxContextBytes bounds the sentence around a claim beyond the claim's
	// own text: a longer sentence is cut to about half of it on each side,
	// at a space where one is near, with "…" where it was cut.
	MaxContextBytes = 1 << 10
)

const ellipsis = "…"

// wordSlack is how far a cut moves to fall between two words.
const wordSlack = 32

// sentenceAround is text[ss:se], the sentence of the claim text[cs:ce],
// cut down to MaxContextBytes of context when it has more. The claim itself
// is never cut.
func sentenceAround(text string, ss, se, cs, ce int) string {
	before, after := cs-ss, se-ce
	if before+after <= MaxContextBytes {
		return text[ss:se]
	}
	// Share the room between the two sides; a side with less text than its
	// half gives the rest to the other.
	left := min(before, MaxContextBytes/2)
	right := min(after, MaxContextBytes-left)
	left = min(before, MaxContextBytes-right)
	start, end := cs-left, ce+right
	for start < cs && !utf8.RuneStart(text[start]) {
		start++
	}
	for end > ce && end < len(text) && !utf8.RuneStart(text[end]) {
		end--
	}
	if start > ss {
		for i := start; i < min(start+wordSlack, cs); i++ {
			if text[i] == ' ' {
				start = i + 1
				break
			}
		}
	}
	if end < se {
		for i := end - 1; i > max(end-wordSlack, ce); i-- {
			if text[i] == ' ' {
				end = i
				break
			}
		}
	}
	out := text[start:end]
	if start > ss {
		out = ellipsis + out
	}
	if end < se {
		out += ellipsis
	}
	return out
}
