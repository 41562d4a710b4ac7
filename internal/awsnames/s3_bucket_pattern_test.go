package awsnames

import (
	"strings"
	"testing"
)

func TestIsS3BucketPattern(t *testing.T) {
	for pattern, want := range map[string]bool{
		"logs-*":                        true,
		"Legacy_?-2017*":                true,
		"legacy-marketing":              true,
		strings.Repeat("a*", 127) + "a": true,
		strings.Repeat("a*", 128):       false, // 256 characters
		"*":                             false,
		"*?*":                           false,
		"logs/*":                        false,
		"logs *":                        false,
		"":                              false,
	} {
		if got := IsS3BucketPattern(pattern); got != want {
			t.Errorf("IsS3BucketPattern(%q) = %v, want %v", pattern, got, want)
		}
	}
}
