package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/clock"
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
	clock clock.Clock
}

func newAttachFlow(client *buckt.Client) attachFlow {
	return attachFlow{api: client, clock: clock.Real{}}
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
	// restore, when set, puts the previous role back after the new one failed
	// validation, and validates it again: a failed role change must leave a
	// working connection working (see restorePatch).
	restore *buckt.AWSAccountUpdate
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
	// restored is how putting the previous role back went, when validation
	// failed and the request had a restore; nil otherwise.
	restored *restoreOutcome
}

// restoreOutcome is how putting the previous role back went: err is nil when
// it is back and validated again.
type restoreOutcome struct {
	err error
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
			if req.restore != nil && !res.validation.interrupted {
				res.restored = f.restore(ctx, req)
			}
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

// restore puts the previous role back with req.restore and validates it again,
// within the same window: that role was working a moment ago.
func (f attachFlow) restore(ctx context.Context, req attachRequest) *restoreOutcome {
	if err := f.api.UpdateAWSAccount(ctx, req.accountID, *req.restore); err != nil {
		return &restoreOutcome{err: err}
	}
	return &restoreOutcome{err: validateRole(ctx, f.clock, f.api.ValidateAWSAccount, req.accountID, req.window).err}
}

// restorePatch is the PATCH that puts the prior role and stack back after a
// change to plan's, or nil when there is nothing to put back: the role does not
// change, or there was none (a connection without a role had nothing working).
func restorePatch(priorRole, priorStack, planRole, planStack types.String) *buckt.AWSAccountUpdate {
	if priorRole.IsNull() || priorRole.IsUnknown() || priorRole.Equal(planRole) {
		return nil
	}
	var restore buckt.AWSAccountUpdate
	setPatch(&restore.RoleARN, planRole, priorRole)
	setPatch(&restore.StackID, planStack, priorStack)
	return &restore
}

// restoreReport says, for the error of a failed role change, where putting the
// previous role back left the connection; "" when no restore was tried.
func (res attachResult) restoreReport(id, priorRole string) string {
	switch {
	case res.restored == nil:
		return ""
	case res.restored.err == nil:
		return fmt.Sprintf("The previous role %s was put back on %s and validated again: the connection works as it "+
			"did before this apply, and Terraform's state records that role. Fix the new role, then apply again: the "+
			"next plan proposes it again.", priorRole, id)
	}
	holds := "Terraform's state records what Buckt now holds"
	if res.account != nil {
		holds = fmt.Sprintf("Buckt now holds role %s with status %s, and Terraform's state records that",
			stringOrNone(res.account.RoleARN), res.account.Status)
	}
	return fmt.Sprintf("Putting the previous role %s back failed too:\n\n  %s\n\n%s. Fix the new role or the previous "+
		"one, then apply again.", priorRole, apiMessage(res.restored.err), holds)
}

// stringOrNone is *s, or "(none)" for nil.
func stringOrNone(s *string) string {
	if s == nil {
		return "(none)"
	}
	return *s
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
