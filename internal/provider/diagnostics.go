package provider

import (
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// addAPIError adds a diagnostic in the provider's one form: the summary says what
// failed, the detail names the object, quotes the API's message verbatim (users
// search for it) and ends with what to do, given as hint or derived from the error.
func addAPIError(diags *diag.Diagnostics, summary, object string, err error, hint string) {
	var b strings.Builder
	var apiErr *buckt.APIError
	if errors.As(err, &apiErr) {
		fmt.Fprintf(&b, "%s: %s\n\n(Buckt API: %s %s answered HTTP %d", object, apiErr.Message, apiErr.Method, apiErr.Path, apiErr.StatusCode)
		if apiErr.Type != "" {
			fmt.Fprintf(&b, " %s", apiErr.Type)
		}
		if apiErr.Attempts > 1 {
			fmt.Fprintf(&b, " after %d attempts", apiErr.Attempts)
		}
		b.WriteString(".)")
	} else {
		fmt.Fprintf(&b, "%s: %s", object, err)
	}
	if hint == "" {
		hint = hintFor(err)
	}
	if hint != "" {
		fmt.Fprintf(&b, "\n\n%s", hint)
	}
	diags.AddError(summary, b.String())
}

// hintFor is the generic advice for an error class.
func hintFor(err error) string {
	switch {
	case errors.Is(err, buckt.ErrAuthentication):
		return "Check the API key: api_key in the provider block or the BUCKT_API_KEY environment variable."
	case errors.Is(err, buckt.ErrPermissionDenied):
		return "The API key is valid but lacks access to this object; use a key of the Buckt organization that owns it."
	case errors.Is(err, buckt.ErrRateLimit):
		return "Buckt kept rate-limiting the requests. If other pipelines share this API key, set max_requests_per_second " +
			"in the provider block (or BUCKT_MAX_REQUESTS_PER_SECOND) to their share of the limit; raising max_retries helps too."
	case errors.Is(err, buckt.ErrServer):
		return "Buckt had a server error; the request was retried. Run the command again; if it persists, check Buckt's status page."
	}
	var apiErr *buckt.APIError
	if !errors.As(err, &apiErr) {
		return "Check that the endpoint is reachable from this machine (provider endpoint or BUCKT_ENDPOINT)."
	}
	return ""
}
