package buckt

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http/httptrace"
	"sync/atomic"
	"time"
)

// DefaultRequestTimeout bounds one attempt. The API answers in well under a
// second, and even validate (AssumeRole and an S3 probe on Buckt's side) in a
// few, so 30 s is ample; and as a timed-out attempt is retried only once, a
// hung endpoint fails a request after about a minute, whatever max_retries is.
const DefaultRequestTimeout = 30 * time.Second

// connTracer tells, per attempt, whether the attempt got a connection: a
// timeout after that means the server accepted it but did not answer.
type connTracer struct{ connected atomic.Bool }

// trace returns ctx with the tracer hooked into its HTTP requests.
func (tr *connTracer) trace(ctx context.Context) context.Context {
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GotConn: func(httptrace.GotConnInfo) { tr.connected.Store(true) },
	})
}

// took reports whether the attempt that just ended had a connection, and
// resets for the next one.
func (tr *connTracer) took() bool { return tr.connected.Swap(false) }

// isTimeout reports whether an attempt failed on its own timeout; the caller
// has checked that the request's context is still live.
func isTimeout(err error) bool {
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

// timeoutError explains a request whose last attempt timed out: what the server
// did, for how long, and what to check.
type timeoutError struct {
	route     string
	host      string
	timeout   time.Duration
	connected bool
	timeouts  int // attempts that timed out
	attempts  int
	err       error
}

func (e *timeoutError) Error() string {
	what := "accepted the connection but did not answer"
	if !e.connected {
		what = "did not accept a connection"
	}
	timedOut := "1 attempt"
	if e.timeouts > 1 {
		timedOut = fmt.Sprintf("%d attempts", e.timeouts)
	}
	return fmt.Sprintf("%s failed after %d attempt(s): the server at %s %s within %s (%s; a timed-out "+
		"request is retried once). Check that %s is the Buckt API (the provider's endpoint or BUCKT_ENDPOINT) "+
		"and that no proxy (HTTPS_PROXY), firewall or VPN on the way holds the request. Last error: %v",
		e.route, e.attempts, e.host, what, e.timeout, timedOut, e.host, e.err)
}

func (e *timeoutError) Unwrap() error { return e.err }
