package provider

import (
	"context"
	"fmt"
	"net"
	"net/url"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// endpointProblem says what is wrong with an endpoint URL, or "" when it is fine.
// The API key travels in a header, so plain http is allowed only where it cannot
// leave the machine: a loopback address, as used by the local emulator.
func endpointProblem(endpoint string) string {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return "expected an absolute URL such as https://api.buckt.io"
	}
	switch u.Scheme {
	case "https":
		return ""
	case "http":
		host := u.Hostname()
		if ip := net.ParseIP(host); (ip != nil && ip.IsLoopback()) || host == "localhost" {
			return ""
		}
		return "plain http is allowed only on a loopback address (127.0.0.1, ::1, localhost); use https"
	}
	return fmt.Sprintf("unsupported scheme %q; expected https", u.Scheme)
}

// endpointValidator applies endpointProblem at plan time.
type endpointValidator struct{}

func (endpointValidator) Description(context.Context) string {
	return "an https URL, or http on a loopback address"
}

func (v endpointValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (endpointValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if problem := endpointProblem(req.ConfigValue.ValueString()); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Buckt endpoint",
			fmt.Sprintf("endpoint %q: %s", req.ConfigValue.ValueString(), problem))
	}
}
