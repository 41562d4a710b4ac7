package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/awsnames"
	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

var _ datasource.DataSourceWithConfigure = (*importedBucketsDataSource)(nil)

// importedBucketsDataSource is `buckt_imported_buckets`: the buckets already
// imported into Buckt through one connection, with the ids import blocks take,
// so that `import { for_each = ... }` adopts exactly what exists.
type importedBucketsDataSource struct {
	dataSourceClient
}

// importedBucketsModel is the data source's configuration and result.
type importedBucketsModel struct {
	AWSAccount types.String         `tfsdk:"aws_account"`
	NamePrefix types.String         `tfsdk:"name_prefix"`
	NameRegex  types.String         `tfsdk:"name_regex"`
	Buckets    []importedBucketItem `tfsdk:"buckets"`
	Names      []string             `tfsdk:"names"`
}

// importedBucketItem is one element of `buckets`.
type importedBucketItem struct {
	ID         types.String `tfsdk:"id"`
	BucketName types.String `tfsdk:"bucket_name"`
	CreatedAt  types.String `tfsdk:"created_at"`
	ImportID   types.String `tfsdk:"import_id"`
}

// summaryListImportedBuckets is the summary of every error of this data source.
const summaryListImportedBuckets = "Error listing imported buckets"

// newImportedBucketsDataSource is the constructor the provider registers.
func newImportedBucketsDataSource() datasource.DataSource { return &importedBucketsDataSource{} }

// Metadata names the data source `buckt_imported_buckets`.
func (d *importedBucketsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_imported_buckets"
}

// Schema is the data source's schema; the filters are shared with
// buckt_aws_account_s3_buckets.
func (d *importedBucketsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(desc string) schema.Attribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	attrs := map[string]schema.Attribute{
		"aws_account": schema.StringAttribute{
			MarkdownDescription: "The connection whose imported buckets to list: its Buckt id, e.g. " +
				"`buckt_aws_account.production.id` (`awa_...`), or the 12-digit AWS account id of a validated " +
				"connection, e.g. `111122223333`. To feed `import { for_each = ... }` it must be known at plan: a " +
				"literal, a variable or an id that does not change, not an attribute of a resource being created or " +
				"changed.",
			Required:   true,
			Validators: []validator.String{connectionKeyValidator()},
		},
		"buckets": schema.ListNestedAttribute{
			MarkdownDescription: "The matching imported buckets, sorted by bucket name, each as " +
				"`{ id, bucket_name, created_at, import_id }`.",
			Computed: true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"id":          computed("Buckt id of the imported bucket, e.g. `bkt_01H8XYZABCDEFGHJKMNPQRSTVW`."),
				"bucket_name": computed("Name of the S3 bucket, e.g. `legacy-marketing`."),
				"created_at":  computed("When the bucket was imported into Buckt (RFC 3339), e.g. `2026-04-25T12:40:00Z`."),
				"import_id": computed("The id an `import` block or `terraform import` takes for this bucket: " +
					"`<12-digit AWS account id>/<bucket name>`, e.g. `111122223333/legacy-marketing` " +
					"(`<awa_ id>/<bucket name>` for a connection that has no AWS account id yet)."),
			}},
		},
		"names": schema.ListAttribute{
			MarkdownDescription: "The matching bucket names, sorted, e.g. `toset(data.buckt_imported_buckets.x.names)`.",
			ElementType:         types.StringType,
			Computed:            true,
		},
	}
	maps.Copy(attrs, nameFilterAttributes())
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the buckets already imported into Buckt through one AWS account connection, all " +
			"pages, sorted by bucket name. Each has the `import_id` an `import` block takes, so " +
			"`import { for_each = ... }` over `buckets` adopts exactly what exists (Terraform >= 1.7), while " +
			"`buckt_imported_bucket` with `for_each` over the visible bucket names imports the rest on apply.",
		Attributes: attrs,
	}
}

// Read lists the connection's imported buckets, all pages, and keeps the
// ones the filters select, sorted by name.
func (d *importedBucketsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model importedBucketsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	awaID, importKey := d.connection(ctx, model.AWSAccount.ValueString(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	all, err := d.reads.ImportedBuckets(ctx, awaID)
	if err != nil {
		addAPIError(&resp.Diagnostics, summaryListImportedBuckets, awaID, err, "")
		return
	}
	slices.SortFunc(all, func(a, b buckt.Bucket) int { return strings.Compare(a.Name, b.Name) })
	filter := newNameFilter(model.NamePrefix, model.NameRegex)
	model.Buckets, model.Names = []importedBucketItem{}, []string{}
	for _, b := range all {
		if !filter.keeps(b.Name) {
			continue
		}
		model.Buckets = append(model.Buckets, importedBucketItem{
			ID:         types.StringValue(b.ID),
			BucketName: types.StringValue(b.Name),
			CreatedAt:  types.StringValue(b.CreatedAt),
			ImportID:   types.StringValue(importKey + "/" + b.Name),
		})
		model.Names = append(model.Names, b.Name)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// connection resolves aws_account to the connection's awa_ id and to the key
// its import ids start with. A 12-digit id is the key itself and is looked up
// through the list of connections; an awa_ id is read like any connection
// (one GET, or the listing pages this operation already has).
func (d *importedBucketsDataSource) connection(ctx context.Context, key string, diags *diag.Diagnostics) (awaID, importKey string) {
	if awsnames.AccountID.MatchString(key) {
		id, err := d.reads.ResolveAWSAccount(ctx, key)
		if err != nil {
			diags.AddError(summaryListImportedBuckets, fmt.Sprintf("aws_account %s: %s", key, err))
		}
		return id, key
	}
	account, err := d.reads.AWSAccount(ctx, key)
	if err != nil {
		addAPIError(diags, summaryListImportedBuckets, key, err, "")
		return "", ""
	}
	return account.ID, connectionImportKey(account)
}

// connectionImportKey is how import ids name a connection: by the 12-digit AWS
// account id users know, or by its awa_ id while it has none (never validated).
func connectionImportKey(account *buckt.AWSAccount) string {
	if account.AWSAccountID != nil && *account.AWSAccountID != "" {
		return *account.AWSAccountID
	}
	return account.ID
}
