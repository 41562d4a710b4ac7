package main

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// key names one table row: a size, a configuration and a command.
type key struct {
	n       int
	config  string
	command string
}

// sample is one run of one command.
type sample struct {
	result
	requests map[string]int // provider runs only
}

type report struct {
	machine machine
	opts    options
	start   time.Time
	total   time.Duration
	samples map[key][]sample
	checks  map[int][][]check // by size, then run
	changes []string          // plans that were not empty
	scale   []scaleRow        // organization-scale scenarios
}

func newReport(m machine, opts options, start time.Time) *report {
	return &report{machine: m, opts: opts, start: start, samples: map[key][]sample{}, checks: map[int][][]check{}}
}

func (r *report) add(n int, config, command string, s sample) {
	k := key{n, config, command}
	r.samples[k] = append(r.samples[k], s)
	if s.changes != "" {
		r.changes = append(r.changes, fmt.Sprintf("N=%d %s run %d: the plan after apply is not empty:\n\n```\n%s\n```",
			n, config, len(r.samples[k]), s.changes))
	}
}

// ok reports whether every budget passed and every plan was empty.
func (r *report) ok() bool {
	for _, runs := range r.checks {
		for _, checks := range runs {
			for _, c := range checks {
				if !c.pass {
					return false
				}
			}
		}
	}
	for _, row := range r.scale {
		for _, c := range row.checks {
			if !c.pass {
				return false
			}
		}
	}
	return len(r.changes) == 0
}

func (r *report) markdown() string {
	var b strings.Builder
	b.WriteString("# Benchmark results\n\n")
	fmt.Fprintf(&b, "- Machine: %s, %d CPUs (nproc)\n", r.machine.cpu, r.machine.cpus)
	fmt.Fprintf(&b, "- Go %s, %s\n", r.machine.goVersion, r.machine.terraform)
	fmt.Fprintf(&b, "- Date: %s; total time %s\n", r.start.UTC().Format(time.RFC3339), r.total.Round(time.Second))
	fmt.Fprintf(&b, "- Flags: `%s` (N=%s, %d runs, emulator latency %s per request, IAM propagation delay 0, "+
		"Terraform's default -parallelism 10, working directories under %s)\n", strings.TrimSpace("go run ./bench "+r.opts.args),
		joinInts(r.opts.sizes), r.opts.runs, r.opts.latency, r.opts.workDir)
	b.WriteString("- Each size: N `buckt_aws_account` (even ones with a role), N `buckt_imported_bucket` and one " +
		"`buckt_aws_account_s3_buckets` over B = max(N, 150) S3 buckets; the baseline is 2N `terraform_data` of the same shape.\n\n")

	b.WriteString("## Wall time, requests, provider CPU and peak provider RSS\n\n")
	b.WriteString("Provider CPU is the user and system time of every provider process of the command (from the " +
		"kernel, through the bench's plugin wrapper), median over the runs, per resource (2N); peak RSS is the " +
		"largest of one provider process.\n\n")
	b.WriteString("| N | config | command | min | median | API requests | requests per resource | provider CPU per resource (ms) | peak RSS (MiB) |\n")
	b.WriteString("|---:|---|---|---:|---:|---:|---:|---:|---:|\n")
	for _, n := range r.opts.sizes {
		for _, config := range []string{providerConfig, baselineConfig} {
			for _, c := range commands {
				r.row(&b, key{n, config, c.name})
			}
		}
	}

	b.WriteString("\n## Requests by route (last run)\n")
	for _, n := range r.opts.sizes {
		r.routes(&b, n)
	}

	b.WriteString("\n## Budgets\n\n| N | budget | result | observed |\n|---:|---|---|---|\n")
	for _, n := range r.opts.sizes {
		r.budgets(&b, n)
	}
	scaleMarkdown(&b, r.scale)
	if len(r.changes) > 0 {
		b.WriteString("\n## Plans with changes\n\n")
		for _, c := range r.changes {
			b.WriteString(c + "\n\n")
		}
	}
	return b.String()
}

// row writes the min and median wall time over the runs, the requests of the
// runs (a range if they differ), the provider's median CPU time per resource
// and its peak RSS over the runs.
func (r *report) row(b *strings.Builder, k key) {
	samples := r.samples[k]
	if len(samples) == 0 {
		return
	}
	walls := make([]time.Duration, len(samples))
	cpus := make([]time.Duration, len(samples))
	totals := make([]int, len(samples))
	var peak int64
	for i, s := range samples {
		walls[i], cpus[i] = s.wall, s.provider.cpu
		for _, v := range s.requests {
			totals[i] += v
		}
		peak = max(peak, s.provider.peakKiB)
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	slices.Sort(totals)
	requests, perResource, cpu, rss := "—", "—", "—", "—"
	if k.config == providerConfig {
		resources := float64(2 * k.n)
		requests = strconv.Itoa(totals[0])
		if totals[0] != totals[len(totals)-1] {
			requests += "–" + strconv.Itoa(totals[len(totals)-1])
		}
		perResource = fmt.Sprintf("%.2f", float64(totals[len(totals)-1])/resources)
		cpu = fmt.Sprintf("%.2f", float64(median(cpus).Microseconds())/1000/resources)
		rss = fmt.Sprintf("%.1f", float64(peak)/1024)
	}
	fmt.Fprintf(b, "| %d | %s | %s | %s | %s | %s | %s | %s | %s |\n", k.n, k.config, k.command,
		seconds(walls[0]), seconds(median(walls)), requests, perResource, cpu, rss)
}

// routes writes the last run's requests of size n by route and command.
func (r *report) routes(b *strings.Builder, n int) {
	last := map[string]map[string]int{}
	all := map[string]int{}
	for _, c := range commands {
		if s := r.samples[key{n, providerConfig, c.name}]; len(s) > 0 {
			last[c.name] = s[len(s)-1].requests
			maps.Copy(all, last[c.name])
		}
	}
	fmt.Fprintf(b, "\n### N = %d\n\n| route | apply | plan | destroy |\n|---|---:|---:|---:|\n", n)
	for _, route := range slices.Sorted(maps.Keys(all)) {
		fmt.Fprintf(b, "| `%s` | %d | %d | %d |\n", route, last["apply"][route], last["plan"][route], last["destroy"][route])
	}
}

// budgets writes one line per budget of size n: PASS if every run passed,
// with the last run's numbers, else FAIL with the first failing run's.
func (r *report) budgets(b *strings.Builder, n int) {
	runs := r.checks[n]
	if len(runs) == 0 {
		return
	}
	for i := range runs[0] {
		shown, verdict := runs[len(runs)-1][i], "PASS"
		for run, checks := range runs {
			if !checks[i].pass {
				shown, verdict = checks[i], fmt.Sprintf("**FAIL** (run %d)", run+1)
				break
			}
		}
		fmt.Fprintf(b, "| %d | %s | %s | %s |\n", n, shown.name, verdict, shown.observed)
	}
}

func median(sorted []time.Duration) time.Duration {
	m := len(sorted) / 2
	if len(sorted)%2 == 0 {
		return (sorted[m-1] + sorted[m]) / 2
	}
	return sorted[m]
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2fs", d.Seconds()) }

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ",")
}
