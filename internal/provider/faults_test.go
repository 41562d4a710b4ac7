package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// fleetConfig is 25 connections (the first 10 with a role) and 25 imported
// buckets spread over the connections with roles.
const fleetConfig = `resource "buckt_aws_account" "a" {
  count    = 25
  label    = "fleet-${count.index}"
  role_arn = count.index < 10 ? "arn:aws:iam::1000000000${format("%02d", count.index)}:role/buckt" : null
}

resource "buckt_imported_bucket" "b" {
  count       = 25
  aws_account = buckt_aws_account.a[count.index % 10].id
  bucket_name = "fleet-bucket-${count.index}"
}
`

// fleetEnv is an emulator with the fleet's roles and S3 buckets.
func fleetEnv(t *testing.T, faults emulator.Faults) *testEnv {
	env := newTestEnv(t, emulator.Options{Faults: faults, Seed: 7})
	emu := env.onlyOnEmulator("deploy a fleet of roles in many AWS accounts")
	for i := range 10 {
		emu.PutRole(emulator.Role{ARN: fmt.Sprintf("arn:aws:iam::1000000000%02d:role/buckt", i)})
	}
	for i := range 25 {
		emu.PutS3Buckets(fmt.Sprintf("1000000000%02d", i%10), fmt.Sprintf("fleet-bucket-%d", i))
	}
	return env
}

// Under rate limits, server errors and connections dropped after the write was
// committed, one apply still creates exactly what the configuration says: the
// client retries, and every POST's retries reuse its idempotency key. (Each 429
// pauses the whole client for its Retry-After of 1 s and slows it down, so 2%
// keep the test short; rate_limit_test.go covers a real token bucket.)
func TestAccFaults_fleetSurvivesAFlakyAPIWithoutDuplicates(t *testing.T) {
	env := fleetEnv(t, emulator.Faults{RateLimit: 0.02, Unavailable: 0.10, DropAfterCommit: 0.10})
	emu := env.onlyOnEmulator("inject faults")
	config := env.configWithProvider("  max_retries = 10\n", fleetConfig)
	exactly := func(accounts, buckets int) func() error {
		return func() error {
			stats := emu.Stats()
			if stats.Accounts != accounts || stats.Buckets != buckets {
				return fmt.Errorf("the emulator holds %d accounts and %d buckets, want exactly %d and %d",
					stats.Accounts, stats.Buckets, accounts, buckets)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					checkFunc(exactly(25, 25)),
					checkFunc(func() error {
						if n := env.requests(t, emulator.RouteConnectAWSAccount); n <= 25 {
							return fmt.Errorf("connect was sent %d times: the faults did not hit it, so this test proves nothing", n)
						}
						return nil
					}),
				},
			},
			// resource.Test checks the plan after the apply is empty; this
			// fresh plan, under the same faults, must be empty as well.
			{Config: config, PlanOnly: true},
		},
	})
}

// When the API stays down past the retry budget, the error names the request
// and how often it was tried, and state holds only what exists remotely.
func TestAccFaults_apiDownPastTheRetryBudget(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	emu := env.onlyOnEmulator("inject faults")
	one := `resource "buckt_aws_account" "a" {
  label = "exists"
}
`
	two := one + `
resource "buckt_aws_account" "b" {
  label = "never created"
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: env.configWithProvider("  max_retries = 2\n", one)},
			{
				PreConfig: func() {
					emu.AddFaultRule(emulator.FaultRule{Route: emulator.RouteConnectAWSAccount, Status: 503, Times: 100})
				},
				Config:      env.configWithProvider("  max_retries = 2\n", two),
				ExpectError: wrapped(`(?s)Error creating AWS account connection.*POST /v1/aws-accounts answered HTTP 503 api_error after 3 attempts.*server error; the request was retried`),
			},
			{
				PreConfig:          emu.ClearFaultRules,
				Config:             env.configWithProvider("  max_retries = 2\n", two),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("buckt_aws_account.a", plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction("buckt_aws_account.b", plancheck.ResourceActionCreate),
				}},
			},
			{
				Config: env.configWithProvider("  max_retries = 2\n", two),
				ConfigStateChecks: []statecheck.StateCheck{checkFunc(func() error {
					if n := emu.Stats().Accounts; n != 2 {
						return fmt.Errorf("%d accounts, want 2", n)
					}
					return nil
				})},
			},
		},
	})
}

// If connect succeeds and a later step of the create fails, the record is in
// state (tainted) and nothing is orphaned: the next plan replaces it and the
// final destroy removes it (CheckDestroy proves the emulator is empty).
func TestAccFaults_halfDoneCreatesAreKeptInState(t *testing.T) {
	skipAgainstRealBuckt(t, "inject faults")
	steps := []struct {
		name, route string
		status      int
		address     string
	}{
		{"role attach (PATCH) fails", emulator.RouteUpdateAWSAccount, 400, accountAddr},
		{"validate fails", emulator.RouteValidateAWSAccount, 403, accountAddr},
		{"final read fails", emulator.RouteGetAWSAccount, 403, accountAddr},
		{"bucket read after import fails", emulator.RouteGetBucket, 403, bucketAddr},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			env := bucketEnv(t, "inject faults", "legacy-marketing")
			emu := env.emu
			config := env.config(fmt.Sprintf(`resource "buckt_aws_account" "test" {
  role_arn = %q
}
`, roleARN))
			if step.address == bucketAddr {
				config = bucketConfig(env, "legacy-marketing")
			}
			var prepare resource.TestStep
			if step.address == bucketAddr {
				// The connection first, so that only the bucket's create is hit.
				prepare = resource.TestStep{Config: env.config(prodConnection(withRole(env.aws().roleARN())))}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				CheckDestroy:             env.checkNothingLeft,
				Steps: nonEmpty(prepare, resource.TestStep{
					PreConfig:   func() { emu.AddFaultRule(emulator.FaultRule{Route: step.route, Status: step.status, Times: 1}) },
					Config:      config,
					ExpectError: wrapped(fmt.Sprintf(`answered HTTP %d`, step.status)),
				}, resource.TestStep{
					PreConfig: func() {
						stats := emu.Stats()
						if stats.Accounts != 1 || (step.address == bucketAddr && stats.Buckets != 1) {
							t.Errorf("after the failed create the emulator holds %d accounts and %d buckets", stats.Accounts, stats.Buckets)
						}
					},
					Config:             config,
					PlanOnly:           true,
					ExpectNonEmptyPlan: true,
					ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(step.address, plancheck.ResourceActionDestroyBeforeCreate),
					}},
				}),
			})
		})
	}
}

// nonEmpty drops zero-value steps, for tables where some cases need fewer.
func nonEmpty(steps ...resource.TestStep) []resource.TestStep {
	var out []resource.TestStep
	for _, s := range steps {
		if s.Config != "" || s.ImportState {
			out = append(out, s)
		}
	}
	return out
}
