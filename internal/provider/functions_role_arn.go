package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/buckt/terraform-provider-buckt/internal/awsnames"
)

// roleARNFunction is `provider::buckt::role_arn`: the ARN of an IAM role from
// its account and name, checked before any API call.
type roleARNFunction struct{}

var _ function.Function = roleARNFunction{}

// newRoleARNFunction is the provider's constructor of the function.
func newRoleARNFunction() function.Function { return roleARNFunction{} }

// Metadata names the function.
func (roleARNFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "role_arn"
}

// Definition describes the function's parameters and result.
func (roleARNFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The ARN of an IAM role, from its account id and name",
		MarkdownDescription: "Builds the ARN `arn:<partition>:iam::<aws_account_id>:role/<role_name>` of an IAM role, " +
			"e.g. for `buckt_aws_account.role_arn` when the role is created elsewhere, and checks its parts so that a " +
			"typo fails at plan. Pure: it makes no API call. Terraform 1.8 or later, OpenTofu 1.7 or later.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "aws_account_id",
				MarkdownDescription: "The 12-digit id of the AWS account of the role, e.g. `\"111122223333\"`.",
			},
			function.StringParameter{
				Name: "role_name",
				MarkdownDescription: "The role's name, e.g. `\"BucktAccess\"`: 1 to 64 letters, digits and `+=,.@_-`. " +
					"A role created with a path gives it as a prefix, e.g. `\"buckt/BucktAccess\"` for path `/buckt/`: " +
					"segments of the same characters, each followed by `/`, at most 511 characters in all, with no " +
					"leading `/`.",
			},
		},
		VariadicParameter: partitionParameter(),
		Return:            function.StringReturn{},
	}
}

// Run checks the parts and joins them.
func (roleARNFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var accountID, roleName string
	var partitions []string
	resp.Error = req.Arguments.Get(ctx, &accountID, &roleName, &partitions)
	if resp.Error != nil {
		return
	}
	resp.Error = firstFuncError(
		checkStringArgument(ctx, 0, path.Root("aws_account_id"), accountID, stringvalidator.RegexMatches(awsnames.AccountID,
			"must be a 12-digit AWS account id such as 111122223333")),
		roleNameError(1, roleName),
	)
	if resp.Error != nil {
		return
	}
	partition, funcErr := partitionArgument(ctx, 2, partitions)
	if funcErr != nil {
		resp.Error = funcErr
		return
	}
	resp.Error = resp.Result.Set(ctx, "arn:"+partition+":iam::"+accountID+":role/"+roleName)
}

// roleNameError is the error of the role_name argument at position, or nil
// when name is a role name with an optional path prefix.
func roleNameError(position int64, name string) *function.FuncError {
	if awsnames.IsRoleName(name) {
		return nil
	}
	return function.NewArgumentFuncError(position, fmt.Sprintf(`Argument role_name must be an IAM role name such as `+
		`"BucktAccess" or, with a path, "buckt/BucktAccess": 1 to 64 letters, digits and +=,.@_-, after an optional `+
		`path prefix of segments of the same characters each followed by / (no leading /, at most %d characters), got: %q`,
		awsnames.MaxRolePathPrefix, name))
}
