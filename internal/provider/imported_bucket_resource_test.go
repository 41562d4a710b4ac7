package provider

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
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

// adoptAllConfig is prodAccountConfig adopting every bucket its role can see.
// The connection must exist before: for_each keys must be known at plan.
func adoptAllConfig(env *testEnv) string {
	return prodAccountConfig(env, false, `data "buckt_aws_account_s3_buckets" "all" {
  aws_account = buckt_aws_account.prod.id
}

resource "buckt_imported_bucket" "all" {
  for_each    = toset(data.buckt_aws_account_s3_buckets.all.names)
  aws_account = buckt_aws_account.prod.id
  bucket_name = each.value
}`)
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
				// A name only a legacy bucket can have passes plan; when no such
				// bucket exists, the error says which current rule it breaks.
				Config: withBucket("prod", "Legacy_Marketing"),
				ExpectError: wrapped(`(?s)Error importing S3 bucket.*Check that an S3 bucket named "Legacy_Marketing" exists.*` +
					`Check the spelling too: under S3's current rules a bucket name may contain only lowercase letters`),
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
		{"awa_01H8XYZABCDEFGHJKMNPQRSTVW", "", `"" can never be an S3 bucket name: bucket names are 3 to 63 lowercase letters`},
		{"awa_01H8XYZABCDEFGHJKMNPQRSTVW", "ab", `"ab" can never be an S3 bucket name`},
		{"awa_01H8XYZABCDEFGHJKMNPQRSTVW", "legacy marketing", `"legacy marketing" can never be an S3 bucket name`},
		{"awa_01H8XYZABCDEFGHJKMNPQRSTVW", "café-bucket", `"café-bucket" can never be an S3 bucket name`},
		{"awa_01H8XYZABCDEFGHJKMNPQRSTVW", strings.Repeat("a", 256), `(?s)can never be an S3 bucket name:.*up to 255 characters`},
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

// TestAccImportedBucket_legacyNamesAdoptEndToEnd: S3 still holds names from
// before its 2018 rules (uppercase, underscores, up to 255 characters). The API
// lists and imports them, so for_each adoption over the listing, import and
// generated configuration must accept them too.
func TestAccImportedBucket_legacyNamesAdoptEndToEnd(t *testing.T) {
	legacy := []string{"Legacy_Marketing.2017", "UPPER-CASE-LOGS", "_underscored", strings.Repeat("Long_", 40) + "name"}
	env := bucketEnv(t, append([]string{"modern-bucket"}, legacy...)...)
	adoptAll := adoptAllConfig(env)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: prodAccountConfig(env, false, "")},
			{
				Config: adoptAll,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.buckt_aws_account_s3_buckets.all", attr("names"), knownvalue.ListSizeExact(5)),
					checkFunc(func() error {
						if n := env.emulator().Stats().Buckets; n != 5 {
							return fmt.Errorf("%d buckets imported, want all 5", n)
						}
						return nil
					}),
				},
			},
			{Config: adoptAll, PlanOnly: true},
			{Config: adoptAll, Destroy: true},
		},
	})
}

// TestAccImportedBucket_legacyNameGeneratesValidConfig: a legacy bucket imported
// outside Terraform is adopted by an import block, and the configuration that
// terraform plan -generate-config-out writes for it validates.
func TestAccImportedBucket_legacyNameGeneratesValidConfig(t *testing.T) {
	env := bucketEnv(t, "Legacy_Marketing.2017")
	var accountID captured
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:            prodAccountConfig(env, true, ""),
				ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "id", &accountID)},
			},
			{
				PreConfig: func() {
					if _, err := env.client.ImportBuckets(env.ctx(), accountID.value, []string{"Legacy_Marketing.2017"}); err != nil {
						t.Fatal(err)
					}
				},
				Config:          prodAccountConfig(env, true, ""),
				ResourceName:    "buckt_imported_bucket.legacy",
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				GenerateConfig:  true,
				ImportStateId:   awsAccount + "/Legacy_Marketing.2017",
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue("buckt_imported_bucket.generated", attr("bucket_name"), knownvalue.StringExact("Legacy_Marketing.2017")),
				}},
			},
		},
	})
}

// TestAccImportedBucket_sameBucketTwiceSaysRemoveOne: two resources of one
// configuration importing one bucket must not be told to import it into the
// second address, which would make two addresses own (and release) one bucket.
func TestAccImportedBucket_sameBucketTwiceSaysRemoveOne(t *testing.T) {
	env := bucketEnv(t, "legacy-marketing")
	twice := prodAccountConfig(env, false, `resource "buckt_imported_bucket" "a" {
  aws_account = buckt_aws_account.prod.id
  bucket_name = "legacy-marketing"
}

resource "buckt_imported_bucket" "b" {
  aws_account = buckt_aws_account.prod.id
  bucket_name = "legacy-marketing"
}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: twice,
				ExpectError: wrapped(`(?s)already imported.*If another resource of this configuration already manages it ` +
					`\(look for bucket_name = "legacy-marketing"\), remove this resource: one bucket must have one owner.*` +
					`Only if nothing manages it yet.*terraform import`),
			},
			{
				// The resource that won is in state: removing both releases it.
				// (Keeping one of them could race its release against the other's
				// import, as Terraform orders neither after the other.)
				Config: prodAccountConfig(env, false, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					checkFunc(func() error {
						if n := env.emulator().Stats().Buckets; n != 0 {
							return fmt.Errorf("%d buckets still imported, want the one that was imported released", n)
						}
						return nil
					}),
				},
			},
		},
	})
}
