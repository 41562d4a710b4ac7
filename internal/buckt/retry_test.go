package buckt

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

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
}

func TestHonoursRetryAfter(t *testing.T) {
	rec, c := newRecorder(t,
		answer(429, `{"error":{"type":"rate_limit_error","message":"slow down"}}`, "Retry-After", "1"),
		answer(200, `{"id":"awa_1","status":"active"}`),
	)
	start := time.Now()
	if _, err := c.GetAWSAccount(context.Background(), "awa_1"); err != nil {
		t.Fatal(err)
	}
	if len(rec.requests) != 2 {
		t.Fatalf("%d requests, want 2", len(rec.requests))
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("retried after %v, before Retry-After's 1s", waited)
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
	c, err := New(Config{Endpoint: "http://127.0.0.1:1", APIKey: "secret-key", MaxRetries: 1})
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
}

func TestStopsRetryingAtTheContextDeadline(t *testing.T) {
	slow := answer(429, `{"error":{"type":"rate_limit_error","message":"slow down"}}`, "Retry-After", "20")
	rec, c := newRecorder(t, slow, slow)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.GetAWSAccount(ctx, "awa_1")
	if !errors.Is(err, ErrRateLimit) {
		t.Fatalf("err = %v, want the 429 itself", err)
	}
	if len(rec.requests) != 1 || time.Since(start) > time.Second {
		t.Errorf("%d requests in %v: waited past the deadline", len(rec.requests), time.Since(start))
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
	c, err := New(Config{Endpoint: srv.URL, APIKey: "k", MaxRetries: 1, RequestTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = c.GetAWSAccount(context.Background(), "awa_1")
	if err == nil || !strings.Contains(err.Error(), "failed after 2 attempt(s)") || !strings.Contains(err.Error(), "Timeout") {
		t.Fatalf("err = %v, want a timeout after 2 attempts", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Errorf("took %v: the per-attempt timeout did not bound a hung connection", elapsed)
	}
}
