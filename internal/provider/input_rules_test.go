package provider

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// One rule per kind of input, wherever it is typed: a role ARN refused by the
// role_arn function is refused by every role_arn argument, at plan, and an
// argument that stores a connection (a resource's aws_account) refuses the
// 12-digit AWS account id with the same hint everywhere.
func TestAccInputRules_sameRuleEverywhere(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	const spaced = "arn:aws:iam::111122223333:role/Buckt Access"
	roleRule := `(?s)role_arn must be an IAM role ARN such as.*no spaces\), got: "` + regexp.QuoteMeta(spaced) + `"`
	twelveDigits := `(?s)AWS account id given where a connection id is expected.*aws_account takes the Buckt connection id \(awa_...\)`
	plan := func(body, want string) resource.TestStep {
		return resource.TestStep{Config: env.config(body), PlanOnly: true, ExpectError: wrapped(want)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             checkNoRequests(env),
		Steps: []resource.TestStep{
			plan(fmt.Sprintf(`resource "buckt_aws_account" "test" {
  role_arn = %q
}`, spaced), roleRule),
			plan(fmt.Sprintf(`resource "buckt_aws_account_role" "prod" {
  aws_account = "awa_01H8XYZABCDEFGHJKMNPQRSTVW"
  role_arn    = %q
}`, spaced), roleRule),
			plan(`resource "buckt_aws_account_role" "prod" {
  aws_account = "111122223333"
  role_arn    = "arn:aws:iam::111122223333:role/BucktAccess"
}`, twelveDigits),
			plan(`resource "buckt_imported_bucket" "test" {
  aws_account = "111122223333"
  bucket_name = "logs"
}`, twelveDigits),
			plan(`data "buckt_aws_iam_policy" "x" {
  external_id   = "ext_aBcD1234"
  principal_arn = "arn:aws:iam::999988887777:role/BucktService"
  kms_key_arns  = ["arn:aws:kms:us-east-1:111122223333:alias/s3"]
}`, `kms_key_arns\[0\] must be a KMS key ARN such as arn:aws:kms:`),
		},
	})
}

// The role_arn function refuses the role name role_arn arguments refuse.
func TestAccInputRules_roleARNFunctionAgrees(t *testing.T) {
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		TerraformVersionChecks:   functionsVersions,
		Steps: []resource.TestStep{{
			Config:      providerSource + `output "arn" { value = provider::buckt::role_arn("111122223333", "Buckt Access") }`,
			ExpectError: wrapped(`Argument role_name must be an IAM role name`),
		}},
	})
}

// An api_key set to "" is an error, not a silent fall-back to BUCKT_API_KEY,
// which would send another key than the configuration names.
func TestAccInputRules_emptyAPIKeyIsAnError(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	t.Setenv(envAPIKey, env.apiKey)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		Steps: []resource.TestStep{
			{
				Config: providerSource + fmt.Sprintf(`provider "buckt" {
  endpoint = %q
  api_key  = ""
}
data "buckt_aws_accounts" "all" {}`, env.endpoint),
				ExpectError: wrapped(`(?s)Blank Buckt API key.*api_key in the provider "buckt" block\) is empty`),
			},
			{
				// Left out, it comes from the environment.
				Config: providerSource + fmt.Sprintf(`provider "buckt" {
  endpoint = %q
}
data "buckt_aws_accounts" "all" {}`, env.endpoint),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.buckt_aws_accounts.all", tfjsonpath.New("aws_accounts"), knownvalue.NotNull()),
				},
			},
		},
	})
}

// Every data source that reads a connection takes the 12-digit AWS account id
// of a validated one, buckt_aws_account_s3_buckets too.
func TestAccInputRules_dataSourcesTakeTheAWSAccountID(t *testing.T) {
	t.Parallel()
	env := newTestEnv(t, emulator.Options{})
	aws := env.awsExclusive() // named by its 12-digit id: the only connection to it
	names := aws.buckets(t, 2)
	each := []knownvalue.Check{knownvalue.StringExact(names[0]), knownvalue.StringExact(names[1])}
	var listed knownvalue.Check = knownvalue.SetPartial(each) // a real test account may have more buckets
	if env.emu != nil {
		listed = knownvalue.ListExact(each) // the emulator's has exactly these
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             env.checkNothingLeft,
		Steps: []resource.TestStep{
			{Config: env.config(prodConnection(withRole(aws.roleARN())))},
			{
				Config: env.config(prodConnection(withRole(aws.roleARN())) + fmt.Sprintf(`data "buckt_aws_account_s3_buckets" "by_number" {
  aws_account = %q
}`, awsAccountID(aws))),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("data.buckt_aws_account_s3_buckets.by_number", tfjsonpath.New("names"), listed),
				},
			},
		},
	})
}
