package provider

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

type fakeAPI struct {
	gets, lists atomic.Int32
	listErr     error
	listing     chan struct{} // when set, a listing waits for it
	items       map[string]string
	mu          sync.Mutex
}

func (f *fakeAPI) reader() *batchedReader[string] {
	return &batchedReader[string]{
		kind: "thing",
		key:  func(s string) string { id, _, _ := strings.Cut(s, ":"); return id },
		get: func(_ context.Context, id string) (*string, error) {
			f.gets.Add(1)
			f.mu.Lock()
			defer f.mu.Unlock()
			if v, ok := f.items[id]; ok {
				return &v, nil
			}
			return nil, &buckt.APIError{StatusCode: 404}
		},
		list: func(context.Context) ([]string, error) {
			f.lists.Add(1)
			if f.listing != nil {
				<-f.listing
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			var out []string
			for _, v := range f.items {
				out = append(out, v)
			}
			return out, f.listErr
		},
	}
}

func newFakeAPI(n int) *fakeAPI {
	f := &fakeAPI{items: map[string]string{}}
	for i := range n {
		id := fmt.Sprintf("id-%d", i)
		f.items[id] = id
	}
	return f
}

func TestBatchedReaderListsOnceAfterTheThreshold(t *testing.T) {
	api := newFakeAPI(500)
	r := api.reader()
	var wg sync.WaitGroup
	for i := range 500 {
		wg.Go(func() {
			id := fmt.Sprintf("id-%d", i)
			got, err := r.read(context.Background(), id)
			if err != nil || *got != id {
				t.Errorf("read(%s) = %v, %v", id, got, err)
			}
		})
	}
	wg.Wait()
	if gets, lists := api.gets.Load(), api.lists.Load(); gets > individualReadsBeforeListing || lists != 1 {
		t.Errorf("500 reads made %d GETs and %d listings, want at most %d GETs and 1 listing", gets, lists, individualReadsBeforeListing)
	}
}

func TestBatchedReaderSmallRefreshKeepsGETs(t *testing.T) {
	api := newFakeAPI(1000)
	r := api.reader()
	for i := range individualReadsBeforeListing {
		if _, err := r.read(context.Background(), fmt.Sprintf("id-%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if api.lists.Load() != 0 {
		t.Error("a refresh of a few objects listed the whole organization")
	}
}

func TestBatchedReaderMissingIsNotFound(t *testing.T) {
	api := newFakeAPI(20)
	r := api.reader()
	r.reads = individualReadsBeforeListing // next read lists
	if _, err := r.read(context.Background(), "gone"); !buckt.IsNotFound(err) {
		t.Errorf("err = %v, want a 404", err)
	}
}

func TestBatchedReaderFallsBackWhenListingFails(t *testing.T) {
	api := newFakeAPI(20)
	api.listErr = errors.New("listing is down")
	r := api.reader()
	r.reads = individualReadsBeforeListing
	for range 3 {
		if got, err := r.read(context.Background(), "id-1"); err != nil || *got != "id-1" {
			t.Fatalf("read = %v, %v", got, err)
		}
	}
	if api.lists.Load() != 1 || api.gets.Load() != 3 {
		t.Errorf("%d listings, %d GETs: want one failed listing, then GETs", api.lists.Load(), api.gets.Load())
	}
}

func TestBatchedReaderNeverServesAReadThatAWriteOverlapped(t *testing.T) {
	api := newFakeAPI(20)
	api.listing = make(chan struct{})
	r := api.reader()
	r.reads = individualReadsBeforeListing
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = r.read(context.Background(), "id-1") // lists, blocked
	}()
	for api.lists.Load() == 0 {
		// wait for the listing to start
	}
	api.mu.Lock()
	api.items["id-1"] = "id-1:changed"
	api.mu.Unlock()
	r.invalidate() // the write lands while the listing is in flight
	close(api.listing)
	<-done
	api.listing = nil
	got, err := r.read(context.Background(), "id-1")
	if err != nil || *got != "id-1:changed" {
		t.Errorf("after a write, read = %v, %v: served a listing older than the write", got, err)
	}
}

func TestBatchedReaderInvalidatedByWrites(t *testing.T) {
	api := newFakeAPI(20)
	r := api.reader()
	r.reads = individualReadsBeforeListing
	if _, err := r.read(context.Background(), "id-1"); err != nil {
		t.Fatal(err)
	}
	api.mu.Lock()
	api.items["id-1"] = "id-1:changed"
	api.mu.Unlock()
	r.invalidate()
	if got, err := r.read(context.Background(), "id-1"); err != nil || *got != "id-1:changed" {
		t.Errorf("read after invalidate = %v, %v", got, err)
	}
	if api.lists.Load() != 2 {
		t.Errorf("%d listings, want 2", api.lists.Load())
	}
}
