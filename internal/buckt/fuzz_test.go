package buckt

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// FuzzDecodeAPIError: any status and body give an *APIError with a message,
// never a panic; an envelope's own message is kept verbatim.
func FuzzDecodeAPIError(f *testing.F) {
	f.Add(422, []byte(`{"error":{"type":"validation_error","message":"AccessDenied","param":"roleArn"}}`))
	f.Add(500, []byte(`<html>oops</html>`))
	f.Add(404, []byte(``))
	f.Add(400, []byte(`{"error":null}`))
	f.Add(409, []byte(`{"error":{"message":""}}`))
	f.Add(429, []byte("\xff\xfe"+strings.Repeat("x", 2000)))
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 999 {
			t.Skip()
		}
		e := decodeAPIError("GET", "/v1/x", &http.Response{StatusCode: status}, body, 1)
		if e.Message == "" || e.StatusCode != status {
			t.Fatalf("decoded %+v", e)
		}
		if len(e.Message) > maxRawErrorBody+200 {
			t.Fatalf("message of %d bytes: raw bodies must be truncated", len(e.Message))
		}
		var envelope struct {
			Error struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal(body, &envelope) == nil && envelope.Error.Message != "" && e.Message != envelope.Error.Message {
			t.Fatalf("envelope message %q became %q", envelope.Error.Message, e.Message)
		}
		_ = e.Error()
	})
}

// FuzzPagination: whatever pages and cursors a server sends, listing ends
// (an error is fine) and never loops forever or panics.
func FuzzPagination(f *testing.F) {
	f.Add([]byte(`{"data":[{"id":"a"}],"meta":{"nextCursor":"c1"}}`), []byte(`{"data":[{"id":"b"}],"meta":{"nextCursor":"c1"}}`))
	f.Add([]byte(`{"data":[],"meta":{"nextCursor":null}}`), []byte(`{}`))
	f.Add([]byte(`{"data":[{"id":"a"}],"meta":{"nextCursor":""}}`), []byte(`not json`))
	f.Add([]byte(`{"data":null,"meta":null}`), []byte(`{"data":[{"id":1}]}`))
	f.Fuzz(func(t *testing.T, first, rest []byte) {
		var calls atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			// Page 1 is `first`; every later page is `rest`, whose cursor may
			// repeat forever: pagination must notice.
			body := rest
			if calls.Add(1) == 1 {
				body = first
			}
			_, _ = io.Copy(w, strings.NewReader(string(body)))
		}))
		defer srv.Close()
		c, err := New(Config{Endpoint: srv.URL, APIKey: "k"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.ListS3Buckets(context.Background(), "awa_1")
		var apiErr *APIError
		if errors.As(err, &apiErr) {
			t.Fatalf("a 200 answer became an API error: %v", err)
		}
		if n := calls.Load(); n > 3 {
			t.Fatalf("%d requests for a server that repeats one page: pagination loops", n)
		}
	})
}
