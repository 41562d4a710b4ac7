package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// connections is n connections without a role: two requests each to create
// (connect, read), one to delete.
func connections(n int) string {
	return fmt.Sprintf(`resource "buckt_aws_account" "a" {
  count = %d
  label = "rate-${count.index}"
}
`, n)
}

// rateLimitedShare is a check that at most a tenth of the requests the
// emulator received since its stats were last reset were answered 429.
func rateLimitedShare(t *testing.T, emu *emulator.Server, phase string) func() error {
	return func() error {
		stats := emu.Stats()
		total := 0
		for _, n := range stats.Requests {
			total += n
		}
		t.Logf("%s: %d requests, %d answered 429, busiest second %d", phase, total, stats.RateLimited, stats.PeakRequestsPerSecond)
		if total == 0 || stats.RateLimited*10 > total {
			return fmt.Errorf("%s: %d of %d requests were answered 429, more than 10%% (requests: %v)",
				phase, stats.RateLimited, total, stats.Requests)
		}
		return nil
	}
}

// accountsExactly is a check that the emulator holds exactly n connections.
func accountsExactly(env *testEnv, n int) func() error {
	return func() error {
		if got := env.accountCount(); got != n {
			return fmt.Errorf("the emulator holds %d connections, want exactly %d", got, n)
		}
		return nil
	}
}

// stopwatch logs how long a step took, from its PreConfig to its state checks.
type stopwatch struct {
	t     *testing.T
	start time.Time
}

func (s *stopwatch) reset()                        { s.start = time.Now() }
func (s *stopwatch) lap(phase string) func() error { return func() error { s.log(phase); return nil } }
func (s *stopwatch) log(phase string)              { s.t.Logf("%s took %v", phase, time.Since(s.start)) }

// Against a shared key's limit of 20 requests per second, 150 connections are
// applied and destroyed with at most a tenth of the requests refused: the first
// 429 pauses the whole provider and slows it down, instead of every worker
// finding the limit again on its own (it was 31%).
func TestAccRateLimit_fleetUnderASharedLimit(t *testing.T) {
	env := newTestEnv(t, emulator.Options{RateLimit: 20})
	emu := env.onlyOnEmulator("enforce a rate limit and count 429s")
	clock := &stopwatch{t: t}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				PreConfig: clock.reset,
				Config:    env.config(connections(150)),
				ConfigStateChecks: []statecheck.StateCheck{
					checkFunc(clock.lap("applying 150 connections")),
					checkFunc(accountsExactly(env, 150)),
					checkFunc(rateLimitedShare(t, emu, "apply")),
				},
			},
			{
				PreConfig: func() { emu.ResetStats(); clock.reset() },
				Config:    env.config(""),
				ConfigStateChecks: []statecheck.StateCheck{
					checkFunc(clock.lap("destroying 150 connections")),
					checkFunc(accountsExactly(env, 0)),
					checkFunc(rateLimitedShare(t, emu, "destroy")),
				},
			},
		},
	})
}

// max_requests_per_second caps the provider's rate even where the API sets no
// limit: in no second does the emulator see more than the cap plus the
// limiter's burst of one.
func TestAccRateLimit_maxRequestsPerSecondCapsTheProvider(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	emu := env.onlyOnEmulator("measure the request rate")
	config := env.configWithProvider("  max_requests_per_second = 5\n", connections(15))
	capped := func() error {
		stats := emu.Stats()
		total := 0
		for _, n := range stats.Requests {
			total += n
		}
		t.Logf("%d requests, busiest second %d", total, stats.PeakRequestsPerSecond)
		if total < 30 {
			return fmt.Errorf("only %d requests: too few to show a cap", total)
		}
		if stats.PeakRequestsPerSecond > 6 {
			return fmt.Errorf("the emulator saw %d requests within one second, cap 5 (+1 burst); %d requests in all",
				stats.PeakRequestsPerSecond, total)
		}
		return nil
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(*terraformState) error {
			if err := env.checkNothingLeft(nil); err != nil {
				return err
			}
			return capped()
		},
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				checkFunc(accountsExactly(env, 15)),
				checkFunc(capped),
			},
		}},
	})
}

func TestAccRateLimit_maxRequestsPerSecondMustBePositive(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      env.configWithProvider("  max_requests_per_second = 0\n", `data "buckt_aws_accounts" "all" {}`),
			ExpectError: wrapped(`Attribute max_requests_per_second must be a number greater than 0, such as 5 or 0.5, got: 0`),
		}},
	})
}

func TestAccRateLimit_environmentVariableIsValidated(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	t.Setenv(envMaxRequestsPerSecond, "fast")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config:      env.config(`data "buckt_aws_accounts" "all" {}`),
			ExpectError: wrapped(`Invalid BUCKT_MAX_REQUESTS_PER_SECOND[\s\S]*"fast": it must be a number of requests per second greater than 0`),
		}},
	})
}
