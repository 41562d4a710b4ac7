package provider

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/awsnames"
)

// ImportState accepts the Buckt id (awa_...) or the 12-digit AWS account id,
// which users know; the latter is looked up through the list of connections.
// An import block's identity names the Buckt id.
func (r *awsAccountResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key := awsAccountIdentity.importKey(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := resolveAWSAccount(ctx, r.reads, key)
	if err != nil {
		resp.Diagnostics.AddError("Cannot import buckt_aws_account", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(awsAccountIdentity.set(ctx, resp.Identity, id)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("skip_validation"), types.BoolValue(false))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("force_destroy"), types.BoolValue(false))...)
}

// resolveAWSAccount turns what users know of a connection (its awa_ id, or the
// 12-digit AWS account id of a validated one) into the connection's Buckt id.
func resolveAWSAccount(ctx context.Context, reads *apiReads, importID string) (string, error) {
	importID = strings.TrimSpace(importID)
	switch {
	case awaIDPattern.MatchString(importID):
		return importID, nil
	case !awsnames.AccountID.MatchString(importID):
		return "", fmt.Errorf("import id %q is neither a Buckt connection id (awa_01H8XYZABCDEFGHJKMNPQRSTVW) nor a "+
			"12-digit AWS account id (111122223333)", importID)
	}
	accounts, err := reads.accounts.all(ctx, "")
	if err != nil {
		return "", fmt.Errorf("listing AWS account connections to find AWS account %s: %w", importID, err)
	}
	var matches []string
	for _, a := range accounts {
		if a.AWSAccountID != nil && *a.AWSAccountID == importID {
			matches = append(matches, a.ID)
		}
	}
	slices.Sort(matches) // the listing is a map: name several in a stable order
	switch len(matches) {
	case 0:
		return "", fmt.Errorf("no Buckt connection has AWS account id %s. Only a connection whose role was validated "+
			"knows its AWS account id: name a pending one by its awa_ id (see the Buckt dashboard)", importID)
	case 1:
		return matches[0], nil
	}
	return "", fmt.Errorf("%d Buckt connections have AWS account id %s: %s. Name one of them by its awa_ id",
		len(matches), importID, strings.Join(matches, ", "))
}
