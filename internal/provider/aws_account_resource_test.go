package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

func expect(name string, value knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(accountAddr, attr(name), value)
}

func TestAccAWSAccount_withoutRoleIsPending(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: accountConfig(env, `label = "tf-acc-production"`),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("id", knownvalue.StringRegexp(regexp.MustCompile(`^awa_`))),
					env.existsInBuckt(accountAddr),
					expect("label", knownvalue.StringExact("tf-acc-production")),
					expect("status", knownvalue.StringExact("pending")),
					expect("external_id", knownvalue.StringRegexp(externalIDForm)),
					expect("role_arn", knownvalue.Null()),
					expect("stack_id", knownvalue.Null()),
					expect("aws_account_id", knownvalue.Null()),
					expect("last_validated_at", knownvalue.Null()),
					expect("created_at", knownvalue.StringRegexp(timestampForm)),
					expect("skip_validation", knownvalue.Bool(false)),
				},
			},
			{
				ResourceName:      accountAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

func TestAccAWSAccount_createWithNewRoleWaitsForIAMPropagation(t *testing.T) {
	env := newTestEnv(t, emulator.Options{IAMPropagationDelay: 4 * time.Second})
	emu := env.onlyOnEmulator("delay IAM propagation of a new role")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{{
			// The role is created just before the apply, with no external-id
			// condition: validation fails until IAM "propagates" it.
			PreConfig: func() { emu.PutRole(emulator.Role{ARN: roleARN}) },
			Config:    accountWithRole(env, roleARN, ""),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectKnownValue(accountAddr, attr("status"), knownvalue.StringExact("active")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expect("status", knownvalue.StringExact("active")),
				expect("role_arn", knownvalue.StringExact(roleARN)),
				expect("aws_account_id", knownvalue.StringExact("111122223333")),
				expect("last_validated_at", knownvalue.StringRegexp(timestampForm)),
				checkFunc(func() error {
					if n := env.requests(t, emulator.RouteValidateAWSAccount); n < 2 {
						return fmt.Errorf("validate was called %d time(s); the IAM delay should have forced a retry", n)
					}
					return nil
				}),
			},
		}},
	})
}

// TestAccAWSAccount_attachRoleLaterThenChangeLabelAndRole: the usual path, a
// connection made first and its role attached later by an update that
// validates it; on the emulator, then a role in another AWS account, and a
// label removed.
func TestAccAWSAccount_attachRoleLaterThenChangeLabelAndRole(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{IAMPropagationDelay: time.Second})
	aws := env.aws()
	externalIDKept := statecheck.CompareValue(compare.ValuesSame())
	learnExternalID := []statecheck.StateCheck{externalIDKept.AddStateValue(accountAddr, attr("external_id"))}
	deployRole := func() {} // a real Buckt's test role trusts every connection already
	var trust *roleTrust
	if env.emu != nil {
		// The emulator deploys the role just then, trusting this connection's
		// external_id alone, and IAM holds it back for a second.
		trust = trustingRoles(env.emu, accountAddr)
		learnExternalID = append(learnExternalID, trust.learn())
		deployRole = trust.deploy(aws.roleARN())
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: slices.Concat([]resource.TestStep{
			{
				Config:            accountConfig(env, `label = "tf-acc-staging"`),
				ConfigStateChecks: learnExternalID,
			},
			{
				// The usual path: the role is deployed trusting the account's
				// external_id, then role_arn is added and the update validates it.
				PreConfig: deployRole,
				Config:    accountWithRole(env, aws.roleARN(), `label = "tf-acc-staging"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					expect("status", knownvalue.StringExact("active")),
					expect("aws_account_id", knownvalue.StringExact(awsAccountID(aws))),
					externalIDKept.AddStateValue(accountAddr, attr("external_id")),
				},
			},
		}, env.stepsOnEmulator("deploy a second role, in another AWS account, which the last step keeps", resource.TestStep{
			PreConfig: func() { trust.deploy(otherRole)() },
			Config: accountWithRole(env, otherRole, `label    = "tf-acc-staging-b"
stack_id = "arn:aws:cloudformation:eu-west-1:444455556666:stack/Buckt/abc123"`),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionUpdate),
				plancheck.ExpectUnknownValue(accountAddr, attr("aws_account_id")),
			}},
			ConfigStateChecks: []statecheck.StateCheck{
				expect("label", knownvalue.StringExact("tf-acc-staging-b")),
				expect("role_arn", knownvalue.StringExact(otherRole)),
				expect("stack_id", knownvalue.StringExact("arn:aws:cloudformation:eu-west-1:444455556666:stack/Buckt/abc123")),
				expect("aws_account_id", knownvalue.StringExact("444455556666")),
				expect("status", knownvalue.StringExact("active")),
			},
		}, resource.TestStep{
			// Removing the label clears it in Buckt. (Not against a real Buckt:
			// a connection without a tf-acc- label escapes the sweepers.)
			Config: accountWithRole(env, otherRole, ""),
			ConfigStateChecks: []statecheck.StateCheck{
				expect("label", knownvalue.Null()),
				expect("status", knownvalue.StringExact("active")),
			},
		})),
	})
}

// TestAccAWSAccount_createValidationFailureKeepsTheRecord: a create whose role
// cannot be validated leaves one record, in state and tainted, so the next
// plan replaces it rather than creating a second one.
func TestAccAWSAccount_createValidationFailureKeepsTheRecord(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	role := unassumableRole(env.aws())
	label := uniqueLabel(t, "create-fails")
	config := accountWithRole(env, role, fmt.Sprintf(`label = %q
timeouts {
  create = "4s"
}`, label))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: config,
				ExpectError: wrapped(`(?s)could not be validated.*could not use the IAM role ` + regexp.QuoteMeta(role) +
					` for AWS account connection awa_\w+\. It tried \d+ time\(s\).*AccessDenied.*` +
					`sts:ExternalId = "ext_.*terraform untaint.*buckt_aws_account_role`),
			},
			{
				// Exactly one record exists, and it is in state (tainted), so the
				// next plan replaces it rather than creating a second one.
				PreConfig:          func() { env.connectionLabelled(t, label) },
				Config:             config,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
}

func TestAccAWSAccount_updateValidationFailureKeepsPriorState(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	const label = `label = "tf-acc-update-fails"`
	withRole := accountWithRole(env, unassumableRole(env.aws()), label+`
timeouts {
  update = "3s"
}`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: accountConfig(env, label)},
			{
				Config:      withRole,
				ExpectError: regexp.MustCompile(`(?s)could not be validated.*AccessDenied.*Terraform keeps the previous state`),
			},
			{
				// Not tainted: the same in-place update is proposed again.
				Config:             withRole,
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
				ConfigPlanChecks: resource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionUpdate),
				}},
			},
		},
	})
}

func TestAccAWSAccount_importByAWSAccountID(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	aws := env.awsExclusive() // imported by it: the only connection to it
	number := awsAccountID(aws)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: slices.Concat([]resource.TestStep{
			{Config: accountConfig(env, `label = "tf-acc-imported"`)},
			{Config: accountWithRole(env, aws.roleARN(), `label = "tf-acc-imported"`)},
			{
				ResourceName:      accountAddr,
				ImportState:       true,
				ImportStateId:     number,
				ImportStateVerify: true,
			},
		}, importBlockSteps(accountAddr, number, map[string]knownvalue.Check{
			"label": knownvalue.StringExact("tf-acc-imported"), "role_arn": knownvalue.StringExact(aws.roleARN()),
		}), []resource.TestStep{
			{
				ResourceName:  accountAddr,
				ImportState:   true,
				ImportStateId: "999999999999",
				ExpectError:   regexp.MustCompile(`no Buckt connection has AWS account id 999999999999`),
			},
			{
				ResourceName:  accountAddr,
				ImportState:   true,
				ImportStateId: "prod",
				ExpectError:   regexp.MustCompile(`neither a Buckt connection id\s+\(awa_\S+\) nor\s+a\s+12-digit AWS account id`),
			},
		}),
	})
}

func TestAccAWSAccount_skipValidation(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{{
			// The role does not exist yet: it is deployed later by other means.
			Config: accountWithRole(env, roleARN, `label = "tf-acc-skip"
skip_validation = true`),
			ConfigStateChecks: []statecheck.StateCheck{
				expect("role_arn", knownvalue.StringExact(roleARN)),
				expect("status", knownvalue.StringExact("pending")),
				expect("skip_validation", knownvalue.Bool(true)),
				expect("last_validated_at", knownvalue.Null()),
				checkFunc(func() error {
					if env.emu == nil {
						return nil // only the emulator counts requests; status and last_validated_at say it too
					}
					if n := env.requests(t, emulator.RouteValidateAWSAccount); n != 0 {
						return fmt.Errorf("validate called %d time(s) despite skip_validation", n)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccAWSAccount_disappears(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	var id captured
	replaced := statecheck.CompareValue(compare.ValuesDiffer())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: accountConfig(env, `label = "tf-acc-gone"`),
				ConfigStateChecks: []statecheck.StateCheck{
					capture(accountAddr, "id", &id), replaced.AddStateValue(accountAddr, attr("id")),
				},
			},
			{
				PreConfig: func() {
					if err := env.client.DisconnectAWSAccount(env.ctx(), id.value); err != nil {
						t.Fatal(err)
					}
				},
				Config: accountConfig(env, `label = "tf-acc-gone"`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{replaced.AddStateValue(accountAddr, attr("id"))},
			},
		},
	})
}

func TestAccAWSAccount_destroyBlockedByImportedBucketNamesIt(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	aws := env.aws()
	bucket := aws.buckets(t, 1)[0]
	var id captured
	var bucketIDs []string
	config := accountWithRole(env, aws.roleARN(), `label = "tf-acc-blocked"
skip_validation = true`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{capture(accountAddr, "id", &id)},
			},
			{
				// A bucket is imported outside this configuration.
				PreConfig: func() {
					ctx := env.ctx()
					if err := env.client.ValidateAWSAccount(ctx, id.value); err != nil {
						t.Fatal(err)
					}
					var err error
					if bucketIDs, err = env.client.ImportBuckets(ctx, id.value, []string{bucket}); err != nil {
						t.Fatal(err)
					}
				},
				Config:      config,
				Destroy:     true,
				ExpectError: wrapped(`(?s)Error disconnecting AWS account connection.*still reference.*` + regexp.QuoteMeta(bucket) + ` \(bkt_.*set force_destroy = true`),
			},
			{
				PreConfig: func() {
					if err := env.client.DeleteBucket(env.ctx(), bucketIDs[0]); err != nil {
						t.Fatal(err)
					}
				},
				Config: config,
				ConfigStateChecks: []statecheck.StateCheck{
					expect("status", knownvalue.StringExact("active")),
				},
			},
		},
	})
}

func TestAccAWSAccount_brokenRoleFoundOnRefreshPlansRevalidation(t *testing.T) {
	env := newTestEnv(t, emulator.Options{IAMPropagationDelay: time.Second})
	emu := env.onlyOnEmulator("delete and redeploy the role out of band")
	var id captured
	trust := trustingRoles(emu, accountAddr)
	config := accountWithRole(env, roleARN, "")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: accountConfig(env, `label = "x"`),
				ConfigStateChecks: []statecheck.StateCheck{
					capture(accountAddr, "id", &id), trust.learn(),
				},
			},
			{
				PreConfig: trust.deploy(roleARN),
				Config:    config,
			},
			{
				// Outside Terraform, the role is deleted and Buckt's validation
				// fails; then someone redeploys it.
				PreConfig: func() {
					emu.DeleteRole(roleARN)
					if err := env.client.ValidateAWSAccount(env.ctx(), id.value); !errIsValidation(err) {
						t.Fatalf("out-of-band validate = %v, want a validation error", err)
					}
					trust.deploy(roleARN)()
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(accountAddr, attr("status"), knownvalue.StringExact("active")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{expect("status", knownvalue.StringExact("active"))},
			},
		},
	})
}

func TestAccAWSAccount_badInputFailsAtPlanWithoutAPIWrites(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	cases := []struct{ body, want string }{
		{`role_arn = "arn:aws:iam::12345:role/x"`, `Attribute role_arn must be an IAM role ARN such as\s+arn:aws:iam::111122223333:role/BucktAccess`},
		{`role_arn = "arn:aws:iam::111122223333:user/bob"`, `Attribute role_arn must be an IAM role ARN`},
		{`role_arn = "arn:aws:s3:::111122223333:role/x"`, `Attribute role_arn must be an IAM role ARN`},
		{`role_arn = ""`, `Attribute role_arn must be an IAM role ARN`},
		{`role_arn = "arn:gcp:iam::111122223333:role/x"`, `Attribute role_arn: "gcp" is not an AWS partition`},
		{`stack_id = "stack/Buckt"`, `Attribute stack_id must be a CloudFormation stack ARN`},
		{`role_arn = "arn:awsx:iam::111122223333:role/x"`, `Attribute role_arn: "awsx" is not an AWS partition; expected one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc`},
		{`role_arn = "arn:aws-moon:iam::111122223333:role/x"`, `Attribute role_arn: "aws-moon" is not an AWS partition`},
		{`stack_id = "arn:aws-moon:cloudformation:us-east-1:111122223333:stack/B/1"`, `Attribute stack_id: "aws-moon" is not an AWS partition`},
		{`label = ""`, `Attribute label UTF-8 character count must be between 1 and 255`},
		{fmt.Sprintf("label = %q", strings.Repeat("x", 256)), `Attribute label UTF-8 character count must be between 1 and 255`},
		{fmt.Sprintf("label = %q", strings.Repeat("é", 256)), `Attribute label UTF-8 character count must be between 1 and 255, got: 256`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			Config:      accountConfig(env, tc.body),
			PlanOnly:    true,
			ExpectError: wrapped(tc.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             checkNoRequests(env),
		Steps:                    steps,
	})
}

// TestAccAWSAccount_labelCountsCharacters: the API allows 255 characters, not
// bytes, so a label of multi-byte characters applies, imports and plans empty.
func TestAccAWSAccount_labelCountsCharacters(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	emoji := testLabelPrefix + strings.Repeat("🪣", 100)                                   // 407 bytes
	longest := testLabelPrefix + strings.Repeat("ü", maxLabelLength-len(testLabelPrefix)) // 503 bytes, 255 characters
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:            accountConfig(env, fmt.Sprintf("label = %q", emoji)),
				ConfigStateChecks: []statecheck.StateCheck{expect("label", knownvalue.StringExact(emoji))},
			},
			{ResourceName: accountAddr, ImportState: true, ImportStateVerify: true},
			{
				Config:            accountConfig(env, fmt.Sprintf("label = %q", longest)),
				ConfigStateChecks: []statecheck.StateCheck{expect("label", knownvalue.StringExact(longest))},
			},
		},
	})
}

// TestAccAWSAccount_onlyARoleChangeOrDriftValidates: a label change PATCHes and
// keeps the validation values known in the plan; a Terraform-only change
// (force_destroy, timeouts) makes no API write at all.
func TestAccAWSAccount_onlyARoleChangeOrDriftValidates(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	aws := env.aws()
	var lastValidated, updated captured
	config := func(label string, forceDestroy bool, timeout string) string {
		return accountConfig(env, fmt.Sprintf(`label         = %q
role_arn      = %q
force_destroy = %t
timeouts {
  update = %q
}`, label, aws.roleARN(), forceDestroy, timeout))
	}
	// Against a real Buckt the plans prove it too: last_validated_at is known
	// at plan, and an apply that validated would change it.
	writes := func(want map[string]int) func() error {
		return env.checkOnEmulator("count API writes", func(emu *emulator.Server) error {
			got := map[string]int{}
			for route, n := range emu.Stats().Requests {
				if !strings.HasPrefix(route, "GET ") {
					got[route] = n
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				return fmt.Errorf("API writes %v, want %v", got, want)
			}
			return nil
		})
	}
	unchanged := []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(accountAddr, plancheck.ResourceActionUpdate),
		plancheck.ExpectKnownValue(accountAddr, attr("status"), knownvalue.StringExact("active")),
		plancheck.ExpectKnownValue(accountAddr, attr("aws_account_id"), knownvalue.StringExact(awsAccountID(aws))),
		plancheck.ExpectKnownValue(accountAddr, attr("last_validated_at"), knownvalue.StringFunc(sameAs(&lastValidated))),
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: config("tf-acc-writes-a", false, "2m"),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("status", knownvalue.StringExact("active")),
					capture(accountAddr, "last_validated_at", &lastValidated),
				},
			},
			{
				PreConfig:        env.resetStats(),
				Config:           config("tf-acc-writes-b", false, "2m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: unchanged},
				ConfigStateChecks: []statecheck.StateCheck{
					expect("label", knownvalue.StringExact("tf-acc-writes-b")),
					capture(accountAddr, "updated_at", &updated),
					checkFunc(writes(map[string]int{emulator.RouteUpdateAWSAccount: 1})),
				},
			},
			{
				PreConfig: env.resetStats(),
				Config:    config("tf-acc-writes-b", true, "3m"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append(unchanged,
					plancheck.ExpectKnownValue(accountAddr, attr("updated_at"), knownvalue.StringFunc(sameAs(&updated))))},
				ConfigStateChecks: []statecheck.StateCheck{
					expect("force_destroy", knownvalue.Bool(true)),
					checkFunc(writes(map[string]int{})),
				},
			},
		},
	})
}

// TestAccAWSAccount_roleOwnedByTheRoleResourceIsNotValidatedHere: with the role
// attached by buckt_aws_account_role, a label change on the connection never
// validates; re-validating a drifted status is the attachment's job, once.
func TestAccAWSAccount_roleOwnedByTheRoleResourceIsNotValidatedHere(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	emu := env.onlyOnEmulator("set a connection's status to failed out of band, and count validations")
	var id captured
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:            deployRoleConfig(env, "a", roleARN),
				ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "id", &id)},
			},
			{
				PreConfig: func() {
					if err := emu.SetAccountStatus(id.value, "failed"); err != nil {
						t.Fatal(err)
					}
					emu.ResetStats()
				},
				Config: deployRoleConfig(env, "b", roleARN),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(prodAccountAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionUpdate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAddr, attr("status"), knownvalue.StringExact("active")),
					checkFunc(func() error {
						if n := env.requests(t, emulator.RouteValidateAWSAccount); n != 1 {
							return fmt.Errorf("validate called %d times, want once (by buckt_aws_account_role)", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

// TestAccAWSAccount_labelKnownOnlyAtApply: a label that another resource
// computes is unknown at plan; the plan must leave updated_at to the apply.
func TestAccAWSAccount_labelKnownOnlyAtApply(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	config := func(name string) string {
		return env.config(fmt.Sprintf(`resource "terraform_data" "name" {
  input = %q
}

resource "buckt_aws_account" "test" {
  label = terraform_data.name.output
}`, name))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: config("tf-acc-a"), ConfigStateChecks: []statecheck.StateCheck{expect("label", knownvalue.StringExact("tf-acc-a"))}},
			{Config: config("tf-acc-b"), ConfigStateChecks: []statecheck.StateCheck{expect("label", knownvalue.StringExact("tf-acc-b"))}},
		},
	})
}

func TestAccAWSAccount_forceDestroyReleasesBucketsAndLeavesS3(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	aws := env.aws()
	names := aws.buckets(t, 2)
	var accountID captured
	config := env.config(fmt.Sprintf(`resource "buckt_aws_account" "prod" {
  label         = "tf-acc-prod"
  role_arn      = %q
  force_destroy = true
}

resource "buckt_aws_account" "empty" {
  label         = "tf-acc-no-buckets"
  force_destroy = true
}`, aws.roleARN()))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(s *terraform.State) error {
			if err := env.checkNothingLeft(s); err != nil {
				return err
			}
			return checkS3Untouched(env, names...)()
		},
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "id", &accountID)},
			},
			{
				PreConfig: func() {
					if _, err := env.client.ImportBuckets(env.ctx(), accountID.value, names); err != nil {
						t.Fatal(err)
					}
				},
				Config:  config,
				Destroy: true,
			},
		},
	})
}
