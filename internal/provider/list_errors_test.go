package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// TestAccListResources_badFiltersFailBeforeAnyRequest: a filter of the wrong
// form fails when the query is validated, naming the attribute and the form
// it takes, and no request reaches the API.
func TestAccListResources_badFiltersFailBeforeAnyRequest(t *testing.T) {
	skipWithoutQuery(t)
	env := newTestEnv(t, emulator.Options{})
	step := func(typ, attribute, value, want string) resource.TestStep {
		return resource.TestStep{
			Query:       true,
			Config:      queryFile(queryBlock{typ: typ, name: "bad", filters: map[string]string{attribute: value}}),
			ExpectError: regexp.MustCompile(regexp.QuoteMeta("Attribute "+attribute+" ") + want),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   queryCLIs,
		CheckDestroy:             checkNoRequests(env),
		Steps: []resource.TestStep{
			{Config: env.config("")},
			step("buckt_aws_account", "status", "validated", `value must be one of: \["pending" "active" "failed"\], got: "validated"`),
			step("buckt_aws_account", "aws_account_id", "awa_01H8XYZ", `must be a 12-digit AWS account id`),
			step("buckt_aws_account_role", "aws_account_id", "11112222333", `must be a 12-digit AWS account id`),
			step("buckt_imported_bucket", "aws_account", "production", `must be a Buckt AWS account connection id`),
		},
	})
}

// TestAccListResources_apiErrorsQuoteTheAPI: a listing the API refuses fails
// with the list's own summary and the API's answer, and names the filter that
// scoped the request.
func TestAccListResources_apiErrorsQuoteTheAPI(t *testing.T) {
	skipWithoutQuery(t)
	skipAgainstRealBuckt(t, "make the API refuse listings")
	env, f := fixtureEnv(t, false)
	refuse := func(route string) func() {
		return func() { env.emu.AddFaultRule(emulator.FaultRule{Route: route, Status: 403, Times: 1}) }
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   queryCLIs,
		Steps: []resource.TestStep{
			{Config: env.config("")},
			{
				PreConfig:   refuse(emulator.RouteListAWSAccounts),
				Query:       true,
				Config:      queryFile(queryBlock{typ: "buckt_aws_account", name: "all"}),
				ExpectError: regexp.MustCompile(`Error listing AWS account connections[\s\S]*GET /v1/aws-accounts answered HTTP 403`),
			},
			{
				PreConfig:   refuse(emulator.RouteListAWSAccounts),
				Query:       true,
				Config:      queryFile(queryBlock{typ: "buckt_aws_account_role", name: "all"}),
				ExpectError: regexp.MustCompile(`Error listing IAM role attachments[\s\S]*GET /v1/aws-accounts answered HTTP 403`),
			},
			{
				PreConfig: refuse(emulator.RouteListBuckets),
				Query:     true,
				Config:    queryFile(queryBlock{typ: "buckt_imported_bucket", name: "prod", filters: map[string]string{"aws_account": f.prod}}),
				ExpectError: regexp.MustCompile(`Error listing imported buckets[\s\S]*of aws_account = "` + f.prod +
					`"[\s\S]*GET /v1/buckets answered HTTP 403`),
			},
		},
	})
}
