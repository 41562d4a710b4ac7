package provider

import (
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// organizationAccounts is how many AWS accounts the organization test onboards
// in one apply.
const organizationAccounts = 50

// TestAccOrganization_onboardsFiftyAccountsInOneApply applies
// examples/organization-emulator, the twin of examples/organization, to 50 AWS
// accounts: one apply connects them, deploys each account's role (through the
// emulator, with IAM's propagation delay), attaches and validates every role;
// the next plan is empty.
func TestAccOrganization_onboardsFiftyAccountsInOneApply(t *testing.T) {
	env := newTestEnv(t, emulator.Options{IAMPropagationDelay: 3 * time.Second})
	emu := env.onlyOnEmulator("deploy fifty roles in fifty AWS accounts")
	// The example's provider block is empty: it reads the environment, as users' do.
	t.Setenv(envEndpoint, env.endpoint)
	t.Setenv(envAPIKey, env.apiKey)

	ids := make([]config.Variable, organizationAccounts)
	active := make(map[string]knownvalue.Check, organizationAccounts)
	for i := range ids {
		id := fmt.Sprintf("2000%08d", i)
		ids[i] = config.StringVariable(id)
		active[id] = knownvalue.StringExact("active")
	}
	// Factories per step: with a configuration directory that has its own
	// provider block, terraform-plugin-testing wants them there.
	organization := resource.TestStep{
		ProtoV6ProviderFactories: testProviders,
		ConfigDirectory:          config.StaticDirectory("../../examples/organization-emulator"),
		ConfigVariables: config.Variables{
			"emulator_url":    config.StringVariable(env.endpoint),
			"aws_account_ids": config.SetVariable(ids...),
		},
	}
	var started time.Time
	apply := organization
	apply.PreConfig = func() { started = time.Now() }
	apply.ConfigStateChecks = []statecheck.StateCheck{
		checkFunc(func() error {
			t.Logf("%d accounts onboarded in %s (init, plan and apply)", organizationAccounts, time.Since(started).Round(100*time.Millisecond))
			return nil
		}),
		statecheck.ExpectKnownOutputValue("status", knownvalue.MapExact(active)),
		instancesOf("buckt_aws_account_role.this", func(key any, values map[string]any) error {
			if values["aws_account_id"] != key {
				return fmt.Errorf("aws_account_id %v: the role of another account was attached", values["aws_account_id"])
			}
			return nil
		}),
		checkFunc(func() error {
			stats := emu.Stats()
			if stats.Accounts != organizationAccounts {
				return fmt.Errorf("emulator holds %d accounts, want %d", stats.Accounts, organizationAccounts)
			}
			n := requestsTo(t, stats, emulator.RouteValidateAWSAccount)
			t.Logf("validate called %d times for %d accounts", n, organizationAccounts)
			if n <= organizationAccounts {
				return fmt.Errorf("validate called %d times for %d accounts: the IAM delay should have forced retries", n, organizationAccounts)
			}
			return nil
		}),
	}
	planOnly, destroy := organization, organization
	planOnly.PlanOnly = true
	destroy.Destroy = true // before the final destroy, whose state shim rejects for_each
	resource.Test(t, resource.TestCase{
		CheckDestroy: env.checkNothingLeft,
		Steps:        []resource.TestStep{apply, planOnly, destroy},
	})
}

// TestAccOrganization_adoptsAccountsConnectedByHand applies
// examples/guides/adopt-accounts to 5 connections made outside Terraform (one,
// in a real Buckt's test AWS account): one import block with for_each over
// their 12-digit AWS account ids adopts them all, creates nothing, and leaves
// an empty plan.
func TestAccOrganization_adoptsAccountsConnectedByHand(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	t.Setenv(envEndpoint, env.endpoint)
	t.Setenv(envAPIKey, env.apiKey)

	labels := map[string]config.Variable{}
	if env.emu != nil {
		for i := range 5 {
			id := fmt.Sprintf("3000%08d", i)
			label := fmt.Sprintf("team-%d", i)
			connectByHand(t, env, id, label)
			labels[id] = config.StringVariable(label)
		}
	} else {
		// A real Buckt's test AWS account is one account: one connection to adopt.
		aws := env.awsExclusive() // imported by its 12-digit id: the only connection to it
		label := uniqueLabel(t, "team")
		validatedOutsideTerraform(t, env, label, aws.roleARN())
		labels[awsAccountID(aws)] = config.StringVariable(label)
	}
	adopt := resource.TestStep{
		ProtoV6ProviderFactories: testProviders,
		ConfigDirectory:          config.StaticDirectory("../../examples/guides/adopt-accounts"),
		ConfigVariables:          config.Variables{"connected_accounts": config.MapVariable(labels)},
	}
	apply := adopt
	apply.ConfigPlanChecks = resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{importsOnly(len(labels))}}
	apply.ConfigStateChecks = []statecheck.StateCheck{
		instancesOf("buckt_aws_account.this", func(key any, values map[string]any) error {
			if values["aws_account_id"] != key || values["status"] != "active" {
				return fmt.Errorf("aws_account_id %v, status %v", values["aws_account_id"], values["status"])
			}
			return nil
		}),
		checkFunc(env.checkOnEmulator("count every connection", func(emu *emulator.Server) error {
			if n := emu.Stats().Accounts; n != len(labels) {
				return fmt.Errorf("after the adoption the emulator holds %d accounts, want %d", n, len(labels))
			}
			return nil
		})),
	}
	planOnly, destroy := adopt, adopt
	planOnly.PlanOnly = true
	destroy.Destroy = true // before the final destroy, whose state shim rejects for_each
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks: []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)},
		CheckDestroy:           env.checkNothingLeft,
		Steps:                  []resource.TestStep{apply, planOnly, destroy},
	})
}

// connectByHand connects AWS account id with label outside Terraform, as the
// dashboard does, and attaches and validates a role that needs no external id.
func connectByHand(t *testing.T, env *testEnv, id, label string) {
	t.Helper()
	arn := "arn:aws:iam::" + id + ":role/BucktAccess"
	env.onlyOnEmulator("deploy roles in many AWS accounts").PutRole(emulator.Role{ARN: arn})
	validatedOutsideTerraform(t, env, label, arn)
}
