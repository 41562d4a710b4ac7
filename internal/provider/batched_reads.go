package provider

import (
	"context"
	"net/http"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// getsPerPage is the rent-or-buy rule of refresh reads. Reading an object costs
// one GET ("rent"); a listing page of 100 serves many reads but costs one
// request whether or not they come ("buy"). A page is fetched only once
// getsPerPage single GETs have been paid for each page fetched so far, so pages
// never cost more than a quarter of the GETs plus one: a refresh of N objects
// stays within RefreshBudget(N) however many the organization holds, and a
// workspace that holds most of them is served by its pages after a few GETs.
const getsPerPage = 4

// RefreshBudget is the most requests a refresh that reads n objects of one
// kind (connections, or imported buckets) may cost, whatever the organization
// holds: n GETs, what reading them one at a time costs, plus the listing pages
// the rent-or-buy rule lets those GETs buy (a quarter of them, plus one), plus
// one for a listing read whatever the rule (by a data source or an import
// that needs the whole listing, whose pages then serve reads too). It is the
// provider's promise, so tests and the bench hold a refresh to it.
func RefreshBudget(n int) float64 {
	return float64(n)*(1+1.0/getsPerPage) + 2
}

// thinPage is the average number of objects below which pages of narrow
// listings (one connection's buckets) stop being worth buying: buckets spread
// over many small connections are then paged from the wide listing (every
// bucket), whose pages are full.
const thinPage = 50

// pagedReader serves the reads of one kind of object (connections, buckets)
// within one provider instance, which lives for one Terraform operation. Reads
// come with a scope, the narrow listing that would contain them (a
// connection's awa_ id for its buckets), or "" for the wide listing of the
// kind. Pages are fetched one at a time, as the rent-or-buy rule allows, from
// the read's narrow listing while those pay off, else from the wide one, and
// every object on them serves later reads. Any write through the provider
// drops what was listed, so a read that follows a write is never served stale.
type pagedReader[T any] struct {
	get  func(ctx context.Context, id string) (*T, error)
	page func(ctx context.Context, scope, cursor string) ([]T, string, error)
	key  func(T) string
	// inScope tells whether an item belongs to a narrow scope's listing.
	inScope func(item T, scope string) bool
	kind    string

	mu          sync.Mutex
	gets        int // single GETs made, which pay for pages
	pages       int // listing pages fetched
	narrowPages int // pages of narrow listings, and the objects they brought
	narrowItems int
	generation  int // bumped by every write; a page fetched across one is dropped
	known       map[string]T
	listings    map[string]*listing
	// fetching is closed when the page in flight arrives. One page at a time:
	// a miss waits for it, as it may hold the object, or prove a listing thin.
	fetching chan struct{}
	disabled bool // a page failed: reads fall back to GETs for good
}

// listing is how far the listing of one scope has got.
type listing struct {
	cursor string
	done   bool
}

// read returns one object, as GET would: a missing one is a 404 *APIError.
func (r *pagedReader[T]) read(ctx context.Context, id, scope string) (*T, error) {
	r.mu.Lock()
	for {
		if item, ok := r.known[id]; ok {
			r.mu.Unlock()
			return &item, nil
		}
		if r.listingLocked(scope).done || r.listingLocked("").done {
			r.mu.Unlock()
			return nil, &buckt.APIError{StatusCode: http.StatusNotFound, Type: "not_found_error",
				Message: "no " + r.kind + " " + id + " in the listing", Method: http.MethodGet, Path: "(listing)"}
		}
		if r.fetching != nil {
			r.waitLocked(ctx, r.fetching)
			if err := ctx.Err(); err != nil {
				r.mu.Unlock()
				return nil, err
			}
			continue
		}
		if r.disabled || r.gets < getsPerPage*(r.pages+1) {
			break
		}
		pageScope := r.pagingScopeLocked(scope)
		_ = r.fetchLocked(ctx, pageScope, r.listingLocked(pageScope)) // a failure disables paging: the loop then GETs
	}
	r.gets++
	r.mu.Unlock()
	return r.get(ctx, id)
}

// pagingScopeLocked is the listing a miss of scope buys its page from: the
// narrow one, unless narrow pages have proved thin; r.mu is held.
func (r *pagedReader[T]) pagingScopeLocked(scope string) string {
	if r.narrowPages >= 1 && r.narrowItems < thinPage*r.narrowPages {
		return ""
	}
	return scope
}

// all returns every object of scope, listing what is not listed yet whatever
// the rent-or-buy rule says: resolving natural keys (imports, lookups by AWS
// account id) needs the whole listing, and shares it with every later read.
func (r *pagedReader[T]) all(ctx context.Context, scope string) ([]T, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		l := r.listingLocked(scope)
		switch {
		case l.done, r.listingLocked("").done:
			var items []T
			for _, item := range r.known {
				if r.inScope(item, scope) {
					items = append(items, item)
				}
			}
			return items, nil
		case r.fetching != nil:
			r.waitLocked(ctx, r.fetching)
		default:
			if err := r.fetchLocked(ctx, scope, l); err != nil {
				return nil, err
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
}

// listingLocked returns the listing state of scope; r.mu is held.
func (r *pagedReader[T]) listingLocked(scope string) *listing {
	if r.listings == nil {
		r.listings, r.known = map[string]*listing{}, map[string]T{}
	}
	l, ok := r.listings[scope]
	if !ok {
		l = &listing{}
		r.listings[scope] = l
	}
	return l
}

// waitLocked waits, without r.mu, for a page in flight (or ctx to end).
func (r *pagedReader[T]) waitLocked(ctx context.Context, fetching chan struct{}) {
	r.mu.Unlock()
	select {
	case <-fetching:
	case <-ctx.Done():
	}
	r.mu.Lock()
}

// fetchLocked fetches the next page of l, without r.mu while the request is
// in flight. A page that overlapped a write is dropped: the write reset every
// listing. A failed page turns paging off for reads, which then GET.
func (r *pagedReader[T]) fetchLocked(ctx context.Context, scope string, l *listing) error {
	done := make(chan struct{})
	r.fetching = done
	generation, cursor := r.generation, l.cursor
	r.pages++
	r.mu.Unlock()
	items, next, err := r.page(ctx, scope, cursor)
	r.mu.Lock()
	r.fetching = nil
	close(done)
	switch {
	case generation != r.generation:
		return nil
	case err != nil:
		tflog.Warn(ctx, "Listing failed; reading one at a time", map[string]any{"kind": r.kind, "error": err.Error()})
		r.disabled = true
		return err
	}
	for _, item := range items {
		r.known[r.key(item)] = item
	}
	if scope != "" {
		r.narrowPages++
		r.narrowItems += len(items)
	}
	l.cursor, l.done = next, next == ""
	return nil
}

// invalidate drops everything listed after a write; later reads list again.
func (r *pagedReader[T]) invalidate() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.listings, r.known = nil, nil
	r.generation++
}

// apiReads are the paged readers of one provider instance.
type apiReads struct {
	accounts *pagedReader[buckt.AWSAccount]
	buckets  *pagedReader[buckt.Bucket]
}

func newAPIReads(c *buckt.Client) *apiReads {
	return &apiReads{
		accounts: &pagedReader[buckt.AWSAccount]{
			get: c.GetAWSAccount, kind: "aws_account",
			page: func(ctx context.Context, _, cursor string) ([]buckt.AWSAccount, string, error) {
				return c.AWSAccountsPage(ctx, cursor)
			},
			key:     func(a buckt.AWSAccount) string { return a.ID },
			inScope: func(buckt.AWSAccount, string) bool { return true },
		},
		buckets: &pagedReader[buckt.Bucket]{
			get: c.GetBucket, page: c.BucketsPage, kind: "bucket",
			key:     func(b buckt.Bucket) string { return b.ID },
			inScope: func(b buckt.Bucket, awsAccount string) bool { return awsAccount == "" || b.AWSAccount == awsAccount },
		},
	}
}

// wrote invalidates every listing: a write may change any listed object.
func (r *apiReads) wrote() {
	r.accounts.invalidate()
	r.buckets.invalidate()
}

// getAWSAccount reads one connection as GET would, served by a listing page
// when the rent-or-buy rule bought one: the reader of refreshes' finders.
func (r *apiReads) getAWSAccount(ctx context.Context, id string) (*buckt.AWSAccount, error) {
	return r.accounts.read(ctx, id, "")
}
