package events

import "strconv"

// ExpectedVersion is the optimistic-concurrency condition of an append.
type ExpectedVersion int64

const (
	// Any appends whatever the stream's version is.
	Any ExpectedVersion = -1
	// NoStream appends only if the stream has no events yet.
	NoStream ExpectedVersion = 0
)

// Exact appends only if the stream's current version is v.
func Exact(v uint64) ExpectedVersion { return ExpectedVersion(v) }

// Matches reports whether a stream at version current satisfies e.
func (e ExpectedVersion) Matches(current uint64) bool {
	return e == Any || uint64(e) == current
}

func (e ExpectedVersion) String() string {
	switch {
	case e == Any:
		return "any"
	case e == NoStream:
		return "no stream"
	case e < Any:
		return "invalid(" + strconv.FormatInt(int64(e), 10) + ")"
	default:
		return strconv.FormatInt(int64(e), 10)
	}
}
