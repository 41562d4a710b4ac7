package provider

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

func TestAccAWSAccountS3Buckets_allPagesSortedAndFiltered(t *testing.T) {
	// 237 buckets, created in shuffled order: the data source must page
	// through all of them and sort by name.
	names := make([]string, 237)
	for i := range names {
		names[i] = fmt.Sprintf("bucket-%03d", i)
	}
	shuffled := append([]string(nil), names...)
	rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	env := bucketEnv(t, "create 239 S3 buckets, three pages of a listing", append(shuffled, "logs-b", "logs-a")...)
	ds := func(name string) string { return "data.buckt_aws_account_s3_buckets." + name }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: env.config(prodConnection(withRole(env.aws().roleARN())))},
			{
				PreConfig: func() { env.emu.ResetStats() },
				Config: env.config(prodConnection(withRole(env.aws().roleARN())) + `data "buckt_aws_account_s3_buckets" "all" {
  aws_account = buckt_aws_account.prod.id
}

data "buckt_aws_account_s3_buckets" "logs" {
  aws_account = buckt_aws_account.prod.id
  name_prefix = "logs-"
}

data "buckt_aws_account_s3_buckets" "regex" {
  aws_account = buckt_aws_account.prod.id
  name_regex  = "^bucket-0[0-4]0$"
}

data "buckt_aws_account_s3_buckets" "both" {
  aws_account = buckt_aws_account.prod.id
  name_prefix = "bucket-1"
  name_regex  = "5$"
}`),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(ds("all"), tfjsonpath.New("names"), knownvalue.ListSizeExact(239)),
					statecheck.ExpectKnownValue(ds("all"), tfjsonpath.New("buckets"), knownvalue.ListSizeExact(239)),
					statecheck.ExpectKnownValue(ds("all"), tfjsonpath.New("names").AtSliceIndex(0), knownvalue.StringExact("bucket-000")),
					statecheck.ExpectKnownValue(ds("all"), tfjsonpath.New("names").AtSliceIndex(236), knownvalue.StringExact("bucket-236")),
					statecheck.ExpectKnownValue(ds("all"), tfjsonpath.New("buckets").AtSliceIndex(237), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"name":          knownvalue.StringExact("logs-a"),
						"creation_date": knownvalue.StringRegexp(timestampForm),
					})),
					statecheck.ExpectKnownValue(ds("logs"), tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("logs-a"), knownvalue.StringExact("logs-b"),
					})),
					statecheck.ExpectKnownValue(ds("regex"), tfjsonpath.New("names"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("bucket-000"), knownvalue.StringExact("bucket-010"), knownvalue.StringExact("bucket-020"),
						knownvalue.StringExact("bucket-030"), knownvalue.StringExact("bucket-040"),
					})),
					statecheck.ExpectKnownValue(ds("both"), tfjsonpath.New("names"), knownvalue.ListSizeExact(10)),
					checkFunc(func() error {
						// 4 data sources × ceil(239/100) pages, refreshed in plan and apply.
						if n := env.requests(t, emulator.RouteListS3Buckets); n%3 != 0 || n == 0 {
							return fmt.Errorf("%d page requests: not a multiple of the 3 pages of 100 a listing needs", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccAWSAccountS3Buckets_pendingAccountListsNothingYet(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	env.aws().buckets(t, 1) // the account has a bucket, but a connection without a role lists nothing
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{{
			Config: env.config(`resource "buckt_aws_account" "pending" {
  label = "tf-acc-pending"
}

data "buckt_aws_account_s3_buckets" "x" {
  aws_account = buckt_aws_account.pending.id
}`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.buckt_aws_account_s3_buckets.x", attr("names"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}

// repairConfig is a connection whose role (deployed through the emulator by
// terraform_data, trusting external_id) is attached by buckt_aws_account_role,
// plus, with adopt, every visible bucket adopted through the pattern the
// examples show: the connection named by its AWS account id, known at plan.
// revision redeploys the role, as a fixed trust policy in the configuration would.
func repairConfig(env *testEnv, revision int, adopt bool) string {
	body := roleDeployment(env, "prod", roleARN, revision)
	if adopt {
		body += `
data "buckt_aws_account" "prod" {
  id = "111122223333"
}

data "buckt_aws_account_s3_buckets" "prod" {
  aws_account = data.buckt_aws_account.prod.id
}

resource "buckt_imported_bucket" "all" {
  for_each    = toset(data.buckt_aws_account_s3_buckets.prod.names)
  aws_account = data.buckt_aws_account.prod.id
  bucket_name = each.value
  depends_on  = [buckt_aws_account.prod] # released before it is disconnected
}
`
	}
	return env.config(body)
}

// TestAccAWSAccountS3Buckets_brokenRoleDoesNotBlockTheRepair: when a role stops
// trusting Buckt, the connection turns failed and S3 cannot be listed. The data
// source must still plan (refresh-only too), without planning to release the
// adopted buckets, so that the apply that repairs the role can run.
func TestAccAWSAccountS3Buckets_brokenRoleDoesNotBlockTheRepair(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	emu := env.onlyOnEmulator("break the role's trust policy out of band")
	emu.PutS3Buckets(awsAccount, "legacy-marketing", "legacy-sales")
	var id captured
	keepBuckets := []plancheck.PlanCheck{
		plancheck.ExpectResourceAction(`buckt_imported_bucket.all["legacy-marketing"]`, plancheck.ResourceActionNoop),
		plancheck.ExpectResourceAction(`buckt_imported_bucket.all["legacy-sales"]`, plancheck.ResourceActionNoop),
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:            repairConfig(env, 1, false),
				ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "id", &id)},
			},
			{
				Config: repairConfig(env, 1, true),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.buckt_aws_account_s3_buckets.prod", attr("names"), knownvalue.ListSizeExact(2)),
				},
			},
			{
				// Outside Terraform the role stops trusting this connection, and
				// Buckt's next validation marks it failed. The plan still works,
				// and proposes re-validating the role.
				PreConfig:          func() { breakTrust(t, env, id.value) },
				Config:             repairConfig(env, 1, true),
				PlanOnly:           true,
				ExpectNonEmptyPlan: true,
			},
			{
				// The trust policy is fixed in the configuration: one apply repairs
				// the role, and the adopted buckets are left alone.
				Config: repairConfig(env, 2, true),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: append(keepBuckets,
					plancheck.ExpectResourceAction(roleAddr, plancheck.ResourceActionUpdate),
				)},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(roleAddr, attr("status"), knownvalue.StringExact("active")),
				},
			},
			{Config: repairConfig(env, 2, true), PlanOnly: true},
			{Config: repairConfig(env, 2, true), Destroy: true},
		},
	})
}

// breakTrust makes the role stop trusting connection id, as a role edited
// outside Terraform would, and has Buckt notice: the connection turns failed.
func breakTrust(t *testing.T, env *testEnv, id string) {
	t.Helper()
	env.onlyOnEmulator("break the role's trust policy out of band").PutRole(emulator.Role{ARN: roleARN, ExternalID: "ext_someoneElse"})
	if err := env.client.ValidateAWSAccount(env.ctx(), id); !errIsValidation(err) {
		t.Fatalf("out-of-band validate = %v, want a validation error", err)
	}
}

// TestAccAWSAccountS3Buckets_refreshOnlyWithBrokenRole: terraform apply
// -refresh-only must work on a connection whose role broke. (No for_each here:
// the testing library's refresh step cannot hold for_each instances.)
func TestAccAWSAccountS3Buckets_refreshOnlyWithBrokenRole(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	env.onlyOnEmulator("break the role's trust policy out of band").PutS3Buckets(awsAccount, "legacy-marketing")
	var id captured
	config := repairConfig(env, 1, false)
	withListing := repairConfig(env, 1, false) + `
data "buckt_aws_account" "prod" {
  id = "111122223333"
}

data "buckt_aws_account_s3_buckets" "prod" {
  aws_account = data.buckt_aws_account.prod.id
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: config, ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "id", &id)}},
			{
				Config: withListing,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.buckt_aws_account_s3_buckets.prod", attr("names"), knownvalue.ListSizeExact(1)),
				},
			},
			// The refresh works; the plan after it proposes re-validating the role.
			{PreConfig: func() { breakTrust(t, env, id.value) }, RefreshState: true, ExpectNonEmptyPlan: true},
		},
	})
}

// TestAccAWSAccountS3Buckets_exampleSurvivesALabelChange applies the adoption
// example of the docs as it is, then changes the connection's label: the plan
// must still know every for_each key, and change only the label.
func TestAccAWSAccountS3Buckets_exampleSurvivesALabelChange(t *testing.T) {
	env := bucketEnv(t, "give AWS account 111122223333, which the example names, only the S3 buckets it adopts",
		"legacy-marketing", "legacy-sales", "logs-eu")
	example, err := os.ReadFile("../../examples/data-sources/buckt_aws_account_s3_buckets/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	const label = `label    = "production"`
	if !strings.Contains(string(example), label) {
		t.Fatalf("the example no longer sets %s", label)
	}
	relabelled := strings.Replace(string(example), label, `label    = "production-eu"`, 1)
	connection := env.config(fmt.Sprintf(`resource "buckt_aws_account" "production" {
  %s
  role_arn = %q
}`, label, roleARN))
	all := func(key string) string { return fmt.Sprintf("buckt_imported_bucket.all[%q]", key) }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: connection},
			{
				Config: env.config(string(example)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.buckt_aws_account_s3_buckets.logs", attr("names"), knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("logs-eu")})),
					statecheck.CompareValuePairs("buckt_aws_account.production", attr("id"), all("logs-eu"), attr("aws_account"), compare.ValuesSame()),
				},
			},
			{
				Config: env.config(relabelled),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("buckt_aws_account.production", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(all("legacy-marketing"), plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(all("legacy-sales"), plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(all("logs-eu"), plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("buckt_aws_account.production", attr("label"), knownvalue.StringExact("production-eu")),
				},
			},
			{Config: env.config(relabelled), Destroy: true},
		},
	})
}
