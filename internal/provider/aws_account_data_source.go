package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

var _ datasource.DataSourceWithConfigure = (*awsAccountDataSource)(nil)

// awsAccountDataSource is `buckt_aws_account`: one connection by id.
type awsAccountDataSource struct {
	dataSourceClient
}

func newAWSAccountDataSource() datasource.DataSource { return &awsAccountDataSource{} }

func (d *awsAccountDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_aws_account"
}

func (d *awsAccountDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := awsAccountComputedAttributes()
	attrs["id"] = schema.StringAttribute{
		MarkdownDescription: "The connection to read: its Buckt id, e.g. `awa_01H8XYZABCDEFGHJKMNPQRSTVW`, or the 12-digit " +
			"AWS account id of a validated connection, e.g. `111122223333`. Always read back as the Buckt id, so " +
			"`data.buckt_aws_account.x.id` can be passed wherever a connection id is expected.",
		Required:   true,
		Validators: []validator.String{connectionKeyValidator()},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads one AWS account connection by its Buckt id or by its 12-digit AWS account id. " +
			"Looked up by a literal or a variable, its `id` is known at plan time even while the `buckt_aws_account` " +
			"resource has a pending change, which keeps `for_each` over bucket data sources plannable.",
		Attributes: attrs,
	}
}

func (d *awsAccountDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var cfg awsAccountFields
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := d.reads.ResolveAWSAccount(ctx, cfg.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Error reading AWS account connection", err.Error())
		return
	}
	account, err := d.client.GetAWSAccount(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error reading AWS account connection", id, err, "")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, awsAccountFromAPI(account))...)
}

// awsAccountComputedAttributes is the data-source schema of every field of a
// connection, all computed.
func awsAccountComputedAttributes() map[string]schema.Attribute {
	computed := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	return map[string]schema.Attribute{
		"id":                computed(descAWSAccountConnectionID),
		"label":             computed(descLabelComputed),
		"role_arn":          computed(descRoleARNComputed),
		"stack_id":          computed(descStackIDComputed),
		"aws_account_id":    computed(descAWSAccountID),
		"external_id":       computed(descExternalID),
		"status":            computed(descStatus),
		"last_validated_at": computed(descLastValidatedAt),
		"created_at":        computed(descCreatedAt),
		"updated_at":        computed(descUpdatedAt),
	}
}
