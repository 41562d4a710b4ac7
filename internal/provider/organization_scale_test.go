package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
	"github.com/buckt/terraform-provider-buckt/internal/reads"
)

// refreshCost is a check of the requests one refresh made per kind, against
// reads.RefreshBudget(N) for N objects of that kind.
func refreshCost(t *testing.T, env *testEnv, accounts, buckets int) func() error {
	return func() error {
		stats := env.onlyOnEmulator("count the requests of a refresh").Stats()
		req := stats.Requests
		t.Logf("refresh of %d connections and %d buckets: %v", accounts, buckets, req)
		for _, kind := range []struct {
			name     string
			n, spent int
		}{
			{"connections", accounts, requestsTo(t, stats, emulator.RouteGetAWSAccount) + requestsTo(t, stats, emulator.RouteListAWSAccounts)},
			{"buckets", buckets, requestsTo(t, stats, emulator.RouteGetBucket) + requestsTo(t, stats, emulator.RouteListBuckets)},
		} {
			if budget := reads.RefreshBudget(kind.n); float64(kind.spent) > budget {
				return fmt.Errorf("refreshing %d %s cost %d requests, budget %.0f (requests: %v)", kind.n, kind.name, kind.spent, budget, req)
			}
		}
		return nil
	}
}

// TestAccRefreshCost_smallWorkspaceInALargeOrganization: a workspace of 12
// connections and 12 buckets, in an organization of 265 connections and 3,012
// imported buckets, refreshes for at most reads.RefreshBudget(N) requests per kind (it took
// 54 when every refresh listed the organization after 10 GETs).
func TestAccRefreshCost_smallWorkspaceInALargeOrganization(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	var seeded []seededConnection
	for i := range 3 {
		seeded = append(seeded, seedActiveConnection(t, env, fmt.Sprintf("55550000000%d", i), fmt.Sprintf("org%d", i), 1004, 1000))
	}
	for range 250 {
		if _, err := env.client.ConnectAWSAccount(env.ctx(), nil); err != nil {
			t.Fatal(err)
		}
	}
	var buckets strings.Builder
	for i, c := range seeded {
		for j := 1000; j < 1004; j++ {
			fmt.Fprintf(&buckets, "resource \"buckt_imported_bucket\" \"b%d_%d\" {\n  aws_account = %q\n  bucket_name = \"org%d-%04d\"\n}\n", i, j, c.id, i, j)
		}
	}
	config := env.config(`resource "buckt_aws_account" "team" {
  count = 12
  label = "team-${count.index}"
}
` + buckets.String())
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: env.onlyOnEmulator("count the requests of a refresh").ResetStats,
				Config:    config,
				// One refresh with nothing to change: the apply makes no request.
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				ConfigStateChecks: []statecheck.StateCheck{
					checkFunc(refreshCost(t, env, 12, 12)),
					checkFunc(func() error {
						if n := env.requests(t, emulator.RouteListAWSAccounts); n > 3 {
							return fmt.Errorf("%d pages of the 265 connections for a workspace of 12", n)
						}
						return nil
					}),
				},
			},
		},
	})
}

// TestAccRefreshCost_workspaceHoldingTheOrganization: when the workspace holds
// (nearly) everything, a refresh costs at most 0.15 requests per object.
func TestAccRefreshCost_workspaceHoldingTheOrganization(t *testing.T) {
	skipAgainstRealBuckt(t, "count the requests of a refresh")
	env := bucketEnv(t, "count the requests of a refresh")
	names := make([]string, 200)
	for i := range names {
		names[i] = fmt.Sprintf("fleet-%03d", i)
	}
	env.emu.PutS3Buckets(awsAccount, names...)
	config := env.config(prodConnection(withRole(env.aws().roleARN()), forceDestroy()) + `resource "buckt_aws_account" "fleet" {
  count = 199
  label = "fleet-${count.index}"
}

resource "buckt_imported_bucket" "fleet" {
  count       = 200
  aws_account = buckt_aws_account.prod.id
  bucket_name = format("fleet-%03d", count.index)
}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: config},
			{
				PreConfig: env.emu.ResetStats,
				Config:    config,
				ConfigStateChecks: []statecheck.StateCheck{
					checkFunc(func() error {
						req := env.emu.Stats().Requests
						total := 0
						for _, n := range req {
							total += n
						}
						// Two refreshes: the plan's and the apply's own.
						t.Logf("two refreshes of 400 objects: %d requests: %v", total, req)
						if perObject := float64(total) / 2 / 400; perObject > 0.15 {
							return fmt.Errorf("refreshing 400 objects cost %.2f requests each: %v", perObject, req)
						}
						return nil
					}),
				},
			},
		},
	})
}

// TestAccImportedBucket_bulkAdoptionCostsAlmostNothing: adopting 150 buckets
// with one import block and for_each resolves every natural key from one
// listing per connection, shared by the whole plan: at most 0.1 requests per
// bucket (it took 3 per bucket when every import listed again).
func TestAccImportedBucket_bulkAdoptionCostsAlmostNothing(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	// Before the 120 connections it makes, which have no label to sweep them by.
	env.onlyOnEmulator("seed an organization of connections in many AWS accounts")
	for range 120 {
		if _, err := env.client.ConnectAWSAccount(env.ctx(), nil); err != nil {
			t.Fatal(err)
		}
	}
	seedActiveConnection(t, env, awsAccount, "adopt", 150, 150)
	config := env.config(`data "buckt_aws_account" "prod" {
  id = "111122223333"
}

data "buckt_imported_buckets" "all" {
  aws_account = "111122223333"
}

resource "buckt_imported_bucket" "all" {
  for_each    = toset(data.buckt_imported_buckets.all.names)
  aws_account = data.buckt_aws_account.prod.id
  bucket_name = each.value
}

import {
  for_each = { for b in data.buckt_imported_buckets.all.buckets : b.bucket_name => b.import_id }
  to       = buckt_imported_bucket.all[each.key]
  id       = each.value
}`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)},
		Steps: []resource.TestStep{
			{
				PreConfig: env.onlyOnEmulator("count the requests of planning an adoption").ResetStats,
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(`buckt_imported_bucket.all["adopt-0000"]`, plancheck.ResourceActionNoop),
					plancheck.ExpectResourceAction(`buckt_imported_bucket.all["adopt-0149"]`, plancheck.ResourceActionNoop),
					checkPlan(func() error {
						total := 0
						for _, n := range env.emu.Stats().Requests {
							total += n
						}
						t.Logf("planning the adoption of 150 buckets: %d requests: %v", total, env.emu.Stats().Requests)
						if perBucket := float64(total) / 150; perBucket > 0.1 {
							return fmt.Errorf("planning the adoption of 150 buckets cost %d requests (%.2f per bucket): %v",
								total, perBucket, env.emu.Stats().Requests)
						}
						return nil
					}),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(`buckt_imported_bucket.all["adopt-0042"]`, attr("bucket_name"), knownvalue.StringExact("adopt-0042")),
					checkFunc(func() error {
						if n := env.requests(t, emulator.RouteImportBuckets); n != 0 {
							return fmt.Errorf("the adoption imported %d times: it must only adopt", n)
						}
						return nil
					}),
				},
			},
			{Config: config, PlanOnly: true},
			{Config: config, Destroy: true}, // before the final destroy, whose state shim rejects for_each
		},
	})
}

// TestAccImportedBucket_importForEachNamesWhatIsNotInBucktYet: an import block
// iterated over the S3 listing instead of buckt_imported_buckets fails with an
// error naming every bucket Buckt does not manage yet, and how to fix it.
func TestAccImportedBucket_importForEachNamesWhatIsNotInBucktYet(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	aws := env.awsExclusive() // named by its 12-digit id: the only connection to it
	number := awsAccountID(aws)
	names := aws.buckets(t, 3)
	id := validatedOutsideTerraform(t, env, uniqueLabel(t, "adopt"), aws.roleARN())
	if _, err := env.client.ImportBuckets(env.ctx(), id, names[:1]); err != nil { // the other two are only in S3
		t.Fatal(err)
	}
	notInBuckt := func(first, second string) string {
		return `S3 bucket "` + regexp.QuoteMeta(first) + `" is not imported into Buckt.*S3 bucket "` + regexp.QuoteMeta(second) + `" is not imported`
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_7_0)},
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`data "buckt_aws_account" "prod" {
  id = %[1]q
}

# The buckets of this test: a real Buckt's test account may hold more.
data "buckt_aws_account_s3_buckets" "all" {
  aws_account = data.buckt_aws_account.prod.id
  name_regex  = %[2]q
}

resource "buckt_imported_bucket" "all" {
  for_each    = toset(data.buckt_aws_account_s3_buckets.all.names)
  aws_account = data.buckt_aws_account.prod.id
  bucket_name = each.value
}

import {
  for_each = toset(data.buckt_aws_account_s3_buckets.all.names)
  to       = buckt_imported_bucket.all[each.key]
  id       = "%[1]s/${each.key}"
}`, number, onlyNames(names))),
			ExpectError: wrapped(`(?s)(` + notInBuckt(names[1], names[2]) + `|` + notInBuckt(names[2], names[1]) + `).*buckt_imported_buckets`),
		}},
	})
}
