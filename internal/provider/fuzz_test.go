package provider

import (
	"net"
	"net/url"
	"strings"
	"testing"
)

// FuzzEndpoint: an accepted endpoint is https, or http on a loopback host.
func FuzzEndpoint(f *testing.F) {
	for _, seed := range []string{"https://api.buckt.io", "http://127.0.0.1:8787", "http://localhost", "http://[::1]:1",
		"http://api.buckt.io", "ftp://x", "127.0.0.1:80", "http://127.0.0.1.evil.com", "http://0x7f000001"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, endpoint string) {
		if endpointProblem(endpoint) != "" {
			return
		}
		u, err := url.Parse(endpoint)
		if err != nil || u.Host == "" {
			t.Fatalf("accepted %q", endpoint)
		}
		if u.Scheme == "http" {
			ip := net.ParseIP(u.Hostname())
			if u.Hostname() != "localhost" && (ip == nil || !ip.IsLoopback()) {
				t.Fatalf("accepted plain http to %q", u.Hostname())
			}
		} else if u.Scheme != "https" {
			t.Fatalf("accepted scheme %q", u.Scheme)
		}
	})
}

// FuzzIdentifierForms: what the Buckt id patterns accept has the prefix the
// API gives them (AWS's forms are fuzzed in awsnames).
func FuzzIdentifierForms(f *testing.F) {
	for _, seed := range []string{"awa_01H8", "ext_aBc", "111122223333", "awa_", "xawa_01H8", "ext_a\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if (awaIDPattern.MatchString(s) && !strings.HasPrefix(s, "awa_")) || (externalIDPattern.MatchString(s) && !strings.HasPrefix(s, "ext_")) {
			t.Fatalf("id accepted %q", s)
		}
	})
}
