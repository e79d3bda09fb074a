package pgviews

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/claimledger/claimledger/adapters/postgres"
	"github.com/claimledger/claimledger/app"
	"github.com/claimledger/claimledger/events"
	"github.com/claimledger/claimledger/internal/pgtest"
)

// TestCommitComparesAndSets: a projection transaction moves the checkpoint
// only from where its projector read it. A second projector committing
// from the same checkpoint (as two at once would, were the lock lost)
// fails with errMoved and writes nothing: no activity is counted twice.
func TestCommitComparesAndSets(t *testing.T) {
	dsn := pgtest.DSN(t)
	ctx := t.Context()
	store, err := postgres.Open(postgres.Config{DSN: dsn, Schema: pgtest.NewSchema(t, dsn)})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	v, err := Open(ctx, Config{DSN: dsn, Schema: pgtest.NewSchema(t, dsn)}, store)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	conn, err := v.pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()

	tx := func(article string) *viewTx {
		w := newViewTx()
		w.PutArticle(ctx, app.ArticleView{ID: article, Title: article})
		w.AddActivity(ctx, "ana", 1, 0, time.Unix(100, 0))
		return w
	}
	start := sourcePoint{0, events.GenesisHash}
	one := sourcePoint{1, []byte("hash of position 1")}
	if _, err := v.commit(ctx, conn.Conn(), tx("first"), start, one); err != nil {
		t.Fatal(err)
	}
	if _, err := v.commit(ctx, conn.Conn(), tx("second"), start, sourcePoint{1, []byte("another hash")}); !errors.Is(err, errMoved) {
		t.Fatalf("a second commit from the same checkpoint = %v, want errMoved", err)
	}
	if _, err := v.commit(ctx, conn.Conn(), tx("third"), sourcePoint{1, []byte("another hash")}, sourcePoint{2, []byte("2")}); !errors.Is(err, errMoved) {
		t.Fatalf("a commit from the right position but another hash = %v, want errMoved", err)
	}
	var pos uint64
	var hash []byte
	if err := v.pool.QueryRow(ctx, "SELECT position, hash FROM "+v.table("views_source")).Scan(&pos, &hash); err != nil {
		t.Fatal(err)
	}
	if pos != one.pos || string(hash) != string(one.hash) {
		t.Errorf("checkpoint at %d %q, want %d %q", pos, hash, one.pos, one.hash)
	}
	arts, err := v.Articles(context.WithoutCancel(ctx), "", 10)
	if err != nil || len(arts) != 1 || arts[0].ID != "first" {
		t.Errorf("articles = %+v, %v; want only the first transaction's", arts, err)
	}
	if r, err := v.activityOf(ctx, "ana"); err != nil || r.Votes != 1 {
		t.Errorf("ana's votes = %d, %v; want 1", r.Votes, err)
	}
}

// activityOf is a reviewer's activity alone.
func (v *Views) activityOf(ctx context.Context, id string) (app.ReviewerView, error) {
	r := app.ReviewerView{ID: id}
	err := v.activity(ctx, &r)
	return r, err
}
