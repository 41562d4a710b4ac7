package emulator

import (
	"crypto/sha256"
	"net/http"
	"time"
)

// idempotencyTTL is how long an Idempotency-Key names its first request.
const idempotencyTTL = 24 * time.Hour

// idempotentEntry is the first request made with a key and, once done is
// closed, its response. Keys are global because the emulator has one API key.
type idempotentEntry struct {
	method    string
	path      string
	bodyHash  [sha256.Size]byte
	createdAt time.Time
	done      chan struct{}
	res       response
}

// idempotent runs work for a POST with an Idempotency-Key at most once per key:
// a repeat of the same request replays the first response (errors too), a
// concurrent repeat waits for it, and a different request under the key is a
// 400. It reports false when the client went away while waiting.
func (e *Emulator) idempotent(r *http.Request, body []byte, work func() response) (response, bool) {
	key := r.Header.Get("Idempotency-Key")
	if r.Method != http.MethodPost || key == "" {
		return work(), true
	}
	hash := sha256.Sum256(body)

	e.mu.Lock()
	now := e.now()
	entry, ok := e.idempotency[key]
	if !ok || now.Sub(entry.createdAt) >= idempotencyTTL {
		e.pruneIdempotency(now)
		entry = &idempotentEntry{method: r.Method, path: r.URL.Path, bodyHash: hash, createdAt: now, done: make(chan struct{})}
		e.idempotency[key] = entry
		e.mu.Unlock()
		entry.res = work()
		close(entry.done)
		return entry.res, true
	}
	e.mu.Unlock()

	if entry.method != r.Method || entry.path != r.URL.Path || entry.bodyHash != hash {
		return errorResponse(badRequest("", "Idempotency-Key %q was already used for a different request (%s %s or another body); use a new key for a new request",
			key, entry.method, entry.path).withCode("idempotency_key_reused")), true
	}
	select {
	case <-entry.done:
	case <-r.Context().Done():
		return response{}, false
	}
	replay := entry.res
	replay.header = entry.res.header.Clone()
	replay.header.Set("Idempotent-Replayed", "true")
	return replay, true
}

// pruneIdempotency forgets expired keys; callers hold e.mu.
func (e *Emulator) pruneIdempotency(now time.Time) {
	for key, entry := range e.idempotency {
		if now.Sub(entry.createdAt) >= idempotencyTTL {
			delete(e.idempotency, key)
		}
	}
}
