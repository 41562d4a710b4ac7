package emulator

import (
	"net/http"
	"testing"
	"time"
)

func TestRateLimitRefusesABurstBeyondTheBucketWithRetryAfter(t *testing.T) {
	clock := newFakeClock()
	c := start(t, Options{RateLimit: 5, Clock: clock})
	refused := 0
	for range 8 { // all at one instant: the burst is one second's worth, 5
		r, err := c.send("GET", "/v1/aws-accounts", nil)
		if err != nil {
			t.Fatal(err)
		}
		switch r.status {
		case http.StatusOK:
		case http.StatusTooManyRequests:
			refused++
			if e := r.apiError(t); e.Type != "rate_limit_error" || r.header.Get("Retry-After") != "1" {
				t.Fatalf("429 %+v with Retry-After %q, want rate_limit_error and 1", e, r.header.Get("Retry-After"))
			}
		default:
			t.Fatalf("status %d: %s", r.status, r.body)
		}
	}
	if refused != 3 {
		t.Errorf("%d of 8 requests refused, want 3 beyond the burst of 5", refused)
	}
	c.do(http.StatusOK, "GET", "/_admin/stats", nil) // the admin API is not limited

	stats := c.srv.Stats()
	if stats.RateLimited != 3 || stats.Requests[RouteListAWSAccounts] != 8 || stats.PeakRequestsPerSecond != 8 {
		t.Errorf("stats %+v, want 3 of 8 requests rate-limited, 8 in the busiest second", stats)
	}

	clock.Advance(time.Second) // refills the bucket
	for range 5 {
		c.do(http.StatusOK, "GET", "/v1/aws-accounts", nil)
	}
	c.srv.ResetStats()
	if stats := c.srv.Stats(); stats.RateLimited != 0 || stats.PeakRequestsPerSecond != 0 {
		t.Errorf("after reset %+v", stats)
	}
}

func TestRateLimitRetryAfterIsWholeSecondsUntilTheNextToken(t *testing.T) {
	clock := newFakeClock()
	c := start(t, Options{RateLimit: 0.4, Clock: clock}) // a token every 2.5 s, burst 1
	c.do(http.StatusOK, "GET", "/v1/aws-accounts", nil)
	r := c.do(http.StatusTooManyRequests, "GET", "/v1/aws-accounts", nil)
	if got := r.header.Get("Retry-After"); got != "3" {
		t.Errorf("Retry-After %q, want 3 (2.5 s rounded up)", got)
	}
	clock.Advance(2500 * time.Millisecond)
	c.do(http.StatusOK, "GET", "/v1/aws-accounts", nil)
}

func TestPeakRequestsPerSecondIsASlidingWindow(t *testing.T) {
	clock := newFakeClock()
	c := start(t, Options{Clock: clock})
	for range 4 { // 0.0, 0.4, 0.8, 1.2 s: at most 3 within any one second
		c.do(http.StatusOK, "GET", "/v1/aws-accounts", nil)
		clock.Advance(400 * time.Millisecond)
	}
	if got := c.srv.Stats().PeakRequestsPerSecond; got != 3 {
		t.Errorf("peak %d, want 3", got)
	}
}
