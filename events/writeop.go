package events

// WriteOp is one unit of work for a store's writer, the one goroutine of a
// store that writes the log: appends recorded together (one, or several
// streams' at once), or an import. The writer answers every op it takes
// exactly once.
type WriteOp struct {
	Appends      []*AppendRequest
	Fingerprints [][]byte // of each append with a request id, else nil
	Imports      []Envelope
	done         chan WriteResult
}

// WriteResult is the writer's answer to one op.
type WriteResult struct {
	Results []AppendResult // one per append of the op
	Err     error
}

// AppendOp is the op recording reqs together, in order.
func AppendOp(reqs []AppendRequest) *WriteOp {
	o := &WriteOp{Appends: make([]*AppendRequest, len(reqs)), Fingerprints: make([][]byte, len(reqs))}
	for i := range reqs {
		o.Appends[i] = &reqs[i]
		if reqs[i].RequestID != "" {
			o.Fingerprints[i] = reqs[i].Fingerprint()
		}
	}
	return o
}

// ImportOp is the op importing envs.
func ImportOp(envs []Envelope) *WriteOp { return &WriteOp{Imports: envs} }

// Answer gives the op's caller its result.
func (o *WriteOp) Answer(r WriteResult) { o.done <- r }

// AnswerAll gives every op of batch the same failure.
func AnswerAll(batch []*WriteOp, err error) {
	for _, o := range batch {
		o.Answer(WriteResult{Err: err})
	}
}

// MarkBatch is for a batch whose transaction committed, results[i] being
// the answer to batch[i]: it counts the appends and imports that wrote (a
// failed op or a replayed retry wrote nothing), sets that count as Batch
// on each append result that wrote, and returns it (CommitStats.Appends).
func MarkBatch(batch []*WriteOp, results []WriteResult) int {
	n := 0
	for i, o := range batch {
		switch {
		case results[i].Err != nil:
		case o.Imports != nil:
			n++
		default:
			for _, r := range results[i].Results {
				if !r.Replayed {
					n++
				}
			}
		}
	}
	for i := range results {
		for j := range results[i].Results {
			if r := &results[i].Results[j]; !r.Replayed {
				r.Batch = n
			}
		}
	}
	return n
}

// Finish is what a writer does once a batch's transaction committed, with
// results[i] the answer to batch[i] and st what the transaction wrote
// (Events, Head, Took, Sync): it sets each append's Batch (MarkBatch),
// tells obs of the commit when there is one and the batch wrote events,
// before any caller is answered, so that a caller who reads the metrics
// after its append sees the append counted, and answers every op.
func Finish(obs CommitObserver, batch []*WriteOp, results []WriteResult, st CommitStats) {
	st.Appends = MarkBatch(batch, results)
	if obs != nil && st.Events > 0 {
		obs.Committed(st)
	}
	for i, o := range batch {
		o.Answer(results[i])
	}
}
