package main

import (
	"context"
	"fmt"
	"os"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// importAdoptionVariant is one way of applying the import adoption: at a
// -parallelism, against the 20 requests/s token bucket or not, and the most
// requests per bucket it may cost (before batched imports: 2).
type importAdoptionVariant struct {
	command     string // the row's command column
	parallelism int    // 0: Terraform's default, 10
	rateLimited bool
	perBucket   float64
}

var importAdoptionVariants = []importAdoptionVariant{
	{command: "apply", perBucket: 1.2},
	{command: "apply -parallelism=100", parallelism: 100, perBucket: 1.05},
	{command: "apply at 20/s", rateLimited: true, perBucket: 1.2},
}

// importAdoption measures `terraform apply` of k buckt_imported_bucket by
// for_each over buckt_aws_account_s3_buckets, which imports k S3 buckets of
// one connection into Buckt, once per variant (an apply of new buckets cannot
// be repeated in one workspace). Concurrent creates share importBuckets calls.
func importAdoption(ctx context.Context, tf terraform, work string, opts options, k int) ([]scaleRow, error) {
	rows := make([]scaleRow, 0, len(importAdoptionVariants))
	for _, v := range importAdoptionVariants {
		fmt.Fprintf(os.Stderr, "bench: import adoption of %d buckets, %s\n", k, v.command)
		row, err := importAdoptionRun(ctx, tf, work, opts, k, v)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// importAdoptionRun seeds a connection with k S3 buckets and times one apply
// of v that imports them all.
func importAdoptionRun(ctx context.Context, tf terraform, work string, opts options, k int, v importAdoptionVariant) (scaleRow, error) {
	limit := 0.0
	if v.rateLimited {
		limit = requestsPerSecond
	}
	srv, err := emulator.Start(emulator.Options{APIKey: apiKey, Latency: opts.latency, RateLimit: limit})
	if err != nil {
		return scaleRow{}, err
	}
	defer srv.Close()
	seed, err := newSeeder(srv)
	var id string
	if err == nil {
		id, err = seed.active(ctx, "400000000000", "import", k, 0)
	}
	if err != nil {
		return scaleRow{}, fmt.Errorf("seeding the connection: %w", err)
	}
	config := providerHeader + fmt.Sprintf(`data "buckt_aws_account_s3_buckets" "this" {
  aws_account = %[1]q
}

resource "buckt_imported_bucket" "all" {
  for_each    = toset(data.buckt_aws_account_s3_buckets.this.names)
  aws_account = %[1]q
  bucket_name = each.value
}
`, id)
	args := commands[0].args
	if v.parallelism > 0 {
		args = append(args[:len(args):len(args)], fmt.Sprintf("-parallelism=%d", v.parallelism))
	}
	row := scaleRow{scenario: "import by for_each", n: k, t: k, resources: k, command: v.command, naive: 2 * k}
	var stats emulator.Stats
	err = inWorkspace(work, config, func(dir string) error {
		srv.ResetStats()
		res, err := tf.run(ctx, dir, args, "BUCKT_ENDPOINT="+srv.URL(), "BUCKT_API_KEY="+apiKey)
		stats = srv.Stats()
		row.walls, row.requests = append(row.walls, res.wall), stats.Requests
		return err
	})
	if err != nil {
		return scaleRow{}, err
	}
	row.checks = importAdoptionChecks(v, row, stats)
	return row, nil
}

// importAdoptionChecks: the apply imports every bucket once and costs at
// most v.perBucket requests per bucket; under the rate limit, few requests
// are refused. (Its time is reported, not budgeted: with a few hundred
// requests Terraform's own work, not the limit, sets it.) stats are the
// emulator's after the apply.
func importAdoptionChecks(v importAdoptionVariant, row scaleRow, stats emulator.Stats) []check {
	perBucket := float64(row.total()) / float64(row.n)
	checks := []check{
		{name: "every bucket imported once", pass: stats.Buckets == row.n,
			observed: fmt.Sprintf("%d of %d", stats.Buckets, row.n)},
		{name: fmt.Sprintf("<= %.2f requests per bucket", v.perBucket), pass: perBucket <= v.perBucket,
			observed: fmt.Sprintf("%.3f, %d import calls", perBucket, row.requests[emulator.RouteImportBuckets])},
	}
	if v.rateLimited {
		checks = append(checks, sharedKeyBudget.refusedShare(v.command, row.total(), stats.RateLimited))
	}
	return checks
}
