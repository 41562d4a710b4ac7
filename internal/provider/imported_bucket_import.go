package provider

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/reads"
)

// ImportState accepts the Buckt bucket id (bkt_...) or what users know:
// `<awa_ id or 12-digit AWS account id>/<bucket name>`; or an import block's
// identity, the bkt_ id.
func (r *importedBucketResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	key := importedBucketIdentity.importKey(ctx, req, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := r.resolveBucketImportID(ctx, key)
	if err != nil {
		resp.Diagnostics.AddError("Cannot import buckt_imported_bucket", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), id)...)
	resp.Diagnostics.Append(importedBucketIdentity.set(ctx, resp.Identity, id)...)
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
	account, err := r.reads.ResolveAWSAccount(ctx, accountKey)
	if err != nil {
		return "", err
	}
	id, err := r.reads.ImportedBucketNamed(ctx, account, name)
	if !errors.Is(err, reads.ErrNotImported) {
		return id, err
	}
	if visible, err := r.s3BucketVisible(ctx, account, name); err == nil && !visible {
		return "", fmt.Errorf("no S3 bucket named %q is visible through connection %s, in Buckt or in S3: there is "+
			"nothing to import. Check the name's spelling and the AWS account; the buckt_aws_account_s3_buckets data "+
			"source lists the buckets the connection's role can see", name, account)
	}
	return "", notImportedError(name, account, accountKey)
}

// s3BucketVisible reports whether the connection's role sees an S3 bucket
// named name. It lists S3 only on the way to an error, to tell a misspelt
// name from a bucket that is not in Buckt yet.
func (r *importedBucketResource) s3BucketVisible(ctx context.Context, account, name string) (bool, error) {
	buckets, err := r.client.ListS3Buckets(ctx, account)
	if err != nil {
		return false, err
	}
	return slices.ContainsFunc(buckets, func(b buckt.S3BucketInfo) bool { return b.ID == name }), nil
}

// notImportedError is what an import block or terraform import shows for a
// bucket that is visible in S3 but not in Buckt yet: such a bucket cannot be
// adopted, only imported by the resource itself, and bulk adoption has to
// iterate over what buckt_imported_buckets says exists. accountKey is the
// connection as the user named it, repeated in the example.
func notImportedError(name, account, accountKey string) error {
	return fmt.Errorf("S3 bucket %q is not imported into Buckt through connection %s. An import block or terraform "+
		"import only adopts buckets already imported into Buckt. To adopt exactly what exists, iterate the import "+
		"block over the buckt_imported_buckets data source (import blocks with for_each need Terraform >= 1.7):\n\n"+
		"  data \"buckt_imported_buckets\" \"x\" {\n"+
		"    aws_account = %q\n"+
		"  }\n\n"+
		"  import {\n"+
		"    for_each = { for b in data.buckt_imported_buckets.x.buckets : b.bucket_name => b.import_id }\n"+
		"    to       = buckt_imported_bucket.all[each.key]\n"+
		"    id       = each.value\n"+
		"  }\n\n"+
		"Here buckt_imported_bucket.all has for_each over the visible bucket names "+
		"(data.buckt_aws_account_s3_buckets). Buckets not yet in Buckt are imported by the buckt_imported_bucket "+
		"resource itself on apply, with no import block: drop the import of %q and apply",
		name, account, accountKey, name)
}
