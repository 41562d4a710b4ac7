package provider

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
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
	env := bucketEnv(t, append(shuffled, "logs-b", "logs-a")...)
	ds := func(name string) string { return "data.buckt_aws_account_s3_buckets." + name }
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: prodAccountConfig(env, false, "")},
			{
				PreConfig: func() { env.emulator().ResetStats() },
				Config: prodAccountConfig(env, false, `data "buckt_aws_account_s3_buckets" "all" {
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
						if n := env.emulator().Stats().Requests["GET /v1/aws-accounts/{id}/s3-buckets"]; n%3 != 0 || n == 0 {
							return fmt.Errorf("%d page requests: not a multiple of the 3 pages of 100 a listing needs", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

func TestAccAWSAccountS3Buckets_pendingAccountSaysToValidate(t *testing.T) {
	env := bucketEnv(t, "legacy-marketing")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{{
			Config: env.config(`resource "buckt_aws_account" "pending" {}

data "buckt_aws_account_s3_buckets" "x" {
  aws_account = buckt_aws_account.pending.id
}`),
			ExpectError: regexp.MustCompile(`(?s)Error listing S3 buckets.*only through an active connection`),
		}},
	})
}

func TestAccImportedBucket_forEachAdoptsAWholeAccount(t *testing.T) {
	names := []string{"adopt-a", "adopt-b", "adopt-c", "adopt-d", "adopt-e", "adopt-f", "adopt-g", "adopt-h", "adopt-i", "adopt-j", "adopt-k", "adopt-l"}
	env := bucketEnv(t, names...)
	adoptAll := prodAccountConfig(env, false, `data "buckt_aws_account_s3_buckets" "all" {
  aws_account = buckt_aws_account.prod.id
}

resource "buckt_imported_bucket" "all" {
  for_each    = toset(data.buckt_aws_account_s3_buckets.all.names)
  aws_account = buckt_aws_account.prod.id
  bucket_name = each.value
}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			// for_each keys must be known at plan: the connection exists first.
			{Config: prodAccountConfig(env, false, "")},
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
						if n := env.emulator().Stats().Buckets; n != len(names) {
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
