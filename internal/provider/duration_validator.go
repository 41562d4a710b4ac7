package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// durationForm is what a duration argument must look like, in its errors.
const durationForm = `a duration greater than zero such as "2m", "90s" or "1h30m" (a number and a unit: s, m or h)`

// parseDuration reads a duration argument, refusing what durationForm excludes.
func parseDuration(value string) (time.Duration, error) {
	d, err := time.ParseDuration(value)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("must be %s, got: %q", durationForm, value)
	}
	return d, nil
}

// durationValidator checks a duration argument at plan time, so that "2
// minutes" fails before any API call, with the expected form in the message.
func durationValidator() validator.String { return durationCheck{} }

type durationCheck struct{}

func (durationCheck) Description(context.Context) string { return durationForm }

func (v durationCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseDuration(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration", fmt.Sprintf("Attribute %s %s", req.Path, err))
	}
}
