package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// queryActiveConnections is how many connections of a queried organization
// have a role and imported buckets.
const queryActiveConnections = 10

// queryScale is the organization a query is measured against.
type queryScale struct {
	connections int // connections in the organization, active ones included
	active      int // connections with a validated role, each importing buckets
	buckets     int // imported buckets, spread evenly over the active connections
}

// queryFile lists everything of the three kinds, resources included, as a
// person adopting an organization with `terraform query` would.
const queryFile = `list "buckt_aws_account" "all" {
  provider         = buckt
  include_resource = true
  limit            = 100000
}

list "buckt_aws_account_role" "all" {
  provider         = buckt
  include_resource = true
  limit            = 100000
}

list "buckt_imported_bucket" "all" {
  provider         = buckt
  include_resource = true
  limit            = 100000
}
`

// query measures `terraform query` of every connection, role attachment and
// imported bucket of an organization of q's size (Terraform >= 1.14).
func query(ctx context.Context, tf terraform, work string, opts options, q queryScale) (scaleRow, error) {
	fmt.Fprintf(os.Stderr, "bench: query of %d connections and %d buckets\n", q.connections, q.buckets)
	srv, err := emulator.Start(emulator.Options{APIKey: apiKey, Latency: opts.latency})
	if err != nil {
		return scaleRow{}, err
	}
	defer srv.Close()
	seed, err := newSeeder(srv)
	if err == nil {
		err = seed.pending(ctx, q.connections-q.active)
	}
	for i := 0; err == nil && i < q.active; i++ {
		perConnection := q.buckets / q.active
		_, err = seed.active(ctx, fmt.Sprintf("4000000%05d", i), fmt.Sprintf("q%d", i), perConnection, perConnection)
	}
	if err != nil {
		return scaleRow{}, fmt.Errorf("seeding the organization: %w", err)
	}
	objects := 2*q.connections + q.buckets // every list walks all connections or all buckets
	row := scaleRow{scenario: "query", n: q.connections, t: q.buckets, resources: objects, command: "query"}
	err = inWorkspace(work, providerHeader, func(dir string) error {
		if err := os.WriteFile(dir+"/adopt.tfquery.hcl", []byte(queryFile), 0o600); err != nil {
			return err
		}
		_, err := row.timeRuns(ctx, tf, srv, dir, opts.runs, []string{"query", "-no-color"})
		return err
	})
	row.checks = queryChecks(row.requests, q)
	return row, err
}

// queryChecks: each list costs at most ceil(T/100) + 2 requests for the T
// objects it walks, however many it returns.
func queryChecks(req map[string]int, q queryScale) []check {
	accounts, buckets := req[emulator.RouteListAWSAccounts]+req[emulator.RouteGetAWSAccount], req[emulator.RouteListBuckets]+req[emulator.RouteGetBucket]
	// Two lists walk the connections (connections, role attachments), one the buckets.
	accountBudget := 2 * (pages(q.connections) + 2)
	bucketBudget := pages(q.buckets) + 2
	return []check{
		{name: "connection and role lists <= 2 (ceil(T/100) + 2)", pass: accounts <= accountBudget,
			observed: fmt.Sprintf("%d <= %d", accounts, accountBudget)},
		{name: "bucket list <= ceil(T/100) + 2", pass: buckets <= bucketBudget,
			observed: fmt.Sprintf("%d <= %d", buckets, bucketBudget)},
	}
}

// queryCLI reports whether a "Terraform vX.Y.Z" version line is 1.14 or later,
// which list resources and `terraform query` need.
func queryCLI(version string) bool {
	var major, minor int
	if _, err := fmt.Sscanf(strings.TrimSpace(version), "Terraform v%d.%d", &major, &minor); err != nil {
		return false
	}
	return major > 1 || (major == 1 && minor >= 14)
}
