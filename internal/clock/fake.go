package clock

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Fake is a Clock for tests that moves only when something sleeps on it or the
// test advances it; nothing waits in real time. It is safe for concurrent use.
//
//   - Sleep(ctx, d) returns at once: it records d and moves the clock on by d,
//     as if the sleeper were alone. Sleeps from several goroutines add up
//     rather than overlap, so the times are exact where the sleeps are taken in
//     turn (the API client's throttle admits one request at a time).
//   - A Sleep whose ctx comes from this clock's WithDeadline and that would
//     reach that deadline moves the clock to the deadline only and returns
//     ctx's error, as a real sleep ends when its context does. A Sleep on a
//     context already done returns its error, records nothing and moves nothing.
//   - Advance moves the clock on without recording a sleep: time spent working.
//   - A context from WithDeadline ends with context.Canceled, its
//     context.Cause being context.DeadlineExceeded, once the clock reaches the
//     deadline. It reports no Deadline: the fake time means nothing to the real
//     timers (net/http's, for one) that would read it.
type Fake struct {
	mu        sync.Mutex
	now       time.Time
	sleeps    []time.Duration
	deadlines []fakeDeadline
}

// fakeDeadline is a pending context of Fake.WithDeadline.
type fakeDeadline struct {
	at     time.Time
	cancel context.CancelCauseFunc
}

// deadlineKey is the context key under which Fake.WithDeadline stores the
// deadline (the earliest of its own and its parents') for Sleep to stop at.
type deadlineKey struct{ clock *Fake }

// NewFake returns a Fake that reads start until something moves it.
func NewFake(start time.Time) *Fake {
	return &Fake{now: start}
}

// Now is the fake time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Sleep records d and moves the clock on by d, or to ctx's deadline on this
// clock when that comes first (then returning ctx's error); see Fake.
func (f *Fake) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	deadline, bounded := ctx.Value(deadlineKey{f}).(time.Time)
	cut := false
	f.move(func(now time.Time) time.Time {
		f.sleeps = append(f.sleeps, d)
		to := now.Add(max(d, 0))
		cut = bounded && !to.Before(deadline)
		if cut {
			return deadline
		}
		return to
	})
	if cut {
		return ctx.Err()
	}
	return nil
}

// Advance moves the clock on by d (d <= 0 leaves it) without recording a sleep,
// and ends the contexts whose deadline it reaches.
func (f *Fake) Advance(d time.Duration) {
	f.move(func(now time.Time) time.Time { return now.Add(max(d, 0)) })
}

// WithDeadline returns a context that ends once the clock reaches deadline
// (at once if it has); see Fake.
func (f *Fake) WithDeadline(ctx context.Context, deadline time.Time) (context.Context, context.CancelFunc) {
	if earlier, ok := ctx.Value(deadlineKey{f}).(time.Time); ok && earlier.Before(deadline) {
		deadline = earlier
	}
	ctx, cancel := context.WithCancelCause(ctx)
	f.mu.Lock()
	f.deadlines = append(f.deadlines, fakeDeadline{at: deadline, cancel: cancel})
	f.mu.Unlock()
	f.move(func(now time.Time) time.Time { return now }) // ends it now if the deadline has passed
	return context.WithValue(ctx, deadlineKey{f}, deadline), func() { cancel(context.Canceled) }
}

// Sleeps is every d that Sleep was called with, in order.
func (f *Fake) Sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.sleeps)
}

// move sets the clock to to(now), never back, under the lock, then ends the
// contexts whose deadline it has reached.
func (f *Fake) move(to func(now time.Time) time.Time) {
	f.mu.Lock()
	if next := to(f.now); next.After(f.now) {
		f.now = next
	}
	var due []fakeDeadline
	f.deadlines = slices.DeleteFunc(f.deadlines, func(d fakeDeadline) bool {
		reached := !f.now.Before(d.at)
		if reached {
			due = append(due, d)
		}
		return reached
	})
	f.mu.Unlock()
	for _, d := range due {
		d.cancel(context.DeadlineExceeded)
	}
}
