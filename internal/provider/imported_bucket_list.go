package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/list/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

var _ list.ListResourceWithConfigure = (*importedBucketList)(nil)

// importedBucketList is `list "buckt_imported_bucket"`: the buckets imported
// into Buckt, of the organisation or of one connection.
type importedBucketList struct {
	importedBucketResource
}

// importedBucketListConfig is the list block's config: its filters.
type importedBucketListConfig struct {
	AWSAccount types.String `tfsdk:"aws_account"`
	NamePrefix types.String `tfsdk:"name_prefix"`
}

// newImportedBucketList is the constructor the provider registers.
func newImportedBucketList() list.ListResource { return &importedBucketList{} }

// ListResourceConfigSchema is the schema of the list block's filters.
func (l *importedBucketList) ListResourceConfigSchema(_ context.Context, _ list.ListResourceSchemaRequest, resp *list.ListResourceSchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the buckets imported into Buckt, all pages, in the API's order, for `terraform " +
			"query` (Terraform >= 1.14): every one of the organisation, or those of one connection. Each result is " +
			"named by its bucket name and identified by its Buckt id (`bkt_...`).",
		Attributes: map[string]schema.Attribute{
			"aws_account": schema.StringAttribute{
				MarkdownDescription: "Keep only the buckets imported through this connection: its Buckt id, e.g. " +
					"`awa_01H8XYZABCDEFGHJKMNPQRSTVW`, or the 12-digit AWS account id of a validated connection, e.g. " +
					"`111122223333`. Buckt then lists only that connection's buckets.",
				Optional:   true,
				Validators: []validator.String{connectionKeyValidator()},
			},
			"name_prefix": schema.StringAttribute{
				MarkdownDescription: "Keep only buckets whose name starts with this, e.g. `logs-`.",
				Optional:            true,
			},
		},
	}
}

// List streams the imported buckets the filters select.
func (l *importedBucketList) List(ctx context.Context, req list.ListRequest, stream *list.ListResultsStream) {
	var cfg importedBucketListConfig
	if !listConfig(ctx, req, &cfg, stream) {
		return
	}
	scope, connection, object := path.Empty(), "", "The imported buckets of the organisation"
	if key := cfg.AWSAccount.ValueString(); key != "" {
		var diags diag.Diagnostics
		if connection = l.connection(ctx, key, &diags); diags.HasError() {
			stream.Results = list.ListResultsStreamDiagnostics(diags)
			return
		}
		scope, object = path.Root("aws_account"), fmt.Sprintf("The imported buckets of aws_account = %q", key)
	}
	listQuery[buckt.Bucket]{
		identity: importedBucketIdentity,
		items:    l.client.Buckets(ctx, connection),
		keep:     func(b buckt.Bucket) bool { return hasPrefix(cfg.NamePrefix, &b.Name) },
		describe: func(b buckt.Bucket) listedObject {
			return listedObject{id: b.ID, displayName: b.Name, resource: importedBucketFromAPI(&b)}
		},
		summary: summaryListImportedBuckets,
		object:  object,
		scope:   scope,
	}.stream(ctx, req, stream)
}

// summaryFindConnection is the summary of a failure to resolve aws_account.
const summaryFindConnection = "Error finding the AWS account connection of aws_account"

// connection resolves the aws_account filter to the connection's awa_ id: a
// 12-digit id through the listing of connections, an awa_ id by reading it,
// so that a filter naming no connection fails rather than lists nothing.
func (l *importedBucketList) connection(ctx context.Context, key string, diags *diag.Diagnostics) string {
	at, object := path.Root("aws_account"), fmt.Sprintf("aws_account = %q", key)
	id, err := l.reads.ResolveAWSAccount(ctx, key)
	if err == nil && id == key {
		_, err = l.reads.AWSAccount(ctx, id)
	}
	var apiErr *buckt.APIError
	switch {
	case err == nil:
		return id
	case errors.As(err, &apiErr):
		hint := ""
		if buckt.IsNotFound(err) {
			hint = "No connection has this id: aws_account takes the awa_ id of an existing connection or the 12-digit " +
				"AWS account id of a validated one."
		}
		addAPIErrorAt(diags, at, summaryFindConnection, object, err, hint)
	default:
		diags.AddAttributeError(at, summaryFindConnection, fmt.Sprintf("%s: %s.", object, err))
	}
	return ""
}
