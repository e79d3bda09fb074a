// Package claim is the claim aggregate: one checkable statement pulled out of
// an article, and the review workflow that decides whether it holds.
//
// The workflow status and the reviewers' verdicts are kept apart on purpose:
// a verdict is one reviewer's opinion (a Vote), the status is what the
// Policy makes of all live votes together.
//
//	extracted ──vote──► under_review ──quorum of agreeing votes──► confirmed | disputed | unverifiable
//	    │                    │  ▲
//	    │                    │  └──────── reopen (reason) ◄──────── any final status, dismissed included
//	    │                    └──disagreeing votes──► contested ──settle (editor)──► confirmed | disputed | unverifiable
//	    └────────────── dismiss (reason) from extracted, under_review, contested ──► dismissed
//
// The arrows are the usual paths, not all of them: Policy.Outcome decides
// where a vote or a retraction leads, so a first vote that reaches the quorum
// goes straight from extracted to a final status, and a retraction that ends
// a disagreement takes a contested claim to what the remaining votes call for.
//
// A claim opens with Extracted (the extractor found it, with the version of
// the extractor) or Added (a reviewer found what the extractor missed). An
// editor's Correct, or a re-extraction's Reextract on a claim nobody has
// Reviewed, changes its kind or span: the reviewers complete the extractor,
// and the log records how, for the extraction statistics.
//
// Every change is an event. Decide functions (Extract, Add, SubmitReview,
// RetractReview, Reopen, Dismiss, Settle, Link, Correct, Reextract) look at the current state and
// return the events the change consists of, without touching the claim: the
// app appends them to the claim's stream at the expected version and only
// then calls Apply. Apply is the only code that changes a Claim, and
// FromHistory folds a stream through it, so a claim read back from the log is
// the same claim the decisions were made on.
//
// Errors fall in exactly one family each, so the transport can map them
// without knowing every case: ErrInvalid (bad input), ErrIllegalTransition,
// ErrAlreadyVoted and ErrNoVote (the claim's state forbids it), ErrAlreadyLinked
// (the link exists). ErrHistory is different: it means a stream that does not
// fold, which is never the caller's fault.
package claim
