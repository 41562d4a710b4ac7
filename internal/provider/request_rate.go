package provider

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// maxRequestsPerSecond is the provider's request-rate ceiling: the
// max_requests_per_second argument (its schema validators have checked it),
// else BUCKT_MAX_REQUESTS_PER_SECOND, else 0, which means no ceiling. A value
// that cannot be used is an error diagnostic naming where it came from.
func maxRequestsPerSecond(v types.Float64, diags *diag.Diagnostics) float64 {
	if v.IsUnknown() {
		diags.AddError("Unknown Buckt provider configuration",
			"max_requests_per_second must be known when the provider is configured: set it from a literal, "+
				"a variable or the "+envMaxRequestsPerSecond+" environment variable, not from a resource "+
				"that is not created yet.")
		return 0
	}
	if !v.IsNull() {
		return v.ValueFloat64()
	}
	raw := strings.TrimSpace(os.Getenv(envMaxRequestsPerSecond))
	if raw == "" {
		return 0
	}
	perSecond, err := strconv.ParseFloat(raw, 64)
	if err != nil || !(perSecond > 0) || math.IsInf(perSecond, 0) {
		diags.AddError("Invalid "+envMaxRequestsPerSecond,
			fmt.Sprintf("The %s environment variable is %q: it must be a number of requests per second greater "+
				"than 0, such as 5 or 0.5. Unset it for no ceiling, or set max_requests_per_second in the "+
				"provider \"buckt\" block, which takes precedence.", envMaxRequestsPerSecond, raw))
		return 0
	}
	return perSecond
}
