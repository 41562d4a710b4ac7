package reads

import (
	"context"
	"fmt"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// The finders read what a resource manages and say, in one place each, when
// it no longer exists. "Not found" is always an error buckt.IsNotFound
// recognises and that a GET answered (see the package doc), so a Read drops
// the resource and an ImportState refuses it on the same rule.

// ErrNoRoleAttached is the "not found" of a role attachment whose connection
// exists with no IAM role attached: a role detached outside Terraform is a
// gone attachment. It wraps buckt.ErrNotFound, so buckt.IsNotFound takes it
// for gone like a 404 of the connection, while errors.Is(err,
// ErrNoRoleAttached) tells the two apart. It is no *buckt.APIError: the API
// answered 200, so it must never be shown as an HTTP status.
var ErrNoRoleAttached = fmt.Errorf("the connection has no IAM role attached: %w", buckt.ErrNotFound)

// AWSAccount reads connection id for a refresh, from a listing page when the
// rent-or-buy rule bought one, else by GET; a connection that is gone is the
// GET's 404.
func (r *Reads) AWSAccount(ctx context.Context, id string) (*buckt.AWSAccount, error) {
	return r.accounts.read(ctx, id, "")
}

// RoleAttachment reads connection id for a refresh of its role attachment,
// the one thing a buckt_aws_account_role manages. Without a role it returns
// ErrNoRoleAttached, which a GET confirmed: a listing page may predate
// another pipeline's attach. A connection that is gone is the GET's 404.
func (r *Reads) RoleAttachment(ctx context.Context, id string) (*buckt.AWSAccount, error) {
	account, listed, err := r.accounts.readListed(ctx, id, "")
	if err == nil && listed && !HasRoleAttached(account) {
		return FindRoleAttachment(ctx, r.api.GetAWSAccount, id)
	}
	return roleAttachment(account, err)
}

// FindRoleAttachment is RoleAttachment with one GET, for the reads that must
// see the connection as it is now (an import, the validate action).
func FindRoleAttachment(ctx context.Context, get func(context.Context, string) (*buckt.AWSAccount, error), id string) (*buckt.AWSAccount, error) {
	return roleAttachment(get(ctx, id))
}

// roleAttachment is the attachment an authoritative read of its connection shows.
func roleAttachment(account *buckt.AWSAccount, err error) (*buckt.AWSAccount, error) {
	switch {
	case err != nil:
		return nil, err
	case !HasRoleAttached(account):
		return nil, ErrNoRoleAttached
	}
	return account, nil
}

// HasRoleAttached tells whether a connection is a role attachment.
func HasRoleAttached(account *buckt.AWSAccount) bool { return account.RoleARN != nil }

// ImportedBucket reads bucket id for a refresh, from a listing page when the
// rent-or-buy rule bought one, else by GET; awsAccount is its connection when
// known ("" when not: the connections of the buckets it GETs then tell which
// listing to page). A bucket that is gone is the GET's 404.
func (r *Reads) ImportedBucket(ctx context.Context, id, awsAccount string) (*buckt.Bucket, error) {
	return r.buckets.read(ctx, id, awsAccount)
}
