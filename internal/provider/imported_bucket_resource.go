package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/awsnames"
	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

var (
	_ resource.ResourceWithConfigure   = (*importedBucketResource)(nil)
	_ resource.ResourceWithImportState = (*importedBucketResource)(nil)
	_ resource.ResourceWithIdentity    = (*importedBucketResource)(nil)
)

// importedBucketResource is `buckt_imported_bucket`: one existing S3 bucket
// that Buckt manages in place through the account's role.
type importedBucketResource struct {
	resourceClient
}

type importedBucketModel struct {
	ID         types.String `tfsdk:"id"`
	AWSAccount types.String `tfsdk:"aws_account"`
	BucketName types.String `tfsdk:"bucket_name"`
	CreatedAt  types.String `tfsdk:"created_at"`
}

func newImportedBucketResource() resource.Resource { return &importedBucketResource{} }

// importedBucketFromAPI is the one mapper from the API's bucket to state.
func importedBucketFromAPI(b *buckt.Bucket) importedBucketModel {
	return importedBucketModel{
		ID:         types.StringValue(b.ID),
		AWSAccount: types.StringValue(b.AWSAccount),
		BucketName: types.StringValue(b.Name),
		CreatedAt:  types.StringValue(b.CreatedAt),
	}
}

func (r *importedBucketResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_imported_bucket"
}

func (r *importedBucketResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	replace := []planmodifier.String{stringplanmodifier.RequiresReplace()}
	useState := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Imports one existing S3 bucket of a connected AWS account as a Buckt-managed bucket. " +
			"Buckt manages it in place through the account's role; nothing is copied.\n\n" +
			"**Destroying this resource only releases the bucket: Buckt stops managing it. The S3 bucket and every " +
			"object in it are never deleted or modified.**\n\n" +
			"Bucket names follow S3's current rules or, for buckets created in us-east-1 before March 2018, the " +
			"legacy ones (uppercase letters, underscores, up to 255 characters): any name S3 can hold is accepted.\n\n" +
			"If the S3 bucket is deleted in AWS, Buckt keeps its imported-bucket record, so a refresh (even " +
			"`-refresh-only`) still finds it and plans nothing. `buckt_aws_account_s3_buckets` no longer lists the " +
			"bucket: remove this resource (or let a `for_each` over that data source drop it) to release the " +
			"record.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Buckt id of the imported bucket, e.g. `bkt_01H8XYZABCDEFGHJKMNPQRSTVW`.",
				Computed:            true,
				PlanModifiers:       useState,
			},
			"aws_account": schema.StringAttribute{
				MarkdownDescription: "Buckt id of the AWS account connection the bucket lives in, e.g. " +
					"`buckt_aws_account.production.id` (`awa_...`), not the 12-digit AWS account id. The connection " +
					"must be `active`. Changing this forces a new resource.",
				Required:      true,
				Validators:    []validator.String{awsAccountReferenceValidator()},
				PlanModifiers: replace,
			},
			"bucket_name": schema.StringAttribute{
				MarkdownDescription: "Name of the existing S3 bucket, e.g. `legacy-marketing`; S3's naming rules are " +
					"checked at plan time. Changing this forces a new resource (the old bucket is released, the new " +
					"one imported).",
				Required:      true,
				Validators:    []validator.String{s3BucketNameValidator()},
				PlanModifiers: replace,
			},
			"created_at": schema.StringAttribute{
				MarkdownDescription: "Time the bucket was imported into Buckt (RFC 3339, e.g. `2026-04-25T12:40:00Z`).",
				Computed:            true,
				PlanModifiers:       useState,
			},
		},
	}
}

func (r *importedBucketResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = importedBucketIdentity.schema()
}

func (r *importedBucketResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan importedBucketModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	account, name := plan.AWSAccount.ValueString(), plan.BucketName.ValueString()
	imported, err := r.reads.ImportBucket(ctx, account, name)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error importing S3 bucket", fmt.Sprintf("S3 bucket %q of %s", name, account), err,
			r.importFailureHint(ctx, account, name, err))
		return
	}
	resp.Diagnostics.Append(importedBucketIdentity.set(ctx, resp.Identity, imported.ID)...)
	bucket := imported.Bucket // read back with the rest of its batch, if that was cheaper
	if bucket == nil {
		bucket, err = r.client.GetBucket(ctx, imported.ID)
	}
	if err != nil {
		// Imported but not read back: keep it in state so it is not orphaned.
		plan.ID, plan.CreatedAt = types.StringValue(imported.ID), types.StringNull()
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		addAPIError(&resp.Diagnostics, "Error reading the imported bucket", imported.ID, err,
			"The bucket is imported and saved in state; the next plan reads it again.")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, importedBucketFromAPI(bucket))...)
}

func (r *importedBucketResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state importedBucketModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Set first: state written before identities existed gains one (see awsAccountResource.Read).
	resp.Diagnostics.Append(importedBucketIdentity.set(ctx, resp.Identity, state.ID.ValueString())...)
	bucket, err := r.reads.ImportedBucket(ctx, state.ID.ValueString(), state.AWSAccount.ValueString())
	if buckt.IsNotFound(err) {
		removeGone(ctx, resp, "buckt_imported_bucket", state.ID.ValueString(), "(HTTP 404)")
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error reading imported bucket", state.ID.ValueString(), err, "")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, importedBucketFromAPI(bucket))...)
}

// Update is never called with a change: every input forces a new resource.
func (r *importedBucketResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (r *importedBucketResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state importedBucketModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if err := r.client.DeleteBucket(ctx, state.ID.ValueString()); err != nil && !buckt.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Error releasing imported bucket", state.ID.ValueString(), err, "")
	}
}

var bucketIDInMessage = regexp.MustCompile(`\bbkt_[0-9A-Za-z]+\b`)

// importFailureHint says how to fix a failed import. A 422 is either an account
// that is not active or a bucket the role cannot see; one read of the account
// tells which, whatever the API's wording.
func (r *importedBucketResource) importFailureHint(ctx context.Context, account, name string, err error) string {
	switch {
	case errors.Is(err, buckt.ErrConflict):
		existing := "<bkt_ id>"
		if id := bucketIDInMessage.FindString(err.Error()); id != "" {
			existing = id
		}
		return fmt.Sprintf("S3 bucket %[1]q is already imported into Buckt (a bucket is imported at most once, and "+
			"destroying any resource that holds it releases it for all).\n\n"+
			"If another resource of this configuration already manages it (look for bucket_name = %[1]q), remove "+
			"this resource: one bucket must have one owner.\n\n"+
			"Only if nothing manages it yet (it was imported by hand or by another tool), adopt it into this resource "+
			"instead of creating it, with its address from the \"with\" line above:\n\n"+
			"  terraform import 'ADDRESS' %[2]s\n\n"+
			"or, with Terraform 1.5+, an import block:\n\n"+
			"  import {\n    to = ADDRESS\n    id = \"%[3]s/%[1]s\"\n  }", name, existing, account)
	case errors.Is(err, buckt.ErrNotFound):
		return fmt.Sprintf("No AWS account connection %s exists in Buckt. Reference the id of a buckt_aws_account.", account)
	case !errors.Is(err, buckt.ErrValidation):
		return ""
	}
	if a, getErr := r.client.GetAWSAccount(ctx, account); getErr == nil && a.Status != buckt.StatusActive {
		return fmt.Sprintf("The connection %s is %s: Buckt imports buckets only through a validated role. Attach and "+
			"validate its role first (role_arn on buckt_aws_account, or buckt_aws_account_role), and make this "+
			"resource depend on it so Terraform orders them.", account, a.Status)
	}
	hint := fmt.Sprintf("Check that an S3 bucket named %q exists in the AWS account of connection %s, and that the "+
		"connection's role may see it (s3:ListAllMyBuckets, s3:GetBucketLocation). The "+
		"buckt_aws_account_s3_buckets data source lists the buckets Buckt can see.", name, account)
	if rule := awsnames.S3BucketNameProblem(name); rule != "" {
		hint += fmt.Sprintf(" Check the spelling too: under S3's current rules a bucket name %s; only a bucket created "+
			"in us-east-1 before March 2018 can be named otherwise.", rule)
	}
	return hint
}
