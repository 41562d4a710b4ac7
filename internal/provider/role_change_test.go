package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// misspelledRole is a role ARN one letter off roleARN: no such role exists.
const misspelledRole = "arn:aws:iam::111122223333:role/BucktAcess"

// shortUpdateTimeout gives up on a role that cannot be validated after 3 s.
const shortUpdateTimeout = "timeouts {\n  update = \"3s\"\n}\n"

// A role change that does not validate puts the previous role back, so the
// connection keeps working; the error says so, state matches Buckt, and the
// next plan proposes the new role again. When the previous role fails too,
// the error says both and state still matches Buckt.
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
			return accountWithRole(env, arn, shortUpdateTimeout)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			env := newTestEnv(t, emulator.Options{})
			emu := env.onlyOnEmulator("misspell a role and delete another")
			emu.PutRole(emulator.Role{ARN: roleARN})
			working, misspelled := tc.config(env, roleARN), tc.config(env, misspelledRole)
			var id captured
			proposesTheNewRoleAgain := resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(tc.address, plancheck.ResourceActionUpdate),
				plancheck.ExpectKnownValue(tc.address, attr("role_arn"), knownvalue.StringExact(misspelledRole)),
			}}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviders,
				CheckDestroy:             env.checkNothingLeft,
				Steps: []resource.TestStep{
					{Config: working, ConfigStateChecks: []statecheck.StateCheck{capture(tc.address, "id", &id)}},
					{
						Config: misspelled,
						ExpectError: regexp.MustCompile(`(?s)could not be validated.*The\s+previous\s+role\s+` +
							regexp.QuoteMeta(roleARN) + `\s+was\s+put\s+back\s+on\s+awa_\S+\s+and\s+validated\s+again`),
					},
					{
						// Buckt works as before; the next plan proposes the new role again.
						PreConfig: func() { env.expectConnection(t, id.value, roleARN, buckt.StatusActive) },
						Config:    misspelled, PlanOnly: true, ExpectNonEmptyPlan: true,
						ConfigPlanChecks: proposesTheNewRoleAgain,
					},
					{
						// State matches Buckt: the working configuration plans nothing.
						Config: working,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							plancheck.ExpectEmptyPlan(),
						}},
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(tc.address, attr("role_arn"), knownvalue.StringExact(roleARN)),
							statecheck.ExpectKnownValue(tc.address, attr("status"), knownvalue.StringExact(buckt.StatusActive)),
						},
					},
					{
						// The previous role is gone too: both errors, and state says what Buckt holds.
						PreConfig: func() { emu.DeleteRole(roleARN) },
						Config:    misspelled,
						ExpectError: regexp.MustCompile(`(?s)could not be validated.*Putting\s+the\s+previous\s+role\s+` +
							regexp.QuoteMeta(roleARN) + `\s+back\s+failed\s+too.*Buckt\s+now\s+holds\s+role\s+` +
							regexp.QuoteMeta(roleARN) + `\s+with\s+status\s+failed`),
					},
					{
						PreConfig: func() { env.expectConnection(t, id.value, roleARN, buckt.StatusFailed) },
						Config:    misspelled, PlanOnly: true, ExpectNonEmptyPlan: true,
						ConfigPlanChecks: proposesTheNewRoleAgain,
					},
					{
						// Repaired: the working configuration validates the previous role again.
						PreConfig: func() { emu.PutRole(emulator.Role{ARN: roleARN}) },
						Config:    working,
						ConfigStateChecks: []statecheck.StateCheck{
							statecheck.ExpectKnownValue(tc.address, attr("status"), knownvalue.StringExact(buckt.StatusActive)),
						},
					},
				},
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
