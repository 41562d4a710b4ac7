package buckt

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/time/rate"

	"github.com/buckt/terraform-provider-buckt/internal/clock"
)

// AIMD parameters of the client-wide request rate. After a 429 the rate drops
// to half of what was actually sent over the last second, a pause that ended
// within it excluded (a limiter far above the real rate says nothing), never
// below minRate; every answered request then adds 1/rate, about one request
// per second per second at full pace, like TCP's congestion avoidance, until
// the configured cap is reached again.
const (
	rateDecrease  = 0.5
	minRate       = rate.Limit(1)
	observeWindow = time.Second
	// defaultPause is the pause after a 429 that names no Retry-After.
	defaultPause = time.Second
)

// throttle is the gate every attempt of every request of one Client passes
// before it is sent: a pause that a 429 imposes on the whole client, then an
// adaptive rate.Limiter with a burst of 1, so no second ever sees more than
// one request beyond the rate. Attempts pass it one at a time, in turn, and
// every wait is a sleep on its clock, read at explicit times by the limiter.
type throttle struct {
	clock clock.Clock
	// ceiling is Config.MaxRequestsPerSecond, rate.Inf without one.
	ceiling rate.Limit
	limiter *rate.Limiter
	// turn holds the one attempt passing the gate: the next one takes its
	// token only once the previous one was admitted.
	turn chan struct{}

	mu          sync.Mutex
	pausedUntil time.Time
	// lastCut is when the rate was last cut: a 429 to a request sent before
	// then says nothing about the new rate, so it pauses but cuts no further.
	lastCut time.Time
	// sent holds the admission times of the last observeWindow, oldest first.
	sent []time.Time
}

// newThrottle starts at the cap: no cap means no limit until the first 429.
func newThrottle(maxPerSecond float64, clk clock.Clock) *throttle {
	ceiling := rate.Inf
	if maxPerSecond > 0 {
		ceiling = rate.Limit(maxPerSecond)
	}
	return &throttle{clock: clk, ceiling: ceiling, limiter: rate.NewLimiter(ceiling, 1), turn: make(chan struct{}, 1)}
}

// admit blocks until one attempt may be sent and returns when it was admitted.
// A pause that began while it waited for a token is waited out too.
func (t *throttle) admit(ctx context.Context) (time.Time, error) {
	if _, err := t.pauseLeft(ctx); err != nil { // fail at once, not after the turn
		return time.Time{}, err
	}
	select {
	case t.turn <- struct{}{}:
		defer func() { <-t.turn }()
	case <-ctx.Done():
		return time.Time{}, fmt.Errorf("waiting for the client's request rate (%s): %w", t.describeRate(), ctx.Err())
	}
	for {
		if err := t.waitPause(ctx); err != nil {
			return time.Time{}, err
		}
		if err := t.waitToken(ctx); err != nil {
			return time.Time{}, fmt.Errorf("waiting for the client's request rate (%s): %w", t.describeRate(), err)
		}
		t.mu.Lock()
		now := t.clock.Now()
		if now.Before(t.pausedUntil) {
			t.mu.Unlock()
			continue
		}
		t.sent = append(t.recent(now), now)
		t.mu.Unlock()
		return now, nil
	}
}

// waitPause waits out the current pause, failing at once when it ends past
// ctx's deadline.
func (t *throttle) waitPause(ctx context.Context) error {
	wait, err := t.pauseLeft(ctx)
	if err != nil || wait <= 0 {
		return err
	}
	return t.clock.Sleep(ctx, wait)
}

// pauseLeft is how long the current pause still lasts (<= 0 when there is
// none), or an error when it ends past ctx's deadline.
func (t *throttle) pauseLeft(ctx context.Context) (time.Duration, error) {
	wait := t.pauseEnd().Sub(t.clock.Now())
	if wait > 0 && outlasts(ctx, wait) {
		return 0, fmt.Errorf("the Buckt API asked to pause for %s, past the deadline: %w", wait.Round(time.Millisecond), context.DeadlineExceeded)
	}
	return wait, nil
}

// waitToken takes the limiter's next token and waits until it is due, failing
// at once, the token given back, when it is due past ctx's deadline.
func (t *throttle) waitToken(ctx context.Context) error {
	now := t.clock.Now()
	token := t.limiter.ReserveN(now, 1) // always OK: the burst is 1
	wait := token.DelayFrom(now)
	if wait <= 0 {
		return nil
	}
	if outlasts(ctx, wait) {
		token.CancelAt(now)
		return fmt.Errorf("the next request is due in %s, past the deadline: %w", wait.Round(time.Millisecond), context.DeadlineExceeded)
	}
	if err := t.clock.Sleep(ctx, wait); err != nil {
		token.CancelAt(t.clock.Now())
		return err
	}
	return nil
}

// outlasts reports whether waiting d would pass ctx's deadline. A deadline is
// real time (the context package's timers), so the real time left is compared
// with d, taken as a real duration: on the real clock it is one.
func outlasts(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return ok && time.Until(deadline) < d
}

// pauseEnd is when the current pause ends (in the past when there is none).
func (t *throttle) pauseEnd() time.Time {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.pausedUntil
}

// rateLimited records a 429 to an attempt admitted at sentAt: the whole client
// pauses for pause, and the rate is cut unless it already was since sentAt.
func (t *throttle) rateLimited(ctx context.Context, route string, sentAt time.Time, pause time.Duration) {
	t.mu.Lock()
	now := t.clock.Now()
	cut := sentAt.After(t.lastCut)
	if cut {
		t.limiter.SetLimitAt(now, max(min(t.limiter.Limit(), t.observedRate(now))*rateDecrease, minRate))
		t.lastCut = now
	}
	if until := now.Add(pause); until.After(t.pausedUntil) {
		t.pausedUntil = until
	}
	requestsPerSecond := t.describeRate()
	t.mu.Unlock()
	tflog.Warn(ctx, "Buckt API rate limit reached: pausing every request of this provider", map[string]any{
		"route": route, "pause": pause.String(), "requests_per_second": requestsPerSecond, "rate_cut": cut,
	})
}

// observedRate is the rate of admissions over the last observeWindow, not
// counting the time a pause that ended within it took; t.mu must be held.
func (t *throttle) observedRate(now time.Time) rate.Limit {
	from := now.Add(-observeWindow)
	if t.pausedUntil.After(from) && t.pausedUntil.Before(now) {
		from = t.pausedUntil
	}
	n := 0
	for _, at := range t.recent(now) {
		if !at.Before(from) {
			n++
		}
	}
	return rate.Limit(float64(n) / max(now.Sub(from), time.Millisecond).Seconds())
}

// answered raises the rate additively after a request the API answered
// without a 429, up to the ceiling.
func (t *throttle) answered() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if current := t.limiter.Limit(); current < t.ceiling {
		t.limiter.SetLimitAt(t.clock.Now(), min(current+1/current, t.ceiling))
	}
}

// recent drops the admissions older than observeWindow and returns the rest;
// t.mu must be held.
func (t *throttle) recent(now time.Time) []time.Time {
	old := 0
	for old < len(t.sent) && t.sent[old].Before(now.Add(-observeWindow)) {
		old++
	}
	t.sent = t.sent[old:]
	return t.sent
}

// describeRate is the current rate for logs and errors.
func (t *throttle) describeRate() string {
	if limit := t.limiter.Limit(); limit != rate.Inf {
		return strconv.FormatFloat(float64(limit), 'f', 1, 64) + " requests/s"
	}
	return "unlimited"
}
