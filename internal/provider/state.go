package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// setKnownState saves model to state with every value still unknown made null.
// A create whose later step failed saves what exists, from its plan when the
// record could not be read back, and Terraform refuses unknown values in state
// after an apply; the next refresh reads the real ones. Converting the whole
// state object, rather than naming fields, covers every computed attribute,
// including ones added later.
func setKnownState(ctx context.Context, state *tfsdk.State, model any) diag.Diagnostics {
	diags := state.Set(ctx, model)
	if diags.HasError() {
		return diags
	}
	known, err := tftypes.Transform(state.Raw, func(_ *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if !v.IsKnown() {
			return tftypes.NewValue(v.Type(), nil), nil
		}
		return v, nil
	})
	if err != nil {
		diags.AddError("Error saving the state after a failure",
			fmt.Sprintf("Could not replace the unknown values with nulls: %s. This is a bug in the provider; please report it.", err))
		return diags
	}
	state.Raw = known
	return diags
}

// removeGone drops an object that no longer exists in Buckt from state, so
// that Terraform plans to create it again, and says so in the log (reason:
// why it is gone, e.g. "(HTTP 404)").
func removeGone(ctx context.Context, resp *resource.ReadResponse, resourceType, id, reason string) {
	tflog.Warn(ctx, fmt.Sprintf("%s %s no longer exists in Buckt %s: removing it from state; Terraform will plan "+
		"to create it again", resourceType, id, reason), map[string]any{"resource_type": resourceType, "id": id})
	resp.State.RemoveResource(ctx)
}
