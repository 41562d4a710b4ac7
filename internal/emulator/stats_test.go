package emulator

import (
	"maps"
	"net/http"
	"testing"
)

func TestStatsCountByRouteTemplate(t *testing.T) {
	c := start(t, Options{})
	a := c.connect("")
	b := c.connect("")
	c.account(a)
	c.account(b)
	c.fails(404, "not_found_error", "", "GET", "/v1/aws-accounts/awa_missing", nil)
	c.fails(404, "not_found_error", "", "GET", "/v1/unknown", nil)
	c.fails(405, "invalid_request_error", "", "PUT", "/v1/buckets", nil)
	c.srv.AddFaultRule(FaultRule{Route: RouteListBuckets, Status: 503, Times: 1})
	c.fails(503, "api_error", "", "GET", "/v1/buckets", nil)
	c.do(http.StatusOK, "GET", "/v1/buckets", nil)
	req, _ := http.NewRequest(http.MethodGet, c.srv.URL()+"/v1/buckets", nil) // unauthenticated, still counted
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	c.do(http.StatusOK, "GET", "/_admin/stats", nil) // admin calls are not counted

	want := map[string]int{
		RouteConnectAWSAccount: 2,
		RouteGetAWSAccount:     3,
		RouteListBuckets:       3,
		otherRoute:             2,
	}
	if got := c.srv.Stats(); !maps.Equal(got.Requests, want) || got.Accounts != 2 || got.Buckets != 0 {
		t.Fatalf("stats %+v, want requests %v", got, want)
	}
	c.srv.ResetStats()
	if got := c.srv.Stats(); len(got.Requests) != 0 || got.Accounts != 2 {
		t.Fatalf("after reset %+v", got)
	}
}
