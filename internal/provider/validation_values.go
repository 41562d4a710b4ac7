package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/buckt/terraform-provider-buckt/internal/buckt"
)

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

// planned is what an apply will leave in these values, so that the plan is
// exact where it can be and unknown only where the apply decides:
//   - without an update, the prior values stay;
//   - an update that validates (wantActive) ends active or fails, so status is
//     known; aws_account_id stays unless the role changes or was never known;
//     last_validated_at moves;
//   - any other update leaves them to the API.
func (prior validationValues) planned(updating, wantActive, roleChanges bool) validationValues {
	switch {
	case !updating:
		return prior
	case wantActive:
		next := validationValues{
			Status:          types.StringValue(buckt.StatusActive),
			AWSAccountID:    prior.AWSAccountID,
			LastValidatedAt: types.StringUnknown(),
		}
		if roleChanges || prior.AWSAccountID.IsNull() {
			next.AWSAccountID = types.StringUnknown()
		}
		return next
	}
	return validationValues{Status: types.StringUnknown(), AWSAccountID: types.StringUnknown(), LastValidatedAt: types.StringUnknown()}
}

// drifted reports whether a connection that should be active is not: a refresh
// found its role broken or changed outside Terraform.
func (prior validationValues) drifted(wantActive bool) bool {
	return wantActive && prior.Status.ValueString() != buckt.StatusActive
}
