package reads

import (
	"context"
	"fmt"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// bucketImporter sends importBuckets and reads back what it imported, for
// state, which must hold what the API returned: importBuckets answers only
// ids, so a bucket's createdAt comes from GET /v1/buckets/{id} or from the
// listing of its connection's buckets (GET /v1/buckets?awsAccount=, 100 per
// page). For a batch of k ids the listing is walked only while that is
// cheaper than GETs: never for one id, and only while the pages walked stay
// fewer than the ids still missing; a connection whose listing is expected to
// take k pages or more is not walked at all. Whatever the walk did not find,
// each create GETs by itself.
//
// The contract does not say in which order the listing comes. Where it adds
// new buckets at its end (in order of creation, as the emulator's does), the
// next walk of a connection starts at the page where the last one ended, so a
// batch is read back from a page or two however many buckets the connection
// holds, and each walk takes a round trip or two, not one per page. Where a
// walk from there misses a bucket, that connection is walked from its first
// page from then on.
type bucketImporter struct {
	api API

	mu       sync.Mutex
	listings map[string]*listingMemo // by connection
}

// listingMemo is what the walks of one connection's listing taught.
type listingMemo struct {
	// size estimates the buckets the listing holds: as last walked, plus those
	// imported since.
	size int
	// tail is the cursor of the last page of the last complete walk ("" for
	// the first page), before the number of buckets ahead of that page.
	tail    string
	before  int
	hasTail bool
	// fromStart: a walk from the tail missed a bucket, or its cursor failed.
	fromStart bool
}

func newBucketImporter(api API) *bucketImporter {
	return &bucketImporter{api: api, listings: map[string]*listingMemo{}}
}

// importNames imports names into account as one logical request (one
// idempotency key, which the client's retries reuse) and returns their ids,
// with the buckets the read-back found, in the order of names.
func (i *bucketImporter) importNames(ctx context.Context, account string, names []string) ([]Imported, error) {
	ids, err := i.api.ImportBuckets(ctx, account, names)
	if err == nil && len(ids) != len(names) {
		err = fmt.Errorf("the API answered %d bucket ids for %d bucket names", len(ids), len(names))
	}
	if err != nil {
		return nil, err
	}
	found := i.readBack(ctx, account, ids)
	out := make([]Imported, len(ids))
	for k, id := range ids {
		out[k].ID = id
		if b, ok := found[id]; ok {
			out[k].Bucket = &b
		}
	}
	return out, nil
}

// readBack returns the buckets of ids (just imported into account) that the
// listing of account served, walking it only while that is the cheaper read.
func (i *bucketImporter) readBack(ctx context.Context, account string, ids []string) map[string]buckt.Bucket {
	found := map[string]buckt.Bucket{}
	start, before, ok := i.walkFrom(account, len(ids))
	if !ok {
		return found
	}
	missing := map[string]bool{}
	for _, id := range ids {
		missing[id] = true
	}
	resumed := start != "" || before > 0
	seen, walked, cursor := 0, 0, start
	for len(missing) > 0 && walked+1 < len(missing) {
		items, next, err := i.api.BucketsPage(ctx, account, cursor)
		if err != nil {
			tflog.Warn(ctx, "Listing the imported buckets failed; reading them one at a time",
				map[string]any{"aws_account": account, "error": err.Error()})
			i.learn(account, func(m *listingMemo) { m.fromStart = m.fromStart || resumed })
			return found
		}
		walked++
		for _, b := range items {
			if missing[b.ID] {
				found[b.ID] = b
				delete(missing, b.ID)
			}
		}
		if next == "" {
			i.learn(account, func(m *listingMemo) {
				m.size, m.tail, m.before, m.hasTail = before+seen+len(items), cursor, before+seen, true
				m.fromStart = m.fromStart || (resumed && len(missing) > 0)
			})
			return found
		}
		seen += len(items)
		cursor = next
	}
	i.learn(account, func(m *listingMemo) { m.size = max(m.size, before+seen) })
	return found
}

// walkFrom counts k buckets just imported into account and tells where a walk
// of its listing starts (the cursor, and how many buckets come before it), or
// that its expected pages are not fewer than k GETs.
func (i *bucketImporter) walkFrom(account string, k int) (cursor string, before int, worth bool) {
	i.mu.Lock()
	defer i.mu.Unlock()
	m, known := i.listings[account]
	if !known {
		i.listings[account] = &listingMemo{}
		return "", 0, k > 1 // the walk's own rule bounds an unknown listing
	}
	m.size += k
	if m.hasTail && !m.fromStart {
		cursor, before = m.tail, m.before
	}
	return cursor, before, max(pages(m.size-before), 1) < k
}

// learn applies what a walk of account's listing taught.
func (i *bucketImporter) learn(account string, update func(*listingMemo)) {
	i.mu.Lock()
	defer i.mu.Unlock()
	update(i.listings[account])
}

// pages is how many listing pages n objects fill.
func pages(n int) int { return (n + buckt.MaxPageSize - 1) / buckt.MaxPageSize }
