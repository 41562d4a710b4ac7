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
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-cleanhttp"
	"github.com/hashicorp/go-retryablehttp"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// DefaultEndpoint is the public Buckt API.
const DefaultEndpoint = "https://api.buckt.io"

// DefaultRequestTimeout bounds one HTTP attempt, so a hung connection cannot hang
// `terraform apply`; retries get their own attempt.
const DefaultRequestTimeout = 60 * time.Second

// maxIdleConnsPerHost covers Terraform's default -parallelism of 10 with room.
const maxIdleConnsPerHost = 16

// Config holds what a Client needs. Only APIKey is required.
type Config struct {
	// Endpoint is the API base URL; DefaultEndpoint when empty. A trailing /v1
	// is dropped: the client adds it to every path.
	Endpoint string
	// APIKey is sent as a Bearer token and nowhere else: never logged, never in errors.
	APIKey string
	// MaxRetries is how many times a retryable failure (429, 5xx, network) is retried.
	MaxRetries int
	// UserAgent names the provider and Terraform versions.
	UserAgent string
	// RequestTimeout bounds each attempt; DefaultRequestTimeout when zero.
	RequestTimeout time.Duration
	// AfterWrite, when set, is called after every request that may change
	// something (any method but GET), whatever its outcome: callers that keep
	// read snapshots drop them there.
	AfterWrite func()
}

// Client talks to one Buckt endpoint. It is safe for concurrent use and keeps one
// pooled, keep-alive HTTP client for its lifetime.
type Client struct {
	base       *url.URL
	apiKey     string
	userAgent  string
	maxRetries int
	http       *http.Client
	afterWrite func()
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
	return &Client{
		base:       base,
		apiKey:     cfg.APIKey,
		userAgent:  cfg.UserAgent,
		maxRetries: max(cfg.MaxRetries, 0),
		http:       httpClient,
		afterWrite: cfg.AfterWrite,
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
	start := time.Now()
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
		"attempts": attempts, "duration_ms": time.Since(start).Milliseconds(),
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
