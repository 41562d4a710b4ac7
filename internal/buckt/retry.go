package buckt

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// Backoff bounds. Full jitter spreads concurrent Terraform workers apart; the cap
// keeps a long outage from stretching one wait past what a user would tolerate.
const (
	retryBaseWait     = 250 * time.Millisecond
	retryMaxWait      = 8 * time.Second
	retryAfterMaxWait = 30 * time.Second
)

// send runs req through go-retryablehttp with this client's policy. A fresh
// retryablehttp.Client per request (sharing the pooled http.Client) lets the retry
// hooks see the request's context for logging. Every attempt first passes the
// client-wide throttle, and its outcome feeds the throttle back. The wait before
// a retry is slept on the client's clock in PrepareRetry, as go-retryablehttp
// would sleep Backoff's answer on a real timer (in Client.Do): its Backoff is
// zero. An attempt that timed out is retried once at most, so a hung server
// cannot hold a request for more than two timeouts. It returns the final
// response (even a 429/5xx once retries are spent, so its API error can be
// decoded) and the number of attempts made.
func (c *Client) send(req *retryablehttp.Request, route string) (*http.Response, int, error) {
	var (
		attempts, timeouts int
		nextWait           time.Duration
		sentAt             time.Time
		lastTimeout        *timeoutError // the last attempt's, if it timed out
		throttleErr        error
	)
	tracer := &connTracer{}
	req = req.WithContext(tracer.trace(req.Context()))
	admit := func(ctx context.Context) error {
		at, err := c.throttle.admit(ctx)
		sentAt, throttleErr = at, err
		return err
	}
	if err := admit(req.Context()); err != nil {
		return nil, 0, fmt.Errorf("%s: %w", route, err)
	}
	rc := &retryablehttp.Client{
		HTTPClient: c.http,
		RetryMax:   c.maxRetries,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			attempts++
			connected := tracer.took()
			if ctx.Err() != nil {
				return false, ctx.Err()
			}
			retriedTimeout := timeouts > 0
			lastTimeout = nil
			switch {
			case resp != nil && resp.StatusCode == http.StatusTooManyRequests:
				c.throttle.rateLimited(ctx, route, sentAt, rateLimitPause(resp))
			case resp != nil:
				c.throttle.answered()
			case isTimeout(err):
				timeouts++
				lastTimeout = &timeoutError{route: route, host: c.base.Host, timeout: c.timeout, connected: connected}
			}
			reason, retryable := retryReason(req.Method, req.Header.Get("Idempotency-Key") != "", resp, err)
			if !retryable || attempts > c.maxRetries || retriedTimeout {
				return false, nil
			}
			nextWait = max(backoff(attempts, resp), c.throttle.pauseEnd().Sub(c.clock.Now()))
			if outlasts(ctx, nextWait) {
				return false, nil
			}
			tflog.Warn(ctx, "Retrying Buckt API request", map[string]any{
				"route": route, "reason": reason, "attempt": attempts, "wait": nextWait.String(),
			})
			return true, nil
		},
		Backoff: func(_, _ time.Duration, _ int, _ *http.Response) time.Duration { return 0 },
		PrepareRetry: func(r *http.Request) error {
			if err := c.clock.Sleep(r.Context(), nextWait); err != nil {
				throttleErr = err
				return err
			}
			return admit(r.Context())
		},
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) {
			switch {
			case throttleErr != nil: // resp, if any, was drained for the retry
				return nil, fmt.Errorf("%s failed after %d attempt(s): %w", route, attempts, throttleErr)
			case resp != nil:
				return resp, nil
			case lastTimeout != nil:
				lastTimeout.attempts, lastTimeout.timeouts, lastTimeout.err = attempts, timeouts, err
				return nil, lastTimeout
			}
			return nil, fmt.Errorf("%s failed after %d attempt(s): %w", route, attempts, err)
		},
	}
	resp, err := rc.Do(req)
	return resp, attempts, err
}

// retryReason says whether a failed attempt may be retried and why. Only what a
// retry can fix is retried: rate limits, server errors and broken connections.
// A POST is retried after it may have reached the server only when it carries an
// idempotency key; a 429 is always safe because nothing was done.
func retryReason(method string, hasIdempotencyKey bool, resp *http.Response, err error) (string, bool) {
	safe := method != http.MethodPost || hasIdempotencyKey
	if err != nil {
		var certErr *x509.UnknownAuthorityError
		if errors.As(err, &certErr) {
			return "", false
		}
		return "network error: " + err.Error(), safe
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests:
		return "HTTP 429", true
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return "HTTP " + strconv.Itoa(resp.StatusCode), safe
	}
	return "", false
}

// backoff is the wait before retry number attempt (1-based): the server's
// Retry-After when it gives one (capped), else exponential with full jitter.
func backoff(attempt int, resp *http.Response) time.Duration {
	if wait, ok := retryAfter(resp); ok {
		return wait
	}
	ceiling := min(retryBaseWait<<min(attempt-1, 16), retryMaxWait)
	return rand.N(ceiling) + time.Millisecond //nolint:gosec // jitter needs spread, not secrecy
}

// rateLimitPause is how long a 429 pauses the whole client: its Retry-After
// (capped), else defaultPause.
func rateLimitPause(resp *http.Response) time.Duration {
	if wait, ok := retryAfter(resp); ok {
		return wait
	}
	return defaultPause
}

// retryAfter is resp's Retry-After in seconds, as the API sends it, capped at
// retryAfterMaxWait so a server cannot stall the provider for long.
func retryAfter(resp *http.Response) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	secs, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || secs < 0 {
		return 0, false
	}
	return min(time.Duration(secs)*time.Second, retryAfterMaxWait), true
}
