package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestFaultRules(t *testing.T) {
	c := start(t, Options{Faults: Faults{RetryAfterSeconds: 7}})
	id := c.connect("")
	c.srv.AddFaultRule(FaultRule{Route: RouteValidateAWSAccount, Status: 429, Times: 2})
	c.srv.AddFaultRule(FaultRule{Route: RouteValidateAWSAccount, Status: 500, Times: 1})
	c.srv.AddFaultRule(FaultRule{Route: RouteGetAWSAccount, Times: 1})

	for range 2 {
		r := c.do(429, "POST", "/v1/aws-accounts/"+id+"/validate", nil)
		if e := r.apiError(t); e.Type != "rate_limit_error" || r.header.Get("Retry-After") != "7" {
			t.Fatalf("%+v Retry-After %q", e, r.header.Get("Retry-After"))
		}
	}
	c.fails(500, "api_error", "", "POST", "/v1/aws-accounts/"+id+"/validate", nil)
	c.fails(422, "validation_error", "roleArn", "POST", "/v1/aws-accounts/"+id+"/validate", nil)
	c.fails(500, "api_error", "", "GET", "/v1/aws-accounts/"+id, nil) // zero Status means 500
	c.account(id)

	c.srv.AddFaultRule(FaultRule{Route: RouteListAWSAccounts, Status: 503, Times: 5})
	c.srv.ClearFaultRules()
	c.do(http.StatusOK, "GET", "/v1/aws-accounts", nil)
}

func TestRandomFaults(t *testing.T) {
	clk := newFakeClock()
	c := start(t, Options{Seed: 42, Faults: Faults{RateLimit: 1}, Clock: clk})
	r := c.do(429, "GET", "/v1/aws-accounts", nil)
	if r.header.Get("Retry-After") != "1" {
		t.Fatalf("Retry-After %q", r.header.Get("Retry-After"))
	}
	c.srv.SetFaults(Faults{Unavailable: 1})
	c.fails(503, "api_error", "", "POST", "/v1/aws-accounts", nil)
	if n := c.srv.Stats().Accounts; n != 0 {
		t.Fatalf("a 503 did the work: %d accounts", n)
	}
	c.do(http.StatusOK, "GET", "/_admin/health", nil) // never faulted

	c.srv.SetFaults(Faults{Slow: 1, SlowDelay: 50 * time.Millisecond})
	c.do(http.StatusOK, "GET", "/v1/aws-accounts", nil)
	if slept := clk.Sleeps(); !slices.Equal(slept, []time.Duration{50 * time.Millisecond}) {
		t.Fatalf("a slow request slept %v, want SlowDelay", slept)
	}

	// A seeded RNG makes a random fault pattern repeatable.
	pattern := func() (out []int) {
		e := New(Options{Seed: 7, Faults: Faults{Unavailable: 0.5}})
		for range 20 {
			if f := e.pickFault(RouteListAWSAccounts, false); f.answer != nil {
				out = append(out, f.answer.status)
			} else {
				out = append(out, 200)
			}
		}
		return out
	}
	first, second := pattern(), pattern()
	for i := range first {
		if first[i] != second[i] {
			t.Fatalf("same seed, different faults: %v vs %v", first, second)
		}
	}
}

func TestLatency(t *testing.T) {
	clk := newFakeClock()
	c := start(t, Options{Latency: 30 * time.Millisecond, Clock: clk})
	c.do(http.StatusOK, "GET", "/v1/aws-accounts", nil)
	c.do(http.StatusOK, "GET", "/_admin/health", nil) // the admin API has no latency
	if slept := clk.Sleeps(); !slices.Equal(slept, []time.Duration{30 * time.Millisecond}) {
		t.Fatalf("slept %v, want one Latency", slept)
	}
}

func TestFaultsJSON(t *testing.T) {
	var f Faults
	if err := json.Unmarshal([]byte(`{"slow":0.5,"slowDelay":"2s","rateLimit":0.1}`), &f); err != nil || f.SlowDelay != 2*time.Second || f.RateLimit != 0.1 {
		t.Fatalf("%+v %v", f, err)
	}
	if err := json.Unmarshal([]byte(`{"slowDelay":1500000000}`), &f); err != nil || f.SlowDelay != 1500*time.Millisecond {
		t.Fatalf("%+v %v", f, err)
	}
	for _, bad := range []string{`{"slowDelay":"soon"}`, `{"nope":1}`, `{"slow":"x"}`} {
		if err := json.Unmarshal([]byte(bad), &f); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	out, err := json.Marshal(Faults{SlowDelay: 3 * time.Second, Unavailable: 0.2})
	if err != nil || string(out) != `{"rateLimit":0,"retryAfterSeconds":0,"unavailable":0.2,"dropAfterCommit":0,"slow":0,"slowDelay":"3s"}` {
		t.Fatalf("%s %v", out, err)
	}
}
