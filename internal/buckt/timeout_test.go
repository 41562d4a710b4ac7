package buckt

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// A server that accepts connections and never answers costs two attempts,
// however many retries are allowed, and the error says what happened.
func TestHungServerIsTriedTwiceWhateverMaxRetries(t *testing.T) {
	clk := newFakeClock()
	log := &arrivals{clock: clk}
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
		log.add()
		select { // never answers until the test ends
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	c, err := New(Config{Endpoint: srv.URL, APIKey: "k", MaxRetries: 20, RequestTimeout: 150 * time.Millisecond, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	// The attempts time out on net/http's real timers; only the wait between
	// them is on the fake clock.
	start := time.Now()
	_, err = c.GetAWSAccount(context.Background(), "awa_1")
	var timeoutErr *timeoutError
	if !errors.As(err, &timeoutErr) {
		t.Fatalf("err = %v, want a timeout", err)
	}
	if n := len(log.snapshot()); n != 2 || timeoutErr.attempts != 2 {
		t.Errorf("%d requests reached the server, %d attempts reported; want 2", n, timeoutErr.attempts)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	for _, want := range []string{
		requestTo(emulator.RouteGetAWSAccount, "awa_1") + " failed after 2 attempt(s)",
		"the server at " + host + " accepted the connection but did not answer within 150ms (2 attempts",
		"BUCKT_ENDPOINT", "proxy",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if elapsed := time.Since(start); elapsed > 10*time.Second {
		t.Errorf("took %v", elapsed)
	}
	checkBackoffs(t, clk.Sleeps(), 1)
}

// A timeout before any connection was made (a firewall dropping packets) is
// told apart from a server that accepted and stayed silent.
func TestTimeoutWithoutAConnectionSaysSo(t *testing.T) {
	err := &timeoutError{
		route: emulator.RouteListAWSAccounts, host: "api.buckt.io", timeout: 30 * time.Second,
		timeouts: 1, attempts: 1, err: &url.Error{Op: "Get", URL: "https://api.buckt.io/v1/aws-accounts", Err: context.DeadlineExceeded},
	}
	if msg := err.Error(); !strings.Contains(msg, "the server at api.buckt.io did not accept a connection within 30s (1 attempt;") {
		t.Errorf("message %q", msg)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Error("the cause is not kept")
	}
}
