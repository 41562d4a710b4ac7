package emulator

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/clock"
)

const testKey = "test-key"

// newFakeClock is a clock.Fake at a fixed time.
func newFakeClock() *clock.Fake {
	return clock.NewFake(time.Date(2026, 4, 25, 12, 0, 0, 0, time.UTC))
}

// testClient talks to a started emulator over real HTTP.
type testClient struct {
	t    *testing.T
	srv  *Server
	http *http.Client
}

// start serves an emulator for one test; opts.APIKey defaults to testKey.
func start(t *testing.T, opts Options) *testClient {
	t.Helper()
	if opts.APIKey == "" {
		opts.APIKey = testKey
	}
	srv, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return &testClient{t: t, srv: srv, http: &http.Client{Timeout: 10 * time.Second}}
}

type reply struct {
	status int
	header http.Header
	body   []byte
}

// errorBody is the error envelope's content.
type errorBody struct {
	Type    string `json:"type"`
	Message string `json:"message"`
	Param   string `json:"param"`
	Code    string `json:"code"`
}

func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decoding %s: %v", r.body, err)
	}
}

func (r reply) apiError(t *testing.T) errorBody {
	t.Helper()
	var env struct{ Error errorBody }
	r.decode(t, &env)
	return env.Error
}

// send makes a request with the test key. body is sent as is when it is a
// string, else as JSON; headers are name/value pairs.
func (c *testClient) send(method, path string, body any, headers ...string) (reply, error) {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			return reply{}, err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, c.srv.URL()+path, rd)
	if err != nil {
		return reply{}, err
	}
	req.Header.Set("Authorization", "Bearer "+testKey)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return reply{resp.StatusCode, resp.Header, raw}, err
}

// do is send that fails the test on a transport error or an unexpected status.
func (c *testClient) do(want int, method, path string, body any, headers ...string) reply {
	c.t.Helper()
	r, err := c.send(method, path, body, headers...)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	if r.status != want {
		c.t.Fatalf("%s %s: status %d, want %d; body %s", method, path, r.status, want, r.body)
	}
	return r
}

// fails expects an error envelope with the given status, type and param.
func (c *testClient) fails(want int, typ, param, method, path string, body any, headers ...string) errorBody {
	c.t.Helper()
	e := c.do(want, method, path, body, headers...).apiError(c.t)
	if e.Type != typ || e.Param != param {
		c.t.Fatalf("%s %s: error %+v, want type %q param %q", method, path, e, typ, param)
	}
	return e
}

func (c *testClient) connect(label string) string {
	c.t.Helper()
	var body any
	if label != "" {
		body = map[string]string{"label": label}
	}
	var w writeResult
	c.do(http.StatusOK, "POST", "/v1/aws-accounts", body).decode(c.t, &w)
	if w.Object != "aws_account" {
		c.t.Fatalf("connect returned %+v", w)
	}
	return w.ID
}

func (c *testClient) account(id string) awsAccount {
	c.t.Helper()
	var a awsAccount
	c.do(http.StatusOK, "GET", "/v1/aws-accounts/"+id, nil).decode(c.t, &a)
	return a
}

// activeAccount connects an account whose role in awsAccountID validates,
// and gives that AWS account S3 buckets.
func (c *testClient) activeAccount(awsAccountID string, s3Buckets ...string) string {
	c.t.Helper()
	id := c.connect("")
	roleARN := "arn:aws:iam::" + awsAccountID + ":role/BucktAccess-" + id
	c.srv.PutRole(Role{ARN: roleARN, ExternalID: c.account(id).ExternalID})
	c.srv.PutS3Buckets(awsAccountID, s3Buckets...)
	c.do(http.StatusOK, "PATCH", "/v1/aws-accounts/"+id, map[string]string{"roleArn": roleARN})
	c.do(http.StatusOK, "POST", "/v1/aws-accounts/"+id+"/validate", nil)
	return id
}

func (c *testClient) importBuckets(accountID string, names ...string) []string {
	c.t.Helper()
	var out []writeResult
	c.do(http.StatusOK, "POST", "/v1/aws-accounts/"+accountID+"/import", map[string][]string{"bucketNames": names}).decode(c.t, &out)
	ids := make([]string, len(out))
	for i, w := range out {
		ids[i] = w.ID
	}
	return ids
}
