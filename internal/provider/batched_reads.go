package provider

import (
	"context"
	"net/http"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// individualReadsBeforeListing is how many objects of one kind a Terraform
// operation reads one GET at a time before it lists them all instead. A list
// costs ceil(total/100) requests, so small configurations in large
// organizations keep their single GETs, and a refresh of hundreds of objects
// costs a few pages instead of hundreds of requests against a rate-limited API.
const individualReadsBeforeListing = 10

// batchedReader serves the refresh reads of one kind of object (accounts,
// buckets) within one provider instance, which lives for one Terraform
// operation. Any write through the provider drops the snapshot, so a read that
// follows a write is never served stale data.
type batchedReader[T any] struct {
	get  func(ctx context.Context, id string) (*T, error)
	list func(ctx context.Context) ([]T, error)
	key  func(T) string
	kind string

	mu       sync.Mutex
	reads    int
	writes   int // bumped by invalidate: a listing that overlapped a write is discarded
	snapshot map[string]T
	loading  chan struct{} // closed when a listing in flight ends
	disabled bool          // a listing failed: fall back to GETs for good
}

// read returns one object, as GET would: a missing one is a 404 *APIError.
func (b *batchedReader[T]) read(ctx context.Context, id string) (*T, error) {
	b.mu.Lock()
	b.reads++
	if b.snapshot == nil && (b.disabled || b.reads <= individualReadsBeforeListing) {
		b.mu.Unlock()
		return b.get(ctx, id)
	}
	if b.snapshot == nil {
		b.loadLocked(ctx)
	}
	snapshot := b.snapshot
	b.mu.Unlock()
	if snapshot == nil {
		return b.get(ctx, id)
	}
	if item, ok := snapshot[id]; ok {
		return &item, nil
	}
	return nil, &buckt.APIError{StatusCode: http.StatusNotFound, Type: "not_found_error",
		Message: "no " + b.kind + " " + id + " in the listing", Method: http.MethodGet, Path: "(listing)"}
}

// loadLocked fills the snapshot with one listing, or waits for the one in
// flight. Called and returns with b.mu held.
func (b *batchedReader[T]) loadLocked(ctx context.Context) {
	if b.loading != nil {
		done := b.loading
		b.mu.Unlock()
		<-done
		b.mu.Lock()
		return
	}
	done := make(chan struct{})
	b.loading = done
	writes := b.writes
	b.mu.Unlock()
	items, err := b.list(ctx)
	b.mu.Lock()
	b.loading = nil
	close(done)
	if writes != b.writes {
		return // a write overlapped the listing: the next read lists again
	}
	if err != nil {
		tflog.Warn(ctx, "Listing failed; reading one at a time", map[string]any{"kind": b.kind, "error": err.Error()})
		b.disabled = true
		return
	}
	b.snapshot = make(map[string]T, len(items))
	for _, item := range items {
		b.snapshot[b.key(item)] = item
	}
	tflog.Debug(ctx, "Serving reads from one listing", map[string]any{"kind": b.kind, "count": len(items)})
}

// invalidate drops the snapshot after a write; later reads list again.
func (b *batchedReader[T]) invalidate() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.snapshot = nil
	b.writes++
}

// apiReads are the batched readers of one provider instance.
type apiReads struct {
	accounts *batchedReader[buckt.AWSAccount]
	buckets  *batchedReader[buckt.Bucket]
}

func newAPIReads(c *buckt.Client) *apiReads {
	return &apiReads{
		accounts: &batchedReader[buckt.AWSAccount]{
			get: c.GetAWSAccount, list: c.ListAWSAccounts, kind: "aws_account",
			key: func(a buckt.AWSAccount) string { return a.ID },
		},
		buckets: &batchedReader[buckt.Bucket]{
			get:  c.GetBucket,
			list: func(ctx context.Context) ([]buckt.Bucket, error) { return c.ListBuckets(ctx, "") },
			kind: "bucket", key: func(b buckt.Bucket) string { return b.ID },
		},
	}
}

// wrote invalidates every snapshot: a write may change any listed object.
func (r *apiReads) wrote() {
	r.accounts.invalidate()
	r.buckets.invalidate()
}
