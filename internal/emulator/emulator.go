// Package emulator is a local, in-memory implementation of the Buckt REST API
// (aws-accounts, imported buckets, idempotency keys) with a simulated AWS side:
// IAM roles whose trust policies and propagation delay decide whether Buckt can
// assume them, and S3 buckets per AWS account. It also offers an admin API under
// /_admin, fault injection and request counters, so clients can be tested against
// it over real HTTP. It knows only the API contract, nothing of its clients.
package emulator

import (
	"net/http"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/buckt/terraform-provider-buckt/internal/clock"
)

// PrincipalARN is Buckt's AWS principal: the trust policy of a customer role must
// allow it to call sts:AssumeRole.
const PrincipalARN = "arn:aws:iam::999988887777:role/BucktService"

// Options configures an Emulator.
type Options struct {
	// APIKey is the Bearer key every /v1 request must carry. When empty, every
	// /v1 request is refused: the emulator fails closed.
	APIKey string
	// IAMPropagationDelay is how long after being created or changed a role
	// stays unassumable, like IAM's eventual consistency (0 = immediately).
	IAMPropagationDelay time.Duration
	// Latency is a fixed delay added to every /v1 request, to model a real round trip.
	Latency time.Duration
	// RateLimit is a token bucket over all /v1 requests, in requests per second
	// with a burst of one second's worth (0 = no limit): a refused request is
	// answered 429 rate_limit_error with Retry-After, like a shared API key's quota.
	RateLimit float64
	// Faults are the random faults injected into /v1 requests.
	Faults Faults
	// Seed seeds the fault RNG (0 = time-based).
	Seed int64
	// RewordErrors sends every error message in other words than the
	// emulator's own (same status, type, code and param; the ids and names
	// the message is about kept), so that a client or test that matches a
	// server's sentence fails against the emulator first.
	RewordErrors bool
	// OffsetCursors makes every listing's cursor an offset into the listing
	// as it is when the next page is asked for (still opaque, still naming
	// its listing), as the contract allows an independent Buckt to do: a
	// record deleted before the cursor makes a walk skip one, a record created
	// before it makes the walk show one twice. The default cursor means
	// "after this id", which does neither.
	OffsetCursors bool
	// UnorderedIDs makes new ids random rather than time-ordered, so a new
	// connection or bucket lands anywhere in the listings (which sort by id),
	// not only at their end; so does a new S3 bucket in its account's listing.
	UnorderedIDs bool
	// Clock is the emulator's time (timestamps, IAM propagation, idempotency
	// expiry, the rate limit and its statistics) and what Latency and slow
	// faults sleep on; nil means the real clock. Tests pass a clock.Fake.
	Clock clock.Clock
}

// Emulator is the in-memory Buckt API. It is an http.Handler; use Start or
// StartAt to serve it on a loopback address.
type Emulator struct {
	opts  Options
	clock clock.Clock // Options.Clock or the real clock
	api   router
	admin router
	quota *rate.Limiter // Options.RateLimit; nil without one

	// mu guards everything below; handlers hold it for their whole operation,
	// which makes each API call atomic.
	mu          sync.Mutex
	ids         idGenerator
	accounts    map[string]*awsAccount
	buckets     map[string]*bucket
	roles       map[string]Role
	s3          map[string][]s3Bucket // by 12-digit AWS account id, in creation order
	s3Seq       uint64                // the last S3 bucket's creation number
	idempotency map[string]*idempotentEntry
	faults      faultState
	requests    map[string]int
	connections int
	rateLimited int
	// recent holds the arrival times of the /v1 requests of the last second.
	recent        []time.Time
	peakPerSecond int
}

// New returns an Emulator with empty state.
func New(opts Options) *Emulator {
	e := &Emulator{
		opts:        opts,
		clock:       clock.OrReal(opts.Clock),
		ids:         idGenerator{unordered: opts.UnorderedIDs},
		accounts:    map[string]*awsAccount{},
		buckets:     map[string]*bucket{},
		roles:       map[string]Role{},
		s3:          map[string][]s3Bucket{},
		idempotency: map[string]*idempotentEntry{},
		faults:      newFaultState(opts.Faults, opts.Seed),
		requests:    map[string]int{},
		quota:       newTokenBucket(opts.RateLimit),
	}
	e.api = e.apiRoutes()
	e.admin = e.adminRoutes()
	return e
}

// apiRoutes is the route table of the Buckt API.
func (e *Emulator) apiRoutes() router {
	return router{
		{RouteConnectAWSAccount, e.connectAccount, `connect: {"label"?}`},
		{RouteListAWSAccounts, e.listAccounts, "list: ?cursor=&limit="},
		{RouteGetAWSAccount, e.getAccount, "get"},
		{RouteUpdateAWSAccount, e.updateAccount, `update: {"roleArn"?, "stackId"?, "label"?}`},
		{RouteDisconnectAWSAccount, e.disconnectAccount, "disconnect"},
		{RouteValidateAWSAccount, e.validateAccount, "validate the role"},
		{RouteListS3Buckets, e.listS3Buckets, "list visible S3 buckets: ?cursor=&limit="},
		{RouteImportBuckets, e.importBuckets, `import: {"bucketNames": [...]}`},
		{RouteListBuckets, e.listBuckets, "list buckets: ?cursor=&limit=&awsAccount="},
		{RouteGetBucket, e.getBucket, "get a bucket"},
		{RouteReleaseBucket, e.releaseBucket, "release a bucket (S3 untouched)"},
	}
}

// ServeHTTP serves the Buckt API under /v1 and the admin API under /_admin.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case under(r.URL.Path, "/v1"):
		e.serveAPI(w, r)
	case under(r.URL.Path, "/_admin"):
		e.serveAdmin(w, r)
	default:
		e.write(w, errorResponse(notFound("Unknown route: %s %s", r.Method, r.URL.Path)))
	}
}

// serveAPI runs the /v1 pipeline: count, latency, rate limit, auth, routing,
// faults answered before the work, idempotency, the work, and a possible drop
// after it.
func (e *Emulator) serveAPI(w http.ResponseWriter, r *http.Request) {
	rt, id, allowed := e.api.match(r.Method, r.URL.Path)
	e.countRequest(rt)
	if !e.sleep(r, e.opts.Latency) {
		return
	}
	if refused := e.admit(); refused != nil {
		e.countRateLimited()
		e.write(w, *refused)
		return
	}
	if err := e.authenticate(r); err != nil {
		e.write(w, errorResponse(err))
		return
	}
	if rt == nil {
		e.write(w, routeError(r, allowed))
		return
	}
	f := e.pickFault(rt.key, isWrite(r.Method))
	if f.answer != nil {
		if f.answer.status == http.StatusTooManyRequests {
			e.countRateLimited()
		}
		e.write(w, *f.answer)
		return
	}
	if !e.sleep(r, f.delay) {
		return
	}
	body, err := readBody(w, r)
	if err != nil {
		e.write(w, errorResponse(err))
		return
	}
	res, ok := e.idempotent(r, body, func() response {
		return render(rt.handle(call{r: r, body: body, id: id}))
	})
	if !ok {
		return
	}
	if f.drop {
		dropConnection(w)
		return
	}
	e.write(w, res)
}

// now is the time on the emulator's clock.
func (e *Emulator) now() time.Time {
	return e.clock.Now()
}

// under reports whether path is prefix itself or below it.
func under(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

func isWrite(method string) bool {
	return method == http.MethodPost || method == http.MethodPatch || method == http.MethodDelete
}

// sleep waits d on the emulator's clock, or less if the client goes away; it
// reports whether to go on.
func (e *Emulator) sleep(r *http.Request, d time.Duration) bool {
	return d <= 0 || e.clock.Sleep(r.Context(), d) == nil
}
