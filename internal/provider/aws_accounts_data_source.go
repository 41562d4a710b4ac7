package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

var _ datasource.DataSourceWithConfigure = (*awsAccountsDataSource)(nil)

// awsAccountsDataSource is `buckt_aws_accounts`: every connection, all pages.
type awsAccountsDataSource struct {
	dataSourceClient
}

type awsAccountsDataSourceModel struct {
	connectionFilters
	AWSAccounts []awsAccountFields `tfsdk:"aws_accounts"`
}

func newAWSAccountsDataSource() datasource.DataSource { return &awsAccountsDataSource{} }

func (d *awsAccountsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_aws_accounts"
}

func (d *awsAccountsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the AWS account connections of the organization, fetching all pages; the " +
			"optional filters, those of the `buckt_aws_account` list resource, select some.",
		Attributes: map[string]schema.Attribute{
			"status":         schema.StringAttribute{MarkdownDescription: descStatusFilter, Optional: true, Validators: statusFilterValidators()},
			"label_prefix":   schema.StringAttribute{MarkdownDescription: descLabelPrefixFilter, Optional: true},
			"aws_account_id": schema.StringAttribute{MarkdownDescription: descAWSAccountIDFilter("connections"), Optional: true, Validators: awsAccountIDFilterValidators()},
			"aws_accounts": schema.ListNestedAttribute{
				MarkdownDescription: "The connections, oldest first (the API's order), each with the attributes of the " +
					"`buckt_aws_account` data source.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: awsAccountComputedAttributes()},
			},
		},
	}
}

func (d *awsAccountsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model awsAccountsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	accounts, err := d.client.ListAWSAccounts(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error listing AWS account connections", "AWS account connections", err, "")
		return
	}
	model.AWSAccounts = []awsAccountFields{}
	for i := range accounts {
		if model.keeps(accounts[i]) {
			model.AWSAccounts = append(model.AWSAccounts, awsAccountFromAPI(&accounts[i]))
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}
