package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// rateLimitedConnections and requestsPerSecond are the shared-key scenario:
// applying and destroying that many connections against a token bucket of
// that rate, as a pipeline whose API key other pipelines also use would.
const (
	rateLimitedConnections = 150
	requestsPerSecond      = 20
)

// rateLimited times apply and destroy of rateLimitedConnections connections
// against the emulator's token bucket, and checks them against the limit's
// floor (the requests that succeeded, at requestsPerSecond) and the share of
// requests refused with 429.
func rateLimited(ctx context.Context, tf terraform, work string, opts options) ([]scaleRow, error) {
	apply := scaleRow{scenario: "rate limit 20/s", n: rateLimitedConnections, t: rateLimitedConnections,
		resources: rateLimitedConnections, command: "apply"}
	destroy := apply
	destroy.command = "destroy"
	config := connectionsConfig(rateLimitedConnections, "pipeline")
	for run := range opts.runs {
		fmt.Fprintf(os.Stderr, "bench: rate limit run %d/%d\n", run+1, opts.runs)
		srv, err := emulator.Start(emulator.Options{APIKey: apiKey, Latency: opts.latency, RateLimit: requestsPerSecond})
		if err != nil {
			return nil, err
		}
		err = inWorkspace(work, config, func(dir string) error {
			env := []string{"BUCKT_ENDPOINT=" + srv.URL(), "BUCKT_API_KEY=" + apiKey}
			for _, step := range []struct {
				row  *scaleRow
				args []string
			}{{&apply, commands[0].args}, {&destroy, commands[2].args}} {
				srv.ResetStats()
				res, err := tf.run(ctx, dir, step.args, env...)
				if err != nil {
					return err
				}
				stats := srv.Stats()
				step.row.walls, step.row.requests = append(step.row.walls, res.wall), stats.Requests
				step.row.checks = append(step.row.checks, sharedKeyBudget.checks(step.row.command, res.wall, step.row.total(), stats.RateLimited)...)
			}
			return nil
		})
		srv.Close()
		if err != nil {
			return nil, err
		}
	}
	return []scaleRow{apply, destroy}, nil
}

// connectionsConfig manages count connections without a role, labelled
// prefix-0, prefix-1 and so on.
func connectionsConfig(count int, prefix string) string {
	return fmt.Sprintf(providerHeader+"resource \"buckt_aws_account\" \"pipeline\" {\n  count = %d\n  label = \"%s-${count.index}\"\n}\n",
		count, prefix)
}

// rateLimitBudget is what a command under the shared limit may cost: at most
// 1.5 x the limit's floor (the requests that succeeded, at requestsPerSecond)
// plus slack, and at most refused of its requests answered 429.
type rateLimitBudget struct {
	slack   time.Duration
	refused float64
}

// sharedKeyBudget is one pipeline's; pipelinesBudget is that of four at once,
// each adapting on its own to the same limit (issue #25's goal).
var (
	sharedKeyBudget = rateLimitBudget{slack: 5 * time.Second, refused: 0.10}
	pipelinesBudget = rateLimitBudget{slack: 10 * time.Second, refused: 0.15}
)

// checks are the budget's time and 429 verdicts on a command that took wall
// for requests, refused of them answered 429.
func (b rateLimitBudget) checks(command string, wall time.Duration, requests, refused int) []check {
	return []check{b.timeCheck(command, wall, requests, refused), b.refusedShare(command, requests, refused)}
}

// timeCheck: the command took at most 1.5 x the limit's floor plus b.slack.
func (b rateLimitBudget) timeCheck(command string, wall time.Duration, requests, refused int) check {
	floor := time.Duration(float64(requests-refused) / requestsPerSecond * float64(time.Second))
	budget := floor*3/2 + b.slack
	return check{name: fmt.Sprintf("%s <= 1.5 x the limit's floor + %g s", command, b.slack.Seconds()), pass: wall <= budget,
		observed: fmt.Sprintf("%s <= %s (floor %s; %d of %d answered 429)", seconds(wall), seconds(budget), seconds(floor),
			refused, requests)}
}

// refusedShare: at most b.refused of a command's requests are answered 429.
func (b rateLimitBudget) refusedShare(command string, requests, refused int) check {
	share := float64(refused) / float64(max(requests, 1))
	return check{name: fmt.Sprintf("%s: <= %.0f%% of requests answered 429", command, 100*b.refused), pass: share <= b.refused,
		observed: fmt.Sprintf("%d of %d (%.1f%%)", refused, requests, 100*share)}
}
