// Package buckt is a small typed client for the Buckt REST API (aws-accounts and
// buckets). It knows HTTP and JSON only: no Terraform types leak in, except that
// it logs through terraform-plugin-log, which is a no-op outside a provider.
package buckt

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/buckt/terraform-provider-buckt/internal/clock"
)

// DefaultEndpoint is the public Buckt API.
const DefaultEndpoint = "https://api.buckt.io"

// maxIdleConnsPerHost covers Terraform's default -parallelism of 10 with room.
const maxIdleConnsPerHost = 16

// Config holds what a Client needs. Only APIKey is required.
type Config struct {
	// Endpoint is the API base URL; DefaultEndpoint when empty. A trailing /v1
	// is dropped: the client adds it to every path.
	Endpoint string
	// APIKey is sent as a Bearer token and nowhere else: never logged, never in errors.
	APIKey string
	// MaxRetries is how many times a retryable failure (429, 5xx, network) is
	// retried; an attempt that timed out is retried once at most, whatever it is.
	MaxRetries int
	// MaxRequestsPerSecond caps the rate of attempts the Client sends, retries
	// included, for teams that share one API key (0 = no cap). Below the cap the
	// Client adapts by itself: a 429 pauses all its requests and halves the rate.
	MaxRequestsPerSecond float64
	// UserAgent names the provider and Terraform versions.
	UserAgent string
	// RequestTimeout bounds each attempt (connecting, sending, waiting for and
	// reading the answer); DefaultRequestTimeout when zero.
	RequestTimeout time.Duration
	// AfterWrite, when set, is called after every request that may change
	// something (any method but GET), whatever its outcome: callers that keep
	// read snapshots drop them there.
	AfterWrite func()
	// Clock is what the Client waits by (retry backoff, 429 pauses, the
	// request rate) and times requests with; nil means the real clock. Tests
	// pass a clock.Fake to see the waits without waiting them out.
	Clock clock.Clock
}

// Client talks to one Buckt endpoint. It is safe for concurrent use and keeps one
// pooled, keep-alive HTTP client for its lifetime.
type Client struct {
	base       *url.URL
	apiKey     string
	userAgent  string
	maxRetries int
	timeout    time.Duration
	http       *http.Client
	throttle   *throttle
	afterWrite func()
	clock      clock.Clock
}

// New checks cfg and returns a Client.
func New(cfg Config) (*Client, error) {
	endpoint := cfg.Endpoint
	if endpoint == "" {
		endpoint = DefaultEndpoint
	}
	// Every path starts with /v1, so a base URL copied with it (…/v1) would
	// turn every request into /v1/v1/… and a 404.
	base, err := url.Parse(strings.TrimSuffix(strings.TrimRight(endpoint, "/"), "/v1"))
	if err != nil || base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("endpoint %q is not an absolute URL such as %s", endpoint, DefaultEndpoint)
	}
	if cfg.APIKey == "" {
		return nil, fmt.Errorf("no API key")
	}
	if perSecond := cfg.MaxRequestsPerSecond; perSecond < 0 || math.IsNaN(perSecond) || math.IsInf(perSecond, 0) {
		return nil, fmt.Errorf("max requests per second %g is not a finite number >= 0 (0 = no cap)", perSecond)
	}
	timeout := cfg.RequestTimeout
	if timeout == 0 {
		timeout = DefaultRequestTimeout
	}
	httpClient := cleanhttp.DefaultPooledClient()
	httpClient.Timeout = timeout
	// cleanhttp keeps GOMAXPROCS+1 idle connections per host (3 on a 2-core CI
	// runner); Terraform runs 10 operations at once by default, so bursts would
	// close and re-dial (and re-handshake TLS) connections it is about to need.
	if transport, ok := httpClient.Transport.(*http.Transport); ok {
		transport.MaxIdleConnsPerHost = maxIdleConnsPerHost
	}
	clk := clock.OrReal(cfg.Clock)
	return &Client{
		base:       base,
		apiKey:     cfg.APIKey,
		userAgent:  cfg.UserAgent,
		maxRetries: max(cfg.MaxRetries, 0),
		timeout:    timeout,
		http:       httpClient,
		throttle:   newThrottle(cfg.MaxRequestsPerSecond, clk),
		afterWrite: cfg.AfterWrite,
		clock:      clk,
	}, nil
}

// call describes one logical API request. A POST carries an idempotency key that
// every transport retry of it reuses, so a lost response never acts twice.
type call struct {
	method string
	path   string
	query  url.Values
	in     any
	out    any
}

// do performs c, retrying as the retry policy allows, and decodes a 2xx body into
// c.out (an empty body leaves it untouched) or returns an *APIError.
func (c *Client) do(ctx context.Context, cl call) error {
	u := *c.base
	u.Path += cl.path
	u.RawQuery = cl.query.Encode()

	var body []byte
	if cl.in != nil {
		var err error
		if body, err = json.Marshal(cl.in); err != nil {
			return fmt.Errorf("encoding %s %s: %w", cl.method, cl.path, err)
		}
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, cl.method, u.String(), body)
	if err != nil {
		return fmt.Errorf("building %s %s: %w", cl.method, cl.path, err)
	}
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	req.Header.Set("Accept", "application/json")
	if c.userAgent != "" {
		req.Header.Set("User-Agent", c.userAgent)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if cl.method == http.MethodPost {
		req.Header.Set("Idempotency-Key", newIdempotencyKey())
	}

	if cl.method != http.MethodGet && c.afterWrite != nil {
		defer c.afterWrite()
	}
	ctx = c.masked(ctx)
	req = req.WithContext(ctx)
	start := c.clock.Now()
	resp, attempts, err := c.send(req, cl.method+" "+cl.path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("reading the response to %s %s: %w", cl.method, cl.path, err)
	}
	tflog.Debug(ctx, "Buckt API request", map[string]any{
		"method": cl.method, "path": cl.path, "status": resp.StatusCode,
		"attempts": attempts, "duration_ms": c.clock.Now().Sub(start).Milliseconds(),
	})
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return decodeAPIError(cl.method, cl.path, resp, raw, attempts)
	}
	if cl.out == nil || len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, cl.out); err != nil {
		return fmt.Errorf("decoding the response to %s %s: %w", cl.method, cl.path, err)
	}
	return nil
}

// masked returns ctx with the API key masked in every log message and field the
// client (or anything below it) writes, whatever the field is called: the key
// must never reach a log, even at TRACE.
func (c *Client) masked(ctx context.Context) context.Context {
	ctx = tflog.MaskAllFieldValuesStrings(ctx, c.apiKey)
	ctx = tflog.MaskMessageStrings(ctx, c.apiKey)
	return tflog.MaskFieldValuesWithFieldKeys(ctx, "Authorization", "api_key")
}

// newIdempotencyKey returns a random key naming one logical POST.
func newIdempotencyKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return "tf-" + hex.EncodeToString(b)
}
