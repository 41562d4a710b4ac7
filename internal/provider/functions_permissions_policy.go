package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/function"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/awspolicy"
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
			"`s3:GetBucketLocation` account-wide, bucket and object actions on the given buckets, and the KMS actions " +
			"SSE-KMS objects need on the given keys. The same JSON as the `permissions_policy_json` of the " +
			"`buckt_aws_iam_policy` data source for the same bucket names, KMS keys and the " +
			"partition of its `principal_arn`, for `aws_iam_role_policy.policy`. Without a principal to take it from, " +
			"the bucket ARNs are in the partition given as the optional last argument, `aws` by default. Pure: it makes " +
			"no API call. Terraform 1.8 or later, OpenTofu 1.7 or later.",
		Parameters: []function.Parameter{
			function.ListParameter{
				Name:        "bucket_names",
				ElementType: types.StringType,
				MarkdownDescription: "Names of the S3 buckets Buckt may manage, e.g. `[\"legacy-marketing\"]`, or patterns " +
					"of names with the wildcards `*` and `?`, e.g. `[\"logs-*\"]`, in the order they appear in the policy, " +
					"each once; `[]` covers every bucket of the account. A name has 3 to 63 lowercase letters, digits, " +
					"dots and hyphens, or, for a bucket created in us-east-1 before March 2018, up to 255 letters, digits, " +
					"dots, hyphens and underscores.",
			},
			function.ListParameter{
				Name:        "kms_key_arns",
				ElementType: types.StringType,
				MarkdownDescription: "ARNs of the KMS keys that encrypt the buckets (SSE-KMS), e.g. " +
					"`[\"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\"]`, each once: the " +
					"policy then allows `kms:Decrypt` and `kms:GenerateDataKey` on them. `[]` for buckets without SSE-KMS.",
			},
		},
		VariadicParameter: partitionParameter(),
		Return:            function.StringReturn{},
	}
}

// Run checks the arguments as the data source does and writes the policy with
// the data source's builder.
func (permissionsPolicyFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var bucketElements, keyElements []types.String
	var partitions []string
	resp.Error = req.Arguments.Get(ctx, &bucketElements, &keyElements, &partitions)
	if resp.Error != nil {
		return
	}
	names, funcErr := stringListArgument(ctx, 0, "bucket_names", `["legacy-marketing"]`, bucketElements, s3BucketPatternValidator())
	if funcErr != nil {
		resp.Error = funcErr
		return
	}
	keys, funcErr := stringListArgument(ctx, 1, "kms_key_arns", `["arn:aws:kms:us-east-1:111122223333:key/1234abcd-..."]`,
		keyElements, kmsKeyARNValidator())
	if funcErr != nil {
		resp.Error = funcErr
		return
	}
	partition, funcErr := partitionArgument(ctx, 2, partitions)
	if funcErr != nil {
		resp.Error = funcErr
		return
	}
	policy, err := awspolicy.PermissionsJSON(partition, names, keys)
	if err != nil {
		resp.Error = function.NewFuncError("writing the permissions policy: " + err.Error())
		return
	}
	resp.Error = resp.Result.Set(ctx, policy)
}

// stringListArgument is the strings of the list argument name at position,
// each checked as the data source checks the attribute of that name with v:
// not null, valid, given once. example shows a valid list.
func stringListArgument(ctx context.Context, position int64, name, example string, elements []types.String,
	v validator.String) ([]string, *function.FuncError) {
	values := make([]string, 0, len(elements))
	seen := make(map[string]int, len(elements))
	for i, element := range elements {
		if element.IsNull() {
			return nil, function.NewArgumentFuncError(position, fmt.Sprintf(
				`Argument %s[%d] is null; expected a list such as %s`, name, i, example))
		}
		at := path.Root(name).AtListIndex(i)
		if err := checkStringArgument(ctx, position, at, element.ValueString(), v); err != nil {
			return nil, err
		}
		if first, ok := seen[element.ValueString()]; ok {
			return nil, function.NewArgumentFuncError(position, fmt.Sprintf(
				"Argument %s: %q is also %s[%d]; each may be named only once", at, element.ValueString(), name, first))
		}
		seen[element.ValueString()] = i
		values = append(values, element.ValueString())
	}
	return values, nil
}
