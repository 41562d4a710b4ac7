package reads

import (
	"context"
	"errors"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
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
// holds: n GETs, what reading them one at a time costs (an object a listing
// missed is one of them: its GET is what confirms it gone), plus the listing
// pages the rent-or-buy rule lets those GETs buy (a quarter of them, plus
// one), plus one for a listing read whatever the rule (by a data source or an
// import that needs the whole listing, whose pages then serve reads too). It
// is the provider's promise, so tests and the bench hold a refresh to it.
func RefreshBudget(n int) float64 {
	return float64(n)*(1+1.0/getsPerPage) + 2
}

// thinPage is the average number of objects below which pages of narrow
// listings (one connection's buckets) stop being worth buying: buckets spread
// over many small connections are then paged from the wide listing (every
// bucket), whose pages are full.
const thinPage = 50

// errCursorRepeated ends a walk whose listing answered a cursor it had
// answered before: following it could go on for ever.
var errCursorRepeated = errors.New("the listing answered the same cursor twice")

// pagedReader serves the reads of one kind of object (connections, buckets)
// within one provider instance, which lives for one Terraform operation. Reads
// come with a scope, the narrow listing that would contain them (a
// connection's awa_ id for its buckets), or "" when it is not known. Pages are
// fetched one at a time, as the rent-or-buy rule allows, from the read's
// narrow listing while those pay off, else from the wide one, and every object
// on them serves later reads. A read without a scope pages the narrow listing
// that the objects it had to GET belong to most often: importing a query's
// results reads buckets knowing only their ids, and one connection's listing
// then serves them. Any write through the provider drops what was listed, so
// a read that follows a write is never served stale.
//
// What a listing shows exists (as a GET a moment earlier would say); what it
// does not show is never taken for gone: see the package doc.
type pagedReader[T any] struct {
	get  func(ctx context.Context, id string) (*T, error)
	page func(ctx context.Context, scope, cursor string) ([]T, string, error)
	key  func(T) string
	// scopeOf is the narrow listing an object belongs to.
	scopeOf func(T) string
	kind    string

	mu          sync.Mutex
	gets        int // single GETs made, which pay for pages
	pages       int // listing pages fetched
	narrowPages int // pages of narrow listings, and the objects they brought
	narrowItems int
	generation  int // bumped by every write; a page fetched across one is dropped
	known       map[string]T
	listings    map[string]*listing
	// learned counts the scopes of the objects that reads without a scope
	// had to GET: where to page them from.
	learned map[string]int
	// fetching is closed when the page in flight arrives. One page at a time:
	// a miss waits for it, as it may hold the object, or prove a listing thin.
	fetching chan struct{}
	disabled bool // a page failed: reads fall back to GETs for good
}

// listing is how far one walk of a scope's listing has got.
type listing struct {
	cursor string
	done   bool
	seen   map[string]bool // cursors followed
}

// read returns one object, as GET would: a missing one is the GET's 404.
func (r *pagedReader[T]) read(ctx context.Context, id, scope string) (*T, error) {
	item, _, err := r.readListed(ctx, id, scope)
	return item, err
}

// readListed is read, telling whether a listing page (not a GET) answered.
func (r *pagedReader[T]) readListed(ctx context.Context, id, scope string) (*T, bool, error) {
	r.mu.Lock()
	for {
		if item, ok := r.known[id]; ok {
			r.mu.Unlock()
			return &item, true, nil
		}
		if r.fetching != nil {
			r.waitLocked(ctx, r.fetching)
			if err := ctx.Err(); err != nil {
				r.mu.Unlock()
				return nil, false, err
			}
			continue
		}
		pageScope := r.pagingScopeLocked(scope)
		l := r.listingLocked(pageScope)
		// A listing walked to its end without the object is no answer: the
		// object may have moved between its pages. The GET below decides.
		walked := l.done || (scope != "" && r.listingLocked(scope).done) || r.listingLocked("").done
		if walked || r.disabled || r.gets < getsPerPage*(r.pages+1) {
			break
		}
		_ = r.fetchLocked(ctx, pageScope, l) // a failure disables paging: the loop then GETs
	}
	r.gets++
	r.mu.Unlock()
	item, err := r.get(ctx, id)
	if err == nil && scope == "" {
		r.mu.Lock()
		if r.learned == nil {
			r.learned = map[string]int{}
		}
		r.learned[r.scopeOf(*item)]++
		r.mu.Unlock()
	}
	return item, false, err
}

// pagingScopeLocked is the listing a miss of scope buys its page from: the
// narrow one (for a read without a scope, the one its GETs found most often
// and not walked yet), unless narrow pages have proved thin; r.mu is held.
func (r *pagedReader[T]) pagingScopeLocked(scope string) string {
	if scope == "" {
		best := 0
		for s, n := range r.learned {
			if s != "" && !r.listingLocked(s).done && (n > best || n == best && s < scope) {
				scope, best = s, n
			}
		}
	}
	if r.narrowPages >= 1 && r.narrowItems < thinPage*r.narrowPages {
		return ""
	}
	return scope
}

// all returns every object of scope, listing what is not listed yet whatever
// the rent-or-buy rule says: resolving natural keys (imports, lookups by AWS
// account id) needs the whole listing, and shares it with every later read.
// An object shown twice by a walk is returned once; one that moved between
// pages may be missing: see again.
func (r *pagedReader[T]) all(ctx context.Context, scope string) ([]T, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		l := r.listingLocked(scope)
		switch {
		case l.done, r.listingLocked("").done:
			return r.inScopeLocked(scope), nil
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

// again walks the listing of scope once more from its first page and returns
// every object of scope seen by this walk or an earlier one: for a natural key
// that the last walk did not find, since objects that move while a listing is
// walked (others create and delete) can be skipped by one walk.
func (r *pagedReader[T]) again(ctx context.Context, scope string) ([]T, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := &listing{}
	for !l.done {
		if r.fetching != nil {
			r.waitLocked(ctx, r.fetching)
		} else if err := r.fetchLocked(ctx, scope, l); err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	r.listingLocked(scope)
	r.listings[scope] = l
	return r.inScopeLocked(scope), nil
}

// inScopeLocked is every known object of scope; r.mu is held.
func (r *pagedReader[T]) inScopeLocked(scope string) []T {
	var items []T
	for _, item := range r.known {
		if scope == "" || r.scopeOf(item) == scope {
			items = append(items, item)
		}
	}
	return items
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
	if err == nil && next != "" && l.seen[next] {
		err = errCursorRepeated
	}
	switch {
	case generation != r.generation:
		return nil
	case err != nil:
		tflog.Warn(ctx, "Listing failed; reading one at a time", map[string]any{"kind": r.kind, "error": err.Error()})
		r.disabled = true
		return err
	}
	r.listingLocked(scope) // a write may have dropped the maps since l was taken
	for _, item := range items {
		r.known[r.key(item)] = item
	}
	if scope != "" {
		r.narrowPages++
		r.narrowItems += len(items)
	}
	if l.seen == nil {
		l.seen = map[string]bool{}
	}
	l.seen[next] = true
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
