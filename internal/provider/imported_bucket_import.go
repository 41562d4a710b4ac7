package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// ImportState accepts the Buckt bucket id (bkt_...) or what users know:
// `<awa_ id or 12-digit AWS account id>/<bucket name>`.
func (r *importedBucketResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, err := r.resolveBucketImportID(ctx, strings.TrimSpace(req.ID))
	if err != nil {
		resp.Diagnostics.AddError("Cannot import buckt_imported_bucket", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
}

func (r *importedBucketResource) resolveBucketImportID(ctx context.Context, importID string) (string, error) {
	if strings.HasPrefix(importID, "bkt_") {
		return importID, nil
	}
	accountKey, name, ok := strings.Cut(importID, "/")
	if !ok || name == "" {
		return "", fmt.Errorf("import id %q is neither a Buckt bucket id (bkt_01H8XYZABCDEFGHJKMNPQRSTVW) nor "+
			"<connection>/<bucket name> (awa_01H8XYZABCDEFGHJKMNPQRSTVW/legacy-marketing or 111122223333/legacy-marketing)", importID)
	}
	account, err := resolveAWSAccount(ctx, r.client, accountKey)
	if err != nil {
		return "", err
	}
	buckets, err := r.client.ListBuckets(ctx, account)
	if err != nil {
		return "", fmt.Errorf("listing the buckets imported through %s: %w", account, err)
	}
	for _, b := range buckets {
		if b.Name == name {
			return b.ID, nil
		}
	}
	return "", fmt.Errorf("S3 bucket %q is not imported into Buckt through connection %s. terraform import adopts an "+
		"existing Buckt bucket; to import the S3 bucket into Buckt, declare a buckt_imported_bucket resource and apply",
		name, account)
}
