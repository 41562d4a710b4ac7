package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/clock"
)

// noBucketsLeft makes sure no bucket is imported through the connection id
// before its role is detached: Buckt reaches them through the role, so a
// detach would leave them unreachable and the connection's disconnect, which
// comes next in a destroy, would fail on them anyway. With force it releases
// them; otherwise it waits while a parallel destroy releases them (see
// awaitReleases). It reports false, with the error in diags, when buckets
// remain: nothing is detached then.
func (r *awsAccountRoleResource) noBucketsLeft(ctx context.Context, id string, force bool, diags *diag.Diagnostics) bool {
	list := func(ctx context.Context) ([]buckt.Bucket, error) { return r.client.ListBuckets(ctx, id) }
	buckets, err := list(ctx)
	if err == nil && len(buckets) > 0 && !force {
		buckets, err = awaitReleases(ctx, clock.Real{}, list, buckets)
	}
	switch {
	case buckt.IsNotFound(err): // the connection is gone: so is the attachment
		return true
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		diags.AddError("Detaching the IAM role was interrupted", fmt.Sprintf("%s: the destroy was interrupted while "+
			"waiting for the buckets imported through the connection to be released. Nothing was detached: the "+
			"connection keeps its role. Run the destroy again.", id))
		return false
	case err != nil:
		addAPIError(diags, "Error listing the buckets imported through the AWS account connection before detaching its role",
			id, err, "Nothing was detached: the connection keeps its role.")
		return false
	case len(buckets) == 0:
		return true
	case force:
		return releaseBuckets(ctx, r.client, id, buckets, diags)
	}
	diags.AddError("Cannot detach the IAM role: buckets are still imported through the connection", fmt.Sprintf(
		"%s still has %d imported bucket(s), which Buckt reaches through this role:\n%s\n\n"+
			"Nothing was detached: the connection, its role and the buckets are as they were. Release the buckets "+
			"first: destroy their buckt_imported_bucket resources (one imported outside Terraform can be adopted with "+
			"terraform import buckt_imported_bucket.<name> %s/<bucket name>, then destroyed), or set "+
			"force_destroy = true on this buckt_aws_account_role, apply, and destroy again to release them with it. "+
			"Releasing never touches the S3 bucket or its data.", id, len(buckets), bucketLines(buckets), id))
	return false
}
