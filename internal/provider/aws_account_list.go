package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

var _ list.ListResourceWithConfigure = (*awsAccountList)(nil)

// awsAccountList is `list "buckt_aws_account"`: the organisation's connections.
type awsAccountList struct {
	awsAccountResource
}

// newAWSAccountList is the constructor the provider registers.
func newAWSAccountList() list.ListResource { return &awsAccountList{} }

// ListResourceConfigSchema is the schema of the list block's filters.
func (l *awsAccountList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the AWS account connections of the Buckt organisation, all pages, in the API's " +
			"order, for `terraform query` (Terraform >= 1.14). Each result is named by the connection's label and " +
			"12-digit AWS account id, e.g. `production (111122223333)`, and identified by its Buckt id. With " +
			"`include_resource`, `role_arn` and `stack_id` are left out, so that configuration generated together " +
			"with `list \"buckt_aws_account_role\"` has one owner of the role: the attachment.",
		Attributes: map[string]schema.Attribute{
			"status":         schema.StringAttribute{MarkdownDescription: descStatusFilter, Optional: true, Validators: statusFilterValidators()},
			"label_prefix":   schema.StringAttribute{MarkdownDescription: descLabelPrefixFilter, Optional: true},
			"aws_account_id": awsAccountIDFilter("connections"),
		},
	}
}

// List streams the connections the filters select.
func (l *awsAccountList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg connectionFilters
	if !listConfig(ctx, req, &cfg, stream) {
		return
	}
	defaults := awsAccountResourceModel{
		SkipValidation: types.BoolValue(false), ForceDestroy: types.BoolValue(false), Timeouts: nullTimeouts(ctx),
	}
	listQuery[buckt.AWSAccount]{
		identity: awsAccountIdentity,
		items:    l.client.AWSAccounts(ctx),
		keep:     cfg.keeps,
		describe: func(a buckt.AWSAccount) listedObject {
			state := l.stateFrom(&a, defaults)
			// One owner for the role: a query that lists connections and their
			// role attachments together generates configuration for both, and
			// two resources setting role_arn would each plan the other's value
			// back. buckt_aws_account_role's result carries role_arn and
			// stack_id; here they stay null, which this resource (Optional +
			// Computed) accepts: after the import its Read fills them in and
			// the plan is empty.
			state.RoleARN, state.StackID = types.StringNull(), types.StringNull()
			return listedObject{id: a.ID, displayName: connectionDisplayName(a), resource: state}
		},
		summary: "Error listing AWS account connections",
		object:  "The AWS account connections of the organisation",
	}.stream(ctx, req, stream)
}
