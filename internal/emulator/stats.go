package emulator

import "maps"

// otherRoute is the Stats key of /v1 requests that match no route.
const otherRoute = "OTHER"

// Stats are request counters and record counts.
type Stats struct {
	// Requests counts every /v1 request received, faulted ones too, by route
	// template (e.g. "GET /v1/aws-accounts/{id}"); unknown routes, and known
	// paths with a method they do not accept, count as "OTHER".
	Requests map[string]int `json:"requests"`
	// Accounts is the number of aws_account records now.
	Accounts int `json:"accounts"`
	// Buckets is the number of imported bucket records now.
	Buckets int `json:"buckets"`
	// Connections counts the TCP connections a Server accepted: with keep-alive
	// it stays near a client's concurrency, however many requests it sends.
	Connections int `json:"connections"`
}

// Stats returns a snapshot of the counters.
func (e *Emulator) Stats() Stats {
	e.mu.Lock()
	defer e.mu.Unlock()
	return Stats{Requests: maps.Clone(e.requests), Accounts: len(e.accounts), Buckets: len(e.buckets), Connections: e.connections}
}

// ResetStats zeroes the request counters; records are untouched.
func (e *Emulator) ResetStats() {
	e.mu.Lock()
	defer e.mu.Unlock()
	clear(e.requests)
	e.connections = 0
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
		key = rt.key()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.requests[key]++
}
