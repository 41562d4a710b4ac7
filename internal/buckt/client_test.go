package buckt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/clock"
)

// recorder is a scripted httptest server: each request gets the next answer and
// is recorded for assertions.
type recorder struct {
	mu       sync.Mutex
	requests []*recordedRequest
	answers  []func(w http.ResponseWriter)
	// clock is the Client's: what it waited, without waiting.
	clock *clock.Fake
}

type recordedRequest struct {
	Method, Path, Query, Body string
	Header                    http.Header
}

// requestTo is how the client names a request to route (an emulator.Route*
// constant) for the object id: the route with id in its path, e.g.
// GET /v1/aws-accounts/awa_1.
func requestTo(route, id string) string { return strings.Replace(route, "{id}", id, 1) }

func newRecorder(t *testing.T, answers ...func(w http.ResponseWriter)) (*recorder, *Client) {
	t.Helper()
	rec := &recorder{answers: answers, clock: newFakeClock()}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		n := len(rec.requests)
		rec.requests = append(rec.requests, &recordedRequest{r.Method, r.URL.Path, r.URL.RawQuery, string(body), r.Header.Clone()})
		rec.mu.Unlock()
		if n >= len(rec.answers) {
			t.Errorf("unexpected request %d: %s %s", n+1, r.Method, r.URL)
			w.WriteHeader(http.StatusTeapot)
			return
		}
		rec.answers[n](w)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{Endpoint: srv.URL + "/", APIKey: "secret-key", MaxRetries: 3, UserAgent: "terraform-provider-buckt/test", Clock: rec.clock})
	if err != nil {
		t.Fatal(err)
	}
	return rec, c
}

// newFakeClock is a clock.Fake at a fixed time.
func newFakeClock() *clock.Fake {
	return clock.NewFake(time.Date(2026, 4, 25, 12, 0, 0, 0, time.UTC))
}

func answer(status int, body string, headers ...string) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func apiError(status int, typ, msg string) func(w http.ResponseWriter) {
	return answer(status, fmt.Sprintf(`{"error":{"type":%q,"message":%q,"param":"roleArn"}}`, typ, msg))
}

func TestGetAWSAccountDecodesNullsAndIgnoresUnknownFields(t *testing.T) {
	rec, c := newRecorder(t, answer(200, `{"object":"aws_account","id":"awa_1","awsAccountId":null,"externalId":"ext_1",
		"roleArn":null,"label":"prod","status":"pending","createdAt":"2026-03-01T08:00:00Z","updatedAt":"2026-03-01T08:00:00Z","futureField":{"x":1}}`))
	got, err := c.GetAWSAccount(context.Background(), "awa_1")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "awa_1" || got.AWSAccountID != nil || got.StackID != nil || got.LastValidatedAt != nil || *got.Label != "prod" || got.Status != StatusPending {
		t.Errorf("decoded %+v", got)
	}
	r := rec.requests[0]
	if r.Method != http.MethodGet || r.Path != "/v1/aws-accounts/awa_1" {
		t.Errorf("request %s %s", r.Method, r.Path)
	}
	if r.Header.Get("Authorization") != "Bearer secret-key" || r.Header.Get("User-Agent") != "terraform-provider-buckt/test" {
		t.Errorf("headers %v", r.Header)
	}
	if r.Header.Get("Idempotency-Key") != "" {
		t.Error("a GET must not carry an idempotency key")
	}
}

func TestErrorDecoding(t *testing.T) {
	cases := []struct {
		name     string
		answer   func(w http.ResponseWriter)
		sentinel error
		message  string
	}{
		{"envelope", apiError(422, "validation_error", "AccessDenied: not authorized to perform: sts:AssumeRole"), ErrValidation, "AccessDenied: not authorized to perform: sts:AssumeRole"},
		{"not found", apiError(404, "not_found_error", "No such aws_account: awa_x"), ErrNotFound, "No such aws_account: awa_x"},
		{"conflict", apiError(409, "conflict_error", "still has buckets"), ErrConflict, "still has buckets"},
		{"unauthorized", apiError(401, "authentication_error", "Invalid API key"), ErrAuthentication, "Invalid API key"},
		{"forbidden", apiError(403, "permission_error", "no access"), ErrPermissionDenied, "no access"},
		{"bad request", apiError(400, "invalid_request_error", "bad limit"), ErrBadRequest, "bad limit"},
		{"html body", answer(418, "<html>teapot</html>"), nil, "I'm a teapot: <html>teapot</html>"},
		{"empty body", answer(403, ""), ErrPermissionDenied, "Forbidden"},
		{"envelope without message", answer(400, `{"error":{}}`), ErrBadRequest, `Bad Request: {"error":{}}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, c := newRecorder(t, tc.answer)
			_, err := c.GetAWSAccount(context.Background(), "awa_x")
			var apiErr *APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v is not an *APIError", err)
			}
			if apiErr.Message != tc.message {
				t.Errorf("message %q, want %q", apiErr.Message, tc.message)
			}
			if tc.sentinel != nil && !errors.Is(err, tc.sentinel) {
				t.Errorf("%v does not match %v", err, tc.sentinel)
			}
			if !errors.Is(tc.sentinel, ErrNotFound) && IsNotFound(err) {
				t.Error("IsNotFound matched a non-404")
			}
			if strings.Contains(err.Error(), "secret-key") {
				t.Error("the API key leaked into the error")
			}
		})
	}
}

func TestWritesAcceptCreatedAndNoContent(t *testing.T) {
	_, c := newRecorder(t,
		answer(201, `{"object":"aws_account","id":"awa_new"}`),
		answer(204, ""),
		answer(200, ""),
	)
	ctx := context.Background()
	id, err := c.ConnectAWSAccount(ctx, nil)
	if err != nil || id != "awa_new" {
		t.Fatalf("connect = %q, %v", id, err)
	}
	if err := c.DisconnectAWSAccount(ctx, id); err != nil {
		t.Fatalf("204 delete: %v", err)
	}
	if err := c.DeleteBucket(ctx, "bkt_1"); err != nil {
		t.Fatalf("200 empty delete: %v", err)
	}
}

func TestConnectSendsLabelOnlyWhenSet(t *testing.T) {
	rec, c := newRecorder(t, answer(200, `{"id":"awa_1"}`), answer(200, `{"id":"awa_2"}`))
	label := "prod"
	if _, err := c.ConnectAWSAccount(context.Background(), &label); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ConnectAWSAccount(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if rec.requests[0].Body != `{"label":"prod"}` || rec.requests[1].Body != `{}` {
		t.Errorf("bodies %q, %q", rec.requests[0].Body, rec.requests[1].Body)
	}
	if rec.requests[0].Header.Get("Idempotency-Key") == rec.requests[1].Header.Get("Idempotency-Key") {
		t.Error("two logical POSTs share an idempotency key")
	}
}

func TestUpdateDistinguishesAbsentFromNull(t *testing.T) {
	rec, c := newRecorder(t, answer(200, `{"id":"awa_1"}`))
	err := c.UpdateAWSAccount(context.Background(), "awa_1", AWSAccountUpdate{
		RoleARN: SetTo("arn:aws:iam::111122223333:role/R"),
		StackID: Clear(),
	})
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(rec.requests[0].Body), &body); err != nil {
		t.Fatal(err)
	}
	if _, ok := body["label"]; ok {
		t.Error("label was sent though it was left out")
	}
	if v, ok := body["stackId"]; !ok || v != nil {
		t.Errorf("stackId = %v (present %v), want null", v, ok)
	}
	if body["roleArn"] != "arn:aws:iam::111122223333:role/R" || rec.requests[0].Method != http.MethodPatch {
		t.Errorf("body %v", body)
	}
}

func TestPaginationFollowsCursorsAtMaximumPageSize(t *testing.T) {
	rec, c := newRecorder(t,
		answer(200, `{"data":[{"id":"a"},{"id":"b"}],"meta":{"limit":100,"nextCursor":"c1"}}`),
		answer(200, `{"data":[{"id":"c"}],"meta":{"limit":100,"nextCursor":"c2"}}`),
		answer(200, `{"data":[{"id":"d"}],"meta":{"limit":100,"nextCursor":null}}`),
	)
	got, err := c.ListS3Buckets(context.Background(), "awa_1")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range got {
		names = append(names, b.ID)
	}
	if strings.Join(names, ",") != "a,b,c,d" {
		t.Errorf("names %v", names)
	}
	wantQueries := []string{"limit=100", "cursor=c1&limit=100", "cursor=c2&limit=100"}
	for i, r := range rec.requests {
		if r.Path != "/v1/aws-accounts/awa_1/s3-buckets" || r.Query != wantQueries[i] {
			t.Errorf("request %d: %s?%s", i, r.Path, r.Query)
		}
	}
}

func TestPaginationStopsOnRepeatedCursor(t *testing.T) {
	_, c := newRecorder(t,
		answer(200, `{"data":[{"id":"a"}],"meta":{"nextCursor":"same"}}`),
		answer(200, `{"data":[{"id":"b"}],"meta":{"nextCursor":"same"}}`),
	)
	if _, err := c.ListAWSAccounts(context.Background()); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("err = %v, want a repeated-cursor error", err)
	}
}

// An item shown on two pages (an offset cursor shifted by another pipeline's
// create) is listed once.
func TestPaginationYieldsAnItemShownTwiceOnce(t *testing.T) {
	_, c := newRecorder(t,
		answer(200, `{"data":[{"id":"bkt_1"},{"id":"bkt_2"}],"meta":{"nextCursor":"2"}}`),
		answer(200, `{"data":[{"id":"bkt_2"},{"id":"bkt_3"}],"meta":{"nextCursor":null}}`),
	)
	got, err := c.ListBuckets(context.Background(), "awa_1")
	var ids []string
	for _, b := range got {
		ids = append(ids, b.ID)
	}
	if err != nil || strings.Join(ids, ",") != "bkt_1,bkt_2,bkt_3" {
		t.Errorf("ids %v, %v; want each once", ids, err)
	}
}

func TestBucketListFiltersByAccount(t *testing.T) {
	rec, c := newRecorder(t, answer(200, `{"data":[{"id":"bkt_1","name":"logs","awsAccount":"awa_1"}],"meta":{"nextCursor":null}}`))
	got, err := c.ListBuckets(context.Background(), "awa_1")
	if err != nil || len(got) != 1 || got[0].Name != "logs" {
		t.Fatalf("got %v, %v", got, err)
	}
	if rec.requests[0].Query != "awsAccount=awa_1&limit=100" {
		t.Errorf("query %q", rec.requests[0].Query)
	}
}

func TestImportBucketsReturnsIDsInOrder(t *testing.T) {
	rec, c := newRecorder(t, answer(200, `[{"object":"bucket","id":"bkt_b"},{"object":"bucket","id":"bkt_a"}]`))
	ids, err := c.ImportBuckets(context.Background(), "awa_1", []string{"b", "a"})
	if err != nil || strings.Join(ids, ",") != "bkt_b,bkt_a" {
		t.Fatalf("ids %v, %v", ids, err)
	}
	if rec.requests[0].Body != `{"bucketNames":["b","a"]}` || rec.requests[0].Path != "/v1/aws-accounts/awa_1/import" {
		t.Errorf("request %+v", rec.requests[0])
	}
}
