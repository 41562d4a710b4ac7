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
// hooks see the request's context for logging. It returns the final response
// (even a 429/5xx once retries are spent, so its API error can be decoded) and
// the number of attempts made.
func (c *Client) send(req *retryablehttp.Request, route string) (*http.Response, int, error) {
	attempts := 0
	var nextWait time.Duration
	rc := &retryablehttp.Client{
		HTTPClient: c.http,
		RetryMax:   c.maxRetries,
		CheckRetry: func(ctx context.Context, resp *http.Response, err error) (bool, error) {
			attempts++
			if ctx.Err() != nil {
				return false, ctx.Err()
			}
			reason, retryable := retryReason(req.Method, req.Header.Get("Idempotency-Key") != "", resp, err)
			if !retryable || attempts > c.maxRetries {
				return false, nil
			}
			nextWait = backoff(attempts, resp)
			if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < nextWait {
				return false, nil
			}
			tflog.Warn(ctx, "Retrying Buckt API request", map[string]any{
				"route": route, "reason": reason, "attempt": attempts, "wait": nextWait.String(),
			})
			return true, nil
		},
		Backoff: func(_, _ time.Duration, _ int, _ *http.Response) time.Duration { return nextWait },
		ErrorHandler: func(resp *http.Response, err error, _ int) (*http.Response, error) {
			if resp != nil {
				return resp, nil
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
	if resp != nil {
		if secs, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && secs >= 0 {
			return min(time.Duration(secs)*time.Second, retryAfterMaxWait)
		}
	}
	ceiling := min(retryBaseWait<<min(attempt-1, 16), retryMaxWait)
	return rand.N(ceiling) + time.Millisecond //nolint:gosec // jitter needs spread, not secrecy
}
