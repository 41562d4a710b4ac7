package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	fwattr "github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/buckt/terraform-provider-buckt/internal/awsnames"
	"github.com/buckt/terraform-provider-buckt/internal/emulator"
)

// expectTrue expects the bool output name to be true.
func expectTrue(name string) statecheck.StateCheck {
	return statecheck.ExpectKnownOutputValue(name, knownvalue.Bool(true))
}

func TestAccFunctionPoliciesEqualTheDataSource(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	config := env.config(fmt.Sprintf(`locals {
  principal   = %[1]q
  china       = "arn:aws-cn:iam::999988887777:role/BucktService"
  external_id = "ext_aBcD1234"
  buckets     = ["legacy-marketing", "Legacy_Sales"]
  patterns    = ["logs-*", "media-??"]
  keys        = ["arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
}

data "buckt_aws_iam_policy" "kms" {
  principal_arn = local.principal
  external_id   = local.external_id
  bucket_names  = local.patterns
  kms_key_arns  = local.keys
}

data "buckt_aws_iam_policy" "scoped" {
  principal_arn = local.principal
  external_id   = local.external_id
  bucket_names  = local.buckets
}

data "buckt_aws_iam_policy" "all" {
  principal_arn = local.principal
  external_id   = local.external_id
}

data "buckt_aws_iam_policy" "china" {
  principal_arn = local.china
  external_id   = local.external_id
  bucket_names  = local.buckets
}

output "trust" {
  value = provider::buckt::assume_role_policy(local.principal, local.external_id)
}

output "same_trust" {
  value = provider::buckt::assume_role_policy(local.principal, local.external_id) == data.buckt_aws_iam_policy.scoped.assume_role_policy_json
}

output "same_china_trust" {
  value = provider::buckt::assume_role_policy(local.china, local.external_id) == data.buckt_aws_iam_policy.china.assume_role_policy_json
}

output "same_scoped" {
  value = provider::buckt::permissions_policy(local.buckets, []) == data.buckt_aws_iam_policy.scoped.permissions_policy_json
}

output "same_kms" {
  value = provider::buckt::permissions_policy(local.patterns, local.keys) == data.buckt_aws_iam_policy.kms.permissions_policy_json
}

output "kms" {
  value = data.buckt_aws_iam_policy.kms.permissions_policy_json
}

output "same_all" {
  value = provider::buckt::permissions_policy([], []) == data.buckt_aws_iam_policy.all.permissions_policy_json
}

output "same_explicit_aws" {
  value = provider::buckt::permissions_policy(local.buckets, [], "aws") == data.buckt_aws_iam_policy.scoped.permissions_policy_json
}

output "same_china" {
  value = provider::buckt::permissions_policy(local.buckets, [], "aws-cn") == data.buckt_aws_iam_policy.china.permissions_policy_json
}
`, emulator.PrincipalARN))
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   functionsVersions,
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             checkNoRequests(env),
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("trust", knownvalue.StringFunc(func(doc string) error {
					var p policyDoc
					if err := json.Unmarshal([]byte(doc), &p); err != nil {
						return err
					}
					if s := p.Statement[0]; s.Principal["AWS"] != emulator.PrincipalARN || s.Condition["StringEquals"]["sts:ExternalId"] != "ext_aBcD1234" {
						return fmt.Errorf("trust policy %s does not name the principal and the external id", doc)
					}
					return nil
				})),
				expectTrue("same_trust"),
				expectTrue("same_china_trust"),
				expectTrue("same_scoped"),
				expectTrue("same_kms"),
				statecheck.ExpectKnownOutputValue("kms", knownvalue.StringFunc(func(doc string) error {
					var p struct {
						Statement []struct {
							Sid              string
							Action, Resource []string
						}
					}
					if err := json.Unmarshal([]byte(doc), &p); err != nil {
						return err
					}
					if len(p.Statement) != 4 {
						return fmt.Errorf("policy %s: want 4 statements", doc)
					}
					buckets, kms := p.Statement[1], p.Statement[3]
					if !slices.Equal(buckets.Resource, []string{"arn:aws:s3:::logs-*", "arn:aws:s3:::media-??"}) ||
						!slices.Equal(kms.Action, []string{"kms:Decrypt", "kms:GenerateDataKey"}) ||
						!slices.Equal(kms.Resource, []string{"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}) {
						return fmt.Errorf("policy %s: want the patterns as bucket ARNs and the KMS actions on the key", doc)
					}
					return nil
				})),
				expectTrue("same_all"),
				expectTrue("same_explicit_aws"),
				expectTrue("same_china"),
			},
		}},
	})
}

func TestAccFunctionRoleARN(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   functionsVersions,
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             checkNoRequests(env),
		Steps: []resource.TestStep{{
			Config: env.config(`output "default" {
  value = provider::buckt::role_arn("111122223333", "BucktAccess")
}

output "china" {
  value = provider::buckt::role_arn("111122223333", "buckt/BucktAccess", "aws-cn")
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("default", knownvalue.StringExact("arn:aws:iam::111122223333:role/BucktAccess")),
				statecheck.ExpectKnownOutputValue("china", knownvalue.StringExact("arn:aws-cn:iam::111122223333:role/buckt/BucktAccess")),
			},
		}},
	})
}

func TestAccFunctionBadArgumentsNameTheArgumentAndTheForm(t *testing.T) {
	env := newTestEnv(t, emulator.Options{})
	long := strings.Repeat("r", 65)
	cases := []struct{ call, want string }{
		{`assume_role_policy("arn:aws:s3:::bucket", "ext_aBcD1234")`,
			`Argument principal_arn must be an IAM principal ARN such as arn:aws:iam::999988887777:role/BucktService, got: "arn:aws:s3:::bucket"`},
		{`assume_role_policy("arn:awsx:iam::999988887777:role/BucktService", "ext_aBcD1234")`,
			`Argument principal_arn: "awsx" is not an AWS partition; expected one of aws, aws-cn, aws-us-gov,`},
		{`assume_role_policy("arn:aws:iam::999988887777:role/BucktService", "aBcD1234")`,
			`Argument external_id must be the external_id of a buckt_aws_account, such as ext_aBcD1234, got: aBcD1234`},
		{`permissions_policy(["bad name"], [])`,
			`Argument bucket_names[0]: "bad name" can never be an S3 bucket name`},
		{`permissions_policy(["logs *"], [])`,
			`Argument bucket_names[0]: "logs *" is not a pattern of S3 bucket names`},
		{`permissions_policy(["logs-a", null], [])`,
			`Argument bucket_names[1] is null; expected a list such as ["legacy-marketing"]`},
		{`permissions_policy(["logs-a", "logs-b", "logs-a"], [])`,
			`Argument bucket_names[2]: "logs-a" is also bucket_names[0]; each may be named only once`},
		{`permissions_policy([], ["arn:aws:kms:us-east-1:111122223333:alias/s3"])`,
			`Argument kms_key_arns[0] must be a KMS key ARN such as arn:aws:kms:us-east-1:111122223333:key/`},
		{`permissions_policy([], [], "aws-moon")`,
			`Argument partition value must be one of: ["aws" "aws-cn"`},
		{`permissions_policy([], [], "aws", "aws-cn")`,
			`Argument partition: give at most one partition, such as "aws-cn"`},
		{`role_arn("11112222333", "BucktAccess")`,
			`Argument aws_account_id must be a 12-digit AWS account id such as 111122223333, got: 11112222333`},
		{`role_arn("111122223333", "/buckt/BucktAccess")`,
			`Argument role_name must be an IAM role name such as "BucktAccess" or, with a path, "buckt/BucktAccess"`},
		{`role_arn("111122223333", "` + long + `")`,
			`Argument role_name must be an IAM role name such as "BucktAccess"`},
		{`role_arn("111122223333", "BucktAccess", "awsx")`,
			`Argument partition value must be one of: ["aws" "aws-cn"`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, tc := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.config(fmt.Sprintf("output \"x\" {\n  value = provider::buckt::%s\n}\n", tc.call)),
			ExpectError: wrapped(regexp.QuoteMeta(tc.want)),
		})
	}
	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   functionsVersions,
		ProtoV6ProviderFactories: testProviders,
		CheckDestroy:             checkNoRequests(env),
		Steps:                    steps,
	})
}

// runRoleARN calls role_arn's Run directly with the given partitions.
func runRoleARN(t *testing.T, accountID, roleName string, partitions ...string) (string, *function.FuncError) {
	t.Helper()
	elementTypes, values := make([]fwattr.Type, len(partitions)), make([]fwattr.Value, len(partitions))
	for i, p := range partitions {
		elementTypes[i], values[i] = types.StringType, types.StringValue(p)
	}
	resp := function.RunResponse{Result: function.NewResultData(types.StringUnknown())}
	roleARNFunction{}.Run(context.Background(), function.RunRequest{Arguments: function.NewArgumentsData([]fwattr.Value{
		types.StringValue(accountID), types.StringValue(roleName), types.TupleValueMust(elementTypes, values),
	})}, &resp)
	got, _ := resp.Result.Value().(types.String)
	return got.ValueString(), resp.Error
}

func TestFunctionRoleARNRoleNames(t *testing.T) {
	prefix511 := strings.Repeat("p/", 254) + "pp/" // the longest path prefix
	cases := []struct {
		name string
		ok   bool
	}{
		{"BucktAccess", true},
		{"a", true},
		{"Buckt+=,.@_-Access", true},
		{strings.Repeat("r", 64), true},
		{strings.Repeat("r", 65), false},
		{"buckt/team/BucktAccess", true},
		{prefix511 + "BucktAccess", true},
		{"x" + prefix511 + "BucktAccess", false},
		{"", false},
		{"/buckt/BucktAccess", false},
		{"buckt/", false},
		{"buckt//BucktAccess", false},
		{"Buckt Access", false},
		{"Bückt", false},
	}
	for _, tc := range cases {
		arn, err := runRoleARN(t, "111122223333", tc.name)
		switch {
		case tc.ok && err != nil:
			t.Errorf("role name %q refused: %v", tc.name, err)
		case tc.ok && !awsnames.RoleARN.MatchString(arn):
			t.Errorf("role name %q gave %q, which the role_arn attribute refuses", tc.name, arn)
		case !tc.ok && (err == nil || *err.FunctionArgument != 1):
			t.Errorf("role name %q: want an error on argument 1, got %q, %v", tc.name, arn, err)
		}
	}
}

func TestFunctionRoleARNPartitions(t *testing.T) {
	for _, partition := range awsnames.Partitions {
		arn, err := runRoleARN(t, "111122223333", "BucktAccess", partition)
		if want := "arn:" + partition + ":iam::111122223333:role/BucktAccess"; err != nil || arn != want {
			t.Errorf("partition %s: got %q, %v; want %q", partition, arn, err, want)
		}
	}
	if _, err := runRoleARN(t, "111122223333", "BucktAccess", "aws", "aws-cn"); err == nil || *err.FunctionArgument != 3 {
		t.Errorf("two partitions: want an error on the second (argument 3), got %v", err)
	}
}

// TestFunctionsAreDescribed: each function has a summary and a description,
// and each parameter a description showing an example in `code`.
func TestFunctionsAreDescribed(t *testing.T) {
	ctx := context.Background()
	p, _ := New("test")().(provider.ProviderWithFunctions)
	for _, newFunction := range p.Functions(ctx) {
		f := newFunction()
		var meta function.MetadataResponse
		f.Metadata(ctx, function.MetadataRequest{}, &meta)
		var def function.DefinitionResponse
		f.Definition(ctx, function.DefinitionRequest{}, &def)
		if def.Definition.Summary == "" || def.Definition.MarkdownDescription == "" {
			t.Errorf("function %s has no Summary or MarkdownDescription", meta.Name)
		}
		params := def.Definition.Parameters
		if def.Definition.VariadicParameter != nil {
			params = append(params, def.Definition.VariadicParameter)
		}
		for _, param := range params {
			if param.GetName() == "" || !strings.Contains(param.GetMarkdownDescription(), "`") {
				t.Errorf("function %s: parameter %q has no name or no example in `code`", meta.Name, param.GetName())
			}
		}
	}
}
