package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// ModifyPlan makes the plan say what an apply will really do with the computed
// values that validation drives:
//   - with role_arn configured (and validation on), the desired status is active.
//     A refresh that found the connection pending or failed (its role changed or
//     broke outside Terraform) therefore plans an in-place update that validates
//     again, instead of silently keeping a broken connection;
//   - aws_account_id is known in advance unless the role changes or the account
//     has none yet;
//   - an update changes updated_at and may change last_validated_at.
func (r *awsAccountResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var plan awsAccountResourceModel
	var configuredRole types.String
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("role_arn"), &configuredRole)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Only a role configured here makes active the goal: a role attached by
	// buckt_aws_account_role is that resource's to validate.
	wantActive := !configuredRole.IsNull() && !plan.SkipValidation.ValueBool()
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
	updating := r.updates(plan, state) || state.drifted(wantActive)
	plan.validationValues = state.planned(updating, wantActive, !plan.RoleARN.Equal(state.RoleARN))
	plan.UpdatedAt = state.UpdatedAt
	if updating {
		plan.UpdatedAt = types.StringUnknown()
	}
	resp.Diagnostics.Append(resp.Plan.Set(ctx, plan)...)
}

// updates reports whether plan differs from state in anything an apply acts on.
func (r *awsAccountResource) updates(plan, state awsAccountResourceModel) bool {
	return !plan.Label.Equal(state.Label) ||
		!plan.RoleARN.Equal(state.RoleARN) ||
		!plan.StackID.Equal(state.StackID) ||
		!plan.SkipValidation.Equal(state.SkipValidation) ||
		!plan.ForceDestroy.Equal(state.ForceDestroy) ||
		!plan.Timeouts.Equal(state.Timeouts)
}
