package buckt

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// checkBackoffs asserts that the waits before retries 1, 2, ... followed the
// exponential schedule with full jitter: each within (0, its ceiling + 1ms].
func checkBackoffs(t *testing.T, waits []time.Duration, retries int) {
	t.Helper()
	if len(waits) != retries {
		t.Fatalf("waited %v, want %d waits", waits, retries)
	}
	for i, w := range waits {
		if ceiling := min(retryBaseWait<<i, retryMaxWait); w <= 0 || w > ceiling+time.Millisecond {
			t.Errorf("wait %d is %v, want within (0, %v]", i+1, w, ceiling+time.Millisecond)
		}
	}
}

func TestRetriesServerErrorsAndReusesTheIdempotencyKey(t *testing.T) {
	rec, c := newRecorder(t,
		apiError(503, "api_error", "overloaded"),
		answer(502, "bad gateway"),
		answer(200, `{"id":"awa_1"}`),
	)
	id, err := c.ConnectAWSAccount(context.Background(), nil)
	if err != nil || id != "awa_1" {
		t.Fatalf("connect = %q, %v", id, err)
	}
	if len(rec.requests) != 3 {
		t.Fatalf("%d requests, want 3", len(rec.requests))
	}
	key := rec.requests[0].Header.Get("Idempotency-Key")
	for i, r := range rec.requests {
		if r.Header.Get("Idempotency-Key") != key || key == "" {
			t.Errorf("attempt %d key %q, want %q", i+1, r.Header.Get("Idempotency-Key"), key)
		}
		if r.Body != "{}" {
			t.Errorf("attempt %d body %q", i+1, r.Body)
		}
	}
	checkBackoffs(t, rec.clock.Sleeps(), 2)
}

func TestHonoursRetryAfter(t *testing.T) {
	rec, c := newRecorder(t,
		answer(429, `{"error":{"type":"rate_limit_error","message":"slow down"}}`, "Retry-After", "1"),
		answer(200, `{"id":"awa_1","status":"active"}`),
	)
	if _, err := c.GetAWSAccount(context.Background(), "awa_1"); err != nil {
		t.Fatal(err)
	}
	if len(rec.requests) != 2 {
		t.Fatalf("%d requests, want 2", len(rec.requests))
	}
	if waits := rec.clock.Sleeps(); !slices.Equal(waits, []time.Duration{time.Second}) {
		t.Errorf("waited %v before the retry, want Retry-After's 1s", waits)
	}
}

// Each 429's Retry-After is the wait before the next attempt, up to
// retryAfterMaxWait, however long the server asks for.
func TestRetryWaitsAreTheRetryAfterCapped(t *testing.T) {
	limited := func(seconds string) func(w http.ResponseWriter) {
		return answer(429, `{"error":{"type":"rate_limit_error","message":"slow down"}}`, "Retry-After", seconds)
	}
	rec, c := newRecorder(t, limited("1"), limited("2"), limited("3600"), answer(200, `{"id":"awa_1","status":"active"}`))
	if _, err := c.GetAWSAccount(context.Background(), "awa_1"); err != nil {
		t.Fatal(err)
	}
	want := []time.Duration{time.Second, 2 * time.Second, retryAfterMaxWait}
	if waits := rec.clock.Sleeps(); len(rec.requests) != 4 || !slices.Equal(waits, want) {
		t.Errorf("%d requests after waits %v, want 4 after %v", len(rec.requests), waits, want)
	}
}

func TestGivesUpAfterMaxRetriesWithTheLastAPIError(t *testing.T) {
	down := apiError(503, "api_error", "maintenance")
	rec, c := newRecorder(t, down, down, down, down)
	_, err := c.GetAWSAccount(context.Background(), "awa_1")
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v", err)
	}
	if len(rec.requests) != 4 || apiErr.Attempts != 4 {
		t.Errorf("%d requests, Attempts %d; want 1 + 3 retries", len(rec.requests), apiErr.Attempts)
	}
	if !strings.Contains(err.Error(), "after 4 attempts") || apiErr.Message != "maintenance" {
		t.Errorf("error %q", err)
	}
	checkBackoffs(t, rec.clock.Sleeps(), 3)
}

func TestDoesNotRetryClientErrors(t *testing.T) {
	rec, c := newRecorder(t, apiError(422, "validation_error", "AccessDenied"))
	if err := c.ValidateAWSAccount(context.Background(), "awa_1"); !errors.Is(err, ErrValidation) {
		t.Fatalf("err = %v", err)
	}
	if len(rec.requests) != 1 {
		t.Errorf("%d requests, want 1", len(rec.requests))
	}
}

func TestNetworkErrorNamesTheRouteAndAttempts(t *testing.T) {
	clk := newFakeClock()
	c, err := New(Config{Endpoint: "http://127.0.0.1:1", APIKey: "secret-key", MaxRetries: 1, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.GetAWSAccount(context.Background(), "awa_1")
	if err == nil || !strings.Contains(err.Error(), requestTo(emulator.RouteGetAWSAccount, "awa_1")+" failed after 2 attempt(s)") {
		t.Errorf("err = %v", err)
	}
	if strings.Contains(err.Error(), "secret-key") {
		t.Error("the API key leaked into the error")
	}
	checkBackoffs(t, clk.Sleeps(), 1)
}

// A context that ends during the wait before a retry ends the request there,
// naming it, with nothing more sent.
func TestCancelDuringABackoffEndsTheRequest(t *testing.T) {
	rec, c := newRecorder(t, apiError(503, "api_error", "overloaded"))
	clk := rec.clock
	ctx, cancel := clk.WithDeadline(context.Background(), clk.Now().Add(time.Millisecond))
	defer cancel()
	_, err := c.GetAWSAccount(ctx, "awa_1")
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), requestTo(emulator.RouteGetAWSAccount, "awa_1")+" failed after 1 attempt(s)") {
		t.Errorf("err = %v, want the request named and its context's end", err)
	}
	if len(rec.requests) != 1 || len(clk.Sleeps()) != 1 {
		t.Errorf("%d requests, waits %v; want 1 request and the wait it gave up in", len(rec.requests), clk.Sleeps())
	}
}

func TestStopsRetryingAtTheContextDeadline(t *testing.T) {
	slow := answer(429, `{"error":{"type":"rate_limit_error","message":"slow down"}}`, "Retry-After", "20")
	rec, c := newRecorder(t, slow, slow)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	_, err := c.GetAWSAccount(ctx, "awa_1")
	if !errors.Is(err, ErrRateLimit) {
		t.Fatalf("err = %v, want the 429 itself", err)
	}
	if len(rec.requests) != 1 || len(rec.clock.Sleeps()) != 0 {
		t.Errorf("%d requests after waits %v: waited towards a retry past the deadline", len(rec.requests), rec.clock.Sleeps())
	}
}

func TestBackoffIsCappedAndJittered(t *testing.T) {
	for attempt := 1; attempt < 40; attempt++ {
		if w := backoff(attempt, nil); w <= 0 || w > retryMaxWait+time.Millisecond {
			t.Fatalf("attempt %d waits %v", attempt, w)
		}
	}
	resp := &http.Response{Header: http.Header{"Retry-After": {"3600"}}}
	if w := backoff(1, resp); w != retryAfterMaxWait {
		t.Errorf("Retry-After 3600 waits %v, want the cap %v", w, retryAfterMaxWait)
	}
}

func TestHungConnectionTimesOutPerAttempt(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		select { // never answers until the test ends
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	clk := newFakeClock()
	c, err := New(Config{Endpoint: srv.URL, APIKey: "k", MaxRetries: 1, RequestTimeout: 200 * time.Millisecond, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	// The attempts time out on net/http's real timers; only the wait between
	// them is on the fake clock.
	start := time.Now()
	_, err = c.GetAWSAccount(context.Background(), "awa_1")
	if err == nil || !strings.Contains(err.Error(), "failed after 2 attempt(s)") || !strings.Contains(err.Error(), "Timeout") {
		t.Fatalf("err = %v, want a timeout after 2 attempts", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("took %v: the per-attempt timeout did not bound a hung connection", elapsed)
	}
	checkBackoffs(t, clk.Sleeps(), 1)
}
