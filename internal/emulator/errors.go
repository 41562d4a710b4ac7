package emulator

import (
	"fmt"
	"net/http"
)

// apiError is the body of the error envelope {"error": {...}} plus its HTTP status.
type apiError struct {
	status  int
	Type    string `json:"type"`
	Message string `json:"message"`
	Param   string `json:"param,omitempty"`
	Code    string `json:"code,omitempty"`
}

func (e *apiError) Error() string { return e.Message }

// newError builds an error whose type follows from status, as in the contract's table.
func newError(status int, format string, args ...any) *apiError {
	return &apiError{status: status, Type: errorType(status), Message: fmt.Sprintf(format, args...)}
}

func (e *apiError) withParam(param string) *apiError {
	e.Param = param
	return e
}

func (e *apiError) withCode(code string) *apiError {
	e.Code = code
	return e
}

func badRequest(param, format string, args ...any) *apiError {
	return newError(http.StatusBadRequest, format, args...).withParam(param)
}

func notFound(format string, args ...any) *apiError {
	return newError(http.StatusNotFound, format, args...)
}

func validationError(param, code, format string, args ...any) *apiError {
	return newError(http.StatusUnprocessableEntity, format, args...).withParam(param).withCode(code)
}

func conflict(code, format string, args ...any) *apiError {
	return newError(http.StatusConflict, format, args...).withCode(code)
}

func errorType(status int) string {
	switch status {
	case http.StatusUnauthorized:
		return "authentication_error"
	case http.StatusForbidden:
		return "permission_error"
	case http.StatusNotFound:
		return "not_found_error"
	case http.StatusConflict:
		return "conflict_error"
	case http.StatusUnprocessableEntity:
		return "validation_error"
	case http.StatusTooManyRequests:
		return "rate_limit_error"
	}
	if status >= 500 {
		return "api_error"
	}
	return "invalid_request_error"
}
