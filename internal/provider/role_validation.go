package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
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
}

// validateRole validates the account's role, retrying validation failures (422)
// until window has passed. Errors a retry cannot fix (auth, not found, bad
// request) end it at once.
func validateRole(ctx context.Context, client *buckt.Client, accountID string, window time.Duration) validationOutcome {
	start := time.Now()
	windowCtx, cancel := context.WithTimeout(ctx, window)
	defer cancel()

	wait := validationFirstWait
	var lastErr error
	for attempt := 1; ; attempt++ {
		err := client.ValidateAWSAccount(windowCtx, accountID)
		if windowCtx.Err() != nil && lastErr != nil {
			// The window closed mid-request: the previous answer is the informative one.
			return validationOutcome{attempts: attempt - 1, elapsed: time.Since(start), err: lastErr}
		}
		if err == nil || !errors.Is(err, buckt.ErrValidation) {
			return validationOutcome{attempts: attempt, elapsed: time.Since(start), err: err}
		}
		lastErr = err
		if time.Until(start.Add(window)) < wait {
			return validationOutcome{attempts: attempt, elapsed: time.Since(start), err: err}
		}
		tflog.Info(ctx, "IAM role not assumable yet; retrying validation", map[string]any{
			"aws_account": accountID, "attempt": attempt, "wait": wait.String(), "error": err.Error(),
		})
		select {
		case <-windowCtx.Done():
			return validationOutcome{attempts: attempt, elapsed: time.Since(start), err: err}
		case <-time.After(wait):
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
	var apiErr *buckt.APIError
	message := outcome.err.Error()
	if errors.As(outcome.err, &apiErr) {
		message = apiErr.Message
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
		roleARN, accountID, outcome.attempts, outcome.elapsed.Round(time.Second), message, externalIDText)
}
