package provider

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

var _ datasource.DataSourceWithConfigure = (*awsAccountS3BucketsDataSource)(nil)

// awsAccountS3BucketsDataSource is `buckt_aws_account_s3_buckets`: the S3
// buckets a connection's role can see, ready for for_each.
type awsAccountS3BucketsDataSource struct {
	dataSourceClient
}

type awsAccountS3BucketsModel struct {
	AWSAccount types.String       `tfsdk:"aws_account"`
	NamePrefix types.String       `tfsdk:"name_prefix"`
	NameRegex  types.String       `tfsdk:"name_regex"`
	Buckets    []s3BucketInfoItem `tfsdk:"buckets"`
	Names      []string           `tfsdk:"names"`
}

type s3BucketInfoItem struct {
	Name         types.String `tfsdk:"name"`
	CreationDate types.String `tfsdk:"creation_date"`
}

func newAWSAccountS3BucketsDataSource() datasource.DataSource {
	return &awsAccountS3BucketsDataSource{}
}

func (d *awsAccountS3BucketsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_aws_account_s3_buckets"
}

func (d *awsAccountS3BucketsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"aws_account": schema.StringAttribute{
			MarkdownDescription: "The AWS account connection: its Buckt id, e.g. `data.buckt_aws_account.production.id` " +
				"(`awa_...`), or the 12-digit AWS account id of a validated connection, e.g. `\"111122223333\"`. " +
				"Prefer a value known at plan time to a `buckt_aws_account` resource's id when `names` feeds `for_each`.",
			Required:   true,
			Validators: []validator.String{connectionKeyValidator()},
		},
		"buckets": schema.ListNestedAttribute{
			MarkdownDescription: "The matching buckets, sorted by name, each as `{ name, creation_date }`.",
			Computed:            true,
			NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
				"name":          schema.StringAttribute{MarkdownDescription: "Bucket name, e.g. `legacy-marketing`.", Computed: true},
				"creation_date": schema.StringAttribute{MarkdownDescription: "When the bucket was created in S3 (RFC 3339), e.g. `2024-06-12T00:00:00Z`; null while the connection is not active.", Computed: true},
			}},
		},
		"names": schema.ListAttribute{
			MarkdownDescription: "The matching bucket names, sorted: `for_each = toset(data.buckt_aws_account_s3_buckets.x.names)`.",
			ElementType:         types.StringType,
			Computed:            true,
		},
	}
	maps.Copy(attrs, nameFilterAttributes())
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the S3 buckets an active AWS account connection's role can see, all pages, sorted by " +
			"name. `names` feeds `for_each` on `buckt_imported_bucket` to adopt a whole account in one configuration: " +
			"name the connection by a value known at plan time (see the example), so that the plan survives later " +
			"changes to the connection.\n\n" +
			"Buckt lists S3 only through an `active` connection. For a connection that is `pending` or `failed` (its " +
			"role was never validated, or stopped trusting Buckt), this data source does not fail, which would block " +
			"the plan that repairs the role: it returns the buckets already imported through the connection, with a " +
			"null `creation_date`, and a warning that names the status and the fix. A `for_each` over `names` " +
			"therefore plans no change to the adopted buckets while the role is repaired.",
		Attributes: attrs,
	}
}

func (d *awsAccountS3BucketsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model awsAccountS3BucketsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, resolveErr := d.reads.ResolveAWSAccount(ctx, model.AWSAccount.ValueString())
	if resolveErr != nil {
		resp.Diagnostics.AddAttributeError(path.Root("aws_account"), "Error listing S3 buckets",
			fmt.Sprintf("aws_account %s: %s", model.AWSAccount.ValueString(), resolveErr))
		return
	}
	filter := newNameFilter(model.NamePrefix, model.NameRegex)
	all, err := d.client.ListS3Buckets(ctx, account)
	if errors.Is(err, buckt.ErrValidation) {
		all, err = d.importedWhileNotActive(ctx, account, err, &resp.Diagnostics)
	}
	if err != nil {
		hint := ""
		if errors.Is(err, buckt.ErrValidation) {
			hint = fmt.Sprintf("Buckt lists S3 buckets only through an active connection: attach and validate the role "+
				"of %s first, and make this data source depend on that resource.", account)
		}
		addAPIError(&resp.Diagnostics, "Error listing S3 buckets", account, err, hint)
		return
	}
	slices.SortFunc(all, func(a, b buckt.S3BucketInfo) int { return strings.Compare(a.ID, b.ID) })
	model.Buckets, model.Names = []s3BucketInfoItem{}, []string{}
	for _, b := range all {
		if !filter.keeps(b.ID) {
			continue
		}
		creationDate := types.StringValue(b.CreationDate)
		if b.CreationDate == "" {
			creationDate = types.StringNull() // known only from S3
		}
		model.Buckets = append(model.Buckets, s3BucketInfoItem{Name: types.StringValue(b.ID), CreationDate: creationDate})
		model.Names = append(model.Names, b.ID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// importedWhileNotActive stands in for the S3 listing of a connection that is
// not active (its role broke, or was never validated): Buckt cannot list S3
// then, but failing would block the very plan that repairs the role. It returns
// the buckets already imported through the connection, without creation dates,
// and warns, so that a for_each over names plans no change to them. listErr
// is returned when the connection turns out to be active after all.
func (d *awsAccountS3BucketsDataSource) importedWhileNotActive(ctx context.Context, account string, listErr error,
	diags *diag.Diagnostics) ([]buckt.S3BucketInfo, error) {
	connection, err := d.client.GetAWSAccount(ctx, account)
	if err != nil || connection.Status == buckt.StatusActive {
		return nil, listErr
	}
	imported, err := d.reads.ImportedBuckets(ctx, account)
	if err != nil {
		return nil, err
	}
	buckets := make([]buckt.S3BucketInfo, len(imported))
	for i, b := range imported {
		buckets[i] = buckt.S3BucketInfo{ID: b.Name}
	}
	diags.AddWarning("AWS account connection is not active: listing its imported buckets instead",
		fmt.Sprintf("Buckt lists S3 buckets only through an active connection, and %s is %s. Until its role is "+
			"validated again, buckt_aws_account_s3_buckets returns the %d bucket(s) already imported through it "+
			"(with a null creation_date), so that for_each over names plans no change to them.\n\n"+
			"To repair the connection: make the IAM role's trust policy allow Buckt's principal with "+
			"sts:ExternalId = %q and its permissions allow s3:ListAllMyBuckets, then apply: buckt_aws_account_role "+
			"(or role_arn on buckt_aws_account) validates it again.", account, connection.Status, len(buckets),
			connection.ExternalID))
	return buckets, nil
}
