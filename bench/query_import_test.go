package main

import (
	"fmt"
	"testing"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// importedPlan is the end of a plan that imports n objects and changes nothing.
func importedPlan(n int) string {
	return fmt.Sprintf("...\nPlan: %d to import, 0 to add, 0 to change, 0 to destroy.\n", n)
}

func TestQueryImportChecks(t *testing.T) {
	// What the issue measured: 150 buckets of one connection read by 88 GETs
	// and 22 pages of the organization-wide listing.
	measured := map[string]int{emulator.RouteGetBucket: 88, emulator.RouteListBuckets: 22}
	// One GET shows the connection, whose listing has the rest in 2 pages.
	goal := map[string]int{emulator.RouteGetBucket: 1, emulator.RouteListBuckets: 2, emulator.RouteGetAWSAccount: 1}
	for _, c := range []struct {
		name    string
		req     map[string]int
		t       int
		narrow  bool
		plan    string
		failing []string // check names, by prefix
	}{
		{"one connection, as measured", measured, 150, true, importedPlan(150), []string{"import plan of one connection's objects"}},
		{"one connection, at the goal", goal, 150, true, importedPlan(150), nil},
		{"at 0.15 T + 5 exactly", map[string]int{emulator.RouteGetBucket: 20}, 100, true, importedPlan(100), nil},
		{"one over 0.15 T + 5", map[string]int{emulator.RouteGetBucket: 21}, 100, true, importedPlan(100), []string{"import plan of one connection's objects"}},
		{"spread: only RefreshBudget holds", measured, 150, false, importedPlan(150), nil},
		{"spread: over RefreshBudget", map[string]int{emulator.RouteGetBucket: 150, emulator.RouteListBuckets: 40}, 150, false, importedPlan(150),
			[]string{"import plan <= 1.25 T + 2"}},
		{"the plan imports fewer", goal, 150, true, importedPlan(149), []string{"import plan imports T objects"}},
		{"the plan also changes something", goal, 150, true, "Plan: 150 to import, 1 to add, 0 to change, 0 to destroy.", []string{"import plan imports T objects"}},
		{"no plan summary", goal, 150, true, "No changes.", []string{"import plan imports T objects"}},
		{"no import block generated", nil, 0, true, "No changes.",
			[]string{"import plan <= 1.25 T + 2", "import plan of one connection's objects", "import plan imports T objects"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			checks := queryImportChecks(c.req, c.t, c.narrow, c.plan)
			want := 2 // RefreshBudget and the plan's summary, and 0.15 T + 5 when narrowed
			if c.narrow {
				want++
			}
			if len(checks) != want {
				t.Fatalf("%d checks, want %d", len(checks), want)
			}
			expectFailed(t, checks, c.failing)
		})
	}
}

// TestQueryImportChecksShowTheRoutes: a failing budget says what was spent where.
func TestQueryImportChecksShowTheRoutes(t *testing.T) {
	checks := queryImportChecks(map[string]int{emulator.RouteGetBucket: 88, emulator.RouteListBuckets: 22, emulator.RouteGetAWSAccount: 0}, 150, true, importedPlan(150))
	want := "110 <= 27.5 for T = 150: GET /v1/buckets 22, GET /v1/buckets/{id} 88"
	if got := checks[1].observed; got != want {
		t.Errorf("observed %q, want %q", got, want)
	}
}
