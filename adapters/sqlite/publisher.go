package sqlite

import (
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/claimledger/claimledger/events"
)

// MessageType is the event type of a plain watermill message (see
// events.MessageType).
const MessageType = events.MessageType

// MetaExpectedVersion in a message's metadata makes its append conditional.
const MetaExpectedVersion = events.MetaExpectedVersion

// Publisher is the watermill face of the store: Publish maps messages to
// an append and hands it to Store.Append, which owns appending (checks,
// group commit, positions, hashes). Publish is safe for concurrent use.
type Publisher struct{ s *Store }

var _ message.Publisher = (*Publisher)(nil)

// Publisher returns the store's watermill publisher.
func (s *Store) Publisher() *Publisher { return &Publisher{s: s} }

// Publish appends msgs to topic. A message's stream is its "stream_id"
// metadata, or the topic itself. A message with "type" metadata is an
// event: its payload must be JSON and its metadata only envelope fields. Any
// other message is kept whole as a MessageType event. Consecutive messages of
// one stream are appended atomically. An event message's UUID is its event
// id, so republishing it is idempotent. On success each message's metadata
// gains its position and version.
func (p *Publisher) Publish(topic string, msgs ...*message.Message) error {
	return events.PublishTo(p.s, topic, msgs)
}

// Close implements message.Publisher; the store owns the writer.
func (p *Publisher) Close() error { return nil }
