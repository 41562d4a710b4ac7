package provider

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

func TestAccAWSAccountRole_oneApplyAndNoFightWithTheAccount(t *testing.T) {
	env := newTestEnv(t, emulator.Options{IAMPropagationDelay: 3 * time.Second})
	env.onlyOnEmulator("deploy roles trusting the connection during the apply, through its admin side, behind an IAM delay")
	externalIDKept := statecheck.CompareValue(compare.ValuesSame())
	noAccountChange := plancheck.ExpectResourceAction(prodAccountAddr, plancheck.ResourceActionNoop)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: slices.Concat([]resource.TestStep{
			{
				// One apply: connect, deploy the role trusting external_id, attach
				// and validate it through the IAM delay. resource.Test then checks
				// that the next plan is empty.
				Config: deployRoleConfig(env, "prod", roleARN),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAddr, attr("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(roleAddr, attr("role_arn"), knownvalue.StringExact(roleARN)),
					statecheck.ExpectKnownValue(roleAddr, attr("aws_account_id"), knownvalue.StringExact("111122223333")),
					statecheck.ExpectKnownValue(roleAddr, attr("last_validated_at"), knownvalue.StringRegexp(timestampForm)),
					statecheck.ExpectKnownValue(roleAddr, attr("stack_id"), knownvalue.Null()),
					statecheck.CompareValuePairs(roleAddr, attr("aws_account"), prodAccountAddr, attr("id"), compare.ValuesSame()),
					externalIDKept.AddStateValue(prodAccountAddr, attr("external_id")),
					checkFunc(func() error {
						if n := env.requests(t, emulator.RouteValidateAWSAccount); n < 2 {
							return fmt.Errorf("validate called %d time(s): the IAM delay should have forced retries", n)
						}
						return nil
					}),
				},
			},
			{
				// After a refresh the account shows the attached role, and wants nothing.
				Config: deployRoleConfig(env, "prod", roleARN),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					noAccountChange, plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(prodAccountAddr, attr("role_arn"), knownvalue.StringExact(roleARN)),
					statecheck.ExpectKnownValue(prodAccountAddr, attr("status"), knownvalue.StringExact("active")),
				},
			},
			{
				// Changing the account's label does not touch the role.
				Config: deployRoleConfig(env, "production", roleARN),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(prodAccountAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(prodAccountAddr, attr("label"), knownvalue.StringExact("production")),
					statecheck.ExpectKnownValue(prodAccountAddr, attr("role_arn"), knownvalue.StringExact(roleARN)),
				},
			},
			{
				// A new role: the attachment updates in place; the account, whose
				// external_id the new role trusts, is not touched.
				Config: deployRoleConfig(env, "production", otherRole),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					noAccountChange, plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAddr, attr("aws_account_id"), knownvalue.StringExact("444455556666")),
					externalIDKept.AddStateValue(prodAccountAddr, attr("external_id")),
				},
			},
			{
				Config:   deployRoleConfig(env, "production", otherRole),
				PlanOnly: true,
			},
			{
				ResourceName:                         roleAddr,
				ImportState:                          true,
				ImportStateVerify:                    true,
				ImportStateVerifyIdentifierAttribute: "aws_account",
				ImportStateIdFunc: func(s *terraformState) (string, error) {
					return s.RootModule().Resources[prodAccountAddr].Primary.ID, nil
				},
			},
		}, importBlockSteps(roleAddr, "444455556666", map[string]knownvalue.Check{ // by the 12-digit AWS account id
			"role_arn": knownvalue.StringExact(otherRole), "status": knownvalue.StringExact("active"),
		})),
	})
}

func TestAccAWSAccountRole_changedOutsideTerraformIsRestored(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	aws := env.aws()
	var accountID captured
	accountIDKept := statecheck.CompareValue(compare.ValuesSame())
	config := attachConfig(env, aws.roleARN(), "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					capture(prodAccountAddr, "id", &accountID),
					accountIDKept.AddStateValue(prodAccountAddr, attr("id")),
				},
			},
			{
				// Someone attaches another role by hand (a PATCH: Buckt does not
				// validate it).
				PreConfig: func() {
					if err := env.client.UpdateAWSAccount(env.ctx(), accountID.value, patchRole(unassumableRole(aws))); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(roleAddr, attr("role_arn"), knownvalue.StringExact(aws.roleARN())),
					plancheck.ExpectResourceAction(prodAccountAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAddr, attr("role_arn"), knownvalue.StringExact(aws.roleARN())),
					statecheck.ExpectKnownValue(roleAddr, attr("status"), knownvalue.StringExact("active")),
				},
			},
			{
				// Removing the attachment detaches the role; the connection stays.
				Config: env.config(prodConnection()),
				ConfigStateChecks: []statecheck.StateCheck{
					checkFunc(func() error {
						a, err := env.client.GetAWSAccount(env.ctx(), accountID.value)
						if err != nil {
							return err
						}
						if a.RoleARN != nil || a.Status != "pending" {
							return fmt.Errorf("after destroying the attachment: roleArn %v, status %s", a.RoleARN, a.Status)
						}
						return nil
					}),
					accountIDKept.AddStateValue(prodAccountAddr, attr("id")),
				},
			},
		},
	})
}

func TestAccAWSAccountRole_failFastOnUnknownConnection(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`resource "buckt_aws_account_role" "prod" {
  aws_account = "awa_01H8XYZABCDEFGHJKMNPQRSTVW"
  role_arn    = %q
}`, roleARN)),
			ExpectError: wrapped(`(?s)Error attaching the IAM role to AWS account connection.*awa_01H8XYZABCDEFGHJKMNPQRSTVW.*HTTP 404`),
		}},
		CheckDestroy: func(*terraformState) error {
			return env.checkOnEmulator("count the validations a failing apply sends", func(*emulator.Server) error {
				if n := env.requests(t, emulator.RouteValidateAWSAccount); n != 0 {
					return fmt.Errorf("validate called %d time(s) for a connection that does not exist", n)
				}
				return nil
			})()
		},
	})
}

func TestAccAWSAccountRole_badPartitionFailsAtPlan(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	role := func(args string) string {
		return env.config("resource \"buckt_aws_account_role\" \"prod\" {\n  aws_account = \"awa_01H8XYZABCDEFGHJKMNPQRSTVW\"\n" + args + "\n}")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config:      role(`role_arn = "arn:awsx:iam::111122223333:role/BucktAccess"`),
				PlanOnly:    true,
				ExpectError: wrapped(`Attribute role_arn: "awsx" is not an AWS partition; expected one of aws, aws-cn,`),
			},
			{
				Config: role(`role_arn = "arn:aws:iam::111122223333:role/BucktAccess"
  stack_id = "arn:aws-moon:cloudformation:us-east-1:111122223333:stack/Buckt/1"`),
				PlanOnly:    true,
				ExpectError: wrapped(`Attribute stack_id: "aws-moon" is not an AWS partition`),
			},
		},
		CheckDestroy: checkNoRequests(env),
	})
}

// TestAccAWSAccountRole_importWithoutRoleSaysSo: there is nothing to adopt on a
// connection with no role; importing one must say so, not plan a change later.
func TestAccAWSAccountRole_importWithoutRoleSaysSo(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: env.config(prodConnection())},
			{
				Config:       attachConfig(env, roleARN, ""),
				ResourceName: roleAddr,
				ImportState:  true,
				ImportStateIdFunc: func(s *terraformState) (string, error) {
					return s.RootModule().Resources[prodAccountAddr].Primary.ID, nil
				},
				ExpectError: wrapped(`(?s)Cannot import buckt_aws_account_role.*awa_\w+ has no IAM role attached: there is nothing to import.*apply`),
			},
		},
	})
}

// TestAccAWSAccountRole_failureTaintsOnlyTheAttachment: a role that cannot
// be validated taints the attachment alone; once the configuration names a
// role that works, only the attachment is replaced.
func TestAccAWSAccountRole_failureTaintsOnlyTheAttachment(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	aws := env.aws()
	label := uniqueLabel(t, "taint")
	var externalID captured
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:      attachConfig(env, unassumableRole(aws), shortCreateTimeout, labelled(label)),
				ExpectError: wrapped(`(?s)could not be validated.*Only this attachment is marked tainted: the connection and its external_id are unchanged`),
			},
			{
				// The user names the right role and applies again: only the
				// tainted attachment is replaced (an untainted one would be
				// updated in place); the connection is untouched.
				PreConfig: func() { externalID.value = env.connectionLabelled(t, label).ExternalID },
				Config:    attachConfig(env, aws.roleARN(), shortCreateTimeout, labelled(label)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(prodAccountAddr, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAddr, attr("status"), knownvalue.StringExact("active")),
					statecheck.ExpectKnownValue(prodAccountAddr, attr("external_id"), knownvalue.StringFunc(sameAs(&externalID))),
				},
			},
		},
	})
}

// TestAccAWSAccountRole_disappears: a role detached outside Terraform is an
// attachment that no longer exists: the next plan attaches it again, and the
// connection is left alone.
func TestAccAWSAccountRole_disappears(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	config := attachConfig(env, env.aws().roleARN(), "")
	var accountID captured
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "id", &accountID), env.existsInBuckt(roleAddr)},
			},
			{
				PreConfig: func() {
					if err := env.client.UpdateAWSAccount(env.ctx(), accountID.value, detachRole()); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(prodAccountAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAddr, attr("status"), knownvalue.StringExact("active")),
					env.existsInBuckt(roleAddr),
				},
			},
		},
	})
}
