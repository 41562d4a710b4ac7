package emulator

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestAdminOnlyAnswersLoopback(t *testing.T) {
	e := New(Options{APIKey: testKey})
	for addr, want := range map[string]int{"192.0.2.1:1234": 403, "10.0.0.1:80": 403, "[::1]:5555": 200, "127.0.0.1:9": 200} {
		r := httptest.NewRequest(http.MethodGet, "/_admin/health", nil)
		r.RemoteAddr = addr
		w := httptest.NewRecorder()
		e.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("%s: status %d, want %d", addr, w.Code, want)
		}
		if want == 403 && !strings.Contains(w.Body.String(), `"permission_error"`) {
			t.Errorf("%s: body %s", addr, w.Body)
		}
	}
}

func TestAdminAPI(t *testing.T) {
	clock := newFakeClock()
	c := start(t, Options{Clock: clock, IAMPropagationDelay: 5 * time.Second})
	var health map[string]any
	c.do(http.StatusOK, "GET", "/_admin/health", nil).decode(t, &health)
	if health["ok"] != true || health["principalArn"] != PrincipalARN {
		t.Fatalf("health %v", health)
	}

	id := c.connect("")
	ext := c.account(id).ExternalID
	const roleARN = "arn:aws:iam::111122223333:role/FromPolicies"
	var role Role
	c.do(http.StatusOK, "PUT", "/_admin/iam-roles", map[string]string{
		"arn":               roleARN,
		"assumeRolePolicy":  `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"` + PrincipalARN + `"},"Condition":{"StringEquals":{"sts:ExternalId":"` + ext + `"}}}}`,
		"permissionsPolicy": `{"Statement":[{"Effect":"Allow","Action":["s3:ListAllMyBuckets","s3:GetBucketLocation"],"Resource":"*"}]}`,
	}).decode(t, &role)
	if role.ExternalID != ext || role.TrustedPrincipal != PrincipalARN || len(role.Permissions) != 2 || !role.CreatedAt.Equal(clock.Now()) {
		t.Fatalf("role %+v", role)
	}
	c.do(http.StatusOK, "PUT", "/_admin/iam-roles", role) // a Role read back can be put again
	c.do(http.StatusOK, "POST", "/_admin/s3-buckets", map[string]any{"awsAccountId": "111122223333", "names": []string{"a", "b"}})
	c.do(http.StatusOK, "DELETE", "/_admin/s3-buckets?awsAccountId=111122223333&name=b", nil)
	c.do(http.StatusOK, "PATCH", "/v1/aws-accounts/"+id, map[string]string{"roleArn": roleARN})
	clock.Advance(5 * time.Second)
	c.do(http.StatusOK, "POST", "/v1/aws-accounts/"+id+"/validate", nil)
	var s3 struct{ Data []s3Bucket }
	c.do(http.StatusOK, "GET", "/v1/aws-accounts/"+id+"/s3-buckets", nil).decode(t, &s3)
	if len(s3.Data) != 1 || s3.Data[0].Name != "a" {
		t.Fatalf("s3 buckets %+v", s3)
	}

	var a awsAccount
	c.do(http.StatusOK, "PATCH", "/_admin/aws-accounts/"+id, `{"status":"failed"}`).decode(t, &a)
	if a.Status != "failed" || c.account(id).Status != "failed" {
		t.Fatalf("account %+v", a)
	}
	c.fails(400, "invalid_request_error", "status", "PATCH", "/_admin/aws-accounts/"+id, `{"status":"gone"}`)
	c.fails(404, "not_found_error", "", "PATCH", "/_admin/aws-accounts/awa_missing", `{"status":"failed"}`)

	c.do(http.StatusOK, "DELETE", "/_admin/iam-roles?arn="+roleARN, nil)
	c.fails(422, "validation_error", "", "POST", "/v1/aws-accounts/"+id+"/validate", nil)

	c.do(http.StatusOK, "PUT", "/_admin/faults", `{"unavailable":1,"slowDelay":"1ms"}`)
	c.fails(503, "api_error", "", "GET", "/v1/aws-accounts", nil)
	c.do(http.StatusOK, "PUT", "/_admin/faults", `{}`)
	c.do(http.StatusOK, "POST", "/_admin/fault-rules", FaultRule{Route: RouteListAWSAccounts, Status: 429, Times: 1})
	c.fails(429, "rate_limit_error", "", "GET", "/v1/aws-accounts", nil)
	c.do(http.StatusOK, "POST", "/_admin/fault-rules", FaultRule{Route: RouteListAWSAccounts, Status: 503, Times: 1})
	c.do(http.StatusOK, "DELETE", "/_admin/fault-rules", nil)
	c.do(http.StatusOK, "GET", "/v1/aws-accounts", nil)

	var stats Stats
	c.do(http.StatusOK, "GET", "/_admin/stats", nil).decode(t, &stats)
	if stats.Accounts != 1 || stats.Requests[RouteListAWSAccounts] != 3 {
		t.Fatalf("stats %+v", stats)
	}
	c.do(http.StatusOK, "DELETE", "/_admin/stats", nil)
	if got := c.srv.Stats(); len(got.Requests) != 0 || got.Accounts != 1 {
		t.Fatalf("after reset %+v", got)
	}

	for _, tc := range []struct {
		method, path string
		body         any
		param        string
	}{
		{"PUT", "/_admin/iam-roles", `{"arn":"nope"}`, "arn"},
		{"PUT", "/_admin/iam-roles", `{"arn":"` + roleARN + `","assumeRolePolicy":"{bad"}`, ""},
		{"PUT", "/_admin/iam-roles", `{"arn":"` + roleARN + `","externalId":"x","assumeRolePolicy":"{}"}`, "assumeRolePolicy"},
		{"DELETE", "/_admin/iam-roles", ``, "arn"},
		{"POST", "/_admin/s3-buckets", `{"awsAccountId":"123","names":["a"]}`, "awsAccountId"},
		{"POST", "/_admin/s3-buckets", `{"awsAccountId":"111122223333"}`, "names"},
		{"PUT", "/_admin/faults", `{"rateLimit":2}`, "rateLimit"},
		{"PUT", "/_admin/faults", `{"bogus":2}`, "bogus"},
		{"POST", "/_admin/fault-rules", FaultRule{Route: http.MethodGet + " /v1/nope", Times: 1}, "route"},
		{"POST", "/_admin/fault-rules", map[string]any{"route": RouteListAWSAccounts, "status": 503}, "times"},
		{"POST", "/_admin/fault-rules", FaultRule{Route: RouteListAWSAccounts, Status: 200, Times: 1}, "status"},
	} {
		c.fails(400, "invalid_request_error", tc.param, tc.method, tc.path, tc.body)
	}
	c.fails(404, "not_found_error", "", "GET", "/_admin/nothing", nil)
	c.fails(405, "invalid_request_error", "", "POST", "/_admin/stats", nil)
}

func TestStartAtRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:0", "example.com:0", "nonsense"} {
		if s, err := StartAt(addr, Options{}); err == nil {
			_ = s.Close()
			t.Errorf("StartAt(%q) succeeded", addr)
		}
	}
	s, err := StartAt("localhost:0", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestAdminIndexListsEveryRouteWithItsBody: GET /_admin/ documents itself.
func TestAdminIndexListsEveryRouteWithItsBody(t *testing.T) {
	c := start(t, Options{})
	type entry struct{ Route, Body string }
	var index struct{ Admin, API []entry }
	c.do(http.StatusOK, "GET", "/_admin/", nil).decode(t, &index)
	if len(index.Admin) != len(c.srv.admin) || len(index.API) != len(c.srv.api) {
		t.Fatalf("index lists %d admin and %d API routes, want %d and %d", len(index.Admin), len(index.API), len(c.srv.admin), len(c.srv.api))
	}
	for _, side := range []struct {
		listed []entry
		table  router
	}{{index.Admin, c.srv.admin}, {index.API, c.srv.api}} {
		for i, rt := range side.table {
			if got := side.listed[i]; got != (entry{rt.key, rt.doc}) || got.Body == "" {
				t.Errorf("route %d listed as %+v, want %s with its description %q", i, got, rt.key, rt.doc)
			}
		}
	}
}
