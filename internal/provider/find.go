package provider

import (
	"context"
	"fmt"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// The finders read what a resource manages and say, in one place each, when it
// no longer exists. "Not found" is always an error buckt.IsNotFound
// recognises, whichever reader answered, so a Read drops the resource and an
// ImportState refuses it on the same rule.

// getAWSAccount reads one connection by its awa_ id, answering a 404
// *buckt.APIError when there is none: *buckt.Client's GetAWSAccount (one GET
// each), or apiReads.getAWSAccount, the batched reader of refreshes, which
// keeps a refresh within the budget of batched_reads.go.
type getAWSAccount func(ctx context.Context, id string) (*buckt.AWSAccount, error)

// errNoRoleAttached is findRoleAttachment's "not found" for a connection that
// exists with no IAM role attached: a role detached outside Terraform is a gone
// attachment. It wraps buckt.ErrNotFound, so buckt.IsNotFound takes it for gone
// like a 404 of the connection, while errors.Is(err, errNoRoleAttached) tells
// the two apart. It is no *buckt.APIError: the API answered 200, so
// addAPIError must never show it as an HTTP status.
var errNoRoleAttached = fmt.Errorf("the connection has no IAM role attached: %w", buckt.ErrNotFound)

// findAWSAccount returns connection id as get reads it; a connection that does
// not exist is an error buckt.IsNotFound recognises.
func findAWSAccount(ctx context.Context, get getAWSAccount, id string) (*buckt.AWSAccount, error) {
	return get(ctx, id)
}

// findRoleAttachment returns connection id when it has an IAM role attached,
// the one thing a buckt_aws_account_role manages. Without a role it returns
// errNoRoleAttached; a connection that does not exist is findAWSAccount's 404.
func findRoleAttachment(ctx context.Context, get getAWSAccount, id string) (*buckt.AWSAccount, error) {
	account, err := findAWSAccount(ctx, get, id)
	if err != nil {
		return nil, err
	}
	if !hasRoleAttached(account) {
		return nil, errNoRoleAttached
	}
	return account, nil
}

// hasRoleAttached tells whether a connection is a role attachment.
func hasRoleAttached(account *buckt.AWSAccount) bool { return account.RoleARN != nil }
