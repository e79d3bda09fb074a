package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// statements are the writer's prepared statements, compiled once.
type statements struct {
	begin, commit, rollback *sql.Stmt
	insert                  *sql.Stmt
	streamVersion           *sql.Stmt
	eventByID               *sql.Stmt
	requestByID             *sql.Stmt
	insertRequest           *sql.Stmt
	setHead                 *sql.Stmt
}

const insertEvent = `INSERT INTO events (position, stream_id, topic, version, event_id, type, schema_version,
	payload, actor, request_id, correlation_id, causation_id, recorded_at, prev_hash, hash)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

func prepare(ctx context.Context, conn *sql.Conn) (*statements, error) {
	st := &statements{}
	list := []struct {
		dst **sql.Stmt
		q   string
	}{
		{&st.begin, "BEGIN IMMEDIATE"},
		{&st.commit, "COMMIT"},
		{&st.rollback, "ROLLBACK"},
		{&st.insert, insertEvent},
		{&st.streamVersion, "SELECT COALESCE(MAX(version), 0) FROM events WHERE stream_id = ?"},
		{&st.eventByID, "SELECT position, stream_id, topic, type, schema_version, payload, actor, correlation_id, causation_id FROM events WHERE event_id = ?"},
		{&st.requestByID, "SELECT stream_id, from_position, to_position, fingerprint FROM requests WHERE request_id = ?"},
		{&st.insertRequest, "INSERT INTO requests (request_id, stream_id, from_position, to_position, fingerprint) VALUES (?, ?, ?, ?, ?)"},
		{&st.setHead, "UPDATE head SET position = ?, hash = ? WHERE id = 1"},
	}
	for _, s := range list {
		stmt, err := conn.PrepareContext(ctx, s.q)
		if err != nil {
			st.close()
			return nil, fmt.Errorf("prepare %q: %w", s.q, err)
		}
		*s.dst = stmt
	}
	return st, nil
}

func (st *statements) close() error {
	var errs []error
	for _, s := range []*sql.Stmt{st.begin, st.commit, st.rollback, st.insert, st.streamVersion, st.eventByID, st.requestByID, st.insertRequest, st.setHead} {
		if s != nil {
			errs = append(errs, s.Close())
		}
	}
	return errors.Join(errs...)
}
