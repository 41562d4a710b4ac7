package reads

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// fakeAPI is an organization of items "<scope>/<n>" with a value each, served
// by GET and by pages of 100 per scope, counting both. Its cursors are
// offsets, as the contract allows: what others delete or create before a
// cursor between two pages makes a walk skip or repeat items.
type fakeAPI struct {
	afterPage   func(page int) // when set, runs after each page is answered: other pipelines' writes
	gets, pages atomic.Int32
	widePages   atomic.Int32 // pages of the listing of every item
	pageErr     error
	paging      chan struct{} // when set, a page waits for it
	mu          sync.Mutex
	ids         []string
	values      map[string]string
}

func newFakeAPI(scopes map[string]int) *fakeAPI {
	f := &fakeAPI{values: map[string]string{}}
	for scope, n := range scopes {
		for i := range n {
			id := fmt.Sprintf("%s/%d", scope, i)
			f.ids = append(f.ids, id)
			f.values[id] = id
		}
	}
	return f
}

func (f *fakeAPI) reader() *pagedReader[string] {
	return &pagedReader[string]{
		kind:    "thing",
		key:     func(v string) string { id, _, _ := strings.Cut(v, "="); return id },
		scopeOf: func(v string) string { scope, _, _ := strings.Cut(v, "/"); return scope },
		get: func(_ context.Context, id string) (*string, error) {
			f.gets.Add(1)
			f.mu.Lock()
			defer f.mu.Unlock()
			if v, ok := f.values[id]; ok {
				return &v, nil
			}
			return nil, &buckt.APIError{StatusCode: 404}
		},
		page: func(_ context.Context, scope, cursor string) ([]string, string, error) {
			f.pages.Add(1)
			if scope == "" {
				f.widePages.Add(1)
			}
			if f.paging != nil {
				<-f.paging
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			var inScope []string
			for _, id := range f.ids {
				if scope == "" || strings.HasPrefix(id, scope+"/") {
					inScope = append(inScope, f.values[id])
				}
			}
			start, _ := strconv.Atoi(cursor)
			end := min(start+buckt.MaxPageSize, len(inScope))
			next := ""
			if end < len(inScope) {
				next = strconv.Itoa(end)
			}
			if f.afterPage != nil {
				defer f.afterPage(int(f.pages.Load()))
			}
			return inScope[start:end], next, f.pageErr
		},
	}
}

// add creates item id, first in every listing; f.mu is not held.
func (f *fakeAPI) add(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ids = append([]string{id}, f.ids...)
	f.values[id] = id
}

// remove deletes item id; f.mu is held (afterPage runs under it).
func (f *fakeAPI) removeLocked(id string) {
	f.ids = slices.DeleteFunc(f.ids, func(other string) bool { return other == id })
	delete(f.values, id)
}

func (f *fakeAPI) requests() int { return int(f.gets.Load() + f.pages.Load()) }

// refresh reads ids in a random order, ten at a time as Terraform does, and
// checks every answer.
func refresh(t *testing.T, r *pagedReader[string], ids []string, scope func(string) string) {
	t.Helper()
	order := append([]string(nil), ids...)
	rand.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	slots := make(chan struct{}, 10)
	var wg sync.WaitGroup
	for _, id := range order {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			if got, err := r.read(context.Background(), id, scope(id)); err != nil || *got != id {
				t.Errorf("read(%s) = %v, %v", id, got, err)
			}
		})
	}
	wg.Wait()
}

// TestRefreshBudget: one GET per object, a quarter more for pages, plus 2.
func TestRefreshBudget(t *testing.T) {
	for n, want := range map[int]float64{0: 2, 4: 7, 100: 127, 1000: 1252} {
		if got := RefreshBudget(n); got != want {
			t.Errorf("RefreshBudget(%d) = %v, want %v", n, got, want)
		}
	}
}

// TestPagedReader_refreshCostInEveryRegime: reading N of the T objects of an
// organization costs at most RefreshBudget(N) requests, and at most 0.15 per object
// when the workspace holds them all.
func TestPagedReader_refreshCostInEveryRegime(t *testing.T) {
	for _, n := range []int{1, 4, 12, 100, 500, 1000} {
		for _, total := range []int{n, 10 * n, n + 3000} {
			t.Run(fmt.Sprintf("N=%d,T=%d", n, total), func(t *testing.T) {
				api := newFakeAPI(map[string]int{"org": total})
				r := api.reader()
				refresh(t, r, api.ids[:n], func(string) string { return "" })
				cost, bound := api.requests(), RefreshBudget(n)
				if n == total && n >= 100 {
					bound = 0.15 * float64(n)
				}
				if float64(cost) > bound {
					t.Errorf("%d reads cost %d requests (%d GETs, %d pages), budget %.0f", n, cost, api.gets.Load(), api.pages.Load(), bound)
				}
			})
		}
	}
}

// TestPagedReader_listsBucketsPerConnection: the buckets of one large
// connection are paged from that connection's listing, not the organization's.
func TestPagedReader_listsBucketsPerConnection(t *testing.T) {
	api := newFakeAPI(map[string]int{"awa_a": 400, "awa_b": 1000, "awa_c": 1000})
	r := api.reader()
	var managed []string
	for _, id := range api.ids {
		if strings.HasPrefix(id, "awa_a/") {
			managed = append(managed, id)
		}
	}
	refresh(t, r, managed, connectionOf)
	if cost := api.requests(); cost > 30 || api.widePages.Load() != 0 {
		t.Errorf("refreshing the 400 buckets of one connection cost %d requests (%d wide pages), want its 4 pages and some GETs",
			cost, api.widePages.Load())
	}
}

// TestPagedReader_goesWideForManySmallConnections: when every connection holds
// a couple of buckets, their pages are thin, and the organization's listing
// serves the refresh instead.
func TestPagedReader_goesWideForManySmallConnections(t *testing.T) {
	scopes := map[string]int{}
	for i := range 250 {
		scopes[fmt.Sprintf("awa_%03d", i)] = 2
	}
	api := newFakeAPI(scopes)
	r := api.reader()
	refresh(t, r, api.ids, connectionOf)
	if cost := api.requests(); cost > 75 {
		t.Errorf("refreshing 500 buckets of 250 connections cost %d requests (%d GETs, %d pages, %d wide), budget 0.15 each",
			cost, api.gets.Load(), api.pages.Load(), api.widePages.Load())
	}
}

// connectionOf is the scope of a fake bucket: its connection.
func connectionOf(id string) string { s, _, _ := strings.Cut(id, "/"); return s }

// TestPagedReader_missIsConfirmedByGet: an object missing from a listing
// walked to its end is not gone until its GET says so; the GET answers.
func TestPagedReader_missIsConfirmedByGet(t *testing.T) {
	api := newFakeAPI(map[string]int{"org": 20})
	r := api.reader()
	if _, err := r.all(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := r.read(t.Context(), "gone", ""); !buckt.IsNotFound(err) || api.gets.Load() != 1 {
		t.Errorf("err = %v after %d GETs, want the 404 of one GET", err, api.gets.Load())
	}
	api.add("org/late")
	if got, err := r.read(t.Context(), "org/late", "org"); err != nil || *got != "org/late" {
		t.Errorf("an object created after the walk: read = %v, %v; want it found by its GET", got, err)
	}
}

func TestPagedReader_fallsBackWhenAPageFails(t *testing.T) {
	api := newFakeAPI(map[string]int{"org": 20})
	api.pageErr = errors.New("listing is down")
	r := api.reader()
	r.gets = getsPerPage // the next miss may buy a page
	for range 3 {
		if got, err := r.read(context.Background(), "org/1", ""); err != nil || *got != "org/1" {
			t.Fatalf("read = %v, %v", got, err)
		}
	}
	if api.pages.Load() != 1 || api.gets.Load() != 3 {
		t.Errorf("%d pages, %d GETs: want one failed page, then GETs", api.pages.Load(), api.gets.Load())
	}
}

// TestPagedReader_allSharesTheListing: resolving natural keys lists a scope
// once, and reads after it cost nothing.
func TestPagedReader_allSharesTheListing(t *testing.T) {
	api := newFakeAPI(map[string]int{"awa_a": 150, "awa_b": 50})
	r := api.reader()
	var wg sync.WaitGroup
	for range 150 {
		wg.Go(func() {
			items, err := r.all(context.Background(), "awa_a")
			if err != nil || len(items) != 150 {
				t.Errorf("all = %d items, %v", len(items), err)
			}
		})
	}
	wg.Wait()
	if pages := api.requests(); pages != 2 {
		t.Errorf("%d requests for 150 listings of awa_a's 150, want its 2 pages", pages)
	}
	refresh(t, r, api.ids, func(string) string { return "" })
	if rest := api.requests() - 2; float64(rest) > RefreshBudget(50) {
		t.Errorf("%d requests for awa_b's 50 after awa_a was listed: want awa_a read from its listing", rest)
	}
}

func TestPagedReader_neverServesAPageThatAWriteOverlapped(t *testing.T) {
	api := newFakeAPI(map[string]int{"org": 20})
	api.paging = make(chan struct{})
	r := api.reader()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = r.all(context.Background(), "") // pages, blocked
	}()
	for api.pages.Load() == 0 {
		// wait for the page to be requested
	}
	api.mu.Lock()
	api.values["org/1"] = "org/1=changed"
	api.mu.Unlock()
	r.invalidate() // the write lands while the page is in flight
	close(api.paging)
	<-done
	api.paging = nil
	got, err := r.read(context.Background(), "org/1", "")
	if err != nil || *got != "org/1=changed" {
		t.Errorf("after a write, read = %v, %v: served a page older than the write", got, err)
	}
}

func TestPagedReader_invalidatedByWrites(t *testing.T) {
	api := newFakeAPI(map[string]int{"org": 20})
	r := api.reader()
	if _, err := r.all(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	api.mu.Lock()
	api.values["org/1"] = "org/1=changed"
	api.mu.Unlock()
	r.invalidate()
	if got, err := r.read(context.Background(), "org/1", ""); err != nil || *got != "org/1=changed" {
		t.Errorf("read after invalidate = %v, %v", got, err)
	}
}

// TestPagedReader_walkSkippingWhileOthersDeleteLosesNothing: another pipeline
// deletes objects before the cursor while a refresh walks the listing, so
// the walk skips objects that still exist; every read still finds its object
// (a GET confirms what the walk missed), none is answered gone.
func TestPagedReader_walkSkippingWhileOthersDeleteLosesNothing(t *testing.T) {
	api := newFakeAPI(map[string]int{"org": 300})
	mine, theirs := slices.Clone(api.ids[20:]), slices.Clone(api.ids[:20])
	api.afterPage = func(page int) {
		if page == 1 {
			for _, id := range theirs {
				api.removeLocked(id)
			}
		}
	}
	r := api.reader()
	if _, err := r.all(t.Context(), ""); err != nil {
		t.Fatal(err)
	}
	skipped := 0
	for _, id := range mine {
		if _, known := r.known[id]; !known {
			skipped++
		}
	}
	if skipped == 0 {
		t.Fatal("the walk skipped nothing: the test no longer shifts the pages")
	}
	refresh(t, r, mine, func(string) string { return "" })
	if gets := int(api.gets.Load()); gets != skipped {
		t.Errorf("%d GETs for the %d objects the walk skipped, want one each", gets, skipped)
	}
}

// TestPagedReader_walkRepeatingWhileOthersCreateShowsEachOnce: another
// pipeline creates objects before the cursor while the listing is walked, so
// the walk shows objects twice; all returns each once.
func TestPagedReader_walkRepeatingWhileOthersCreateShowsEachOnce(t *testing.T) {
	api := newFakeAPI(map[string]int{"org": 250})
	api.afterPage = func(page int) {
		if page == 1 {
			for i := range 30 {
				id := fmt.Sprintf("org/new-%d", i)
				api.ids = append([]string{id}, api.ids...)
				api.values[id] = id
			}
		}
	}
	items, err := api.reader().all(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, item := range items {
		seen[item]++
	}
	for item, n := range seen {
		if n != 1 {
			t.Errorf("%s returned %d times", item, n)
		}
	}
	if len(seen) < 250 {
		t.Errorf("%d objects, want at least the 250 that were there throughout", len(seen))
	}
}

// TestPagedReader_readsWithoutScopePageTheConnectionTheyBelongTo: the plan of
// a query's import blocks reads buckets by id alone. Their GETs show which
// connection they belong to, and that connection's listing serves the rest,
// whatever the organization holds: at most 0.15 T + 5 requests for T buckets.
func TestPagedReader_readsWithoutScopePageTheConnectionTheyBelongTo(t *testing.T) {
	scopes := map[string]int{"awa_mine": 150}
	for i := range 22 {
		scopes[fmt.Sprintf("awa_%02d", i)] = 100
	}
	api := newFakeAPI(scopes)
	// Buckets imported over time: the organization's listing mixes connections.
	shuffle := rand.New(rand.NewPCG(1, 2))
	shuffle.Shuffle(len(api.ids), func(i, j int) { api.ids[i], api.ids[j] = api.ids[j], api.ids[i] })
	r := api.reader()
	var mine []string
	for _, id := range api.ids {
		if strings.HasPrefix(id, "awa_mine/") {
			mine = append(mine, id)
		}
	}
	refresh(t, r, mine, func(string) string { return "" })
	if cost, budget := api.requests(), 0.15*float64(len(mine))+5; float64(cost) > budget || api.widePages.Load() != 0 {
		t.Errorf("reading %d buckets of one connection by id cost %d requests (%d GETs, %d pages, %d wide), budget %.1f",
			len(mine), cost, api.gets.Load(), api.pages.Load(), api.widePages.Load(), budget)
	}
}

// TestPagedReader_cursorRepeatedEndsPaging: a listing that answers a cursor
// it answered before would be walked for ever; reads fall back to GETs.
func TestPagedReader_cursorRepeatedEndsPaging(t *testing.T) {
	api := newFakeAPI(map[string]int{"org": 300})
	r := api.reader()
	page := r.page
	r.page = func(ctx context.Context, scope, _ string) ([]string, string, error) {
		items, _, err := page(ctx, scope, "")
		return items, "again", err
	}
	if _, err := r.all(t.Context(), ""); !errors.Is(err, errCursorRepeated) {
		t.Errorf("all = %v, want errCursorRepeated", err)
	}
	if got, err := r.read(t.Context(), "org/250", ""); err != nil || *got != "org/250" {
		t.Errorf("read after the failed walk = %v, %v", got, err)
	}
}
