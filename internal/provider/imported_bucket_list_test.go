package provider

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// TestAccImportedBucketList_byConnection finds the buckets imported through
// one connection, named by the connection's awa_ id or its 12-digit id, by
// name prefix too; each named by its bucket name, with include_resource the
// object the resource's Read would write.
func TestAccImportedBucketList_byConnection(t *testing.T) {
	skipWithoutQuery(t)
	t.Parallel()
	env, f := fixtureEnv(t, true) // names the connection by its 12-digit id
	byAWAID := queryBlock{typ: "buckt_imported_bucket", name: "by_awa_id", includeResource: true,
		filters: map[string]string{"aws_account": f.prod}}
	byNumber := queryBlock{typ: "buckt_imported_bucket", name: "by_number", filters: map[string]string{"aws_account": f.awsAccountID}}
	first := f.bucketIDs()[0]
	byPrefix := queryBlock{typ: "buckt_imported_bucket", name: "by_prefix",
		filters: map[string]string{"aws_account": f.prod, "name_prefix": f.buckets[first]}}
	prefixed := map[string]string{}
	for id, name := range f.buckets {
		if strings.HasPrefix(name, f.buckets[first]) {
			prefixed[id] = name
		}
	}
	checks := expectFound(byAWAID, "id", f.bucketNames())
	checks = append(checks, expectFound(byNumber, "id", f.bucketNames())...)
	checks = append(checks, expectFound(byPrefix, "id", prefixed)...)
	checks = append(checks, querycheck.ExpectResourceKnownValues(byAWAID.address(), byID("id", first), []querycheck.KnownValueCheck{
		{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(first)},
		{Path: tfjsonpath.New("aws_account"), KnownValue: knownvalue.StringExact(f.prod)},
		{Path: tfjsonpath.New("bucket_name"), KnownValue: knownvalue.StringExact(f.buckets[first])},
		{Path: tfjsonpath.New("created_at"), KnownValue: knownvalue.StringRegexp(timestampForm)},
	}))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   queryCLIs,
		Steps: []resource.TestStep{
			{Config: env.config("")},
			{Query: true, Config: queryFile(byAWAID, byNumber, byPrefix), QueryResultChecks: checks},
		},
	})
}

// TestAccImportedBucketList_everyBucket: without a filter the list finds the
// buckets of every connection (in a real Buckt, among other tests' buckets).
func TestAccImportedBucketList_everyBucket(t *testing.T) {
	skipWithoutQuery(t)
	t.Parallel()
	env, f := fixtureEnv(t, false)
	all := queryBlock{typ: "buckt_imported_bucket", name: "all", limit: limitAbove}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   queryCLIs,
		Steps: []resource.TestStep{
			{Config: env.config("")},
			{Query: true, Config: queryFile(all), QueryResultChecks: env.expectListed(all, "id", f.bucketNames())},
		},
	})
}

// TestAccImportedBucketList_aConnectionThatDoesNotExistFails: aws_account
// naming no connection, by 12-digit id or by awa_ id, fails naming the filter
// instead of finding nothing.
func TestAccImportedBucketList_aConnectionThatDoesNotExistFails(t *testing.T) {
	skipWithoutQuery(t)
	env := newTestEnv(t, emulator.Options{})
	query := func(awsAccount string) string {
		return queryFile(queryBlock{typ: "buckt_imported_bucket", name: "x", filters: map[string]string{"aws_account": awsAccount}})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   queryCLIs,
		Steps: []resource.TestStep{
			{Config: env.config("")},
			{
				Query:       true,
				Config:      query("999999999999"),
				ExpectError: regexp.MustCompile(`connection of aws_account[\s\S]*aws_account = "999999999999": no Buckt connection has AWS account id 999999999999`),
			},
			{
				Query:       true,
				Config:      query("awa_00000000000000000000000000"),
				ExpectError: regexp.MustCompile(`aws_account = "awa_00000000000000000000000000": [\s\S]*HTTP 404[\s\S]*No connection has this id`),
			},
		},
	})
}
