package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
	"github.com/buckt/terraform-provider-buckt/internal/reads"
)

// Organization-scale scenarios: what a refresh costs for a workspace that
// manages N objects of an organization holding T, and what bulk adoption with
// an import block costs. Requests are compared with the naive reference, one
// GET per resource.

// seedParallelism is how many seeding requests run at once against the
// emulator's latency.
const seedParallelism = 50

// scaleRow is one measured command of a scale scenario.
type scaleRow struct {
	scenario  string
	n, t      int
	resources int // managed by the configuration
	command   string
	walls     []time.Duration
	requests  map[string]int // of the last run
	naive     int            // one GET per managed resource
	checks    []check
}

// total is the row's number of requests.
func (r scaleRow) total() int {
	sum := 0
	for _, v := range r.requests {
		sum += v
	}
	return sum
}

// seeder creates organization data through the API, many requests at once.
type seeder struct {
	srv    *emulator.Server
	client *buckt.Client
}

func newSeeder(srv *emulator.Server) (*seeder, error) {
	client, err := buckt.New(buckt.Config{Endpoint: srv.URL(), APIKey: apiKey})
	return &seeder{srv: srv, client: client}, err
}

// pending connects n connections without a role.
func (s *seeder) pending(ctx context.Context, n int) error {
	return parallel(n, func(int) error {
		_, err := s.client.ConnectAWSAccount(ctx, nil)
		return err
	})
}

// active connects AWS account number through an assumable role, with S3
// buckets prefix-0..s3-1 of which the first imported are imported into Buckt.
// It returns the connection's id.
func (s *seeder) active(ctx context.Context, number, prefix string, s3, imported int) (string, error) {
	arn := "arn:aws:iam::" + number + ":role/buckt"
	s.srv.PutRole(emulator.Role{ARN: arn})
	names := make([]string, s3)
	for i := range names {
		names[i] = fmt.Sprintf("%s-%d", prefix, i)
	}
	s.srv.PutS3Buckets(number, names...)
	id, err := s.client.ConnectAWSAccount(ctx, nil)
	if err == nil {
		err = s.client.UpdateAWSAccount(ctx, id, buckt.AWSAccountUpdate{RoleARN: buckt.SetTo(arn)})
	}
	if err == nil {
		err = s.client.ValidateAWSAccount(ctx, id)
	}
	if err != nil {
		return "", err
	}
	batches := (imported + buckt.MaxPageSize - 1) / buckt.MaxPageSize
	return id, parallel(batches, func(b int) error {
		_, err := s.client.ImportBuckets(ctx, id, names[b*buckt.MaxPageSize:min((b+1)*buckt.MaxPageSize, imported)])
		return err
	})
}

// parallel runs fn(0..n-1), seedParallelism at a time, and returns the first error.
func parallel(n int, fn func(i int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		slots = make(chan struct{}, seedParallelism)
	)
	for i := range n {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			if err := fn(i); err != nil {
				mu.Lock()
				first = cmp.Or(first, err)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return first
}

// refreshGrid measures `terraform plan` of a workspace managing n connections
// and n buckets, in an organization holding t of each, for every n of sizes
// and t in {n, 10 n}.
func refreshGrid(ctx context.Context, tf terraform, work string, opts options, sizes []int) ([]scaleRow, error) {
	var rows []scaleRow
	for _, n := range sizes {
		for _, t := range []int{n, 10 * n} {
			fmt.Fprintf(os.Stderr, "bench: refresh grid N=%d T=%d\n", n, t)
			row, err := refreshCell(ctx, tf, work, opts, n, t)
			if err != nil {
				return nil, err
			}
			rows = append(rows, row)
		}
	}
	return rows, nil
}

// refreshCell seeds the organization, applies the workspace (untimed), times
// its refresh opts.runs times and destroys it.
func refreshCell(ctx context.Context, tf terraform, work string, opts options, n, t int) (scaleRow, error) {
	srv, err := emulator.Start(emulator.Options{APIKey: apiKey, Latency: opts.latency})
	if err != nil {
		return scaleRow{}, err
	}
	defer srv.Close()
	seed, err := newSeeder(srv)
	if err != nil {
		return scaleRow{}, err
	}
	// The workspace imports its n buckets through one connection it does not
	// manage; the rest of the organization is t-n connections and t-n buckets.
	workspace, err := seed.active(ctx, "200000000000", "ws", n, 0)
	if err == nil && t > n {
		err = seed.pending(ctx, t-n-1)
	}
	if err == nil && t > n {
		_, err = seed.active(ctx, "200000000001", "org", t-n, t-n)
	}
	if err != nil {
		return scaleRow{}, fmt.Errorf("seeding the organization: %w", err)
	}
	var config strings.Builder
	config.WriteString(providerHeader)
	fmt.Fprintf(&config, "resource \"buckt_aws_account\" \"team\" {\n  count = %d\n  label = \"team-${count.index}\"\n}\n\n", n)
	fmt.Fprintf(&config, "resource \"buckt_imported_bucket\" \"ws\" {\n  count       = %d\n  aws_account = %q\n  bucket_name = \"ws-${count.index}\"\n}\n", n, workspace)
	row := scaleRow{scenario: "refresh", n: n, t: t, resources: 2 * n, command: "plan", naive: 2 * n}
	err = inWorkspace(work, config.String(), func(dir string) error {
		env := []string{"BUCKT_ENDPOINT=" + srv.URL(), "BUCKT_API_KEY=" + apiKey}
		if _, err := tf.run(ctx, dir, commands[0].args, env...); err != nil {
			return err
		}
		for range opts.runs {
			srv.ResetStats()
			res, err := tf.run(ctx, dir, commands[1].args, env...)
			if err != nil {
				return err
			}
			if res.changes != "" {
				return fmt.Errorf("refresh grid N=%d T=%d: the plan after apply is not empty:\n%s", n, t, res.changes)
			}
			row.walls, row.requests = append(row.walls, res.wall), srv.Stats().Requests
		}
		_, err := tf.run(ctx, dir, commands[2].args, env...)
		return err
	})
	row.checks = refreshGridChecks(row.requests, n, t)
	return row, err
}

// refreshGridChecks: per kind, at most reads.RefreshBudget(N) requests, and at most 0.15
// per object when the workspace holds the organization (N = T >= 100).
func refreshGridChecks(req map[string]int, n, t int) []check {
	var checks []check
	for _, kind := range []struct {
		name  string
		spent int
	}{
		{"connections", req[emulator.RouteGetAWSAccount] + req[emulator.RouteListAWSAccounts]},
		{"buckets", req[emulator.RouteGetBucket] + req[emulator.RouteListBuckets]},
	} {
		budget := reads.RefreshBudget(n)
		name := fmt.Sprintf("refresh of %s <= 1.25 N + 2", kind.name)
		if n == t && n >= 100 {
			budget, name = 0.15*float64(n), fmt.Sprintf("refresh of %s <= 0.15 per object (N = T)", kind.name)
		}
		checks = append(checks, check{name: name, pass: float64(kind.spent) <= budget,
			observed: fmt.Sprintf("%d <= %.0f", kind.spent, budget)})
	}
	return checks
}

// adoption measures `terraform plan` of adopting k buckets already imported
// into Buckt with one import block and for_each (Terraform >= 1.7).
func adoption(ctx context.Context, tf terraform, work string, opts options, k int) (scaleRow, error) {
	fmt.Fprintf(os.Stderr, "bench: adoption of %d buckets\n", k)
	srv, err := emulator.Start(emulator.Options{APIKey: apiKey, Latency: opts.latency})
	if err != nil {
		return scaleRow{}, err
	}
	defer srv.Close()
	seed, err := newSeeder(srv)
	if err == nil {
		err = seed.pending(ctx, 100)
	}
	if err == nil {
		_, err = seed.active(ctx, "300000000000", "adopt", k, k)
	}
	if err != nil {
		return scaleRow{}, fmt.Errorf("seeding the organization: %w", err)
	}
	config := providerHeader + `data "buckt_aws_account" "this" {
  id = "300000000000"
}

data "buckt_imported_buckets" "this" {
  aws_account = "300000000000"
}

resource "buckt_imported_bucket" "all" {
  for_each    = toset(data.buckt_imported_buckets.this.names)
  aws_account = data.buckt_aws_account.this.id
  bucket_name = each.value
}

import {
  for_each = { for b in data.buckt_imported_buckets.this.buckets : b.bucket_name => b.import_id }
  to       = buckt_imported_bucket.all[each.key]
  id       = each.value
}
`
	row := scaleRow{scenario: "adoption", n: k, t: k, resources: k, command: "plan", naive: 3 * k}
	err = inWorkspace(work, config, func(dir string) error {
		_, err := row.timeRuns(ctx, tf, srv, dir, opts.runs, []string{"plan", "-input=false", "-no-color"})
		return err
	})
	budget := 0.1 * float64(k)
	row.checks = []check{{name: "adoption plan <= 0.1 requests per bucket", pass: float64(row.total()) <= budget,
		observed: fmt.Sprintf("%d <= %.0f", row.total(), budget)}}
	return row, err
}

// timeRuns runs args in dir runs times against srv, recording each run's wall
// time and the requests of the last one, whose result it returns.
func (r *scaleRow) timeRuns(ctx context.Context, tf terraform, srv *emulator.Server, dir string, runs int, args []string) (result, error) {
	env := []string{"BUCKT_ENDPOINT=" + srv.URL(), "BUCKT_API_KEY=" + apiKey}
	var last result
	for range runs {
		srv.ResetStats()
		res, err := tf.run(ctx, dir, args, env...)
		if err != nil {
			return res, err
		}
		last, r.walls, r.requests = res, append(r.walls, res.wall), srv.Stats().Requests
	}
	return last, nil
}

// importForEach reports whether a "Terraform vX.Y.Z" version line is 1.7 or
// later, which adoption's import block with for_each needs.
func importForEach(version string) bool {
	var major, minor int
	if _, err := fmt.Sscanf(version, "Terraform v%d.%d", &major, &minor); err != nil {
		return false
	}
	return major > 1 || (major == 1 && minor >= 7)
}

// providerHeader declares the provider; endpoint and key come from the environment.
const providerHeader = "terraform {\n  required_providers {\n    buckt = { source = \"buckt/buckt\" }\n  }\n}\n\nprovider \"buckt\" {}\n\n"

// inWorkspace runs fn in a fresh directory holding config as main.tf.
func inWorkspace(work, config string, fn func(dir string) error) error {
	return inWorkspaces(work, []string{config}, func(dirs []string) error { return fn(dirs[0]) })
}

// inWorkspaces runs fn in fresh directories, the i-th holding configs[i] as
// main.tf: workspaces with their own states, as separate pipelines have.
func inWorkspaces(work string, configs []string, fn func(dirs []string) error) error {
	dirs := make([]string, len(configs))
	for i, config := range configs {
		dir, err := os.MkdirTemp(work, "scale-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
			return err
		}
		dirs[i] = dir
	}
	return fn(dirs)
}

// scaleMarkdown is the report's section for the scale scenarios.
func scaleMarkdown(b *strings.Builder, rows []scaleRow) {
	if len(rows) == 0 {
		return
	}
	b.WriteString("\n## Organization scale\n\n")
	b.WriteString("Refresh: a workspace managing N connections and N imported buckets in an organization holding T of " +
		"each. Adoption: planning one `import` block with `for_each` over N buckets already in Buckt. Rate limit: " +
		"apply and destroy of N connections against a token bucket of 20 requests/s (requests include those " +
		"answered 429; budgets per run). 4 pipelines: four workspaces of N/4 connections each (their own directories, " +
		"states, Terraform and provider processes) apply, then plan, then destroy, all four at once, against one token bucket " +
		"of 20 requests/s and without max_requests_per_second; median is the wall time until the last of the four ended, " +
		"requests are the four's, the floor is their successful requests at 20/s, and the share answered 429 is judged " +
		"over a run's three phases together (each phase's own is in its time check). Query: `terraform query` listing every connection, role attachment and " +
		"imported bucket (`include_resource`) of an organization of N connections and T buckets; per resource is per " +
		"object walked (2 N + T). Query import: `terraform plan` of the N import blocks (by identity) that " +
		"`terraform query -generate-config-out` wrote, in an organization of T imported buckets over many connections: " +
		"one connection's objects (the connection, its role attachment and its buckets), or buckets spread a few per " +
		"connection over many (found by `name_prefix`); per resource is per import block. Import by for_each: one apply of N `buckt_imported_bucket` by `for_each` over " +
		"`buckt_aws_account_s3_buckets`, importing N S3 buckets of one connection (one run each). Naive: one GET per " +
		"resource (refresh), the 3 requests per bucket adoption cost before it shared listings, or the 2 per bucket " +
		"import cost before batches.\n\n")
	b.WriteString("| scenario | N | T | command | median | requests | per resource | naive | budgets |\n")
	b.WriteString("|---|---:|---:|---|---:|---:|---:|---:|---|\n")
	for _, r := range rows {
		walls := slices.Clone(r.walls)
		slices.Sort(walls)
		med := "—"
		if len(walls) > 0 {
			med = seconds(median(walls))
		}
		naive := "—"
		if r.naive > 0 {
			naive = fmt.Sprint(r.naive)
		}
		verdicts := make([]string, len(r.checks))
		for i, c := range r.checks {
			verdict := "PASS"
			if !c.pass {
				verdict = "**FAIL**"
			}
			verdicts[i] = fmt.Sprintf("%s %s (%s)", verdict, c.name, c.observed)
		}
		fmt.Fprintf(b, "| %s | %d | %d | %s | %s | %d | %.3f | %s | %s |\n", r.scenario, r.n, r.t, r.command, med,
			r.total(), float64(r.total())/float64(r.resources), naive, strings.Join(verdicts, "; "))
	}
}
