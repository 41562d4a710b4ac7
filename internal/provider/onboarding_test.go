package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// TestAccDemoOnboardsInOneApply applies examples/demo, the configuration
// `make demo` runs: one apply connects an account, writes its policies, deploys
// the IAM role (through the emulator, with IAM's propagation delay), attaches
// and validates it, and imports buckets; the next plan is empty. A label edit
// then plans that one in-place update and nothing else: the role's policies,
// written by provider functions, stay known at plan.
func TestAccDemoOnboardsInOneApply(t *testing.T) {
	env := newTestEnv(t, emulator.Options{IAMPropagationDelay: 3 * time.Second})
	emu := env.onlyOnEmulator("deploy the role through its admin side during the apply")
	emu.PutS3Buckets(awsAccount, "legacy-marketing", "legacy-sales", "logs-eu")
	// The demo's provider block is empty: it reads the environment, as users' do.
	t.Setenv(envEndpoint, env.endpoint)
	t.Setenv(envAPIKey, env.apiKey)
	// Factories per step: with a configuration directory that has its own
	// provider block, terraform-plugin-testing wants them there.
	demo := resource.TestStep{
		ProtoV6ProviderFactories: testProviders,
		ConfigDirectory:          config.StaticDirectory("../../examples/demo"),
		ConfigVariables:          config.Variables{"emulator_url": config.StringVariable(env.endpoint)},
	}
	apply := demo
	apply.ConfigStateChecks = []statecheck.StateCheck{
		statecheck.ExpectKnownValue("buckt_aws_account_role.production", tfjsonpath.New("status"), knownvalue.StringExact("active")),
		statecheck.ExpectKnownValue("buckt_aws_account.staging", tfjsonpath.New("status"), knownvalue.StringExact("pending")),
		statecheck.ExpectKnownOutputValueAtPath("visible_s3_buckets", tfjsonpath.New(0), knownvalue.StringExact("legacy-marketing")),
		instancesOf("buckt_imported_bucket.legacy", func(key any, values map[string]any) error {
			if values["bucket_name"] != key || !strings.HasPrefix(fmt.Sprint(values["id"]), "bkt_") {
				return fmt.Errorf("bucket_name %v, id %v", values["bucket_name"], values["id"])
			}
			return nil
		}),
		checkFunc(func() error {
			stats := emu.Stats()
			if stats.Accounts != 2 || stats.Buckets != 2 {
				return fmt.Errorf("emulator holds %d accounts and %d buckets, want 2 and 2", stats.Accounts, stats.Buckets)
			}
			if n := requestsTo(t, stats, emulator.RouteValidateAWSAccount); n < 2 {
				return fmt.Errorf("validate called %d time(s): the IAM delay should have forced retries", n)
			}
			return nil
		}),
	}
	planOnly, relabel, destroy := demo, demo, demo
	planOnly.PlanOnly = true
	relabel.ConfigVariables = config.Variables{
		"emulator_url": config.StringVariable(env.endpoint), "production_label": config.StringVariable("production-eu"),
	}
	relabel.ConfigPlanChecks = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
		onlyChange("buckt_aws_account.production", plancheck.ResourceActionUpdate),
	}}
	relabel.ConfigStateChecks = []statecheck.StateCheck{
		statecheck.ExpectKnownValue("buckt_aws_account.production", tfjsonpath.New("label"), knownvalue.StringExact("production-eu")),
	}
	destroy.Destroy = true // before the final destroy, whose state shim rejects for_each
	resource.Test(t, resource.TestCase{
		CheckDestroy: func(s *terraform.State) error {
			if err := env.checkNothingLeft(s); err != nil {
				return err
			}
			return checkS3Untouched(env, "legacy-marketing", "legacy-sales", "logs-eu")()
		},
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_8_0)}, // functions
		Steps:                  []resource.TestStep{apply, planOnly, relabel, destroy},
	})
}
