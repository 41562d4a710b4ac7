package provider

import (
	"fmt"
	"maps"
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
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

func TestAccImportedBucket_importReplaceAndAdopt(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	aws := env.awsExclusive() // the import ids name the connection by its AWS account id
	names := aws.buckets(t, 2)
	marketing, sales := names[0], names[1]
	accountID := func(s *terraform.State) string { return s.RootModule().Resources[prodAccountAddr].Primary.ID }
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy: func(s *terraform.State) error {
			if err := env.checkNothingLeft(s); err != nil {
				return err
			}
			return checkS3Untouched(env, marketing, sales)()
		},
		Steps: []resource.TestStep{
			{
				Config: bucketConfig(env, marketing),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(bucketAddr, attr("id"), knownvalue.StringRegexp(regexp.MustCompile(`^bkt_`))),
					env.existsInBuckt(bucketAddr),
					statecheck.ExpectKnownValue(bucketAddr, attr("bucket_name"), knownvalue.StringExact(marketing)),
					statecheck.ExpectKnownValue(bucketAddr, attr("created_at"), knownvalue.StringRegexp(timestampForm)),
					statecheck.CompareValuePairs(bucketAddr, attr("aws_account"), prodAccountAddr, attr("id"), compare.ValuesSame()),
					env.expectImportedBuckets(1),
				},
			},
			{ResourceName: bucketAddr, ImportState: true, ImportStateVerify: true},
			{
				ResourceName:      bucketAddr,
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					return accountID(s) + "/" + marketing, nil
				},
			},
			{ResourceName: bucketAddr, ImportState: true, ImportStateVerify: true, ImportStateId: awsAccountID(aws) + "/" + marketing},
			{
				ResourceName:    bucketAddr,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
				ImportStateId:   awsAccountID(aws) + "/" + marketing,
				ImportPlanChecks: resource.ImportPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(bucketAddr, attr("bucket_name"), knownvalue.StringExact(marketing)),
				}},
			},
			{
				ResourceName:  bucketAddr,
				ImportState:   true,
				ImportStateId: awsAccountID(aws) + "/not-imported",
				ExpectError:   wrapped(`no S3 bucket named "not-imported" is visible through connection awa_\w+, in Buckt or in S3`),
			},
			{
				Config: bucketConfig(env, sales),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(bucketAddr, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(bucketAddr, attr("bucket_name"), knownvalue.StringExact(sales)),
					checkFunc(checkS3Untouched(env, marketing, sales)),
					env.expectImportedBuckets(1),
				},
			},
		},
	})
}

// TestAccImportedBucket_disappears: a bucket released outside Terraform is
// planned for import again, without an error.
func TestAccImportedBucket_disappears(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	bucket := env.aws().buckets(t, 1)[0]
	var id captured
	reimported := statecheck.CompareValue(compare.ValuesDiffer())
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: bucketConfig(env, bucket),
				ConfigStateChecks: []statecheck.StateCheck{
					capture(bucketAddr, "id", &id), reimported.AddStateValue(bucketAddr, attr("id")),
				},
			},
			{
				PreConfig: func() {
					if err := env.client.DeleteBucket(env.ctx(), id.value); err != nil {
						t.Fatal(err)
					}
				},
				Config: bucketConfig(env, bucket),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(bucketAddr, plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{reimported.AddStateValue(bucketAddr, attr("id"))},
			},
		},
	})
}

func TestAccImportedBucket_apiErrorsSayWhatToDo(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	names := env.aws().buckets(t, 2)
	marketing, sales := names[0], names[1]
	var accountID captured
	withBucket := func(account, name string) string {
		return env.config(prodConnection(withRole(env.aws().roleARN()), forceDestroy()) + fmt.Sprintf(`resource "buckt_aws_account" "pending" {
  label = "tf-acc-no-role-yet"
}

resource "buckt_imported_bucket" "test" {
  aws_account = buckt_aws_account.%s.id
  bucket_name = %q
}`, account, name))
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:            env.config(prodConnection(withRole(env.aws().roleARN()), forceDestroy())),
				ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "id", &accountID)},
			},
			{
				Config: withBucket("prod", "no-such-bucket"),
				ExpectError: wrapped(`(?s)Error importing S3 bucket.*S3 bucket "no-such-bucket" of awa_\w+:.*HTTP 422.*` +
					`Check that an S3 bucket named "no-such-bucket" exists in the AWS account of connection awa_\w+`),
			},
			{
				// A name only a legacy bucket can have passes plan; when no such
				// bucket exists, the error says which current rule it breaks.
				Config: withBucket("prod", "Legacy_Marketing"),
				ExpectError: wrapped(`(?s)Error importing S3 bucket.*Check that an S3 bucket named "Legacy_Marketing" exists.*` +
					`Check the spelling too: under S3's current rules a bucket name may contain only lowercase letters`),
			},
			{
				Config:      withBucket("pending", marketing),
				ExpectError: wrapped(`(?s)Error importing S3 bucket.*is pending: Buckt imports buckets only through a validated role`),
			},
			{
				// Imported by hand before Terraform manages it.
				PreConfig: func() {
					if _, err := env.client.ImportBuckets(env.ctx(), accountID.value, []string{sales}); err != nil {
						t.Fatal(err)
					}
				},
				Config: withBucket("prod", sales),
				// Providers are not told resource addresses: the hint points at the
				// "with" line, where Terraform prints it.
				ExpectError: wrapped(`(?s)with buckt_imported_bucket\.\S+,.*already imported.*"with" line above.*` +
					`terraform import 'ADDRESS' bkt_\w+` +
					`.*id = "awa_\w+/` + regexp.QuoteMeta(sales) + `"`),
			},
			{
				// force_destroy on the account releases the hand-imported bucket at destroy.
				Config: env.config(prodConnection(withRole(env.aws().roleARN()), forceDestroy())),
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectImportedBuckets(1), // the one imported by hand
				},
			},
		},
	})
}

func TestAccImportedBucket_badInputFailsAtPlanWithoutAPIRequests(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
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
		CheckDestroy:             checkNoRequests(env),
		Steps:                    steps,
	})
}

// TestAccImportedBucket_legacyNamesAdoptEndToEnd: S3 still holds names from
// before its 2018 rules (uppercase, underscores, up to 255 characters). The API
// lists and imports them, so for_each adoption over the listing, import and
// generated configuration must accept them too.
func TestAccImportedBucket_legacyNamesAdoptEndToEnd(t *testing.T) {
	legacy := []string{"Legacy_Marketing.2017", "UPPER-CASE-LOGS", "_underscored", strings.Repeat("Long_", 40) + "name"}
	env := bucketEnv(t, "create S3 buckets with legacy names (uppercase, underscores, 204 characters)",
		append([]string{"modern-bucket"}, legacy...)...)
	adoptAll := adoptAllConfig(env)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: env.config(prodConnection(withRole(env.aws().roleARN())))},
			{
				Config: adoptAll,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.buckt_aws_account_s3_buckets.all", attr("names"), knownvalue.ListSizeExact(5)),
					checkFunc(func() error {
						if n := env.emu.Stats().Buckets; n != 5 {
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
	env := bucketEnv(t, "create an S3 bucket with a legacy name (uppercase, underscore)", "Legacy_Marketing.2017")
	var accountID captured
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:            env.config(prodConnection(withRole(env.aws().roleARN()), forceDestroy())),
				ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "id", &accountID)},
			},
			{
				PreConfig: func() {
					if _, err := env.client.ImportBuckets(env.ctx(), accountID.value, []string{"Legacy_Marketing.2017"}); err != nil {
						t.Fatal(err)
					}
				},
				Config:          env.config(prodConnection(withRole(env.aws().roleARN()), forceDestroy())),
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
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	bucket := env.aws().buckets(t, 1)[0]
	twice := env.config(prodConnection(withRole(env.aws().roleARN())) + fmt.Sprintf(`resource "buckt_imported_bucket" "a" {
  aws_account = buckt_aws_account.prod.id
  bucket_name = %[1]q
}

resource "buckt_imported_bucket" "b" {
  aws_account = buckt_aws_account.prod.id
  bucket_name = %[1]q
}`, bucket))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: twice,
				ExpectError: wrapped(`(?s)already imported.*If another resource of this configuration already manages it ` +
					`\(look for bucket_name = "` + regexp.QuoteMeta(bucket) + `"\), remove this resource: one bucket must have one owner.*` +
					`Only if nothing manages it yet.*terraform import`),
			},
			{
				// The resource that won is in state: removing both releases it.
				// (Keeping one of them could race its release against the other's
				// import, as Terraform orders neither after the other.)
				Config: env.config(prodConnection(withRole(env.aws().roleARN()))),
				ConfigStateChecks: []statecheck.StateCheck{
					env.expectImportedBuckets(0), // the one that was imported is released
				},
			},
		},
	})
}

func TestAccImportedBucket_forEachAdoptsAWholeAccount(t *testing.T) {
	skipAgainstRealBuckt(t, "give the role's account only the buckets this test adopts")
	names := []string{"adopt-a", "adopt-b", "adopt-c", "adopt-d", "adopt-e", "adopt-f", "adopt-g", "adopt-h", "adopt-i", "adopt-j", "adopt-k", "adopt-l"}
	env := bucketEnv(t, "give the role's account only the buckets this test adopts", names...)
	adoptAll := adoptAllConfig(env)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			// for_each keys must be known at plan: the connection exists first.
			{Config: env.config(prodConnection(withRole(env.aws().roleARN())))},
			{
				Config: adoptAll,
				ConfigStateChecks: []statecheck.StateCheck{
					instancesOf("buckt_imported_bucket.all", func(key any, values map[string]any) error {
						if values["bucket_name"] != key || !strings.HasPrefix(fmt.Sprint(values["id"]), "bkt_") {
							return fmt.Errorf("bucket_name %v, id %v", values["bucket_name"], values["id"])
						}
						return nil
					}),
					checkFunc(func() error {
						if n := env.emu.Stats().Buckets; n != len(names) {
							return fmt.Errorf("%d buckets imported, want %d", n, len(names))
						}
						return nil
					}),
				},
			},
			// resource.Test already asserts an empty plan after each apply; this
			// step also proves a fresh plan of the same config is empty.
			{Config: adoptAll, PlanOnly: true},
			// One destroy of buckets and account together; an explicit step
			// because terraform-plugin-testing's legacy state shim, used before
			// its own final destroy, rejects for_each instances.
			{Config: adoptAll, Destroy: true},
		},
	})
}

func TestAccImportedBucket_importForEachAdoptsWhatExists(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	aws := env.awsExclusive() // the imported buckets are looked up by the 12-digit id
	number := awsAccountID(aws)
	visible := aws.buckets(t, minAccBuckets)
	byHand := []string{visible[4], visible[1]}
	var prodID captured
	ids := map[string]string{}
	// Adopting "every visible bucket" here means every one this test holds:
	// a real Buckt's test account may have more, which other tests import.
	// The connection must be known at plan for both for_each: the imported
	// buckets are looked up by the literal 12-digit id, and the prod
	// connection has no pending change, so its id is known too.
	adopt := env.config(prodConnection(withRole(aws.roleARN())) + fmt.Sprintf(`data "buckt_aws_account_s3_buckets" "x" {
  aws_account = buckt_aws_account.prod.id
  name_regex  = %q
}

data "buckt_imported_buckets" "x" {
  aws_account = %q
}

resource "buckt_imported_bucket" "all" {
  for_each    = toset(data.buckt_aws_account_s3_buckets.x.names)
  aws_account = buckt_aws_account.prod.id
  bucket_name = each.value
}

import {
  for_each = { for b in data.buckt_imported_buckets.x.buckets : b.bucket_name => b.import_id }
  to       = buckt_imported_bucket.all[each.key]
  id       = each.value
}`, onlyNames(visible), number))
	instance := func(name string) string { return fmt.Sprintf("buckt_imported_bucket.all[%q]", name) }
	planChecks := []plancheck.PlanCheck{expectImports(map[string]string{
		instance(byHand[0]): number + "/" + byHand[0],
		instance(byHand[1]): number + "/" + byHand[1],
	})}
	for _, name := range visible {
		action := plancheck.ResourceActionCreate
		if slices.Contains(byHand, name) {
			action = plancheck.ResourceActionNoop // imported as it is: nothing to change
		}
		planChecks = append(planChecks, plancheck.ExpectResourceAction(instance(name), action))
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)},
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:            env.config(prodConnection(withRole(aws.roleARN()))),
				ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "id", &prodID)},
			},
			{
				PreConfig: func() {
					importOutOfBand(t, env, prodID.value, byHand, ids)
					env.resetStats()()
				},
				Config:           adopt,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: planChecks},
				ConfigStateChecks: []statecheck.StateCheck{
					instancesOf("buckt_imported_bucket.all", func(key any, values map[string]any) error {
						id := fmt.Sprint(values["id"])
						name, _ := key.(string)
						switch {
						case values["bucket_name"] != key || values["aws_account"] != prodID.value:
							return fmt.Errorf("bucket_name %v, aws_account %v", values["bucket_name"], values["aws_account"])
						case slices.Contains(byHand, name) && id != ids[name]:
							return fmt.Errorf("id %s, want the existing %s: adopted by creating it again", id, ids[name])
						case !slices.Contains(byHand, name) && (!strings.HasPrefix(id, "bkt_") || slices.Contains(slices.Collect(maps.Values(ids)), id)):
							return fmt.Errorf("id %s is not a new bkt_ id", id)
						}
						return nil
					}),
					env.expectImportedBuckets(len(visible)),
					checkFunc(env.checkOnEmulator("count import requests", func(emu *emulator.Server) error {
						stats := emu.Stats()
						if stats.Buckets != len(visible) {
							return fmt.Errorf("%d buckets in Buckt, want %d", stats.Buckets, len(visible))
						}
						// Import requests (batched) only for buckets not yet in Buckt, none for the adopted ones.
						if n, most := requestsTo(t, stats, emulator.RouteImportBuckets), len(visible)-len(byHand); n < 1 || n > most {
							return fmt.Errorf("%d import requests, want 1 to %d", n, most)
						}
						return nil
					})),
				},
			},
			{Config: adopt, PlanOnly: true},
			// An explicit destroy step: terraform-plugin-testing's legacy state
			// shim, used before its own final destroy, rejects for_each instances.
			{Config: adopt, Destroy: true},
		},
	})
}

func TestAccImportedBucket_importBlockForNotImportedBucketSaysHow(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	aws := env.awsExclusive() // the import ids name the connection by its 12-digit id
	number := awsAccountID(aws)
	bucket := aws.buckets(t, 1)[0]
	misspelt := bucket + "-typo"
	withBucket := func(name, imports string) string {
		return env.config(prodConnection(withRole(aws.roleARN())) + fmt.Sprintf(`resource "buckt_imported_bucket" "sales" {
  aws_account = buckt_aws_account.prod.id
  bucket_name = %q
}
%s`, name, imports))
	}
	importBlock := func(name string) string {
		return fmt.Sprintf("\nimport {\n  to = buckt_imported_bucket.sales\n  id = %q\n}\n", number+"/"+name)
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_5_0)},
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: env.config(prodConnection(withRole(aws.roleARN())))},
			{
				// Visible in S3, not yet in Buckt: an import block cannot adopt it.
				Config: withBucket(bucket, importBlock(bucket)),
				ExpectError: wrapped(`(?s)S3 bucket "` + regexp.QuoteMeta(bucket) + `" is not imported into Buckt through connection awa_\w+\. ` +
					`An import block or terraform import only adopts buckets already imported into Buckt.*` +
					regexp.QuoteMeta(`for_each = { for b in data.buckt_imported_buckets.x.buckets : b.bucket_name => b.import_id }`) + `.*` +
					regexp.QuoteMeta(`to = buckt_imported_bucket.all[each.key]`) + `.*` +
					regexp.QuoteMeta(`id = each.value`) + `.*` +
					`Buckets not yet in Buckt are imported by the buckt_imported_bucket resource itself on apply, with no import block`),
			},
			{
				// In neither Buckt nor S3 (a misspelt name): nothing to import, and no
				// advice to apply, which would fail too.
				Config: withBucket(misspelt, importBlock(misspelt)),
				ExpectError: wrapped(`(?s)no S3 bucket named "` + regexp.QuoteMeta(misspelt) + `" is visible through connection awa_\w+, in Buckt or in S3: ` +
					`there is nothing to import\. Check the name's spelling`),
			},
			{
				// What the hint says: without the import block, apply imports it.
				Config: withBucket(bucket, ""),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("buckt_imported_bucket.sales", attr("id"), knownvalue.StringRegexp(regexp.MustCompile(`^bkt_`))),
				},
			},
		},
	})
}
