package main

import (
	"testing"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

func TestImportAdoptionChecks(t *testing.T) {
	limited := importAdoptionVariants[2]
	tests := []struct {
		name     string
		variant  importAdoptionVariant
		requests map[string]int
		stats    emulator.Stats
		failing  []string // names of the checks that must fail
	}{
		{"batched", importAdoptionVariants[0], map[string]int{emulator.RouteImportBuckets: 100, emulator.RouteListBuckets: 110, emulator.RouteListS3Buckets: 10},
			emulator.Stats{Buckets: 1000}, nil},
		{"one import and GET per bucket", importAdoptionVariants[0], map[string]int{emulator.RouteImportBuckets: 1000, emulator.RouteGetBucket: 1000},
			emulator.Stats{Buckets: 1000}, []string{"<= 1.20 requests per bucket"}},
		{"over the budget of -parallelism=100", importAdoptionVariants[1], map[string]int{emulator.RouteImportBuckets: 100, emulator.RouteGetBucket: 1000},
			emulator.Stats{Buckets: 1000}, []string{"<= 1.05 requests per bucket"}},
		{"a bucket imported twice", importAdoptionVariants[0], map[string]int{emulator.RouteImportBuckets: 100, emulator.RouteListBuckets: 110},
			emulator.Stats{Buckets: 1001}, []string{"every bucket imported once"}},
		{"many 429s", limited, map[string]int{emulator.RouteImportBuckets: 100, emulator.RouteListBuckets: 110},
			emulator.Stats{Buckets: 1000, RateLimited: 30}, []string{"apply at 20/s: <= 10% of requests answered 429"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := scaleRow{n: 1000, requests: tt.requests}
			var failed []string
			for _, c := range importAdoptionChecks(tt.variant, row, tt.stats) {
				if !c.pass {
					failed = append(failed, c.name)
				}
			}
			if len(failed) != len(tt.failing) || (len(failed) > 0 && failed[0] != tt.failing[0]) {
				t.Errorf("failed %q, want %q", failed, tt.failing)
			}
		})
	}
}

// Batched imports read back from listing pages pass the import budget of
// the main scenario.
func TestBucketImportBudgetAllowsBatches(t *testing.T) {
	if c := checkBucketImport(map[string]int{emulator.RouteImportBuckets: 4, emulator.RouteListBuckets: 4}, 10); !c.pass {
		t.Errorf("FAIL, want PASS: %s", c.observed)
	}
	if c := checkBucketImport(map[string]int{emulator.RouteImportBuckets: 4, emulator.RouteGetBucket: 10, emulator.RouteListBuckets: 7}, 10); c.pass {
		t.Errorf("PASS, want FAIL (21 requests for 10 buckets): %s", c.observed)
	}
}
