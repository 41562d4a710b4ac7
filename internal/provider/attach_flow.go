package provider

import (
	"context"
	"time"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// accountAPI is what the attach flow calls; *buckt.Client has it, and unit tests
// stub it.
type accountAPI interface {
	UpdateAWSAccount(ctx context.Context, id string, update buckt.AWSAccountUpdate) error
	ValidateAWSAccount(ctx context.Context, id string) error
	GetAWSAccount(ctx context.Context, id string) (*buckt.AWSAccount, error)
}

// attachFlow is the one way buckt_aws_account and buckt_aws_account_role put a
// role on a connection: PATCH, validate, read back. It reports what happened and
// leaves to its caller what to save and what to say.
type attachFlow struct {
	api   accountAPI
	clock clock
}

func newAttachFlow(client *buckt.Client) attachFlow {
	return attachFlow{api: client, clock: wallClock{}}
}

// attachRequest is what one run of the flow does.
type attachRequest struct {
	accountID string
	patch     *buckt.AWSAccountUpdate // nil: nothing to send
	validate  bool
	window    time.Duration // how long validation is retried
	// readAfterFailedPatch reads the account back even when the PATCH fails, for a
	// create that must save the record it made. A failed validation is always read
	// back: the connection's external_id belongs in its error.
	readAfterFailedPatch bool
}

// attachStep names the step of the flow that failed.
type attachStep int

const (
	attachSucceeded attachStep = iota
	attachPatchFailed
	attachValidateFailed
	attachReadFailed
)

// attachResult is what a run of the flow did.
type attachResult struct {
	failed     attachStep
	err        error             // the failed step's error; nil when failed is attachSucceeded
	validation validationOutcome // zero when validation did not run
	// account is the connection as read back at the end: after success, or after
	// a failed step as far as it could be read. nil if the read failed or was not
	// reached.
	account *buckt.AWSAccount
}

// run does PATCH (when there is one), then validation (when asked), then one
// GET, which a failed step does not skip (see attachRequest) so that callers can
// save what exists.
func (f attachFlow) run(ctx context.Context, req attachRequest) attachResult {
	var res attachResult
	if req.patch != nil {
		if err := f.api.UpdateAWSAccount(ctx, req.accountID, *req.patch); err != nil {
			res.failed, res.err = attachPatchFailed, err
			if req.readAfterFailedPatch {
				res.account = f.readBack(ctx, req.accountID)
			}
			return res
		}
	}
	if req.validate {
		res.validation = validateRole(ctx, f.clock, f.api.ValidateAWSAccount, req.accountID, req.window)
		if res.validation.err != nil {
			res.failed, res.err = attachValidateFailed, res.validation.err
			res.account = f.readBack(ctx, req.accountID)
			return res
		}
	}
	account, err := f.api.GetAWSAccount(ctx, req.accountID)
	if err != nil {
		res.failed, res.err = attachReadFailed, err
		return res
	}
	res.account = account
	return res
}

// readBack is the account after a failed step, nil if it cannot be read: the
// step's error is the one to report.
func (f attachFlow) readBack(ctx context.Context, id string) *buckt.AWSAccount {
	account, err := f.api.GetAWSAccount(ctx, id)
	if err != nil {
		return nil
	}
	return account
}

// externalID is the read-back connection's external_id, or "" without one.
func (res attachResult) externalID() string {
	if res.account == nil {
		return ""
	}
	return res.account.ExternalID
}
