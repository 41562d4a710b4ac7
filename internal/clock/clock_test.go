package clock

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

var start = time.Date(2026, 4, 25, 12, 0, 0, 0, time.UTC)

func TestOrRealDefaultsToTheRealClock(t *testing.T) {
	if _, ok := OrReal(nil).(Real); !ok {
		t.Errorf("OrReal(nil) = %T, want Real", OrReal(nil))
	}
	fake := NewFake(start)
	if OrReal(fake) != fake {
		t.Error("OrReal replaced a given clock")
	}
}

// The real clock's waits end with their context, and its deadlines are real.
func TestReal(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := (Real{}).Sleep(canceled, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep on a cancelled context = %v, want context.Canceled at once", err)
	}
	if err := (Real{}).Sleep(canceled, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Sleep(0) on a cancelled context = %v, want context.Canceled", err)
	}
	if err := (Real{}).Sleep(context.Background(), time.Millisecond); err != nil {
		t.Errorf("Sleep(1ms) = %v", err)
	}
	past, cancelPast := (Real{}).WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancelPast()
	if !errors.Is(past.Err(), context.DeadlineExceeded) {
		t.Errorf("a deadline in the past: %v, want context.DeadlineExceeded", past.Err())
	}
	if since := time.Since((Real{}).Now()); since < 0 || since > time.Minute {
		t.Errorf("Now is %v away from time.Now", since)
	}
}

func TestFakeSleepsAndAdvancesAreExact(t *testing.T) {
	f := NewFake(start)
	ctx := context.Background()
	for _, d := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		if err := f.Sleep(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	f.Advance(500 * time.Millisecond)
	f.Advance(-time.Hour) // never back
	if got, want := f.Now(), start.Add(7500*time.Millisecond); !got.Equal(want) {
		t.Errorf("now %v, want %v", got, want)
	}
	if got, want := f.Sleeps(), []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}; !slices.Equal(got, want) {
		t.Errorf("sleeps %v, want %v (Advance is no sleep)", got, want)
	}

	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if err := f.Sleep(canceled, time.Minute); !errors.Is(err, context.Canceled) || len(f.Sleeps()) != 3 || !f.Now().Equal(start.Add(7500*time.Millisecond)) {
		t.Errorf("a sleep on a done context: %v, sleeps %v, now %v; want its error, nothing recorded or moved", err, f.Sleeps(), f.Now())
	}
}

// A context of WithDeadline ends when the clock reaches the deadline, whoever
// moves it; a sleep that would pass it stops there.
func TestFakeDeadlines(t *testing.T) {
	f := NewFake(start)
	ctx, cancel := f.WithDeadline(context.Background(), start.Add(10*time.Second))
	defer cancel()
	if _, ok := ctx.Deadline(); ok {
		t.Error("a fake deadline is reported to real timers")
	}
	f.Advance(9 * time.Second)
	if ctx.Err() != nil {
		t.Fatalf("done %v before its deadline", ctx.Err())
	}
	if err := f.Sleep(ctx, 5*time.Second); err == nil || !errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
		t.Errorf("a sleep past the deadline = %v (cause %v), want the context's end by its deadline", err, context.Cause(ctx))
	}
	if got, want := f.Now(), start.Add(10*time.Second); !got.Equal(want) {
		t.Errorf("the sleep moved the clock to %v, want the deadline %v", got, want)
	}

	outer, cancelOuter := f.WithDeadline(context.Background(), f.Now().Add(time.Second))
	defer cancelOuter()
	inner, cancelInner := f.WithDeadline(outer, f.Now().Add(time.Hour))
	defer cancelInner()
	if err := f.Sleep(inner, time.Minute); err == nil || !f.Now().Equal(start.Add(11*time.Second)) {
		t.Errorf("a later inner deadline: %v at %v, want the outer's at %v", err, f.Now(), start.Add(11*time.Second))
	}

	past, cancelPast := f.WithDeadline(context.Background(), start)
	defer cancelPast()
	if !errors.Is(context.Cause(past), context.DeadlineExceeded) {
		t.Errorf("a deadline already reached: %v", context.Cause(past))
	}
	canceled, cancelNow := f.WithDeadline(context.Background(), f.Now().Add(time.Hour))
	cancelNow()
	if !errors.Is(context.Cause(canceled), context.Canceled) {
		t.Errorf("cancelled before its deadline: cause %v, want context.Canceled", context.Cause(canceled))
	}
}

// Concurrent sleeps add up (run with -race).
func TestFakeIsSafeForConcurrentUse(t *testing.T) {
	f := NewFake(start)
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() { _ = f.Sleep(context.Background(), time.Millisecond) })
		wg.Go(func() { f.Advance(time.Millisecond) })
	}
	wg.Wait()
	if got, want := f.Now(), start.Add(100*time.Millisecond); !got.Equal(want) || len(f.Sleeps()) != 50 {
		t.Errorf("now %v after 100 moves of 1ms, want %v; %d sleeps, want 50", got, want, len(f.Sleeps()))
	}
}
