package emulator

import (
	"crypto/subtle"
	"net/http"
	"strings"
)

// authenticate checks the Bearer key. Messages never echo the key that was sent.
func (e *Emulator) authenticate(r *http.Request) error {
	scheme, key, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(key) == "" {
		return newError(http.StatusUnauthorized, "Missing API key: send it as 'Authorization: Bearer <API key>'")
	}
	if e.opts.APIKey == "" || subtle.ConstantTimeCompare([]byte(strings.TrimSpace(key)), []byte(e.opts.APIKey)) != 1 {
		return newError(http.StatusUnauthorized, "Invalid API key")
	}
	return nil
}
