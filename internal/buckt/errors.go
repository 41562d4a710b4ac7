package buckt

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Sentinel errors, one per row of the API's error table. An *APIError matches
// the one for its status with errors.Is, e.g. errors.Is(err, buckt.ErrNotFound).
var (
	ErrBadRequest       = errors.New("bad request")
	ErrAuthentication   = errors.New("authentication failed")
	ErrPermissionDenied = errors.New("permission denied")
	ErrNotFound         = errors.New("not found")
	ErrConflict         = errors.New("conflict")
	ErrValidation       = errors.New("validation failed")
	ErrRateLimit        = errors.New("rate limited")
	ErrServer           = errors.New("server error")
)

// APIError is a non-2xx answer of the API. Message is the API's own text, kept
// verbatim because users search for it.
type APIError struct {
	StatusCode int
	Type       string
	Message    string
	Param      string
	Code       string
	Method     string
	Path       string
	// Attempts is how many times the request was sent (more than one when retried).
	Attempts int
}

// Error names the request, the status and the API's message.
func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s: HTTP %d", e.Method, e.Path, e.StatusCode)
	if e.Type != "" {
		fmt.Fprintf(&b, " %s", e.Type)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	fmt.Fprintf(&b, ": %s", e.Message)
	return b.String()
}

// Is matches the sentinel error of e's status code.
func (e *APIError) Is(target error) bool {
	return target == sentinelFor(e.StatusCode)
}

func sentinelFor(status int) error {
	switch {
	case status == http.StatusBadRequest:
		return ErrBadRequest
	case status == http.StatusUnauthorized:
		return ErrAuthentication
	case status == http.StatusForbidden:
		return ErrPermissionDenied
	case status == http.StatusNotFound:
		return ErrNotFound
	case status == http.StatusConflict:
		return ErrConflict
	case status == http.StatusUnprocessableEntity:
		return ErrValidation
	case status == http.StatusTooManyRequests:
		return ErrRateLimit
	case status >= 500:
		return ErrServer
	}
	return nil
}

// IsNotFound reports whether err is the API's 404.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// maxRawErrorBody bounds how much of a non-envelope error body is quoted.
const maxRawErrorBody = 512

// decodeAPIError builds the *APIError of a non-2xx response, falling back to the
// status text and the raw body when the body is not the error envelope.
func decodeAPIError(method, path string, resp *http.Response, body []byte, attempts int) *APIError {
	apiErr := &APIError{StatusCode: resp.StatusCode, Method: method, Path: path, Attempts: attempts}
	var envelope struct {
		Error *struct {
			Type    string `json:"type"`
			Message string `json:"message"`
			Param   string `json:"param"`
			Code    string `json:"code"`
		} `json:"error"`
	}
	if json.Unmarshal(body, &envelope) == nil && envelope.Error != nil && envelope.Error.Message != "" {
		apiErr.Type = envelope.Error.Type
		apiErr.Message = envelope.Error.Message
		apiErr.Param = envelope.Error.Param
		apiErr.Code = envelope.Error.Code
		return apiErr
	}
	apiErr.Message = http.StatusText(resp.StatusCode)
	if apiErr.Message == "" {
		apiErr.Message = fmt.Sprintf("HTTP status %d", resp.StatusCode)
	}
	if raw := strings.TrimSpace(string(body)); raw != "" {
		apiErr.Message += ": " + truncate(raw, maxRawErrorBody)
	}
	return apiErr
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
