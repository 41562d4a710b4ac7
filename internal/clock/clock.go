// Package clock is the time that the provider, its API client and the emulator
// measure and wait by: the real clock in production, a Fake in tests, so that a
// test proves a backoff, a pause or a rate by the waits the Fake recorded, at
// once, instead of waiting them out.
package clock

import (
	"context"
	"time"
)

// Clock tells the time and waits.
type Clock interface {
	// Now is the current time on this clock.
	Now() time.Time
	// Sleep waits for d on this clock, or returns ctx's error as soon as ctx
	// is done.
	Sleep(ctx context.Context, d time.Duration) error
	// WithDeadline is context.WithDeadline on this clock: the context is done
	// once the clock reaches deadline.
	WithDeadline(ctx context.Context, deadline time.Time) (context.Context, context.CancelFunc)
}

// Real is the wall clock of package time.
type Real struct{}

// OrReal is c, or the real clock when c is nil: the default of every option
// that takes a Clock.
func OrReal(c Clock) Clock {
	if c == nil {
		return Real{}
	}
	return c
}

// Now is time.Now.
func (Real) Now() time.Time { return time.Now() }

// Sleep waits on a real timer; d <= 0 returns at once with ctx's error, if any.
func (Real) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// WithDeadline is context.WithDeadline.
func (Real) WithDeadline(ctx context.Context, deadline time.Time) (context.Context, context.CancelFunc) {
	return context.WithDeadline(ctx, deadline)
}

// After returns a channel that is closed once d has passed on c: a timer on
// any Clock (on a Fake, at once, as its Sleep returns at once). Once ctx is
// done the timer stops and the channel is never closed.
func After(ctx context.Context, c Clock, d time.Duration) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		if c.Sleep(ctx, d) == nil {
			close(done)
		}
	}()
	return done
}
