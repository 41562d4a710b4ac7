package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/querycheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// TestAccAWSAccountRoleList_filterByAWSAccountID finds the one connection
// validated in the test AWS account, as an attachment that carries the role
// and the stack: the part of the connection the connection's list leaves out.
func TestAccAWSAccountRoleList_filterByAWSAccountID(t *testing.T) {
	skipWithoutQuery(t)
	t.Parallel()
	env, f := fixtureEnv(t, true) // filters by the 12-digit id
	byNumber := queryBlock{typ: "buckt_aws_account_role", name: "by_number", includeResource: true,
		filters: map[string]string{"aws_account_id": f.awsAccountID}}
	checks := expectFound(byNumber, "aws_account", map[string]string{f.prod: f.label("prod") + " (" + f.awsAccountID + ")"})
	checks = append(checks, querycheck.ExpectResourceKnownValues(byNumber.address(), byID("aws_account", f.prod), []querycheck.KnownValueCheck{
		{Path: tfjsonpath.New("id"), KnownValue: knownvalue.StringExact(f.prod)},
		{Path: tfjsonpath.New("aws_account"), KnownValue: knownvalue.StringExact(f.prod)},
		{Path: tfjsonpath.New("role_arn"), KnownValue: knownvalue.StringExact(f.roleARN)},
		{Path: tfjsonpath.New("stack_id"), KnownValue: knownvalue.StringExact(f.stackID)},
		{Path: tfjsonpath.New("status"), KnownValue: knownvalue.StringExact("active")},
		{Path: tfjsonpath.New("aws_account_id"), KnownValue: knownvalue.StringExact(f.awsAccountID)},
		{Path: tfjsonpath.New("last_validated_at"), KnownValue: knownvalue.StringRegexp(timestampForm)},
		{Path: tfjsonpath.New("timeouts"), KnownValue: knownvalue.Null()},
	}))
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   queryCLIs,
		Steps: []resource.TestStep{
			{Config: env.config("")},
			{Query: true, Config: queryFile(byNumber), QueryResultChecks: checks},
		},
	})
}

// TestAccAWSAccountRoleList_onlyConnectionsWithARole: without a filter the
// list finds the connections that have a role, validated or not, and none of
// those without (in a real Buckt, among other tests' connections).
func TestAccAWSAccountRoleList_onlyConnectionsWithARole(t *testing.T) {
	skipWithoutQuery(t)
	t.Parallel()
	env, f := fixtureEnv(t, false)
	all := queryBlock{typ: "buckt_aws_account_role", name: "all", limit: limitAbove}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   queryCLIs,
		Steps: []resource.TestStep{
			{Config: env.config("")},
			{
				Query:  true,
				Config: queryFile(all),
				// The failed connection's role never validated: no 12-digit id to show.
				QueryResultChecks: env.expectListed(all, "aws_account", map[string]string{
					f.prod:   f.label("prod") + " (" + f.awsAccountID + ")",
					f.failed: f.label("failed"),
				}, f.pending),
			},
		},
	})
}
