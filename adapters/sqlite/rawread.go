package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"time"

	"github.com/claimledger/claimledger/events"
	sqlite3 "github.com/mattn/go-sqlite3"
)

// rawQuery runs a read on the driver connection itself, skipping
// database/sql's per-column conversions: the driver already returns fresh
// strings, byte slices and int64s, which is what an envelope holds. Replaying
// a large log spends most of its time here.
func rawQuery(ctx context.Context, db *sql.DB, query string, args []any, each func(*events.Envelope) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("unexpected driver connection %T", dc)
		}
		rows, err := c.QueryContext(ctx, query, named)
		if err != nil {
			return err
		}
		defer rows.Close()
		vals := make([]driver.Value, 15)
		for {
			err := rows.Next(vals)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			var e events.Envelope
			if err := envelopeFromValues(vals, &e); err != nil {
				return err
			}
			if err := each(&e); err != nil {
				return err
			}
		}
	})
}

// envelopeFromValues reads the columns of `columns`, in order.
func envelopeFromValues(v []driver.Value, e *events.Envelope) (err error) {
	defer func() {
		if r := recover(); r != nil { // a column of the wrong type: a damaged row
			err = fmt.Errorf("read event row: unexpected column type: %v", r)
		}
	}()
	e.Position = uint64(v[0].(int64))
	e.StreamID = v[1].(string)
	e.Topic = v[2].(string)
	e.Version = uint64(v[3].(int64))
	e.EventID = v[4].(string)
	e.Type = v[5].(string)
	e.SchemaVersion = int(v[6].(int64))
	e.Payload = asBytes(v[7])
	e.Actor = v[8].(string)
	e.RequestID = v[9].(string)
	e.CorrelationID = v[10].(string)
	e.CausationID = v[11].(string)
	e.RecordedAt = time.Unix(0, v[12].(int64)).UTC()
	e.PrevHash = asBytes(v[13])
	e.Hash = asBytes(v[14])
	return nil
}

// asBytes accepts a blob, or text where a tampered row stored one.
func asBytes(v driver.Value) []byte {
	switch b := v.(type) {
	case []byte:
		return b
	case string:
		return []byte(b)
	case nil:
		return nil
	}
	panic(fmt.Sprintf("%T", v))
}
