package provider

import (
	"context"
	"fmt"
	"net"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// s3BucketNameRule is one of S3's current general-purpose bucket naming rules.
type s3BucketNameRule struct {
	broken func(name string) bool
	rule   string
}

var s3NameCharacters = regexp.MustCompile(`^[a-z0-9.-]*$`)

// s3BucketNameRules are checked in order; the first broken one is reported.
var s3BucketNameRules = []s3BucketNameRule{
	{func(n string) bool { return len(n) < 3 || len(n) > 63 }, "must be 3 to 63 characters long"},
	{func(n string) bool { return !s3NameCharacters.MatchString(n) }, "may contain only lowercase letters, digits, dots (.) and hyphens (-)"},
	{func(n string) bool { return !isLowerAlnum(n[0]) || !isLowerAlnum(n[len(n)-1]) }, "must begin and end with a lowercase letter or a digit"},
	{func(n string) bool { return strings.Contains(n, "..") }, "must not contain two adjacent dots"},
	{func(n string) bool { return net.ParseIP(n) != nil }, "must not be formatted as an IP address (such as 192.168.5.4)"},
	{func(n string) bool { return hasAnyPrefix(n, "xn--", "sthree-", "amzn-s3-demo-") }, "must not begin with xn--, sthree- or amzn-s3-demo-"},
	{func(n string) bool { return hasAnySuffix(n, "-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3") }, "must not end with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3"},
}

// s3BucketNameProblem names the first current S3 naming rule name breaks, or
// "". Legacy buckets may break them, so it explains failures rather than refuse.
func s3BucketNameProblem(name string) string {
	for _, r := range s3BucketNameRules {
		if r.broken(name) {
			return r.rule
		}
	}
	return ""
}

// legacyS3BucketName is what any S3 bucket name ever looked like: buckets
// created in us-east-1 before March 2018 may have uppercase letters,
// underscores and up to 255 characters, and still exist.
var legacyS3BucketName = regexp.MustCompile(`^[A-Za-z0-9._-]{3,255}$`)

// s3BucketNameValidator refuses at plan only what can never be an S3 bucket
// name. A name that breaks today's rules may be a legacy bucket that Buckt lists
// and imports, so it passes; if no such bucket exists, the import's error says
// which rule the name breaks.
func s3BucketNameValidator() validator.String { return s3BucketNameCheck{} }

type s3BucketNameCheck struct{}

func (s3BucketNameCheck) Description(context.Context) string {
	return "an S3 bucket name: 3-63 lowercase letters, digits, dots and hyphens, or a legacy name of up to 255 letters, " +
		"digits, dots, hyphens and underscores"
}

func (v s3BucketNameCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (s3BucketNameCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	name := req.ConfigValue.ValueString()
	if !legacyS3BucketName.MatchString(name) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid S3 bucket name",
			fmt.Sprintf("Attribute %s: %q can never be an S3 bucket name: bucket names are 3 to 63 lowercase letters, "+
				"digits, dots (.) and hyphens (-); buckets created in us-east-1 before March 2018 may also have "+
				"uppercase letters and underscores (_), up to 255 characters.", req.Path, name))
	}
}

func isLowerAlnum(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') }

func hasAnyPrefix(s string, prefixes ...string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

func hasAnySuffix(s string, suffixes ...string) bool {
	for _, p := range suffixes {
		if strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}
