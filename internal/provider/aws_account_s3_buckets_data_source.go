package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
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
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the S3 buckets an active AWS account connection's role can see, all pages, sorted by " +
			"name. `names` feeds `for_each` on `buckt_imported_bucket` to adopt a whole account in one configuration.",
		Attributes: map[string]schema.Attribute{
			"aws_account": schema.StringAttribute{
				MarkdownDescription: "Buckt id of an `active` AWS account connection, e.g. `buckt_aws_account.production.id` (`awa_...`).",
				Required:            true,
				Validators:          []validator.String{awsAccountReferenceValidator()},
			},
			"name_prefix": schema.StringAttribute{
				MarkdownDescription: "Keep only buckets whose name starts with this, e.g. `logs-`.",
				Optional:            true,
			},
			"name_regex": schema.StringAttribute{
				MarkdownDescription: "Keep only buckets whose name matches this regular expression (Go RE2 syntax), e.g. " +
					"`^legacy-(marketing|sales)$`. Applied after `name_prefix`.",
				Optional:   true,
				Validators: []validator.String{regexValidator{}},
			},
			"buckets": schema.ListNestedAttribute{
				MarkdownDescription: "The matching buckets, sorted by name, each as `{ name, creation_date }`.",
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name":          schema.StringAttribute{MarkdownDescription: "Bucket name, e.g. `legacy-marketing`.", Computed: true},
					"creation_date": schema.StringAttribute{MarkdownDescription: "When the bucket was created in S3 (RFC 3339), e.g. `2024-06-12T00:00:00Z`.", Computed: true},
				}},
			},
			"names": schema.ListAttribute{
				MarkdownDescription: "The matching bucket names, sorted: `for_each = toset(data.buckt_aws_account_s3_buckets.x.names)`.",
				ElementType:         types.StringType,
				Computed:            true,
			},
		},
	}
}

func (d *awsAccountS3BucketsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model awsAccountS3BucketsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account := model.AWSAccount.ValueString()
	var pattern *regexp.Regexp
	if !model.NameRegex.IsNull() {
		pattern = regexp.MustCompile(model.NameRegex.ValueString()) // checked by regexValidator
	}
	all, err := d.client.ListS3Buckets(ctx, account)
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
		if !strings.HasPrefix(b.ID, model.NamePrefix.ValueString()) || (pattern != nil && !pattern.MatchString(b.ID)) {
			continue
		}
		model.Buckets = append(model.Buckets, s3BucketInfoItem{Name: types.StringValue(b.ID), CreationDate: types.StringValue(b.CreationDate)})
		model.Names = append(model.Names, b.ID)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// regexValidator checks that a string compiles as a Go regular expression.
type regexValidator struct{}

func (regexValidator) Description(context.Context) string {
	return "a regular expression in Go RE2 syntax"
}

func (v regexValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (regexValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := regexp.Compile(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid regular expression",
			fmt.Sprintf("Attribute %s must be a regular expression in Go RE2 syntax: %s", req.Path, err))
	}
}
