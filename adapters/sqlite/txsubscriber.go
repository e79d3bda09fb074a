package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/claimledger/claimledger/events"
)

// AllTopics subscribes to the whole log in commit order, for consumers such
// as the views that join several aggregate types.
const AllTopics = "$all"

type txKey struct{}

// TxFromContext returns the transaction of a message delivered by a
// TxSubscriber: a handler writes through it, and its writes commit together
// with the subscriber's offset when the handler acks.
func TxFromContext(ctx context.Context) (*sql.Tx, bool) {
	tx, ok := ctx.Value(txKey{}).(*sql.Tx)
	return tx, ok
}

// TxSubscriber is a watermill Subscriber whose offsets live in another
// SQLite database, db, together with what the consumer builds there. Each
// message comes with a transaction on db (TxFromContext); after the acks,
// the offset is written in that transaction and it commits, so the
// consumer's writes and its checkpoint are one atomic step: effectively
// once. Messages already waiting share a transaction (up to maxTxBatch). On
// a Nack, or if the commit fails, it rolls back and the messages since the
// last commit are delivered again.
// One consumer per group and topic: it does not share work.
type TxSubscriber struct {
	s     *Store
	db    *sql.DB
	group string
	hooks TxHooks
	subs  subscriptions
}

// TxHooks are what a consumer runs around the commits of its transactions.
type TxHooks struct {
	// BeforeCommit, if not nil, runs in the transaction after the last ack
	// of a batch, before the offset is written: a consumer that gathers its
	// writes per transaction makes them here. An error rolls the batch back
	// and its messages are delivered again.
	// batch is the events of the transaction, in position order.
	BeforeCommit func(ctx context.Context, tx *sql.Tx, batch []events.Envelope) error
	// Committed, if not nil, is called after each commit with the
	// committed position.
	Committed func(position uint64)
	// Failing, if not nil, learns when the consumer starts failing to
	// commit (a full disk, a locked file, a handler that nacks again and
	// again), with the error, and when it commits again, with nil. Failed
	// transactions are retried with exponential backoff (retry.go).
	Failing func(err error)
}

// errNacked is the failure of a transaction whose handler nacked.
var errNacked = errors.New("the consumer nacked a message")

var _ message.Subscriber = (*TxSubscriber)(nil)

// TxSubscriber returns a transactional subscriber with its offsets in db
// (which must have the subscriber_offsets table: EnsureOffsets).
func (s *Store) TxSubscriber(db *sql.DB, group string, hooks TxHooks) *TxSubscriber {
	return &TxSubscriber{s: s, db: db, group: group, hooks: hooks, subs: newSubscriptions()}
}

// EnsureOffsets creates the offsets table in a consumer's database.
func EnsureOffsets(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS subscriber_offsets (
		consumer_group TEXT NOT NULL, topic TEXT NOT NULL, position INTEGER NOT NULL,
		PRIMARY KEY (consumer_group, topic)) WITHOUT ROWID`)
	return err
}

// Subscribe implements message.Subscriber.
func (t *TxSubscriber) Subscribe(ctx context.Context, topic string) (<-chan *message.Message, error) {
	if err := events.ValidateStreamID(topic); err != nil {
		return nil, fmt.Errorf("subscribe: topic: %w", err)
	}
	var offset uint64
	return t.subs.start(ctx, func() error {
		err := t.db.QueryRowContext(ctx, "SELECT position FROM subscriber_offsets WHERE consumer_group = ? AND topic = ?", t.group, topic).Scan(&offset)
		if err != nil && err != sql.ErrNoRows {
			return fmt.Errorf("load offset of %q on %q: %w", t.group, topic, err)
		}
		return nil
	}, func(ctx context.Context, out chan<- *message.Message) { t.deliver(ctx, topic, offset, out) })
}

// maxTxBatch bounds how many messages share one consumer transaction when a
// backlog is waiting: one commit for many messages is what lets the views
// catch up, and a nack costs at most this many redeliveries.
const maxTxBatch = 256

func (t *TxSubscriber) deliver(ctx context.Context, topic string, offset uint64, out chan<- *message.Message) {
	log := t.s.cfg.Logger.With("group", t.group, "topic", topic)
	retry := newRetrier(log, t.hooks.Failing)
	var buf []events.Envelope
	for {
		if len(buf) == 0 {
			wake := t.s.notify.Wait()
			page, err := t.s.readTopic(ctx, topic, offset, subscribePage)
			if err != nil {
				if ctx.Err() == nil && !errors.Is(err, events.ErrClosed) {
					log.Error("subscriber stopped", "err", err)
				}
				return
			}
			if buf = page; len(buf) == 0 {
				select {
				case <-wake:
					continue
				case <-ctx.Done():
					return
				}
			}
		}
		n, err := t.batch(ctx, buf, topic, out)
		if ctx.Err() != nil || errors.Is(err, errStopped) {
			return
		}
		if err != nil { // nacked or not committed: start again from the offset
			if !retry.failed(ctx, err) {
				return
			}
			buf = nil
			continue
		}
		retry.succeeded()
		offset, buf = buf[n-1].Position, buf[n:]
	}
}

// batch delivers buf's messages one at a time inside one transaction, as
// many as are waiting up to maxTxBatch, and commits them with the offset of
// the last. It returns how many were committed, or the error that rolled
// the transaction back (errNacked after a nack, errStopped when the
// subscription is ending): its messages are delivered again.
func (t *TxSubscriber) batch(ctx context.Context, buf []events.Envelope, topic string, out chan<- *message.Message) (n int, err error) {
	tx, err := t.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("begin consumer transaction: %w", err)
	}
	defer tx.Rollback() // after a commit this does nothing
	txCtx := context.WithValue(ctx, txKey{}, tx)
	for n < len(buf) && n < maxTxBatch {
		if err := t.handOver(txCtx, &buf[n], out); err != nil {
			return 0, err
		}
		n++
	}
	if t.hooks.BeforeCommit != nil {
		err = t.hooks.BeforeCommit(txCtx, tx, buf[:n])
	}
	if err == nil {
		_, err = tx.ExecContext(ctx, `INSERT INTO subscriber_offsets (consumer_group, topic, position) VALUES (?, ?, ?)
			ON CONFLICT (consumer_group, topic) DO UPDATE SET position = excluded.position`, t.group, topic, buf[n-1].Position)
	}
	if err == nil {
		err = tx.Commit()
	}
	if err != nil {
		return 0, fmt.Errorf("commit positions %d to %d: %w", buf[0].Position, buf[n-1].Position, err)
	}
	if t.hooks.Committed != nil {
		t.hooks.Committed(buf[n-1].Position)
	}
	return n, nil
}

// errStopped: the subscription is ending, or a message could not be built.
var errStopped = errors.New("subscription stopped")

// handOver delivers one message whose context carries the transaction and
// waits for the handler's answer: nil once acked, errNacked after a nack,
// errStopped when the subscription is ending.
func (t *TxSubscriber) handOver(txCtx context.Context, e *events.Envelope, out chan<- *message.Message) error {
	msgCtx, cancelMsg := context.WithCancel(txCtx)
	defer cancelMsg()
	msg, err := events.DeliveredMessage(msgCtx, e)
	if err != nil {
		t.s.cfg.Logger.Error("subscriber stopped", "group", t.group, "position", e.Position, "err", err)
		return errStopped
	}
	select {
	case out <- msg:
	case <-txCtx.Done():
		return errStopped
	}
	select {
	case <-msg.Acked():
		return nil
	case <-msg.Nacked():
		return fmt.Errorf("position %d: %w", e.Position, errNacked)
	case <-txCtx.Done():
		return errStopped
	}
}

// Close ends every subscription and waits for them.
func (t *TxSubscriber) Close() error { return t.subs.shut() }
