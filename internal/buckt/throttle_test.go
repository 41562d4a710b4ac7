package buckt

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/buckt/terraform-provider-buckt/internal/clock"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// arrivals is a server's log of when requests reached it, on the client's clock.
type arrivals struct {
	clock clock.Clock
	mu    sync.Mutex
	times []time.Time
}

// add records one arrival and returns its 0-based index.
func (a *arrivals) add() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.times = append(a.times, a.clock.Now())
	return len(a.times) - 1
}

func (a *arrivals) snapshot() []time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]time.Time(nil), a.times...)
}

const accountJSON = `{"object":"aws_account","id":"awa_1","status":"pending"}`

// One 429 pauses every goroutine of the client, not only the one that got it:
// the server holds the other workers' first requests until the client has taken
// the 429 in, so every later request was sent after the pause began, and none
// of them may reach the server before Retry-After has passed on the client's
// (fake) clock. The 429 is not retried, so no retry's wait moves the clock on:
// only the pause can.
func TestA429PausesTheWholeClient(t *testing.T) {
	const workers, perWorker = 4, 2
	clk := newFakeClock()
	log, limited := &arrivals{clock: clk}, &arrivals{clock: clk}
	allIn, release := make(chan struct{}), make(chan struct{})
	var releaseOnce sync.Once
	unblock := func() { releaseOnce.Do(func() { close(release) }) }
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n := log.add()
		if n == workers-1 {
			close(allIn)
		}
		switch {
		case n == 0:
			<-allIn
			limited.add() // before the 429 can reach the client
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"error":{"type":"rate_limit_error","message":"slow down"}}`)
			return
		case n < workers:
			<-release
		}
		_, _ = io.WriteString(w, accountJSON)
	}))
	defer srv.Close()
	defer unblock()
	c, err := New(Config{Endpoint: srv.URL, APIKey: "k", MaxRetries: 0, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}

	var wg sync.WaitGroup
	var rateLimited atomic.Int32
	for range workers {
		wg.Go(func() {
			for range perWorker {
				_, err := c.GetAWSAccount(context.Background(), "awa_1")
				switch {
				case errors.Is(err, ErrRateLimit):
					rateLimited.Add(1)
				case err != nil:
					t.Error(err)
				}
			}
		})
	}
	<-allIn
	// Polls in real time for the client's goroutine to take the 429 in.
	for deadline := time.Now().Add(10 * time.Second); c.throttle.pauseEnd().IsZero(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the client never paused after the 429")
		}
	}
	unblock()
	wg.Wait()

	times, limitedAt := log.snapshot(), limited.snapshot()[0]
	if len(times) != workers*perWorker || rateLimited.Load() != 1 {
		t.Fatalf("%d requests, %d answered 429; want %d, 1", len(times), rateLimited.Load(), workers*perWorker)
	}
	for i, at := range times[workers:] {
		if since := at.Sub(limitedAt); since < time.Second {
			t.Errorf("request %d reached the server %v after the 429, inside its Retry-After of 1s", workers+i+1, since)
		}
	}
}

// Whatever the demand, requests are sent one at a time, 1/MaxRequestsPerSecond
// apart on the client's clock, after the limiter's burst of one: no second
// ever sees more than the cap.
func TestMaxRequestsPerSecondIsNeverExceeded(t *testing.T) {
	const perSecond, workers, requests = 20, 8, 50
	clk := newFakeClock()
	log := &arrivals{clock: clk}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		log.add()
		_, _ = io.WriteString(w, accountJSON)
	}))
	defer srv.Close()
	c, err := New(Config{Endpoint: srv.URL, APIKey: "k", MaxRequestsPerSecond: perSecond, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < requests; i += workers {
				if _, err := c.GetAWSAccount(context.Background(), "awa_1"); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()

	if n := len(log.snapshot()); n != requests {
		t.Fatalf("%d requests, want %d", n, requests)
	}
	// Each request but the first waited for its turn and then exactly one
	// spacing, so the k-th (from 0) was sent at k/perSecond: never more than
	// perSecond of them within a second.
	waits := clk.Sleeps()
	spacing := time.Second / perSecond
	if len(waits) != requests-1 || slices.ContainsFunc(waits, func(w time.Duration) bool { return w != spacing }) {
		t.Errorf("waited %v, want %d waits of %v", waits, requests-1, spacing)
	}
}

// A request waiting out another request's pause gives up at its context's
// deadline or cancellation, without sending anything.
func TestWaitingForAPauseRespectsTheContext(t *testing.T) {
	clk := newFakeClock()
	log := &arrivals{clock: clk}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		log.add()
		w.Header().Set("Retry-After", "20")
		w.WriteHeader(http.StatusTooManyRequests)
	}))
	defer srv.Close()
	c, err := New(Config{Endpoint: srv.URL, APIKey: "k", MaxRetries: 0, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetAWSAccount(context.Background(), "awa_1"); !errors.Is(err, ErrRateLimit) {
		t.Fatalf("err = %v, want the 429", err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if _, err := c.GetAWSAccount(ctx, "awa_1"); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("with a deadline inside the pause: err = %v, want a deadline error", err)
	}
	canceled, cancelNow := context.WithCancel(context.Background())
	cancelNow()
	if _, err := c.GetAWSAccount(canceled, "awa_1"); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: err = %v", err)
	}
	if n := len(log.snapshot()); n != 1 || len(clk.Sleeps()) != 0 {
		t.Errorf("%d requests reached the server after waits %v, want only the first and no wait", n, clk.Sleeps())
	}
}

// An attempt waiting for its turn at the gate gives up with its context.
func TestWaitingForTheTurnRespectsTheContext(t *testing.T) {
	th := newThrottle(0, newFakeClock())
	th.turn <- struct{}{} // another attempt holds the gate
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := th.admit(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// A token due past the context's deadline fails the attempt at once and is
// given back: the next attempt waits one spacing, not two.
func TestATokenPastTheDeadlineIsGivenBack(t *testing.T) {
	clk := newFakeClock()
	th := newThrottle(1, clk)
	if _, err := th.admit(context.Background()); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if _, err := th.admit(short); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want a deadline error", err)
	}
	if _, err := th.admit(context.Background()); err != nil {
		t.Fatal(err)
	}
	if waits := clk.Sleeps(); !slices.Equal(waits, []time.Duration{time.Second}) {
		t.Errorf("waited %v, want one wait of 1s", waits)
	}
}

// The AIMD rule itself: a 429 halves the rate actually sent, once per cut;
// answers raise it additively, never past the cap; nothing goes below 1/s.
func TestRateAdaptsMultiplicativelyDownAndAdditivelyUp(t *testing.T) {
	ctx := context.Background()
	clk := newFakeClock()
	th := newThrottle(8, clk)
	var firstSent time.Time
	for i := range 6 { // 6 sent within the last second: the observed rate
		at, err := th.admit(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			firstSent = at
		}
	}
	if waits := clk.Sleeps(); len(waits) != 5 || slices.ContainsFunc(waits, func(w time.Duration) bool { return w != time.Second/8 }) {
		t.Fatalf("6 requests at 8/s waited %v, want 5 waits of 125ms", waits)
	}
	th.rateLimited(ctx, emulator.RouteListBuckets, clk.Now(), 0)
	if got := th.limiter.Limit(); got != 3 {
		t.Fatalf("after a 429 at 6 requests/s the rate is %v, want 3", got)
	}
	th.rateLimited(ctx, emulator.RouteListBuckets, firstSent, 0) // sent before the cut: no second cut
	if got := th.limiter.Limit(); got != 3 {
		t.Errorf("a 429 to a request sent before the cut cut again, to %v", got)
	}
	th.answered()
	if got := th.limiter.Limit(); got != 3+1.0/3 {
		t.Errorf("one answer raised the rate to %v, want 3 + 1/3", got)
	}
	for range 200 {
		th.answered()
	}
	if got := th.limiter.Limit(); got != 8 {
		t.Errorf("after many answers the rate is %v, want the cap 8", got)
	}

	idle := newThrottle(0, clk)
	idle.rateLimited(ctx, emulator.RouteListBuckets, clk.Now(), 0) // nothing sent in the last second
	if got := idle.limiter.Limit(); got != minRate {
		t.Errorf("rate %v, want the floor %v", got, minRate)
	}
	for range 10_000 {
		idle.answered()
	}
	if got := idle.limiter.Limit(); got == rate.Inf || got < 100 {
		t.Errorf("without a cap the rate climbed to %v, want more than 100/s and finite", got)
	}
}

// The observed rate is a rate while sending: a pause that ended within the last
// second does not dilute it, and what was sent before the pause does not count.
func TestObservedRateLeavesThePauseOut(t *testing.T) {
	clk := newFakeClock()
	th := newThrottle(0, clk)
	now := clk.Now()
	for range 10 { // before a pause that ended half a second ago
		th.sent = append(th.sent, now.Add(-900*time.Millisecond))
	}
	th.pausedUntil = now.Add(-500 * time.Millisecond)
	for _, ms := range []int{400, 300, 200, 100} {
		th.sent = append(th.sent, now.Add(-time.Duration(ms)*time.Millisecond))
	}
	th.mu.Lock()
	defer th.mu.Unlock()
	if got := th.observedRate(now); got != 8 {
		t.Errorf("observed %v requests/s, want 8 (4 in the half second since the pause)", got)
	}
}
