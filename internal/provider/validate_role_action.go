package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/action/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
	"github.com/buckt/terraform-provider-buckt/internal/clock"
	"github.com/buckt/terraform-provider-buckt/internal/reads"
)

var _ action.ActionWithConfigure = (*validateRoleAction)(nil)

// validateRoleAction is the action `buckt_validate_role`: it validates a
// connection's IAM role again, with the resources' retry window and messages,
// when a user invokes it or a resource's lifecycle triggers it (say, after the
// role's policies changed).
type validateRoleAction struct {
	actionClient
}

type validateRoleActionModel struct {
	AWSAccount types.String `tfsdk:"aws_account"`
	Timeout    types.String `tfsdk:"timeout"`
}

func newValidateRoleAction() action.Action { return &validateRoleAction{} }

func (a *validateRoleAction) Metadata(_ context.Context, req action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_validate_role"
}

func (a *validateRoleAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Validates the IAM role attached to an AWS account connection again, as " +
			"`buckt_aws_account` and `buckt_aws_account_role` do when they attach it: Buckt assumes the role and " +
			"probes its permissions, retried while IAM propagates a change, with a progress message per attempt. " +
			"Run it with `terraform apply -invoke=action.buckt_validate_role.<name>`, or from a resource's " +
			"`lifecycle { action_trigger { ... } }`, e.g. after the role's policies change. Needs Terraform 1.14 " +
			"or later. The action changes nothing itself; Buckt records the outcome in the connection's `status` " +
			"(`active`, or `failed`), which the resources read at their next refresh.",
		Attributes: map[string]schema.Attribute{
			"aws_account": schema.StringAttribute{
				MarkdownDescription: "The connection whose role to validate: its Buckt id, e.g. " +
					"`buckt_aws_account.production.id` (`awa_...`), or the 12-digit AWS account id of a connection " +
					"validated before, e.g. `\"111122223333\"`. The connection must have a role attached.",
				Required:   true,
				Validators: []validator.String{connectionKeyValidator()},
			},
			"timeout": schema.StringAttribute{
				MarkdownDescription: "How long to keep retrying a validation that fails, e.g. `\"5m\"` or `\"30s\"`: " +
					"a role changed moments ago can take a minute to become assumable. Default `\"2m\"`.",
				Optional:   true,
				Validators: []validator.String{durationValidator()},
			},
		},
	}
}

// Invoke resolves the connection and validates its role again, sending a
// progress message per attempt.
func (a *validateRoleAction) Invoke(ctx context.Context, req action.InvokeRequest, resp *action.InvokeResponse) {
	var cfg validateRoleActionModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	window := defaultValidationWindow
	if !cfg.Timeout.IsNull() {
		var err error
		if window, err = parseDuration(cfg.Timeout.ValueString()); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("timeout"), "Invalid duration", "Attribute timeout "+err.Error())
			return
		}
	}
	key := cfg.AWSAccount.ValueString()
	id, err := a.reads.ResolveAWSAccount(ctx, key)
	switch {
	case ctx.Err() != nil:
		addInterrupted(&resp.Diagnostics, key, interruptedBeforeRead)
		return
	case err != nil:
		resp.Diagnostics.AddError(summaryRevalidation, fmt.Sprintf("aws_account = %q: %s. Set aws_account to "+
			"the connection's awa_ id instead.", key, err))
		return
	}
	progress := func(message string) {
		if ctx.Err() == nil { // once interrupted, Terraform no longer listens
			resp.SendProgress(action.InvokeProgressEvent{Message: message})
		}
	}
	roleRevalidation{api: a.client, clock: clock.Real{}}.run(ctx, id, window, progress, &resp.Diagnostics)
}

// summaryRevalidation is the summary of the action's errors.
const summaryRevalidation = "The IAM role of the AWS account connection could not be validated"

// roleRevalidation is what the action does once it knows the connection:
// read it, validate its role, tell how that went. Unit tests stub its API and
// clock.
type roleRevalidation struct {
	api   accountAPI
	clock clock.Clock
}

// run validates the role of connection id again, retrying within window and
// telling progress about every attempt that will be retried.
func (v roleRevalidation) run(ctx context.Context, id string, window time.Duration, progress func(string),
	diags *diag.Diagnostics) {
	account, err := reads.FindRoleAttachment(ctx, v.api.GetAWSAccount, id)
	switch {
	case ctx.Err() != nil:
		addInterrupted(diags, id, interruptedBeforeRead)
		return
	case errors.Is(err, reads.ErrNoRoleAttached):
		diags.AddError("No IAM role to validate", fmt.Sprintf("AWS account connection %s has no IAM role attached, "+
			"so there is nothing to validate. Attach a role first: role_arn on buckt_aws_account, or a "+
			"buckt_aws_account_role resource; then run the action again.", id))
		return
	case err != nil:
		addAPIError(diags, summaryRevalidation, id, err, "")
		return
	}
	roleARN := *account.RoleARN
	progress(fmt.Sprintf("validating role %s of %s (status %s), retrying for up to %s", roleARN, id, account.Status, window))
	outcome := validateRoleNotifying(ctx, v.clock, v.api.ValidateAWSAccount, id, window, func(r validationRetry) {
		progress(fmt.Sprintf("attempt %d: %s; retrying in %s", r.attempt, apiMessage(r.err), r.wait))
	})
	switch {
	case ctx.Err() != nil:
		addInterrupted(diags, id, interruptedState(roleARN, account, outcome))
	case errors.Is(outcome.err, buckt.ErrValidation):
		diags.AddError(summaryRevalidation, validationFailureDetail(id, account.ExternalID, roleARN, outcome)+"\n\n"+
			"Buckt marked the connection failed; the action changed nothing else. The action's retry window is its "+
			"timeout argument (default \"2m\"), e.g. timeout = \"5m\". Fix the role, then run the action again.")
	case outcome.err != nil:
		addAPIError(diags, summaryRevalidation, id, outcome.err, "")
	default:
		progress(fmt.Sprintf("role %s of %s validated: status %s", roleARN, id, buckt.StatusActive))
	}
}

// interruptedBeforeRead is where an action interrupted before its first
// request stopped.
const interruptedBeforeRead = "before it read the connection: no validation was sent, so nothing changed."

// interruptedState says where an interrupted validation left the connection:
// the action changes nothing itself, but Buckt records each validation it
// answered.
func interruptedState(roleARN string, account *buckt.AWSAccount, outcome validationOutcome) string {
	state := fmt.Sprintf("after %s, validating the role %s. The action changed nothing on the connection: "+
		"role_arn and external_id are as they were, and its status was %s when the action started; only Buckt, "+
		"answering the validations it received, may have changed that status (a failed validation marks the "+
		"connection failed, a successful one active)", outcome.elapsed.Round(time.Second), roleARN, account.Status)
	var apiErr *buckt.APIError
	if errors.As(outcome.err, &apiErr) {
		state += fmt.Sprintf(". Its last answer, to attempt %d, was: %s", outcome.attempts, apiErr.Message)
	}
	return state + "."
}

// addInterrupted reports that Terraform stopped the action (Ctrl-C): no
// verdict on the role, where that left the connection, and how to go on.
func addInterrupted(diags *diag.Diagnostics, connection, where string) {
	diags.AddError("Validation of the IAM role interrupted", fmt.Sprintf("Terraform was interrupted, so "+
		"buckt_validate_role stopped validating AWS account connection %s %s\n\nThe role was found neither valid "+
		"nor invalid. To continue, run the action again: terraform apply -invoke=action.buckt_validate_role.<name>, "+
		"or the apply that triggers it.", connection, where))
}
