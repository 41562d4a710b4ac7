package emulator

import (
	"math"
	"net/http"
	"strconv"
	"time"

	"golang.org/x/time/rate"
)

// newTokenBucket is the token bucket of Options.RateLimit, nil without a limit.
// Its burst is one second's worth of requests, as an API quota usually allows.
func newTokenBucket(perSecond float64) *rate.Limiter {
	if perSecond <= 0 {
		return nil
	}
	return rate.NewLimiter(rate.Limit(perSecond), max(int(perSecond), 1))
}

// admit takes a token for one /v1 request. Without one it returns the 429 to
// answer, whose Retry-After (whole seconds, as the contract says, at least 1)
// is when the next token is due.
func (e *Emulator) admit() *response {
	if e.quota == nil {
		return nil
	}
	now := e.now()
	if e.quota.AllowN(now, 1) {
		return nil
	}
	missing := 1 - e.quota.TokensAt(now)
	retryAfter := max(int(math.Ceil(missing/float64(e.quota.Limit()))), 1)
	res := errorResponse(newError(http.StatusTooManyRequests,
		"Rate limit of %g requests per second exceeded: retry after %d s", e.opts.RateLimit, retryAfter))
	res.header.Set("Retry-After", strconv.Itoa(retryAfter))
	return &res
}

// window is how far back the busiest-second statistic looks.
const window = time.Second

// countArrival records one /v1 request at now for Stats.PeakRequestsPerSecond;
// e.mu must be held.
func (e *Emulator) countArrival(now time.Time) {
	old := 0
	for old < len(e.recent) && e.recent[old].Before(now.Add(-window)) {
		old++
	}
	e.recent = append(e.recent[old:], now)
	e.peakPerSecond = max(e.peakPerSecond, len(e.recent))
}
