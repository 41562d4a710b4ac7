package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// The two windows of a batcher under test are told apart by their length;
// they never elapse by themselves: the test fires them.
const (
	testWindow    = time.Millisecond
	testWindowMax = 2 * time.Millisecond
)

// batchWindows are the windows batches opened, in order, for a test to fire.
type batchWindows struct {
	mu               sync.Mutex
	minimum, maximum []chan time.Time
}

func (w *batchWindows) after(d time.Duration) <-chan time.Time {
	ch := make(chan time.Time, 1)
	w.mu.Lock()
	defer w.mu.Unlock()
	if d == testWindow {
		w.minimum = append(w.minimum, ch)
	} else {
		w.maximum = append(w.maximum, ch)
	}
	return ch
}

// fire ends a window of the batch-th batch opened (0 is the first), waiting
// for the batch to open.
func (w *batchWindows) fire(t *testing.T, windows *[]chan time.Time, batch int) {
	t.Helper()
	waitFor(t, fmt.Sprintf("batch %d to open", batch), func() bool {
		w.mu.Lock()
		defer w.mu.Unlock()
		return len(*windows) > batch
	})
	w.mu.Lock()
	defer w.mu.Unlock()
	(*windows)[batch] <- time.Time{}
}

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

func (f *fakeImports) send(ctx context.Context, account string, names []string) ([]importedBucket, error) {
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
	out := make([]importedBucket, len(names))
	for i, name := range names {
		f.imported[name]++
		out[i] = importedBucket{id: "bkt_" + account + "_" + name}
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

// testBatcher is a batcher over imports whose windows the test fires.
func testBatcher(imports *fakeImports) (*importBatcher, *batchWindows) {
	windows := &batchWindows{}
	b := newImportBatcher(imports.send)
	b.window, b.maxWindow, b.after = testWindow, testWindowMax, windows.after
	return b, windows
}

// importOutcome is what one importBucket call returned.
type importOutcome struct {
	name   string
	result importedBucket
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

// collect waits for n outcomes, by name.
func collect(t *testing.T, outcomes <-chan importOutcome, n int) map[string]importOutcome {
	t.Helper()
	got := map[string]importOutcome{}
	for range n {
		select {
		case o := <-outcomes:
			got[o.name] = o
		case <-time.After(10 * time.Second):
			t.Fatalf("only %d of %d imports returned", len(got), n)
		}
	}
	return got
}

// waitParked waits until n imports wait in batches not sent yet.
func waitParked(t *testing.T, b *importBatcher, n int) {
	t.Helper()
	waitFor(t, fmt.Sprintf("%d imports to wait in a batch", n), func() bool {
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.parked == n
	})
}

// waitFor polls cond for up to 10 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// stillWaiting is how long a test watches a batch that must not leave.
const stillWaiting = 20 * time.Millisecond

// expectNoCallWithin asserts imports made no more than calls calls during
// stillWaiting: the batch is still waiting.
func expectNoCallWithin(t *testing.T, imports *fakeImports, calls int) {
	t.Helper()
	time.Sleep(stillWaiting)
	if n := imports.callCount(); n != calls {
		t.Fatalf("%d import calls, want %d: a batch left before its window", n, calls)
	}
}

func TestImportBatcher_windowGathersConcurrentImportsIntoOneCall(t *testing.T) {
	imports := &fakeImports{}
	b, windows := testBatcher(imports)
	names := []string{"a", "b", "c", "d", "e"}
	outcomes := startImports(t.Context(), b, "awa_1", names...)
	waitParked(t, b, len(names))
	expectNoCallWithin(t, imports, 0)

	windows.fire(t, &windows.minimum, 0)
	got := collect(t, outcomes, len(names))
	if sizes := imports.callSizes(); !slices.Equal(sizes, []int{5}) {
		t.Fatalf("import calls of %v names, want one of 5", sizes)
	}
	for _, name := range names {
		if o := got[name]; o.err != nil || o.result.id != "bkt_awa_1_"+name {
			t.Errorf("%s: id %q, error %v; want its own id bkt_awa_1_%s", name, o.result.id, o.err, name)
		}
	}
}

func TestImportBatcher_connectionsHaveTheirOwnBatches(t *testing.T) {
	imports := &fakeImports{}
	b, windows := testBatcher(imports)
	first := startImports(t.Context(), b, "awa_1", "a", "b")
	second := startImports(t.Context(), b, "awa_2", "a")
	waitParked(t, b, 3)
	for batch := range 2 {
		windows.fire(t, &windows.minimum, batch)
		windows.fire(t, &windows.maximum, batch)
	}
	got1, got2 := collect(t, first, 2), collect(t, second, 1)
	if sizes := imports.callSizes(); !slices.Equal(slices.Sorted(slices.Values(sizes)), []int{1, 2}) {
		t.Fatalf("import calls of %v names, want one of 2 (awa_1) and one of 1 (awa_2)", sizes)
	}
	if got1["a"].result.id != "bkt_awa_1_a" || got2["a"].result.id != "bkt_awa_2_a" {
		t.Errorf("ids %q and %q: each connection must import its own names", got1["a"].result.id, got2["a"].result.id)
	}
}

// After the short window a batch that holds less than half of the imports
// that run at once still waits (the others may come back as creates of its
// connection), and leaves at the long window.
func TestImportBatcher_waitsForTheLongWindowWhileOtherImportsRun(t *testing.T) {
	imports := &fakeImports{gate: make(chan struct{})}
	b, windows := testBatcher(imports)
	elsewhere := startImports(t.Context(), b, "awa_2", "x", "y", "z")
	waitParked(t, b, 3)
	windows.fire(t, &windows.minimum, 0) // awa_2's batch leaves and hangs in the gate
	waitFor(t, "awa_2's import call", func() bool { return imports.callCount() == 1 })

	outcomes := startImports(t.Context(), b, "awa_1", "a")
	waitParked(t, b, 1)
	windows.fire(t, &windows.minimum, 1)
	expectNoCallWithin(t, imports, 1)
	windows.fire(t, &windows.maximum, 1)
	waitFor(t, "awa_1's import call", func() bool { return imports.callCount() == 2 })
	close(imports.gate)
	if o := collect(t, outcomes, 1)["a"]; o.err != nil || o.result.id != "bkt_awa_1_a" {
		t.Errorf("a: id %q, error %v", o.result.id, o.err)
	}
	collect(t, elsewhere, 3)
}

// Once a batch has left, a batch leaves after the short window with half of
// what runs at once: the other half gathers while it is in flight.
func TestImportBatcher_laterBatchesLeaveWithHalfOfWhatRunsAtOnce(t *testing.T) {
	imports := &fakeImports{}
	b, windows := testBatcher(imports)
	first := startImports(t.Context(), b, "awa_1", "a", "b", "c", "d")
	waitParked(t, b, 4)
	windows.fire(t, &windows.minimum, 0)
	collect(t, first, 4)

	half := startImports(t.Context(), b, "awa_1", "e", "f")
	waitParked(t, b, 2)
	expectNoCallWithin(t, imports, 1)
	windows.fire(t, &windows.minimum, 1)
	collect(t, half, 2)
	if sizes := imports.callSizes(); !slices.Equal(sizes, []int{4, 2}) {
		t.Fatalf("import calls of %v names, want 4 then 2", sizes)
	}
}

// Batches leave without waiting for their windows once they hold as many
// imports as ran at once before (Terraform's parallelism is then used up: no
// other create can come), all together.
func TestImportBatcher_batchesLeaveOnceEveryImportInFlightWaits(t *testing.T) {
	imports := &fakeImports{}
	b, windows := testBatcher(imports)
	first := startImports(t.Context(), b, "awa_0", "a", "b", "c")
	waitParked(t, b, 3)
	windows.fire(t, &windows.minimum, 0)
	collect(t, first, 3)

	// Two of three arrive, in two connections: both batches wait; the third
	// import makes both leave, without waiting for their windows.
	one := startImports(t.Context(), b, "awa_1", "d")
	waitParked(t, b, 1)
	two := startImports(t.Context(), b, "awa_2", "e")
	waitParked(t, b, 2)
	expectNoCallWithin(t, imports, 1)
	more := startImports(t.Context(), b, "awa_1", "f")
	collect(t, one, 1)
	collect(t, two, 1)
	collect(t, more, 1)
	if sizes := imports.callSizes(); !slices.Equal(sizes[:1], []int{3}) || !slices.Equal(slices.Sorted(slices.Values(sizes[1:])), []int{1, 2}) {
		t.Fatalf("import calls of %v names, want 3, then 2 (awa_1) and 1 (awa_2)", sizes)
	}
}

func TestImportBatcher_batchesCarryAtMost100Names(t *testing.T) {
	imports := &fakeImports{}
	b, windows := testBatcher(imports)
	names := make([]string, 250)
	for i := range names {
		names[i] = fmt.Sprintf("b-%03d", i)
	}
	outcomes := startImports(t.Context(), b, "awa_1", names...)
	// Two full batches leave by themselves; the last 50 wait for their window.
	waitFor(t, "two full batches", func() bool { return imports.callCount() == 2 })
	waitParked(t, b, 50)
	windows.fire(t, &windows.minimum, 2)
	windows.fire(t, &windows.maximum, 2)
	got := collect(t, outcomes, len(names))
	if sizes := imports.callSizes(); !slices.Equal(sizes, []int{100, 100, 50}) {
		t.Fatalf("import calls of %v names, want 100, 100, 50", sizes)
	}
	for _, name := range names {
		if n := imports.imported[name]; n != 1 || got[name].err != nil {
			t.Errorf("%s imported %d times (error %v), want once", name, n, got[name].err)
		}
	}
}

// A refused batch imported nothing; each name is then imported alone, so each
// create gets the answer of its own name and the good ones are imported once.
func TestImportBatcher_refusedBatchFallsBackToOneImportPerName(t *testing.T) {
	missing := &buckt.APIError{StatusCode: http.StatusUnprocessableEntity, Type: "validation_error", Message: "not visible"}
	taken := &buckt.APIError{StatusCode: http.StatusConflict, Type: "conflict_error", Message: "already imported as bkt_9"}
	imports := &fakeImports{refuse: map[string]error{"missing": missing, "taken": taken}}
	b, windows := testBatcher(imports)
	names := []string{"good-1", "missing", "good-2", "taken"}
	outcomes := startImports(t.Context(), b, "awa_1", names...)
	waitParked(t, b, len(names))
	windows.fire(t, &windows.minimum, 0)
	got := collect(t, outcomes, len(names))

	if !errors.Is(got["missing"].err, buckt.ErrValidation) || !errors.Is(got["taken"].err, buckt.ErrConflict) {
		t.Errorf("missing: %v, taken: %v; want each its own error (422, 409)", got["missing"].err, got["taken"].err)
	}
	for _, name := range []string{"good-1", "good-2"} {
		if o := got[name]; o.err != nil || o.result.id != "bkt_awa_1_"+name || imports.imported[name] != 1 {
			t.Errorf("%s: id %q, error %v, imported %d times; want imported once", name, o.result.id, o.err, imports.imported[name])
		}
	}
	if sizes := imports.callSizes(); !slices.Equal(sizes, []int{4, 1, 1, 1, 1}) {
		t.Errorf("import calls of %v names, want the batch of 4 then one call per name", sizes)
	}
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
			imports := &fakeImports{fail: fault}
			b, windows := testBatcher(imports)
			names := []string{"a", "b", "c"}
			outcomes := startImports(t.Context(), b, "awa_1", names...)
			waitParked(t, b, len(names))
			windows.fire(t, &windows.minimum, 0)
			for name, o := range collect(t, outcomes, len(names)) {
				if !errors.Is(o.err, fault) {
					t.Errorf("%s: error %v, want the batch's %v", name, o.err, fault)
				}
			}
			if n := imports.callCount(); n != 1 {
				t.Errorf("%d import calls, want only the batch", n)
			}
		})
	}
}

// A batch of one that is refused is not tried again: its error is the import's.
func TestImportBatcher_loneRefusedImportIsNotRepeated(t *testing.T) {
	missing := &buckt.APIError{StatusCode: http.StatusUnprocessableEntity, Type: "validation_error"}
	imports := &fakeImports{refuse: map[string]error{"missing": missing}}
	b, windows := testBatcher(imports)
	outcomes := startImports(t.Context(), b, "awa_1", "missing")
	waitParked(t, b, 1)
	windows.fire(t, &windows.minimum, 0)
	if o := collect(t, outcomes, 1)["missing"]; !errors.Is(o.err, missing) || imports.callCount() != 1 {
		t.Errorf("error %v after %d calls, want the 422 after one", o.err, imports.callCount())
	}
}

func TestImportBatcher_cancelledWaiterLeavesTheOthersAlone(t *testing.T) {
	t.Run("before the batch is sent", func(t *testing.T) {
		imports := &fakeImports{}
		b, windows := testBatcher(imports)
		ctx, cancel := context.WithCancel(t.Context())
		cancelled := startImports(ctx, b, "awa_1", "gone")
		others := startImports(t.Context(), b, "awa_1", "a", "b")
		waitParked(t, b, 3)
		cancel()
		if o := collect(t, cancelled, 1)["gone"]; !errors.Is(o.err, context.Canceled) {
			t.Fatalf("the cancelled import returned %v, want context.Canceled", o.err)
		}
		windows.fire(t, &windows.minimum, 0)
		for name, o := range collect(t, others, 2) {
			if o.err != nil || o.result.id != "bkt_awa_1_"+name {
				t.Errorf("%s: id %q, error %v", name, o.result.id, o.err)
			}
		}
		if imports.imported["gone"] != 0 || !slices.Equal(imports.callSizes(), []int{2}) {
			t.Errorf("calls of %v names, %q imported %d times: the cancelled name must leave the batch",
				imports.callSizes(), "gone", imports.imported["gone"])
		}
	})
	t.Run("while the batch is in flight", func(t *testing.T) {
		imports := &fakeImports{gate: make(chan struct{})}
		b, windows := testBatcher(imports)
		ctx, cancel := context.WithCancel(t.Context())
		cancelled := startImports(ctx, b, "awa_1", "gone")
		others := startImports(t.Context(), b, "awa_1", "a", "b")
		waitParked(t, b, 3)
		windows.fire(t, &windows.minimum, 0)
		waitFor(t, "the batch's call", func() bool { return imports.callCount() == 1 })
		cancel()
		if o := collect(t, cancelled, 1)["gone"]; !errors.Is(o.err, context.Canceled) {
			t.Fatalf("the cancelled import returned %v, want context.Canceled at once", o.err)
		}
		if err := imports.ctxs[0].Err(); err != nil {
			t.Fatalf("the batch's request was cancelled (%v) although two of its creates still wait", err)
		}
		close(imports.gate)
		for name, o := range collect(t, others, 2) {
			if o.err != nil || o.result.id != "bkt_awa_1_"+name {
				t.Errorf("%s: id %q, error %v", name, o.result.id, o.err)
			}
		}
	})
	t.Run("every waiter cancelled while the batch is in flight", func(t *testing.T) {
		imports := &fakeImports{gate: make(chan struct{})}
		defer close(imports.gate)
		b, windows := testBatcher(imports)
		ctx, cancel := context.WithCancel(t.Context())
		outcomes := startImports(ctx, b, "awa_1", "a", "b")
		waitParked(t, b, 2)
		windows.fire(t, &windows.minimum, 0)
		waitFor(t, "the batch's call", func() bool { return imports.callCount() == 1 })
		cancel()
		collect(t, outcomes, 2)
		if err := imports.ctxs[0].Err(); !errors.Is(err, context.Canceled) {
			t.Errorf("the batch's request goes on (%v) with nobody left to wait for it", err)
		}
	})
}

// With the real windows, a create alone waits the short window and not the
// long one.
func TestImportBatcher_loneImportWaitsOnlyTheShortWindow(t *testing.T) {
	imports := &fakeImports{}
	b := newImportBatcher(imports.send)
	start := time.Now()
	result, err := b.importBucket(t.Context(), "awa_1", "alone")
	took := time.Since(start)
	if err != nil || result.id != "bkt_awa_1_alone" {
		t.Fatalf("id %q, error %v", result.id, err)
	}
	if took < importWindow || took >= importWindowMax {
		t.Errorf("a lone import took %s, want at least the short window %s and less than the long one %s",
			took, importWindow, importWindowMax)
	}
}
