package provider

import (
	"strings"
	"testing"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// requestsTo is how many requests stats counted for route, one of the
// emulator's Route* constants. Any other key fails the test: a misspelt route
// would otherwise read as zero requests, and a check of none pass.
func requestsTo(t testing.TB, stats emulator.Stats, route string) int {
	t.Helper()
	if !emulator.KnownRoute(route) {
		t.Fatalf("%q is not a route of the emulator, which has %v", route, emulator.Routes())
	}
	return stats.Requests[route]
}

// requests is how many requests the emulator counted for route so far (see
// requestsTo). Only the emulator counts: a test calls onlyOnEmulator first.
func (e *testEnv) requests(t testing.TB, route string) int {
	t.Helper()
	if e.emu == nil {
		t.Fatalf("counting requests to %s needs the emulator: skip with onlyOnEmulator first", route)
	}
	return requestsTo(t, e.emu.Stats(), route)
}

// requestTo is how the client names a request to route for the object id:
// the route with id in its path, e.g. GET /v1/aws-accounts/awa_1.
func requestTo(route, id string) string { return strings.Replace(route, "{id}", id, 1) }
