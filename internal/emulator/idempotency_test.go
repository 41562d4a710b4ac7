package emulator

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

func TestIdempotencyReplaysResponses(t *testing.T) {
	clock := newFakeClock()
	c := start(t, Options{Clock: clock})

	first := c.do(http.StatusOK, "POST", "/v1/aws-accounts", `{"label":"a"}`, "Idempotency-Key", "k-connect")
	again := c.do(http.StatusOK, "POST", "/v1/aws-accounts", `{"label":"a"}`, "Idempotency-Key", "k-connect")
	if !bytes.Equal(first.body, again.body) || again.header.Get("Idempotent-Replayed") != "true" || first.header.Get("Idempotent-Replayed") != "" {
		t.Fatalf("replay %s (%v) vs %s", again.body, again.header, first.body)
	}
	if n := c.srv.Stats().Accounts; n != 1 {
		t.Fatalf("%d accounts for one logical request", n)
	}

	// A replayed error: the import fails, then the bucket appears, and the
	// replay still answers the first failure without importing.
	a := c.activeAccount("111122223333")
	importPath := "/v1/aws-accounts/" + a + "/import"
	body := `{"bucketNames":["late"]}`
	e1 := c.do(422, "POST", importPath, body, "Idempotency-Key", "k-import")
	c.srv.PutS3Buckets("111122223333", "late")
	e2 := c.do(422, "POST", importPath, body, "Idempotency-Key", "k-import")
	if !bytes.Equal(e1.body, e2.body) || c.srv.Stats().Buckets != 0 {
		t.Fatalf("replayed error %s vs %s", e2.body, e1.body)
	}
	c.do(http.StatusOK, "POST", importPath, body, "Idempotency-Key", "k-import-2")

	e := c.fails(400, "invalid_request_error", "", "POST", "/v1/aws-accounts", `{"label":"b"}`, "Idempotency-Key", "k-connect")
	if e.Code != "idempotency_key_reused" {
		t.Fatalf("reuse: %+v", e)
	}
	c.fails(400, "invalid_request_error", "", "POST", importPath, `{"label":"a"}`, "Idempotency-Key", "k-connect")

	clock.Advance(24 * time.Hour)
	expired := c.do(http.StatusOK, "POST", "/v1/aws-accounts", `{"label":"a"}`, "Idempotency-Key", "k-connect")
	if bytes.Equal(expired.body, first.body) {
		t.Fatal("a key older than 24 h was replayed")
	}
}

func TestIdempotencyConcurrentSameKey(t *testing.T) {
	c := start(t, Options{Latency: 20 * time.Millisecond})
	const n = 8
	bodies := make([][]byte, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r, err := c.send("POST", "/v1/aws-accounts", `{}`, "Idempotency-Key", "same")
			if err != nil || r.status != http.StatusOK {
				t.Errorf("request %d: %v %d", i, err, r.status)
			}
			bodies[i] = r.body
		})
	}
	wg.Wait()
	for i := range n {
		if !bytes.Equal(bodies[i], bodies[0]) {
			t.Fatalf("response %d %s differs from %s", i, bodies[i], bodies[0])
		}
	}
	if got := c.srv.Stats().Accounts; got != 1 {
		t.Fatalf("%d accounts", got)
	}
}

func TestFaultsBeforeWorkAreNotRecorded(t *testing.T) {
	c := start(t, Options{})
	c.srv.AddFaultRule(FaultRule{Route: RouteConnectAWSAccount, Status: 503, Times: 1})
	if e := c.fails(503, "api_error", "", "POST", "/v1/aws-accounts", `{}`, "Idempotency-Key", "k"); e.Message == "" {
		t.Fatal("empty message")
	}
	r := c.do(http.StatusOK, "POST", "/v1/aws-accounts", `{}`, "Idempotency-Key", "k")
	if r.header.Get("Idempotent-Replayed") != "" || c.srv.Stats().Accounts != 1 {
		t.Fatalf("the retry after a 503 was not processed: %v", r.header)
	}
}

func TestDropAfterCommit(t *testing.T) {
	c := start(t, Options{})
	// Without keep-alive the transport cannot retry on its own, so the test
	// sees the lost response as a real client would.
	c.http = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	c.srv.AddFaultRule(FaultRule{Route: RouteConnectAWSAccount, Drop: true, Times: 1})

	if r, err := c.send("POST", "/v1/aws-accounts", `{"label":"x"}`, "Idempotency-Key", "k-drop"); err == nil {
		t.Fatalf("a dropped request got an answer: %d %s", r.status, r.body)
	}
	if n := c.srv.Stats().Accounts; n != 1 {
		t.Fatalf("the dropped request was not committed: %d accounts", n)
	}
	var w writeResult
	r := c.do(http.StatusOK, "POST", "/v1/aws-accounts", `{"label":"x"}`, "Idempotency-Key", "k-drop")
	r.decode(t, &w)
	if r.header.Get("Idempotent-Replayed") != "true" || c.srv.Stats().Accounts != 1 || c.account(w.ID).ID != w.ID {
		t.Fatalf("retry: %s %v", r.body, r.header)
	}

	c.srv.SetFaults(Faults{DropAfterCommit: 1})
	c.do(http.StatusOK, "GET", "/v1/aws-accounts", nil) // reads are never dropped
	if _, err := c.send("PATCH", "/v1/aws-accounts/"+w.ID, `{"label":"y"}`); err == nil {
		t.Fatal("a write was not dropped")
	}
	c.srv.SetFaults(Faults{})
	if a := c.account(w.ID); *a.Label != "y" {
		t.Fatalf("the dropped PATCH was not committed: %+v", a)
	}
}

// TestIdempotencyWaitsForInFlightRequest holds the first request's work open
// to prove a concurrent repeat waits for it instead of acting.
func TestIdempotencyWaitsForInFlightRequest(t *testing.T) {
	e := New(Options{APIKey: testKey})
	release := make(chan struct{})
	var runs sync.WaitGroup
	worked := 0
	work := func() response {
		worked++
		<-release
		return jsonResponse(http.StatusOK, writeResult{"aws_account", "awa_1"})
	}
	call := func() response {
		r := httptest.NewRequest(http.MethodPost, "/v1/aws-accounts", nil)
		r.Header.Set("Idempotency-Key", "k")
		res, ok := e.idempotent(r, []byte("{}"), work)
		if !ok {
			t.Error("client gone")
		}
		return res
	}
	results := make([]response, 2)
	runs.Go(func() { results[0] = call() })
	for !e.hasIdempotencyKey("k") {
		time.Sleep(time.Millisecond)
	}
	second := make(chan struct{})
	runs.Go(func() { results[1] = call(); close(second) })
	select {
	case <-second:
		t.Fatal("the repeat did not wait for the first request")
	case <-time.After(20 * time.Millisecond):
	}
	close(release)
	runs.Wait()
	if worked != 1 || !bytes.Equal(results[0].body, results[1].body) || results[1].header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("worked %d times; %s vs %s", worked, results[0].body, results[1].body)
	}
}

func (e *Emulator) hasIdempotencyKey(key string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	_, ok := e.idempotency[key]
	return ok
}
