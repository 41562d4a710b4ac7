package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// permissionsPolicyFunction is `provider::buckt::permissions_policy`: the
// `permissions_policy_json` of `buckt_aws_iam_policy`, as an expression.
type permissionsPolicyFunction struct{}

var _ function.Function = permissionsPolicyFunction{}

// newPermissionsPolicyFunction is the provider's constructor of the function.
func newPermissionsPolicyFunction() function.Function { return permissionsPolicyFunction{} }

// Metadata names the function.
func (permissionsPolicyFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "permissions_policy"
}

// Definition describes the function's parameters and result.
func (permissionsPolicyFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "The permissions policy of the role Buckt assumes",
		MarkdownDescription: "Writes the permissions policy of the role Buckt assumes: `s3:ListAllMyBuckets` and " +
			"`s3:GetBucketLocation` account-wide, bucket and object actions on the given buckets. The same JSON as the " +
			"`permissions_policy_json` of the `buckt_aws_iam_policy` data source for the same bucket names and the " +
			"partition of its `principal_arn`, for `aws_iam_role_policy.policy`. Without a principal to take it from, " +
			"the bucket ARNs are in the partition given as the optional last argument, `aws` by default. Pure: it makes " +
			"no API call. Terraform 1.8 or later, OpenTofu 1.7 or later.",
		Parameters: []function.Parameter{
			function.ListParameter{
				Name:        "bucket_names",
				ElementType: types.StringType,
				MarkdownDescription: "Names of the S3 buckets Buckt may manage, e.g. `[\"legacy-marketing\"]`, in the order " +
					"they appear in the policy, each once; `[]` covers every bucket of the account. A name has 3 to 63 " +
					"lowercase letters, digits, dots and hyphens, or, for a bucket created in us-east-1 before March 2018, " +
					"up to 255 letters, digits, dots, hyphens and underscores.",
			},
		},
		VariadicParameter: partitionParameter(),
		Return:            function.StringReturn{},
	}
}

// Run checks the arguments as the data source does and writes the policy with
// the data source's builder.
func (permissionsPolicyFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var elements []types.String
	var partitions []string
	resp.Error = req.Arguments.Get(ctx, &elements, &partitions)
	if resp.Error != nil {
		return
	}
	names, funcErr := bucketNamesArgument(ctx, 0, elements)
	if funcErr != nil {
		resp.Error = funcErr
		return
	}
	partition, funcErr := partitionArgument(ctx, 1, partitions)
	if funcErr != nil {
		resp.Error = funcErr
		return
	}
	policy, err := bucktPermissionsPolicyJSON(partition, names)
	if err != nil {
		resp.Error = function.NewFuncError("writing the permissions policy: " + err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, policy)
}

// bucketNamesArgument is the bucket names of the list at position, each
// checked as the data source checks its bucket_names: not null, a name S3 has
// ever accepted, named once.
func bucketNamesArgument(ctx context.Context, position int64, elements []types.String) ([]string, *function.FuncError) {
	names := make([]string, 0, len(elements))
	seen := make(map[string]int, len(elements))
	for i, name := range elements {
		if name.IsNull() {
			return nil, function.NewArgumentFuncError(position, fmt.Sprintf(
				`Argument bucket_names[%d] is null; expected a list of S3 bucket names such as ["legacy-marketing"]`, i))
		}
		at := path.Root("bucket_names").AtListIndex(i)
		if err := checkStringArgument(ctx, position, at, name.ValueString(), s3BucketNameValidator()); err != nil {
			return nil, err
		}
		if first, ok := seen[name.ValueString()]; ok {
			return nil, function.NewArgumentFuncError(position, fmt.Sprintf(
				"Argument %s: %q is also bucket_names[%d]; each bucket may be named only once", at, name.ValueString(), first))
		}
		seen[name.ValueString()] = i
		names = append(names, name.ValueString())
	}
	return names, nil
}
