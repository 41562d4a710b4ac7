package provider

import (
	"cmp"
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

var (
	_ resource.ResourceWithConfigure   = (*awsAccountResource)(nil)
	_ resource.ResourceWithImportState = (*awsAccountResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*awsAccountResource)(nil)
	_ resource.ResourceWithIdentity    = (*awsAccountResource)(nil)
)

// awsAccountResource is `buckt_aws_account`: one AWS account connection.
type awsAccountResource struct {
	resourceClient
}

// awsAccountResourceModel is the resource's state: the API's fields plus the
// settings that live only in Terraform.
type awsAccountResourceModel struct {
	awsAccountFields
	SkipValidation types.Bool     `tfsdk:"skip_validation"`
	ForceDestroy   types.Bool     `tfsdk:"force_destroy"`
	Timeouts       timeouts.Value `tfsdk:"timeouts"`
}

func newAWSAccountResource() resource.Resource { return &awsAccountResource{} }

func (r *awsAccountResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_aws_account"
}

func (r *awsAccountResource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	useState := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Connects one AWS account to Buckt through a cross-account IAM role. Creating it connects " +
			"the account (Buckt generates `external_id`), attaches `role_arn` when set, then validates the role, " +
			"retrying while IAM propagates a new role. Destroying it disconnects the account in Buckt only: the IAM " +
			"role and CloudFormation stack in AWS are left as they are.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: descAWSAccountConnectionID,
				Computed:            true,
				PlanModifiers:       useState,
			},
			"label": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("Human-readable label shown in Buckt, e.g. `production`; 1 to %d "+
					"characters. Changed in place; removing it clears the label.", maxLabelLength),
				Optional:   true,
				Validators: []validator.String{labelValidator()},
			},
			"role_arn": schema.StringAttribute{
				MarkdownDescription: "ARN of the IAM role Buckt assumes, e.g. `arn:aws:iam::111122223333:role/BucktAccess`. " +
					"Its trust policy must allow Buckt's principal with `sts:ExternalId` equal to `external_id`. " +
					"Changed in place, then validated; a new role that never validates is replaced by the previous one, " +
					"validated again, so the connection keeps working and the next plan proposes the new role again. " +
					"Leave it unset when the role is attached by " +
					"`buckt_aws_account_role` (it then shows the role Buckt has); removing it from the configuration " +
					"does not detach the role.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{roleARNValidator()},
				PlanModifiers: useState,
			},
			"stack_id": schema.StringAttribute{
				MarkdownDescription: "ARN of the CloudFormation stack that deployed the role, e.g. " +
					"`arn:aws:cloudformation:us-east-1:111122223333:stack/Buckt/0a1b2c3d`. Informational; changed in place.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{stackIDValidator()},
				PlanModifiers: useState,
			},
			"skip_validation": schema.BoolAttribute{
				MarkdownDescription: "When `true`, connect and attach `role_arn` without validating the role, for roles " +
					"deployed later by other means; `status` then stays `pending` until a validation. Kept in " +
					"Terraform only, never sent to Buckt. Default `false`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"force_destroy": schema.BoolAttribute{
				MarkdownDescription: "When `true`, destroying the connection first releases the buckets imported " +
					"through it (Buckt stops managing them; the S3 buckets and their data are never touched), then " +
					"disconnects. When `false` (the default), a destroy while imported buckets remain fails and names " +
					"them. Kept in Terraform only.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"aws_account_id":    schema.StringAttribute{MarkdownDescription: descAWSAccountID, Computed: true},
			"external_id":       schema.StringAttribute{MarkdownDescription: descExternalID, Computed: true, PlanModifiers: useState},
			"status":            schema.StringAttribute{MarkdownDescription: descStatus + " With `role_arn` configured the desired status is `active`: a refresh that finds another plans an update that validates again.", Computed: true},
			"last_validated_at": schema.StringAttribute{MarkdownDescription: descLastValidatedAt, Computed: true},
			"created_at":        schema.StringAttribute{MarkdownDescription: descCreatedAt, Computed: true, PlanModifiers: useState},
			"updated_at":        schema.StringAttribute{MarkdownDescription: descUpdatedAt, Computed: true},
		},
		Blocks: map[string]schema.Block{
			"timeouts": validationTimeoutsBlock(ctx),
		},
	}
}

func (r *awsAccountResource) IdentitySchema(_ context.Context, _ resource.IdentitySchemaRequest, resp *resource.IdentitySchemaResponse) {
	resp.IdentitySchema = awsAccountIdentity.schema()
}

func (r *awsAccountResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan awsAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	window, diags := plan.Timeouts.Create(ctx, defaultValidationWindow)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	id, err := r.client.ConnectAWSAccount(ctx, plan.Label.ValueStringPointer())
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error creating AWS account connection", "AWS account connection", err, "")
		return
	}
	// From here on the record exists in Buckt: every exit saves it to state, so a
	// failure leaves a tainted resource rather than an orphan.
	resp.Diagnostics.Append(awsAccountIdentity.set(ctx, resp.Identity, id)...)
	res := newAttachFlow(r.client).run(ctx, attachRequest{
		accountID: id, patch: changedFields(nil, &plan), validate: shouldValidate(plan), window: window,
		readAfterFailedPatch: true,
	})
	resp.Diagnostics.Append(r.saveCreated(ctx, &resp.State, id, plan, res.account)...)
	switch res.failed {
	case attachPatchFailed:
		addAPIError(&resp.Diagnostics, "Error attaching the IAM role to the new AWS account connection", id, res.err, untaintHint(id))
	case attachValidateFailed:
		addValidationError(&resp.Diagnostics, "AWS account connection created, but its IAM role could not be validated",
			id, res.externalID(), plan.RoleARN.ValueString(), res.validation, untaintHint(id))
	case attachReadFailed:
		addAPIError(&resp.Diagnostics, "Error reading the new AWS account connection", id, res.err, untaintHint(id))
	}
}

func (r *awsAccountResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	var state awsAccountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// The identity is the id, set before anything else: state written before
	// identities existed gains one, even on the way out.
	resp.Diagnostics.Append(awsAccountIdentity.set(ctx, resp.Identity, state.ID.ValueString())...)
	account, err := r.reads.AWSAccount(ctx, state.ID.ValueString())
	if buckt.IsNotFound(err) {
		removeGone(ctx, resp, "buckt_aws_account", state.ID.ValueString(), "(HTTP 404)")
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Error reading AWS account connection", state.ID.ValueString(), err, "")
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, r.stateFrom(account, state))...)
}

func (r *awsAccountResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan, state awsAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	window, diags := plan.Timeouts.Update(ctx, defaultValidationWindow)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	resp.Diagnostics.Append(awsAccountIdentity.set(ctx, resp.Identity, id)...)
	update := changedFields(&state, &plan)
	// The apply does what the plan said (see ModifyPlan): it validates when the
	// plan left last_validated_at to it, and calls the API at all only when the
	// plan left updated_at to it; a role unknown at plan may turn out unchanged.
	validates := plan.LastValidatedAt.IsUnknown() && wantsActive(ctx, req.Config, req.Plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	if update == nil && !validates && !plan.UpdatedAt.IsUnknown() {
		// Only Terraform's own settings changed: nothing to send to Buckt.
		resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
		return
	}

	// On any failure below, resp.State still holds the prior state (or, after a
	// failed role change, what Buckt holds once the previous role is back): an
	// update never taints, and the next plan proposes the same change again.
	res := newAttachFlow(r.client).run(ctx, attachRequest{accountID: id, patch: update, validate: validates, window: window,
		restore: restorePatch(state.RoleARN, state.StackID, plan.RoleARN, plan.StackID)})
	switch res.failed {
	case attachPatchFailed:
		addAPIError(&resp.Diagnostics, "Error updating AWS account connection", id, res.err, "")
	case attachValidateFailed:
		hint := "Nothing was lost: Terraform keeps the previous state, and the next apply tries again."
		if res.restored != nil {
			hint = res.restoreReport(id, state.RoleARN.ValueString())
			if res.account != nil {
				resp.Diagnostics.Append(resp.State.Set(ctx, r.stateFrom(res.account, state))...)
			}
		}
		addValidationError(&resp.Diagnostics, "The IAM role of the AWS account connection could not be validated",
			id, cmp.Or(res.externalID(), state.ExternalID.ValueString()), plan.RoleARN.ValueString(), res.validation, hint)
	case attachReadFailed:
		addAPIError(&resp.Diagnostics, "Error reading the updated AWS account connection", id, res.err, "")
	default:
		updated := r.stateFrom(res.account, plan)
		updated.validationValues = keepPlanned(updated.validationValues, plan.validationValues)
		resp.Diagnostics.Append(resp.State.Set(ctx, updated)...)
	}
}

func (r *awsAccountResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state awsAccountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id := state.ID.ValueString()
	if state.ForceDestroy.ValueBool() {
		if !r.releaseBuckets(ctx, id, &resp.Diagnostics) {
			return
		}
	}
	err := r.client.DisconnectAWSAccount(ctx, id)
	switch {
	case err == nil, buckt.IsNotFound(err):
	case errors.Is(err, buckt.ErrConflict):
		addAPIError(&resp.Diagnostics, "Error disconnecting AWS account connection", id, err, r.conflictHint(ctx, id))
	default:
		addAPIError(&resp.Diagnostics, "Error disconnecting AWS account connection", id, err, "")
	}
}

// conflictHint names the imported buckets that block a disconnect.
func (r *awsAccountResource) conflictHint(ctx context.Context, id string) string {
	buckets, err := r.client.ListBuckets(ctx, id)
	if err != nil || len(buckets) == 0 {
		return "Release the buckets imported through this connection (destroy their buckt_imported_bucket resources) before disconnecting it."
	}
	return fmt.Sprintf("These imported buckets still reference the connection:\n%s\n\nRelease them first: destroy their "+
		"buckt_imported_bucket resources, or set force_destroy = true on this buckt_aws_account and apply before "+
		"destroying, to release them with it. Releasing never touches the S3 bucket or its data.", bucketLines(buckets))
}

// releaseBuckets releases every bucket imported through the connection, for
// force_destroy. The S3 buckets and their objects stay untouched.
func (r *awsAccountResource) releaseBuckets(ctx context.Context, id string, diags *diag.Diagnostics) bool {
	// List everything first: releasing while paging could shift a cursor.
	buckets, err := r.client.ListBuckets(ctx, id)
	if err != nil {
		addAPIError(diags, "Error listing the buckets to release before disconnecting", id, err, "")
		return false
	}
	return releaseBuckets(ctx, r.client, id, buckets, diags)
}

// stateFrom maps the API's account to state, keeping the Terraform-only settings
// of the plan or prior state.
func (r *awsAccountResource) stateFrom(account *buckt.AWSAccount, settings awsAccountResourceModel) awsAccountResourceModel {
	return awsAccountResourceModel{
		awsAccountFields: awsAccountFromAPI(account),
		SkipValidation:   settings.SkipValidation,
		ForceDestroy:     settings.ForceDestroy,
		Timeouts:         settings.Timeouts,
	}
}

// saveCreated saves the connection a create made, whether or not its later
// steps succeeded: as read back, or, when it could not be read, as planned with
// its id and every value still unknown null (the next refresh fills them in).
func (r *awsAccountResource) saveCreated(ctx context.Context, state *tfsdk.State, id string, plan awsAccountResourceModel,
	account *buckt.AWSAccount) diag.Diagnostics {
	saved := plan
	saved.ID = types.StringValue(id)
	if account != nil {
		saved = r.stateFrom(account, plan)
	}
	return setKnownState(ctx, state, saved)
}

// changedFields is the PATCH that takes the account from prior (nil on create,
// after connect) to plan, or nil when nothing changes.
func changedFields(prior, plan *awsAccountResourceModel) *buckt.AWSAccountUpdate {
	var update buckt.AWSAccountUpdate
	changed := false
	if prior != nil {
		changed = setPatch(&update.Label, prior.Label, plan.Label)
		changed = setPatch(&update.RoleARN, prior.RoleARN, plan.RoleARN) || changed
		changed = setPatch(&update.StackID, prior.StackID, plan.StackID) || changed
	} else {
		// connect already set the label; role and stack start out null.
		changed = setPatch(&update.RoleARN, types.StringNull(), plan.RoleARN)
		changed = setPatch(&update.StackID, types.StringNull(), plan.StackID) || changed
	}
	if !changed {
		return nil
	}
	return &update
}

// shouldValidate reports whether an apply of plan validates the role.
func shouldValidate(plan awsAccountResourceModel) bool {
	return !plan.RoleARN.IsNull() && !plan.RoleARN.IsUnknown() && !plan.SkipValidation.ValueBool()
}

// untaintHint tells how to keep a connection whose create failed half-way: the
// failed object is tainted, and replacing it would generate a new external_id.
func untaintHint(id string) string {
	return fmt.Sprintf("The connection %s is saved in state, so nothing is orphaned, but Terraform marks it tainted and "+
		"would replace it on the next apply, which creates a new external_id. To keep this one: run "+
		"`terraform untaint 'ADDRESS'`, with the address from the \"with\" line above, fix the cause, then apply again. "+
		"Attaching the role with the buckt_aws_account_role resource avoids this trap: a failure there taints only "+
		"the attachment, and the external_id lives on the account.", id)
}

// addValidationError adds the diagnostic of a validation that finally failed,
// or that Terraform interrupted.
func addValidationError(diags *diag.Diagnostics, summary, id, externalID, roleARN string, outcome validationOutcome, hint string) {
	if outcome.interrupted {
		diags.AddError("Validation of the IAM role interrupted", interruptedValidationDetail(id, roleARN, outcome)+"\n\n"+hint)
		return
	}
	if !errors.Is(outcome.err, buckt.ErrValidation) {
		addAPIError(diags, summary, id, outcome.err, hint)
		return
	}
	diags.AddError(summary, validationFailureDetail(id, externalID, roleARN, outcome)+"\n\n"+hint)
}
