package awsnames

import (
	"strings"
	"testing"
)

func TestS3BucketNameRules(t *testing.T) {
	valid := []string{"abc", "legacy-marketing", "logs.example.com", "a1-b2.c3", strings.Repeat("a", 63), "192.168.5.4x"}
	for _, name := range valid {
		if p := S3BucketNameProblem(name); p != "" {
			t.Errorf("%q rejected: %s", name, p)
		}
	}
	invalid := map[string]string{
		"ab":                       "3 to 63 characters",
		strings.Repeat("a", 64):    "3 to 63 characters",
		"Legacy-Marketing":         "only lowercase letters",
		"my_bucket":                "only lowercase letters",
		"-leading":                 "begin and end with",
		"trailing.":                "begin and end with",
		"two..dots":                "two adjacent dots",
		"192.168.5.4":              "IP address",
		"xn--bucket":               "must not begin with xn--",
		"sthree-bucket":            "must not begin with",
		"amzn-s3-demo-bucket":      "must not begin with",
		"bucket-s3alias":           "must not end with",
		"bucket--ol-s3":            "must not end with",
		"bucket.mrap":              "must not end with",
		"bucket--x-s3":             "must not end with",
		"bucket--table-s3":         "must not end with",
		"":                         "3 to 63 characters",
		"caf\u00e9-bucket-unicode": "only lowercase letters",
	}
	for name, want := range invalid {
		if p := S3BucketNameProblem(name); !strings.Contains(p, want) {
			t.Errorf("%q: problem %q, want one containing %q", name, p, want)
		}
	}
}

// TestLegacyS3BucketNames: names from before S3's 2018 rules pass plan; only
// what no bucket can ever be named is refused.
func TestLegacyS3BucketNames(t *testing.T) {
	for _, name := range []string{"Legacy_Marketing", "UPPER", "_x_", "a..b", "10.0.0.1", strings.Repeat("A", 255), "legacy-marketing"} {
		if !LegacyS3BucketName.MatchString(name) {
			t.Errorf("%q refused, but a legacy bucket may have that name", name)
		}
	}
	for _, name := range []string{"", "ab", "a b", "café", strings.Repeat("a", 256), "a/b", "a\nb"} {
		if LegacyS3BucketName.MatchString(name) {
			t.Errorf("%q accepted, but no S3 bucket can have that name", name)
		}
	}
}
