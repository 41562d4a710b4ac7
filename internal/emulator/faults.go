package emulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// Faults are random faults injected into /v1 requests (never /_admin).
// Probabilities are 0..1.
type Faults struct {
	// RateLimit answers 429 rate_limit_error with Retry-After, before doing anything.
	RateLimit float64 `json:"rateLimit"`
	// RetryAfterSeconds is the Retry-After value of injected 429s (0 means 1).
	RetryAfterSeconds int `json:"retryAfterSeconds"`
	// Unavailable answers 503 api_error before doing anything.
	Unavailable float64 `json:"unavailable"`
	// DropAfterCommit, for writes (POST/PATCH/DELETE) only, does the work and
	// records the idempotent response, then closes the connection unanswered.
	DropAfterCommit float64 `json:"dropAfterCommit"`
	// Slow adds SlowDelay to a request.
	Slow float64 `json:"slow"`
	// SlowDelay is the extra delay of a slow request; in JSON a Go duration
	// string such as "2s", or nanoseconds.
	SlowDelay time.Duration `json:"slowDelay"`
}

// faultsJSON is Faults with SlowDelay in its JSON form.
type faultsJSON struct {
	plainFaults
	SlowDelay json.RawMessage `json:"slowDelay,omitempty"`
}

type plainFaults Faults

// MarshalJSON writes SlowDelay as a duration string.
func (f Faults) MarshalJSON() ([]byte, error) {
	return json.Marshal(faultsJSON{plainFaults(f), json.RawMessage(strconv.Quote(f.SlowDelay.String()))})
}

// UnmarshalJSON reads SlowDelay as a duration string or nanoseconds and, like
// request bodies, rejects unknown fields.
func (f *Faults) UnmarshalJSON(b []byte) error {
	var in faultsJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return err
	}
	*f = Faults(in.plainFaults)
	if len(in.SlowDelay) == 0 || string(in.SlowDelay) == "null" {
		return nil
	}
	var s string
	if json.Unmarshal(in.SlowDelay, &s) == nil {
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("slowDelay: %w", err)
		}
		f.SlowDelay = d
		return nil
	}
	return json.Unmarshal(in.SlowDelay, (*int64)(&f.SlowDelay))
}

// FaultRule is a deterministic fault: the next Times requests matching Route get it.
type FaultRule struct {
	// Route is one of the API's routes as Stats names them, e.g. RouteValidateAWSAccount.
	Route string `json:"route"`
	// Status is answered before the work (e.g. 503, 429, 500); ignored when
	// Drop. Zero means 500.
	Status int `json:"status"`
	// Drop does the work, then closes the connection unanswered.
	Drop bool `json:"drop"`
	// Times is how many matching requests the rule applies to.
	Times int `json:"times"`
}

// faultState is guarded by Emulator.mu, the RNG included.
type faultState struct {
	random Faults
	rules  []FaultRule
	rng    *rand.Rand
}

func newFaultState(f Faults, seed int64) faultState {
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	return faultState{random: f, rng: rand.New(rand.NewPCG(uint64(seed), 0))} //nolint:gosec // faults must be reproducible from a seed
}

// SetFaults replaces the random faults.
func (e *Emulator) SetFaults(f Faults) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults.random = f
}

// AddFaultRule appends a deterministic fault rule; earlier rules win.
func (e *Emulator) AddFaultRule(r FaultRule) {
	if !r.Drop && r.Status == 0 {
		r.Status = http.StatusInternalServerError
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults.rules = append(e.faults.rules, r)
}

// ClearFaultRules removes all fault rules.
func (e *Emulator) ClearFaultRules() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.faults.rules = nil
}

// fault is what happens to one request: an answer instead of the work, or
// the work after an extra delay, possibly followed by a dropped connection.
type fault struct {
	answer *response
	delay  time.Duration
	drop   bool
}

// pickFault decides the fault of one request: the first matching rule with
// Times left, else the random faults.
func (e *Emulator) pickFault(routeKey string, write bool) fault {
	e.mu.Lock()
	defer e.mu.Unlock()
	fs := &e.faults
	retryAfter := max(fs.random.RetryAfterSeconds, 1)
	for i, rule := range fs.rules {
		if rule.Route != routeKey || rule.Times <= 0 {
			continue
		}
		fs.rules[i].Times--
		if rule.Drop {
			return fault{drop: true}
		}
		res := faultResponse(rule.Status, retryAfter)
		return fault{answer: &res}
	}
	roll := func(p float64) bool { return p > 0 && fs.rng.Float64() < p }
	var f fault
	switch {
	case roll(fs.random.RateLimit):
		res := faultResponse(http.StatusTooManyRequests, retryAfter)
		f.answer = &res
	case roll(fs.random.Unavailable):
		res := faultResponse(http.StatusServiceUnavailable, retryAfter)
		f.answer = &res
	default:
		if roll(fs.random.Slow) {
			f.delay = fs.random.SlowDelay
		}
		f.drop = write && roll(fs.random.DropAfterCommit)
	}
	return f
}

func faultResponse(status, retryAfter int) response {
	if status != http.StatusTooManyRequests {
		return errorResponse(newError(status, "Injected fault: HTTP %d %s (nothing was done; retry)", status, http.StatusText(status)))
	}
	res := errorResponse(newError(status, "Too many requests: retry after %d s", retryAfter))
	res.header.Set("Retry-After", strconv.Itoa(retryAfter))
	return res
}
