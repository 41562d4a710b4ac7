package emulator

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestRoutesAreTheRouteTable(t *testing.T) {
	e := New(Options{})
	var table []string
	for _, rt := range e.api {
		table = append(table, rt.key)
	}
	if got := Routes(); !slices.Equal(got, table) {
		t.Errorf("Routes() = %v, want the table's %v", got, table)
	}
	for _, key := range table {
		method, pattern, _ := strings.Cut(key, " ")
		if !slices.Contains([]string{http.MethodGet, http.MethodPost, http.MethodPatch, http.MethodDelete}, method) ||
			!strings.HasPrefix(pattern, "/v1/") || strings.Contains(pattern, " ") {
			t.Errorf("route %q is not a method, a space and a /v1/ path template", key)
		}
	}
	if !KnownRoute(RouteValidateAWSAccount) {
		t.Error("KnownRoute rejects RouteValidateAWSAccount")
	}
	for _, key := range []string{http.MethodGet + " /v1/aws-account/{id}", RouteListBuckets + "/", otherRoute, e.admin[2].key, ""} {
		if KnownRoute(key) {
			t.Errorf("KnownRoute(%q) = true", key)
		}
	}
}
