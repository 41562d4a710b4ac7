package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

// awsAccountFields are the attributes every AWS account schema (resource, data
// sources) takes from the API.
type awsAccountFields struct {
	ID         types.String `tfsdk:"id"`
	Label      types.String `tfsdk:"label"`
	RoleARN    types.String `tfsdk:"role_arn"`
	StackID    types.String `tfsdk:"stack_id"`
	ExternalID types.String `tfsdk:"external_id"`
	CreatedAt  types.String `tfsdk:"created_at"`
	UpdatedAt  types.String `tfsdk:"updated_at"`
	validationValues
}

// awsAccountFromAPI is the one mapper from the API's AWS account to Terraform
// values: Create, Read, Update, import and the data sources all end here, so state
// holds exactly what the API returned.
func awsAccountFromAPI(a *buckt.AWSAccount) awsAccountFields {
	return awsAccountFields{
		ID:               types.StringValue(a.ID),
		Label:            types.StringPointerValue(a.Label),
		RoleARN:          types.StringPointerValue(a.RoleARN),
		StackID:          types.StringPointerValue(a.StackID),
		ExternalID:       types.StringValue(a.ExternalID),
		CreatedAt:        types.StringValue(a.CreatedAt),
		UpdatedAt:        types.StringValue(a.UpdatedAt),
		validationValues: validationFromAPI(a),
	}
}

// Descriptions of the attributes the AWS account resource and data sources share.
const (
	descAWSAccountConnectionID = "Buckt id of the AWS account connection, e.g. `awa_01H8XYZABCDEFGHJKMNPQRSTVW`."
	descAWSAccountID           = "The 12-digit AWS account id of the connected role, e.g. `111122223333`. Set by Buckt " +
		"from the role ARN when the role is first validated; null before that."
	descExternalID = "External id Buckt generated for this connection, e.g. `ext_aBcD1234`. The IAM role's trust " +
		"policy must require it as `sts:ExternalId`. It never changes for this connection."
	descStatus = "Connection status: `pending` (no role yet, or a new role not yet validated), `active` (the role " +
		"was assumed and its permissions probed) or `failed` (the last validation failed)."
	descLastValidatedAt = "Time of the last successful validation (RFC 3339, e.g. `2026-04-25T12:34:56Z`); null if never."
	descCreatedAt       = "Time the connection was created (RFC 3339), e.g. `2026-03-01T08:00:00Z`."
	descUpdatedAt       = "Time the connection last changed in Buckt (RFC 3339), e.g. `2026-04-25T12:34:56Z`."
	descLabelComputed   = "Human-readable label, e.g. `production`; null if none."
	descRoleARNComputed = "ARN of the IAM role Buckt assumes in the account, e.g. " +
		"`arn:aws:iam::111122223333:role/BucktAccess`; null if none."
	descStackIDComputed = "ARN of the CloudFormation stack that deployed the role, e.g. " +
		"`arn:aws:cloudformation:us-east-1:111122223333:stack/Buckt/0a1b2c3d`; null if none."
)
