package provider

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// attach puts the planned role on the connection and validates it, retrying
// within window. prior is the state before an update, nil on create; an update
// validates only a new role or a status that drifted from active.
//
// A failed create saves what the API now holds: Terraform taints only this
// attachment, the connection and its external_id are untouched, and a later
// destroy detaches the role. A failed update leaves the prior state in place;
// a failed role change first puts the previous role back (see restorePatch).
func (r *awsAccountRoleResource) attach(ctx context.Context, plan awsAccountRoleModel, prior *awsAccountRoleModel,
	window time.Duration, state *tfsdk.State, diags *diag.Diagnostics) {
	id := plan.AWSAccount.ValueString()
	from := awsAccountRoleModel{RoleARN: types.StringUnknown(), StackID: types.StringUnknown()}
	if prior != nil {
		from = *prior
	}
	var update buckt.AWSAccountUpdate
	changed := setPatch(&update.RoleARN, from.RoleARN, plan.RoleARN)
	changed = setPatch(&update.StackID, from.StackID, plan.StackID) || changed
	// As planned (see ModifyPlan): a create validates; an update when the plan
	// left last_validated_at to it.
	validates := prior == nil || plan.LastValidatedAt.IsUnknown()
	if !changed && !validates {
		diags.Append(state.Set(ctx, plan)...) // only timeouts changed
		return
	}
	req := attachRequest{accountID: id, validate: validates, window: window}
	if changed {
		req.patch = &update
		req.restore = restorePatch(from.RoleARN, from.StackID, plan.RoleARN, plan.StackID)
	}
	res := newAttachFlow(r.client).run(ctx, req)
	switch res.failed {
	case attachPatchFailed:
		addAPIError(diags, "Error attaching the IAM role to AWS account connection", id, res.err, "")
	case attachValidateFailed:
		hint := "Terraform keeps the previous state of this attachment; the next apply tries again."
		switch {
		case res.restored != nil:
			hint = res.restoreReport(id, prior.RoleARN.ValueString())
			if res.account != nil {
				diags.Append(state.Set(ctx, r.stateFrom(res.account, *prior))...)
			}
		case prior == nil:
			hint = "Only this attachment is marked tainted: the connection and its external_id are unchanged, so " +
				"fix the role and apply again (no untaint needed)."
			diags.Append(r.saveFailedCreate(ctx, state, id, plan, res.account)...)
		}
		addValidationError(diags, "The IAM role attached to the AWS account connection could not be validated",
			id, res.externalID(), plan.RoleARN.ValueString(), res.validation, hint)
	case attachReadFailed:
		addAPIError(diags, "Error reading the AWS account connection after validating its role", id, res.err,
			"The role is attached and valid; the next plan reads it again.")
	default:
		attached := r.stateFrom(res.account, plan)
		attached.validationValues = keepPlanned(attached.validationValues, plan.validationValues)
		diags.Append(state.Set(ctx, attached)...)
	}
}

// saveFailedCreate saves the attachment whose validation failed on create: as
// read back, or, when it could not be read, as planned with every value still
// unknown null. The planned status, active, was the goal of the validation
// that failed, so it is not kept either.
func (r *awsAccountRoleResource) saveFailedCreate(ctx context.Context, state *tfsdk.State, id string, plan awsAccountRoleModel,
	account *buckt.AWSAccount) diag.Diagnostics {
	if account != nil {
		return setKnownState(ctx, state, r.stateFrom(account, plan))
	}
	saved := plan
	saved.ID, saved.Status = types.StringValue(id), types.StringUnknown()
	return setKnownState(ctx, state, saved)
}
