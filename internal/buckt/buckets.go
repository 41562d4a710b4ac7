package buckt

import (
	"context"
	"iter"
	"net/url"
)

// Bucket is a Buckt bucket; an imported one is an S3 bucket Buckt manages in place.
type Bucket struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Source     string `json:"source"`
	AWSAccount string `json:"awsAccount"`
	CreatedAt  string `json:"createdAt"`
	UpdatedAt  string `json:"updatedAt"`
}

// GetBucket reads one bucket.
func (c *Client) GetBucket(ctx context.Context, id string) (*Bucket, error) {
	var out Bucket
	if err := c.do(ctx, call{method: "GET", path: bucketPath(id), out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// Buckets yields the buckets of one AWS account connection (all when
// awsAccount is empty), page by page.
func (c *Client) Buckets(ctx context.Context, awsAccount string) iter.Seq2[Bucket, error] {
	return paginate[Bucket](ctx, c, "/v1/buckets", bucketQuery(awsAccount))
}

// ListBuckets returns the buckets of one AWS account connection (all when
// awsAccount is empty).
func (c *Client) ListBuckets(ctx context.Context, awsAccount string) ([]Bucket, error) {
	return collect(c.Buckets(ctx, awsAccount))
}

// BucketsPage returns the page of one connection's buckets (all when
// awsAccount is empty) that starts at cursor ("" for the first) and the cursor
// of the next page ("" after the last).
func (c *Client) BucketsPage(ctx context.Context, awsAccount, cursor string) ([]Bucket, string, error) {
	return fetchPage[Bucket](ctx, c, "/v1/buckets", bucketQuery(awsAccount), cursor)
}

// DeleteBucket releases an imported bucket: Buckt stops managing it, and the S3
// bucket and its objects stay untouched in the customer's account.
func (c *Client) DeleteBucket(ctx context.Context, id string) error {
	return c.do(ctx, call{method: "DELETE", path: bucketPath(id)})
}

func bucketPath(id string) string { return "/v1/buckets/" + url.PathEscape(id) }

// bucketQuery filters a bucket listing by connection ("" for every bucket).
func bucketQuery(awsAccount string) url.Values {
	query := url.Values{}
	if awsAccount != "" {
		query.Set("awsAccount", awsAccount)
	}
	return query
}
