package provider

import (
	"strings"
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	for value, want := range map[string]time.Duration{"2m": 2 * time.Minute, "30s": 30 * time.Second, "1h30m": 90 * time.Minute} {
		if got, err := parseDuration(value); got != want || err != nil {
			t.Errorf("parseDuration(%q) = %s, %v; want %s", value, got, err, want)
		}
	}
	for _, value := range []string{"2 minutes", "120", "0s", "-1m", ""} {
		if _, err := parseDuration(value); err == nil || !strings.Contains(err.Error(), `such as "2m"`) {
			t.Errorf("parseDuration(%q): error %v, want one showing the form", value, err)
		}
	}
}
