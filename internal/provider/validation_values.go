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
