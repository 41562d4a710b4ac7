package main

import (
	"maps"
	"strings"
	"testing"
)

// counters is what a correct provider makes for N=10 (5 with a role) and B=150.
func counters() map[string]map[string]int {
	return map[string]map[string]int{
		"apply": {routeConnect: 10, routeUpdate: 5, routeValidate: 5, routeGetAccount: 10,
			routeImport: 10, routeGetBucket: 10, routeListS3: 2},
		"plan": {routeGetAccount: 10, routeGetBucket: 10, routeListS3: 2},
		"destroy": {routeGetAccount: 10, routeGetBucket: 10, routeListS3: 2,
			routeRelease: 10, routeDisconnect: 10},
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
		{"refresh reads an account twice", "plan", routeGetAccount, 1,
			[]string{"refresh", "plan: no request repeated"}},
		{"refresh misses a bucket", "plan", routeGetBucket, -1, []string{"refresh"}},
		{"refresh calls another route", "plan", routeValidate, 1,
			[]string{"refresh", "plan: no request repeated"}},
		{"listing reads one page too many", "plan", routeListS3, 1,
			[]string{"refresh", "plan: S3", "plan: no request repeated"}},
		{"account created twice", "apply", routeConnect, 1,
			[]string{"apply: account creation", "apply: no request repeated"}},
		{"account role validated twice", "apply", routeValidate, 1,
			[]string{"apply: account creation", "apply: no request repeated"}},
		{"bucket read twice after import", "apply", routeGetBucket, 1,
			[]string{"apply: bucket import", "apply: no request repeated"}},
		{"bucket import missing", "apply", routeImport, -10, []string{"apply: bucket import"}},
		{"bucket released twice", "destroy", routeRelease, 1, []string{"destroy: no request repeated"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := counters()
			req[tt.command] = maps.Clone(req[tt.command])
			req[tt.command][tt.route] += tt.delta
			var failed []string
			for _, c := range budgets(10, 5, 150, req) {
				if !c.pass {
					failed = append(failed, c.name)
				}
			}
			if len(failed) != len(tt.failing) {
				t.Fatalf("failed %q, want %d budgets starting with %q", failed, len(tt.failing), tt.failing)
			}
			for i, prefix := range tt.failing {
				if !strings.HasPrefix(failed[i], prefix) {
					t.Errorf("failed[%d] = %q, want it to start with %q", i, failed[i], prefix)
				}
			}
		})
	}
}

func TestCheckNoRepeatsNamesTheRoute(t *testing.T) {
	c := checkNoRepeats("plan", map[string]int{routeGetBucket: 3, routeGetAccount: 1},
		map[string]int{routeGetBucket: 2, routeGetAccount: 1})
	if c.pass || c.observed != "repeated GET /v1/buckets/{id} 3 > 2" {
		t.Errorf("got pass=%v %q", c.pass, c.observed)
	}
}

func TestCheckNoRepeatsNamesAnUnexpectedRoute(t *testing.T) {
	c := checkNoRepeats("plan", map[string]int{"GET /v1/buckets": 5, routeGetBucket: 10},
		map[string]int{routeGetBucket: 500})
	if c.pass || c.observed != "unexpected GET /v1/buckets x5" {
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
	req := map[string]int{routeGetAccount: 40, routeGetBucket: 40, routeListAccts: 5, routeListBkts: 5, routeListS3: 5}
	if c := checkRefresh(req, 500, 500); !c.pass {
		t.Errorf("FAIL, want PASS: %s", c.observed)
	}
	req[routeGetAccount] = 500 // one GET per account instead of the pages
	if c := checkRefresh(req, 500, 500); c.pass {
		t.Errorf("PASS, want FAIL: %s", c.observed)
	}
}
