package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/buckt/terraform-provider-buckt/internal/awspolicy"
)

// assumeRolePolicyFunction is `provider::buckt::assume_role_policy`: the
// `assume_role_policy_json` of `buckt_aws_iam_policy`, as an expression.
type assumeRolePolicyFunction struct{}

var _ function.Function = assumeRolePolicyFunction{}

// newAssumeRolePolicyFunction is the provider's constructor of the function.
func newAssumeRolePolicyFunction() function.Function { return assumeRolePolicyFunction{} }

// Metadata names the function.
func (assumeRolePolicyFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "assume_role_policy"
}

// Definition describes the function's parameters and result.
func (assumeRolePolicyFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The trust policy of the role Buckt assumes",
		MarkdownDescription: "Writes the trust policy of the role Buckt assumes: Buckt's principal may call " +
			"`sts:AssumeRole` on the condition `sts:ExternalId` = the connection's `external_id`. The same JSON as the " +
			"`assume_role_policy_json` of the `buckt_aws_iam_policy` data source for the same inputs, for " +
			"`aws_iam_role.assume_role_policy`. Pure: it makes no API call. Terraform 1.8 or later, OpenTofu 1.7 or later.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name: "principal_arn",
				MarkdownDescription: "Buckt's AWS principal, as the Buckt dashboard's CloudFormation template shows it, " +
					"e.g. `\"arn:aws:iam::999988887777:role/BucktService\"`, in any AWS partition.",
			},
			function.StringParameter{
				Name:                "external_id",
				MarkdownDescription: "The connection's external id, e.g. `buckt_aws_account.production.external_id` (`\"ext_aBcD1234\"`).",
			},
		},
		Return: function.StringReturn{},
	}
}

// Run checks the arguments as the data source does and writes the policy with
// the data source's builder.
func (assumeRolePolicyFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var principalARN, externalID string
	resp.Error = req.Arguments.Get(ctx, &principalARN, &externalID)
	if resp.Error != nil {
		return
	}
	resp.Error = firstFuncError(
		checkStringArgument(ctx, 0, path.Root("principal_arn"), principalARN, principalARNValidator()),
		checkStringArgument(ctx, 1, path.Root("external_id"), externalID, externalIDValidator()),
	)
	if resp.Error != nil {
		return
	}
	policy, err := awspolicy.AssumeRoleJSON(principalARN, externalID)
	if err != nil {
		resp.Error = function.NewFuncError("writing the trust policy: " + err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, policy)
}
