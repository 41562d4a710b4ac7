package provider

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// A second AWS account with its own role, whose imported buckets must never
// show up in listings of 111122223333.
// importedBucketsDS is the address of a buckt_imported_buckets data source.
func importedBucketsDS(name string) string { return "data.buckt_imported_buckets." + name }

// importedBucketCheck is the exact element of `buckets` for a bucket of
// awsAccountID imported out of band with the id recorded in ids.
func importedBucketCheck(ids map[string]string, awsAccountID, name string) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"id": knownvalue.StringFunc(func(v string) error {
			if want := ids[name]; v != want || !strings.HasPrefix(v, "bkt_") {
				return fmt.Errorf("id of %s is %q, want %q", name, v, want)
			}
			return nil
		}),
		"bucket_name": knownvalue.StringExact(name),
		"created_at":  knownvalue.StringRegexp(timestampForm),
		"import_id":   knownvalue.StringExact(awsAccountID + "/" + name),
	})
}

func TestAccImportedBuckets_allPagesSortedFilteredWithImportIDs(t *testing.T) {
	// 239 buckets imported in shuffled order: the data source must page
	// through all of them (3 pages of 100) and sort by name.
	var imported []string
	for i := range 237 {
		imported = append(imported, fmt.Sprintf("bucket-%03d", i))
	}
	imported = append(imported, "logs-a", "logs-b") // already sorted
	env := bucketEnv(t, "create 240 S3 buckets, three pages of a listing, and a second AWS account",
		append(slices.Clone(imported), "visible-not-imported")...)
	emu := env.emu
	emu.PutRole(emulator.Role{ARN: otherRoleARN})
	emu.PutS3Buckets(otherAWSAccount, "elsewhere")

	var prodID, otherID captured
	ids := map[string]string{}
	accounts := env.config(prodConnection(withRole(env.aws().roleARN()), forceDestroy()) + fmt.Sprintf(`resource "buckt_aws_account" "other" {
  role_arn      = %q
  force_destroy = true
}
`, otherRoleARN))
	everyBucket := make([]knownvalue.Check, len(imported))
	everyName := make([]knownvalue.Check, len(imported))
	for i, name := range imported {
		everyBucket[i] = importedBucketCheck(ids, awsAccount, name)
		everyName[i] = knownvalue.StringExact(name)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config: accounts,
				ConfigStateChecks: []statecheck.StateCheck{
					capture(prodAccountAddr, "id", &prodID),
					capture("buckt_aws_account.other", "id", &otherID),
				},
			},
			{
				PreConfig: func() {
					shuffled := slices.Clone(imported)
					rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
					importOutOfBand(t, env, prodID.value, shuffled, ids)
					importOutOfBand(t, env, otherID.value, []string{"elsewhere"}, ids)
					emu.ResetStats()
				},
				Config: accounts + `
data "buckt_imported_buckets" "by_id" {
  aws_account = buckt_aws_account.prod.id
}

data "buckt_imported_buckets" "by_number" {
  aws_account = "111122223333"
}

data "buckt_imported_buckets" "logs" {
  aws_account = "111122223333"
  name_prefix = "logs-"
}

data "buckt_imported_buckets" "regex" {
  aws_account = buckt_aws_account.prod.id
  name_regex  = "^bucket-0[0-4]0$"
}

data "buckt_imported_buckets" "both" {
  aws_account = "111122223333"
  name_prefix = "bucket-1"
  name_regex  = "5$"
}

data "buckt_imported_buckets" "other" {
  aws_account = "444455556666"
}`,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(importedBucketsDS("by_id"), attr("buckets"), knownvalue.ListExact(everyBucket)),
					statecheck.ExpectKnownValue(importedBucketsDS("by_id"), attr("names"), knownvalue.ListExact(everyName)),
					statecheck.CompareValuePairs(importedBucketsDS("by_id"), attr("buckets"),
						importedBucketsDS("by_number"), attr("buckets"), compare.ValuesSame()),
					statecheck.CompareValuePairs(importedBucketsDS("by_id"), attr("names"),
						importedBucketsDS("by_number"), attr("names"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(importedBucketsDS("logs"), attr("buckets"), knownvalue.ListExact([]knownvalue.Check{
						importedBucketCheck(ids, awsAccount, "logs-a"), importedBucketCheck(ids, awsAccount, "logs-b"),
					})),
					statecheck.ExpectKnownValue(importedBucketsDS("regex"), attr("names"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("bucket-000"), knownvalue.StringExact("bucket-010"), knownvalue.StringExact("bucket-020"),
						knownvalue.StringExact("bucket-030"), knownvalue.StringExact("bucket-040"),
					})),
					statecheck.ExpectKnownValue(importedBucketsDS("both"), attr("names"), knownvalue.ListSizeExact(10)),
					statecheck.ExpectKnownValue(importedBucketsDS("both"), attr("names").AtSliceIndex(0), knownvalue.StringExact("bucket-105")),
					statecheck.ExpectKnownValue(importedBucketsDS("other"), attr("buckets"), knownvalue.ListExact([]knownvalue.Check{
						importedBucketCheck(ids, otherAWSAccount, "elsewhere"),
					})),
					checkFunc(func() error {
						// The five data sources on 111122223333 share one listing of its
						// 3 pages per Terraform operation; the other account has 1 page.
						if n := env.requests(t, emulator.RouteListBuckets); n%4 != 0 || n == 0 {
							return fmt.Errorf("%d page requests: not a multiple of the 4 pages of 100 one operation needs", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccImportedBuckets_badInputFailsAtPlanWithoutAPIRequests(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	cases := []struct{ account, regex, want string }{
		{"prod", "", `Attribute aws_account must be a Buckt AWS account connection id such as awa_01H8XYZABCDEFGHJKMNPQRSTVW or a 12-digit AWS account id such as 111122223333, got: prod`},
		{"11112222333", "", `a 12-digit AWS account id such as 111122223333, got: 11112222333`},
		{"awa_01H8XYZABCDEFGHJKMNPQRSTVW", "legacy-(", `Attribute name_regex must be a regular expression`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		regex := ""
		if tc.regex != "" {
			regex = fmt.Sprintf("\n  name_regex  = %q", tc.regex)
		}
		steps = append(steps, resource.TestStep{
			Config: env.config(fmt.Sprintf(`data "buckt_imported_buckets" "x" {
  aws_account = %q%s
}`, tc.account, regex)),
			PlanOnly:    true,
			ExpectError: wrapped(regexp.QuoteMeta(tc.want)),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             checkNoRequests(env),
		Steps:                    steps,
	})
}

// capturedVariable is a Terraform variable whose value is read from an earlier
// step's state when the step writes its variables, not when the test is built.
type capturedVariable struct{ from *captured }

func (v capturedVariable) MarshalJSON() ([]byte, error) { return json.Marshal(v.from.value) }

// TestAccImportedBuckets_exampleAdoptsWhatExists applies the example of the
// docs as it is, next to a connection, with one bucket imported by hand.
func TestAccImportedBuckets_exampleAdoptsWhatExists(t *testing.T) {
	env := bucketEnv(t, "give AWS account 111122223333, which the example names, only the S3 buckets it adopts",
		"legacy-marketing", "legacy-sales", "logs-eu")
	source, err := os.ReadFile("../../examples/data-sources/buckt_imported_buckets/data-source.tf")
	if err != nil {
		t.Fatal(err)
	}
	var prodID captured
	ids := map[string]string{}
	example := env.config(prodConnection(withRole(env.aws().roleARN())) + string(source))
	vars := config.Variables{"connection_id": capturedVariable{&prodID}}
	instance := func(name string) string { return fmt.Sprintf("buckt_imported_bucket.all[%q]", name) }
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)},
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{
				Config:            env.config(prodConnection(withRole(env.aws().roleARN()))),
				ConfigStateChecks: []statecheck.StateCheck{capture(prodAccountAddr, "id", &prodID)},
			},
			{
				PreConfig:       func() { importOutOfBand(t, env, prodID.value, []string{"legacy-sales"}, ids) },
				Config:          example,
				ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectImports(map[string]string{instance("legacy-sales"): awsAccount + "/legacy-sales"}),
					plancheck.ExpectResourceAction(instance("legacy-marketing"), plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction(instance("logs-eu"), plancheck.ResourceActionCreate),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(instance("legacy-sales"), attr("id"), knownvalue.StringFunc(func(v string) error {
						if v != ids["legacy-sales"] {
							return fmt.Errorf("id %s, want the existing %s", v, ids["legacy-sales"])
						}
						return nil
					})),
				},
			},
			{
				// Everything is in Buckt now: the filtered listing sees logs-eu,
				// and the import block has nothing left to import.
				Config:          example,
				ConfigVariables: vars,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					expectImports(map[string]string{}),
					plancheck.ExpectEmptyPlan(),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(importedBucketsDS("logs"), attr("names"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.StringExact("logs-eu"),
					})),
				},
			},
			{
				// Dropping the example releases its buckets and keeps the connection.
				// (The example names the connection by a variable, so Terraform
				// sees no dependency on buckt_aws_account.prod and would destroy
				// both at once.)
				Config: env.config(prodConnection(withRole(env.aws().roleARN()))),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(instance("legacy-sales"), plancheck.ResourceActionDestroy),
					plancheck.ExpectResourceAction(prodAccountAddr, plancheck.ResourceActionNoop),
				}},
				ConfigStateChecks: []statecheck.StateCheck{checkFunc(func() error {
					if n := env.emu.Stats().Buckets; n != 0 {
						return fmt.Errorf("%d buckets left in Buckt, want 0", n)
					}
					return nil
				})},
			},
		},
	})
}

func TestConnectionImportKey(t *testing.T) {
	twelve, empty := awsAccount, ""
	for _, tc := range []struct {
		account buckt.AWSAccount
		want    string
	}{
		{buckt.AWSAccount{ID: "awa_1", AWSAccountID: &twelve}, awsAccount},
		{buckt.AWSAccount{ID: "awa_1"}, "awa_1"}, // never validated: null
		{buckt.AWSAccount{ID: "awa_1", AWSAccountID: &empty}, "awa_1"},
	} {
		if got := connectionImportKey(&tc.account); got != tc.want {
			t.Errorf("connectionImportKey(%+v) = %q, want %q", tc.account, got, tc.want)
		}
	}
}
