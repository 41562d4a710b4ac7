package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
)

// response is a fully rendered answer, kept as bytes so that idempotency can
// replay it and a dropped connection can discard it.
type response struct {
	status int
	header http.Header
	body   []byte
	// apiErr is the error the body encodes, if it is an error envelope.
	apiErr *apiError
}

// render turns a handler's result into a response.
func render(v any, err error) response {
	if err != nil {
		return errorResponse(err)
	}
	return jsonResponse(http.StatusOK, v)
}

// errorResponse renders err as the error envelope; an error that is not an
// *apiError is an emulator bug and answers 500 api_error.
func errorResponse(err error) response {
	var ae *apiError
	if !errors.As(err, &ae) {
		ae = newError(http.StatusInternalServerError, "internal error: %v", err)
	}
	res := jsonResponse(ae.status, map[string]*apiError{"error": ae})
	res.apiErr = ae
	return res
}

func jsonResponse(status int, v any) response {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic("emulator: encoding a response: " + err.Error()) // only our own types are encoded
	}
	return response{status: status, header: http.Header{"Content-Type": {"application/json"}}, body: buf.Bytes()}
}

// write sends res, its error message reworded when Options.RewordErrors says so.
func (e *Emulator) write(w http.ResponseWriter, res response) {
	if e.opts.RewordErrors {
		res = res.reworded()
	}
	for k, v := range res.header {
		w.Header()[k] = v
	}
	w.WriteHeader(res.status)
	_, _ = w.Write(res.body)
}

// dropConnection closes the client's connection without answering, like a
// response lost in transit. Writers that cannot be hijacked abort the handler,
// which net/http also turns into a closed connection.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}
