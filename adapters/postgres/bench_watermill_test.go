package postgres_test

import (
	"fmt"
	"testing"

	"github.com/ThreeDotsLabs/watermill"
	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/events/storetest"
	"github.com/claimledger/claimledger/internal/pgtest"
	"github.com/jackc/pgx/v5/pgxpool"
)

// BenchmarkPublishVsWatermillSQL publishes one message per Publish call
// from 64 concurrent publishers, each on a stream of its own, through two
// watermill Publishers on the same PostgreSQL:
//
//   - store: this store's Publisher, every guarantee on (head lock,
//     gap-free positions in commit order, hash chain, expected versions,
//     event-id idempotency, durable commit), with group commit;
//   - watermill_sql: watermill-sql v4's own PostgreSQL publisher
//     (DefaultPostgreSQLSchema), one INSERT in a transaction of its own per
//     message, on a pool with a connection for every publisher.
//
// Both commit durably (the server's synchronous_commit is on). The
// dependency on watermill-sql is this file's alone: nothing else links it.
//
//	bash .ci/postgres.sh go test ./adapters/postgres -run '^$' -bench BenchmarkPublishVsWatermillSQL -count 5
func BenchmarkPublishVsWatermillSQL(b *testing.B) {
	b.Run("store", func(b *testing.B) {
		dsn := pgtest.DSN(b)
		s, err := postgres.Open(postgres.Config{DSN: dsn, Schema: pgtest.NewSchema(b, dsn)})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		benchPublish(b, s.Publisher())
	})
	b.Run("watermill_sql", func(b *testing.B) {
		dsn := pgtest.DSN(b)
		schema := pgtest.NewSchema(b, dsn)
		pgtest.Exec(b, dsn, "CREATE SCHEMA "+schema)
		cfg, err := pgxpool.ParseConfig(dsn)
		if err != nil {
			b.Fatal(err)
		}
		cfg.MaxConns = appenders
		pool, err := pgxpool.NewWithConfig(b.Context(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		defer pool.Close()
		pub, err := wsql.NewPublisher(wsql.BeginnerFromPgx(pool), wsql.PublisherConfig{
			SchemaAdapter: wsql.DefaultPostgreSQLSchema{
				GenerateMessagesTableName: func(topic string) string { return schema + `."watermill_` + topic + `"` },
			},
			AutoInitializeSchema: true,
		}, nil)
		if err != nil {
			b.Fatal(err)
		}
		defer pub.Close()
		benchPublish(b, pub)
	})
}

// benchPublish runs b.N single-message publishes, after one that lets a
// publisher create its tables.
func benchPublish(b *testing.B, pub message.Publisher) {
	payload := []byte(`{"claim":"a 2 trillion yuan ($280 billion) stimulus package","kind":"money"}`)
	msg := func(g int) *message.Message {
		m := message.NewMessage(watermill.NewUUID(), payload)
		m.Metadata.Set(events.MetaStreamID, fmt.Sprintf("claim-bench%d", g))
		return m
	}
	const topic = "claims"
	if err := pub.Publish(topic, msg(-1)); err != nil {
		b.Fatal(err)
	}
	perSec := storetest.Concurrently(b, appenders, func(g int) error { return pub.Publish(topic, msg(g)) })
	b.ReportMetric(perSec, "msgs/s")
}
