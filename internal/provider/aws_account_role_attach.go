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
// destroy detaches the role. A failed update leaves the prior state in place.
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
	if changed {
		if err := r.client.UpdateAWSAccount(ctx, id, update); err != nil {
			addAPIError(diags, "Error attaching the IAM role to AWS account connection", id, err, "")
			return
		}
	}

	var outcome validationOutcome
	if validates {
		outcome = validateRole(ctx, r.client, id, window)
	}
	account, err := r.client.GetAWSAccount(ctx, id)
	if outcome.err != nil {
		hint := "Terraform keeps the previous state of this attachment; the next apply tries again."
		externalID := ""
		if err == nil {
			externalID = account.ExternalID
		}
		if prior == nil {
			hint = "Only this attachment is marked tainted: the connection and its external_id are unchanged, so " +
				"fix the role and apply again (no untaint needed)."
			saved := plan
			saved.ID, saved.validationValues = types.StringValue(id), validationValues{
				Status: types.StringNull(), AWSAccountID: types.StringNull(), LastValidatedAt: types.StringNull(),
			}
			if err == nil {
				saved = r.stateFrom(account, plan)
			}
			diags.Append(state.Set(ctx, saved)...)
		}
		addValidationError(diags, "The IAM role attached to the AWS account connection could not be validated",
			id, externalID, plan.RoleARN.ValueString(), outcome, hint)
		return
	}
	if err != nil {
		addAPIError(diags, "Error reading the AWS account connection after validating its role", id, err,
			"The role is attached and valid; the next plan reads it again.")
		return
	}
	attached := r.stateFrom(account, plan)
	attached.validationValues = keepPlanned(attached.validationValues, plan.validationValues)
	diags.Append(state.Set(ctx, attached)...)
}
