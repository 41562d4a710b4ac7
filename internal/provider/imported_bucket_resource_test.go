package provider

import (
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

const (
	bucketAddr      = "buckt_imported_bucket.test"
	prodAccountAddr = "buckt_aws_account.prod"
	awsAccount      = "111122223333"
)

// bucketEnv is an emulator with an assumable role (no external-id condition)
// and the given S3 buckets in AWS account 111122223333.
func bucketEnv(t *testing.T, buckets ...string) *testEnv {
	env := newTestEnv(t, emulator.Options{})
	emu := env.emulator()
	emu.PutRole(emulator.Role{ARN: roleARN})
	emu.PutS3Buckets(awsAccount, buckets...)
	return env
}

// prodAccountConfig is an active connection to 111122223333 plus body.
func prodAccountConfig(env *testEnv, forceDestroy bool, body string) string {
	return env.config(fmt.Sprintf(`resource "buckt_aws_account" "prod" {
  role_arn      = %q
  force_destroy = %t
}

%s`, roleARN, forceDestroy, body))
}

func bucketConfig(env *testEnv, name string) string {
	return prodAccountConfig(env, false, fmt.Sprintf(`resource "buckt_imported_bucket" "test" {
  aws_account = buckt_aws_account.prod.id
  bucket_name = %q
}`, name))
}

// checkS3Untouched proves releasing never deleted an S3 bucket.
func checkS3Untouched(env *testEnv, names ...string) func() error {
	return func() error {
		left := env.emulator().S3BucketNames(awsAccount)
		for _, n := range names {
			if !slices.Contains(left, n) {
				return fmt.Errorf("S3 bucket %s was deleted; releasing must leave it (left: %v)", n, left)
			}
		}
		return nil
	}
}

func TestAccImportedBucket_importReplaceAndAdopt(t *testing.T) {
	env := bucketEnv(t, "legacy-marketing", "legacy-sales")
	accountID := func(s *terraform.State) string { return s.RootModule().Resources[prodAccountAddr].Primary.ID }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(s *terraform.State) error {
			if err := env.checkNothingLeft(s); err != nil {
				return err
			}
			return checkS3Untouched(env, "legacy-marketing", "legacy-sales")()
		},
		Steps: []resource.TestStep{
			{
				Config: bucketConfig(env, "legacy-marketing"),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(bucketAddr, attr("id"), knownvalue.StringRegexp(regexp.MustCompile(`^bkt_`))),
					statecheck.ExpectKnownValue(bucketAddr, attr("bucket_name"), knownvalue.StringExact("legacy-marketing")),
					statecheck.ExpectKnownValue(bucketAddr, attr("created_at"), knownvalue.StringRegexp(timestampForm)),
					statecheck.CompareValuePairs(bucketAddr, attr("aws_account"), prodAccountAddr, attr("id"), compare.ValuesSame()),
					checkFunc(func() error {
						if n := env.emulator().Stats().Buckets; n != 1 {
							return fmt.Errorf("%d buckets imported, want 1", n)
						}
						return nil
					}),
				},
			},
			{ResourceName: bucketAddr, ImportState: true, ImportStateVerify: true},
			{
				ResourceName:      bucketAddr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return accountID(s) + "/legacy-marketing", nil
				},
			},
			{ResourceName: bucketAddr, ImportState: true, ImportStateVerify: true, ImportStateId: awsAccount + "/legacy-marketing"},
			{
				ResourceName:    bucketAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   awsAccount + "/legacy-marketing",
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(bucketAddr, attr("bucket_name"), knownvalue.StringExact("legacy-marketing")),
				}},
			},
			{
				ResourceName:  bucketAddr,
				ImportState:   true,
				ImportStateId: awsAccount + "/not-imported",
				ExpectError:   regexp.MustCompile(`"not-imported" is not imported into Buckt through connection`),
			},
			{
				Config: bucketConfig(env, "legacy-sales"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(bucketAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(bucketAddr, attr("bucket_name"), knownvalue.StringExact("legacy-sales")),
					checkFunc(checkS3Untouched(env, "legacy-marketing", "legacy-sales")),
					checkFunc(func() error {
						if n := env.emulator().Stats().Buckets; n != 1 {
							return fmt.Errorf("%d buckets imported after the replace, want 1", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccImportedBucket_releasedOutOfBandIsPlannedAgain(t *testing.T) {
	env := bucketEnv(t, "legacy-marketing")
	var id captured
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:            bucketConfig(env, "legacy-marketing"),
				ConfigStateChecks: []statecheck.StateCheck{capture(bucketAddr, "id", &id)},
			},
			{
				PreConfig: func() {
					if err := env.client.DeleteBucket(env.ctx(), id.value); err != nil {
						t.Fatal(err)
					}
				},
				Config: bucketConfig(env, "legacy-marketing"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(bucketAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(bucketAddr, attr("id"), knownvalue.StringFunc(func(v string) error {
						if v == id.value {
							return fmt.Errorf("bucket id %s was not re-imported", v)
						}
						return nil
					})),
				},
			},
		},
	})
}

func TestAccImportedBucket_apiErrorsSayWhatToDo(t *testing.T) {
	env := bucketEnv(t, "legacy-marketing", "legacy-sales")
	var accountID captured
	withBucket := func(account, name string) string {
		return prodAccountConfig(env, true, fmt.Sprintf(`resource "buckt_aws_account" "pending" {
  label = "no role yet"
}

resource "buckt_imported_bucket" "test" {
  aws_account = buckt_aws_account.%s.id
  bucket_name = %q
}`, account, name))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:            prodAccountConfig(env, true, ""),
				ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "id", &accountID)},
			},
			{
				Config:      withBucket("prod", "no-such-bucket"),
				ExpectError: wrapped(`(?s)Error importing S3 bucket.*does not exist.*Check that an S3 bucket named "no-such-bucket" exists`),
			},
			{
				Config:      withBucket("pending", "legacy-marketing"),
				ExpectError: wrapped(`(?s)Error importing S3 bucket.*is pending: Buckt imports buckets only through a validated role`),
			},
			{
				// Imported by hand before Terraform manages it.
				PreConfig: func() {
					if _, err := env.client.ImportBuckets(env.ctx(), accountID.value, []string{"legacy-sales"}); err != nil {
						t.Fatal(err)
					}
				},
				Config: withBucket("prod", "legacy-sales"),
				ExpectError: wrapped(`(?s)already imported.*terraform import <address of this buckt_imported_bucket> bkt_\w+` +
					`.*id = "awa_\w+/legacy-sales"`),
			},
			{
				// force_destroy on the account releases the hand-imported bucket at destroy.
				Config: prodAccountConfig(env, true, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					checkFunc(func() error {
						if n := env.emulator().Stats().Buckets; n != 1 {
							return fmt.Errorf("%d buckets imported, want the one imported by hand", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccAWSAccount_forceDestroyReleasesBucketsAndLeavesS3(t *testing.T) {
	env := bucketEnv(t, "legacy-marketing", "legacy-sales")
	var accountID captured
	config := env.config(fmt.Sprintf(`resource "buckt_aws_account" "prod" {
  role_arn      = %q
  force_destroy = true
}

resource "buckt_aws_account" "empty" {
  label         = "no buckets"
  force_destroy = true
}`, roleARN))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(s *terraform.State) error {
			if err := env.checkNothingLeft(s); err != nil {
				return err
			}
			return checkS3Untouched(env, "legacy-marketing", "legacy-sales")()
		},
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "id", &accountID)},
			},
			{
				PreConfig: func() {
					if _, err := env.client.ImportBuckets(env.ctx(), accountID.value, []string{"legacy-marketing", "legacy-sales"}); err != nil {
						t.Fatal(err)
					}
				},
				Config:  config,
				Destroy: true,
			},
		},
	})
}

func TestAccImportedBucket_badInputFailsAtPlanWithoutAPIRequests(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	emu := env.emulator()
	cases := []struct{ account, name, want string }{
		{"111122223333", "logs", `aws_account takes the Buckt connection id \(awa_...\), e.g. buckt_aws_account.production.id rather than buckt_aws_account.production.aws_account_id`},
		{"prod", "logs", `Attribute aws_account must be a Buckt AWS account connection id`},
		{"", "logs", `Attribute aws_account must be a Buckt AWS account connection id`},
		{"awa_01H8XYZABCDEFGHJKMNPQRSTVW", "", `a bucket name must be 3 to 63 characters long`},
		{"awa_01H8XYZABCDEFGHJKMNPQRSTVW", "ab", `a bucket name must be 3 to 63 characters long`},
		{"awa_01H8XYZABCDEFGHJKMNPQRSTVW", "Legacy-Marketing", `may contain only lowercase letters, digits, dots`},
		{"awa_01H8XYZABCDEFGHJKMNPQRSTVW", "-legacy", `must begin and end with a lowercase letter or a digit`},
		{"awa_01H8XYZABCDEFGHJKMNPQRSTVW", "legacy..marketing", `must not contain two adjacent dots`},
		{"awa_01H8XYZABCDEFGHJKMNPQRSTVW", "10.0.0.1", `must not be formatted as an IP address`},
		{"awa_01H8XYZABCDEFGHJKMNPQRSTVW", "xn--legacy", `must not begin with xn--`},
		{"awa_01H8XYZABCDEFGHJKMNPQRSTVW", "legacy-s3alias", `must not end with -s3alias`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			Config: env.config(fmt.Sprintf(`resource "buckt_imported_bucket" "test" {
  aws_account = %q
  bucket_name = %q
}`, tc.account, tc.name)),
			PlanOnly:    true,
			ExpectError: wrapped(tc.want),
		})
	}
	steps = append(steps, resource.TestStep{
		Config: env.config(`data "buckt_aws_account_s3_buckets" "x" {
  aws_account = "awa_01H8XYZABCDEFGHJKMNPQRSTVW"
  name_regex  = "legacy-("
}`),
		PlanOnly:    true,
		ExpectError: regexp.MustCompile(`Attribute name_regex must be a regular expression`),
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(*terraform.State) error {
			if requests := emu.Stats().Requests; len(requests) != 0 {
				return fmt.Errorf("bad input reached the API: %v", requests)
			}
			return nil
		},
		Steps: steps,
	})
}
