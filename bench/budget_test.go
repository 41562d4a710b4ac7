package main

import (
	"maps"
	"strings"
	"testing"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// counters is what a correct provider makes for N=10 (5 with a role) and B=150.
func counters() map[string]map[string]int {
	return map[string]map[string]int{
		"apply": {emulator.RouteConnectAWSAccount: 10, emulator.RouteUpdateAWSAccount: 5, emulator.RouteValidateAWSAccount: 5, emulator.RouteGetAWSAccount: 10,
			emulator.RouteImportBuckets: 10, emulator.RouteGetBucket: 10, emulator.RouteListS3Buckets: 2},
		"plan": {emulator.RouteGetAWSAccount: 10, emulator.RouteGetBucket: 10, emulator.RouteListS3Buckets: 2},
		"destroy": {emulator.RouteGetAWSAccount: 10, emulator.RouteGetBucket: 10, emulator.RouteListS3Buckets: 2,
			emulator.RouteReleaseBucket: 10, emulator.RouteDisconnectAWSAccount: 10},
	}
}

func TestBudgetsPass(t *testing.T) {
	for _, c := range budgets(10, 5, 150, counters()) {
		if !c.pass {
			t.Errorf("%s: FAIL, want PASS: %s", c.name, c.observed)
		}
	}
}

func TestBudgetsFail(t *testing.T) {
	tests := []struct {
		name    string
		command string
		route   string
		delta   int
		failing []string // budget names, by prefix
	}{
		{"refresh reads an account twice", "plan", emulator.RouteGetAWSAccount, 1,
			[]string{"refresh", "plan: no request repeated"}},
		{"refresh misses a bucket", "plan", emulator.RouteGetBucket, -1, []string{"refresh"}},
		{"refresh calls another route", "plan", emulator.RouteValidateAWSAccount, 1,
			[]string{"refresh", "plan: no request repeated"}},
		{"listing reads one page too many", "plan", emulator.RouteListS3Buckets, 1,
			[]string{"refresh", "plan: S3", "plan: no request repeated"}},
		{"account created twice", "apply", emulator.RouteConnectAWSAccount, 1,
			[]string{"apply: account creation", "apply: no request repeated"}},
		{"account role validated twice", "apply", emulator.RouteValidateAWSAccount, 1,
			[]string{"apply: account creation", "apply: no request repeated"}},
		{"bucket read twice after import", "apply", emulator.RouteGetBucket, 1,
			[]string{"apply: bucket import", "apply: no request repeated"}},
		{"bucket import missing", "apply", emulator.RouteImportBuckets, -10, []string{"apply: bucket import"}},
		{"bucket released twice", "destroy", emulator.RouteReleaseBucket, 1, []string{"destroy: no request repeated"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := counters()
			req[tt.command] = maps.Clone(req[tt.command])
			req[tt.command][tt.route] += tt.delta
			expectFailed(t, budgets(10, 5, 150, req), tt.failing)
		})
	}
}

// expectFailed fails t unless the checks that failed are, in order, those
// whose names start with the prefixes of failing.
func expectFailed(t *testing.T, checks []check, failing []string) {
	t.Helper()
	var failed []string
	for _, c := range checks {
		if !c.pass {
			failed = append(failed, c.name)
		}
	}
	if len(failed) != len(failing) {
		t.Fatalf("failed %q, want %d budgets starting with %q", failed, len(failing), failing)
	}
	for i, prefix := range failing {
		if !strings.HasPrefix(failed[i], prefix) {
			t.Errorf("failed[%d] = %q, want it to start with %q", i, failed[i], prefix)
		}
	}
}

func TestCheckNoRepeatsNamesTheRoute(t *testing.T) {
	c := checkNoRepeats("plan", map[string]int{emulator.RouteGetBucket: 3, emulator.RouteGetAWSAccount: 1},
		map[string]int{emulator.RouteGetBucket: 2, emulator.RouteGetAWSAccount: 1})
	if c.pass || c.observed != "repeated GET /v1/buckets/{id} 3 > 2" {
		t.Errorf("got pass=%v %q", c.pass, c.observed)
	}
}

func TestCheckNoRepeatsNamesAnUnexpectedRoute(t *testing.T) {
	c := checkNoRepeats("plan", map[string]int{emulator.RouteListBuckets: 5, emulator.RouteGetBucket: 10},
		map[string]int{emulator.RouteGetBucket: 500})
	if c.pass || c.observed != "unexpected "+emulator.RouteListBuckets+" x5" {
		t.Errorf("got pass=%v %q", c.pass, c.observed)
	}
}

func TestPages(t *testing.T) {
	for b, want := range map[int]int{1: 1, 100: 1, 101: 2, 150: 2, 500: 5, 1000: 10} {
		if got := pages(b); got != want {
			t.Errorf("pages(%d) = %d, want %d", b, got, want)
		}
	}
}

func TestRefreshOfTheWholeOrganizationIsServedByPages(t *testing.T) {
	req := map[string]int{emulator.RouteGetAWSAccount: 40, emulator.RouteGetBucket: 40, emulator.RouteListAWSAccounts: 5, emulator.RouteListBuckets: 5, emulator.RouteListS3Buckets: 5}
	if c := checkRefresh(req, 500, 500); !c.pass {
		t.Errorf("FAIL, want PASS: %s", c.observed)
	}
	req[emulator.RouteGetAWSAccount] = 500 // one GET per account instead of the pages
	if c := checkRefresh(req, 500, 500); c.pass {
		t.Errorf("PASS, want FAIL: %s", c.observed)
	}
}
