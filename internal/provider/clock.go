package provider

import (
	"context"
	"time"
)

// clock is the time that validateRole measures its window on and waits by. The
// provider uses the wall clock; unit tests pass a fake that advances at once, so
// a window of minutes is tried in milliseconds.
type clock interface {
	Now() time.Time
	// WithDeadline is context.WithDeadline on this clock: the context is done
	// once the clock reaches deadline.
	WithDeadline(ctx context.Context, deadline time.Time) (context.Context, context.CancelFunc)
	// Sleep waits for d, or returns ctx's error as soon as ctx is done.
	Sleep(ctx context.Context, d time.Duration) error
}

// wallClock is the real time.
type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

func (wallClock) WithDeadline(ctx context.Context, deadline time.Time) (context.Context, context.CancelFunc) {
	return context.WithDeadline(ctx, deadline)
}

func (wallClock) Sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
