package buckt

import (
	"context"
	"iter"
	"net/url"
)

// AWS account statuses.
const (
	StatusPending = "pending"
	StatusActive  = "active"
	StatusFailed  = "failed"
)

// AWSAccount is a Buckt-side connection to a customer AWS account. Nullable
// fields are pointers; timestamps stay the strings the API sent.
type AWSAccount struct {
	ID              string  `json:"id"`
	AWSAccountID    *string `json:"awsAccountId"`
	ExternalID      string  `json:"externalId"`
	RoleARN         *string `json:"roleArn"`
	StackID         *string `json:"stackId"`
	Label           *string `json:"label"`
	Status          string  `json:"status"`
	LastValidatedAt *string `json:"lastValidatedAt"`
	CreatedAt       string  `json:"createdAt"`
	UpdatedAt       string  `json:"updatedAt"`
}

// AWSAccountUpdate is a PATCH of an AWS account; fields left zero are unchanged.
type AWSAccountUpdate struct {
	RoleARN PatchString `json:"roleArn,omitzero"`
	StackID PatchString `json:"stackId,omitzero"`
	Label   PatchString `json:"label,omitzero"`
}

// S3BucketInfo is an S3 bucket the account's role can see. ID is the bucket name.
type S3BucketInfo struct {
	ID           string `json:"id"`
	CreationDate string `json:"creationDate"`
}

// writeResponse is what every write returns: the object's id only.
type writeResponse struct {
	Object string `json:"object"`
	ID     string `json:"id"`
}

// ConnectAWSAccount creates an account in pending status and returns its id.
func (c *Client) ConnectAWSAccount(ctx context.Context, label *string) (string, error) {
	in := struct {
		Label *string `json:"label,omitempty"`
	}{label}
	var out writeResponse
	err := c.do(ctx, call{method: "POST", path: "/v1/aws-accounts", in: in, out: &out})
	return out.ID, err
}

// GetAWSAccount reads one account.
func (c *Client) GetAWSAccount(ctx context.Context, id string) (*AWSAccount, error) {
	var out AWSAccount
	if err := c.do(ctx, call{method: "GET", path: accountPath(id), out: &out}); err != nil {
		return nil, err
	}
	return &out, nil
}

// AWSAccounts yields every account, page by page.
func (c *Client) AWSAccounts(ctx context.Context) iter.Seq2[AWSAccount, error] {
	return paginate[AWSAccount](ctx, c, "/v1/aws-accounts", nil)
}

// ListAWSAccounts returns every account.
func (c *Client) ListAWSAccounts(ctx context.Context) ([]AWSAccount, error) {
	return collect(c.AWSAccounts(ctx))
}

// AWSAccountsPage returns the page of connections that starts at cursor (""
// for the first) and the cursor of the next page ("" after the last), for
// callers that decide page by page whether listing further pays off.
func (c *Client) AWSAccountsPage(ctx context.Context, cursor string) ([]AWSAccount, string, error) {
	return fetchPage[AWSAccount](ctx, c, "/v1/aws-accounts", nil, cursor)
}

// UpdateAWSAccount PATCHes an account.
func (c *Client) UpdateAWSAccount(ctx context.Context, id string, update AWSAccountUpdate) error {
	return c.do(ctx, call{method: "PATCH", path: accountPath(id), in: update})
}

// ValidateAWSAccount asks Buckt to assume the account's role and probe its
// permissions. A failure is an *APIError matching ErrValidation whose Message is
// the AWS error.
func (c *Client) ValidateAWSAccount(ctx context.Context, id string) error {
	return c.do(ctx, call{method: "POST", path: accountPath(id) + "/validate"})
}

// DisconnectAWSAccount deletes the Buckt-side record; the AWS role stays.
func (c *Client) DisconnectAWSAccount(ctx context.Context, id string) error {
	return c.do(ctx, call{method: "DELETE", path: accountPath(id)})
}

// S3Buckets yields the S3 buckets the account's role can see, page by page.
func (c *Client) S3Buckets(ctx context.Context, accountID string) iter.Seq2[S3BucketInfo, error] {
	return paginate[S3BucketInfo](ctx, c, accountPath(accountID)+"/s3-buckets", nil)
}

// ListS3Buckets returns every S3 bucket the account's role can see.
func (c *Client) ListS3Buckets(ctx context.Context, accountID string) ([]S3BucketInfo, error) {
	return collect(c.S3Buckets(ctx, accountID))
}

// ImportBuckets imports existing S3 buckets of the account and returns their
// Buckt bucket ids, in the order of names.
func (c *Client) ImportBuckets(ctx context.Context, accountID string, names []string) ([]string, error) {
	in := struct {
		BucketNames []string `json:"bucketNames"`
	}{names}
	var out []writeResponse
	if err := c.do(ctx, call{method: "POST", path: accountPath(accountID) + "/import", in: in, out: &out}); err != nil {
		return nil, err
	}
	ids := make([]string, len(out))
	for i, w := range out {
		ids[i] = w.ID
	}
	return ids, nil
}

func accountPath(id string) string { return "/v1/aws-accounts/" + url.PathEscape(id) }
