package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// pipelines workspaces of pipelineConnections connections each are the
// concurrent-pipelines scenario: teams whose pipelines run at the same time
// with one shared API key, so one token bucket of requestsPerSecond, and no
// max_requests_per_second: each provider adapts to the 429s on its own.
const (
	pipelines           = 4
	pipelineConnections = 40
)

// concurrentPipelines applies, plans and destroys pipelines workspaces (each
// its own directory, state, Terraform process and provider), all of them at
// once in each phase, against one rate-limited emulator, opts.runs times.
// Each phase is checked by pipelineChecks.
func concurrentPipelines(ctx context.Context, tf terraform, work string, opts options) ([]scaleRow, error) {
	total := pipelines * pipelineConnections
	rows := make([]scaleRow, len(commands))
	configs := make([]string, pipelines)
	for i := range configs {
		configs[i] = connectionsConfig(pipelineConnections, fmt.Sprintf("pipeline-%d", i))
	}
	for i, c := range commands {
		rows[i] = scaleRow{scenario: fmt.Sprintf("%d pipelines at %d/s", pipelines, requestsPerSecond), n: total, t: total,
			resources: total, command: c.name}
	}
	for run := range opts.runs {
		fmt.Fprintf(os.Stderr, "bench: %d pipelines at once run %d/%d\n", pipelines, run+1, opts.runs)
		var requests, refused int // of the run's phases together
		srv, err := emulator.Start(emulator.Options{APIKey: apiKey, Latency: opts.latency, RateLimit: requestsPerSecond})
		if err != nil {
			return nil, err
		}
		err = inWorkspaces(work, configs, func(dirs []string) error {
			env := []string{"BUCKT_ENDPOINT=" + srv.URL(), "BUCKT_API_KEY=" + apiKey}
			for i, c := range commands {
				srv.ResetStats()
				results, wall, err := tf.runAll(ctx, dirs, c.args, env...)
				if err != nil {
					return err
				}
				stats := srv.Stats()
				row := &rows[i]
				row.walls, row.requests = append(row.walls, wall), stats.Requests
				row.checks = append(row.checks, pipelineChecks(c.name, wall, row.total(), stats, plansWithChanges(results))...)
				requests, refused = requests+row.total(), refused+stats.RateLimited
			}
			last := &rows[len(rows)-1]
			last.checks = append(last.checks, pipelinesBudget.refusedShare("apply, plan and destroy", requests, refused))
			return nil
		})
		srv.Close()
		if err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// plansWithChanges counts the results that found changes, and shows the
// first one's output on stderr (the report only has room for the count).
func plansWithChanges(results []result) int {
	changed := 0
	for _, res := range results {
		if res.changes == "" {
			continue
		}
		if changed == 0 {
			fmt.Fprintf(os.Stderr, "bench: a plan of the concurrent pipelines is not empty:\n%s\n", res.changes)
		}
		changed++
	}
	return changed
}

// pipelineChecks are the verdicts on one phase of the concurrent pipelines,
// which took wall until the last workspace finished and made requests
// (429s included); stats are the emulator's after it, and changed is how many
// workspaces planned changes. Every phase keeps pipelinesBudget's time over
// the floor of the four's successful requests; besides, the apply creates
// every connection once, the plans propose nothing, and the destroy leaves no
// connection in Buckt. The share answered 429 is judged over a run's three
// phases together (concurrentPipelines), as a pipeline sees it: every
// Terraform command starts fresh providers (a destroy two, for its plan and
// its apply), and each meets a 429 before it knows the limit nobody told it,
// a few refusals per phase whatever its size, which a plan of a few dozen
// requests cannot absorb. The row of each phase shows its own share.
func pipelineChecks(command string, wall time.Duration, requests int, stats emulator.Stats, changed int) []check {
	checks := []check{pipelinesBudget.timeCheck(command, wall, requests, stats.RateLimited)}
	total := pipelines * pipelineConnections
	switch command {
	case "apply":
		checks = append(checks, check{name: "apply: every connection created once", pass: stats.Accounts == total,
			observed: fmt.Sprintf("%d in Buckt of %d", stats.Accounts, total)})
	case "plan":
		checks = append(checks, check{name: "plan: no changes in any workspace", pass: changed == 0,
			observed: fmt.Sprintf("%d of %d planned changes", changed, pipelines)})
	case "destroy":
		checks = append(checks, check{name: "destroy: no connection left in Buckt", pass: stats.Accounts == 0,
			observed: fmt.Sprintf("%d left", stats.Accounts)})
	}
	return checks
}
