package reads

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/clock"
)

// The batcher's tests run in a synctest bubble: its windows are the real ones,
// on the real clock, in the bubble's virtual time, which moves only when every
// goroutine of the bubble waits. synctest.Wait then shows what the batcher did
// by a given instant, exactly, with nothing slept in real time.

// fakeImports is an importFunc over a pretend Buckt: all-or-nothing, with
// names it refuses, as importBuckets is. It records every call, and what it
// imported, so tests can prove nothing was imported twice.
type fakeImports struct {
	refuse map[string]error // a name, and the error a call naming it gets
	fail   error            // when set, every call fails with it after doing nothing
	gate   chan struct{}    // when set, calls wait for it to close

	mu       sync.Mutex
	calls    [][]string
	imported map[string]int
	ctxs     []context.Context
}

func (f *fakeImports) send(ctx context.Context, account string, names []string) ([]Imported, error) {
	f.mu.Lock()
	f.calls = append(f.calls, slices.Clone(names))
	f.ctxs = append(f.ctxs, ctx)
	f.mu.Unlock()
	if f.gate != nil {
		<-f.gate
	}
	if f.fail != nil {
		return nil, f.fail
	}
	for _, name := range names {
		if err := f.refuse[name]; err != nil {
			return nil, err
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.imported == nil {
		f.imported = map[string]int{}
	}
	out := make([]Imported, len(names))
	for i, name := range names {
		f.imported[name]++
		out[i] = Imported{ID: "bkt_" + account + "_" + name}
	}
	return out, nil
}

// callSizes is the number of names of each call, in order.
func (f *fakeImports) callSizes() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	sizes := make([]int, len(f.calls))
	for i, c := range f.calls {
		sizes[i] = len(c)
	}
	return sizes
}

func (f *fakeImports) callCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

// testBatcher is a batcher over imports with the real windows; call it in a
// synctest bubble.
func testBatcher(imports *fakeImports) *importBatcher {
	return newImportBatcher(imports.send, clock.Real{})
}

// importOutcome is what one importBucket call returned.
type importOutcome struct {
	name   string
	result Imported
	err    error
}

// startImports runs importBucket for each name into account, each in its own
// goroutine with ctx, and returns the channel of their outcomes.
func startImports(ctx context.Context, b *importBatcher, account string, names ...string) <-chan importOutcome {
	out := make(chan importOutcome, len(names))
	for _, name := range names {
		go func() {
			result, err := b.importBucket(ctx, account, name)
			out <- importOutcome{name, result, err}
		}()
	}
	return out
}

// collect waits for n outcomes, by name; the bubble's time moves meanwhile.
func collect(t *testing.T, outcomes <-chan importOutcome, n int) map[string]importOutcome {
	t.Helper()
	got := map[string]importOutcome{}
	for range n {
		o := <-outcomes
		got[o.name] = o
	}
	return got
}

// settle lets d of the bubble's time pass, then waits until every goroutine
// of the bubble waits: what the batcher does by then is done.
func settle(d time.Duration) {
	time.Sleep(d)
	synctest.Wait()
}

// expectState asserts how many imports wait in batches not sent yet and how
// many import calls were made, once the bubble has settled.
func expectState(t *testing.T, b *importBatcher, imports *fakeImports, parked, calls int) {
	t.Helper()
	synctest.Wait()
	b.mu.Lock()
	gotParked := b.parked
	b.mu.Unlock()
	if gotParked != parked || imports.callCount() != calls {
		t.Fatalf("%d imports wait in batches and %d import calls were made (sizes %v), want %d and %d",
			gotParked, imports.callCount(), imports.callSizes(), parked, calls)
	}
}

func TestImportBatcher_windowGathersConcurrentImportsIntoOneCall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		imports := &fakeImports{}
		b := testBatcher(imports)
		names := []string{"a", "b", "c", "d", "e"}
		outcomes := startImports(t.Context(), b, "awa_1", names...)
		settle(importWindow - time.Nanosecond)
		expectState(t, b, imports, len(names), 0)

		got := collect(t, outcomes, len(names))
		if sizes := imports.callSizes(); !slices.Equal(sizes, []int{5}) {
			t.Fatalf("import calls of %v names, want one of 5", sizes)
		}
		for _, name := range names {
			if o := got[name]; o.err != nil || o.result.ID != "bkt_awa_1_"+name {
				t.Errorf("%s: id %q, error %v; want its own id bkt_awa_1_%s", name, o.result.ID, o.err, name)
			}
		}
	})
}

func TestImportBatcher_connectionsHaveTheirOwnBatches(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		imports := &fakeImports{}
		b := testBatcher(imports)
		first := startImports(t.Context(), b, "awa_1", "a", "b")
		second := startImports(t.Context(), b, "awa_2", "a")
		got1, got2 := collect(t, first, 2), collect(t, second, 1)
		if sizes := imports.callSizes(); !slices.Equal(slices.Sorted(slices.Values(sizes)), []int{1, 2}) {
			t.Fatalf("import calls of %v names, want one of 2 (awa_1) and one of 1 (awa_2)", sizes)
		}
		if got1["a"].result.ID != "bkt_awa_1_a" || got2["a"].result.ID != "bkt_awa_2_a" {
			t.Errorf("ids %q and %q: each connection must import its own names", got1["a"].result.ID, got2["a"].result.ID)
		}
	})
}

// After the short window a batch that holds less than half of the imports
// that run at once still waits (the others may come back as creates of its
// connection), and leaves at the long window.
func TestImportBatcher_waitsForTheLongWindowWhileOtherImportsRun(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		imports := &fakeImports{gate: make(chan struct{})}
		b := testBatcher(imports)
		elsewhere := startImports(t.Context(), b, "awa_2", "x", "y", "z")
		settle(importWindow) // awa_2's batch leaves and hangs in the gate
		expectState(t, b, imports, 0, 1)

		outcomes := startImports(t.Context(), b, "awa_1", "a")
		settle(importWindowMax - time.Nanosecond)
		expectState(t, b, imports, 1, 1)
		settle(time.Nanosecond)
		expectState(t, b, imports, 0, 2)
		close(imports.gate)
		if o := collect(t, outcomes, 1)["a"]; o.err != nil || o.result.ID != "bkt_awa_1_a" {
			t.Errorf("a: id %q, error %v", o.result.ID, o.err)
		}
		collect(t, elsewhere, 3)
	})
}

// Once a batch has left, a batch leaves after the short window with half of
// what runs at once: the other half gathers while it is in flight.
func TestImportBatcher_laterBatchesLeaveWithHalfOfWhatRunsAtOnce(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		imports := &fakeImports{}
		b := testBatcher(imports)
		collect(t, startImports(t.Context(), b, "awa_1", "a", "b", "c", "d"), 4)

		half := startImports(t.Context(), b, "awa_1", "e", "f")
		settle(importWindow - time.Nanosecond)
		expectState(t, b, imports, 2, 1)
		settle(time.Nanosecond)
		expectState(t, b, imports, 0, 2)
		collect(t, half, 2)
		if sizes := imports.callSizes(); !slices.Equal(sizes, []int{4, 2}) {
			t.Fatalf("import calls of %v names, want 4 then 2", sizes)
		}
	})
}

// Batches leave without waiting for their windows once they hold as many
// imports as ran at once before (Terraform's parallelism is then used up: no
// other create can come), all together.
func TestImportBatcher_batchesLeaveOnceEveryImportInFlightWaits(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		imports := &fakeImports{}
		b := testBatcher(imports)
		collect(t, startImports(t.Context(), b, "awa_0", "a", "b", "c"), 3)

		// Two of three arrive, in two connections: both batches wait; the
		// third import makes both leave at that instant.
		start := time.Now()
		one := startImports(t.Context(), b, "awa_1", "d")
		two := startImports(t.Context(), b, "awa_2", "e")
		expectState(t, b, imports, 2, 1)
		more := startImports(t.Context(), b, "awa_1", "f")
		expectState(t, b, imports, 0, 3)
		if waited := time.Since(start); waited != 0 {
			t.Errorf("the batches left after %s, want at once", waited)
		}
		collect(t, one, 1)
		collect(t, two, 1)
		collect(t, more, 1)
		if sizes := imports.callSizes(); !slices.Equal(sizes[:1], []int{3}) || !slices.Equal(slices.Sorted(slices.Values(sizes[1:])), []int{1, 2}) {
			t.Fatalf("import calls of %v names, want 3, then 2 (awa_1) and 1 (awa_2)", sizes)
		}
	})
}

func TestImportBatcher_batchesCarryAtMost100Names(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// The full batches hang in the gate, so that all 250 imports are in
		// flight at once however the goroutines are scheduled.
		imports := &fakeImports{gate: make(chan struct{})}
		b := testBatcher(imports)
		names := make([]string, 250)
		for i := range names {
			names[i] = fmt.Sprintf("b-%03d", i)
		}
		outcomes := startImports(t.Context(), b, "awa_1", names...)
		// Two full batches leave by themselves; the last 50 wait for their window.
		expectState(t, b, imports, 50, 2)
		close(imports.gate)
		got := collect(t, outcomes, len(names))
		if sizes := imports.callSizes(); !slices.Equal(sizes, []int{100, 100, 50}) {
			t.Fatalf("import calls of %v names, want 100, 100, 50", sizes)
		}
		for _, name := range names {
			if n := imports.imported[name]; n != 1 || got[name].err != nil {
				t.Errorf("%s imported %d times (error %v), want once", name, n, got[name].err)
			}
		}
	})
}

// A refused batch imported nothing; each name is then imported alone, so each
// create gets the answer of its own name and the good ones are imported once.
func TestImportBatcher_refusedBatchFallsBackToOneImportPerName(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		missing := &buckt.APIError{StatusCode: http.StatusUnprocessableEntity, Type: "validation_error", Message: "not visible"}
		taken := &buckt.APIError{StatusCode: http.StatusConflict, Type: "conflict_error", Message: "already imported as bkt_9"}
		imports := &fakeImports{refuse: map[string]error{"missing": missing, "taken": taken}}
		b := testBatcher(imports)
		names := []string{"good-1", "missing", "good-2", "taken"}
		got := collect(t, startImports(t.Context(), b, "awa_1", names...), len(names))

		if !errors.Is(got["missing"].err, buckt.ErrValidation) || !errors.Is(got["taken"].err, buckt.ErrConflict) {
			t.Errorf("missing: %v, taken: %v; want each its own error (422, 409)", got["missing"].err, got["taken"].err)
		}
		for _, name := range []string{"good-1", "good-2"} {
			if o := got[name]; o.err != nil || o.result.ID != "bkt_awa_1_"+name || imports.imported[name] != 1 {
				t.Errorf("%s: id %q, error %v, imported %d times; want imported once", name, o.result.ID, o.err, imports.imported[name])
			}
		}
		if sizes := imports.callSizes(); !slices.Equal(sizes, []int{4, 1, 1, 1, 1}) {
			t.Errorf("import calls of %v names, want the batch of 4 then one call per name", sizes)
		}
	})
}

// A failure that does not prove the batch imported nothing (429 or 5xx past
// the retries, a lost connection) is every member's error, as it would be
// alone: importing each name again could import it twice.
func TestImportBatcher_faultsFailEveryMemberWithoutFallback(t *testing.T) {
	for _, fault := range []error{
		&buckt.APIError{StatusCode: http.StatusServiceUnavailable, Type: "api_error", Attempts: 4},
		&buckt.APIError{StatusCode: http.StatusTooManyRequests, Type: "rate_limit_error", Attempts: 4},
		errors.New("connection reset by peer"),
	} {
		t.Run(fault.Error(), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				imports := &fakeImports{fail: fault}
				b := testBatcher(imports)
				names := []string{"a", "b", "c"}
				for name, o := range collect(t, startImports(t.Context(), b, "awa_1", names...), len(names)) {
					if !errors.Is(o.err, fault) {
						t.Errorf("%s: error %v, want the batch's %v", name, o.err, fault)
					}
				}
				if n := imports.callCount(); n != 1 {
					t.Errorf("%d import calls, want only the batch", n)
				}
			})
		})
	}
}

// A batch of one that is refused is not tried again: its error is the import's.
func TestImportBatcher_loneRefusedImportIsNotRepeated(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		missing := &buckt.APIError{StatusCode: http.StatusUnprocessableEntity, Type: "validation_error"}
		imports := &fakeImports{refuse: map[string]error{"missing": missing}}
		b := testBatcher(imports)
		if o := collect(t, startImports(t.Context(), b, "awa_1", "missing"), 1)["missing"]; !errors.Is(o.err, missing) || imports.callCount() != 1 {
			t.Errorf("error %v after %d calls, want the 422 after one", o.err, imports.callCount())
		}
	})
}

func TestImportBatcher_cancelledWaiterLeavesTheOthersAlone(t *testing.T) {
	t.Run("before the batch is sent", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			imports := &fakeImports{}
			b := testBatcher(imports)
			ctx, cancel := context.WithCancel(t.Context())
			cancelled := startImports(ctx, b, "awa_1", "gone")
			others := startImports(t.Context(), b, "awa_1", "a", "b")
			expectState(t, b, imports, 3, 0)
			cancel()
			if o := collect(t, cancelled, 1)["gone"]; !errors.Is(o.err, context.Canceled) {
				t.Fatalf("the cancelled import returned %v, want context.Canceled", o.err)
			}
			for name, o := range collect(t, others, 2) {
				if o.err != nil || o.result.ID != "bkt_awa_1_"+name {
					t.Errorf("%s: id %q, error %v", name, o.result.ID, o.err)
				}
			}
			if imports.imported["gone"] != 0 || !slices.Equal(imports.callSizes(), []int{2}) {
				t.Errorf("calls of %v names, %q imported %d times: the cancelled name must leave the batch",
					imports.callSizes(), "gone", imports.imported["gone"])
			}
		})
	})
	t.Run("while the batch is in flight", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			imports := &fakeImports{gate: make(chan struct{})}
			b := testBatcher(imports)
			ctx, cancel := context.WithCancel(t.Context())
			cancelled := startImports(ctx, b, "awa_1", "gone")
			others := startImports(t.Context(), b, "awa_1", "a", "b")
			settle(importWindow)
			expectState(t, b, imports, 0, 1)
			cancel()
			if o := collect(t, cancelled, 1)["gone"]; !errors.Is(o.err, context.Canceled) {
				t.Fatalf("the cancelled import returned %v, want context.Canceled at once", o.err)
			}
			if err := imports.ctxs[0].Err(); err != nil {
				t.Fatalf("the batch's request was cancelled (%v) although two of its creates still wait", err)
			}
			close(imports.gate)
			for name, o := range collect(t, others, 2) {
				if o.err != nil || o.result.ID != "bkt_awa_1_"+name {
					t.Errorf("%s: id %q, error %v", name, o.result.ID, o.err)
				}
			}
		})
	})
	t.Run("every waiter cancelled while the batch is in flight", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			imports := &fakeImports{gate: make(chan struct{})}
			defer close(imports.gate)
			b := testBatcher(imports)
			ctx, cancel := context.WithCancel(t.Context())
			outcomes := startImports(ctx, b, "awa_1", "a", "b")
			settle(importWindow)
			expectState(t, b, imports, 0, 1)
			cancel()
			collect(t, outcomes, 2)
			if err := imports.ctxs[0].Err(); !errors.Is(err, context.Canceled) {
				t.Errorf("the batch's request goes on (%v) with nobody left to wait for it", err)
			}
		})
	})
}

// A create alone waits the short window, not the long one.
func TestImportBatcher_loneImportWaitsOnlyTheShortWindow(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := testBatcher(&fakeImports{})
		start := time.Now()
		result, err := b.importBucket(t.Context(), "awa_1", "alone")
		if err != nil || result.ID != "bkt_awa_1_alone" {
			t.Fatalf("id %q, error %v", result.ID, err)
		}
		if took := time.Since(start); took != importWindow {
			t.Errorf("a lone import took %s, want the short window %s", took, importWindow)
		}
	})
}
