package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// ModifyPlan makes the plan say what an apply will really do with the computed
// values that validation drives:
//   - with role_arn configured here (and validation on), the desired status is
//     active. A refresh that found the connection pending or failed (its role
//     changed or broke outside Terraform) therefore plans an in-place update
//     that validates again, instead of silently keeping a broken connection;
//   - only a new role or such a drift validates: a label change keeps status,
//     aws_account_id and last_validated_at known, and a change of a
//     Terraform-only setting (force_destroy, skip_validation, timeouts) keeps
//     every value, updated_at too, because it makes no API call.
func (r *awsAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	wantActive := wantsActive(ctx, req.Config, req.Plan, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || unchangedAndActive(ctx, req, wantActive, &resp.Diagnostics) {
		return
	}
	var plan awsAccountResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if req.State.Raw.IsNull() {
		if wantActive {
			plan.Status = types.StringValue(buckt.StatusActive)
		}
		resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
		return // create
	}

	var state awsAccountResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	roleChanges := !plan.RoleARN.Equal(state.RoleARN)
	validates := state.needsValidation(wantActive, roleChanges)
	plan.validationValues = state.planned(validates, roleChanges)
	plan.UpdatedAt = state.UpdatedAt
	// A value unknown until apply (a label or role from another resource) may
	// change too: Equal is false for it.
	sendsToBuckt := !plan.Label.Equal(state.Label) || roleChanges || !plan.StackID.Equal(state.StackID)
	if validates || sendsToBuckt {
		plan.UpdatedAt = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// unchangedAndActive reports whether the plan leaves an existing connection
// exactly as it is in state, with nothing to repair: the plan then needs no
// modification. It is most of a large plan, so it reads single attributes
// rather than whole models.
func unchangedAndActive(ctx context.Context, req resource.ModifyPlanRequest, wantActive bool, diags *diag.Diagnostics) bool {
	if req.State.Raw.IsNull() || !req.Plan.Raw.Equal(req.State.Raw) {
		return false
	}
	if !wantActive {
		return true
	}
	var status types.String
	diags.Append(req.State.GetAttribute(ctx, path.Root("status"), &status)...)
	return status.ValueString() == buckt.StatusActive
}

// wantsActive reports whether active is this connection's goal: only a role
// configured on this resource makes it so (a role attached by
// buckt_aws_account_role is that resource's to validate), unless validation
// is skipped.
func wantsActive(ctx context.Context, config tfsdk.Config, plan tfsdk.Plan, diags *diag.Diagnostics) bool {
	var configuredRole types.String
	var skipValidation types.Bool
	diags.Append(config.GetAttribute(ctx, path.Root("role_arn"), &configuredRole)...)
	diags.Append(plan.GetAttribute(ctx, path.Root("skip_validation"), &skipValidation)...)
	return !configuredRole.IsNull() && !skipValidation.ValueBool()
}
