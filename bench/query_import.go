package main

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
	"github.com/buckt/terraform-provider-buckt/internal/reads"
)

// The plan of a query's imports: `terraform query -generate-config-out` writes
// an import block by identity (bkt_ and awa_ ids) for every object it lists,
// and the plan of those imports reads each object without knowing its
// connection. Measured in an organization like that of the user who reported
// it: many connections, about 2,300 imported buckets.
const (
	importOrgConnections = 250 // in the organization, the active ones included
	// importOrgFull connections are active with importOrgFullBuckets imported
	// buckets each (full<i>-<j>); the query narrowed to one takes full0's,
	// whose AWS account is queriedAWSAccount.
	importOrgFull        = 14
	importOrgFullBuckets = 150
	// importOrgSpread connections are active with importOrgSpreadBuckets
	// buckets each (spread<i>-<j>), for a query whose buckets are spread
	// over many connections.
	importOrgSpread        = 15
	importOrgSpreadBuckets = 10
	// queriedAWSAccount is the AWS account of full0, the queried connection
	// (the others are 5000000<i> and 6000000<i>, on 12 digits).
	queriedAWSAccount = "500000000000"
)

// bucketsQuery lists the buckets of one connection, as the user who reported
// the cost did.
var bucketsQuery = fmt.Sprintf(`list "buckt_imported_bucket" "ours" {
  provider         = buckt
  include_resource = true
  limit            = 100000
  config {
    aws_account = %q
  }
}
`, queriedAWSAccount)

// narrowedQuery lists one connection, its role attachment and its buckets,
// as a team adopting its own account from a shared organization would.
var narrowedQuery = fmt.Sprintf(`list "buckt_aws_account" "ours" {
  provider         = buckt
  include_resource = true
  config {
    aws_account_id = %[1]q
  }
}

list "buckt_aws_account_role" "ours" {
  provider         = buckt
  include_resource = true
  config {
    aws_account_id = %[1]q
  }
}

list "buckt_imported_bucket" "ours" {
  provider         = buckt
  include_resource = true
  limit            = 100000
  config {
    aws_account = %[1]q
  }
}
`, queriedAWSAccount)

// spreadQuery lists buckets by name across the organization: a few in each of
// many connections, the worst case for reads that do not know the connection.
const spreadQuery = `list "buckt_imported_bucket" "spread" {
  provider         = buckt
  include_resource = true
  limit            = 100000
  config {
    name_prefix = "spread"
  }
}
`

// queryImportVariant is one query whose generated imports are planned.
type queryImportVariant struct {
	scenario string
	query    string
	narrow   bool // narrowed to one connection: held to 0.15 T + 5 too
}

// queryImportVariants are the queries whose imports are planned: the first
// two as the user ran them, the last the worst case.
var queryImportVariants = []queryImportVariant{
	{"query import (one connection's buckets)", bucketsQuery, true},
	{"query import (one connection, its role and buckets)", narrowedQuery, true},
	{"query import (buckets spread over connections)", spreadQuery, false},
}

// queryImports seeds the organization once and measures the import plan of
// each variant.
func queryImports(ctx context.Context, tf terraform, work string, opts options) ([]scaleRow, error) {
	fmt.Fprintf(os.Stderr, "bench: import plans of queries in an organization of %d connections and %d buckets\n",
		importOrgConnections, importOrgBuckets())
	srv, err := emulator.Start(emulator.Options{APIKey: apiKey, Latency: opts.latency})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	seed, err := newSeeder(srv)
	if err == nil {
		err = seed.pending(ctx, importOrgConnections-importOrgFull-importOrgSpread)
	}
	// The organization-wide listing is in import order: the queried
	// connection's buckets come after the other connections', as when a team
	// adopts its account after others, and the spread ones last, the worst
	// case for reads that page through the whole organization.
	for i := 1; err == nil && i < importOrgFull; i++ {
		_, err = seed.active(ctx, fmt.Sprintf("5000000%05d", i), fmt.Sprintf("full%d", i), importOrgFullBuckets, importOrgFullBuckets)
	}
	if err == nil {
		_, err = seed.active(ctx, queriedAWSAccount, "full0", importOrgFullBuckets, importOrgFullBuckets)
	}
	for i := 0; err == nil && i < importOrgSpread; i++ {
		_, err = seed.active(ctx, fmt.Sprintf("6000000%05d", i), fmt.Sprintf("spread%d", i), importOrgSpreadBuckets, importOrgSpreadBuckets)
	}
	if err != nil {
		return nil, fmt.Errorf("seeding the organization: %w", err)
	}
	var rows []scaleRow
	for _, v := range queryImportVariants {
		row, err := queryImportPlan(ctx, tf, srv, work, opts, v)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// importOrgBuckets is how many buckets the organization has imported.
func importOrgBuckets() int {
	return importOrgFull*importOrgFullBuckets + importOrgSpread*importOrgSpreadBuckets
}

// queryImportPlan runs v's query with -generate-config-out (untimed), then
// times the plan of the generated configuration.
func queryImportPlan(ctx context.Context, tf terraform, srv *emulator.Server, work string, opts options, v queryImportVariant) (scaleRow, error) {
	row := scaleRow{scenario: v.scenario, t: importOrgBuckets(), command: "plan"}
	var planned result
	err := inWorkspace(work, providerHeader, func(dir string) error {
		if err := os.WriteFile(filepath.Join(dir, "adopt.tfquery.hcl"), []byte(v.query), 0o600); err != nil {
			return err
		}
		env := []string{"BUCKT_ENDPOINT=" + srv.URL(), "BUCKT_API_KEY=" + apiKey}
		if _, err := tf.run(ctx, dir, []string{"query", "-generate-config-out=gen.tf", "-no-color"}, env...); err != nil {
			return err
		}
		generated, err := os.ReadFile(filepath.Join(dir, "gen.tf")) //nolint:gosec // what Terraform wrote in the bench's own directory
		if err != nil {
			return err
		}
		row.n = len(importBlock.FindAll(generated, -1))
		row.resources, row.naive = row.n, row.n
		planned, err = row.timeRuns(ctx, tf, srv, dir, opts.runs, []string{"plan", "-input=false", "-no-color", "-detailed-exitcode"})
		return err
	})
	row.checks = queryImportChecks(row.requests, row.n, v.narrow, planned.changes)
	return row, err
}

// importBlock starts an import block of generated configuration.
var importBlock = regexp.MustCompile(`(?m)^import \{`)

// planSummary is the line that ends a plan with changes.
var planSummary = regexp.MustCompile(`Plan: (\d+) to import, (\d+) to add, (\d+) to change, (\d+) to destroy`)

// queryImportChecks holds the plan of the t import blocks a query generated
// to its budgets: at most reads.RefreshBudget(t) requests, what a refresh
// of t resources may cost, and when the query was narrowed to one connection
// (narrow) at most 0.15 t + 5, a few pages of that connection's listing,
// however many objects the organization holds. The plan (the end of its
// output) must import the t objects and change nothing.
func queryImportChecks(req map[string]int, t int, narrow bool, plan string) []check {
	spent := 0
	for _, n := range req {
		spent += n
	}
	routes := countsByRoute(req)
	refresh := reads.RefreshBudget(t)
	checks := []check{{name: "import plan <= 1.25 T + 2 (RefreshBudget)", pass: t > 0 && float64(spent) <= refresh,
		observed: fmt.Sprintf("%d <= %.1f for T = %d: %s", spent, refresh, t, routes)}}
	if narrow {
		floor := 0.15*float64(t) + 5
		checks = append(checks, check{name: "import plan of one connection's objects <= 0.15 T + 5", pass: t > 0 && float64(spent) <= floor,
			observed: fmt.Sprintf("%d <= %.1f for T = %d: %s", spent, floor, t, routes)})
	}
	summary := "no plan summary"
	imports := -1
	if m := planSummary.FindStringSubmatch(plan); m != nil {
		summary, imports = m[0], atoi(m[1])
		if m[2] != "0" || m[3] != "0" || m[4] != "0" {
			imports = -1
		}
	}
	return append(checks, check{name: "import plan imports T objects and changes nothing", pass: t > 0 && imports == t,
		observed: fmt.Sprintf("%s (T = %d)", summary, t)})
}

// atoi is strconv.Atoi of digits a regexp matched.
func atoi(digits string) int {
	n, _ := strconv.Atoi(digits)
	return n
}

// countsByRoute lists req's routes with their counts, sorted: "GET /v1/buckets 22, ...".
func countsByRoute(req map[string]int) string {
	counts := nonZero(req)
	parts := make([]string, 0, len(counts))
	for _, route := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%s %d", route, counts[route]))
	}
	if len(parts) == 0 {
		return "no requests"
	}
	return strings.Join(parts, ", ")
}
