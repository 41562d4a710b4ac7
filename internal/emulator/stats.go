package emulator

import "maps"

// otherRoute is the Stats key of /v1 requests that match no route.
const otherRoute = "OTHER"

// Stats are request counters and record counts.
type Stats struct {
	// Requests counts every /v1 request received, faulted ones too, by route
	// (the Route* constants, e.g. RouteGetAWSAccount); unknown routes, and
	// known paths with a method they do not accept, count as "OTHER".
	Requests map[string]int `json:"requests"`
	// Accounts is the number of aws_account records now.
	Accounts int `json:"accounts"`
	// Buckets is the number of imported bucket records now.
	Buckets int `json:"buckets"`
	// Connections counts the TCP connections a Server accepted: with keep-alive
	// it stays near a client's concurrency, however many requests it sends.
	Connections int `json:"connections"`
	// RateLimited counts the /v1 requests answered 429, by Options.RateLimit's
	// token bucket or by an injected fault, out of the total in Requests.
	RateLimited int `json:"rateLimited"`
	// PeakRequestsPerSecond is the most /v1 requests received within any one
	// second (a sliding window, by the emulator's clock).
	PeakRequestsPerSecond int `json:"peakRequestsPerSecond"`
}

// Stats returns a snapshot of the counters.
func (e *Emulator) Stats() Stats {
	e.mu.Lock()
	defer e.mu.Unlock()
	return Stats{
		Requests: maps.Clone(e.requests), Accounts: len(e.accounts), Buckets: len(e.buckets), Connections: e.connections,
		RateLimited: e.rateLimited, PeakRequestsPerSecond: e.peakPerSecond,
	}
}

// ResetStats zeroes the request counters; records are untouched.
func (e *Emulator) ResetStats() {
	e.mu.Lock()
	defer e.mu.Unlock()
	clear(e.requests)
	e.connections = 0
	e.rateLimited = 0
	e.recent = nil
	e.peakPerSecond = 0
}

// countConnection records a newly accepted connection.
func (e *Emulator) countConnection() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.connections++
}

func (e *Emulator) countRequest(rt *route) {
	key := otherRoute
	if rt != nil {
		key = rt.key
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.requests[key]++
	e.countArrival(e.now())
}

// countRateLimited records a /v1 request answered 429.
func (e *Emulator) countRateLimited() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rateLimited++
}
