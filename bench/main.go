// Command bench times the Buckt provider against the in-process emulator, and
// the builtin terraform_data as a baseline, at several sizes; it reports wall
// time, API requests by route and the provider's peak RSS, and checks the
// request budgets. It prints the report, and writes it to -out when given:
// `make bench` only prints, `make bench-results` updates bench/RESULTS.md; -h
// lists the flags. Terraform runs with a clean environment (cleanEnv).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// apiKey only guards an emulator on 127.0.0.1 that lives for one run.
const apiKey = "bench"

// Names of the two configurations of a size.
const (
	providerConfig = "provider"
	baselineConfig = "terraform_data"
)

// largeSize is what -large adds to -n.
const largeSize = 1000

type options struct {
	sizes []int
	grid  []int // N of the refresh grid (T = N and 10 N)
	adopt []int // buckets adopted by one import block
	// importAdopt is how many buckets buckt_imported_bucket imports by for_each (0: none).
	importAdopt int
	// query is the organization `terraform query` lists, if any.
	query *queryScale
	// rateLimit runs the shared-key scenario.
	rateLimit bool
	// pipelines runs the concurrent-pipelines scenario.
	pipelines bool
	runs      int
	latency   time.Duration
	out       string
	workDir   string // parent of the Terraform working directories
	args      string // the command line, for the report
}

func main() {
	if wrapped := os.Getenv(wrappedProviderEnv); wrapped != "" {
		os.Exit(serveWrappedProvider(wrapped)) // Terraform started the bench as the provider: see rusage.go
	}
	opts, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	rep, err := bench(ctx, opts)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	md := rep.markdown()
	fmt.Print(md)
	if opts.out != "" {
		if err := os.WriteFile(opts.out, []byte(md), 0o600); err != nil { //nolint:gosec // -out is where the user asks for the report
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
	}
	if !rep.ok() {
		fmt.Fprintln(os.Stderr, "bench: FAIL: a budget failed or a plan showed changes")
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	sizes := fs.String("n", "10,100,500", "comma-separated numbers of accounts (and of buckets) per configuration")
	grid := fs.String("grid", "10,100,1000", "N of the refresh grid: a workspace of N connections and N buckets in an organization of T = N and 10 N (\"\" to skip)")
	limited := fs.Bool("rate-limit", true, "also apply and destroy 150 connections against a 20 requests/s token bucket")
	concurrent := fs.Bool("pipelines", true, fmt.Sprintf("also apply, plan and destroy %d workspaces of %d connections, all at once, "+
		"against one 20 requests/s token bucket", pipelines, pipelineConnections))
	adopt := fs.String("adopt", "150,1000", "numbers of buckets adopted by one import block with for_each (\"\" to skip)")
	importAdopt := fs.Int("import-adopt", 1000, "number of S3 buckets imported by buckt_imported_bucket with for_each, "+
		"at -parallelism 10 and 100 and under 20 requests/s (0 to skip)")
	queried := fs.String("query", "250,3000", fmt.Sprintf("connections,buckets of the organization `terraform query` lists, %d connections active; "+
		"also plans the imports `terraform query -generate-config-out` writes, in an organization of %d connections and %d buckets "+
		"(\"\" to skip both; Terraform 1.14+)", queryActiveConnections, importOrgConnections, importOrgBuckets()))
	large := fs.Bool("large", false, "also run N="+strconv.Itoa(largeSize))
	runs := fs.Int("runs", 3, "runs per size")
	latency := fs.Duration("latency", 20*time.Millisecond, "emulator latency added to every API request")
	out := fs.String("out", "", "also write the markdown report, printed on stdout, to this file "+
		"(make bench-results writes the committed bench/RESULTS.md)")
	workDir := fs.String("workdir", defaultWorkDir(), "parent of the Terraform working directories")
	if err := fs.Parse(args); err != nil {
		return options{}, err
	}
	opts := options{rateLimit: *limited, pipelines: *concurrent, importAdopt: *importAdopt, runs: *runs, latency: *latency, out: *out, workDir: *workDir,
		args: strings.Join(args, " ")}
	var err error
	if opts.sizes, err = positiveInts("-n", *sizes); err != nil {
		return options{}, err
	}
	if opts.grid, err = positiveInts("-grid", *grid); err != nil {
		return options{}, err
	}
	if opts.adopt, err = positiveInts("-adopt", *adopt); err != nil {
		return options{}, err
	}
	if opts.query, err = parseQueryScale(*queried); err != nil {
		return options{}, err
	}
	if *large {
		opts.sizes = append(opts.sizes, largeSize)
	}
	if opts.runs < 1 {
		return options{}, errors.New("-runs must be at least 1")
	}
	return opts, nil
}

// parseQueryScale parses -query: "connections,buckets", or "" for none.
func parseQueryScale(flag string) (*queryScale, error) {
	counts, err := positiveInts("-query", flag)
	switch {
	case err != nil:
		return nil, err
	case len(counts) == 0:
		return nil, nil
	case len(counts) != 2 || counts[0] < queryActiveConnections:
		return nil, fmt.Errorf("-query: want connections,buckets with at least %d connections, got %q", queryActiveConnections, flag)
	}
	return &queryScale{connections: counts[0], active: queryActiveConnections, buckets: counts[1]}, nil
}

// positiveInts parses a comma-separated list of positive integers ("" is none).
func positiveInts(flag, list string) ([]int, error) {
	var out []int
	for field := range strings.SplitSeq(list, ",") {
		if strings.TrimSpace(field) == "" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(field))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("%s: %q is not a positive integer", flag, field)
		}
		out = append(out, n)
	}
	return out, nil
}

// defaultWorkDir is tmpfs when the machine has one: Terraform writes the state
// file after every resource change, and on a disk that costs as much as
// Terraform's own work at N=500, which would blur the provider's share.
func defaultWorkDir() string {
	if fi, err := os.Stat("/dev/shm"); err == nil && fi.IsDir() {
		return "/dev/shm"
	}
	return os.TempDir()
}

// bench runs every size and run, and returns the report.
func bench(ctx context.Context, opts options) (*report, error) {
	start := time.Now()
	tmp, err := os.MkdirTemp("", "buckt-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	work, err := os.MkdirTemp(opts.workDir, "buckt-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(work)
	fmt.Fprintln(os.Stderr, "bench: installing Terraform and building the provider")
	tf, tfVersion, err := setup(ctx, tmp)
	if err != nil {
		return nil, err
	}
	rep := newReport(describeMachine(tfVersion), opts, start)
	for _, n := range opts.sizes {
		s := scenario{n: n}
		for run := range opts.runs {
			fmt.Fprintf(os.Stderr, "bench: N=%d run %d/%d\n", n, run+1, opts.runs)
			requests, err := runProvider(ctx, tf, work, s, opts.latency, rep)
			if err != nil {
				return nil, err
			}
			rep.checks[n] = append(rep.checks[n], budgets(s.n, s.roles(), s.listed(), requests))
			if _, err := runConfig(ctx, tf, work, s, baselineConfig, s.baselineConfig(), nil, rep); err != nil {
				return nil, err
			}
		}
	}
	if rep.scale, err = refreshGrid(ctx, tf, work, opts, opts.grid); err != nil {
		return nil, err
	}
	for _, k := range opts.adopt {
		if !importForEach(tfVersion) {
			fmt.Fprintf(os.Stderr, "bench: skipping adoption: %s has no import blocks with for_each (1.7+)\n", tfVersion)
			break
		}
		row, err := adoption(ctx, tf, work, opts, k)
		if err != nil {
			return nil, err
		}
		rep.scale = append(rep.scale, row)
	}
	if opts.importAdopt > 0 {
		rows, err := importAdoption(ctx, tf, work, opts, opts.importAdopt)
		if err != nil {
			return nil, err
		}
		rep.scale = append(rep.scale, rows...)
	}
	if opts.query != nil {
		if !queryCLI(tfVersion) {
			return nil, fmt.Errorf("-query: %s has no terraform query (1.14+); pass -query \"\" to skip it", tfVersion)
		}
		row, err := query(ctx, tf, work, opts, *opts.query)
		if err != nil {
			return nil, err
		}
		imports, err := queryImports(ctx, tf, work, opts)
		if err != nil {
			return nil, err
		}
		rep.scale = append(append(rep.scale, row), imports...)
	}
	if opts.rateLimit {
		rows, err := rateLimited(ctx, tf, work, opts)
		if err != nil {
			return nil, err
		}
		rep.scale = append(rep.scale, rows...)
	}
	if opts.pipelines {
		rows, err := concurrentPipelines(ctx, tf, work, opts)
		if err != nil {
			return nil, err
		}
		rep.scale = append(rep.scale, rows...)
	}
	rep.total = time.Since(start)
	return rep, nil
}

// runProvider runs the provider configuration against a fresh emulator seeded
// for s, and returns its requests by command.
func runProvider(ctx context.Context, tf terraform, work string, s scenario, latency time.Duration, rep *report) (map[string]map[string]int, error) {
	srv, err := emulator.Start(emulator.Options{APIKey: apiKey, Latency: latency})
	if err != nil {
		return nil, err
	}
	defer srv.Close()
	s.seed(srv.Emulator)
	return runConfig(ctx, tf, work, s, providerConfig, s.providerConfig(), srv, rep)
}

// runConfig applies, plans and destroys config in a fresh directory and adds
// the samples to rep. With srv, it also returns the emulator's requests of
// each command.
func runConfig(ctx context.Context, tf terraform, work string, s scenario, name, config string,
	srv *emulator.Server, rep *report,
) (map[string]map[string]int, error) {
	dir, err := os.MkdirTemp(work, name+"-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		return nil, err
	}
	var env []string
	if srv != nil {
		env = []string{"BUCKT_ENDPOINT=" + srv.URL(), "BUCKT_API_KEY=" + apiKey}
	}
	requests := map[string]map[string]int{}
	for _, c := range commands {
		if srv != nil {
			srv.ResetStats()
		}
		res, err := tf.run(ctx, dir, c.args, env...)
		if err != nil {
			return nil, err
		}
		smp := sample{result: res}
		if srv != nil {
			smp.requests = srv.Stats().Requests
			requests[c.name] = smp.requests
		}
		rep.add(s.n, name, c.name, smp)
	}
	return requests, nil
}
