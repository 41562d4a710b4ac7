package provider

import (
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// shortUpdateTimeout gives up on a role that cannot be validated after 3 s.
const shortUpdateTimeout = "timeouts {\n  update = \"3s\"\n}\n"

// A role change that does not validate puts the previous role back, so the
// connection keeps working; the error says so, state matches Buckt, and the
// next plan proposes the new role again. On the emulator, which can delete
// the previous role: when it fails too, the error says both and state still
// matches Buckt.
func TestAccRoleChange_failedChangePutsThePreviousRoleBack(t *testing.T) {
	for _, tc := range []struct {
		name    string
		address string
		config  func(env *testEnv, arn string) string
	}{
		{"buckt_aws_account_role", roleAddr, func(env *testEnv, arn string) string {
			return attachConfig(env, arn, shortUpdateTimeout)
		}},
		{"buckt_aws_account", accountAddr, func(env *testEnv, arn string) string {
			return accountWithRole(env, arn, `label = "tf-acc-role-change"`+"\n"+shortUpdateTimeout)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := newTestEnv(t, emulator.Options{})
			aws := env.aws()
			previous, unassumable := aws.roleARN(), unassumableRole(aws)
			working, broken := tc.config(env, previous), tc.config(env, unassumable)
			var id captured
			proposesTheNewRoleAgain := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(tc.address, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(tc.address, attr("role_arn"), knownvalue.StringExact(unassumable)),
			}}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				CheckDestroy:             env.checkNothingLeft,
				Steps: slices.Concat([]resource.TestStep{
					{Config: working, ConfigStateChecks: []statecheck.StateCheck{capture(tc.address, "id", &id)}},
					{
						Config: broken,
						ExpectError: regexp.MustCompile(`(?s)could not be validated.*The\s+previous\s+role\s+` +
							regexp.QuoteMeta(previous) + `\s+was\s+put\s+back\s+on\s+awa_\S+\s+and\s+validated\s+again`),
					},
					{
						// Buckt works as before; the next plan proposes the new role again.
						PreConfig: func() { env.expectConnection(t, id.value, previous, buckt.StatusActive) },
						Config:    broken, PlanOnly: true, ExpectNonEmptyPlan: true,
						ConfigPlanChecks: proposesTheNewRoleAgain,
					},
					{
						// State matches Buckt: the working configuration plans nothing.
						Config: working,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(tc.address, attr("role_arn"), knownvalue.StringExact(previous)),
							statecheck.ExpectKnownValue(tc.address, attr("status"), knownvalue.StringExact(buckt.StatusActive)),
						},
					},
				}, env.stepsOnEmulator("delete the previous role and deploy it again", resource.TestStep{
					// The previous role is gone too: both errors, and state says what Buckt holds.
					PreConfig: func() { env.emu.DeleteRole(previous) },
					Config:    broken,
					ExpectError: regexp.MustCompile(`(?s)could not be validated.*Putting\s+the\s+previous\s+role\s+` +
						regexp.QuoteMeta(previous) + `\s+back\s+failed\s+too.*Buckt\s+now\s+holds\s+role\s+` +
						regexp.QuoteMeta(previous) + `\s+with\s+status\s+failed`),
				}, resource.TestStep{
					PreConfig: func() { env.expectConnection(t, id.value, previous, buckt.StatusFailed) },
					Config:    broken, PlanOnly: true, ExpectNonEmptyPlan: true,
					ConfigPlanChecks: proposesTheNewRoleAgain,
				}, resource.TestStep{
					// Repaired: the working configuration validates the previous role again.
					PreConfig: func() { newEmulatedAWS(env.emu) },
					Config:    working,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(tc.address, attr("status"), knownvalue.StringExact(buckt.StatusActive)),
					},
				})),
			})
		})
	}
}

// expectConnection fails t unless connection id holds role arn with status,
// asked through the API.
func (e *testEnv) expectConnection(t *testing.T, id, arn, status string) {
	t.Helper()
	account, err := e.client.GetAWSAccount(e.ctx(), id)
	if err != nil {
		t.Fatalf("reading connection %s: %v", id, err)
	}
	if got := stringOrNone(account.RoleARN); got != arn || account.Status != status {
		t.Errorf("connection %s holds role %s with status %s, want %s with status %s", id, got, account.Status, arn, status)
	}
}
