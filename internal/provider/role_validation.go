package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/clock"
)

// A new IAM role is not assumable for several seconds (IAM is eventually
// consistent) and AWS answers AccessDenied alike for "not yet" and "never", so a
// failed validation is retried until the timeouts window closes. The first retry
// comes fast and the wait is capped, so even a short window gets several tries.
const (
	validationFirstWait = 1 * time.Second
	validationMaxWait   = 10 * time.Second
)

// defaultValidationWindow is the default of the create/update timeouts.
const defaultValidationWindow = 2 * time.Minute

// validationTimeoutsBlock is the timeouts block of both resources that validate
// a role: create and update bound how long validation is retried.
func validationTimeoutsBlock(ctx context.Context) schema.Block {
	return timeouts.Block(ctx, timeouts.Opts{
		Create: true, Update: true,
		CreateDescription: "How long to keep retrying the role's validation on create, e.g. `\"5m\"`. Default `2m`.",
		UpdateDescription: "How long to keep retrying the role's validation on update, e.g. `\"5m\"`. Default `2m`.",
	})
}

// validationOutcome is what validateRole did: how often and for how long it
// tried, and the last error (nil on success).
type validationOutcome struct {
	attempts int
	elapsed  time.Duration
	err      error
	// interrupted is set when the caller's context ended (Terraform was
	// interrupted): err is then the last answer, which says nothing final.
	interrupted bool
}

// validationRetry is what validateRoleNotifying reports before each wait: the
// attempt that failed, its answer, and how long until the next attempt.
type validationRetry struct {
	attempt int
	err     error
	wait    time.Duration
}

// validateRole validates the account's role with validate, retrying
// validation failures (422) until window has passed on clk. Errors a retry
// cannot fix (auth, not found, bad request) end it at once.
func validateRole(ctx context.Context, clk clock.Clock, validate func(ctx context.Context, accountID string) error,
	accountID string, window time.Duration) validationOutcome {
	return validateRoleNotifying(ctx, clk, validate, accountID, window, nil)
}

// validateRoleNotifying is validateRole that also calls onRetry, unless it is
// nil, before each wait: for the buckt_validate_role action's progress messages.
func validateRoleNotifying(ctx context.Context, clk clock.Clock, validate func(ctx context.Context, accountID string) error,
	accountID string, window time.Duration, onRetry func(validationRetry)) validationOutcome {
	start := clk.Now()
	deadline := start.Add(window)
	windowCtx, cancel := clk.WithDeadline(ctx, deadline)
	defer cancel()
	outcome := func(attempts int, err error) validationOutcome {
		return validationOutcome{attempts: attempts, elapsed: clk.Now().Sub(start), err: err, interrupted: ctx.Err() != nil}
	}

	wait := validationFirstWait
	var lastErr error
	for attempt := 1; ; attempt++ {
		err := validate(windowCtx, accountID)
		if windowCtx.Err() != nil && lastErr != nil {
			// The window closed mid-request: the previous answer is the informative one.
			return outcome(attempt-1, lastErr)
		}
		if err == nil || !errors.Is(err, buckt.ErrValidation) {
			return outcome(attempt, err)
		}
		lastErr = err
		if deadline.Sub(clk.Now()) < wait {
			return outcome(attempt, err)
		}
		tflog.Info(ctx, "IAM role not assumable yet; retrying validation", map[string]any{
			"aws_account": accountID, "attempt": attempt, "wait": wait.String(), "error": err.Error(),
		})
		if onRetry != nil {
			onRetry(validationRetry{attempt: attempt, err: err, wait: wait})
		}
		if clk.Sleep(windowCtx, wait) != nil {
			return outcome(attempt, err)
		}
		wait = min(wait*2, validationMaxWait)
	}
}

// validationFailureDetail explains a validation that finally failed: the AWS
// message verbatim, how long it was retried, and the likely causes with fixes.
func validationFailureDetail(accountID, externalID, roleARN string, outcome validationOutcome) string {
	externalIDText := "this connection's external_id"
	if externalID != "" {
		externalIDText = fmt.Sprintf("%q (this connection's external_id, not another connection's)", externalID)
	}
	return fmt.Sprintf("Buckt could not use the IAM role %s for AWS account connection %s. It tried %d time(s) over %s; "+
		"the last answer was:\n\n  %s\n\n"+
		"Check, in this order:\n"+
		"  - the role's trust policy allows Buckt's AWS principal (principal_arn, as the Buckt dashboard shows it) "+
		"to call sts:AssumeRole;\n"+
		"  - its Condition requires sts:ExternalId = %s;\n"+
		"  - the role's permissions allow s3:ListAllMyBuckets and s3:GetBucketLocation (the buckt_aws_iam_policy "+
		"data source writes both policy documents);\n"+
		"  - a role created moments ago can take a minute to become assumable: a longer "+
		"timeouts { create = \"5m\" update = \"5m\" } waits for it.",
		roleARN, accountID, outcome.attempts, outcome.elapsed.Round(time.Second), apiMessage(outcome.err), externalIDText)
}

// apiMessage is the API's own message of err, verbatim (for AWS's, users
// search for it), or err's text when the API did not answer.
func apiMessage(err error) string {
	var apiErr *buckt.APIError
	if errors.As(err, &apiErr) {
		return apiErr.Message
	}
	return err.Error()
}

// interruptedValidationDetail explains a validation that Terraform interrupted
// (Ctrl-C): no verdict on the role, the last answer if any, and how to go on.
func interruptedValidationDetail(accountID, roleARN string, outcome validationOutcome) string {
	last := "no answer had come yet"
	if outcome.attempts > 0 && outcome.err != nil && errors.Is(outcome.err, buckt.ErrValidation) {
		last = "the last answer was:\n\n  " + apiMessage(outcome.err)
	}
	return fmt.Sprintf("Terraform was interrupted while Buckt validated the IAM role %s of AWS account connection %s. "+
		"It stopped after %d attempt(s) over %s, so the role was found neither valid nor invalid; %s\n\n"+
		"The role is attached to the connection, which is pending or failed until a validation succeeds. To "+
		"continue, run terraform apply again: it validates the role again.",
		roleARN, accountID, outcome.attempts, outcome.elapsed.Round(time.Second), last)
}

// validationValues are the computed attributes that validating a role drives,
// shared by buckt_aws_account and buckt_aws_account_role.
type validationValues struct {
	Status          types.String `tfsdk:"status"`
	AWSAccountID    types.String `tfsdk:"aws_account_id"`
	LastValidatedAt types.String `tfsdk:"last_validated_at"`
}

func validationFromAPI(a *buckt.AWSAccount) validationValues {
	return validationValues{
		Status:          types.StringValue(a.Status),
		AWSAccountID:    types.StringPointerValue(a.AWSAccountID),
		LastValidatedAt: types.StringPointerValue(a.LastValidatedAt),
	}
}

// needsValidation reports whether an apply validates the role: only where
// active is the goal, and then only for a new role or a status that drifted
// from active (the role broke or changed outside Terraform). Anything else, a
// label or a Terraform-only setting, never validates.
func (prior validationValues) needsValidation(wantActive, roleChanges bool) bool {
	return wantActive && (roleChanges || prior.Status.ValueString() != buckt.StatusActive)
}

// planned is what an apply will leave in these values, so that the plan is
// exact where it can be and unknown only where the apply decides:
//   - a validation ends active (or fails the apply); aws_account_id stays
//     unless the role changes or was never known; last_validated_at moves;
//   - a new role without validation leaves them to the API;
//   - anything else leaves them as they are.
func (prior validationValues) planned(validates, roleChanges bool) validationValues {
	switch {
	case validates:
		next := validationValues{
			Status:          types.StringValue(buckt.StatusActive),
			AWSAccountID:    prior.AWSAccountID,
			LastValidatedAt: types.StringUnknown(),
		}
		if roleChanges || prior.AWSAccountID.IsNull() {
			next.AWSAccountID = types.StringUnknown()
		}
		return next
	case roleChanges:
		return validationValues{Status: types.StringUnknown(), AWSAccountID: types.StringUnknown(), LastValidatedAt: types.StringUnknown()}
	}
	return prior
}

// keepPlanned is got with every value the plan knew kept as planned. Between
// plan and apply Buckt may change a value no step of this apply touched (say,
// a validation of its own); Terraform would reject the apply for it, and the
// next refresh reads it anyway.
func keepPlanned(got, planned validationValues) validationValues {
	for _, pair := range []struct{ got, planned *types.String }{
		{&got.Status, &planned.Status}, {&got.AWSAccountID, &planned.AWSAccountID}, {&got.LastValidatedAt, &planned.LastValidatedAt},
	} {
		if !pair.planned.IsUnknown() {
			*pair.got = *pair.planned
		}
	}
	return got
}
