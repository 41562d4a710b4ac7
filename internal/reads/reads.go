package reads

import (
	"context"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/clock"
)

// API is what the read layer asks of Buckt; *buckt.Client implements it.
type API interface {
	GetAWSAccount(ctx context.Context, id string) (*buckt.AWSAccount, error)
	AWSAccountsPage(ctx context.Context, cursor string) ([]buckt.AWSAccount, string, error)
	GetBucket(ctx context.Context, id string) (*buckt.Bucket, error)
	BucketsPage(ctx context.Context, awsAccount, cursor string) ([]buckt.Bucket, string, error)
	ImportBuckets(ctx context.Context, awsAccount string, names []string) ([]string, error)
}

// Reads is the read layer of one provider instance, which lives for one
// Terraform operation: the paged readers of connections and imported
// buckets, and the batcher of imports. Safe for concurrent use.
type Reads struct {
	api      API
	accounts *pagedReader[buckt.AWSAccount]
	buckets  *pagedReader[buckt.Bucket]
	imports  *importBatcher
}

// New is the read layer over api; the import batcher waits on clk.
func New(api API, clk clock.Clock) *Reads {
	return &Reads{
		api: api,
		accounts: &pagedReader[buckt.AWSAccount]{
			get: api.GetAWSAccount, kind: "aws_account",
			page: func(ctx context.Context, _, cursor string) ([]buckt.AWSAccount, string, error) {
				return api.AWSAccountsPage(ctx, cursor)
			},
			key:     func(a buckt.AWSAccount) string { return a.ID },
			scopeOf: func(buckt.AWSAccount) string { return "" },
		},
		buckets: &pagedReader[buckt.Bucket]{
			get: api.GetBucket, page: api.BucketsPage, kind: "bucket",
			key:     func(b buckt.Bucket) string { return b.ID },
			scopeOf: func(b buckt.Bucket) string { return b.AWSAccount },
		},
		imports: newImportBatcher(newBucketImporter(api).importNames, clock.OrReal(clk)),
	}
}

// Wrote drops everything listed: a write may change any listed object. The
// client calls it after every write (buckt.Config.AfterWrite).
func (r *Reads) Wrote() {
	r.accounts.invalidate()
	r.buckets.invalidate()
}

// AWSAccounts is every connection of the organization, each once, in no
// particular order; its walk serves later reads.
func (r *Reads) AWSAccounts(ctx context.Context) ([]buckt.AWSAccount, error) {
	return r.accounts.all(ctx, "")
}

// ImportedBuckets is every bucket imported through connection awsAccount,
// each once, in no particular order; its walk serves later reads.
func (r *Reads) ImportedBuckets(ctx context.Context, awsAccount string) ([]buckt.Bucket, error) {
	return r.buckets.all(ctx, awsAccount)
}
