package provider

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/clock"
)

// The imported buckets of a connection stand in the way of taking its role
// away (Buckt reaches them through it) and of disconnecting it. These helpers
// are shared by the destroy of buckt_aws_account and of buckt_aws_account_role.

// releasePoll and releaseStall shape the wait of awaitReleases: how often it
// looks again, and how long it waits without seeing a bucket released.
const (
	releasePoll  = 2 * time.Second
	releaseStall = 20 * time.Second
)

// releaseRounds is how many times releaseBuckets lists the connection's
// buckets again after releasing what it found: a listing walked while other
// pipelines release buckets of the same connection can skip one (its cursors
// may be offsets), and a connection is disconnected or detached only once a
// walk finds nothing left.
const releaseRounds = 3

// releaseBuckets releases every bucket imported through the connection id, for
// force_destroy, starting with buckets (as listed just before), until a walk of
// its listing finds none. The S3 buckets and their objects stay untouched. It
// reports false, with the error in diags, when one failed or buckets remain.
func releaseBuckets(ctx context.Context, client *buckt.Client, id string, buckets []buckt.Bucket, diags *diag.Diagnostics) bool {
	for range releaseRounds {
		for _, bucket := range buckets {
			if err := client.DeleteBucket(ctx, bucket.ID); err != nil && !buckt.IsNotFound(err) {
				addAPIError(diags, "Error releasing an imported bucket before disconnecting", bucket.ID, err, "")
				return false
			}
			tflog.Info(ctx, "Released imported bucket for force_destroy", map[string]any{"aws_account": id, "bucket": bucket.ID, "name": bucket.Name})
		}
		var err error
		if buckets, err = client.ListBuckets(ctx, id); err != nil {
			addAPIError(diags, "Error listing the buckets to release before disconnecting", id, err, "")
			return false
		}
		if len(buckets) == 0 {
			return true
		}
	}
	diags.AddError("Buckets are still imported through the connection", fmt.Sprintf("%s: force_destroy released "+
		"its imported buckets %d times, and buckets are imported through it still (another pipeline may be "+
		"importing into it):\n%s\n\nNothing was disconnected or detached. Run the destroy again once nothing "+
		"else imports into the connection.", id, releaseRounds, bucketLines(buckets)))
	return false
}

// awaitReleases waits while something else releases the connection's buckets
// and returns those still imported once none was released for releaseStall.
// It serves a destroy in which buckt_imported_bucket resources reference the
// connection's id rather than the attachment: Terraform then destroys them in
// parallel with the attachment, which must not detach the role before they are
// gone. A bucket imported outside Terraform is never released by anyone, so
// the wait ends after releaseStall. list reads the buckets still imported.
func awaitReleases(ctx context.Context, clk clock.Clock, list func(context.Context) ([]buckt.Bucket, error),
	remaining []buckt.Bucket) ([]buckt.Bucket, error) {
	lastRelease := clk.Now()
	for len(remaining) > 0 && clk.Now().Sub(lastRelease) < releaseStall {
		if err := clk.Sleep(ctx, releasePoll); err != nil {
			return remaining, err
		}
		now, err := list(ctx)
		if err != nil {
			return remaining, err
		}
		if len(now) < len(remaining) {
			lastRelease = clk.Now()
		}
		remaining = now
	}
	return remaining, nil
}

// bucketLines names buckets one per line, by name, for an error message.
func bucketLines(buckets []buckt.Bucket) string {
	sorted := slices.SortedFunc(slices.Values(buckets), func(a, b buckt.Bucket) int { return cmp.Compare(a.Name, b.Name) })
	lines := make([]string, len(sorted))
	for i, b := range sorted {
		lines[i] = fmt.Sprintf("  - %s (%s)", b.Name, b.ID)
	}
	return strings.Join(lines, "\n")
}
