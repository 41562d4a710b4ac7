package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// ImportState accepts the Buckt id (awa_...) or the 12-digit AWS account id,
// which users know; the latter is looked up through the list of connections.
// An import block's identity names the Buckt id.
func (r *awsAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key := awsAccountIdentity.importKey(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := r.reads.ResolveAWSAccount(ctx, key)
	if err != nil {
		resp.Diagnostics.AddError("Cannot import buckt_aws_account", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(awsAccountIdentity.set(ctx, resp.Identity, id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("skip_validation"), types.BoolValue(false))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_destroy"), types.BoolValue(false))...)
}
