package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/reads"
)

var (
	_ resource.ResourceWithConfigure   = (*awsAccountRoleResource)(nil)
	_ resource.ResourceWithImportState = (*awsAccountRoleResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*awsAccountRoleResource)(nil)
	_ resource.ResourceWithIdentity    = (*awsAccountRoleResource)(nil)
)

// awsAccountRoleResource is `buckt_aws_account_role`: the IAM role attached to
// a connection, validated. It breaks the cycle between the connection's
// external_id (which the role's trust policy needs) and the role's ARN (which
// the connection needs), as aws_acm_certificate_validation does for ACM.
type awsAccountRoleResource struct {
	resourceClient
}

type awsAccountRoleModel struct {
	ID         types.String `tfsdk:"id"`
	AWSAccount types.String `tfsdk:"aws_account"`
	RoleARN    types.String `tfsdk:"role_arn"`
	StackID    types.String `tfsdk:"stack_id"`
	// ForceDestroy is Terraform-only: a destroy releases the buckets imported
	// through the connection before detaching the role.
	ForceDestroy types.Bool     `tfsdk:"force_destroy"`
	Timeouts     timeouts.Value `tfsdk:"timeouts"`
	validationValues
}

func newAWSAccountRoleResource() resource.Resource { return &awsAccountRoleResource{} }

// stateFrom is the one mapper from the API's account to this resource's state.
func (r *awsAccountRoleResource) stateFrom(a *buckt.AWSAccount, settings awsAccountRoleModel) awsAccountRoleModel {
	return awsAccountRoleModel{
		ID:         types.StringValue(a.ID),
		AWSAccount: types.StringValue(a.ID),
		RoleARN:    types.StringPointerValue(a.RoleARN),
		StackID:    types.StringPointerValue(a.StackID),
		// false where the state predates the attribute, was imported or listed.
		ForceDestroy:     types.BoolValue(settings.ForceDestroy.ValueBool()),
		Timeouts:         settings.Timeouts,
		validationValues: validationFromAPI(a),
	}
}

func (r *awsAccountRoleResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_aws_account_role"
}

func (r *awsAccountRoleResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Attaches an IAM role to an AWS account connection and validates it: the cycle-free " +
			"onboarding path. The role's trust policy needs the connection's `external_id`, which exists only once " +
			"the connection does, so create `buckt_aws_account` first (without `role_arn`), then the role trusting " +
			"its `external_id`, then this resource. Validation is retried while IAM propagates the new role, within " +
			"the `timeouts` window. A failure taints only this attachment: the connection and its `external_id` " +
			"survive, so the next apply simply tries again.\n\nDestroying it detaches the role from the connection " +
			"(the connection stays, and the IAM role in AWS is not touched). Buckt reaches imported buckets through " +
			"the role, so a destroy never detaches it while buckets remain imported through the connection: it waits " +
			"while a parallel destroy releases them, then fails naming those left, before anything is detached, " +
			"unless `force_destroy` is set. A role detached outside Terraform is " +
			"an attachment that no longer exists: the next plan creates it again; another role attached outside " +
			"Terraform is planned back to `role_arn`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "Same as `aws_account`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"aws_account": schema.StringAttribute{
				MarkdownDescription: "Buckt id of the AWS account connection, e.g. `buckt_aws_account.production.id` " +
					"(`awa_...`). Changing this forces a new resource. Reference this attribute (rather than the " +
					"connection's id) from resources that need a validated role, such as `buckt_imported_bucket`, so " +
					"that Terraform orders them after validation.",
				Required:      true,
				Validators:    []validator.String{awsAccountReferenceValidator()},
				PlanModifiers: []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"role_arn": schema.StringAttribute{
				MarkdownDescription: "ARN of the IAM role Buckt assumes, e.g. `aws_iam_role.buckt.arn` " +
					"(`arn:aws:iam::111122223333:role/BucktAccess`). Changed in place, then validated again; a new role that " +
					"never validates is replaced by the previous one, validated again, so the connection keeps working " +
					"and the next plan proposes the new role again.",
				Required:   true,
				Validators: []validator.String{roleARNValidator()},
			},
			"stack_id": schema.StringAttribute{
				MarkdownDescription: "ARN of the CloudFormation stack that deployed the role, e.g. " +
					"`arn:aws:cloudformation:us-east-1:111122223333:stack/Buckt/0a1b2c3d`. Cleared when unset.",
				Optional:   true,
				Validators: []validator.String{stackIDValidator()},
			},
			"force_destroy": schema.BoolAttribute{
				MarkdownDescription: "When `true`, destroying the attachment first releases the buckets still " +
					"imported through the connection (Buckt stops managing them; the S3 buckets and their data are " +
					"never touched), then detaches the role. When `false` (the default), a destroy while imported " +
					"buckets remain fails before anything is detached, and names them. Kept in Terraform only.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"status":            schema.StringAttribute{MarkdownDescription: descStatus + " The desired status is `active`: a refresh that finds another plans an update that validates again.", Computed: true},
			"aws_account_id":    schema.StringAttribute{MarkdownDescription: descAWSAccountID, Computed: true},
			"last_validated_at": schema.StringAttribute{MarkdownDescription: descLastValidatedAt, Computed: true},
		},
		Blocks: map[string]schema.Block{
			"timeouts": validationTimeoutsBlock(ctx),
		},
	}
}

func (r *awsAccountRoleResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = awsAccountRoleIdentity.schema()
}

func (r *awsAccountRoleResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan awsAccountRoleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	window, diags := plan.Timeouts.Create(ctx, defaultValidationWindow)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(awsAccountRoleIdentity.set(ctx, resp.Identity, plan.AWSAccount.ValueString())...)
	r.attach(ctx, plan, nil, window, &resp.State, &resp.Diagnostics)
}

func (r *awsAccountRoleResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state awsAccountRoleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	window, diags := plan.Timeouts.Update(ctx, defaultValidationWindow)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(awsAccountRoleIdentity.set(ctx, resp.Identity, state.AWSAccount.ValueString())...)
	r.attach(ctx, plan, &state, window, &resp.State, &resp.Diagnostics)
}

func (r *awsAccountRoleResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state awsAccountRoleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Set first: state written before identities existed gains one (see awsAccountResource.Read).
	resp.Diagnostics.Append(awsAccountRoleIdentity.set(ctx, resp.Identity, state.AWSAccount.ValueString())...)
	account, err := r.reads.RoleAttachment(ctx, state.AWSAccount.ValueString())
	switch {
	case errors.Is(err, reads.ErrNoRoleAttached):
		// Detached outside Terraform: the attachment is gone and is planned again.
		// (Another role attached outside Terraform shows up as a diff on role_arn.)
		removeGone(ctx, resp, "buckt_aws_account_role", state.AWSAccount.ValueString(), "(its connection has no IAM role attached)")
	case buckt.IsNotFound(err):
		removeGone(ctx, resp, "buckt_aws_account_role", state.AWSAccount.ValueString(), "(HTTP 404)")
	case err != nil:
		addAPIError(&resp.Diagnostics, "Error reading the role of AWS account connection", state.AWSAccount.ValueString(), err, "")
	default:
		resp.Diagnostics.Append(resp.State.Set(ctx, r.stateFrom(account, state))...)
	}
}

func (r *awsAccountRoleResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state awsAccountRoleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.AWSAccount.ValueString()
	if !r.noBucketsLeft(ctx, id, state.ForceDestroy.ValueBool(), &resp.Diagnostics) {
		return
	}
	err := r.client.UpdateAWSAccount(ctx, id, buckt.AWSAccountUpdate{RoleARN: buckt.Clear(), StackID: buckt.Clear()})
	if err != nil && !buckt.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Error detaching the IAM role from AWS account connection", id, err, "")
	}
}

// ModifyPlan plans status active (the goal of an attachment) and the values
// validation will set; a refresh that found the connection not active plans an
// update that validates again. A stack_id or timeouts change does not validate.
func (r *awsAccountRoleResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var plan awsAccountRoleModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		plan.Status = types.StringValue(buckt.StatusActive)
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
		return
	}
	var state awsAccountRoleModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	roleChanges := !plan.RoleARN.Equal(state.RoleARN)
	plan.validationValues = state.planned(state.needsValidation(true, roleChanges), roleChanges)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// ImportState takes the connection as buckt_aws_account's import does (its awa_
// id or 12-digit AWS account id), or an import block's identity.
func (r *awsAccountRoleResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key := awsAccountRoleIdentity.importKey(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := r.reads.ResolveAWSAccount(ctx, key)
	if err != nil {
		resp.Diagnostics.AddError("Cannot import buckt_aws_account_role", err.Error())
		return
	}
	// Adopting an attachment that does not exist would only plan a change later.
	_, err = reads.FindRoleAttachment(ctx, r.client.GetAWSAccount, id)
	if errors.Is(err, reads.ErrNoRoleAttached) {
		resp.Diagnostics.AddError("Cannot import buckt_aws_account_role", fmt.Sprintf("The AWS account connection %s "+
			"has no IAM role attached: there is nothing to import. Remove the import and apply the "+
			"buckt_aws_account_role resource instead: that attaches the role and validates it.", id))
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Cannot import buckt_aws_account_role", id, err, "")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("aws_account"), id)...)
	resp.Diagnostics.Append(awsAccountRoleIdentity.set(ctx, resp.Identity, id)...)
}
