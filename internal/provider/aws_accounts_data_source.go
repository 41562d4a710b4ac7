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
	AWSAccounts []awsAccountFields `tfsdk:"aws_accounts"`
}

func newAWSAccountsDataSource() datasource.DataSource { return &awsAccountsDataSource{} }

func (d *awsAccountsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_aws_accounts"
}

func (d *awsAccountsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists every AWS account connection of the organization, fetching all pages.",
		Attributes: map[string]schema.Attribute{
			"aws_accounts": schema.ListNestedAttribute{
				MarkdownDescription: "The connections, oldest first (the API's order), each with the attributes of the " +
					"`buckt_aws_account` data source.",
				Computed:     true,
				NestedObject: schema.NestedAttributeObject{Attributes: awsAccountComputedAttributes()},
			},
		},
	}
}

func (d *awsAccountsDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	accounts, err := d.client.ListAWSAccounts(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error listing AWS account connections", "AWS account connections", err, "")
		return
	}
	model := awsAccountsDataSourceModel{AWSAccounts: make([]awsAccountFields, len(accounts))}
	for i := range accounts {
		model.AWSAccounts[i] = awsAccountFromAPI(&accounts[i])
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}
