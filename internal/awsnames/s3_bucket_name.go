package awsnames

import (
	"net"
	"regexp"
	"strings"
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

// S3BucketNameProblem names the first current S3 naming rule name breaks, or
// "". Legacy buckets may break them, so it explains failures rather than refuse.
func S3BucketNameProblem(name string) string {
	for _, r := range s3BucketNameRules {
		if r.broken(name) {
			return r.rule
		}
	}
	return ""
}

// LegacyS3BucketName is what any S3 bucket name ever looked like: buckets
// created in us-east-1 before March 2018 may have uppercase letters,
// underscores and up to 255 characters, and still exist.
var LegacyS3BucketName = regexp.MustCompile(`^[A-Za-z0-9._-]{3,255}$`)

// s3BucketPatternForm is a bucket-name pattern: legacy name characters and
// wildcards, with at least one character that is not a wildcard.
var s3BucketPatternForm = regexp.MustCompile(`^[A-Za-z0-9._*?-]*[A-Za-z0-9._-][A-Za-z0-9._*?-]*$`)

// IsS3BucketPattern reports whether pattern may name buckets in a policy: the
// characters of a legacy bucket name and the wildcards * and ?, which IAM
// matches against bucket names, up to 255 characters with at least one that
// is not a wildcard.
func IsS3BucketPattern(pattern string) bool {
	return len(pattern) <= 255 && s3BucketPatternForm.MatchString(pattern)
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
