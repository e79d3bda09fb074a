package postgres

import (
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/claimledger/claimledger/events"
)

// Publisher is the watermill face of the store: Publish maps messages to
// appends (events.PublishGroups) and hands them to Store.Append, which owns
// appending (checks, group commit, positions, hashes). Publish is safe for
// concurrent use.
type Publisher struct{ s *Store }

var _ message.Publisher = (*Publisher)(nil)

// Publisher returns the store's watermill publisher.
func (s *Store) Publisher() *Publisher { return &Publisher{s: s} }

// Publish appends msgs to topic; see events.PublishGroups for how messages
// become events. On success each message's metadata gains its position and
// version.
func (p *Publisher) Publish(topic string, msgs ...*message.Message) error {
	return events.PublishTo(p.s, topic, msgs)
}

// Close implements message.Publisher; the store owns the writer.
func (p *Publisher) Close() error { return nil }
