package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/reads"
)

var _ list.ListResourceWithConfigure = (*awsAccountRoleList)(nil)

// awsAccountRoleList is `list "buckt_aws_account_role"`: the connections that
// have an IAM role attached, as role attachments.
type awsAccountRoleList struct {
	awsAccountRoleResource
}

// awsAccountRoleListConfig is the list block's config: its filter.
type awsAccountRoleListConfig struct {
	AWSAccountID types.String `tfsdk:"aws_account_id"`
}

// newAWSAccountRoleList is the constructor the provider registers.
func newAWSAccountRoleList() list.ListResource { return &awsAccountRoleList{} }

// ListResourceConfigSchema is the schema of the list block's filter.
func (l *awsAccountRoleList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the role attachments of the Buckt organisation: every AWS account connection " +
			"that has an IAM role attached, all pages, in the API's order, for `terraform query` (Terraform >= " +
			"1.14). Each result is named like its connection, e.g. `production (111122223333)`, and identified by " +
			"the connection's Buckt id. With `include_resource` it carries `role_arn` (and `stack_id` when set): " +
			"configuration generated together with `list \"buckt_aws_account\"` attaches the role here only.",
		Attributes: map[string]schema.Attribute{
			"aws_account_id": awsAccountIDFilter("attachments"),
		},
	}
}

// List streams the connections with a role that the filter selects.
func (l *awsAccountRoleList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg awsAccountRoleListConfig
	if !listConfig(ctx, req, &cfg, stream) {
		return
	}
	defaults := awsAccountRoleModel{Timeouts: nullTimeouts(ctx)}
	listQuery[buckt.AWSAccount]{
		identity: awsAccountRoleIdentity,
		items:    l.client.AWSAccounts(ctx),
		keep: func(a buckt.AWSAccount) bool {
			return reads.HasRoleAttached(&a) && matches(cfg.AWSAccountID, a.AWSAccountID)
		},
		describe: func(a buckt.AWSAccount) listedObject {
			return listedObject{id: a.ID, displayName: connectionDisplayName(a), resource: l.stateFrom(&a, defaults)}
		},
		summary: "Error listing IAM role attachments",
		object:  "The AWS account connections of the organisation",
	}.stream(ctx, req, stream)
}
