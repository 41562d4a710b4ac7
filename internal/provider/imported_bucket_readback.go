package provider

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
// page), which holds every bucket of the connection in an order the API does
// not document. For a batch of k ids the listing is walked only while it is
// cheaper than GETs: never for one id, and only while the pages walked stay
// fewer than the ids still missing; a connection whose listing was seen to
// need k pages or more (with what was imported into it since) is not walked
// at all. Whatever the listing did not serve, each create GETs by itself.
type bucketImporter struct {
	client *buckt.Client

	mu sync.Mutex
	// sizes estimates, per connection, the buckets its listing holds: those
	// its last walk saw plus those imported into it since.
	sizes map[string]int
}

func newBucketImporter(client *buckt.Client) *bucketImporter {
	return &bucketImporter{client: client, sizes: map[string]int{}}
}

// importNames imports names into account as one logical request (one
// idempotency key, which the client's retries reuse) and returns their ids,
// with the buckets the read-back found, in the order of names.
func (i *bucketImporter) importNames(ctx context.Context, account string, names []string) ([]importedBucket, error) {
	ids, err := i.client.ImportBuckets(ctx, account, names)
	if err == nil && len(ids) != len(names) {
		err = fmt.Errorf("the API answered %d bucket ids for %d bucket names", len(ids), len(names))
	}
	if err != nil {
		return nil, err
	}
	found := i.readBack(ctx, account, ids)
	out := make([]importedBucket, len(ids))
	for k, id := range ids {
		out[k].id = id
		if b, ok := found[id]; ok {
			out[k].bucket = &b
		}
	}
	return out, nil
}

// readBack returns the buckets of ids (just imported into account) that the
// listing of account served, walking it only while that is the cheaper read.
func (i *bucketImporter) readBack(ctx context.Context, account string, ids []string) map[string]buckt.Bucket {
	found := map[string]buckt.Bucket{}
	if !i.worthListing(account, len(ids)) {
		return found
	}
	missing := map[string]bool{}
	for _, id := range ids {
		missing[id] = true
	}
	seen, walked, cursor := 0, 0, ""
	for len(missing) > 0 && walked+1 < len(missing) {
		items, next, err := i.client.BucketsPage(ctx, account, cursor)
		if err != nil {
			tflog.Warn(ctx, "Listing the imported buckets failed; reading them one at a time",
				map[string]any{"aws_account": account, "error": err.Error()})
			return found
		}
		walked++
		seen += len(items)
		for _, b := range items {
			if missing[b.ID] {
				found[b.ID] = b
				delete(missing, b.ID)
			}
		}
		if next == "" {
			i.learn(account, seen, true)
			return found
		}
		cursor = next
	}
	i.learn(account, seen, false)
	return found
}

// learn records that a walk of account's listing saw seen buckets: all of
// them when complete, else at least that many.
func (i *bucketImporter) learn(account string, seen int, complete bool) {
	i.mu.Lock()
	defer i.mu.Unlock()
	if complete {
		i.sizes[account] = seen
	} else {
		i.sizes[account] = max(i.sizes[account], seen)
	}
}

// worthListing counts k buckets just imported into account and reports
// whether the listing of account may serve them in fewer pages than k GETs.
func (i *bucketImporter) worthListing(account string, k int) bool {
	i.mu.Lock()
	defer i.mu.Unlock()
	size, known := i.sizes[account]
	if !known {
		return k > 1 // the walk's own rule bounds an unknown listing
	}
	i.sizes[account] = size + k
	return pages(size+k) < k
}

// pages is how many listing pages n objects fill.
func pages(n int) int { return (n + buckt.MaxPageSize - 1) / buckt.MaxPageSize }
