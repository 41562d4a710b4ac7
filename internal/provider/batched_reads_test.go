package provider

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// fakeAPI is an organization of items "<scope>/<n>" with a value each, served
// by GET and by pages of 100 per scope, counting both.
type fakeAPI struct {
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
		inScope: func(v string, scope string) bool { return scope == "" || strings.HasPrefix(v, scope+"/") },
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
			return inScope[start:end], next, f.pageErr
		},
	}
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

// TestPagedReaderRefreshCostInEveryRegime: reading N of the T objects of an
// organization costs at most RefreshBudget(N) requests, and at most 0.15 per object
// when the workspace holds them all.
func TestPagedReaderRefreshCostInEveryRegime(t *testing.T) {
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

// TestPagedReaderListsBucketsPerConnection: the buckets of one large
// connection are paged from that connection's listing, not the organization's.
func TestPagedReaderListsBucketsPerConnection(t *testing.T) {
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

// TestPagedReaderGoesWideForManySmallConnections: when every connection holds
// a couple of buckets, their pages are thin, and the organization's listing
// serves the refresh instead.
func TestPagedReaderGoesWideForManySmallConnections(t *testing.T) {
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

func TestPagedReaderMissingIsNotFound(t *testing.T) {
	api := newFakeAPI(map[string]int{"org": 20})
	r := api.reader()
	if _, err := r.all(context.Background(), ""); err != nil {
		t.Fatal(err)
	}
	if _, err := r.read(context.Background(), "gone", ""); !buckt.IsNotFound(err) {
		t.Errorf("err = %v, want a 404 from the complete listing", err)
	}
	if api.gets.Load() != 0 {
		t.Error("a complete listing was not trusted")
	}
}

func TestPagedReaderFallsBackWhenAPageFails(t *testing.T) {
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

// TestPagedReaderAllSharesTheListing: resolving natural keys lists a scope
// once, and reads after it cost nothing.
func TestPagedReaderAllSharesTheListing(t *testing.T) {
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
	refresh(t, r, api.ids, func(string) string { return "" })
	narrow, rest := api.pages.Load()-api.widePages.Load(), api.requests()-2
	if narrow != 2 || float64(rest) > RefreshBudget(50) {
		t.Errorf("%d pages of awa_a, then %d requests for awa_b's 50: want awa_a listed once and read from it", narrow, rest)
	}
}

func TestPagedReaderNeverServesAPageThatAWriteOverlapped(t *testing.T) {
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

func TestPagedReaderInvalidatedByWrites(t *testing.T) {
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
