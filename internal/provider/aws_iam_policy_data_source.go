package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/awsnames"
	"github.com/buckt/terraform-provider-buckt/internal/awspolicy"
)

// awsIAMPolicyDataSource is `buckt_aws_iam_policy`: the role's trust and
// permissions policy documents, computed locally so no user hand-writes them.
type awsIAMPolicyDataSource struct{}

type awsIAMPolicyModel struct {
	ExternalID            types.String `tfsdk:"external_id"`
	PrincipalARN          types.String `tfsdk:"principal_arn"`
	BucketNames           []string     `tfsdk:"bucket_names"`
	KMSKeyARNs            []string     `tfsdk:"kms_key_arns"`
	AssumeRolePolicyJSON  types.String `tfsdk:"assume_role_policy_json"`
	PermissionsPolicyJSON types.String `tfsdk:"permissions_policy_json"`
}

func newAWSIAMPolicyDataSource() datasource.DataSource { return &awsIAMPolicyDataSource{} }

func (d *awsIAMPolicyDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_aws_iam_policy"
}

func (d *awsIAMPolicyDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Writes the two IAM policy documents of the role Buckt assumes: the trust policy (Buckt's " +
			"principal, on the condition `sts:ExternalId` = the connection's `external_id`) and the permissions policy " +
			"(the S3 actions Buckt needs, scoped to the given buckets, and the KMS actions on the given keys). Pure computation: it makes no API call, and " +
			"no one needs to hand-write these JSON documents.",
		Attributes: map[string]schema.Attribute{
			"external_id": schema.StringAttribute{
				MarkdownDescription: "The connection's external id, e.g. `buckt_aws_account.production.external_id` (`ext_aBcD1234`).",
				Required:            true,
				Validators:          []validator.String{externalIDValidator()},
			},
			"principal_arn": schema.StringAttribute{
				MarkdownDescription: "Buckt's AWS principal, as the Buckt dashboard's CloudFormation template shows it, " +
					"e.g. `arn:aws:iam::999988887777:role/BucktService`. Its partition (`aws`, `aws-cn`, `aws-us-gov`, " +
					"`aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f` or `aws-eusc`) is used for the bucket ARNs.",
				Required:   true,
				Validators: []validator.String{principalARNValidator()},
			},
			"bucket_names": schema.ListAttribute{
				MarkdownDescription: "Names of the S3 buckets Buckt may manage, e.g. `[\"legacy-marketing\"]`, or patterns " +
					"of names with the wildcards `*` and `?`, e.g. `[\"logs-*\"]`, in the order they appear in the policy. " +
					"When unset or empty, the permissions cover every bucket of the account.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  uniqueStringsValidators(s3BucketPatternValidator()),
			},
			"kms_key_arns": schema.ListAttribute{
				MarkdownDescription: "ARNs of the KMS keys that encrypt the buckets (SSE-KMS), e.g. " +
					"`[\"arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\"]`: the permissions " +
					"policy then allows `kms:Decrypt` and `kms:GenerateDataKey` on them, which reading and writing " +
					"their objects needs. Unset or empty for buckets without SSE-KMS.",
				ElementType: types.StringType,
				Optional:    true,
				Validators:  uniqueStringsValidators(kmsKeyARNValidator()),
			},
			"assume_role_policy_json": schema.StringAttribute{
				MarkdownDescription: "The trust policy, for `aws_iam_role.assume_role_policy`.",
				Computed:            true,
			},
			"permissions_policy_json": schema.StringAttribute{
				MarkdownDescription: "The permissions policy, for `aws_iam_role_policy.policy`: `s3:ListAllMyBuckets` and " +
					"`s3:GetBucketLocation` account-wide (validation probes them), bucket and object actions on the buckets.",
				Computed: true,
			},
		},
	}
}

// uniqueStringsValidators are a list attribute's: no nulls, each value valid by
// v, none twice.
func uniqueStringsValidators(v validator.String) []validator.List {
	return []validator.List{listvalidator.NoNullValues(), listvalidator.ValueStringsAre(v), listvalidator.UniqueValues()}
}

func (d *awsIAMPolicyDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model awsIAMPolicyModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	trust, err := awspolicy.AssumeRoleJSON(model.PrincipalARN.ValueString(), model.ExternalID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Error writing the trust policy", err.Error())
		return
	}
	permissions, err := awspolicy.PermissionsJSON(awsnames.Partition(model.PrincipalARN.ValueString()), model.BucketNames, model.KMSKeyARNs)
	if err != nil {
		resp.Diagnostics.AddError("Error writing the permissions policy", err.Error())
		return
	}
	model.AssumeRolePolicyJSON = types.StringValue(trust)
	model.PermissionsPolicyJSON = types.StringValue(permissions)
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}
