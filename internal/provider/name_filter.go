package provider

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// nameFilter selects bucket names by the `name_prefix` and `name_regex`
// arguments the listing data sources share.
type nameFilter struct {
	prefix  string
	pattern *regexp.Regexp // nil: no name_regex
}

// newNameFilter builds the filter of a data source's configuration. The
// regular expression was already checked at plan time by regexValidator.
func newNameFilter(prefix, regex types.String) nameFilter {
	f := nameFilter{prefix: prefix.ValueString()}
	if !regex.IsNull() {
		f.pattern = regexp.MustCompile(regex.ValueString())
	}
	return f
}

// keeps reports whether name starts with the prefix and matches the regex.
func (f nameFilter) keeps(name string) bool {
	return strings.HasPrefix(name, f.prefix) && (f.pattern == nil || f.pattern.MatchString(name))
}

// nameFilterAttributes are the schema of `name_prefix` and `name_regex`.
func nameFilterAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"name_prefix": schema.StringAttribute{
			MarkdownDescription: "Keep only buckets whose name starts with this, e.g. `logs-`.",
			Optional:            true,
		},
		"name_regex": schema.StringAttribute{
			MarkdownDescription: "Keep only buckets whose name matches this regular expression (Go RE2 syntax), e.g. " +
				"`^legacy-(marketing|sales)$`. Applied after `name_prefix`.",
			Optional:   true,
			Validators: []validator.String{regexValidator{}},
		},
	}
}

// regexValidator checks that a string compiles as a Go regular expression.
type regexValidator struct{}

func (regexValidator) Description(context.Context) string {
	return "a regular expression in Go RE2 syntax"
}

func (v regexValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (regexValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid regular expression",
			fmt.Sprintf("Attribute %s must be a regular expression in Go RE2 syntax: %s", req.Path, err))
	}
}
